// bench/graph-dispatch.ts: node dispatch cost per call and per vector, for frames of 1, 32 and
// 256 vectors, beside a plain-JS floor doing the same per-vector work, measured in the same run.
//
// The graph: bench/copy-pipeline.ts (an input node and three copy nodes). One op = one main loop.
// The floor: the same three copy loops over preallocated Uint32Arrays, plain function calls.
//
// Run: npm run build && node dist/bench/graph-dispatch.js

import Benchmark from 'benchmark';
import { COPY_PIPELINE_STAGES, copyPipeline, copyPipelineSink, realVlibMain } from './copy-pipeline.js';

/** One row of results. */
export interface DispatchBenchRow {
  readonly vectorsPerFrame: number;
  /** Node calls per main loop (input + 3 internal). */
  readonly callsPerLoop: number;
  /** vppsim: ns per main loop. */
  readonly loopNs: number;
  /** vppsim: ns per node call (loop / calls). */
  readonly perCallNs: number;
  /** vppsim: ns per vector element per node (loop / (3 × N)). */
  readonly perVectorNs: number;
  /** Floor: ns for the same work in plain JS. */
  readonly floorNs: number;
  /** vppsim / floor. */
  readonly ratio: number;
}

const kStages = COPY_PIPELINE_STAGES;

let sink = 0;

function makeFloor (n: number): () => void {
  const a = Uint32Array.from({ length: n }, (_, i) => i);
  const bufs = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  const copy = (from: Uint32Array, to: Uint32Array, k: number): void => { for (let e = 0; e < k; e++) to[e] = (from[e] as number) + 1; };
  const sum = (from: Uint32Array, k: number): number => { let s = 0; for (let e = 0; e < k; e++) s += from[e] as number; return s; };
  return () => {
    const b0 = bufs[0] as Uint32Array; const b1 = bufs[1] as Uint32Array; const b2 = bufs[2] as Uint32Array;
    for (let e = 0; e < n; e++) b0[e] = a[e] as number; // the input node's enqueue
    copy(b0, b1, n);
    copy(b1, b2, n);
    sink ^= sum(b2, n);
  };
}

function run (name: string, fn: () => void): Promise<number> {
  return new Promise((resolve) => {
    const b = new Benchmark(name, fn, { minSamples: 20, maxTime: 2 });
    b.on('complete', () => resolve((b.stats.mean) * 1e9));
    b.run({ async: false });
  });
}

/** Runs the benchmark and returns one row per frame size. */
export async function benchDispatch (sizes: readonly number[] = [1, 32, 256]): Promise<DispatchBenchRow[]> {
  const rows: DispatchBenchRow[] = [];
  for (const n of sizes) {
    const vm = realVlibMain(copyPipeline('stage', n));
    const floor = makeFloor(n);
    const floorNs = await run(`floor n=${n}`, floor);
    const loopNs = await run(`vppsim n=${n}`, () => { vm.step(); });
    const callsPerLoop = 1 + kStages;
    rows.push({
      vectorsPerFrame: n,
      callsPerLoop,
      loopNs,
      perCallNs: loopNs / callsPerLoop,
      perVectorNs: loopNs / (kStages * n),
      floorNs,
      ratio: loopNs / floorNs,
    });
  }
  return rows;
}

/** Formats the rows as an aligned table with units. */
export function formatDispatchBench (rows: readonly DispatchBenchRow[]): string {
  const head = ['vectors/frame', 'loop (ns)', 'per call (ns)', 'per vector (ns)', 'floor loop (ns)', 'vppsim/floor'];
  const body = rows.map((r) => [String(r.vectorsPerFrame), r.loopNs.toFixed(1), r.perCallNs.toFixed(1), r.perVectorNs.toFixed(2), r.floorNs.toFixed(1), `${r.ratio.toFixed(2)}x`]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(w[i] as number)).join('  ');
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchDispatch();
  process.stdout.write('node dispatch: 1 input + 3 internal nodes per main loop, one frame of N vectors\n');
  process.stdout.write(formatDispatchBench(rows));
  process.stdout.write(`(sink ${(sink ^ copyPipelineSink()) & 1})\n`);
}
