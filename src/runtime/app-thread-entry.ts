// src/runtime/app-thread-entry.ts: the piscina task of one app thread: connects to vpp's socket
// API through its end of the channel, runs the app module's program until it returns or the run
// stops, and returns what the module reports.

import { RealClock } from '../../graph/clock.js';
import { kCrashed, kLwp, VlibShared, type VlibSharedParams } from '../../graph/shared-layout.js';
import { RealWaiter } from '../../graph/waiter.js';
import { createAppEnv } from '../app/app-env.js';
import { AppThread } from '../app/app-thread.js';
import type { SapiEndpointInit } from '../svm/sapi-channel.js';
import { loadAppModule } from './app-module.js';
import { threadCpuNs, threadLwp } from './cpu-time.js';
import { runRealThread, stopAllThreads } from './real-driver.js';

/** What the orchestrator sends an app thread. */
export interface AppThreadTask {
  readonly slot: number;
  readonly sab: SharedArrayBuffer;
  readonly params: VlibSharedParams;
  readonly epochNs: bigint;
  /** The app's end of its socket API connection (its port is transferred with the task). */
  readonly sapi: SapiEndpointInit;
  readonly module: string;
  readonly user: unknown;
}

/** What an app thread returns. */
export interface AppThreadResult {
  readonly slot: number;
  readonly finished: boolean;
  readonly resumes: number;
  readonly sleeps: number;
  readonly cpuNs: number;
  /** The module's `result()`, if it has one. */
  readonly result: unknown;
}

/** Runs one app thread. A throw stops every thread and ends the run with it. */
export default async function runAppThreadTask (task: AppThreadTask): Promise<AppThreadResult> {
  const shared = new VlibShared(task.sab, task.params);
  try {
    const mod = await loadAppModule(task.module);
    const env = createAppEnv({ shared, waiter: new RealWaiter(shared), sapi: task.sapi, slot: task.slot, clock: new RealClock(task.epochNs) });
    const th = new AppThread(task.slot, env.clock, shared, mod.program(env, task.user), env.elog);
    Atomics.store(shared.i32, shared.layout.threadBase(task.slot) + kLwp, threadLwp());
    const cpu0 = threadCpuNs();
    runRealThread(th, shared);
    return { slot: task.slot, finished: th.finished, resumes: th.resumes, sleeps: th.sleeps, cpuNs: threadCpuNs() - cpu0, result: mod.result?.() ?? null };
  } catch (e) {
    Atomics.compareExchange(shared.i32, kCrashed, 0, task.slot + 1);
    stopAllThreads(shared);
    throw e;
  }
}
