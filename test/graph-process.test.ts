// Process nodes, the barrier, RPCs and SCHED nodes, under the virtual clock.
import { expect } from 'chai';
import { ElogEvent } from '../graph/elog.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, type NodeIndex, NodeState, NodeType, type ProcessResume } from '../graph/node.js';
import { waitForClock, waitForEvent, waitForEventOrClock } from '../graph/process.js';
import { defineRpc } from '../graph/rpc.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';

const ms = 1e6;

describe('graph: process nodes', () => {
  it('resumes a clock wait after its time and counts each suspend', () => {
    const resumedAt: number[] = [];
    const p = defineNode({
      name: 'ticker', type: NodeType.Process,
      * process (vm) {
        for (;;) {
          const r: ProcessResume = yield waitForClock(0.005);
          expect(r.timedOut).to.equal(true);
          resumedAt.push(vm.clock.now());
        }
      },
    });
    const r = createVirtualRun([p as NodeDef<unknown>], 1);
    r.runUntil(26 * ms);
    expect(resumedAt.length).to.equal(5);
    // each wait is 5 ms from when the process suspended
    resumedAt.forEach((t, i) => expect(t).to.be.within((i + 1) * 5 * ms, (i + 1) * 5 * ms + 0.2 * ms));
    const rt = r.vms[0]!.nodeRuntime(p.index);
    expect(rt.suspends).to.equal(6);
    expect(rt.calls).to.equal(0, 'a process that never returns has no calls');
    expect(r.vms[0]!.nodeStateString(rt)).to.equal('clock wait');
  });

  it('hands signalled events to a process waiting for events, and reports "event wait"', () => {
    const got: number[][] = [];
    const p = defineNode({
      name: 'listener', type: NodeType.Process,
      * process () {
        for (;;) {
          const r: ProcessResume = yield waitForEvent();
          got.push(r.events.map((e) => e.data));
        }
      },
    });
    const r = createVirtualRun([p as NodeDef<unknown>], 1);
    const vm = r.vms[0] as VlibMain;
    vm.step();
    expect(vm.nodeStateString(vm.nodeRuntime(p.index))).to.equal('event wait');
    vm.processSignalEvent(p.index, 1, 10);
    vm.processSignalEvent(p.index, 1, 11);
    vm.step();
    expect(got).to.deep.equal([[10, 11]], 'both events at one resume');
  });

  it('resumes a wait for event or clock on whichever comes first', () => {
    const results: { timedOut: boolean; n: number }[] = [];
    const p = defineNode({
      name: 'q', type: NodeType.Process,
      * process () {
        for (;;) {
          const r: ProcessResume = yield waitForEventOrClock(1.0);
          results.push({ timedOut: r.timedOut, n: r.events.length });
        }
      },
    });
    const r = createVirtualRun([p as NodeDef<unknown>], 1);
    const vm = r.vms[0] as VlibMain;
    r.runUntil(1.5e9);
    expect(results).to.deep.equal([{ timedOut: true, n: 0 }]);
    expect(vm.nodeStateString(vm.nodeRuntime(p.index))).to.equal('any wait');
    vm.processSignalEvent(p.index, 2, 0);
    r.runUntil(1.6e9);
    expect(results).to.deep.equal([{ timedOut: true, n: 0 }, { timedOut: false, n: 1 }]);
  });

  it('does not start a process whose node is disabled', () => {
    let started = false;
    const p = defineNode({ name: 'off', type: NodeType.Process, state: NodeState.Disabled, * process () { started = true; yield waitForEvent(); } });
    const r = createVirtualRun([p as NodeDef<unknown>], 1);
    r.runUntil(1 * ms);
    expect(started).to.equal(false);
    expect(r.vms[0]!.nodeStateString(r.vms[0]!.nodeRuntime(p.index))).to.equal('not started');
  });
});

describe('graph: barrier and RPCs', () => {
  it('signals a main-thread process from a worker through an RPC run under the barrier', () => {
    const got: number[] = [];
    const p = defineNode({
      name: 'on-main', type: NodeType.Process,
      * process () { for (;;) { const r: ProcessResume = yield waitForEvent(); for (const e of r.events) got.push(e.data); } },
    });
    let sent = false;
    const w = defineNode({
      name: 'worker-input', type: NodeType.Input,
      dispatch (vm) {
        if (vm.threadIndex === 1 && !sent) { sent = true; vm.processSignalEventMt(p.index, 7, 42); }
        return 0;
      },
    });
    const r = createVirtualRun([p, w] as NodeDef<unknown>[], 2);
    // main polls too (worker-input is POLLING on every thread), so it sees the RPC at once
    r.runUntil(2 * ms);
    expect(got).to.deep.equal([42]);
    const main = r.vms[0] as VlibMain;
    expect(main.barrierSyncCount).to.equal(1);
    const barrierEvents = main.elogRecords().filter((e) => e.type === 'barrier');
    expect(barrierEvents.map((e) => e.a)).to.deep.equal([0, 1], 'one sync, one release');
    const parked = r.vms[1]!.elogRecords().filter((e) => e.type === 'barrier-wait' && e.b === 0);
    expect(parked.length).to.equal(2, 'the worker parked at the initial barrier and at the RPC barrier');
  });

  it('does not wake a sleeping main for an RPC, as VPP HEAD: it waits for main\'s sleep to end', () => {
    let handledAt = -1;
    const rpc = defineRpc('test-note-time', (vm) => { handledAt = vm.clock.now(); });
    let postedAt = -1;
    const w = defineNode({
      name: 'poster', type: NodeType.Input, state: NodeState.Interrupt,
      dispatch (vm) { postedAt = vm.clock.now(); vm.rpcCallMainThread(rpc, 0, 0, 0); return 0; },
    });
    const r = createVirtualRun([w as NodeDef<unknown>], 2);
    r.runUntil(15 * ms);
    r.vms[0]!.setInterruptPending(w.index, 1); // from outside: wake the worker to post
    r.runUntil(40 * ms);
    expect(postedAt).to.be.greaterThan(0);
    expect(handledAt).to.be.greaterThan(postedAt);
    // main was in a 10 ms epoll sleep: the RPC waited for it to end
    expect(handledAt - postedAt).to.be.greaterThan(1 * ms);
    expect(handledAt - postedAt).to.be.at.most(10 * ms + 0.1 * ms);
  });

  it('holds the barrier closed no shorter than three times its last closed time, at most 1 ms, when a worker is busy', () => {
    const r = createVirtualRun([defineNode({ name: 'x', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 }) as NodeDef<unknown>], 2);
    r.runUntil(1 * ms);
    const main = r.vms[0] as VlibMain;
    main.barrierSync();
    main.barrierRelease();
    expect(main.barrierNoCloseBeforeNs - main.barrierEpochNs).to.be.at.most(1 * ms);
    expect(main.barrierNoCloseBeforeNs).to.be.at.least(main.barrierEpochNs);
  });
});

