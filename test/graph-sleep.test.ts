// Sleeping, the file poll and timers of the vlib engine, under the virtual clock.
import { expect } from 'chai';
import { defaultCostModel } from '../graph/clock.js';
import { ClibFile, FILE_POLL_SKIP_LOOPS } from '../graph/file-poll.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeState, NodeType } from '../graph/node.js';
import { TimerFd } from '../graph/timerfd.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';

const ms = 1e6;

describe('graph: sleeping in the file poll', () => {
  it('never sleeps while an input node polls, and polls files once every 1025 loops', () => {
    const spin = defineNode({ name: 'spin', type: NodeType.Input, dispatch: () => 0 });
    const r = createVirtualRun([spin as NodeDef<unknown>], 1);
    r.runUntil(20 * ms);
    const c = r.vms[0]!.countersRow();
    expect(c.sleeps).to.equal(0);
    expect(c.loops).to.be.greaterThan(10_000);
    // the first loop polls, then 1024 loops skip, and so on
    expect(c.epolls).to.equal(Math.ceil(c.loops / (FILE_POLL_SKIP_LOOPS + 1)));
  });

  // VPP's own rules, on a host whose timers are exact (sleep granularity 0)
  const exactHostCost = { ...defaultCostModel, sleepGranularityNs: 0 };

  it('sleeps in 10 ms steps with only interrupt nodes and no timers', () => {
    const n = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([n as NodeDef<unknown>], 1, { cost: exactHostCost });
    r.runUntil(100.5 * ms);
    const vm = r.vms[0] as VlibMain;
    const c = vm.countersRow();
    // sleeps start at ~0, 10, 20, … 100 ms: 11 of them, each one loop
    expect(c.sleeps).to.equal(11);
    expect(c.loops).to.equal(10);
    const sleeps = vm.elogRecords().filter((e) => e.type === 'sleep');
    expect(sleeps.every((e) => e.a === 10)).to.equal(true, 'every sleep has a 10 ms timeout');
    const wakes = vm.elogRecords().filter((e) => e.type === 'wake');
    expect(wakes.length).to.equal(10);
    for (const w of wakes) {
      expect(w.a).to.equal(10 * ms, 'slept the whole 10 ms');
      expect(w.b).to.equal(0, 'no fd was ready');
    }
    expect(c.fdWakeups).to.equal(0);
  });

  it('does not sleep while an interrupt is pending, and runs it on the next loop', () => {
    const calls: number[] = [];
    const n = defineNode({ name: 'n', type: NodeType.Input, state: NodeState.Interrupt, dispatch () { calls.push(1); return 0; } });
    const r = createVirtualRun([n as NodeDef<unknown>], 1);
    const vm = r.vms[0] as VlibMain;
    vm.setInterruptPending(n.index);
    vm.step();
    expect(vm.countersRow().sleeps).to.equal(0);
    expect(calls.length).to.equal(1);
  });

  it('wakes for a timerfd at its expiry and counts the sleep as ended by an fd event', () => {
    const reads: number[] = [];
    const n = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([n as NodeDef<unknown>], 1, { cost: exactHostCost });
    const vm = r.vms[0] as VlibMain;
    const tfd = new TimerFd();
    tfd.settime(vm.clock.now(), 1 * ms, 1 * ms);
    vm.files.add(new ClibFile('session-wrk-tfd-0', tfd, (v) => { reads.push(tfd.read(v.clock.now())); }));
    r.runUntil(10.5 * ms);
    expect(reads.length).to.equal(10, 'one read per 1 ms period');
    expect(reads.every((k) => k === 1)).to.equal(true);
    const c = vm.countersRow();
    expect(c.fdWakeups).to.equal(10);
    const wakes = vm.elogRecords().filter((e) => e.type === 'wake');
    expect(wakes.every((w) => w.a <= 1 * ms && w.b === 1)).to.equal(true);
    const fired = vm.elogRecords().filter((e) => e.type === 'file-read');
    expect(fired.length).to.equal(10);
    expect(fired[0]?.text).to.equal('read session-wrk-tfd-0 (1 so far)');
  });

  it('keeps returning a readable file that nobody reads (level-triggered), so the thread cannot sleep long', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    word[0] = 1; // an eventfd with a count nobody reads
    let callbacks = 0;
    const n = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([n as NodeDef<unknown>], 1);
    const vm = r.vms[0] as VlibMain;
    vm.files.add(new ClibFile('app-0-rx-mq-0', { isReadable: () => word[0] !== 0, readyAtNs: Infinity }, () => { callbacks++; }));
    r.runUntil(1 * ms);
    expect(callbacks).to.equal(vm.countersRow().loops);
    expect(callbacks).to.be.greaterThan(100);
    const wakes = vm.elogRecords().filter((e) => e.type === 'wake');
    expect(wakes.length).to.equal(0, 'every "sleep" returned at once from the poll');
    expect(vm.countersRow().fdWakeups).to.equal(vm.countersRow().sleeps);
  });

  it('does not sleep for a timer under 1 ms away (timeout rounds to 0) but counts the sleep', () => {
    const proc = defineNode({
      name: 'p', type: NodeType.Process,
      * process () { for (;;) yield { event: false, clockSeconds: 0.0005 }; },
    });
    const r = createVirtualRun([proc as NodeDef<unknown>], 1);
    r.runUntil(5 * ms);
    const vm = r.vms[0] as VlibMain;
    const c = vm.countersRow();
    // every loop polls with timeout 0: each poll is a sleep in the counters, and none really sleeps
    expect(c.sleeps).to.be.greaterThan(1000);
    expect(c.epolls).to.equal(c.sleeps);
    expect(c.loops).to.equal(c.sleeps);
    expect(vm.elogRecords().filter((e) => e.type === 'sleep' || e.type === 'wake').length).to.equal(0, 'only real sleeps are logged');
  });

  it('sleeps main a fixed time every loop with poll-sleep-usec instead of sleeping in epoll', () => {
    const n = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([n as NodeDef<unknown>], 1, { pollSleepUsec: 100 });
    r.runUntil(10 * ms);
    const c = r.vms[0]!.countersRow();
    expect(c.sleeps).to.equal(0);
    expect(c.epolls).to.equal(c.loops, "one epoll (timeout 0) per loop");
    expect(c.loops).to.be.within(95, 100);
  });
});
