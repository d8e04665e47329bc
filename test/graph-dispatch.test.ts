// Dispatch, frames and interrupts of the vlib engine, under the virtual clock.
import { expect } from 'chai';
import { buildGraph } from '../graph/build.js';
import { VLIB_FRAME_SIZE } from '../graph/frame.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeState, NodeType, type NodeRuntime } from '../graph/node.js';
import { GraphError } from '../src/errors.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';

/** An internal node that records the frames it got and drops them. */
function sinkNode (name: string, seen: number[][]): NodeDef<unknown> {
  return defineNode({
    name,
    type: NodeType.Internal,
    dispatch (_vm, _rt, f) {
      if (f === null) return 0;
      seen.push(Array.from(f.vectors.subarray(0, f.nVectors)));
      return f.nVectors;
    },
  }) as NodeDef<unknown>;
}

describe('graph: building', () => {
  it('refuses a node registered twice', () => {
    const a = defineNode({ name: 'x', type: NodeType.Internal, dispatch: () => 0 });
    const b = defineNode({ name: 'x', type: NodeType.Internal, dispatch: () => 0 });
    expect(() => buildGraph([a, b] as NodeDef<unknown>[])).to.throw(GraphError, "node 'x' is registered twice");
  });

  it('refuses a next node that is not registered', () => {
    const a = defineNode({ name: 'a', type: NodeType.Input, nextNodes: ['nowhere'], dispatch: () => 0 });
    expect(() => buildGraph([a] as NodeDef<unknown>[])).to.throw(GraphError, "next node 'nowhere' (edge 0) is not registered");
  });

  it('refuses a next node that is not internal', () => {
    const a = defineNode({ name: 'a', type: NodeType.Input, nextNodes: ['b'], dispatch: () => 0 });
    const b = defineNode({ name: 'b', type: NodeType.Input, dispatch: () => 0 });
    expect(() => buildGraph([a, b] as NodeDef<unknown>[])).to.throw(GraphError, 'only internal nodes take frames');
  });

  it('numbers runtime indices per node type in registration order', () => {
    const defs = [
      defineNode({ name: 'i0', type: NodeType.Input, dispatch: () => 0 }),
      defineNode({ name: 'n0', type: NodeType.Internal, dispatch: () => 0 }),
      defineNode({ name: 'i1', type: NodeType.Input, dispatch: () => 0 }),
    ] as NodeDef<unknown>[];
    const g = buildGraph(defs);
    expect(Array.from(g.runtimeIndex)).to.deep.equal([0, 0, 1]);
    expect(g.nodesByType[NodeType.Input]).to.deep.equal([0, 2]);
  });
});