describe('graph: node state and SCHED nodes', () => {
  it('keeps per-state counts of INPUT nodes only, which the sleep decision reads', () => {
    const a = defineNode({ name: 'a', type: NodeType.Input, dispatch: () => 0 });
    const pre = defineNode({ name: 'pre', type: NodeType.PreInput, dispatch: () => 0 });
    const r = createVirtualRun([a, pre] as NodeDef<unknown>[], 1);
    const vm = r.vms[0] as VlibMain;
    expect(Array.from(vm.inputNodeCountsByState)).to.deep.equal([1, 0, 0]);
    vm.setNodeState(a.index, NodeState.Interrupt);
    expect(Array.from(vm.inputNodeCountsByState)).to.deep.equal([0, 1, 0]);
    // a POLLING pre-input node does not keep the thread awake (VPP counts INPUT nodes only)
    r.runUntil(30 * ms);
    expect(vm.countersRow().sleeps).to.be.greaterThan(0);
    const st = vm.elogRecords().filter((e) => e.type === 'node-state');
    expect(st.map((e) => [e.a, e.b, e.c])).to.deep.equal([[a.index, NodeState.Polling, NodeState.Interrupt]]);
  });

  it('runs a SCHED node once, after the file poll that follows its expiry: up to 10 ms late on an idle thread, as VPP HEAD', () => {
    // VPP HEAD: timers expire at the end of a loop (process_expired_timers → sched_node_pending);
    // the next loop's vlib_file_poll checks node interrupts but not sched_node_pending, so an
    // idle thread sleeps (10 ms) before the SCHED node runs.
    const ranAt: number[] = [];
    const s = defineNode({ name: 'later', type: NodeType.Sched, dispatch (vm) { ranAt.push(vm.clock.now()); return 0; } });
    const r = createVirtualRun([s as NodeDef<unknown>], 1);
    const vm = r.vms[0] as VlibMain;
    vm.scheduleNode(s.index as NodeIndex, 0.003);
    r.runUntil(20 * ms);
    expect(ranAt.length).to.equal(1);
    expect(ranAt[0]).to.be.within(13 * ms, 13.2 * ms);
  });

  it('logs each interrupt raise with its target', () => {
    const n = defineNode({ name: 'n', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([n as NodeDef<unknown>], 2);
    r.vms[0]!.setInterruptPending(n.index, 1);
    const ev = r.vms[0]!.elogRecords().filter((e) => e.type === 'interrupt');
    expect(ev.map((e) => [e.a, e.b, e.c])).to.deep.equal([[n.index, 1, 1]]);
    expect(ev[0]?.text).to.equal('raise n on vpp_wk_0 (remote)');
    expect(ElogEvent.InterruptRaise).to.be.a('number');
  });
});

describe('graph: mailbox', () => {
  it('applies a node state set by main on a sleeping worker before the worker runs a node again', () => {
    const calls: number[] = [];
    const n = defineNode({ name: 'n', type: NodeType.Input, state: NodeState.Interrupt, dispatch (vm) { calls.push(vm.threadIndex); return 0; } });
    const r = createVirtualRun([n as NodeDef<unknown>], 2);
    r.runUntil(5 * ms);
    const w = r.vms[1] as VlibMain;
    expect(w.countersRow().sleeps).to.be.greaterThan(0);
    r.vms[0]!.setNodeStateOn(1, n.index, NodeState.Polling);
    expect(w.getNodeState(n.index)).to.equal(NodeState.Interrupt, 'not yet: the worker applies it itself');
    r.runUntil(6 * ms);
    expect(w.getNodeState(n.index)).to.equal(NodeState.Polling);
    expect(calls.filter((t) => t === 1).length).to.be.greaterThan(10, 'now polled every loop');
    expect(Array.from(w.inputNodeCountsByState)).to.deep.equal([1, 0, 0]);
  });
});
