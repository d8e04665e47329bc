// src/runtime/virtual-run.ts: builds and runs N vlib threads in one JS thread under virtual
// time. The same graph module and results as a real-thread run (real-run.ts).

import { buildGraph, type Graph } from '../../graph/build.js';
import { type CostModel, defaultCostModel, VirtualClock } from '../../graph/clock.js';
import { VlibMain } from '../../graph/main-loop.js';
import { ArrayMailboxTransport } from '../../graph/mailbox.js';
import type { NodeDef } from '../../graph/node.js';
import { VlibShared } from '../../graph/shared-layout.js';
import type { GraphModule } from './graph-module.js';
import { vppThreadNames } from './real-run.js';
import type { VlibThreadResult } from './thread-entry.js';
import type { ThreadRunOptions } from './thread-options.js';
import { VirtualScheduler } from './virtual-scheduler.js';

/** Options shared by virtual runs. */
export interface VirtualRunOptions extends ThreadRunOptions {
  /** Virtual costs (default graph/clock.ts defaultCostModel). */
  readonly cost?: CostModel;
  /** App thread slots after the vlib threads (add their AppThreads with `sched.add`). */
  readonly nAppThreads?: number;
  /** Let vlib threads take idle loops in one step (default true). */
  readonly batchIdleLoops?: boolean;
}

/** A built virtual run: every thread, and the scheduler that steps them. */
export interface VirtualRun {
  readonly graph: Graph;
  readonly shared: VlibShared;
  readonly sched: VirtualScheduler;
  readonly vms: VlibMain[];
  /** Runs until virtual time `ns`. */
  runUntil (ns: number): void;
}

/** Builds `nThreads` vlib threads of `nodes` on one virtual scheduler; nothing runs yet. */
export function createVirtualRun (nodes: readonly NodeDef<unknown>[], nThreads: number, o: VirtualRunOptions = {}): VirtualRun {
  const graph = buildGraph(nodes);
  const shared = VlibShared.forGraph(graph, nThreads, o.rpcRingSize ?? 1024, o.nAppThreads ?? 0);
  const cost = o.cost ?? defaultCostModel;
  const sched = new VirtualScheduler(shared, cost, o.batchIdleLoops ?? true);
  const names = o.threadNames ?? vppThreadNames(nThreads);
  const vms: VlibMain[] = [];
  const mailbox = new ArrayMailboxTransport();
  for (let t = 0; t < nThreads; t++) {
    const vm = new VlibMain({
      threadIndex: t,
      threadNames: names,
      cpuId: o.cpuIds?.[t] ?? -1,
      graph,
      shared,
      clock: new VirtualClock(cost),
      waiter: sched,
      cost,
      legacyDispatchOrder: o.legacyDispatchOrder,
      pollSleepUsec: t === 0 ? o.pollSleepUsec : 0,
      elogCapacity: o.elogCapacity,
      elogDispatch: o.elogDispatch,
      mailbox,
    });
    vms.push(vm);
    sched.add(vm);
  }
  return { graph, shared, sched, vms, runUntil: (ns) => sched.run(ns) };
}

/**
 * Runs a graph module for `durationNs` of virtual time and returns the same per-thread results
 * a real-thread run gives (cpuNs is -1: virtual threads have no CPU time of their own).
 */
export function runVirtualThreads (mod: GraphModule, nThreads: number, durationNs: number, user: unknown = null, o: VirtualRunOptions = {}): VlibThreadResult[] {
  const run = createVirtualRun(mod.nodes, nThreads, o);
  for (const vm of run.vms) mod.setup?.(vm, user);
  run.runUntil(durationNs);
  const end = run.sched.now();
  return run.vms.map((vm) => ({
    threadIndex: vm.threadIndex,
    runtime: vm.runtimeStats(end),
    counters: vm.countersRow(),
    elog: vm.elogDump(),
    cpuNs: -1,
    extra: mod.result?.(vm) ?? null,
  }));
}
