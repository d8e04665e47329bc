// src/runtime/virtual-scheduler.ts: runs every simulated thread as a step function in one JS
// thread, in virtual nanoseconds. The thread with the earliest next time runs next (ties: lowest
// index), so the same scenario gives the same run, step for step.
//
//   state     next time
//   Runnable  its clock
//   Sleeping  min(deadline, notify time + wake latency)
//   Parked    runnable again when the barrier is released
//   Exited    never
//
// A step runs to its end at once, so a thread whose clock is behind can see what another thread
// did later in the same step window. Before each step the scheduler tells the thread the earliest
// time any other thread can act (its horizon): nothing can reach it before then, so idle loops up
// to it may be taken in one step without changing anything they count (VlibMain.batchNullLoops).

import { type CostModel, defaultCostModel, VirtualClock } from '../../graph/clock.js';
import type { Steppable } from '../../graph/steppable.js';
import { StepResult } from '../../graph/main-loop.js';
import { kStop, kWaitAtBarrier, kWakeSeq, type VlibShared } from '../../graph/shared-layout.js';
import type { Waiter } from '../../graph/waiter.js';
import { ThreadCrashError } from '../errors.js';

/** Anything the scheduler can step: a vlib thread or an app thread (graph/steppable.ts). */
export type VirtualThread = Steppable;

const State = { Runnable: 0, Sleeping: 1, Parked: 2, Exited: 3 } as const;
type State = (typeof State)[keyof typeof State];

/** Counts the scheduler keeps, for tests and the summary. */
export interface VirtualSchedulerStats {
  /** Steps run, all threads. */
  steps: number;
  /** Sleeps cut short by a notify. */
  notifiedWakes: number;
}

/** The virtual-time driver and Waiter of a run. */
export class VirtualScheduler implements Waiter {
  private readonly threads: VirtualThread[] = [];
  private state: State[] = [];
  private wakeAt: number[] = [];
  private current = -1;
  /** Virtual time up to which `run` last ran: "now" for calls made between runs. */
  private horizon = 0;
  readonly stats: VirtualSchedulerStats = { steps: 0, notifiedWakes: 0 };
  /** Found by {@link findEarliest}: the thread to run, its time, and the others' earliest action. */
  private nextIndex = -1;
  private nextTime = Infinity;
  private secondTime = Infinity;
  /**
   * Quiet promises: thread t does nothing another thread could see before quietUntil[t] unless
   * given work, valid while no visible step ran since it was made (epoch).
   */
  private quietUntil: number[] = [];
  private quietEpoch: number[] = [];
  private epoch = 0;

  /**
   * `batchIdleLoops` (default true) lets vlib threads take idle loops up to their horizon in one
   * step; false steps every loop (the same results, slower: for tests that prove it).
   */
  constructor (readonly shared: VlibShared, readonly cost: CostModel = defaultCostModel, readonly batchIdleLoops = true) {}

  /** Adds a thread; its slot must equal its threadIndex (vlib threads first). */
  add (t: VirtualThread): void {
    if (t.threadIndex !== this.threads.length) throw new RangeError(`thread ${t.threadIndex} added out of order`);
    this.threads.push(t);
    this.state.push(State.Runnable);
    this.wakeAt.push(0);
    this.quietUntil.push(0);
    this.quietEpoch.push(-1);
  }

  /** The virtual time of the thread running now, or the end of the last `run` between runs. */
  now (): number {
    const c = this.threads[this.current];
    return c !== undefined ? c.clock.now() : this.horizon;
  }

  notify (t: number): void {
    if (t < this.shared.layout.nSlots) {
      const i = this.shared.layout.threadBase(t) + kWakeSeq;
      Atomics.add(this.shared.i32, i, 1);
    }
    const th = this.threads[t];
    if (th === undefined) return;
    const at = Math.max(th.clock.now(), this.now() + this.cost.wakeLatencyNs);
    if (this.state[t] === State.Sleeping && at < (this.wakeAt[t] as number)) {
      this.wakeAt[t] = at;
      this.stats.notifiedWakes++;
    } else if (this.state[t] === State.Parked && Atomics.load(this.shared.i32, kWaitAtBarrier) === 0) {
      this.state[t] = State.Runnable;
      th.clock.advanceTo(this.now());
    }
  }

  waitUntil (self: number, _word: number, done: () => boolean, timeoutNs: number): boolean {
    const me = this.threads[self];
    if (me === undefined) throw new RangeError(`no thread ${self}`);
    const deadline = me.clock.now() + timeoutNs;
    const prev = this.current;
    try {
      while (!done()) {
        this.findEarliest(self);
        const index = this.nextIndex;
        if (index < 0 || this.nextTime > deadline) {
          me.clock.advanceTo(deadline);
          return false;
        }
        // the waiting thread acts as soon as done() holds: no horizon beyond now
        this.runOne(index, this.nextTime, 0);
        me.clock.advanceTo(Math.min((this.threads[index] as VirtualThread).clock.now(), deadline));
      }
      return true;
    } finally {
      this.current = prev;
    }
  }

