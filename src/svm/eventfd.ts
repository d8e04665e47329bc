// src/svm/eventfd.ts: the eventfd(2) analogue in shared memory. Models: Linux eventfd(0, 0) as
// VPP uses it for message queues (src/svm/message_queue.c svm_msg_q_alloc_eventfd,
// svm_msg_q_send_signal) and for the per-app rx mqs registered on each vpp thread's epoll
// (src/vnet/session/application.c app_rx_mqs_epoll_add).
//
// The shared part is eight Int32 words (see eventfd-layout.ts). The view object is per thread:
// it caches the Int32Array and word indices and holds the two per-realm things that cannot live
// in shared memory: the waiter (how to block) and the notifier (how to wake a vlib thread whose
// file poll has the fd registered).

import { SvmError } from '../errors.js';
import {
  EFD_MAGIC, EFD_POLL_THREAD_NONE, kEfdMagic, kEfdNotifies, kEfdPollThread, kEfdReadMark, kEfdReads,
  kEfdWaiters, kEfdWords, kEfdWrites,
} from './eventfd-layout.js';
import { SvmRv } from './svm-codes.js';
import { realSvmWaiter, type SvmWaiter } from './waiter.js';

/**
 * What the engine supplies so that an eventfd write wakes the vlib thread polling it: the kernel
 * waking `epoll_wait`. Declared here because src/svm imports nothing of the engine; the engine's
 * implementation checks the thread's `sleeping` flag and notifies its wake word.
 */
export interface FdNotifier {
  /** The fd registered on thread `pollThreadIndex` became readable. */
  fileReady (pollThreadIndex: number): void;
}

/** Options of an eventfd view. */
export interface SvmEventfdOptions {
  /** How this thread blocks (default: Atomics.wait). */
  readonly waiter?: SvmWaiter;
  /** How this thread wakes a polling vlib thread (default: none; see {@link SvmEventfd.write}). */
  readonly notifier?: FdNotifier | null;
}

/**
 * A view of one eventfd in a SharedArrayBuffer. Level-triggered like epoll: readable while the
 * counter is non-zero. Satisfies the engine's `FileDescriptor` structurally
 * (`isReadable(nowNs)`, `readyAtNs`). Counter values are 32-bit (Linux: 64-bit); more than 2^31
 * unread units are not supported.
 * Models: Linux fs/eventfd.c (eventfd_write, eventfd_read, EAGAIN on a non-blocking empty read).
 */
export class SvmEventfd {
  /** The whole SAB as Int32 (cached; never rebuilt). */
  readonly i32: Int32Array;
  /** Int32 index of the `writes` word: the futex word sleepers wait on. */
  readonly writesWord: number;
  /** Int32 index of the `waiters` word. */
  readonly waitersWord: number;
  /** Never readable by itself (it is not a timerfd). */
  readonly readyAtNs = Infinity;
  readonly waiter: SvmWaiter;
  /** Per-realm; null on threads that never write an fd a vlib thread polls. */
  notifier: FdNotifier | null;
  private readonly readMarkWord: number;
  private readonly pollThreadWord: number;
  private readonly readsWord: number;
  private readonly notifiesWord: number;

