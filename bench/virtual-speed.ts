// bench/virtual-speed.ts: how fast virtual time runs on one JS thread: simulated node
// dispatches per second of wall time (aim: at least 2 million), and how long a 60-second
// simulated default scenario takes (aim: under 10 s of wall time).
//
//   engine     a virtual run of 1 polling input node + 3 internal nodes (32 vectors a frame), on
//              1 and on 2 vlib threads: nothing but dispatches and the scheduler
//   sessions   configs/hs-echo-builtin.yaml, VPP's hs-test echo (polling workers, TCP through the
//              graph): dispatches of a real scenario, node work included
//   default60  configs/default.yaml with --duration 60s: mostly idle workers, apps, timers
//
// Each case runs `reps` times; the median, min and max are printed. Dispatches are the node
// calls `show runtime` counts (every node, every thread).
//
// Run: npm run build && node dist/bench/virtual-speed.js [reps]

import { pathToFileURL } from 'node:url';
import { copyPipeline, copyPipelineSink } from './copy-pipeline.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';
import { readRunInput } from '../src/run/run-input.js';
import { planRun } from '../src/run/run-plan.js';
import type { RunResult } from '../src/run/run-result.js';
import { runVirtual } from '../src/run/run-virtual.js';

/** One case, over its repetitions. */
export interface SpeedRow {
  readonly name: string;
  /** Virtual time simulated per repetition, ns. */
  readonly simulatedNs: number;
  /** Node dispatches per repetition (all threads). */
  readonly dispatches: number;
  /** Wall time per repetition: median, min, max, ns. */
  readonly wallNs: { readonly median: number; readonly min: number; readonly max: number };
  /** Dispatches per second of wall time at the median. */
  readonly dispatchesPerSec: number;
}

function calls (rows: readonly { readonly calls: number }[]): number {
  return rows.reduce((n, r) => n + r.calls, 0);
}

function measure (name: string, reps: number, once: () => { simulatedNs: number; dispatches: number }): SpeedRow {
  const walls: number[] = [];
  let last = { simulatedNs: 0, dispatches: 0 };
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    last = once();
    walls.push(Number(process.hrtime.bigint() - t0));
  }
  walls.sort((a, b) => a - b);
  const median = walls[walls.length >> 1] as number;
  return {
    name, simulatedNs: last.simulatedNs, dispatches: last.dispatches,
    wallNs: { median, min: walls[0] as number, max: walls[walls.length - 1] as number },
    dispatchesPerSec: last.dispatches / (median / 1e9),
  };
}

function engine (threads: number, simulatedNs: number): { simulatedNs: number; dispatches: number } {
  const run = createVirtualRun(copyPipeline('vs', 32), threads);
  run.runUntil(simulatedNs);
  return { simulatedNs, dispatches: run.vms.reduce((n, vm) => n + calls(vm.runtimeStats().nodes), 0) };
}

function scenario (file: string, durationNs?: number): { simulatedNs: number; dispatches: number; r: RunResult } {
  const input = readRunInput(new URL(`../../configs/${file}`, import.meta.url).pathname, null);
  const plan = planRun({ config: input.config, script: input.script, scenario: input.scenario, defaultEndShows: input.defaultEndShows, durationNs });
  const r = runVirtual(plan);
  return { simulatedNs: r.endNs, dispatches: r.threads.reduce((n, t) => n + calls(t.runtime.nodes), 0), r };
}

/** Runs every case `reps` times (about 20 s per repetition). */
export function benchVirtualSpeed (reps = 3): SpeedRow[] {
  return [
    measure('engine, 1 thread (4 nodes, 32 vectors)', reps, () => engine(1, 1e9)),
    measure('engine, 2 threads (4 nodes, 32 vectors)', reps, () => engine(2, 0.5e9)),
    measure('hs-echo-builtin.yaml (polling workers, TCP)', reps, () => scenario('hs-echo-builtin.yaml')),
    measure('default.yaml --duration 60s', reps, () => scenario('default.yaml', 60e9)),
  ];
}

/** Aligned table with units. */
export function formatVirtualSpeed (rows: readonly SpeedRow[]): string {
  const head = ['case', 'simulated', 'dispatches', 'wall (median)', 'wall min … max', 'dispatches/s of wall'];
  const s = (ns: number): string => `${(ns / 1e9).toFixed(3)} s`;
  const body = rows.map((r) => [r.name, s(r.simulatedNs), String(r.dispatches), s(r.wallNs.median), `${s(r.wallNs.min)} … ${s(r.wallNs.max)}`,
    `${(r.dispatchesPerSec / 1e6).toFixed(2)} M`]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join('  ');
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reps = Number(process.argv[2] ?? 3);
  process.stdout.write('virtual time on one JS thread: simulated node dispatches per second of wall time\n');
  process.stdout.write(formatVirtualSpeed(benchVirtualSpeed(Number.isInteger(reps) && reps > 0 ? reps : 3)));
  process.stdout.write(`(sink ${copyPipelineSink() & 1})\n`);
}
