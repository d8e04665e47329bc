// src/cli/explain.ts: `vppsim explain RESULT.json [--thread T] [--from D] [--to D]`.

import { ConfigError } from '../errors.js';
import { explainRun } from '../explain/explain.js';
import { readExplainInput } from '../explain/explain-input.js';

/** Options of `vppsim explain`, as given on the command line. */
export interface ExplainCommandOptions {
  readonly file: string;
  /** A thread slot number or name (`vpp_wk_0`, an app's name), or null for all. */
  readonly thread: string | null;
  /** Window, ns since the run's start. */
  readonly fromNs: number;
  readonly toNs: number;
}

/**
 * Runs the command: the account as text. Throws ConfigError (one line) for a bad file or a
 * thread the result does not have.
 */
export function explainCommand (o: ExplainCommandOptions): string {
  const input = readExplainInput(o.file);
  let slot: number | null = null;
  if (o.thread !== null) {
    const byName = input.logs.find((l) => l.name === o.thread);
    const n = /^\d+$/.test(o.thread) ? Number(o.thread) : NaN;
    const bySlot = input.logs.find((l) => l.slot === n);
    const l = byName ?? bySlot;
    if (l === undefined) throw new ConfigError(`--thread: '${o.thread}' is not a thread of ${o.file} (threads: ${input.logs.map((x) => `${x.slot} ${x.name}`).join(', ')})`);
    slot = l.slot;
  }
  if (o.fromNs > o.toNs) throw new ConfigError(`--from is after --to`);
  return explainRun(input, { slot, fromNs: o.fromNs, toNs: o.toNs });
}
