// The adaptive rule with sessions and traffic, and what VPP's "interrupt only in INTERRUPT" costs.
import { expect } from 'chai';
import type { VlibMain } from '../graph/main-loop.js';
import { sessionQueueNode } from '../nodes/session-queue.js';
import { defineRpc } from '../graph/rpc.js';
import { WrkState } from '../src/session/session-types.js';
import { appWriteMessages, createTestTransportInit, installTestTransport, testCounters, testSessionFifo } from './fixtures/test-transport.js';
import { sessionRun, transitions } from './support/session-run.js';

const ms = 1e6;

describe('session scheduler: with sessions', () => {
  it('goes INTERRUPT → POLLING only when events stay listed after a dispatch (TX beyond the 128 budget), then back', () => {
    const r = sessionRun(2, { apps: 1 });
    const tt = createTestTransportInit(2, 1);
    for (const vm of r.vms) installTestTransport(vm, r.sm, tt);
    r.startApp(0, function * (env) {
      yield * env.client.attach('burst', {});
      yield env.wait.set([], 5 * ms);
      appWriteMessages(env.client, testSessionFifo(tt, 1, 0), 1, 0, 1, 300);
    });
    r.runUntil(20 * ms);
    const t = transitions(r.vms[1]!);
    expect(t.map((x) => `${x.from}>${x.to}`)).to.deep.equal(['polling>interrupt', 'interrupt>polling', 'polling>interrupt']);
    expect(t[1]).to.include({ elts: 6, vpml: 0 });
    expect(t[1]!.sessions).to.equal(1);
    expect(t[2]).to.include({ elts: 5 });
    const c = testCounters(tt, 1, 0);
    expect(c).to.include({ messages: 300, lastSeq: 300, orderErrors: 0 });
    expect(c.txCalls).to.equal(3, '128 + 128 + 44 packets');
    const sq = r.vms[1]!.nodeRuntime(sessionQueueNode.index);
    expect(sq.vectors).to.equal(300, 'show runtime Vectors of session-queue = TX packets');
  });

  it('stays in INTERRUPT with sessions and nothing to do (the 1 ms tick), never IDLE', () => {
    const r = sessionRun(2);
    const tt = createTestTransportInit(2, 1);
    for (const vm of r.vms) installTestTransport(vm, r.sm, tt);
    r.runUntil(50 * ms);
    const t = transitions(r.vms[1]!);
    expect(t.map((x) => `${x.from}>${x.to}`)).to.deep.equal(['polling>interrupt']);
    const wakes = r.vms[1]!.countersRow().fdWakeups;
    expect(wakes).to.be.within(48, 50, 'woken by the timerfd every 1 ms');
  });
});

describe('session scheduler: interrupts are raised only for workers in INTERRUPT', () => {
  let handledAt = -1;
  const rpc = defineRpc('test-mark-handled', (vm: VlibMain) => { handledAt = vm.clock.now(); });

  it('leaves an event for an IDLE worker until its 100 ms tick', () => {
    const r = sessionRun(2);
    r.runUntil(50 * ms); // worker 1: idle since ~1 ms, next tick at ~101 ms
    expect(r.sm.worker(1).state).to.equal(WrkState.Idle);
    handledAt = -1;
    const postedAt = r.sched.now();
    expect(r.sm.sendRpcEvtToThreadForce(r.vms[0]!, 1, rpc, 0)).to.equal(0);
    const raised = r.vms[0]!.elogRecords().filter((e) => e.type === 'interrupt' && e.a === sessionQueueNode.index);
    expect(raised.length).to.equal(0, 'no session-queue interrupt for an IDLE worker');
    r.runUntil(200 * ms);
    const t = transitions(r.vms[1]!);
    const idleSince = t[1]!.atNs;
    expect(handledAt - postedAt).to.be.within(idleSince + 100 * ms - postedAt - 0.2 * ms, idleSince + 100 * ms - postedAt + 0.2 * ms,
      'waited for the IDLE tick: ~51 ms here, up to 100 ms');
  });

  it('raises session-queue for a worker in INTERRUPT, which runs the event within the wake latency', () => {
    const r = sessionRun(2);
    const tt = createTestTransportInit(2, 1);
    for (const vm of r.vms) installTestTransport(vm, r.sm, tt); // sessions: the worker stays INTERRUPT
    r.runUntil(50.5 * ms);
    expect(r.sm.worker(1).state).to.equal(WrkState.Interrupt);
    handledAt = -1;
    const postedAt = r.sched.now();
    r.sm.sendRpcEvtToThreadForce(r.vms[0]!, 1, rpc, 0);
    r.runUntil(60 * ms);
    expect(handledAt - postedAt).to.be.lessThan(0.1 * ms);
  });
});