describe('graph: frames and pending dispatch', () => {
  it('delivers what a polling input node enqueues to its next node in the same loop', () => {
    const seen: number[][] = [];
    let loopsSeen = -1;
    const src = defineNode({
      name: 'src', type: NodeType.Input, nextNodes: ['sink'],
      dispatch (vm, rt) {
        loopsSeen = vm.mainLoopCount;
        const f = vm.getNextFrame(rt, 0);
        f.vectors[f.nVectors++] = 7;
        f.vectors[f.nVectors++] = 8;
        vm.putNextFrame(rt, 0, f);
        return 2;
      },
    });
    const r = createVirtualRun([src, sinkNode('sink', seen)] as NodeDef<unknown>[], 1);
    r.vms[0]?.step();
    expect(loopsSeen).to.equal(0);
    expect(seen).to.deep.equal([[7, 8]]);
    const sink = r.vms[0]?.nodeRuntime(r.graph.nodes[1]?.index as never);
    expect(sink?.calls).to.equal(1);
    expect(sink?.vectors).to.equal(2);
  });

  it('splits more than 256 vectors to one edge into several frames', () => {
    const seen: number[][] = [];
    const n = 600;
    const bufs = Uint32Array.from({ length: n }, (_, i) => i);
    const src = defineNode({
      name: 'src', type: NodeType.Input, nextNodes: ['sink'],
      dispatch (vm, rt) { vm.enqueueToSingleNext(rt, 0, bufs, n); return n; },
    });
    const r = createVirtualRun([src, sinkNode('sink', seen)] as NodeDef<unknown>[], 1);
    r.vms[0]?.step();
    expect(seen.map((f) => f.length)).to.deep.equal([VLIB_FRAME_SIZE, VLIB_FRAME_SIZE, n - 2 * VLIB_FRAME_SIZE]);
    expect(seen.flat()).to.deep.equal(Array.from(bufs));
  });

  it('dispatches frames queued while dispatching pending frames in the same loop', () => {
    const seen: number[][] = [];
    const src = defineNode({
      name: 'src', type: NodeType.Input, nextNodes: ['mid'],
      dispatch (vm, rt) { const f = vm.getNextFrame(rt, 0); f.vectors[f.nVectors++] = 1; vm.putNextFrame(rt, 0, f); return 1; },
    });
    const mid = defineNode({
      name: 'mid', type: NodeType.Internal, nextNodes: ['sink'],
      dispatch (vm, rt, frame) {
        const f = vm.getNextFrame(rt, 0);
        f.vectors[f.nVectors++] = (frame?.vectors[0] ?? 0) + 100;
        vm.putNextFrame(rt, 0, f);
        return frame?.nVectors ?? 0;
      },
    });
    const r = createVirtualRun([src, mid, sinkNode('sink', seen)] as NodeDef<unknown>[], 1);
    const vm = r.vms[0] as VlibMain;
    vm.step();
    expect(seen).to.deep.equal([[101]]);
    expect(vm.mainLoopCount).to.equal(1);
    vm.step();
    expect(seen).to.deep.equal([[101], [101]]);
    expect(vm.framePool.inUse).to.equal(2, 'one frame kept in each next-frame slot, none leaked');
  });

  it('reads vlib_last_vectors_per_main_loop as 0 inside an input node, and the largest frame after the frames ran', () => {
    const readInInput: number[] = [];
    const readInSink: number[] = [];
    const src = defineNode({
      name: 'src', type: NodeType.Input, nextNodes: ['sink'],
      dispatch (vm, rt) {
        readInInput.push(vm.internalNodeLastVectorsPerMainLoop);
        const f = vm.getNextFrame(rt, 0);
        for (let i = 0; i < 40; i++) f.vectors[f.nVectors++] = i;
        vm.putNextFrame(rt, 0, f);
        return 40;
      },
    });
    const sink = defineNode({
      name: 'sink', type: NodeType.Internal,
      dispatch (vm, _rt, f) { readInSink.push(vm.internalNodeLastVectorsPerMainLoop); return f?.nVectors ?? 0; },
    });
    const r = createVirtualRun([src, sink] as NodeDef<unknown>[], 1);
    for (let i = 0; i < 3; i++) r.vms[0]?.step();
    expect(readInInput).to.deep.equal([0, 0, 0]);
    // inside the first internal dispatch the frame has not been counted yet; VPP updates after
    expect(readInSink).to.deep.equal([0, 0, 0]);
  });
});

