// graph/runtime-snapshot.ts: reads any thread's statistics out of the run's shared memory into
// the plain-data rows `show runtime` and `show threads` print, and clears them. Run on main with
// the barrier held (as VPP's show_node_runtime / clear_node_runtime do) or after the run.

import type { Graph } from './build.js';
import { NodeFlag, NodeType, nodeStateStrings } from './node.js';
import { processStateStrings } from './process.js';
import type { NodeStatsRow, ThreadCountersRow, ThreadRuntimeStats } from './runtime-stats.js';
import {
  kEventsPendingWord, kLwp, kNodeStateWord, kNsCalls, kNsCallsAtClear, kNsClocks, kNsClocksAtClear,
  kNsMaxClock, kNsMaxClockN, kNsSuspends, kNsSuspendsAtClear, kNsVectors, kNsVectorsAtClear,
  kProcessStateWord, kStatEpolls, kStatFdWakeups, kStatInternalCalls, kStatInternalCallsAtClear,
  kStatInternalVectors, kStatInternalVectorsAtClear, kStatLoops, kStatLoopsPerSec, kStatSleeps,
  kStatTimeLastClearNs, kWakeReq, kWakeups, type VlibShared,
} from './shared-layout.js';

/** Who a thread is, for the rows: its name and lcore label. */
export interface ThreadIdentity {
  readonly name: string;
  /** lcore label, -1 for none. */
  readonly cpuId: number;
}

/** The state word `show runtime` prints for node `n` on thread `t`. */
export function nodeStateText (shared: VlibShared, graph: Graph, t: number, n: number): string {
  const type = graph.nodes[n]?.reg.type;
  if (type === NodeType.Internal) return 'active';
  const b = shared.layout.nodeStateBase(t, n);
  if (type === NodeType.Process) return processStateStrings[shared.i32[b + kProcessStateWord] as number] ?? 'not started';
  return nodeStateStrings[shared.i32[b + kNodeStateWord] as number] ?? 'disabled';
}

/**
 * Thread `t`'s block of `show runtime`: every node since the last clear, the vector rates, the
 * internal node vector rate and loops/sec. `nowNs` is the time of the thread that asks (VPP
 * takes main's clock). Models: src/vlib/node_cli.c show_node_runtime.
 */
export function threadRuntimeStats (shared: VlibShared, graph: Graph, t: number, who: ThreadIdentity, nowNs: number, statsUpdateIntervalSec = 10): ThreadRuntimeStats {
  const f64 = shared.f64;
  const L = shared.layout;
  const ts = L.threadStatsBase(t);
  const dt = (nowNs - (f64[ts + kStatTimeLastClearNs] as number)) / 1e9;
  let nIn = 0; let nOut = 0; let nDrop = 0; let nPunt = 0;
  const nodes: NodeStatsRow[] = graph.nodes.map((def, n) => {
    const b = L.nodeStatsBase(t, n);
    const v = (f64[b + kNsVectors] as number) - (f64[b + kNsVectorsAtClear] as number);
    const type = def.reg.type;
    const flags = def.reg.flags ?? 0;
    if (type === NodeType.Internal) {
      if ((flags & NodeFlag.IsOutput) !== 0) nOut += v;
      if ((flags & NodeFlag.IsDrop) !== 0) nDrop += v;
      if ((flags & NodeFlag.IsPunt) !== 0) nPunt += v;
      if ((flags & NodeFlag.IsHandoff) !== 0) nIn += v;
    } else if (type === NodeType.Input) {
      nIn += v;
    }
    return {
      name: def.reg.name,
      type,
      state: nodeStateText(shared, graph, t, n),
      isProcess: type === NodeType.Process,
      calls: (f64[b + kNsCalls] as number) - (f64[b + kNsCallsAtClear] as number),
      vectors: v,
      suspends: (f64[b + kNsSuspends] as number) - (f64[b + kNsSuspendsAtClear] as number),
      clocks: (f64[b + kNsClocks] as number) - (f64[b + kNsClocksAtClear] as number),
      maxClock: f64[b + kNsMaxClock] as number,
      maxClockN: f64[b + kNsMaxClockN] as number,
      eventsPending: type === NodeType.Process && shared.i32[L.nodeStateBase(t, n) + kEventsPendingWord] !== 0,
    };
  });
  const calls = (f64[ts + kStatInternalCalls] as number) - (f64[ts + kStatInternalCallsAtClear] as number);
  const vectors = (f64[ts + kStatInternalVectors] as number) - (f64[ts + kStatInternalVectorsAtClear] as number);
  const rate = (x: number): number => (dt > 0 ? x / dt : 0);
  return {
    threadIndex: t,
    name: who.name,
    cpuId: who.cpuId,
    timeSec: dt,
    statsUpdateIntervalSec,
    internalNodeVectorRate: calls === 0 ? 0 : vectors / calls,
    loopsPerSec: f64[ts + kStatLoopsPerSec] as number,
    vectorRateIn: rate(nIn),
    vectorRateOut: rate(nOut),
    vectorRateDrop: rate(nDrop),
    vectorRatePunt: rate(nPunt),
    nodes,
  };
}

/** Thread `t`'s row of `show threads`. Models: src/vlib/threads_cli.c show_threads_fn. */
export function threadCountersRow (shared: VlibShared, t: number, who: ThreadIdentity, sched = 'other (0)'): ThreadCountersRow {
  const f64 = shared.f64;
  const ts = shared.layout.threadStatsBase(t);
  const b = shared.layout.threadBase(t);
  return {
    id: t,
    name: who.name,
    lwp: Atomics.load(shared.i32, b + kLwp),
    cpu: who.cpuId,
    sched,
    loops: f64[ts + kStatLoops] as number,
    epolls: f64[ts + kStatEpolls] as number,
    sleeps: f64[ts + kStatSleeps] as number,
    fdWakeups: f64[ts + kStatFdWakeups] as number,
    wakeReq: Atomics.load(shared.i32, b + kWakeReq) >>> 0,
    wakeups: Atomics.load(shared.i32, b + kWakeups) >>> 0,
  };
}

/**
 * `clear runtime` for thread `t`: new baselines for every node, max clocks reset, internal
 * vector rate restarted, clear time set to `nowNs`. Models: src/vlib/node_cli.c clear_node_runtime.
 */
export function clearThreadRuntime (shared: VlibShared, t: number, nowNs: number): void {
  const f64 = shared.f64;
  const L = shared.layout;
  for (let n = 0; n < shared.params.nNodes; n++) {
    const b = L.nodeStatsBase(t, n);
    f64[b + kNsCallsAtClear] = f64[b + kNsCalls] as number;
    f64[b + kNsVectorsAtClear] = f64[b + kNsVectors] as number;
    f64[b + kNsClocksAtClear] = f64[b + kNsClocks] as number;
    f64[b + kNsSuspendsAtClear] = f64[b + kNsSuspends] as number;
    f64[b + kNsMaxClock] = 0;
    f64[b + kNsMaxClockN] = 0;
  }
  const ts = L.threadStatsBase(t);
  f64[ts + kStatInternalVectorsAtClear] = f64[ts + kStatInternalVectors] as number;
  f64[ts + kStatInternalCallsAtClear] = f64[ts + kStatInternalCalls] as number;
  f64[ts + kStatTimeLastClearNs] = nowNs;
}
