// src/bench/mode-bench-sample.ts: what `vppsim bench` reads of a running run at the edges of a
// measurement window (on main's JS thread, while every other thread goes on), and what one
// window measured: the difference of two samples.
//
//   per thread (vlib and app): CPU time from /proc/self/task/<lwp>/schedstat, sleeps
//   per session worker:        state transitions
//   per echo app:              messages sent and echoed, round-trip and stage-3 histograms
//   per stage (all apps):      vpp's stage-1 and stage-2 histograms (src/session/session-latency.ts)

import { readFileSync } from 'node:fs';
import { BARRIER_RELEASE_NO_SLEEP_NS } from '../../graph/file-poll.js';
import { kAppSleeps, kLwp, kStatSleeps, kTimeLastBarrierReleaseNs, type VlibShared } from '../../graph/shared-layout.js';
import { EB_BLOCK_WORDS, kEbPeerToAppHist, kEbReceived, kEbRttHist } from '../apps/echo-bench-stats.js';
import { SessionLatency, SessionLatencyStage } from '../session/session-latency.js';
import type { SessionInit } from '../session/session-main.js';
import { kWrkTransitions, SessionShared } from '../session/session-shared.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';

/** One sample, taken at `tNs` (the run's clock). */
export interface BenchSample {
  readonly tNs: number;
  /** When main last released the barrier, ns on the run's clock (0: never). */
  readonly barrierReleaseNs: number;
  /** Per slot (vlib threads, then apps): CPU time used so far, ns (NaN: unknown). */
  readonly cpuNs: Float64Array;
  /** Per slot: sleeps so far. */
  readonly sleeps: Float64Array;
  /** Per vlib thread: its session worker's state transitions so far. */
  readonly transitions: Float64Array;
  /** Per app: a copy of its echo bench stats block. */
  readonly apps: readonly Float64Array[];
  /** Stages 1 and 2 over every thread and app (LatencyHistogram words). */
  readonly stage1: Float64Array;
  readonly stage2: Float64Array;
}

/** CPU time of thread `lwp` of this process, ns; NaN if it cannot be read. */
export function taskCpuNs (lwp: number): number {
  if (lwp <= 0) return NaN;
  try {
    const s = readFileSync(`/proc/self/task/${lwp}/schedstat`, 'utf8');
    const ns = Number(s.slice(0, s.indexOf(' ')));
    return Number.isFinite(ns) ? ns : NaN;
  } catch {
    return NaN;
  }
}

/** Takes samples of one run. */
export class BenchSampler {
  private readonly session: SessionShared;
  private readonly latency: SessionLatency;
  private readonly stats: Float64Array;

  /**
   * `vlib`: the run's shared memory (nThreads vlib threads, nApps app threads); `session`: its
   * session layer; `statsSab`: the echo apps' blocks, app k in block k.
   */
  constructor (private readonly vlib: VlibShared, private readonly sessionInit: SessionInit, statsSab: SharedArrayBuffer, private readonly nApps: number) {
    this.session = new SessionShared(sessionInit.sharedSab, sessionInit.sharedParams);
    this.latency = new SessionLatency(sessionInit.latencySab, sessionInit.cfg.nThreads, sessionInit.cfg.latencyTags ?? 0);
    this.stats = new Float64Array(statsSab);
  }

  /** A sample now; `tNs` is the time on the run's clock. */
  sample (tNs: number): BenchSample {
    const v = this.vlib;
    const nThreads = this.sessionInit.cfg.nThreads;
    const nSlots = nThreads + this.nApps;
    const cpuNs = new Float64Array(nSlots);
    const sleeps = new Float64Array(nSlots);
    for (let s = 0; s < nSlots; s++) {
      const b = v.layout.threadBase(s);
      cpuNs[s] = taskCpuNs(Atomics.load(v.i32, b + kLwp));
      sleeps[s] = s < nThreads ? (v.f64[v.layout.threadStatsBase(s) + kStatSleeps] as number) : Atomics.load(v.i32, b + kAppSleeps) >>> 0;
    }
    const transitions = new Float64Array(nThreads);
    for (let t = 0; t < nThreads; t++) transitions[t] = Atomics.load(this.session.i32, this.session.layout.wrkBase(t) + kWrkTransitions) >>> 0;
    const apps: Float64Array[] = [];
    for (let k = 0; k < this.nApps; k++) apps.push(this.stats.slice(k * EB_BLOCK_WORDS, (k + 1) * EB_BLOCK_WORDS));
    return {
      tNs, barrierReleaseNs: v.f64[v.layout.f64Global(kTimeLastBarrierReleaseNs)] as number, cpuNs, sleeps, transitions, apps,
      stage1: this.latency.merged(SessionLatencyStage.AppToList).snapshot(),
      stage2: this.latency.merged(SessionLatencyStage.ListToDispatch).snapshot(),
    };
  }
}

