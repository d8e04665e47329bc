// src/runtime/real-run.ts: runs a graph on real threads: lays out the shared memory, starts one
// piscina task per vlib thread, stops them all when the run ends, and collects their results.

import { Piscina } from 'piscina';
import { buildGraph, type Graph } from '../../graph/build.js';
import { kCrashed, VlibShared } from '../../graph/shared-layout.js';
import { ThreadCrashError } from '../errors.js';
import { loadGraphModule } from './graph-module.js';
import { createMailboxPorts, type MailboxPorts, mailboxPortList } from './port-mailbox.js';
import { stopAllThreads } from './real-driver.js';
import type { ThreadRunOptions } from './thread-options.js';
import type { VlibThreadResult, VlibThreadTask } from './thread-entry.js';
import type { AppThreadResult, AppThreadTask } from './app-thread-entry.js';
import { createSapiChannel, type SapiEndpointInit } from '../svm/sapi-channel.js';
import type { MessagePort } from 'node:worker_threads';

/** Options of a real-thread run. */
export interface RealRunOptions extends ThreadRunOptions {
  /** vlib threads: main plus workers. */
  readonly nThreads: number;
  /** File URL of the graph module every thread imports. */
  readonly graphModule: string;
  /** Data for the module's `setup` (structured-cloned; SharedArrayBuffers are shared). */
  readonly user?: unknown;
  /** Stop after this long, ns (wall clock). */
  readonly durationNs?: number;
  /** Stop as soon as this returns true; polled every `pollMs`. */
  readonly until?: () => boolean;
  /** How often `until` and the duration are checked, ms (default 5). */
  readonly pollMs?: number;
  /**
   * App threads (slots nThreads, nThreads+1, …), each running an app module with a socket API
   * connection to namespace `nsId`. Main's user data gets the vpp ends as `sapi`.
   */
  readonly apps?: readonly AppSpec[];
  /** The threads' clock origin (process.hrtime.bigint()); default: now, before the threads start. */
  readonly epochNs?: bigint;
  /** Given the run's shared memory once it is laid out, before any thread starts. */
  readonly onShared?: (shared: VlibShared) => void;
}

/** One app thread of a run. */
export interface AppSpec {
  /** File URL of the app module (app-module.ts). */
  readonly module: string;
  readonly user?: unknown;
  /** Namespace whose socket the app connects to (default `default`). */
  readonly nsId?: string;
}

/** What a real-thread run gives back. */
export interface RealRunResult {
  readonly threads: VlibThreadResult[];
  readonly apps: AppThreadResult[];
  /** Wall time from the first task start to the stop, ns. */
  readonly wallNs: number;
  readonly shared: VlibShared;
  readonly graph: Graph;
}

/** VPP's thread names: `vpp_main`, `vpp_wk_0`, … */
export function vppThreadNames (n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 'vpp_main' : `vpp_wk_${i - 1}`));
}

/**
 * Runs `nThreads` vlib threads of the graph module on real threads until the duration passes or
 * `until()` holds. Throws ThreadCrashError naming the first thread that threw (the others are
 * stopped, never left hanging).
 */
export async function runRealThreads (o: RealRunOptions): Promise<RealRunResult> {
  const mod = await loadGraphModule(o.graphModule);
  const graph = buildGraph(mod.nodes);
  const apps = o.apps ?? [];
  const shared = VlibShared.forGraph(graph, o.nThreads, o.rpcRingSize ?? 1024, apps.length);
  o.onShared?.(shared);
  const names = o.threadNames ?? vppThreadNames(o.nThreads);
  const epochNs = o.epochNs ?? process.hrtime.bigint();
  const nTasks = o.nThreads + apps.length;
  const pool = new Piscina<VlibThreadTask | AppThreadTask, VlibThreadResult | AppThreadResult>({
    filename: new URL('./thread-entry.js', import.meta.url).href,
    minThreads: nTasks,
    maxThreads: nTasks,
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  });
  const channels = apps.map((a, k) => createSapiChannel(o.nThreads + k, a.nsId ?? 'default', k, true));
  const vppEnds = channels.map((c) => c.vpp);
  const started = performance.now();
  let firstError: unknown = null;
  const ports = createMailboxPorts(o.nThreads);
  const onError = (e: unknown): null => {
    if (firstError === null) firstError = e;
    stopAllThreads(shared);
    return null;
  };
  const baseUser = o.user ?? null;
  const mainUser = vppEnds.length === 0 ? baseUser
    : (typeof baseUser === 'object' && baseUser !== null ? { ...baseUser, sapi: vppEnds } : { sapi: vppEnds });
  const tasks = Array.from({ length: o.nThreads }, (_, t) => pool.run({
    threadIndex: t,
    threadNames: names,
    cpuIds: o.cpuIds ?? Array.from({ length: o.nThreads }, () => -1),
    sab: shared.sab,
    params: shared.params,
    epochNs,
    graphModule: o.graphModule,
    user: t === 0 ? mainUser : baseUser,
    legacyDispatchOrder: o.legacyDispatchOrder ?? false,
    pollSleepUsec: o.pollSleepUsec ?? 0,
    elogCapacity: o.elogCapacity ?? 65536,
    elogDispatch: o.elogDispatch ?? false,
    mailbox: ports[t] as MailboxPorts,
  }, {
    transferList: [...mailboxPortList(ports[t] as MailboxPorts), ...(t === 0 ? vppEnds.map((e) => e.port).filter((p): p is MessagePort => p !== null) : [])],
  }).then((r) => r as VlibThreadResult, onError));
  const appTasks = apps.map((a, k) => {
    const sapi = (channels[k] as { app: SapiEndpointInit }).app;
    const task: AppThreadTask = { slot: o.nThreads + k, sab: shared.sab, params: shared.params, epochNs, sapi, module: a.module, user: a.user ?? null };
    return pool.run(task, { filename: new URL('./app-thread-entry.js', import.meta.url).href, transferList: sapi.port === null ? [] : [sapi.port] })
      .then((r) => r as AppThreadResult, onError);
  });

  const pollMs = o.pollMs ?? 5;
  const deadline = o.durationNs !== undefined ? started + o.durationNs / 1e6 : Infinity;
  const timer = setInterval(() => {
    if (performance.now() >= deadline || (o.until?.() ?? false)) stopAllThreads(shared);
  }, pollMs);
  let results: (VlibThreadResult | null)[];
  let appResults: (AppThreadResult | null)[];
  try {
    results = await Promise.all(tasks);
    appResults = await Promise.all(appTasks);
  } finally {
    clearInterval(timer);
    await pool.destroy();
  }
  const wallNs = (performance.now() - started) * 1e6;
  const crashed = Atomics.load(shared.i32, kCrashed);
  if (firstError !== null || crashed !== 0) {
    const t = crashed - 1;
    const msg = firstError instanceof Error ? firstError.message : String(firstError);
    const who = t < o.nThreads ? (names[t] ?? '?') : `app ${t - o.nThreads}`;
    throw new ThreadCrashError(t, `thread ${t} (${who}) crashed: ${msg}`, { cause: firstError });
  }
  return {
    threads: results.filter((r): r is VlibThreadResult => r !== null),
    apps: appResults.filter((r): r is AppThreadResult => r !== null),
    wallNs,
    shared,
    graph,
  };
}
