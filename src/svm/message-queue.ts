// src/svm/message-queue.ts: svm_msg_q, VPP's unidirectional multi-ring message queue, on a
// SharedArrayBuffer. Models: src/svm/message_queue.{h,c}.
//
// A producer allocates an element on a data ring, fills it, and adds a reference
// (ring, element) to the queue; the consumer subtracts references in order, reads the element
// and frees it, in order. Signalling follows VPP exactly:
//   - the producer signals only when the queue goes from empty to non-empty (`add_raw`: the
//     fetch-add of cursize returned 0);
//   - the consumer signals when it leaves full: `sub_raw` when the pre-decrement size was
//     maxsize, `free_msg` when the ring was full.
// Both signal the same eventfd (VPP's one fd per mq), or, without one, broadcast the queue's
// condvar. Every signal is counted in the shared header.
//
// Cost (bench/svm-mq.ts on a 2-vCPU VM, node 20): one message takes ~110-120 ns of CPU on each
// side unbatched, against ~32 ns for a raw SPSC ring with the same 20-byte payload. The gap is
// VPP's design, not overhead: the signalling rule needs both sides to read-modify-write the
// shared cursizes for every message, so their cache line crosses cores twice per message, where
// a raw ring reads the other side's index only when its cached copy runs out (the same algorithm
// written inline in plain JS reaches the same ~8-9 M msg/s). Atomics calls cost 5-10 ns each in
// V8 even uncontended, so the producer checks for space with plain loads first (see
// prodOrRingIsFull). The batch extensions (allocMsgsWRing, addRawBatch, freeMsgBatch) pay the
// atomics once per batch.
//
// The shared part is laid out in message-queue-layout.ts. This file holds the view (VPP's
// private svm_msg_q_t): cached typed arrays and word indices, the ring geometry read once at
// attach, the local lock flag, and the waiter. Indices are not cached locally: they sit on their
// owner's cache line, and a second consumer may take over a queue (the main thread draining an
// app's rx mq under the barrier, application.c app_rx_mqs_epoll_del).

import { SvmError } from '../errors.js';
import { SvmEventfd, type FdNotifier } from './eventfd.js';
import {
  SVM_MQ_MAGIC, SVM_MQ_MSG_ELT_BITS, SVM_MQ_MSG_ELT_MASK, SvmMqLockKind, kMqByteLength, kMqCondSeq,
  kMqCondWaiters, kMqConsSignals, kMqCursize, kMqElsize, kMqEntryBytes, kMqEventfdOffset,
  kMqFullRejects, kMqHead, kMqLastMalformedCode, kMqLastMalformedType, kMqLock, kMqLockFailed,
  kMqLockKind, kMqMagic, kMqMalformed, kMqMaxsize, kMqNRings, kMqProdSignals, kMqQDataByte,
  kMqQDataWord, kMqRingCursize, kMqRingDesc, kMqRingDescDataByte, kMqRingDescElsize,
  kMqRingDescNitems, kMqRingDescWords, kMqRingHead, kMqRingTail, kMqTail, svmMsgQCheckCfg,
  svmMsgQRingDataByte, svmMsgQSizeToAlloc, type SvmMsgQCfg,
} from './message-queue-layout.js';
import { SvmRv } from './svm-codes.js';
import { realSvmWaiter, type SvmWaiter } from './waiter.js';

/** `svm_q_conditional_wait_t`, VPP's values. Models: src/svm/queue.h. */
export const SvmQWait = { Wait: 0, Nowait: 1, Timedwait: 2 } as const;
/** A {@link SvmQWait} value. */
export type SvmQWait = (typeof SvmQWait)[keyof typeof SvmQWait];

/** `svm_msg_q_wait_type_t`. Models: src/svm/message_queue.h. */
export const SvmMqWaitType = { Empty: 0, Full: 1 } as const;
/** A {@link SvmMqWaitType} value. */
export type SvmMqWaitType = (typeof SvmMqWaitType)[keyof typeof SvmMqWaitType];

/** Ring index of a message reference. */
export const svmMsgQMsgRing = (msg: number): number => msg >>> SVM_MQ_MSG_ELT_BITS;
/** Element index of a message reference. */
export const svmMsgQMsgElt = (msg: number): number => msg & SVM_MQ_MSG_ELT_MASK;

/** Options of an mq view. */
export interface SvmMsgQOptions {
  /** How this thread blocks (default: Atomics.wait). Also given to the eventfd view. */
  readonly waiter?: SvmWaiter;
  /** Per-realm notifier for the mq's eventfd (see {@link SvmEventfd.write}). */
  readonly notifier?: FdNotifier | null;
}