/** A thread's role in a bench run. */
export type BenchThreadRole = 'main' | 'worker' | 'client' | 'server';

/** Percentiles of a window's latencies, ns; null fields: no samples. */
export interface BenchLatency {
  readonly samples: number;
  readonly p50Ns: number | null;
  readonly p99Ns: number | null;
  readonly p999Ns: number | null;
}

/** What one window measured. */
export interface BenchWindowMetrics {
  /** Its real length (between the two samples), ns. */
  readonly spanNs: number;
  /**
   * How much of it fell in the half second after a barrier release in which workers do not
   * sleep (src/vlib/main.c), ns: more than 0 means a warm-up was too short for this machine.
   */
  readonly noSleepOverlapNs: number;
  /** When the window began and ended, as sampled, ns on the run's clock. */
  readonly startNs: number;
  readonly endNs: number;
  /** Echoed messages per second (each a request and its echo), all clients. */
  readonly msgsPerSec: number;
  /** Round trips completed in the window. */
  readonly rtt: BenchLatency;
  /** One direction's stages, p50, ns: app post → worker takes it (1), → session-queue sends (2), → the peer app reads (3). */
  readonly stage1P50Ns: number | null;
  readonly stage2P50Ns: number | null;
  readonly stage3P50Ns: number | null;
  /** Per thread, in slot order: % of a core, and wakeups per second (sleeps it began; each ends in one wakeup). */
  readonly threads: readonly { readonly name: string; readonly role: BenchThreadRole; readonly cpuPct: number; readonly wakeupsPerSec: number }[];
  /** Per vlib thread (main first): session worker state transitions per second. */
  readonly transitionsPerSec: readonly number[];
}

function latencyOf (h: LatencyHistogram): BenchLatency {
  const n = h.count;
  if (n === 0) return { samples: 0, p50Ns: null, p99Ns: null, p999Ns: null };
  return { samples: n, p50Ns: h.quantile(0.5), p99Ns: h.quantile(0.99), p999Ns: h.quantile(0.999) };
}

const p50 = (h: LatencyHistogram): number | null => (h.count === 0 ? null : h.quantile(0.5));

/**
 * What happened between samples `a` and `b`: `names`/`roles` label the slots, `clients` are the
 * app indices of the clients.
 */
export function windowMetrics (a: BenchSample, b: BenchSample, names: readonly string[], roles: readonly BenchThreadRole[], clients: readonly number[]): BenchWindowMetrics {
  const dt = b.tNs - a.tNs;
  const sec = dt / 1e9;
  const rtt = new LatencyHistogram();
  const stage3 = new LatencyHistogram();
  let received = 0;
  for (let k = 0; k < a.apps.length; k++) {
    const x = a.apps[k] as Float64Array;
    const y = b.apps[k] as Float64Array;
    stage3.merge(LatencyHistogram.between(x, y, kEbPeerToAppHist, kEbPeerToAppHist));
    if (!clients.includes(k)) continue;
    rtt.merge(LatencyHistogram.between(x, y, kEbRttHist, kEbRttHist));
    received += (y[kEbReceived] as number) - (x[kEbReceived] as number);
  }
  const threads = names.map((name, s) => ({
    name,
    role: roles[s] as BenchThreadRole,
    cpuPct: (100 * ((b.cpuNs[s] as number) - (a.cpuNs[s] as number))) / dt,
    wakeupsPerSec: ((b.sleeps[s] as number) - (a.sleeps[s] as number)) / sec,
  }));
  const noSleepUntil = b.barrierReleaseNs > 0 ? b.barrierReleaseNs + BARRIER_RELEASE_NO_SLEEP_NS : 0;
  return {
    spanNs: dt,
    noSleepOverlapNs: Math.max(0, Math.min(b.tNs, noSleepUntil) - a.tNs),
    startNs: a.tNs,
    endNs: b.tNs,
    msgsPerSec: received / sec,
    rtt: latencyOf(rtt),
    stage1P50Ns: p50(LatencyHistogram.between(a.stage1, b.stage1)),
    stage2P50Ns: p50(LatencyHistogram.between(a.stage2, b.stage2)),
    stage3P50Ns: p50(stage3),
    threads,
    transitionsPerSec: Array.from(a.transitions, (x, t) => ((b.transitions[t] as number) - x) / sec),
  };
}
