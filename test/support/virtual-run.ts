// test/support/virtual-run.ts: builds a run of N vlib threads under the virtual clock for tests.

import { buildGraph, type Graph } from '../../graph/build.js';
import { type CostModel, defaultCostModel, VirtualClock } from '../../graph/clock.js';
import { VlibMain, type VlibMainConfig } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { VlibShared } from '../../graph/shared-layout.js';
import { VirtualScheduler } from '../../src/runtime/virtual-scheduler.js';

export interface VirtualRun {
  readonly graph: Graph;
  readonly shared: VlibShared;
  readonly sched: VirtualScheduler;
  readonly vms: VlibMain[];
  /** Runs until virtual time `ns`. */
  runUntil (ns: number): void;
}

/** Thread names as VPP gives them: vpp_main, vpp_wk_0, … */
export function threadNames (n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 'vpp_main' : `vpp_wk_${i - 1}`));
}

export function virtualRun (
  nodes: readonly NodeDef<unknown>[],
  nThreads: number,
  opts: Partial<Pick<VlibMainConfig, 'legacyDispatchOrder' | 'pollSleepUsec' | 'elogDispatch'>> & { cost?: CostModel } = {},
): VirtualRun {
  const graph = buildGraph(nodes);
  const shared = VlibShared.create({ nThreads, interruptWords: graph.interruptWords, rpcRingSize: 64 });
  const cost = opts.cost ?? defaultCostModel;
  const sched = new VirtualScheduler(shared, cost);
  const names = threadNames(nThreads);
  const vms: VlibMain[] = [];
  for (let t = 0; t < nThreads; t++) {
    const vm = new VlibMain({
      threadIndex: t, threadNames: names, graph, shared, clock: new VirtualClock(cost), waiter: sched, cost,
      legacyDispatchOrder: opts.legacyDispatchOrder, pollSleepUsec: opts.pollSleepUsec, elogDispatch: opts.elogDispatch,
    });
    vms.push(vm);
    sched.add(vm);
  }
  return { graph, shared, sched, vms, runUntil: (ns) => sched.run(ns) };
}
