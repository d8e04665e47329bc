// src/cli/run.ts: `vppsim run FILE`: read the scenario or startup.conf and its script, plan the
// run, run it on real threads or in virtual time (with a progress bar on a terminal for runs
// longer than 2 s), print the CLI session, the apps' output and the summary, and write the JSON
// result if asked.

import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { ConfigError } from '../errors.js';
import { readRunInput } from '../run/run-input.js';
import { planRun } from '../run/run-plan.js';
import { formatAppOutputs, formatCliOutput, formatRunHeader, formatSummary } from '../run/run-report.js';
import { formatResultJson, runResultJson } from '../run/result-json.js';
import type { RunResult } from '../run/run-result.js';
import { summarizeRun } from '../run/run-summary.js';
import { runReal } from '../run/run-real.js';
import { runVirtual } from '../run/run-virtual.js';
import { writeRunTrace } from '../run/run-trace.js';

/** Options of `vppsim run`. */
export interface RunCommandOptions {
  readonly file: string;
  readonly exec: string | null;
  /** Overrides the scenario's. */
  readonly clock?: 'real' | 'virtual';
  readonly seed?: number;
  readonly durationNs?: number;
  readonly json: string | null;
  /** Write a Chrome trace here (every node dispatch is logged for it). */
  readonly trace: string | null;
  readonly quiet: boolean;
}

/** Runs longer than this show a progress bar, ns of wall time. */
const PROGRESS_AFTER_NS = 2e9;

/** A progress bar on stderr that appears once a run has taken 2 s, on a terminal, unless quiet. */
class Progress {
  private bar: SingleBar | null = null;
  private readonly t0 = performance.now();
  constructor (private readonly enabled: boolean, private readonly total: number, private readonly unit: string) {}
  update (value: number): void {
    if (!this.enabled) return;
    if (this.bar === null) {
      if ((performance.now() - this.t0) * 1e6 < PROGRESS_AFTER_NS) return;
      this.bar = new SingleBar({ stream: process.stderr, format: `vppsim run [{bar}] {value}/{total} ${this.unit}`, hideCursor: true, clearOnComplete: true });
      this.bar.start(this.total, 0);
    }
    this.bar.update(Math.min(this.total, Math.round(value)));
  }
  stop (): void { this.bar?.stop(); }
}

/** Runs the command; returns what to print on stdout and the exit code (0, or 1 when the script failed). */
export async function runCommand (o: RunCommandOptions): Promise<{ text: string; exitCode: number }> {
  const input = readRunInput(o.file, o.exec);
  const plan = planRun({
    config: input.config, script: input.script, scenario: input.scenario,
    clock: o.clock, seed: o.seed, durationNs: o.durationNs, defaultEndShows: input.defaultEndShows,
  });
  if (plan.nThreads > 64) throw new ConfigError(`cpu: ${plan.nThreads - 1} workers: vppsim runs at most 63`, null, 'ERR_CONFIG_VPPSIM_LIMIT');
  const tty = process.stderr.isTTY === true && !o.quiet;
  let r: RunResult;
  if (plan.clock === 'virtual') {
    const p = new Progress(tty, Math.round((plan.durationNs ?? 0) / 1e6), 'ms simulated');
    try { r = runVirtual(plan, { onProgress: (ns) => p.update(ns / 1e6), elogDispatch: o.trace !== null }); } finally { p.stop(); }
  } else {
    const p = new Progress(tty && plan.durationNs !== null, Math.round((plan.durationNs ?? 0) / 1e6), 'ms');
    try { r = await runReal(plan, { onProgress: (ns) => p.update(ns / 1e6), elogDispatch: o.trace !== null }); } finally { p.stop(); }
  }
  const s = summarizeRun(r, r.session);
  if (o.json !== null) writeFileSync(o.json, formatResultJson(runResultJson(r, s)));
  if (o.trace !== null) writeRunTrace(o.trace, r, s);
  const text = formatRunHeader(r) + '\n' + formatCliOutput(r) + formatAppOutputs(r) + formatSummary(r, s);
  // wall time differs from run to run: stderr, so that stdout of a virtual run is reproducible
  if (!o.quiet) process.stderr.write(`vppsim: ${r.clock === 'virtual' ? `${(r.endNs / 1e9).toFixed(3)} s simulated` : 'run'} in ${(r.wallNs / 1e9).toFixed(2)} s wall\n`);
  return { text, exitCode: r.cliFailed ? 1 : 0 };
}
