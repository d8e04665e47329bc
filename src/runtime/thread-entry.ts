// src/runtime/thread-entry.ts: the piscina task of one simulated vlib thread. One task is one
// long-lived thread loop; it learns its role and index from the task, builds its VlibMain on
// the run's shared memory, runs until the run's stop word, and returns its statistics.

import { buildGraph } from '../../graph/build.js';
import { RealClock } from '../../graph/clock.js';
import type { ElogDump } from '../../graph/elog.js';
import { VlibMain } from '../../graph/main-loop.js';
import type { ThreadCountersRow, ThreadRuntimeStats } from '../../graph/runtime-stats.js';
import { kCrashed, kLwp, VlibShared, type VlibSharedParams } from '../../graph/shared-layout.js';
import { RealWaiter } from '../../graph/waiter.js';
import { threadCpuNs, threadLwp } from './cpu-time.js';
import { loadGraphModule } from './graph-module.js';
import { type MailboxPorts, PortMailboxTransport } from './port-mailbox.js';
import { runRealThread, stopAllThreads } from './real-driver.js';

/** What the orchestrator sends each vlib thread (structured-cloned; the SAB is shared). */
export interface VlibThreadTask {
  readonly threadIndex: number;
  readonly threadNames: readonly string[];
  /** lcore labels by thread, -1 for none. */
  readonly cpuIds: readonly number[];
  readonly sab: SharedArrayBuffer;
  readonly params: VlibSharedParams;
  /** The run's epoch, `process.hrtime.bigint()` of the orchestrator. */
  readonly epochNs: bigint;
  /** File URL of the graph module (see graph-module.ts). */
  readonly graphModule: string;
  /** Passed to the module's `setup`. */
  readonly user: unknown;
  readonly legacyDispatchOrder: boolean;
  readonly pollSleepUsec: number;
  readonly elogCapacity: number;
  readonly elogDispatch: boolean;
  /** This thread's mailbox ports (transferred with the task). */
  readonly mailbox: MailboxPorts;
}

/** What a vlib thread returns when the run stops. */
export interface VlibThreadResult {
  readonly threadIndex: number;
  readonly runtime: ThreadRuntimeStats;
  readonly counters: ThreadCountersRow;
  /** Its event log (graph/elog.ts). */
  readonly elog: ElogDump;
  /** CPU time the thread used while running its loop, ns (-1 if unknown). */
  readonly cpuNs: number;
  /** The graph module's `result(vm)`, or null. */
  readonly extra: unknown;
}

/**
 * Runs one vlib thread to the end of the run. If the thread throws, it marks itself as the
 * first crashed thread (if none was), stops every other thread, and rethrows, so the run ends
 * with this error instead of hanging.
 */
export default async function runVlibThread (task: VlibThreadTask): Promise<VlibThreadResult> {
  const shared = new VlibShared(task.sab, task.params);
  try {
    const mod = await loadGraphModule(task.graphModule);
    const graph = buildGraph(mod.nodes);
    const clock = new RealClock(task.epochNs);
    const vm = new VlibMain({
      threadIndex: task.threadIndex,
      threadNames: task.threadNames,
      cpuId: task.cpuIds[task.threadIndex] ?? -1,
      graph,
      shared,
      clock,
      waiter: new RealWaiter(shared),
      legacyDispatchOrder: task.legacyDispatchOrder,
      pollSleepUsec: task.threadIndex === 0 ? task.pollSleepUsec : 0,
      elogCapacity: task.elogCapacity,
      elogDispatch: task.elogDispatch,
      mailbox: new PortMailboxTransport(task.mailbox),
    });
    mod.setup?.(vm, task.user);
    Atomics.store(shared.i32, shared.layout.threadBase(task.threadIndex) + kLwp, threadLwp());
    const cpu0 = threadCpuNs();
    runRealThread(vm, shared);
    const cpu1 = threadCpuNs();
    return {
      threadIndex: task.threadIndex,
      runtime: vm.runtimeStats(),
      counters: vm.countersRow(),
      elog: vm.elogDump(),
      cpuNs: cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1,
      extra: mod.result?.(vm) ?? null,
    };
  } catch (e) {
    Atomics.compareExchange(shared.i32, kCrashed, 0, task.threadIndex + 1);
    stopAllThreads(shared);
    throw e;
  }
}
