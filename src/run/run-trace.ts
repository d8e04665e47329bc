// src/run/run-trace.ts: `vppsim run --trace FILE`: a finished run's event logs as a Chrome trace
// (src/trace/chrome-trace.ts), with the run's node, thread and app names.

import { writeFileSync } from 'node:fs';
import { buildChromeTrace, formatChromeTrace, type ChromeTrace } from '../trace/chrome-trace.js';
import type { RunResult } from './run-result.js';
import { runEventLogs, type RunSummary } from './run-summary.js';

/** The Chrome trace of run `r` (its summary gives the fingerprint). */
export function runChromeTrace (r: RunResult, s: RunSummary): ChromeTrace {
  const slotNames = [...r.plan.threadNames];
  for (const a of r.plan.apps) slotNames[r.plan.nThreads + a.k] = a.name;
  return buildChromeTrace({
    scenario: r.plan.name, clock: r.clock, seed: r.plan.seed, fingerprint: s.events.fingerprint, endNs: r.endNs,
    nodeNames: r.graph.nodes.map((n) => n.name), slotNames, nVlibThreads: r.plan.nThreads, logs: runEventLogs(r),
  });
}

/** Writes the trace of run `r` to `file`. Throws what writeFileSync throws. */
export function writeRunTrace (file: string, r: RunResult, s: RunSummary): void {
  writeFileSync(file, formatChromeTrace(runChromeTrace(r, s)));
}