/** Spins on a shared lock before sleeping on it: threads outnumber cores here. */
const kLockSpins = 64;

/** What a producer or consumer waits for (internal). */
const kWaitEmpty = 0;
const kWaitFull = 1;
const kWaitQOrRingFull = 2;

/**
 * A view of one svm_msg_q. Message references are numbers: `ring << 24 | elt` (≥ 0), or a
 * negative code (`SvmRv`). Nothing here allocates per message.
 *
 * Concurrency contract, as VPP's: one consumer at a time (sub/free take no lock); producers
 * serialise with the lock (`lockKind`). Local-lock queues must have one producer thread.
 * Models: src/svm/message_queue.h svm_msg_q_t.
 */
export class SvmMsgQ {
  /** The whole SAB as Int32 / bytes (cached). Slots are addressed by byte offset into these. */
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  /** Int32 index of the mq's base. */
  readonly base: number;
  readonly nRings: number;
  /** `q.maxsize` (q_nitems). */
  readonly maxsize: number;
  readonly lockKind: SvmMqLockKind;
  /** The producer/consumer eventfd, or null for mutex (condvar) mode. */
  readonly eventfd: SvmEventfd | null;
  readonly waiter: SvmWaiter;
  /** Per ring: elements, bytes per element, absolute byte offset of element 0. */
  readonly ringNitems: Int32Array;
  readonly ringElsize: Int32Array;
  readonly ringDataByte: Int32Array;
  private readonly qData: number;
  private readonly cursizeWord: number;
  private readonly headWord: number;
  private readonly tailWord: number;
  private readonly lockWord: number;
  /** Futex word and waiter count signals go to: the eventfd's, or the condvar's. */
  private readonly sigSeqWord: number;
  private readonly sigWaitersWord: number;
  private localLocked = false;
  /** Per-ring scratch for {@link SvmMsgQ.freeMsgBatch} (allocated once, at attach). */
  private readonly scratchHeads: Int32Array;
  private readonly scratchCounts: Int32Array;

