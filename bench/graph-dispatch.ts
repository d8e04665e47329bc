// bench/graph-dispatch.ts: node dispatch cost per call and per vector, for frames of 1, 32 and
// 256 vectors, beside a plain-JS floor doing the same per-vector work, measured in the same run.
//
// The graph: a polling input node makes a frame of N buffer indices; three internal nodes each
// copy their frame to the next with +1 per element (the work a trivial VPP node does: read each
// buffer index, write it into the next frame); the last one drops. One op = one main loop.
// The floor: the same three copy loops over preallocated Uint32Arrays, plain function calls.
//
// Run: npm run build && node dist/bench/graph-dispatch.js

import Benchmark from 'benchmark';
import { buildGraph } from '../graph/build.js';
import { RealClock } from '../graph/clock.js';
import { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeType } from '../graph/node.js';
import { VlibShared } from '../graph/shared-layout.js';
import { RealWaiter } from '../graph/waiter.js';

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

const kStages = 3;

function makeGraph (n: number): NodeDef<unknown>[] {
  const src = Uint32Array.from({ length: n }, (_, i) => i);
  const input = defineNode({
    name: 'bench-input', type: NodeType.Input, nextNodes: ['stage-0'],
    dispatch (vm, rt) { vm.enqueueToSingleNext(rt, 0, src, n); return n; },
  });
  const stage = (i: number): NodeDef<unknown> => defineNode({
    name: `stage-${i}`, type: NodeType.Internal, nextNodes: i + 1 < kStages ? [`stage-${i + 1}`] : [],
    dispatch (vm, rt, f) {
      if (f === null) return 0;
      const k = f.nVectors;
      if (i + 1 < kStages) {
        const to = vm.getNextFrame(rt, 0);
        const a = f.vectors; const b = to.vectors;
        let j = to.nVectors;
        for (let e = 0; e < k; e++) b[j++] = (a[e] as number) + 1;
        to.nVectors = j;
        vm.putNextFrame(rt, 0, to);
      } else {
        let s = 0;
        const a = f.vectors;
        for (let e = 0; e < k; e++) s += a[e] as number;
        sink ^= s;
      }
      return k;
    },
  }) as NodeDef<unknown>;
  return [input as NodeDef<unknown>, ...Array.from({ length: kStages }, (_, i) => stage(i))];
}

let sink = 0;

function makeVm (n: number): VlibMain {
  const graph = buildGraph(makeGraph(n));
  const shared = VlibShared.forGraph(graph, 1, 2);
  return new VlibMain({
    threadIndex: 0, threadNames: ['vpp_main'], graph, shared,
    clock: new RealClock(process.hrtime.bigint()), waiter: new RealWaiter(shared),
  });
}

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
    const vm = makeVm(n);
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
  process.stdout.write(`(sink ${sink & 1})\n`);
}
