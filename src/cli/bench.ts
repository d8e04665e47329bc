// src/cli/bench.ts: `vppsim bench [--quick] [--reps N] [--out DIR] …`: runs the mode bench
// (src/bench/mode-bench.ts), prints the markdown report, and with --out writes bench.md,
// bench.json, bench.csv and the SVG plots there.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { ConfigError } from '../errors.js';
import {
  type BenchAppWait, type BenchMode, type BenchOptions, defaultBenchOptions,
} from '../bench/mode-bench-config.js';
import { runModeBench } from '../bench/mode-bench.js';
import { benchCsv, benchJson, benchMarkdown, benchPlots } from '../bench/mode-bench-report.js';

/** `vppsim bench`'s options as given; undefined: the default of `--quick` or the full run. */
export interface BenchCommandOptions {
  readonly quick: boolean;
  readonly reps?: number;
  readonly out: string | null;
  readonly modes?: string;
  readonly appWait?: string;
  readonly workers?: string;
  readonly pairs?: string;
  readonly sizeBytes?: number;
  readonly inFlight?: number;
  readonly windowNs?: number;
  readonly quiet: boolean;
}

/** A comma-separated list, each item through `parse` (which throws ConfigError for a bad one). */
function list<T> (v: string, opt: string, parse: (s: string) => T): T[] {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new ConfigError(`--${opt}: '${v}' names nothing`);
  return items.map(parse);
}

const int = (opt: string) => (s: string): number => {
  if (!/^\d+$/.test(s)) throw new ConfigError(`--${opt}: '${s}' is not a whole number`);
  return Number(s);
};

/** The bench's options from the command line's (checked again by runModeBench). */
export function benchOptionsFrom (a: BenchCommandOptions): BenchOptions {
  const d = defaultBenchOptions(a.quick);
  return {
    ...d,
    reps: a.reps ?? d.reps,
    modes: a.modes === undefined ? d.modes : list(a.modes, 'modes', (s) => s as BenchMode),
    appWaits: a.appWait === undefined ? d.appWaits : list(a.appWait, 'app-wait', (s) => s as BenchAppWait),
    workers: a.workers === undefined ? d.workers : list(a.workers, 'workers', int('workers')),
    pairs: a.pairs === undefined ? d.pairs : list(a.pairs, 'pairs', int('pairs')),
    sizeBytes: a.sizeBytes ?? d.sizeBytes,
    maxInFlight: a.inFlight ?? d.maxInFlight,
    windowNs: a.windowNs ?? d.windowNs,
  };
}

/**
 * Runs the bench; returns the markdown report. Writes the files under `out` (created if
 * missing). Throws ConfigError for bad options, and what a run throws.
 */
export async function benchCommand (a: BenchCommandOptions): Promise<string> {
  const o = benchOptionsFrom(a);
  let bar: SingleBar | null = null;
  const report = await runModeBench(o, (what, done, total) => {
    if (a.quiet || !process.stderr.isTTY) return;
    if (bar === null) {
      bar = new SingleBar({ stream: process.stderr, format: 'vppsim bench [{bar}] {value}/{total} runs  {what}', hideCursor: true, clearOnComplete: true });
      bar.start(total, done, { what });
    }
    bar.update(done, { what });
    if (done === total) bar.stop();
  });
  const md = benchMarkdown(report);
  if (a.out !== null) {
    mkdirSync(a.out, { recursive: true });
    writeFileSync(join(a.out, 'bench.md'), md);
    writeFileSync(join(a.out, 'bench.json'), benchJson(report));
    writeFileSync(join(a.out, 'bench.csv'), benchCsv(report));
    for (const p of benchPlots(report)) writeFileSync(join(a.out, p.file), p.svg);
  }
  return md;
}
