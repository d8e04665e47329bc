// src/run/run-virtual.ts: a planned run in virtual time: every vlib thread and every external app
// steps in this JS thread on the virtual scheduler; the run ends when the script (with its
// client apps and end shows) is done, or at its duration (then the end shows run first).

import { createVirtualRun } from '../runtime/virtual-run.js';
import { nodes as runNodes, result as runGraphResult, setup as runGraphSetup, type RunThreadExtra, type RunUser } from '../runtime/run-graph.js';
import { VirtualClock } from '../../graph/clock.js';
import { createAppEnv } from '../app/app-env.js';
import { AppThread } from '../app/app-thread.js';
import { createSapiChannel } from '../svm/sapi-channel.js';
import { VppsimError } from '../errors.js';
import { createExternalApp, type ExternalApp } from './external-app.js';
import { kRunCliFailed, kRunEndRequested, kRunScriptDone, RunControl } from './run-control.js';
import { layoutRun } from './run-layout.js';
import type { RunPlan } from './run-plan.js';
import type { RunResult } from './run-result.js';

/** Virtual time a run without a duration may take before it is stopped as stuck, ns (1 hour). */
export const VIRTUAL_RUN_CAP_NS = 3600e9;
/** Virtual time the end shows may take after the duration, ns. */
const END_GRACE_NS = 60e9;
/** The scheduler runs in slices of this much virtual time between checks, ns. */
const SLICE_NS = 10e6;

/** How a virtual run is carried out (what it simulates is all in the plan). */
export interface RunVirtualOptions {
  /** Called between slices of 10 ms of virtual time with the virtual time reached, ns. */
  readonly onProgress?: (nowNs: number) => void;
  /** Take idle loops in one step (default true; false gives the same run, slower). */
  readonly batchIdleLoops?: boolean;
  /** Log every node dispatch in the event logs (for `--trace`). */
  readonly elogDispatch?: boolean;
}

/** Runs `plan` in virtual time. */
export function runVirtual (plan: RunPlan, o: RunVirtualOptions = {}): RunResult {
  const onProgress = o.onProgress;
  const wall0 = performance.now();
  const layout = layoutRun(plan);
  const nApps = plan.apps.length;
  const run = createVirtualRun(runNodes, plan.nThreads, {
    cost: plan.cost, nAppThreads: nApps, threadNames: plan.threadNames, cpuIds: plan.cpuIds,
    pollSleepUsec: plan.config.unix.pollSleepUsec, elogCapacity: 1 << 18,
    batchIdleLoops: o.batchIdleLoops, elogDispatch: o.elogDispatch, legacyDispatchOrder: plan.legacyDispatchOrder,
  });
  const channels = plan.apps.map((a) => createSapiChannel(plan.nThreads + a.k, a.ns, a.k, false));
  const user: RunUser = { ...layout.user, sapi: channels.map((c) => c.vpp) };
  // workers first: main's setup starts the CLI, whose first barrier steps the workers at once
  for (const vm of [...run.vms].reverse()) runGraphSetup(vm, user);
  const appThreads: AppThread[] = [];
  const apps: ExternalApp[] = layout.apps.map((u) => {
    const slot = plan.nThreads + u.k;
    const ch = channels[u.k] as ReturnType<typeof createSapiChannel>;
    const env = createAppEnv({ shared: run.shared, waiter: run.sched, sapi: ch.app, slot, clock: new VirtualClock(run.sched.cost) });
    const app = createExternalApp(env, u);
    const th = new AppThread(slot, env.clock, run.shared, app.program, env.elog);
    appThreads.push(th);
    run.sched.add(th);
    return app;
  });
  const control = new RunControl(layout.control);
  const cap = plan.durationNs ?? VIRTUAL_RUN_CAP_NS;
  let t = 0;
  while (control.get(kRunScriptDone) === 0 && t < cap) {
    t = Math.min(t + SLICE_NS, cap);
    run.runUntil(t);
    onProgress?.(t);
  }
  let stuck = false;
  if (control.get(kRunScriptDone) === 0) {
    // the duration is up (or the cap): the end shows run, then the run stops
    control.set(kRunEndRequested, 1);
    const end = t + END_GRACE_NS;
    while (control.get(kRunScriptDone) === 0 && t < end) { t += SLICE_NS; run.runUntil(t); }
    stuck = plan.durationNs === null;
    if (control.get(kRunScriptDone) === 0) throw new VppsimError('ERR_RUN_STUCK', `the run's script did not finish within ${END_GRACE_NS / 1e9} s of virtual time after its end`);
  }
  const endNs = run.sched.now();
  const threads = run.vms.map((vm) => ({
    threadIndex: vm.threadIndex,
    runtime: vm.runtimeStats(endNs),
    counters: vm.countersRow(),
    elog: vm.elogDump(),
    cpuNs: -1,
    extra: runGraphResult(vm),
  }));
  const main = (threads[0]?.extra as RunThreadExtra | undefined)?.cli ?? { output: [], log: [] };
  return {
    plan, clock: 'virtual', endNs, wallNs: (performance.now() - wall0) * 1e6, stuck,
    threads, main, shared: run.shared,
    apps: apps.map((a, k) => ({ ...a.report(), thread: { cpuNs: -1, resumes: appThreads[k]?.resumes ?? 0, sleeps: appThreads[k]?.sleeps ?? 0 } })), graph: run.graph,
    cliFailed: control.get(kRunCliFailed) !== 0, session: layout.user.session,
  };
}
