// src/bench/mode-bench-figures.ts: the figures `vppsim bench` reports for one case and load, each
// with min/median/max over the repetitions, and each beside its floor (this machine's, measured
// in the same run: floors.ts) as a ratio, figure / floor.
//
//   figure                    floor
//   msgs/s                    raw SAB SPSC ring, unbatched, msgs/s
//   RTT p50 / p99 / p99.9     one wake-up per hop of the round trip (client → worker → server →
//                             worker → client): Atomics.wait/notify one-way latency for a hop
//                             whose receiver sleeps (an app on its eventfd, an adaptive worker),
//                             busy-poll one-way latency for one that polls; same percentile
//   stage 1 p50               one hop into the worker (as above)
//   stage 2 p50               one floor main loop (the JS dispatch floor's loop at 1 vector)
//   stage 3 p50               one hop into the app (as above)
//   CPU per message           one JS node call (the dispatch floor per call)
//   worker CPU %              the worker's wakeups/s × the CPU of one bare timed Atomics.wait
//                             (the 100 µs, 1 ms or 10 ms one nearest its mean sleep)
//   the rest                  no floor (null)

import type { Floors, OneWayLatencyFloor, TimerOvershootFloor } from './floors.js';
import type { BenchAppWait, BenchCase, BenchMode } from './mode-bench-config.js';
import type { BenchRunWindow } from './mode-bench-run.js';
import { quantileSorted } from './sample-stats.js';

/** Every figure of a window, flat: what is aggregated over repetitions. */
export const BENCH_FIGURES = [
  'msgsPerSec', 'rttP50Ns', 'rttP99Ns', 'rttP999Ns', 'stage1P50Ns', 'stage2P50Ns', 'stage3P50Ns',
  'cpuMainPct', 'cpuWorkerPct', 'cpuClientsPct', 'cpuServersPct', 'cpuTotalPct', 'cpuSecPerMillionMsgs',
  'workerWakeupsPerSec', 'wakeupsPerSec', 'transitionsPerSec',
] as const;
export type BenchFigure = (typeof BENCH_FIGURES)[number];

/** A figure's unit and what it is (for the reports). */
export const BENCH_FIGURE_INFO: Readonly<Record<BenchFigure, { readonly unit: string; readonly what: string }>> = {
  msgsPerSec: { unit: 'msg/s', what: 'echoed messages per second (a request and its echo), all pairs' },
  rttP50Ns: { unit: 'ns', what: 'round trip p50, write of a message to the read of its last echoed byte' },
  rttP99Ns: { unit: 'ns', what: 'round trip p99' },
  rttP999Ns: { unit: 'ns', what: 'round trip p99.9' },
  stage1P50Ns: { unit: 'ns', what: 'stage 1 p50: an app posts a TX event → its worker takes it off the mq' },
  stage2P50Ns: { unit: 'ns', what: 'stage 2 p50: taken off the mq → session-queue sends it' },
  stage3P50Ns: { unit: 'ns', what: 'stage 3 p50: session-queue sends → the peer app reads it' },
  cpuMainPct: { unit: '%', what: 'vpp_main CPU, % of a core' },
  cpuWorkerPct: { unit: '%', what: 'busiest worker CPU, % of a core' },
  cpuClientsPct: { unit: '%', what: 'client apps CPU together, % of a core' },
  cpuServersPct: { unit: '%', what: 'server apps CPU together, % of a core' },
  cpuTotalPct: { unit: '%', what: 'every thread together, % of a core' },
  cpuSecPerMillionMsgs: { unit: 's', what: 'CPU of every thread per million echoed messages, s' },
  workerWakeupsPerSec: { unit: '/s', what: 'busiest worker wakeups per second' },
  wakeupsPerSec: { unit: '/s', what: 'wakeups per second, every thread' },
  transitionsPerSec: { unit: '/s', what: 'session worker state transitions per second, every worker' },
};

/** The figures of one window. */
export type BenchFigures = Readonly<Record<BenchFigure, number | null>>;

/** Flattens a window into its figures. */
export function windowFigures (w: BenchRunWindow): BenchFigures {
  const sum = (role: string): number => w.threads.filter((t) => t.role === role).reduce((s, t) => s + t.cpuPct, 0);
  const workers = w.threads.filter((t) => t.role === 'worker');
  const total = w.threads.reduce((s, t) => s + t.cpuPct, 0);
  const cpuSecPerSec = total / 100;
  return {
    msgsPerSec: w.msgsPerSec,
    rttP50Ns: w.rtt.p50Ns,
    rttP99Ns: w.rtt.p99Ns,
    rttP999Ns: w.rtt.p999Ns,
    stage1P50Ns: w.stage1P50Ns,
    stage2P50Ns: w.stage2P50Ns,
    stage3P50Ns: w.stage3P50Ns,
    cpuMainPct: sum('main'),
    cpuWorkerPct: workers.length === 0 ? null : Math.max(...workers.map((t) => t.cpuPct)),
    cpuClientsPct: sum('client'),
    cpuServersPct: sum('server'),
    cpuTotalPct: total,
    cpuSecPerMillionMsgs: w.msgsPerSec > 0 ? (cpuSecPerSec / w.msgsPerSec) * 1e6 : null,
    workerWakeupsPerSec: workers.length === 0 ? null : Math.max(...workers.map((t) => t.wakeupsPerSec)),
    wakeupsPerSec: w.threads.reduce((s, t) => s + t.wakeupsPerSec, 0),
    transitionsPerSec: w.transitionsPerSec.reduce((s, x) => s + x, 0),
  };
}

