// src/run/result-json.ts: the `--json FILE` result of `vppsim run`, version 1. Its fields are
// documented in docs/result-schema.md; a field is only ever added, and a change of meaning
// bumps `schemaVersion`.

import type { ElogDump } from '../../graph/elog.js';
import type { RunResult } from './run-result.js';
import { type AppSummary, type InvariantSummary, type RunSummary, runEventLogs, type StageLatencySummary, type ThreadSummary } from './run-summary.js';

/** The version of the result's layout. */
export const RESULT_SCHEMA_VERSION = 1;

/** The JSON result (docs/result-schema.md). */
export interface RunResultJson {
  readonly schemaVersion: number;
  readonly scenario: string;
  readonly clock: 'real' | 'virtual';
  readonly seed: number;
  /** Run length, ns (virtual or wall). */
  readonly durationNs: number;
  readonly wallNs: number;
  readonly threads: readonly ThreadSummary[];
  readonly apps: readonly AppSummary[];
  readonly stages: StageLatencySummary;
  readonly invariant: InvariantSummary;
  /** The CLI output, one entry per command output, with when it was printed (main's clock, ns). */
  readonly cli: readonly { readonly atNs: number; readonly text: string }[];
  readonly notSimulated: readonly string[];
  readonly cliFailed: boolean;
  /** The run's event-log fingerprint (16 hex digits; see docs/result-schema.md). */
  readonly fingerprint: string;
  /** Node names by node index (what dispatch and interrupt events name). */
  readonly nodeNames: readonly string[];
  /** Every thread's event log: vlib threads, then app threads (what `vppsim explain` reads). */
  readonly eventLogs: readonly EventLogJson[];
}

/** One thread's event log (graph/elog.ts ElogDump) in the JSON result. */
export interface EventLogJson {
  /** Thread slot: vlib threads 0…n-1, then apps. */
  readonly slot: number;
  /** `vpp_main`, `vpp_wk_0`, …, or the app's name. */
  readonly name: string;
  /** Events logged over the run; more than `events.length` when the ring dropped old ones. */
  readonly total: number;
  readonly fingerprint: string;
  /** The thread's file descriptions by id (`file-read` events name them). */
  readonly files: readonly string[];
  /** Event type names by the numbers in `events`. */
  readonly types: readonly string[];
  /** `[tNs, type, a, b, c]`, oldest first. */
  readonly events: readonly (readonly number[])[];
}

/** Builds the JSON result of a run. */
export function runResultJson (r: RunResult, s: RunSummary): RunResultJson {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scenario: r.plan.name,
    clock: r.clock,
    seed: r.plan.seed,
    durationNs: r.endNs,
    wallNs: Math.round(r.wallNs),
    threads: s.threads,
    apps: s.apps,
    stages: s.stages,
    invariant: s.invariant,
    cli: r.main.output.map((o) => ({ atNs: o.atNs, text: o.text })),
    notSimulated: r.plan.config.notSimulated,
    cliFailed: r.cliFailed,
    fingerprint: s.events.fingerprint,
    nodeNames: r.graph.nodes.map((n) => n.name),
    eventLogs: runEventLogs(r).map((d) => eventLogJson(d, d.thread < r.plan.nThreads
      ? (r.plan.threadNames[d.thread] ?? `thread ${d.thread}`)
      : (r.plan.apps[d.thread - r.plan.nThreads]?.name ?? `app ${d.thread}`))),
  };
}

function eventLogJson (d: ElogDump, name: string): EventLogJson {
  const events: number[][] = [];
  for (let k = 0; k < d.t.length; k++) {
    events.push([Math.round(d.t[k] as number), d.type[k] as number, d.a[k] as number, d.b[k] as number, d.c[k] as number]);
  }
  return { slot: d.thread, name, total: d.total, fingerprint: d.fingerprint, files: d.files, types: d.typeNames, events };
}

/**
 * The result as JSON text: indented, except that each event is one line (a run keeps up to a
 * few hundred thousand).
 */
export function formatResultJson (j: RunResultJson): string {
  const { eventLogs, ...rest } = j;
  const head = JSON.stringify(rest, null, 2);
  const logs = eventLogs.map((l) => {
    const { events, ...meta } = l;
    const m = JSON.stringify(meta);
    return `    ${m.slice(0, -1)},"events":[${events.length === 0 ? '' : '\n      ' + events.map((e) => JSON.stringify(e)).join(',\n      ') + '\n    '}]}`;
  });
  return `${head.slice(0, -2)},\n  "eventLogs": [\n${logs.join(',\n')}\n  ]\n}\n`;
}