  /**
   * Attaches to the eventfd at `byteOffset` of `sab` (4-byte aligned), initialised by
   * {@link SvmEventfd.init}. Throws SvmError (ERR_SVM_BAD_OBJECT) if there is none.
   */
  constructor (readonly sab: SharedArrayBuffer, readonly byteOffset: number, opts: SvmEventfdOptions = {}) {
    if ((byteOffset & 3) !== 0 || byteOffset < 0 || byteOffset + kEfdWords * 4 > sab.byteLength) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `eventfd offset ${byteOffset} is not a word inside the segment`);
    }
    this.i32 = new Int32Array(sab);
    const b = byteOffset >> 2;
    if (Atomics.load(this.i32, b + kEfdMagic) !== EFD_MAGIC) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `no eventfd at offset ${byteOffset}`);
    }
    this.writesWord = b + kEfdWrites;
    this.readMarkWord = b + kEfdReadMark;
    this.waitersWord = b + kEfdWaiters;
    this.pollThreadWord = b + kEfdPollThread;
    this.readsWord = b + kEfdReads;
    this.notifiesWord = b + kEfdNotifies;
    this.waiter = opts.waiter ?? realSvmWaiter;
    this.notifier = opts.notifier ?? null;
  }

  /** Writes a fresh eventfd (counter 0, not registered) at `byteOffset`. `eventfd(0, 0)`. */
  static init (sab: SharedArrayBuffer, byteOffset: number): void {
    const i32 = new Int32Array(sab, byteOffset, kEfdWords);
    i32.fill(0);
    Atomics.store(i32, kEfdPollThread, EFD_POLL_THREAD_NONE);
    Atomics.store(i32, kEfdMagic, EFD_MAGIC);
  }

  /**
   * `write(fd, &n, 8)`: adds `n` (≥ 1) to the counter. Makes it readable with a sequentially
   * consistent add before anyone is woken: first sleepers on the word (only if the waiter count
   * says someone sleeps), then the polling vlib thread through the notifier (which checks that
   * thread's `sleeping` flag). Allocates nothing.
   */
  write (n: number): void {
    const i32 = this.i32;
    Atomics.add(i32, this.writesWord, n);
    if (Atomics.load(i32, this.waitersWord) !== 0) {
      Atomics.add(i32, this.notifiesWord, 1);
      Atomics.notify(i32, this.writesWord);
    }
    // registration changes at setup only; a plain load after the seq-cst add is enough
    const t = i32[this.pollThreadWord] as number;
    if (t >= 0 && this.notifier !== null) this.notifier.fileReady(t);
  }

  /**
   * Non-blocking `read(fd, &n, 8)`: returns the counter (> 0) and zeroes it, or
   * `SvmRv.EAGAIN` (−11) when it is 0. Safe with several readers (a compare-exchange on the read
   * mark): each unit is returned once.
   */
  read (): number {
    const i32 = this.i32;
    for (;;) {
      const r = Atomics.load(i32, this.readMarkWord);
      const w = Atomics.load(i32, this.writesWord);
      const n = (w - r) | 0;
      if (n === 0) return SvmRv.EAGAIN;
      if (Atomics.compareExchange(i32, this.readMarkWord, r, w) === r) {
        Atomics.add(i32, this.readsWord, 1);
        return n;
      }
    }
  }

  /** The counter without reading it. */
  count (): number {
    return (Atomics.load(this.i32, this.writesWord) - Atomics.load(this.i32, this.readMarkWord)) | 0;
  }

  /** Level-triggered readiness, as epoll sees it: the counter is non-zero. */
  isReadable (_nowNs: number): boolean {
    return Atomics.load(this.i32, this.writesWord) !== Atomics.load(this.i32, this.readMarkWord);
  }

  /**
   * Blocks until the counter is non-zero (without reading it) or `timeoutNs` passes. Returns
   * `SvmRv.OK` or `SvmRv.ETIMEDOUT`. What an app thread does in `epoll_wait` on its fd.
   */
  waitReadable (timeoutNs: number): number {
    const i32 = this.i32;
    const waiter = this.waiter;
    let deadline = -1;
    for (;;) {
      const w = Atomics.load(i32, this.writesWord);
      if (w !== Atomics.load(i32, this.readMarkWord)) return SvmRv.OK;
      if (deadline < 0) deadline = timeoutNs === Infinity ? Infinity : waiter.now() + timeoutNs;
      const left = deadline - waiter.now();
      if (left <= 0) return SvmRv.ETIMEDOUT;
      Atomics.add(i32, this.waitersWord, 1);
      // re-check after announcing ourselves: a writer that added before our increment did not
      // see us, but then `writes` already differs from `w` and the wait returns at once
      if (Atomics.load(i32, this.writesWord) === w && w === Atomics.load(i32, this.readMarkWord)) {
        waiter.wait(i32, this.writesWord, w, left);
      }
      Atomics.sub(i32, this.waitersWord, 1);
    }
  }

  /**
   * Blocking `read`: waits up to `timeoutNs` for a non-zero counter, then reads it. Returns the
   * count, or `SvmRv.ETIMEDOUT`. Models the blocking read of `eventfd(0, 0)`.
   */
  readBlocking (timeoutNs: number): number {
    let deadline = -1;
    for (;;) {
      const n = this.read();
      if (n > 0) return n;
      if (deadline < 0) deadline = timeoutNs === Infinity ? Infinity : this.waiter.now() + timeoutNs;
      const left = deadline - this.waiter.now();
      if (left <= 0 || this.waitReadable(left) !== SvmRv.OK) return SvmRv.ETIMEDOUT;
    }
  }

  /**
   * Records that vlib thread `pollThreadIndex` polls this fd (`clib_file_add` with
   * `polling_thread_index`), so writers wake it through their notifier. Shared: every view sees it.
   */
  register (pollThreadIndex: number): void {
    Atomics.store(this.i32, this.pollThreadWord, pollThreadIndex);
  }

  /** Undoes {@link SvmEventfd.register} (`clib_file_del`). */
  unregister (): void {
    Atomics.store(this.i32, this.pollThreadWord, EFD_POLL_THREAD_NONE);
  }

  /** The polling vlib thread, or −1. */
  get pollThreadIndex (): number { return Atomics.load(this.i32, this.pollThreadWord); }
  /** Units ever written (wraps at 2^32). */
  get nWritten (): number { return Atomics.load(this.i32, this.writesWord) >>> 0; }
  /** Successful reads. */
  get nReads (): number { return Atomics.load(this.i32, this.readsWord) >>> 0; }
  /** Writes that found a sleeper and called Atomics.notify. */
  get nNotifies (): number { return Atomics.load(this.i32, this.notifiesWord) >>> 0; }
  /** Threads blocked on the fd now. */
  get nWaiters (): number { return Atomics.load(this.i32, this.waitersWord); }
}
