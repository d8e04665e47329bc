// src/bench/mode-bench-config.ts: what `vppsim bench` runs: the scheduling modes (each named by
// the VPP configuration that produces it), the app side's wait, the offered loads, and the
// timeline of one run. One run per mode × app wait × workers × pairs × repetition goes through
// every load in turn, each in its own measurement window:
//
//   0 ─ warm-up ─┬ idle-none ┬─ connect, warm-up ─┬ idle ┬ settle ┬ 1k ┬ settle ┬ 10k ┬ … ┬ max ┤
//                 no session                        sessions open, clients paced then unpaced
//
// A warm-up is longer than the half second after each barrier release in which a vlib thread
// does not sleep (src/vlib/main.c: `time_last_barrier_release + 0.5`), so that idle windows
// measure the sleeping scheduler, not that quirk.

import { ConfigError } from '../errors.js';
import type { EchoBenchLoad, EchoBenchPhase } from '../apps/echo-bench.js';

/** Scheduling modes, by the `session { }` stanza that produces them. */
export const BENCH_MODES = ['polling', 'rx-mqs-polling', 'adaptive'] as const;
export type BenchMode = (typeof BENCH_MODES)[number];

/** The `session { }` stanza of each mode (VPP's words). */
export const BENCH_MODE_SESSION: Readonly<Record<BenchMode, string>> = {
  /** Default session config: apps post to the shared worker mqs, workers poll. */
  polling: 'session { enable }',
  /** Private rx mqs, the worker's state pinned to POLLING. */
  'rx-mqs-polling': 'session { enable use-private-rx-mqs no-adaptive }',
  /** Private rx mqs, adaptive: VPP's "interrupt mode". */
  adaptive: 'session { enable use-private-rx-mqs }',
};

/** How the apps wait for vpp's events: sleeping on their event queue's eventfd, or busy polling it. */
export const BENCH_APP_WAITS = ['eventfd', 'poll'] as const;
export type BenchAppWait = (typeof BENCH_APP_WAITS)[number];

/** Offered loads, in the order a run goes through them. `idle-none`: apps attached, no session. */
export const BENCH_LOADS = ['idle-none', 'idle', '1k', '10k', '100k', 'max'] as const;
export type BenchLoadName = (typeof BENCH_LOADS)[number];

/** Offered echo messages per second of each paced load (all pairs together). */
export const BENCH_LOAD_RATE: Readonly<Partial<Record<BenchLoadName, number>>> = { '1k': 1e3, '10k': 1e4, '100k': 1e5 };

/** Everything a bench run is told. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Repetitions of every case (min/median/max over them). */
  readonly reps: number;
  readonly modes: readonly BenchMode[];
  readonly appWaits: readonly BenchAppWait[];
  /** Session worker counts (`cpu { workers N }`). */
  readonly workers: readonly number[];
  /** Client/server app pairs. */
  readonly pairs: readonly number[];
  /** Echo message size, bytes. */
  readonly sizeBytes: number;
  /** Messages each client keeps in flight at the unpaced maximum. */
  readonly maxInFlight: number;
  /** Measurement window per load, ns. */
  readonly windowNs: number;
  /** Before the idle-none window and after connecting, ns. */
  readonly warmupNs: number;
  /** From a load's start to its window, ns (the scheduler settles into the new load). */
  readonly settleNs: number;
}

/** Defaults: `--quick` (under 60 s on a 2-core machine) and the full run (about 10 minutes). */
export function defaultBenchOptions (quick: boolean): BenchOptions {
  return quick
    ? {
        quick, reps: 1, modes: BENCH_MODES, appWaits: BENCH_APP_WAITS, workers: [1], pairs: [1],
        sizeBytes: 64, maxInFlight: 256, windowNs: 250e6, warmupNs: 1e9, settleNs: 50e6,
      }
    : {
        quick, reps: 3, modes: BENCH_MODES, appWaits: BENCH_APP_WAITS, workers: [1, 2], pairs: [1, 8],
        sizeBytes: 64, maxInFlight: 256, windowNs: 1e9, warmupNs: 1e9, settleNs: 100e6,
      };
}