  /**
   * Runs until every thread's next time is past `untilNs`, or all have exited, or `stop()`
   * returns true (checked between steps). Throws what a thread throws, as ThreadCrashError.
   */
  run (untilNs: number, stop: () => boolean = () => false): void {
    for (;;) {
      if (stop()) break;
      this.findEarliest(-1);
      if (this.nextIndex < 0 || this.nextTime > untilNs) break;
      // a step may end past untilNs only as far as a step of one loop would
      this.runOne(this.nextIndex, this.nextTime, this.batchIdleLoops ? Math.min(this.secondTime, untilNs) : 0);
    }
    if (untilNs > this.horizon && untilNs !== Infinity) this.horizon = untilNs;
  }

  /** Asks every thread to leave its loop at its next step (the run's stop word). */
  requestStop (): void {
    Atomics.store(this.shared.i32, kStop, 1);
    for (let t = 0; t < this.threads.length; t++) {
      if (this.state[t] === State.Sleeping || this.state[t] === State.Parked) {
        this.state[t] = State.Runnable;
      }
    }
  }

  /** True when every thread has exited. */
  get allExited (): boolean { return this.state.every((s) => s === State.Exited); }

  /**
   * Sets nextIndex/nextTime to the runnable or sleeping thread with the earliest next time (ties:
   * lowest index), skipping `exclude` and the running thread, and secondTime to the earliest time
   * any of the others could act: a sleeper's wake time, a runnable thread's clock, or, if it has a
   * valid quiet promise, the end of it (Infinity if none).
   */
  private findEarliest (exclude: number): void {
    let best = -1;
    let bestTime = Infinity;
    let act1 = Infinity;
    let act1Index = -1;
    let act2 = Infinity;
    for (let t = 0; t < this.threads.length; t++) {
      if (t === exclude || t === this.current) continue;
      const s = this.state[t];
      let time: number;
      let acts: number;
      if (s === State.Runnable) {
        time = (this.threads[t] as VirtualThread).clock.now();
        const q = this.quietUntil[t] as number;
        acts = this.quietEpoch[t] === this.epoch && q > time ? q : time;
      } else if (s === State.Sleeping) {
        time = this.wakeAt[t] as number;
        acts = time;
      } else continue;
      if (time < bestTime) { bestTime = time; best = t; }
      if (acts < act1) { act2 = act1; act1 = acts; act1Index = t; } else if (acts < act2) act2 = acts;
    }
    this.nextIndex = best;
    this.nextTime = bestTime;
    this.secondTime = act1Index === best ? act2 : act1;
  }

  private runOne (t: number, time: number, horizonNs: number): void {
    const th = this.threads[t] as VirtualThread;
    th.clock.advanceTo(time);
    th.horizonNs = horizonNs;
    this.state[t] = State.Runnable;
    const prev = this.current;
    this.current = t;
    let r: StepResult;
    try {
      r = th.step();
    } catch (e) {
      throw e instanceof ThreadCrashError ? e : new ThreadCrashError(t, `thread ${t} threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    } finally {
      this.current = prev;
    }
    this.stats.steps++;
    // a visible step may have given any thread work: every quiet promise made before it lapses
    if (th.stepVisible) this.epoch++;
    this.quietUntil[t] = th.quietUntilNs;
    this.quietEpoch[t] = this.epoch;
    switch (r) {
      case StepResult.Continue:
        break;
      case StepResult.Sleep: {
        const seqNow = t < this.shared.layout.nSlots ? Atomics.load(this.shared.i32, this.shared.layout.threadBase(t) + kWakeSeq) : th.sleepExpectSeq;
        if (seqNow !== th.sleepExpectSeq) {
          this.wakeAt[t] = th.clock.now();
        } else {
          // a timed sleep ends late by the host's granularity (Infinity stays Infinity)
          this.wakeAt[t] = Math.max(th.sleepDeadlineNs + this.cost.sleepGranularityNs, th.clock.now());
        }
        this.state[t] = State.Sleeping;
        break;
      }
      case StepResult.Parked:
        this.state[t] = Atomics.load(this.shared.i32, kWaitAtBarrier) === 0 ? State.Runnable : State.Parked;
        break;
      case StepResult.Exit:
        this.state[t] = State.Exited;
        break;
    }
  }
}

/** A VirtualClock per thread of the run, sharing one cost model. */
export function virtualClocks (n: number, cost: CostModel = defaultCostModel): VirtualClock[] {
  return Array.from({ length: n }, () => new VirtualClock(cost));
}
