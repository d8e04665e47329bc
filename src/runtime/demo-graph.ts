// src/runtime/demo-graph.ts: the small graph `vppsim demo` runs on two threads until the scenario
// runner exists. Thread 0 runs a process that wakes every 5 ms and raises `demo-input` on the
// worker; the worker, idle otherwise, sleeps between raises; each raise sends a burst of 32
// buffers through `demo-forward` to `demo-drop`. It shows every kind of node and wakeup, and
// one VPP quirk: main cannot sleep during the last millisecond before its process timer,
// because vlib_file_poll rounds the epoll timeout down to whole milliseconds.

import type { VlibMain } from '../../graph/main-loop.js';
import { defineNode, type NodeDef, NodeFlag, NodeState, NodeType } from '../../graph/node.js';
import { waitForClock } from '../../graph/process.js';

/** Buffers per burst. */
const kBurst = 32;
/** The process period, s. */
export const DEMO_TICK_SECONDS = 0.005;
const burst = Uint32Array.from({ length: kBurst }, (_, i) => i);

const demoInput = defineNode({
  name: 'demo-input', type: NodeType.Input, state: NodeState.Interrupt, nextNodes: ['demo-forward'],
  dispatch (vm, rt) { vm.enqueueToSingleNext(rt, 0, burst, kBurst); return kBurst; },
});

const demoForward = defineNode({
  name: 'demo-forward', type: NodeType.Internal, nextNodes: ['demo-drop'],
  dispatch (vm, rt, f) {
    if (f === null) return 0;
    vm.enqueueToSingleNext(rt, 0, f.vectors, f.nVectors);
    return f.nVectors;
  },
});

const demoDrop = defineNode({
  name: 'demo-drop', type: NodeType.Internal, flags: NodeFlag.IsDrop,
  dispatch: (_vm, _rt, f) => f?.nVectors ?? 0,
});

const demoTickProcess = defineNode({
  name: 'demo-tick-process', type: NodeType.Process,
  * process (vm: VlibMain) {
    for (;;) {
      yield waitForClock(DEMO_TICK_SECONDS);
      for (let t = 1; t < vm.nThreads; t++) vm.setInterruptPending(demoInput.index, t);
    }
  },
});

/** The demo graph module (see src/runtime/graph-module.ts). */
export const nodes = [demoInput, demoForward, demoDrop, demoTickProcess] as NodeDef<unknown>[];
