// src/svm/waiter.ts: how svm code blocks, and what time it is, behind one small interface so the
// same queue code sleeps on Atomics.wait on real threads and on a scheduler's virtual clock in
// tests. Models the blocking primitives VPP's svm code sits on: read(2) on an eventfd,
// poll(2) with a timeout, pthread_cond_(timed)wait (src/svm/message_queue.c svm_msg_q_wait,
// svm_msg_q_timedwait).

/** What a wait returned; the strings are those of `Atomics.wait`. */
export type SvmWaitResult = 'ok' | 'not-equal' | 'timed-out';

/**
 * A clock and a futex. Every blocking svm call goes through one, so a test can swap the real one
 * for a virtual double (test/support/virtual-svm-waiter.ts).
 */
export interface SvmWaiter {
  /** Now, in ns, on a monotonic clock. */
  now (): number;
  /**
   * Sleeps while `i32[index] === expected`, at most `timeoutNs` (Infinity: no limit). Returns
   * 'not-equal' at once if the word already differs, 'ok' when woken by a notify on the word,
   * 'timed-out' when the time ran out. Spurious 'ok' returns are allowed: callers re-check.
   */
  wait (i32: Int32Array, index: number, expected: number, timeoutNs: number): SvmWaitResult;
}

/**
 * The real waiter: `performance.now()` and `Atomics.wait` (which takes ms). Allowed on Node's
 * main thread too, which the unit tests rely on.
 */
export const realSvmWaiter: SvmWaiter = Object.freeze({
  now: (): number => performance.now() * 1e6,
  wait: (i32: Int32Array, index: number, expected: number, timeoutNs: number): SvmWaitResult =>
    Atomics.wait(i32, index, expected, timeoutNs === Infinity ? Infinity : Math.max(0, timeoutNs) / 1e6),
});