/** Checks options at the edge; throws ConfigError naming the option (one line). */
export function checkBenchOptions (o: BenchOptions): void {
  const bad = (opt: string, why: string): never => { throw new ConfigError(`--${opt}: ${why}`); };
  if (!Number.isInteger(o.reps) || o.reps < 1 || o.reps > 100) bad('reps', `${o.reps} is not a whole number from 1 to 100`);
  if (o.modes.length === 0) bad('modes', 'names no mode');
  for (const m of o.modes) if (!BENCH_MODES.includes(m)) bad('modes', `unknown mode '${m}' (one of ${BENCH_MODES.join(', ')})`);
  if (o.appWaits.length === 0) bad('app-wait', 'names no wait');
  for (const w of o.appWaits) if (!BENCH_APP_WAITS.includes(w)) bad('app-wait', `unknown wait '${w}' (one of ${BENCH_APP_WAITS.join(', ')})`);
  for (const n of o.workers) if (!Number.isInteger(n) || n < 1 || n > 8) bad('workers', `${n} is not a whole number from 1 to 8`);
  for (const n of o.pairs) if (!Number.isInteger(n) || n < 1 || n > 32) bad('pairs', `${n} is not a whole number from 1 to 32`);
  if (!Number.isInteger(o.sizeBytes) || o.sizeBytes < 1 || o.sizeBytes > 65536) bad('size', `${o.sizeBytes} is not a whole number of bytes from 1 to 65536`);
  if (!Number.isInteger(o.maxInFlight) || o.maxInFlight < 1 || o.maxInFlight > 4096) bad('in-flight', `${o.maxInFlight} is not a whole number from 1 to 4096`);
  // what is in flight must fit the smallest fifo (VCL's default 1 MiB) with room to spare
  if (o.maxInFlight * o.sizeBytes > (1 << 19)) bad('in-flight', `${o.maxInFlight} messages of ${o.sizeBytes} bytes exceed half of a 1 MiB fifo`);
  if (!(o.windowNs >= 10e6 && o.windowNs <= 60e9)) bad('window', `${o.windowNs / 1e6} ms is not from 10 ms to 60 s`);
}

/** One case: a mode, how apps wait, workers and pairs. */
export interface BenchCase {
  readonly mode: BenchMode;
  readonly appWait: BenchAppWait;
  readonly workers: number;
  readonly pairs: number;
}

/** Every case of `o`, workers and pairs outermost (a table each), then mode and app wait. */
export function benchCases (o: BenchOptions): BenchCase[] {
  const out: BenchCase[] = [];
  for (const workers of o.workers) for (const pairs of o.pairs) for (const mode of o.modes) for (const appWait of o.appWaits) out.push({ mode, appWait, workers, pairs });
  return out;
}

/** A case's short name: `adaptive/eventfd w1 p8`. */
export const benchCaseName = (c: BenchCase): string => `${c.mode}/${c.appWait} w${c.workers} p${c.pairs}`;

/** The startup.conf of a case. */
export function benchStartupConf (c: BenchCase): string {
  return `unix { nodaemon }\ncpu { workers ${c.workers} }\n${BENCH_MODE_SESSION[c.mode]}\n`;
}

/**
 * From a window's end to the next load's start, ns: main samples every 5 ms, so the end sample
 * comes a little after the end; this keeps the next load out of it.
 */
export const BENCH_WINDOW_GAP_NS = 30e6;

/** One measurement window, ns on the run's clock. */
export interface BenchWindow {
  readonly load: BenchLoadName;
  readonly startNs: number;
  readonly endNs: number;
  /** Offered echo messages per second, all clients; null: unpaced. */
  readonly offeredPerSec: number | null;
}

/** When everything happens in one run. */
export interface BenchTimeline {
  readonly windows: readonly BenchWindow[];
  /** When the clients start (and connect), ns. */
  readonly connectAtNs: number;
  /** Each client's phases (paced rates are per client). */
  readonly phases: readonly EchoBenchPhase[];
  /** The run's length, ns. */
  readonly durationNs: number;
}

/** The timeline of a run with `pairs` client/server pairs. */
export function benchTimeline (o: BenchOptions, pairs: number): BenchTimeline {
  const windows: BenchWindow[] = [];
  const phases: EchoBenchPhase[] = [];
  let t = o.warmupNs;
  windows.push({ load: 'idle-none', startNs: t, endNs: t + o.windowNs, offeredPerSec: 0 });
  t += o.windowNs;
  const connectAtNs = t;
  t += o.warmupNs;
  windows.push({ load: 'idle', startNs: t, endNs: t + o.windowNs, offeredPerSec: 0 });
  t += o.windowNs;
  for (const load of BENCH_LOADS) {
    if (load === 'idle-none' || load === 'idle') continue;
    t += BENCH_WINDOW_GAP_NS; // the previous window's end sample comes before this load starts
    const rate = BENCH_LOAD_RATE[load] ?? null;
    const l: EchoBenchLoad = rate === null ? { kind: 'max', window: o.maxInFlight } : { kind: 'paced', rate: rate / pairs };
    phases.push({ atNs: t, load: l });
    windows.push({ load, startNs: t + o.settleNs, endNs: t + o.settleNs + o.windowNs, offeredPerSec: rate });
    t += o.settleNs + o.windowNs;
  }
  return { windows, connectAtNs, phases, durationNs: t + 20e6 };
}
