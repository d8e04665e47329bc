// graph/format-errors.ts: `show errors` (alias `show node counters`) from every thread's error
// counters in shared memory, byte for byte as VPP HEAD prints it.
// Models: src/vlib/error.c show_errors, sev2str.

import type { Graph } from './build.js';
import { cliOutput } from './format.js';
import type { VlibShared } from './shared-layout.js';
import { vppFormat } from './vpp-format.js';

/**
 * `show errors [verbose [N]]`: the header, then for each thread in order and each node in index
 * order, one row per error counter with a non-zero count (every counter at verbose ≥ 2); with
 * `verbose`, a `Thread %u (%v):` line before each thread's rows and a `Total:` block of the sums
 * across threads. Counts are since the start (vppsim keeps no `clear errors` snapshot).
 * `threadNames` are VPP's (`vpp_main`, `vpp_wk_0`, …).
 */
export function formatShowErrors (shared: VlibShared, graph: Graph, threadNames: readonly string[], verbose = 0): string {
  let out = verbose > 0
    ? cliOutput(vppFormat('%=10s%=35s%=35s%=10s%=6s', 'Count', 'Node', 'Reason', 'Severity', 'Index'))
    : cliOutput(vppFormat('%=10s%=35s%=35s%=10s', 'Count', 'Node', 'Reason', 'Severity'));
  const sums = new Float64Array(graph.nErrors);
  const nThreads = shared.nThreads;
  for (let t = 0; t < nThreads; t++) {
    if (verbose > 0) out += cliOutput(vppFormat('Thread %u (%v):', t, threadNames[t] ?? ''));
    graph.nodes.forEach((def, n) => {
      const errs = def.reg.errors ?? [];
      for (let code = 0; code < errs.length; code++) {
        const i = (graph.errorIndex[n] as number) + code;
        const c = shared.f64[shared.layout.errorCounter(t, i)] as number;
        sums[i] = (sums[i] as number) + c;
        if (c === 0 && verbose < 2) continue;
        const sev = def.reg.errorSeverities?.[code] ?? 'error';
        out += verbose > 0
          ? cliOutput(vppFormat('%10lu%=35v%=35s%=10s%=6d', c, def.reg.name, errs[code] as string, sev, i))
          : cliOutput(vppFormat('%10lu%=35v%=35s%=10s', c, def.reg.name, errs[code] as string, sev));
      }
    });
  }
  if (verbose > 0) {
    out += cliOutput('Total:');
    graph.nodes.forEach((def, n) => {
      const errs = def.reg.errors ?? [];
      for (let code = 0; code < errs.length; code++) {
        const i = (graph.errorIndex[n] as number) + code;
        if ((sums[i] as number) !== 0) out += cliOutput(vppFormat('%10lu%=40v%=20s%=10d', sums[i] as number, def.reg.name, errs[code] as string, i));
      }
    });
  }
  return out;
}
