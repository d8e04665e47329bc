// test/support/virtual-svm-waiter.ts: a virtual-time SvmWaiter for unit tests of timed waits.
// Keeps a virtual clock and a list of scheduled actions ("at t = 5 ms the producer enqueues").
// A wait runs the actions due before its deadline in time order, as the other threads would
// have, and returns as soon as one of them changed the watched word ('ok'), or at the deadline
// exactly ('timed-out'). Single JS thread; deterministic.

import type { SvmWaiter, SvmWaitResult } from '../../src/svm/waiter.js';

interface Scheduled {
  readonly atNs: number;
  readonly seq: number;
  readonly run: () => void;
}

/** One finished wait, for assertions. */
export interface VirtualWaitRecord {
  readonly startNs: number;
  readonly endNs: number;
  readonly result: SvmWaitResult;
}

export class VirtualSvmWaiter implements SvmWaiter {
  /** Virtual now, ns. */
  nowNs = 0;
  /** Every wait that blocked, in order. */
  readonly waits: VirtualWaitRecord[] = [];
  private readonly pending: Scheduled[] = [];
  private seq = 0;

  now (): number { return this.nowNs; }

  /** Runs `run` at virtual time `atNs` (ties in scheduling order). */
  at (atNs: number, run: () => void): this {
    this.pending.push({ atNs, seq: this.seq++, run });
    this.pending.sort((a, b) => a.atNs - b.atNs || a.seq - b.seq);
    return this;
  }

  /** Runs `run` `dtNs` after now. */
  after (dtNs: number, run: () => void): this { return this.at(this.nowNs + dtNs, run); }

  /** Actions not run yet. */
  get nPending (): number { return this.pending.length; }

  /** Runs every action due up to `tNs` and moves the clock there. */
  runUntil (tNs: number): void {
    for (let a = this.pending[0]; a !== undefined && a.atNs <= tNs; a = this.pending[0]) {
      this.pending.shift();
      this.nowNs = Math.max(this.nowNs, a.atNs);
      a.run();
    }
    this.nowNs = Math.max(this.nowNs, tNs);
  }

  wait (i32: Int32Array, index: number, expected: number, timeoutNs: number): SvmWaitResult {
    if (Atomics.load(i32, index) !== expected) return 'not-equal';
    const startNs = this.nowNs;
    const deadline = startNs + timeoutNs;
    for (;;) {
      const next = this.pending[0];
      if (next === undefined || next.atNs > deadline) {
        if (deadline === Infinity) throw new Error(`virtual wait on word ${index} would block for ever: nothing scheduled`);
        this.nowNs = deadline;
        return this.record(startNs, 'timed-out');
      }
      this.pending.shift();
      this.nowNs = Math.max(this.nowNs, next.atNs);
      next.run();
      if (Atomics.load(i32, index) !== expected) return this.record(startNs, 'ok');
    }
  }

  private record (startNs: number, result: SvmWaitResult): SvmWaitResult {
    this.waits.push({ startNs, endNs: this.nowNs, result });
    return result;
  }
}
