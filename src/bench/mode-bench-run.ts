// src/bench/mode-bench-run.ts: one run of `vppsim bench`: a case (mode, app wait, workers, pairs)
// on real threads, through `vppsim run`'s machinery (planRun, runReal) with the echo bench apps,
// every load in its window (mode-bench-config.ts: benchTimeline), sampled by main's JS thread.

import { parseIp4 } from '../session/net.js';
import { parseStartupConfig } from '../config/startup-conf.js';
import { createEchoBenchStats } from '../apps/echo-bench-stats.js';
import { planRun, type PlannedApp } from '../run/run-plan.js';
import { runReal } from '../run/run-real.js';
import { VppsimError } from '../errors.js';
import { VPP_LIVELOCK_WORDS } from '../../graph/file-poll.js';
import { type BenchCase, benchCaseName, type BenchLoadName, type BenchOptions, benchStartupConf, benchTimeline } from './mode-bench-config.js';
import { type BenchSample, BenchSampler, type BenchThreadRole, type BenchWindowMetrics, windowMetrics } from './mode-bench-sample.js';

/** The servers' address (the default namespace's loopback) and first port. */
const SERVER_IP = parseIp4('6.0.1.1');
const FIRST_PORT = 5000;

/** One window of one run. */
export interface BenchRunWindow extends BenchWindowMetrics {
  readonly load: BenchLoadName;
  readonly offeredPerSec: number | null;
}

/** What one run measured. */
export interface BenchRunResult {
  readonly case: BenchCase;
  readonly rep: number;
  /** Wall time of the run, ns. */
  readonly wallNs: number;
  readonly windows: readonly BenchRunWindow[];
  /** Why the run has no windows: VPP's own livelock, reproduced (null: it ran). */
  readonly failure: string | null;
}

/**
 * The message of a VPP livelock (GraphError ERR_VPP_LIVELOCK) in `e`, or null. On real threads
 * it comes as a ThreadCrashError whose cause crossed threads and lost its `code`: its words say it.
 */
function livelockOf (e: unknown): string | null {
  return e instanceof Error && e.message.includes(VPP_LIVELOCK_WORDS) ? e.message : null;
}

/**
 * Runs case `c` once (repetition `rep`). A run that hits a livelock VPP itself has (ERR_VPP_LIVELOCK:
 * 16 app rx mq eventfds readable at once on one worker) returns with `failure` set. Throws
 * VppsimError if a window was not sampled (main's thread starved), or what else the run throws.
 */
export async function runBenchCase (o: BenchOptions, c: BenchCase, rep: number): Promise<BenchRunResult> {
  const tl = benchTimeline(o, c.pairs);
  const nApps = 2 * c.pairs;
  const statsSab = createEchoBenchStats(nApps);
  const vcl = c.appWait === 'eventfd' ? { useMqEventfd: true } : { useMqEventfd: false, pollIntervalNs: 0 };
  const extraApps: Omit<PlannedApp, 'k'>[] = [];
  const clients: number[] = [];
  for (let p = 0; p < c.pairs; p++) {
    const port = FIRST_PORT + p;
    extraApps.push({
      name: `server-${p}`, ns: 'default', startNs: 0, isClient: false, vcl,
      options: { tool: 'echo_bench_server', port, stats: { sab: statsSab, index: extraApps.length } },
    });
    clients.push(extraApps.length);
    extraApps.push({
      name: `client-${p}`, ns: 'default', startNs: tl.connectAtNs, isClient: false, vcl,
      options: { tool: 'echo_bench_client', ip: SERVER_IP, port, sizeBytes: o.sizeBytes, phases: tl.phases, stats: { sab: statsSab, index: extraApps.length } },
    });
  }
  const config = parseStartupConfig(benchStartupConf(c), `<bench ${c.mode}>`);
  const plan = planRun({ config, script: null, scenario: null, clock: 'real', durationNs: tl.durationNs, extraApps });
  const nThreads = plan.nThreads;
  const names = [...plan.threadNames.slice(0, nThreads), ...extraApps.map((a) => a.name)];
  const roles: BenchThreadRole[] = names.map((_, s) => (s === 0 ? 'main' : s < nThreads ? 'worker' : clients.includes(s - nThreads) ? 'client' : 'server'));
  const starts: (BenchSample | null)[] = tl.windows.map(() => null);
  const ends: (BenchSample | null)[] = tl.windows.map(() => null);
  let sampler: BenchSampler | null = null;
  const t0 = performance.now();
  const r = await runReal(plan, {
    onPoll: (now, shared, session) => {
      sampler ??= new BenchSampler(shared, session, statsSab, nApps);
      for (let w = 0; w < tl.windows.length; w++) {
        const win = tl.windows[w] as (typeof tl.windows)[number];
        if (starts[w] === null && now >= win.startNs && now < win.endNs) starts[w] = sampler.sample(now);
        if (ends[w] === null && starts[w] !== null && now >= win.endNs) ends[w] = sampler.sample(now);
      }
    },
  }).catch((e: unknown) => {
    // a livelock VPP has too (graph/file-poll.ts) is a result of the case, not a bench failure
    const why = livelockOf(e);
    if (why === null) throw e;
    return why;
  });
  if (typeof r === 'string') return { case: c, rep, wallNs: (performance.now() - t0) * 1e6, windows: [], failure: r };
  const windows = tl.windows.map((win, w): BenchRunWindow => {
    const a = starts[w] ?? null;
    const b = ends[w] ?? null;
    if (a === null || b === null) throw new VppsimError('ERR_BENCH_SAMPLE', `${benchCaseName(c)}: the ${win.load} window was not sampled (main's thread did not run in it)`);
    return { load: win.load, offeredPerSec: win.offeredPerSec, ...windowMetrics(a, b, names, roles, clients) };
  });
  return { case: c, rep, wallNs: r.wallNs, windows, failure: null };
}