describe('graph: interrupts', () => {
  function countingInput (name: string, calls: number[], index: number, extra?: (vm: VlibMain, rt: NodeRuntime<unknown>) => void): NodeDef<unknown> {
    return defineNode({
      name, type: NodeType.Input, state: NodeState.Interrupt,
      dispatch (vm, rt) { calls.push(index); extra?.(vm, rt); return 0; },
    }) as NodeDef<unknown>;
  }

  it('gives one call for several raises before the node runs', () => {
    const calls: number[] = [];
    const a = countingInput('a', calls, 0);
    const r = createVirtualRun([a], 1);
    const vm = r.vms[0] as VlibMain;
    vm.setInterruptPending(a.index);
    vm.setInterruptPending(a.index);
    vm.setInterruptPending(a.index);
    vm.step();
    vm.step();
    expect(calls).to.deep.equal([0]);
  });

  it('runs a higher index raised during the scan in the same pass, and a lower one next loop', () => {
    const calls: number[] = [];
    const defs: NodeDef<unknown>[] = [];
    // b (index 1) raises c (index 2: same pass) and a (index 0: next loop)
    defs.push(countingInput('a', calls, 0));
    defs.push(countingInput('b', calls, 1, (vm) => { vm.setInterruptPending(defs[2]!.index); vm.setInterruptPending(defs[0]!.index); }));
    defs.push(countingInput('c', calls, 2));
    const r = createVirtualRun(defs, 1);
    const vm = r.vms[0] as VlibMain;
    vm.setInterruptPending(defs[1]!.index);
    vm.step();
    expect(calls).to.deep.equal([1, 2]);
    vm.step();
    expect(calls).to.deep.equal([1, 2, 0]);
  });

  it('dispatches an interrupt for a DISABLED node at HEAD and drops it in the legacy order', () => {
    for (const legacy of [false, true]) {
      const calls: number[] = [];
      const n = defineNode({ name: 'd', type: NodeType.Input, state: NodeState.Disabled, dispatch () { calls.push(1); return 0; } });
      const r = createVirtualRun([n as NodeDef<unknown>], 1, { legacyDispatchOrder: legacy });
      r.vms[0]?.setInterruptPending(n.index);
      r.vms[0]?.step();
      expect(calls.length).to.equal(legacy ? 0 : 1, legacy ? 'legacy' : 'HEAD');
    }
  });

  it('runs INPUT before PRE_INPUT at HEAD and PRE_INPUT first in the legacy order', () => {
    for (const legacy of [false, true]) {
      const order: string[] = [];
      const pre = defineNode({ name: 'pre', type: NodeType.PreInput, dispatch () { order.push('pre'); return 0; } });
      const inp = defineNode({ name: 'in', type: NodeType.Input, dispatch () { order.push('in'); return 0; } });
      const r = createVirtualRun([pre, inp] as NodeDef<unknown>[], 1, { legacyDispatchOrder: legacy });
      r.vms[0]?.step();
      expect(order).to.deep.equal(legacy ? ['pre', 'in'] : ['in', 'pre']);
    }
  });

  it('moves WakeReq and Wakeups as VPP counts them when raising on a sleeping thread', () => {
    const calls: number[] = [];
    const target = countingInput('target', calls, 0);
    let raiser: VlibMain | undefined;
    const r = createVirtualRun([target], 2);
    raiser = r.vms[0];
    r.runUntil(5e6); // both threads idle: they sleep
    const w = r.vms[1] as VlibMain;
    expect(w.files.sleepCount).to.be.greaterThan(0);
    const before = w.countersRow();
    // two raises while thread 1 sleeps: two requests, one eventfd write (wakeup_pending)
    raiser?.setInterruptPending(target.index, 1);
    raiser?.setInterruptPending(target.index, 1);
    const mid = w.countersRow();
    expect(mid.wakeReq - before.wakeReq).to.equal(2);
    expect(mid.wakeups - before.wakeups).to.equal(1);
    r.runUntil(6e6);
    expect(calls).to.deep.equal([0], 'one call for the two raises');
    const after = w.countersRow();
    expect(after.fdWakeups - before.fdWakeups).to.equal(1, 'the sleep ended by the wakeup fd');
  });

  it('does not count a wakeup when raising on a thread that is awake', () => {
    const calls: number[] = [];
    const target = countingInput('target', calls, 0);
    const spin = defineNode({ name: 'spin', type: NodeType.Input, dispatch: () => 0 }); // polling: thread 1 never sleeps
    const r = createVirtualRun([target, spin] as NodeDef<unknown>[], 2);
    r.runUntil(1e6);
    r.vms[0]?.setInterruptPending(target.index, 1);
    const c = r.vms[1]?.countersRow();
    expect(c?.wakeReq).to.equal(0);
    expect(c?.wakeups).to.equal(0);
    r.runUntil(2e6);
    expect(calls).to.deep.equal([0]);
  });
});
