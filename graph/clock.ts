// graph/clock.ts: the two clocks. The same engine code runs under both; only these differ.
//
// real:    time is the host's monotonic clock; node calls cost what they cost.
// virtual: each thread has its own virtual time in ns; node calls, loops, polls and wakeups
//          cost what the cost model says, so a run is reproducible byte for byte.

/**
 * Virtual-time costs, in ns (integers keep batched idle loops exact). See docs/cost-model.md for
 * what each covers and how bench/cost-model.ts measures it.
 */
export interface CostModel {
  /** Fixed cost of one node call, ns. */
  readonly dispatchCallNs: number;
  /** Extra cost per vector a node call returns, ns. */
  readonly dispatchVectorNs: number;
  /** Fixed cost of one main-loop iteration outside node calls, ns. */
  readonly loopNs: number;
  /** Cost of one epoll_wait that does not sleep, ns. */
  readonly epollNs: number;
  /** From a notify to the woken thread running again, ns (Atomics.notify → wait returns). */
  readonly wakeLatencyNs: number;
  /** Handling one message (mq element, session event), ns. */
  readonly messageNs: number;
  /** An app thread's work between two waits (one resume of its program), ns. */
  readonly appResumeNs: number;
  /**
   * Sleep granularity: a sleep that ends by its deadline (an epoll timeout, a timerfd expiry, an
   * app's timed wait) ends this much later, ns: the host's timer slack and scheduling delay.
   * vlib timers themselves keep VPP's 10 µs wheel tick (graph/timer-wheel.ts).
   */
  readonly sleepGranularityNs: number;
}

/**
 * Default virtual costs: what vppsim costs in real mode on the machine it is developed on (2
 * cores, Node 20), measured by bench/cost-model.ts and recorded in docs/cost-model.md. A scenario
 * overrides any of them (`cost:`); `node dist/bench/cost-model.js` prints this machine's.
 */
export const defaultCostModel: CostModel = Object.freeze({
  dispatchCallNs: 75,
  dispatchVectorNs: 1,
  loopNs: 80,
  epollNs: 90,
  wakeLatencyNs: 28_000,
  messageNs: 55,
  appResumeNs: 13_000,
  sleepGranularityNs: 96_000,
});

/** A thread's clock. */
export interface Clock {
  /** True for virtual time. */
  readonly isVirtual: boolean;
  /** Now, in ns since the run's epoch. */
  now (): number;
  /** Accounts one node call that returned `nVectors` (virtual: advances; real: nothing). */
  chargeDispatch (nVectors: number): void;
  /** Accounts `ns` of modelled work (virtual: advances; real: nothing). */
  spend (ns: number): void;
  /** Moves virtual time forward to `t` if it is later (virtual only; real: nothing). */
  advanceTo (t: number): void;
}

/**
 * Host monotonic time relative to a run epoch shared by all threads. `epochNs` is
 * `process.hrtime.bigint()` taken once by the run, so every thread's `now()` is comparable.
 */
export class RealClock implements Clock {
  readonly isVirtual = false;
  private readonly offsetMs: number;

  constructor (epochNs: bigint) {
    // performance.now() is per-thread (its origin is the thread's start) but cheap and precise;
    // anchor it once against the shared hrtime epoch.
    const hr = process.hrtime.bigint();
    const p = performance.now();
    this.offsetMs = Number(hr - epochNs) / 1e6 - p;
  }

  now (): number { return (performance.now() + this.offsetMs) * 1e6; }
  chargeDispatch (_nVectors: number): void {}
  spend (_ns: number): void {}
  advanceTo (_t: number): void {}
}

/** Per-thread virtual time, advanced only by the cost model and the scheduler. */
export class VirtualClock implements Clock {
  readonly isVirtual = true;
  /** Current virtual time of this thread, ns. */
  t = 0;

  constructor (readonly cost: CostModel = defaultCostModel) {}

  now (): number { return this.t; }
  chargeDispatch (nVectors: number): void {
    this.t += this.cost.dispatchCallNs + this.cost.dispatchVectorNs * nVectors;
  }
  spend (ns: number): void { this.t += ns; }
  advanceTo (t: number): void { if (t > this.t) this.t = t; }
}
