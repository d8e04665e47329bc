// bench/copy-pipeline.ts: the graph the dispatch benchmarks time (graph-dispatch.ts,
// cost-model.ts, virtual-speed.ts): a polling input node makes a frame of N buffer indices;
// three internal nodes each copy their frame to the next with +1 per element (the work a trivial
// VPP node does: read each buffer index, write it into the next frame); the last one sums and
// drops. One main loop = 4 node calls.

import { buildGraph } from '../graph/build.js';
import { RealClock } from '../graph/clock.js';
import { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeType } from '../graph/node.js';
import { VlibShared } from '../graph/shared-layout.js';
import { RealWaiter } from '../graph/waiter.js';

/** Internal nodes after the input node. */
export const COPY_PIPELINE_STAGES = 3;

let sink = 0;

/** What the last node summed so far (print it, so the work cannot be optimised away). */
export const copyPipelineSink = (): number => sink;

/** The nodes, named `<prefix>-input`, `<prefix>-0` … `<prefix>-2`, with frames of `vectorsPerFrame`. */
export function copyPipeline (prefix: string, vectorsPerFrame: number): NodeDef<unknown>[] {
  const n = vectorsPerFrame;
  const src = Uint32Array.from({ length: n }, (_, i) => i);
  const input = defineNode({
    name: `${prefix}-input`, type: NodeType.Input, nextNodes: [`${prefix}-0`],
    dispatch (vm, rt) { vm.enqueueToSingleNext(rt, 0, src, n); return n; },
  });
  const stage = (i: number): NodeDef<unknown> => defineNode({
    name: `${prefix}-${i}`, type: NodeType.Internal, nextNodes: i + 1 < COPY_PIPELINE_STAGES ? [`${prefix}-${i + 1}`] : [],
    dispatch (vm, rt, f) {
      if (f === null) return 0;
      const k = f.nVectors;
      const a = f.vectors;
      if (i + 1 < COPY_PIPELINE_STAGES) {
        const to = vm.getNextFrame(rt, 0);
        const b = to.vectors;
        let j = to.nVectors;
        for (let e = 0; e < k; e++) b[j++] = (a[e] as number) + 1;
        to.nVectors = j;
        vm.putNextFrame(rt, 0, to);
      } else {
        let s = 0;
        for (let e = 0; e < k; e++) s += a[e] as number;
        sink ^= s;
      }
      return k;
    },
  }) as NodeDef<unknown>;
  return [input as NodeDef<unknown>, ...Array.from({ length: COPY_PIPELINE_STAGES }, (_, i) => stage(i))];
}

/** One vlib main on the real clock running `nodes` (one thread, no workers). */
export function realVlibMain (nodes: NodeDef<unknown>[]): VlibMain {
  const graph = buildGraph(nodes);
  const shared = VlibShared.forGraph(graph, 1, 2);
  return new VlibMain({
    threadIndex: 0, threadNames: ['vpp_main'], graph, shared,
    clock: new RealClock(process.hrtime.bigint()), waiter: new RealWaiter(shared),
  });
}
