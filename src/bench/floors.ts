// src/bench/floors.ts: this machine's raw floors, measured in the same run as the figures they
// are compared to (`vppsim bench` prints every figure beside them). Two-thread floors run on two
// piscina worker threads (floors-worker.ts); single-thread floors on one of them.
//
//   raw SAB SPSC ring throughput      producer ──ring──▶ consumer (polling), 20-byte messages
//   Atomics.wait/notify latency       initiator ─ping─▶ responder ─pong─▶ initiator, both asleep
//   busy-poll latency                 the same, both spinning on Atomics.load
//   node-dispatch floor               plain-JS calls through a table, copy loops (one thread)
//   timer granularity                 Atomics.wait(…, 10 ms | 1 ms | 100 µs) overshoot and CPU (one thread)
//
// The figures are what the simulator's mechanisms cost on bare JS here: the ring is the floor of
// svm_msg_q, wait/notify the floor of a thread wakeup (vlib_thread_wakeup → epoll_pwait's
// return), busy polling the floor of a polling thread's reaction, the dispatch floor the floor of
// a vlib main loop, the timer overshoot the granularity of a real-clock sleep (which the virtual
// clock's sleep granularity is calibrated from). No figure is asserted anywhere.

import { cpus } from 'node:os';
import { VppsimError } from '../errors.js';
import { floorCtlSab } from './floors-layout.js';
import { createFloorPool, type FloorPool, runFloorPair, runFloorTask } from './floors-pool.js';
import type { DispatchFloorSide, PingPongFloorSide, RingFloorSide, TimerFloorSide } from './floors-worker.js';
import { RAW_RING_MSG_BYTES, rawRingBytes } from './raw-ring-layout.js';
import { sampleQuantiles } from './sample-stats.js';

/** Options of {@link measureFloors}. */
export interface FloorOptions {
  /**
   * true: fewer messages and samples, the whole measurement in about 10 s on a 2-core machine;
   * false: the full counts, under about 60 s.
   */
  readonly quick: boolean;
}

/** Raw SAB SPSC ring throughput on two threads, the consumer polling. */
export interface RingThroughputFloor {
  /** Messages per producer publish and per consumer release; 1 = unbatched. */
  readonly batch: number;
  /** Ring depth, slots. */
  readonly capacitySlots: number;
  /** Payload per message, bytes (20: a session event). */
  readonly payloadBytes: number;
  /** Median over the runs of messages per second over the consumer's wall time. */
  readonly msgsPerSec: number;
  /** Slowest and fastest run, messages per second. */
  readonly minMsgsPerSec: number;
  readonly maxMsgsPerSec: number;
  /** Messages per run. */
  readonly msgsPerRun: number;
  /** Runs (fresh ring each). */
  readonly samples: number;
}

/** One-way latency of a ping-pong between two threads: each round trip halved. */
export interface OneWayLatencyFloor {
  readonly medianNs: number;
  readonly p99Ns: number;
  /** p99.9 (nearest rank: with fewer than 1,000 samples, the maximum). */
  readonly p999Ns: number;
  readonly minNs: number;
  readonly maxNs: number;
  /** Round trips kept. */
  readonly samples: number;
  /** Round trips run first and not kept (JIT and caches warming). */
  readonly warmupSamples: number;
}

/** Plain-JS node-dispatch floor (dispatch-floor.ts), one thread. */
export interface DispatchCostFloor {
  /** One node call handling one element: floor main loop at 1 vector / calls per loop, ns. */
  readonly perCallNs: number;
  /**
   * One more element in a node call: (loop at 256 vectors − loop at 1) / (calls × 255), ns.
   * Compare with graph-dispatch's per-vector figure.
   */
  readonly perElementNs: number;
  /** Median floor main loop at 1 vector per frame, ns. */
  readonly loopNsAt1: number;
  /** Median floor main loop at `frameVectors` per frame, ns. */
  readonly loopNsAtFrame: number;
  readonly frameVectors: number;
  /** Node calls per floor main loop (input + 3 internal, as bench/graph-dispatch.ts). */
  readonly callsPerLoop: number;
  /** Timed samples per frame size; each times `itersAt1` or `itersAtFrame` loops. */
  readonly samples: number;
  readonly itersAt1: number;
  readonly itersAtFrame: number;
}

