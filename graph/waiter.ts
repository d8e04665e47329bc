// graph/waiter.ts: how threads wake each other, and VPP's wakeup protocol on top of it.
// Models: src/vlib/threads.h vlib_thread_wakeup; src/vlib/file.c wake_read_fn.
//
// Every thread has a futex word (kWakeSeq). A thread about to sleep reads it, publishes
// `sleeping = 1`, re-checks every source of work, and waits only while the word is unchanged.
// Whoever makes work for a sleeping thread bumps the word and notifies. Because the sleeper
// publishes before it re-checks, and a poster makes its work visible before it looks at
// `sleeping`, one of the two always sees the other: no wakeup is lost.

import { ThreadCrashError } from '../src/errors.js';
import {
  type VlibShared, kSleeping, kStop, kWakeSeq, kWakeupFd, kWakeupPending, kWakeReq, kWakeups,
} from './shared-layout.js';

/** How threads wake each other and how a thread blocks inside a step. */
export interface Waiter {
  /**
   * Wakes thread `t` if it waits on its wake word. Real: bump the word and `Atomics.notify`;
   * virtual: bump the word and tell the scheduler when the woken thread runs again.
   */
  notify (t: number): void;
  /**
   * Blocks the calling thread `self` until `done()` holds, watching Int32 word `word` of the run's
   * SAB for changes; false if `timeoutNs` passes first. Real: bounded spin, then `Atomics.wait`;
   * virtual: runs the other threads. Only the barrier blocks inside a step.
   * Throws ThreadCrashError if the run is being stopped meanwhile.
   */
  waitUntil (self: number, word: number, done: () => boolean, timeoutNs: number): boolean;
}

/** Spins before the first `Atomics.wait` in {@link RealWaiter.waitUntil}: threads outnumber cores. */
const kSpinIterations = 2000;

/** The real-thread Waiter: Atomics on the run's SAB. */
export class RealWaiter implements Waiter {
  constructor (readonly shared: VlibShared) {}

  notify (t: number): void {
    const i = this.shared.layout.threadBase(t) + kWakeSeq;
    Atomics.add(this.shared.i32, i, 1);
    Atomics.notify(this.shared.i32, i);
  }

  waitUntil (self: number, word: number, done: () => boolean, timeoutNs: number): boolean {
    const i32 = this.shared.i32;
    for (let i = 0; i < kSpinIterations; i++) if (done()) return true;
    const deadline = performance.now() + timeoutNs / 1e6;
    for (;;) {
      const v = Atomics.load(i32, word);
      if (done()) return true;
      if (Atomics.load(i32, kStop) !== 0) throw new ThreadCrashError(self, 'run stopped while waiting');
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(i32, word, v, Math.min(left, 1));
    }
  }
}

/**
 * Wakes a vlib thread that sleeps, counting as VPP does: WakeReq when the target sleeps, and one
 * Wakeup (an eventfd write) only if no wakeup is already pending. Models:
 * src/vlib/threads.h vlib_thread_wakeup.
 */
export function vlibThreadWakeup (shared: VlibShared, waiter: Waiter, t: number): WakeupResult {
  const i32 = shared.i32;
  const b = shared.layout.threadBase(t);
  if (Atomics.load(i32, b + kSleeping) === 0) return WakeupResult.Awake;
  Atomics.add(i32, b + kWakeReq, 1);
  if (Atomics.exchange(i32, b + kWakeupPending, 1) !== 0) return WakeupResult.AlreadyPending;
  Atomics.add(i32, b + kWakeups, 1);
  Atomics.add(i32, b + kWakeupFd, 1); // write (vm->wakeup_fd, 1)
  waiter.notify(t);
  return WakeupResult.Written;
}

/** What {@link vlibThreadWakeup} did. */
export const WakeupResult = {
  /** The target was not sleeping: nothing counted. */
  Awake: 0,
  /** WakeReq counted; a wakeup was already pending, so the eventfd was not written again. */
  AlreadyPending: 1,
  /** WakeReq and Wakeups counted, the target's wakeup eventfd written. */
  Written: 2,
} as const;
export type WakeupResult = (typeof WakeupResult)[keyof typeof WakeupResult];

/**
 * What an fd registered on thread `t`'s file poll does when it becomes readable: the kernel
 * would wake `epoll_wait`. Not a VPP wakeup, so no WakeReq/Wakeups are counted. The caller has
 * already made the fd readable (sequentially consistent), so checking `sleeping` after is safe.
 */
export function fileReadyNotify (shared: VlibShared, waiter: Waiter, t: number): boolean {
  if (Atomics.load(shared.i32, shared.layout.threadBase(t) + kSleeping) === 0) return false;
  waiter.notify(t);
  return true;
}

/**
 * The engine's side of an svm eventfd registered on a vlib thread's file poll (the structural
 * `FdNotifier` of src/svm/eventfd.ts): a write wakes that thread if it sleeps, as the kernel wakes
 * `epoll_wait`. One per realm and run.
 */
export class VlibFdNotifier {
  /**
   * `log`, if given, is told of each write that woke a sleeping thread (an app thread logs it
   * in its event log, so traces can draw the arrow).
   */
  constructor (readonly shared: VlibShared, readonly waiter: Waiter, readonly log: ((t: number) => void) | null = null) {}
  fileReady (pollThreadIndex: number): void {
    if (fileReadyNotify(this.shared, this.waiter, pollThreadIndex) && this.log !== null) this.log(pollThreadIndex);
  }
}
