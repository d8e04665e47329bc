// Handoff of buffers to another thread's node (vlib_buffer_enqueue_to_thread), virtual time.
import { expect } from 'chai';
import { vlibBufferEnqueueToThread } from '../graph/handoff.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeState, NodeType } from '../graph/node.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';

const ms = 1e6;

function graph (n: number, seen: number[][]): { nodes: NodeDef<unknown>[]; src: NodeDef<unknown> } {
  const bufs = Uint32Array.from({ length: n }, (_, i) => 1000 + i);
  const to = new Uint16Array(n).fill(2);
  const sink = defineNode({
    name: 'ho-sink', type: NodeType.Internal, handoffQueue: true,
    dispatch (vm, _rt, f) { if (f !== null) seen.push([vm.threadIndex, f.nVectors, f.vectors[0] as number]); return f?.nVectors ?? 0; },
  });
  const src = defineNode({
    name: 'ho-src', type: NodeType.Input, state: NodeState.Interrupt,
    dispatch (vm) { return vlibBufferEnqueueToThread(vm, sink.index, bufs, to, n); },
  });
  return { nodes: [sink, src] as NodeDef<unknown>[], src: src as NodeDef<unknown> };
}

describe('graph: handoff', () => {
  it('delivers handed-off buffers to the node on the target thread in frames, waking it, then keeps it from sleeping for 512 polls', () => {
    const seen: number[][] = [];
    const { nodes, src } = graph(300, seen);
    const r = createVirtualRun(nodes, 3);
    r.runUntil(5 * ms);
    const target = r.vms[2] as VlibMain;
    const before = target.countersRow();
    r.vms[0]!.setInterruptPending(src.index, 1); // from main: a remote raise wakes thread 1
    r.runUntil(6 * ms);
    expect(seen).to.deep.equal([[2, 256, 1000], [2, 44, 1256]], 'frames of at most 256, in order, on thread 2');
    const after = target.countersRow();
    expect(after.wakeups - before.wakeups).to.equal(1, 'woken once: the ring was empty');
    expect(target.files.noSleepEpolls).to.be.greaterThan(0);
    r.runUntil(7 * ms);
    expect(target.countersRow().sleeps - after.sleeps).to.equal(0, 'no sleep while the 512 no-sleep polls last');
  });

  it('drops and counts what does not fit the target ring', () => {
    const seen: number[][] = [];
    const { nodes, src } = graph(5000, seen);
    const r = createVirtualRun(nodes, 3);
    const freed: number[] = [];
    r.vms[1]!.dropBuffers = (b, from, n) => { for (let i = 0; i < n; i++) freed.push(b[from + i] as number); };
    r.runUntil(1 * ms);
    r.vms[0]!.setInterruptPending(src.index, 1); // from main: a remote raise wakes thread 1
    r.runUntil(3 * ms);
    const ring = r.vms[1]!.handoffProducerRing(0, 2);
    expect(ring.dropped).to.equal(5000 - ring.size);
    expect(freed.length).to.equal(5000 - ring.size);
    expect(freed[0]).to.equal(1000 + ring.size, 'the tail that did not fit');
    expect(seen.reduce((k, s) => k + (s[1] as number), 0)).to.equal(ring.size);
  });
});