  /**
   * Attaches to the mq at `byteOffset` of `sab`, built by {@link SvmMsgQ.init}: the analogue of
   * `svm_msg_q_attach` plus `svm_msg_q_set_eventfd` (the eventfd's offset is in the header).
   * Throws SvmError (ERR_SVM_BAD_OBJECT) if no mq is there.
   */
  constructor (readonly sab: SharedArrayBuffer, readonly byteOffset: number, opts: SvmMsgQOptions = {}) {
    if ((byteOffset & 3) !== 0 || byteOffset < 0 || byteOffset + kMqQDataByte > sab.byteLength) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `mq offset ${byteOffset} is not a word inside the segment`);
    }
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
    const b = this.base = byteOffset >> 2;
    const i32 = this.i32;
    if (Atomics.load(i32, b + kMqMagic) !== SVM_MQ_MAGIC) throw new SvmError('ERR_SVM_BAD_OBJECT', `no message queue at offset ${byteOffset}`);
    this.nRings = i32[b + kMqNRings] as number;
    this.maxsize = i32[b + kMqMaxsize] as number;
    this.lockKind = i32[b + kMqLockKind] as SvmMqLockKind;
    this.qData = b + (i32[b + kMqQDataWord] as number);
    this.ringNitems = new Int32Array(this.nRings);
    this.ringElsize = new Int32Array(this.nRings);
    this.ringDataByte = new Int32Array(this.nRings);
    for (let r = 0; r < this.nRings; r++) {
      const d = b + kMqRingDesc + r * kMqRingDescWords;
      this.ringNitems[r] = i32[d + kMqRingDescNitems] as number;
      this.ringElsize[r] = i32[d + kMqRingDescElsize] as number;
      this.ringDataByte[r] = byteOffset + (i32[d + kMqRingDescDataByte] as number);
    }
    this.scratchHeads = new Int32Array(this.nRings);
    this.scratchCounts = new Int32Array(this.nRings);
    this.cursizeWord = b + kMqCursize;
    this.headWord = b + kMqHead;
    this.tailWord = b + kMqTail;
    this.lockWord = b + kMqLock;
    this.waiter = opts.waiter ?? realSvmWaiter;
    const efdOffset = i32[b + kMqEventfdOffset] as number;
    this.eventfd = efdOffset < 0 ? null : new SvmEventfd(sab, efdOffset, { waiter: this.waiter, notifier: opts.notifier ?? null });
    this.sigSeqWord = this.eventfd === null ? b + kMqCondSeq : this.eventfd.writesWord;
    this.sigWaitersWord = this.eventfd === null ? b + kMqCondWaiters : this.eventfd.waitersWord;
  }

  /**
   * Lays out a fresh mq at `byteOffset` (64-byte aligned, {@link svmMsgQSizeToAlloc} bytes),
   * optionally bound to the eventfd at `eventfdOffset` in the same SAB (−1: mutex mode). The lock
   * kind defaults to VPP's rule: local with an eventfd, shared without. Models:
   * src/svm/message_queue.c svm_msg_q_init.
   */
  static init (sab: SharedArrayBuffer, byteOffset: number, cfg: SvmMsgQCfg,
    opts: { readonly eventfdOffset?: number; readonly lockKind?: SvmMqLockKind } = {}): void {
    svmMsgQCheckCfg(cfg);
    const size = svmMsgQSizeToAlloc(cfg);
    if ((byteOffset & 63) !== 0 || byteOffset + size > sab.byteLength) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `mq of ${size} bytes does not fit at offset ${byteOffset}`);
    }
    const eventfdOffset = opts.eventfdOffset ?? -1;
    const i32 = new Int32Array(sab, byteOffset, size >> 2);
    i32.fill(0);
    i32[kMqNRings] = cfg.rings.length;
    i32[kMqMaxsize] = cfg.qNitems;
    i32[kMqElsize] = kMqEntryBytes;
    i32[kMqEventfdOffset] = eventfdOffset;
    i32[kMqLockKind] = opts.lockKind ?? (eventfdOffset >= 0 ? SvmMqLockKind.Local : SvmMqLockKind.Shared);
    i32[kMqByteLength] = size;
    i32[kMqQDataWord] = kMqQDataByte >> 2;
    cfg.rings.forEach((ring, r) => {
      const d = kMqRingDesc + r * kMqRingDescWords;
      i32[d + kMqRingDescNitems] = ring.nitems;
      i32[d + kMqRingDescElsize] = ring.elsize;
      i32[d + kMqRingDescDataByte] = svmMsgQRingDataByte(cfg, r);
    });
    Atomics.store(i32, kMqMagic, SVM_MQ_MAGIC);
  }

  // --- sizes ------------------------------------------------------------------------------

  /** Messages in the queue (`svm_msg_q_size`). */
  size (): number { return Atomics.load(this.i32, this.cursizeWord); }
  /** `svm_msg_q_is_full`. */
  isFull (): boolean { return Atomics.load(this.i32, this.cursizeWord) === this.maxsize; }
  /** `svm_msg_q_is_empty`. */
  isEmpty (): boolean { return Atomics.load(this.i32, this.cursizeWord) === 0; }
  /** Elements allocated on ring `r` and not yet freed. */
  ringSize (r: number): number { return Atomics.load(this.i32, this.base + kMqRingCursize + r); }
  /** `svm_msg_q_ring_is_full`. */
  ringIsFull (r: number): boolean {
    return Atomics.load(this.i32, this.base + kMqRingCursize + r) >= (this.ringNitems[r] as number);
  }
  /** `svm_msg_q_or_ring_is_full`: the queue or ring `r` is full. */
  orRingIsFull (r: number): boolean {
    return Atomics.load(this.i32, this.cursizeWord) === this.maxsize ||
      Atomics.load(this.i32, this.base + kMqRingCursize + r) >= (this.ringNitems[r] as number);
  }

  // --- lock -------------------------------------------------------------------------------

  /**
   * `svm_msg_q_try_lock`: 0 if taken, `SvmRv.MQ_LOCK_FAILED` (−1) if held (by this thread for a
   * local lock, by any thread for a shared one). Failures are counted.
   */
  tryLock (): number {
    if (this.lockKind === SvmMqLockKind.Local) {
      if (this.localLocked) return this.lockFailed();
      this.localLocked = true;
      return SvmRv.OK;
    }
    if (Atomics.compareExchange(this.i32, this.lockWord, 0, 1) === 0) return SvmRv.OK;
    return this.lockFailed();
  }

  /**
   * `svm_msg_q_lock`: takes the lock, sleeping on a shared one (a futex mutex: 0 free, 1 held,
   * 2 held with sleepers). Returns 0, or −1 when a local lock is already held by this thread,
   * where VPP's spinlock would spin for ever.
   */
  lock (): number {
    if (this.lockKind === SvmMqLockKind.Local) {
      if (this.localLocked) return SvmRv.MQ_LOCK_FAILED;
      this.localLocked = true;
      return SvmRv.OK;
    }
    const i32 = this.i32;
    const w = this.lockWord;
    for (let i = 0; i < kLockSpins; i++) if (Atomics.compareExchange(i32, w, 0, 1) === 0) return SvmRv.OK;
    let c = Atomics.exchange(i32, w, 2);
    while (c !== 0) {
      this.waiter.wait(i32, w, 2, Infinity);
      c = Atomics.exchange(i32, w, 2);
    }
    return SvmRv.OK;
  }

  /** `svm_msg_q_unlock`. */
  unlock (): void {
    if (this.lockKind === SvmMqLockKind.Local) {
      this.localLocked = false;
      return;
    }
    if (Atomics.sub(this.i32, this.lockWord, 1) !== 1) {
      Atomics.store(this.i32, this.lockWord, 0);
      Atomics.notify(this.i32, this.lockWord, 1);
    }
  }

  /**
   * {@link SvmMsgQ.orRingIsFull} for the producer holding the lock, cheaper on the usual path:
   * plain loads first. Only producers (serialised by the lock) raise the cursizes and the
   * consumer only lowers them, so a stale plain value is never below the true one: "not full"
   * from it is certain, and only "full" is confirmed with atomic loads.
   */
  private prodOrRingIsFull (r: number): boolean {
    const i32 = this.i32;
    if ((i32[this.cursizeWord] as number) < this.maxsize &&
      (i32[this.base + kMqRingCursize + r] as number) < (this.ringNitems[r] as number)) return false;
    return this.orRingIsFull(r);
  }

  /** Counts a −2; called with the lock held, so a plain increment on the producer line suffices. */
  private countFullReject (): void {
    const w = this.base + kMqFullRejects;
    this.i32[w] = (this.i32[w] as number) + 1;
  }

  private lockFailed (): number {
    Atomics.add(this.i32, this.base + kMqLockFailed, 1);
    return SvmRv.MQ_LOCK_FAILED;
  }

  // --- producer ---------------------------------------------------------------------------

  /**
   * `svm_msg_q_alloc_msg_w_ring`: takes the next element of ring `r` and returns its reference.
   * The caller holds the lock and has checked {@link SvmMsgQ.orRingIsFull}, as in VPP.
   */
  allocMsgWRing (r: number): number {
    const i32 = this.i32;
    const tw = this.base + kMqRingTail + r;
    const elt = i32[tw] as number;
    i32[tw] = elt + 1 === this.ringNitems[r] ? 0 : elt + 1;
    Atomics.add(i32, this.base + kMqRingCursize + r, 1);
    return (r << SVM_MQ_MSG_ELT_BITS) | elt;
  }

  /**
   * `svm_msg_q_alloc_msg`: an element on the first ring whose elements hold `nbytes` and that is
   * not full, or `SVM_MQ_INVALID_MSG` (−1). The caller holds the lock.
   */
  allocMsg (nbytes: number): number {
    for (let r = 0; r < this.nRings; r++) {
      if ((this.ringElsize[r] as number) < nbytes || this.ringIsFull(r)) continue;
      return this.allocMsgWRing(r);
    }
    return -1;
  }

  /**
   * `svm_msg_q_lock_and_alloc_msg_w_ring`. With `noblock`: −1 if the lock is taken, −2 if the
   * queue or ring is full (lock released), else the reference with the lock held. Blocking:
   * takes the lock and waits (up to `timeoutNs`, VPP: for ever) while the queue or ring is full;
   * `SvmRv.ETIMEDOUT` (lock released) if the time runs out. Release with
   * {@link SvmMsgQ.addAndUnlock}.
   */
  lockAndAllocMsgWRing (r: number, noblock: boolean, timeoutNs = Infinity): number {
    if (noblock) {
      if (this.tryLock() !== SvmRv.OK) return SvmRv.MQ_LOCK_FAILED;
      if (this.prodOrRingIsFull(r)) {
        this.countFullReject();
        this.unlock();
        return SvmRv.MQ_FULL;
      }
      return this.allocMsgWRing(r);
    }
    if (this.lock() !== SvmRv.OK) return SvmRv.MQ_LOCK_FAILED;
    if (this.prodOrRingIsFull(r) && this.waitWhile(kWaitQOrRingFull, r, timeoutNs, false) !== SvmRv.OK) {
      this.unlock();
      return SvmRv.ETIMEDOUT;
    }
    return this.allocMsgWRing(r);
  }

  /**
   * `svm_msg_q_add_raw`: appends reference `msg` and signals if the queue was empty. The caller
   * holds the lock and has checked the queue is not full.
   */
  addRaw (msg: number): void {
    const i32 = this.i32;
    const tw = this.tailWord;
    const t = i32[tw] as number;
    i32[this.qData + t] = msg;
    i32[tw] = t + 1 === this.maxsize ? 0 : t + 1;
    if (Atomics.add(i32, this.cursizeWord, 1) === 0) this.sendSignal(kMqProdSignals);
  }

  /**
   * `svm_msg_q_add`: locks (try-lock with `nowait`), adds, unlocks. With `nowait`: −1 if the
   * lock is taken, −2 if the queue is full. Departure from VPP: on −2 the lock is released
   * (VPP returns with it held, and the next lock of a spinlock would spin for ever). Blocking:
   * waits while full, up to `timeoutNs`.
   */
  add (msg: number, nowait: boolean, timeoutNs = Infinity): number {
    if (nowait) {
      if (this.tryLock() !== SvmRv.OK) return SvmRv.MQ_LOCK_FAILED;
    } else if (this.lock() !== SvmRv.OK) {
      return SvmRv.MQ_LOCK_FAILED;
    }
    if (this.isFull()) {
      if (nowait) {
        this.countFullReject();
        this.unlock();
        return SvmRv.MQ_FULL;
      }
      if (this.waitWhile(kWaitFull, 0, timeoutNs, false) !== SvmRv.OK) {
        this.unlock();
        return SvmRv.ETIMEDOUT;
      }
    }
    this.addRaw(msg);
    this.unlock();
    return SvmRv.OK;
  }

  /** `svm_msg_q_add_and_unlock`. */
  addAndUnlock (msg: number): void {
    this.addRaw(msg);
    this.unlock();
  }

  // --- batch extensions (not in VPP) --------------------------------------------------------
  // Each is exactly n of VPP's calls made back to back with nothing interleaved, which is one of
  // the executions VPP's own calls allow: the counters move once by n and a signal is sent if the
  // first of the n calls would have sent one. What they save is n − 1 atomic operations on the
  // shared cursize line per batch.

  /**
   * Messages the lock holder can allocate on ring `r` and add now: the smaller of the queue's
   * and the ring's free slots. Plain loads first (a stale value only understates the room),
   * atomic loads if that says 0.
   */
  prodRoom (r: number): number {
    const i32 = this.i32;
    const n = this.ringNitems[r] as number;
    let q = this.maxsize - (i32[this.cursizeWord] as number);
    let ring = n - (i32[this.base + kMqRingCursize + r] as number);
    if (q <= 0 || ring <= 0) {
      q = this.maxsize - Atomics.load(i32, this.cursizeWord);
      ring = n - Atomics.load(i32, this.base + kMqRingCursize + r);
    }
    return q < ring ? q : ring;
  }

  /**
   * `n` × {@link SvmMsgQ.allocMsgWRing} on ring `r`, references into `out[0..n)`. The caller
   * holds the lock and has checked {@link SvmMsgQ.prodRoom} ≥ n.
   */
  allocMsgsWRing (r: number, n: number, out: Int32Array): void {
    const i32 = this.i32;
    const tw = this.base + kMqRingTail + r;
    const nitems = this.ringNitems[r] as number;
    let elt = i32[tw] as number;
    const hi = r << SVM_MQ_MSG_ELT_BITS;
    for (let i = 0; i < n; i++) {
      out[i] = hi | elt;
      if (++elt === nitems) elt = 0;
    }
    i32[tw] = elt;
    Atomics.add(i32, this.base + kMqRingCursize + r, n);
  }

  /**
   * `n` × {@link SvmMsgQ.addRaw} of `msgs[0..n)`, one signal if the queue was empty. The caller
   * holds the lock and has checked there is room.
   */
  addRawBatch (msgs: Int32Array, n: number): void {
    const i32 = this.i32;
    const q = this.qData;
    const max = this.maxsize;
    let t = i32[this.tailWord] as number;
    for (let i = 0; i < n; i++) {
      i32[q + t] = msgs[i] as number;
      if (++t === max) t = 0;
    }
    i32[this.tailWord] = t;
    if (Atomics.add(i32, this.cursizeWord, n) === 0) this.sendSignal(kMqProdSignals);
  }

  // --- consumer ---------------------------------------------------------------------------

  /**
   * `svm_msg_q_sub_raw`: takes the reference at the head and signals if the queue was full.
   * The caller has checked the queue is not empty. Single consumer.
   */
  subRaw (): number {
    const i32 = this.i32;
    const hw = this.headWord;
    const h = i32[hw] as number;
    const msg = i32[this.qData + h] as number;
    i32[hw] = h + 1 === this.maxsize ? 0 : h + 1;
    if (Atomics.sub(i32, this.cursizeWord, 1) === this.maxsize) this.sendSignal(kMqConsSignals);
    return msg;
  }

  /**
   * `svm_msg_q_sub_raw_batch`: takes up to `n` references into `out` (from index 0) and returns
   * how many, signalling once if the queue was full when sampled. Single consumer.
   */
  subRawBatch (out: Int32Array, n: number): number {
    const i32 = this.i32;
    const sz = Atomics.load(i32, this.cursizeWord);
    const toDeq = sz < n ? sz : n;
    if (toDeq === 0) return 0;
    let h = i32[this.headWord] as number;
    const max = this.maxsize;
    const q = this.qData;
    for (let i = 0; i < toDeq; i++) {
      out[i] = i32[q + h] as number;
      if (++h === max) h = 0;
    }
    i32[this.headWord] = h;
    Atomics.sub(i32, this.cursizeWord, toDeq);
    if (sz === max) this.sendSignal(kMqConsSignals);
    return toDeq;
  }

  /**
   * `svm_msg_q_sub`: a reference, or −2 (`MQ_EMPTY`) with `SvmQWait.Nowait` on an empty queue.
   * `Wait` blocks until a message arrives (up to `timeNs`). `Timedwait` waits up to `timeNs`
   * and returns `SvmRv.ETIMEDOUT` if none came; departure from VPP, whose eventfd-mode timed
   * wait returns 0 on timeout and then calls sub_raw on the empty queue.
   */
  sub (cond: SvmQWait, timeNs = Infinity): number {
    if (Atomics.load(this.i32, this.cursizeWord) === 0) {
      if (cond === SvmQWait.Nowait) return SvmRv.MQ_EMPTY;
      const rv = cond === SvmQWait.Timedwait ? this.timedwaitUntilNotEmpty(timeNs) : this.waitWhile(kWaitEmpty, 0, timeNs, true);
      if (rv !== SvmRv.OK) return rv;
    }
    return this.subRaw();
  }

  /**
   * `svm_msg_q_free_msg`: releases element `msg`, which must be its ring's oldest, and signals if
   * the ring was full. Returns 0, `MQ_OUT_OF_ORDER` (VPP: a warning and an ASSERT; a release
   * build would still decrement cursize) or `MQ_BAD_MSG`; on error nothing changes.
   */
  freeMsg (msg: number): number {
    const r = msg >>> SVM_MQ_MSG_ELT_BITS;
    if (r >= this.nRings) return SvmRv.MQ_BAD_MSG;
    const i32 = this.i32;
    const hw = this.base + kMqRingHead + r;
    const h = i32[hw] as number;
    if ((msg & SVM_MQ_MSG_ELT_MASK) !== h) return SvmRv.MQ_OUT_OF_ORDER;
    const n = this.ringNitems[r] as number;
    i32[hw] = h + 1 === n ? 0 : h + 1;
    if (Atomics.sub(i32, this.base + kMqRingCursize + r, 1) === n) this.sendSignal(kMqConsSignals);
    return SvmRv.OK;
  }

  /**
   * `n` × {@link SvmMsgQ.freeMsg} of `msgs[0..n)` (the order they were dequeued in), one atomic
   * per ring and one signal per ring that was full. Checks the whole batch first: on
   * MQ_OUT_OF_ORDER or MQ_BAD_MSG nothing is freed. Extension (see above).
   */
  freeMsgBatch (msgs: Int32Array, n: number): number {
    const i32 = this.i32;
    const heads = this.scratchHeads;
    const counts = this.scratchCounts;
    for (let r = 0; r < this.nRings; r++) {
      heads[r] = i32[this.base + kMqRingHead + r] as number;
      counts[r] = 0;
    }
    for (let i = 0; i < n; i++) {
      const msg = msgs[i] as number;
      const r = msg >>> SVM_MQ_MSG_ELT_BITS;
      if (r >= this.nRings) return SvmRv.MQ_BAD_MSG;
      const h = heads[r] as number;
      if ((msg & SVM_MQ_MSG_ELT_MASK) !== h) return SvmRv.MQ_OUT_OF_ORDER;
      heads[r] = h + 1 === this.ringNitems[r] ? 0 : h + 1;
      counts[r] = (counts[r] as number) + 1;
    }
    for (let r = 0; r < this.nRings; r++) {
      const c = counts[r] as number;
      if (c === 0) continue;
      i32[this.base + kMqRingHead + r] = heads[r] as number;
      if (Atomics.sub(i32, this.base + kMqRingCursize + r, c) === this.ringNitems[r]) this.sendSignal(kMqConsSignals);
    }
    return SvmRv.OK;
  }

  /**
   * True if `msg` names an element currently allocated on its ring.
   * Models: src/svm/message_queue.c svm_msq_q_msg_is_valid.
   */
  msgIsValid (msg: number): boolean {
    const r = msg >>> SVM_MQ_MSG_ELT_BITS;
    if (r >= this.nRings) return false;
    const n = this.ringNitems[r] as number;
    const elt = msg & SVM_MQ_MSG_ELT_MASK;
    if (elt >= n) return false;
    const head = this.i32[this.base + kMqRingHead + r] as number;
    const used = Atomics.load(this.i32, this.base + kMqRingCursize + r);
    return (elt - head + n) % n < used;
  }

  /**
   * Absolute byte offset in the SAB of `msg`'s element (`svm_msg_q_msg_data`), for the
   * encoders and accessors of session-event.ts and ctrl-messages.ts. No range check: the
   * decoders check the reference first.
   */
  msgData (msg: number): number {
    const r = msg >>> SVM_MQ_MSG_ELT_BITS;
    return (this.ringDataByte[r] as number) + (msg & SVM_MQ_MSG_ELT_MASK) * (this.ringElsize[r] as number);
  }

  // --- signals and waits ------------------------------------------------------------------

  /**
   * `svm_msg_q_send_signal`: writes 1 to the eventfd, or broadcasts the condvar, and counts it
   * on the producer's or the consumer's line (a plain increment: one writer per counter).
   */
  private sendSignal (counterWord: number): void {
    const i32 = this.i32;
    // each counter has one writer at a time (the lock holder, or the single consumer)
    const w = this.base + counterWord;
    i32[w] = (i32[w] as number) + 1;
    const efd = this.eventfd;
    if (efd !== null) {
      efd.write(1);
      return;
    }
    Atomics.add(i32, this.sigSeqWord, 1);
    if (Atomics.load(i32, this.sigWaitersWord) !== 0) Atomics.notify(i32, this.sigSeqWord);
  }

  private condHolds (kind: number, r: number): boolean {
    const sz = Atomics.load(this.i32, this.cursizeWord);
    if (kind === kWaitEmpty) return sz === 0;
    if (sz === this.maxsize) return true;
    return kind === kWaitQOrRingFull && this.ringIsFull(r);
  }

  /**
   * Sleeps while condition `kind` holds, up to `timeoutNs`; OK or ETIMEDOUT. Sleeps on the
   * signal word (the eventfd's write count, or the condvar's sequence), which only grows, after
   * publishing itself as a waiter and re-checking, so a signal sent at any point is never lost.
   * A producer holding a shared lock lets go of it while asleep, as pthread_cond_wait does.
   * A consumer consumes the eventfd after each sleep, as VPP's blocking read would; a producer
   * does not, so that it never swallows the wakeup meant for a vlib thread polling the fd
   * (the hazard of vpp-notes §H).
   */
  private waitWhile (kind: number, r: number, timeoutNs: number, isConsumer: boolean): number {
    const i32 = this.i32;
    const waiter = this.waiter;
    const dropLock = !isConsumer && this.lockKind === SvmMqLockKind.Shared;
    let deadline = -1;
    for (;;) {
      if (!this.condHolds(kind, r)) return SvmRv.OK;
      const seq = Atomics.load(i32, this.sigSeqWord);
      Atomics.add(i32, this.sigWaitersWord, 1);
      if (!this.condHolds(kind, r)) {
        Atomics.sub(i32, this.sigWaitersWord, 1);
        return SvmRv.OK;
      }
      if (deadline < 0) deadline = timeoutNs === Infinity ? Infinity : waiter.now() + timeoutNs;
      const left = deadline - waiter.now();
      if (left <= 0) {
        Atomics.sub(i32, this.sigWaitersWord, 1);
        return SvmRv.ETIMEDOUT;
      }
      if (dropLock) this.unlock();
      waiter.wait(i32, this.sigSeqWord, seq, left);
      Atomics.sub(i32, this.sigWaitersWord, 1);
      if (dropLock) this.lock();
      if (isConsumer && this.eventfd !== null) this.eventfd.read();
    }
  }

  /**
   * `svm_msg_q_wait`: consumer side, blocks while the queue is empty (`Empty`) or full
   * (`Full`), up to `timeoutNs`. Returns OK or ETIMEDOUT.
   */
  wait (type: SvmMqWaitType, timeoutNs = Infinity): number {
    return this.waitWhile(type === SvmMqWaitType.Empty ? kWaitEmpty : kWaitFull, 0, timeoutNs, true);
  }

  /** `svm_msg_q_wait_prod`: producer, lock held, blocks while the queue is full. */
  waitProd (timeoutNs = Infinity): number {
    return this.waitWhile(kWaitFull, 0, timeoutNs, false);
  }

  /** `svm_msg_q_or_ring_wait_prod`: producer, lock held, blocks while the queue or ring `r` is full. */
  orRingWaitProd (r: number, timeoutNs = Infinity): number {
    return this.waitWhile(kWaitQOrRingFull, r, timeoutNs, false);
  }

  /**
   * `svm_msg_q_timedwait`: waits up to `timeoutNs` for a signal. Mutex mode returns at once if
   * the size is neither 0 nor full (VPP's "still in a signalable state" check); eventfd mode
   * returns at once if the fd is readable (VPP's poll), and reads it. Returns OK, or ETIMEDOUT
   * (VPP: 0 in eventfd mode, ETIMEDOUT in mutex mode).
   */
  timedwait (timeoutNs: number): number {
    const i32 = this.i32;
    const efd = this.eventfd;
    if (efd === null) {
      const sz = Atomics.load(i32, this.cursizeWord);
      if (sz !== 0 && sz !== this.maxsize) return SvmRv.OK;
    } else if (efd.read() > 0) {
      return SvmRv.OK;
    }
    const seq = Atomics.load(i32, this.sigSeqWord);
    Atomics.add(i32, this.sigWaitersWord, 1);
    const rv = this.waiter.wait(i32, this.sigSeqWord, seq, timeoutNs);
    Atomics.sub(i32, this.sigWaitersWord, 1);
    if (rv === 'timed-out') return SvmRv.ETIMEDOUT;
    if (efd !== null) efd.read();
    return SvmRv.OK;
  }

  /** Timed waits until the queue is non-empty or `timeoutNs` passes (for `sub` TIMEDWAIT). */
  private timedwaitUntilNotEmpty (timeoutNs: number): number {
    const waiter = this.waiter;
    const deadline = timeoutNs === Infinity ? Infinity : waiter.now() + timeoutNs;
    while (Atomics.load(this.i32, this.cursizeWord) === 0) {
      const left = deadline - waiter.now();
      if (left <= 0 || this.timedwait(left) !== SvmRv.OK) {
        if (Atomics.load(this.i32, this.cursizeWord) !== 0) return SvmRv.OK;
        return SvmRv.ETIMEDOUT;
      }
    }
    return SvmRv.OK;
  }

  // --- counters ---------------------------------------------------------------------------

  /**
   * Counts a message the consumer rejected and remembers why (a negative `SvmRv` code) and its
   * event type. Called by the decoders; never throws.
   */
  noteMalformed (code: number, eventType: number): void {
    const i32 = this.i32;
    Atomics.add(i32, this.base + kMqMalformed, 1);
    Atomics.store(i32, this.base + kMqLastMalformedCode, code);
    Atomics.store(i32, this.base + kMqLastMalformedType, eventType);
  }

  /** Producer signals sent (empty → non-empty). */
  get nProdSignals (): number { return Atomics.load(this.i32, this.base + kMqProdSignals) >>> 0; }
  /** Consumer signals sent (left full: queue or ring). */
  get nConsSignals (): number { return Atomics.load(this.i32, this.base + kMqConsSignals) >>> 0; }
  /** Messages rejected as malformed by the consumer. */
  get nMalformed (): number { return Atomics.load(this.i32, this.base + kMqMalformed) >>> 0; }
  /** Code of the last malformed message (0 if none). */
  get lastMalformedCode (): number { return Atomics.load(this.i32, this.base + kMqLastMalformedCode); }
  /** Event type byte of the last malformed message. */
  get lastMalformedType (): number { return Atomics.load(this.i32, this.base + kMqLastMalformedType); }
  /** Try-locks that failed (−1 returns). */
  get nLockFailed (): number { return Atomics.load(this.i32, this.base + kMqLockFailed) >>> 0; }
  /** Non-blocking adds and allocs refused because the queue or ring was full (−2 returns). */
  get nFullRejects (): number { return Atomics.load(this.i32, this.base + kMqFullRejects) >>> 0; }
  /** Bytes the mq occupies in its segment. */
  get byteLength (): number { return this.i32[this.base + kMqByteLength] as number; }
}

/**
 * ` [Q:c/max] [R0:c/n] [R1:c/n]`, with the leading space, as `show app mq` prints each queue.
 * Models: src/svm/message_queue.c format_svm_msg_q.
 */
export function formatSvmMsgQ (mq: SvmMsgQ): string {
  let s = ` [Q:${mq.size()}/${mq.maxsize}]`;
  for (let r = 0; r < mq.nRings; r++) s += ` [R${r}:${mq.ringSize(r)}/${mq.ringNitems[r] as number}]`;
  return s;
}