/** How late `Atomics.wait(word, v, timeout)` returns when nobody notifies, one thread. */
export interface TimerOvershootFloor {
  readonly timeoutNs: number;
  /** Return time minus the timeout, ns. */
  readonly medianOvershootNs: number;
  readonly p99OvershootNs: number;
  readonly maxOvershootNs: number;
  /** Waits timed (after a few not kept). */
  readonly samples: number;
  /**
   * CPU time per wait, ns (schedstat; NaN if unknown): what one timed sleep and its wakeup cost
   * a thread that does nothing else, the floor of an idle thread's CPU.
   */
  readonly cpuNsPerWait: number;
}

/** Everything {@link measureFloors} measured. */
export interface Floors {
  readonly quick: boolean;
  /** `process.version`, `os.cpus().length`. */
  readonly node: string;
  readonly nCpus: number;
  /** Wall time of the whole measurement, ms. */
  readonly wallMs: number;
  readonly ringUnbatched: RingThroughputFloor;
  /** Batch 32. */
  readonly ringBatched: RingThroughputFloor;
  /** Both sides sleeping in Atomics.wait, woken by Atomics.notify. */
  readonly waitNotifyLatency: OneWayLatencyFloor;
  /** Both sides spinning on Atomics.load. */
  readonly busyPollLatency: OneWayLatencyFloor;
  readonly dispatch: DispatchCostFloor;
  readonly timerWait1ms: TimerOvershootFloor;
  readonly timerWait100us: TimerOvershootFloor;
  /** 10 ms: the longest epoll timeout `vlib_file_poll` uses, so an idle vlib thread's sleep. */
  readonly timerWait10ms: TimerOvershootFloor;
}

/** Counts per mode. Budgets (ms) cap a figure on a loaded machine: it keeps what it got. */
const kPlan = {
  quick: {
    ringMsgs: 2_000_000, ringRuns: 3, ringWarmupMsgs: 500_000,
    waitRounds: 10_000, waitWarmup: 500, waitBudgetMs: 1_500,
    spinRounds: 100_000, spinWarmup: 5_000, spinBudgetMs: 1_000,
    timer1msSamples: 500, timer100usSamples: 1_000, timer10msSamples: 60, timerBudgetMs: 1_000,
    dispatchSamples: 100, dispatchSampleMs: 2,
  },
  full: {
    ringMsgs: 5_000_000, ringRuns: 7, ringWarmupMsgs: 1_000_000,
    waitRounds: 100_000, waitWarmup: 2_000, waitBudgetMs: 8_000,
    spinRounds: 1_000_000, spinWarmup: 20_000, spinBudgetMs: 4_000,
    timer1msSamples: 3_000, timer100usSamples: 10_000, timer10msSamples: 300, timerBudgetMs: 4_000,
    dispatchSamples: 500, dispatchSampleMs: 3,
  },
} as const;

/** Ring depth: 2048 slots, as an app rx mq's ring 0 with VCL's default evt_q_size. */
const kRingCapacity = 2048;
const kRingBatch = 32;
/** A side still running this long after its start gives up (floors-worker.ts). */
const kHangMs = 30_000;
const kTimerWarmup = 5;

type Plan = (typeof kPlan)['quick'] | (typeof kPlan)['full'];

/** Validates once, at the edge: everything below trusts the options. */
function checkOptions (o: FloorOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('options must be an object');
  if (typeof o.quick !== 'boolean') throw new TypeError('options.quick must be a boolean');
}

/**
 * Measures every floor on two worker threads; resolves in about 10 s (`quick`) or under 60 s.
 * A thread that throws ends the measurement with ThreadCrashError (its error as `cause`); a side
 * that stops making progress gives up after 30 s, never hangs.
 */
export async function measureFloors (o: FloorOptions): Promise<Floors> {
  checkOptions(o);
  const plan: Plan = o.quick ? kPlan.quick : kPlan.full;
  const started = performance.now();
  const pool = createFloorPool();
  try {
    await ringRun(pool, 1, plan.ringWarmupMsgs); // warm both threads' JITs
    await ringRun(pool, kRingBatch, plan.ringWarmupMsgs);
    const ringUnbatched = await ringFloor(pool, 1, plan);
    const ringBatched = await ringFloor(pool, kRingBatch, plan);
    const waitNotifyLatency = await pingPong(pool, true, plan.waitRounds, plan.waitWarmup, plan.waitBudgetMs);
    const busyPollLatency = await pingPong(pool, false, plan.spinRounds, plan.spinWarmup, plan.spinBudgetMs);
    const timerWait1ms = await timerFloor(pool, 1e6, plan.timer1msSamples, plan.timerBudgetMs);
    const timerWait100us = await timerFloor(pool, 1e5, plan.timer100usSamples, plan.timerBudgetMs);
    const timerWait10ms = await timerFloor(pool, 1e7, plan.timer10msSamples, plan.timerBudgetMs);
    const dispatch = await dispatchFloor(pool, plan);
    return {
      quick: o.quick, node: process.version, nCpus: cpus().length, wallMs: performance.now() - started,
      ringUnbatched, ringBatched, waitNotifyLatency, busyPollLatency, dispatch, timerWait1ms, timerWait100us, timerWait10ms,
    };
  } finally {
    await pool.destroy();
  }
}

