// graph/handoff.ts: handing buffers off to another thread's node. Models: src/vlib/handoff.c
// (vlib_buffer_enqueue_to_thread, vlib_handoff_enqueue_one_thread, vlib_handoff_queues_dequeue,
// vlib_handoff_queue_dequeue_inline), src/vlib/handoff.h (VLIB_HANDOFF_QUEUE_DEFAULT_*).
//
// VPP keeps one MPSC ring of 32-buffer slots per (queue, target thread). vppsim keeps one SPSC
// ring of buffer indices per (queue, target, producer): the same guarantees (per-producer order,
// a full ring drops and counts), no CAS on the hot path. The target learns of work from its
// pending bitmap and is woken when a ring goes from empty to non-empty, as in VPP.
//
//   ring: [head][tail][dropped][ ][ idx idx idx … size entries ]   head/tail count entries

import type { Frame } from './frame.js';
import { FrameFlag, VLIB_FRAME_SIZE } from './frame.js';
import type { VlibMain } from './main-loop.js';
import type { NodeIndex } from './node.js';
import { kHandoffPending, kHoDropped, kHoHead, kHoHeaderWords, kHoTail } from './shared-layout.js';

/** Buffers dequeued per queue per loop before yielding to other work (`2 * VLIB_FRAME_SIZE`). */
export const HANDOFF_DEQUEUE_VECTOR_LIMIT = 2 * VLIB_FRAME_SIZE;
/** Loops that may not sleep after a dequeue (`file_poll_no_sleep_epolls = 512`). */
export const HANDOFF_NO_SLEEP_EPOLLS = 512;

/** A view of one handoff ring (one queue, one target, one producer). */
export class HandoffRing {
  private readonly mask: number;
  private readonly data: number;

  constructor (private readonly i32: Int32Array, private readonly base: number, readonly size: number) {
    this.mask = size - 1;
    this.data = base + kHoHeaderWords;
  }

  /** Producer: appends up to `n` of `buffers[from…]`; returns how many fit. */
  push (buffers: Uint32Array, from: number, n: number): number {
    const i32 = this.i32;
    const tail = i32[this.base + kHoTail] as number;
    const head = Atomics.load(i32, this.base + kHoHead);
    const room = this.size - ((tail - head) | 0);
    const k = n < room ? n : room;
    for (let i = 0; i < k; i++) i32[this.data + ((tail + i) & this.mask)] = buffers[from + i] as number;
    Atomics.store(i32, this.base + kHoTail, (tail + k) | 0);
    return k;
  }

  /** True if the ring holds nothing (as the producer sees it before pushing). */
  isEmpty (): boolean {
    return Atomics.load(this.i32, this.base + kHoHead) === Atomics.load(this.i32, this.base + kHoTail);
  }

  /** Consumer: moves up to `max` entries into `dst[at…]`; returns how many. */
  drainInto (dst: Uint32Array, at: number, max: number): number {
    const i32 = this.i32;
    const head = i32[this.base + kHoHead] as number;
    const tail = Atomics.load(i32, this.base + kHoTail);
    const avail = (tail - head) | 0;
    const k = avail < max ? avail : max;
    for (let i = 0; i < k; i++) dst[at + i] = i32[this.data + ((head + i) & this.mask)] as number;
    Atomics.store(i32, this.base + kHoHead, (head + k) | 0);
    return k;
  }

  /** Buffers dropped because the ring was full (`hq->n_dropped`). */
  get dropped (): number { return Atomics.load(this.i32, this.base + kHoDropped) >>> 0; }
  /** Counts `n` drops. */
  countDropped (n: number): void { Atomics.add(this.i32, this.base + kHoDropped, n); }
}

/**
 * Hands `n` buffers to node `node` on the threads `threads[i]` (buffers for this thread too go
 * through the queue, as in VPP). A full ring drops the rest: counted, and passed to
 * `vm.dropBuffers`. Sets the target's pending bit and wakes it if its ring was empty. Returns
 * buffers enqueued. Models: handoff.c vlib_buffer_enqueue_to_thread.
 */
export function vlibBufferEnqueueToThread (vm: VlibMain, node: NodeIndex, buffers: Uint32Array, threads: Uint16Array, n: number): number {
  const q = vm.graph.handoffQueueOf[node] as number;
  if (q < 0) throw new RangeError(`node ${vm.graph.nodes[node]?.name} has no handoff queue`);
  let enq = 0;
  let i = 0;
  while (i < n) {
    // a run of buffers for the same thread
    const t = threads[i] as number;
    let j = i + 1;
    while (j < n && threads[j] === t) j++;
    const ring = vm.handoffProducerRing(q, t);
    const wasEmpty = ring.isEmpty();
    const k = ring.push(buffers, i, j - i);
    enq += k;
    if (k < j - i) {
      ring.countDropped(j - i - k);
      vm.dropBuffers?.(buffers, i + k, j - i - k);
    }
    if (k > 0) {
      Atomics.or(vm.shared.i32, vm.shared.layout.threadBase(t) + kHandoffPending, 1 << q);
      if (wasEmpty && t !== vm.threadIndex) vm.wakeThread(t);
    }
    i = j;
  }
  return enq;
}

/**
 * Loop step 2 on the target: takes the pending bitmap and drains each pending queue, from every
 * producer, into frames for its node (up to 512 buffers per queue per loop; more left sets the
 * bit again); after any dequeue the thread may not sleep for 512 polls.
 * Models: handoff.c vlib_handoff_queues_dequeue_fn, vlib_handoff_queue_dequeue_inline.
 */
export function handoffQueuesDequeue (vm: VlibMain): void {
  const i32 = vm.shared.i32;
  const word = vm.shared.layout.threadBase(vm.threadIndex) + kHandoffPending;
  let bits = Atomics.exchange(i32, word, 0);
  let nDeq = 0;
  while (bits !== 0) {
    const q = 31 - Math.clz32(bits & -bits);
    bits &= bits - 1;
    const node = vm.graph.handoffNodes[q] as NodeIndex;
    let nq = 0;
    let f: Frame | null = null;
    for (let p = 0; p < vm.nThreads && nq < HANDOFF_DEQUEUE_VECTOR_LIMIT; p++) {
      const ring = vm.handoffConsumerRing(q, p);
      for (;;) {
        if (f === null) f = vm.getFrameToNode(node);
        const k = ring.drainInto(f.vectors, f.nVectors, Math.min(VLIB_FRAME_SIZE - f.nVectors, HANDOFF_DEQUEUE_VECTOR_LIMIT - nq));
        f.nVectors += k;
        nq += k;
        if (f.nVectors === VLIB_FRAME_SIZE) { vm.putFrameToNode(node, f); f = null; }
        if (k === 0 || nq >= HANDOFF_DEQUEUE_VECTOR_LIMIT) break;
      }
    }
    if (f !== null) {
      if (f.nVectors > 0) vm.putFrameToNode(node, f);
      else { f.flags &= ~FrameFlag.FreeAfterDispatch; vm.framePool.release(f); }
    }
    if (nq >= HANDOFF_DEQUEUE_VECTOR_LIMIT) Atomics.or(i32, word, 1 << q);
    nDeq += nq;
  }
  if (nDeq > 0) vm.files.noSleepEpolls = HANDOFF_NO_SLEEP_EPOLLS;
}
