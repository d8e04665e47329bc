// src/run/result-json.ts: the `--json FILE` result of `vppsim run`, version 1. Its fields are
// documented in docs/result-schema.md; a field is only ever added, and a change of meaning
// bumps `schemaVersion`.

import type { RunResult } from './run-result.js';
import type { AppSummary, InvariantSummary, RunSummary, StageLatencySummary, ThreadSummary } from './run-summary.js';

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
  };
}