// --- the floors -------------------------------------------------------------------------------

/** One ring run of `n` messages; returns messages per second over the consumer's wall time. */
async function ringRun (pool: FloorPool, batch: number, n: number): Promise<number> {
  const sab = new SharedArrayBuffer(rawRingBytes(kRingCapacity));
  const ctl = floorCtlSab();
  const base = { kind: 'ring', sab, capacity: kRingCapacity, batch, n, ctl, hangMs: kHangMs } as const;
  const what = `raw ring batch ${batch}`;
  const [p, c] = await runFloorPair(pool, { ...base, role: 'producer' }, { ...base, role: 'consumer' }, ctl, what) as [RingFloorSide, RingFloorSide];
  if (c.count !== n || p.count !== n || c.checksum !== p.checksum) {
    throw new VppsimError('ERR_BENCH_RING', `floors: ${what}: sent ${p.count}, received ${c.count}, checksums ${p.checksum} / ${c.checksum}`);
  }
  return n / (c.wallNs / 1e9);
}

async function ringFloor (pool: FloorPool, batch: number, plan: Plan): Promise<RingThroughputFloor> {
  const rates: number[] = [];
  for (let i = 0; i < plan.ringRuns; i++) rates.push(await ringRun(pool, batch, plan.ringMsgs));
  const q = sampleQuantiles(Float64Array.from(rates));
  return {
    batch, capacitySlots: kRingCapacity, payloadBytes: RAW_RING_MSG_BYTES,
    msgsPerSec: q.median, minMsgsPerSec: q.min, maxMsgsPerSec: q.max, msgsPerRun: plan.ringMsgs, samples: q.samples,
  };
}

async function pingPong (pool: FloorPool, sleep: boolean, rounds: number, warmup: number, budgetMs: number): Promise<OneWayLatencyFloor> {
  const ctl = floorCtlSab();
  const base = { kind: 'pingpong', sleep, rounds: rounds + warmup, budgetMs, ctl, hangMs: kHangMs } as const;
  const what = `ping-pong (${sleep ? 'Atomics.wait/notify' : 'busy poll'})`;
  const [init] = await runFloorPair(pool, { ...base, role: 'initiator' }, { ...base, role: 'responder' }, ctl, what) as [PingPongFloorSide, PingPongFloorSide];
  const kept = init.rttNs.subarray(Math.min(warmup, init.rounds));
  const q = sampleQuantiles(kept, 0.5);
  return {
    medianNs: q.median, p99Ns: q.p99, p999Ns: q.p999, minNs: q.min, maxNs: q.max,
    samples: q.samples, warmupSamples: init.rounds - q.samples,
  };
}

async function timerFloor (pool: FloorPool, timeoutNs: number, samples: number, budgetMs: number): Promise<TimerOvershootFloor> {
  const r: TimerFloorSide = await runFloorTask(pool, { kind: 'timer', timeoutNs, samples, warmup: kTimerWarmup, budgetMs }, `timer ${timeoutNs / 1e3} µs`);
  const q = sampleQuantiles(r.overshootNs);
  return { timeoutNs, medianOvershootNs: q.median, p99OvershootNs: q.p99, maxOvershootNs: q.max, samples: q.samples, cpuNsPerWait: r.cpuNs / Math.max(1, q.samples) };
}

async function dispatchFloor (pool: FloorPool, plan: Plan): Promise<DispatchCostFloor> {
  const r: DispatchFloorSide = await runFloorTask(pool, { kind: 'dispatch', samples: plan.dispatchSamples, sampleMs: plan.dispatchSampleMs }, 'dispatch floor');
  const at1 = sampleQuantiles(r.loopNsAt1).median;
  const atFrame = sampleQuantiles(r.loopNsAtFrame).median;
  return {
    perCallNs: at1 / r.callsPerLoop,
    perElementNs: (atFrame - at1) / (r.callsPerLoop * (r.frameVectors - 1)),
    loopNsAt1: at1, loopNsAtFrame: atFrame, frameVectors: r.frameVectors, callsPerLoop: r.callsPerLoop,
    samples: r.loopNsAt1.length, itersAt1: r.itersAt1, itersAtFrame: r.itersAtFrame,
  };
}