/** Min, median and max over repetitions; null where no repetition had the figure. */
export interface BenchStat {
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

/** Aggregates repetitions' figures. */
export function aggregateFigures (reps: readonly BenchFigures[]): Readonly<Record<BenchFigure, BenchStat>> {
  const out = {} as Record<BenchFigure, BenchStat>;
  for (const f of BENCH_FIGURES) {
    const xs = Float64Array.from(reps.map((r) => r[f]).filter((x): x is number => x !== null && Number.isFinite(x))).sort();
    out[f] = xs.length === 0 ? { min: null, median: null, max: null } : { min: xs[0] as number, median: quantileSorted(xs, 0.5), max: xs[xs.length - 1] as number };
  }
  return out;
}

/** Which hops of a round trip sleep in a case: the apps' (eventfd) and the workers' (adaptive). */
export function sleepingHops (mode: BenchMode, appWait: BenchAppWait): { readonly app: boolean; readonly worker: boolean } {
  return { app: appWait === 'eventfd', worker: mode === 'adaptive' };
}

const hopFloor = (sleeps: boolean, f: Floors, q: (l: OneWayLatencyFloor) => number): number =>
  q(sleeps ? f.waitNotifyLatency : f.busyPollLatency);

/** The timer floor whose timeout is nearest (on a log scale) to a sleep of `sleepNs`. */
function timerFloorFor (f: Floors, sleepNs: number): TimerOvershootFloor {
  const all = [f.timerWait100us, f.timerWait1ms, f.timerWait10ms];
  let best = all[0] as TimerOvershootFloor;
  for (const t of all) if (Math.abs(Math.log(t.timeoutNs / sleepNs)) < Math.abs(Math.log(best.timeoutNs / sleepNs))) best = t;
  return best;
}

/**
 * The floors of one case, by figure (null: no floor); `workerWakeupsPerSec` is the window's
 * (median) busiest-worker wakeup rate.
 */
export function figureFloors (c: BenchCase, f: Floors, workerWakeupsPerSec: number | null): Readonly<Record<BenchFigure, number | null>> {
  const hops = sleepingHops(c.mode, c.appWait);
  const rtt = (q: (l: OneWayLatencyFloor) => number): number => 2 * hopFloor(hops.app, f, q) + 2 * hopFloor(hops.worker, f, q);
  const wake = workerWakeupsPerSec;
  const perWait = wake === null || wake <= 0 ? NaN : timerFloorFor(f, 1e9 / wake).cpuNsPerWait;
  return {
    msgsPerSec: f.ringUnbatched.msgsPerSec,
    rttP50Ns: rtt((l) => l.medianNs),
    rttP99Ns: rtt((l) => l.p99Ns),
    rttP999Ns: rtt((l) => l.p999Ns),
    stage1P50Ns: hopFloor(hops.worker, f, (l) => l.medianNs),
    stage2P50Ns: f.dispatch.loopNsAt1,
    stage3P50Ns: hopFloor(hops.app, f, (l) => l.medianNs),
    cpuMainPct: null,
    cpuWorkerPct: wake !== null && wake > 0 && Number.isFinite(perWait) ? (wake * perWait) / 1e7 : null,
    cpuClientsPct: null,
    cpuServersPct: null,
    cpuTotalPct: null,
    cpuSecPerMillionMsgs: f.dispatch.perCallNs * 1e6 / 1e9,
    workerWakeupsPerSec: null,
    wakeupsPerSec: null,
    transitionsPerSec: null,
  };
}

/** figure / floor for each figure (the figure's median); null without either. */
export function figureRatios (stats: Readonly<Record<BenchFigure, BenchStat>>, floors: Readonly<Record<BenchFigure, number | null>>): Readonly<Record<BenchFigure, number | null>> {
  const out = {} as Record<BenchFigure, number | null>;
  for (const k of BENCH_FIGURES) {
    const v = stats[k].median;
    const fl = floors[k];
    out[k] = v === null || fl === null || !(fl > 0) ? null : v / fl;
  }
  return out;
}
