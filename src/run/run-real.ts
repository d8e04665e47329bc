// src/run/run-real.ts: a planned run on real threads: one piscina worker per vlib thread and per
// external app; it ends when the script (with its client apps and end shows) is done, or at its
// duration (then main runs the end shows first), or at the safety cap.

import { runRealThreads } from '../runtime/real-run.js';
import type { RunThreadExtra, RunUser } from '../runtime/run-graph.js';
import type { VlibShared } from '../../graph/shared-layout.js';
import type { SessionInit } from '../session/session-main.js';
import { VppsimError } from '../errors.js';
import type { ExternalAppResult } from './external-app.js';
import { kRunCliFailed, kRunEndRequested, kRunScriptDone, RunControl } from './run-control.js';
import { layoutRun } from './run-layout.js';
import type { RunPlan } from './run-plan.js';
import type { RunResult } from './run-result.js';

/** Wall time a run without a duration may take before it is stopped as stuck, ns (10 minutes). */
export const REAL_RUN_CAP_NS = 600e9;
/** Wall time the end shows may take after the duration, ns. */
const END_GRACE_NS = 30e9;

const graphModule = new URL('../runtime/run-graph.js', import.meta.url).href;
const appModule = new URL('../runtime/external-app-module.js', import.meta.url).href;

/** How a real-thread run is carried out. */
export interface RunRealOptions {
  /** Called every 5 ms poll with the wall time elapsed, ns. */
  readonly onProgress?: (elapsedNs: number) => void;
  /** Log every node dispatch in the event logs (for `--trace`). */
  readonly elogDispatch?: boolean;
  /**
   * Called every 5 ms poll, on main's JS thread, with the time on the threads' clock, ns, and
   * the run's shared memory and its session layer's (to sample counters while the run goes on:
   * `vppsim bench`).
   */
  readonly onPoll?: (runNs: number, shared: VlibShared, session: SessionInit) => void;
}

/** Runs `plan` on real threads. */
export async function runReal (plan: RunPlan, o: RunRealOptions = {}): Promise<RunResult> {
  const onProgress = o.onProgress;
  const layout = layoutRun(plan);
  const control = new RunControl(layout.control);
  const limit = plan.durationNs ?? REAL_RUN_CAP_NS;
  const t0 = performance.now();
  const epochNs = process.hrtime.bigint();
  let stuck = false;
  let shared: VlibShared | null = null;
  const r = await runRealThreads({
    epochNs,
    onShared: (s) => { shared = s; },
    nThreads: plan.nThreads,
    graphModule,
    threadNames: plan.threadNames,
    cpuIds: plan.cpuIds,
    pollSleepUsec: plan.config.unix.pollSleepUsec,
    elogCapacity: 1 << 18,
    elogDispatch: o.elogDispatch ?? false,
    legacyDispatchOrder: plan.legacyDispatchOrder,
    user: layout.user satisfies Omit<RunUser, 'sapi'>,
    apps: layout.apps.map((u) => ({ module: appModule, user: u, nsId: plan.apps[u.k]?.ns ?? 'default' })),
    pollMs: 5,
    until: () => {
      const elapsed = (performance.now() - t0) * 1e6;
      onProgress?.(elapsed);
      if (o.onPoll !== undefined && shared !== null) o.onPoll(Number(process.hrtime.bigint() - epochNs), shared, layout.user.session);
      if (control.get(kRunScriptDone) !== 0) return true;
      if (elapsed >= limit && control.get(kRunEndRequested) === 0) control.set(kRunEndRequested, 1);
      if (elapsed >= limit + END_GRACE_NS) { stuck = true; return true; }
      return false;
    },
  });
  if (stuck && plan.durationNs !== null) throw new VppsimError('ERR_RUN_STUCK', `the run's script did not finish within ${END_GRACE_NS / 1e9} s after its duration`);
  const threads = [...r.threads].sort((a, b) => a.threadIndex - b.threadIndex);
  const main = (threads[0]?.extra as RunThreadExtra | undefined)?.cli ?? { output: [], log: [] };
  return {
    plan, clock: 'real', endNs: r.wallNs, wallNs: r.wallNs, stuck, threads, main,
    apps: r.apps.filter((a) => a.result !== null)
      .map((a) => ({ ...(a.result as ExternalAppResult), thread: { cpuNs: a.cpuNs, resumes: a.resumes, sleeps: a.sleeps } }))
      .sort((a, b) => a.k - b.k),
    shared: r.shared, graph: r.graph, cliFailed: control.get(kRunCliFailed) !== 0, session: layout.user.session,
  };
}
