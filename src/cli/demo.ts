// src/cli/demo.ts: `vppsim demo`: the demo graph on real threads or in virtual time, then
// `show runtime` and `show threads` as VPP prints them.

import { formatShowRuntime, formatShowThreads } from '../../graph/format.js';
import { loadGraphModule } from '../runtime/graph-module.js';
import { runRealThreads } from '../runtime/real-run.js';
import type { VlibThreadResult } from '../runtime/thread-entry.js';
import { runVirtualThreads } from '../runtime/virtual-run.js';

/** Options of `vppsim demo`. */
export interface DemoOptions {
  readonly clock: 'real' | 'virtual';
  /** Run length, ns (wall time for real, virtual time for virtual). */
  readonly durationNs: number;
  /** vlib threads, main included (≥ 1). */
  readonly threads: number;
  readonly legacy: boolean;
}

const demoModuleUrl = new URL('../runtime/demo-graph.js', import.meta.url).href;

/** Runs the demo and returns the text to print. */
export async function runDemo (o: DemoOptions): Promise<string> {
  let results: VlibThreadResult[];
  if (o.clock === 'real') {
    results = (await runRealThreads({ nThreads: o.threads, graphModule: demoModuleUrl, durationNs: o.durationNs, legacyDispatchOrder: o.legacy })).threads;
  } else {
    results = runVirtualThreads(await loadGraphModule(demoModuleUrl), o.threads, o.durationNs, null, { legacyDispatchOrder: o.legacy });
  }
  results.sort((a, b) => a.threadIndex - b.threadIndex);
  const cpu = results.map((r) => `  ${r.counters.name.padEnd(10)} ${r.cpuNs < 0 ? 'n/a (virtual time)' : `${(r.cpuNs / 1e6).toFixed(1)} ms CPU in ${(o.durationNs / 1e6).toFixed(0)} ms`}`);
  return [
    `vppsim demo: ${o.threads} threads, ${o.clock} clock, ${(o.durationNs / 1e9).toFixed(3)} s${o.legacy ? ', legacy (≤ v25.02) dispatch order' : ''}`,
    '',
    'vpp# show runtime',
    formatShowRuntime(results.map((r) => r.runtime)).trimEnd(),
    '',
    'vpp# show threads',
    formatShowThreads(results.map((r) => r.counters)).trimEnd(),
    '',
    'CPU time per thread (from /proc/thread-self/schedstat):',
    ...cpu,
    '',
    'What to look at: vpp_wk_0 sleeps between the interrupts main raises (Sleeps, FdWakeups,',
    'WakeReq, Wakeups); demo-input\'s clocks include that sleep, because VPP charges the time',
    'since the previous dispatch, the epoll included, to the next node. vpp_main spins (Sleeps',
    'with a 0 ms timeout) during the last millisecond before each process timer: VPP rounds the',
    'epoll timeout down to whole milliseconds.',
    '',
  ].join('\n');
}
