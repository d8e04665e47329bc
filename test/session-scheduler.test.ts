// The session worker's adaptive scheduler, under the virtual clock: states, rules, timers.
import { expect } from 'chai';
import { NodeState } from '../graph/node.js';
import { sessionQueueNode } from '../nodes/session-queue.js';
import { sessionInputNode } from '../nodes/session-input.js';
import { appslRxMqsInputNode } from '../nodes/appsl-rx-mqs-input.js';
import { sessionQueueProcessNode } from '../nodes/session-queue-process.js';
import { WrkState } from '../src/session/session-types.js';
import { sessionRun, timerfdArms, transitions } from './support/session-run.js';

const ms = 1e6;

describe('session scheduler: enable', () => {
  it('sets node states as VPP does with workers: main interrupt + process, workers polling, appsl interrupt', () => {
    const r = sessionRun(2);
    r.runUntil(0.5 * ms);
    const [main, wk] = r.vms;
    expect(main!.getNodeState(sessionQueueNode.index)).to.equal(NodeState.Interrupt);
    expect(main!.getNodeState(sessionInputNode.index)).to.equal(NodeState.Disabled, 'without poll-main, left disabled');
    expect(main!.getNodeState(sessionQueueProcessNode.index)).to.equal(NodeState.Polling);
    expect(main!.nodeStateString(main!.nodeRuntime(sessionQueueProcessNode.index))).to.equal('any wait');
    expect(wk!.getNodeState(sessionInputNode.index)).to.equal(NodeState.Interrupt);
    expect(wk!.getNodeState(appslRxMqsInputNode.index)).to.equal(NodeState.Interrupt);
    expect(main!.getNodeState(appslRxMqsInputNode.index)).to.equal(NodeState.Interrupt);
    expect(r.sm.worker(0).state).to.equal(WrkState.Interrupt, 'main set to INTERRUPT directly');
    expect(timerfdArms(main!)).to.deep.equal([], "main's timerfd is not armed at enable");
  });

  it('with poll-main, polls session-queue on main while its worker state stays INTERRUPT', () => {
    const r = sessionRun(2, { pollMain: true });
    r.runUntil(0.1 * ms);
    const main = r.vms[0]!;
    // the node polls; main's worker goes POLLING → … only through the rule, which sees INTERRUPT
    expect(main.getNodeState(sessionInputNode.index)).to.equal(NodeState.Interrupt);
    const t = transitions(main);
    expect(t[0]?.from).to.equal('interrupt', 'state drift: the node polled while wrk[0] said INTERRUPT');
  });

  it('without workers, polls session-queue on main and sets session-input to interrupt', () => {
    const r = sessionRun(1);
    r.runUntil(0.01 * ms);
    const main = r.vms[0]!;
    expect(transitions(main)[0]).to.include({ from: 'polling', to: 'interrupt' });
    expect(main.getNodeState(sessionInputNode.index)).to.equal(NodeState.Interrupt);
  });
});

describe('session scheduler: the adaptive rule on a worker with no sessions', () => {
  it('goes POLLING → INTERRUPT at its first dispatch, then cycles IDLE (100 ms) and INTERRUPT (1 ms)', () => {
    const r = sessionRun(2);
    r.runUntil(305 * ms);
    const t = transitions(r.vms[1]!);
    expect(t.map((x) => `${x.from}>${x.to}`)).to.deep.equal([
      'polling>interrupt', 'interrupt>idle', 'idle>interrupt', 'interrupt>idle', 'idle>interrupt', 'interrupt>idle', 'idle>interrupt', 'interrupt>idle',
    ]);
    expect(t[0]).to.include({ elts: 5, vpml: 0 });
    expect(t[1]).to.include({ elts: 5, sessions: 0 });
    const at = t.map((x) => x.atNs / ms);
    expect(at[0]).to.be.lessThan(0.1);
    expect(at[1]! - at[0]!).to.be.within(1, 1.1);      // the INTERRUPT tick: 1 ms
    expect(at[2]! - at[1]!).to.be.within(100, 100.2);  // the IDLE tick: 100 ms
    expect(at[3]! - at[2]!).to.be.within(1, 1.1);
    const arms = timerfdArms(r.vms[1]!).map((a) => a[1]);
    expect(arms.slice(0, 4)).to.deep.equal([1000, 100000, 1000, 100000], 'µs: 1 ms in INTERRUPT, 100 ms in IDLE');
  });

  it('keeps main (with workers) on 500 ms in both INTERRUPT and IDLE, starting from the 1 s process', () => {
    const r = sessionRun(2);
    r.runUntil(2.6e9);
    const t = transitions(r.vms[0]!);
    expect(t[0]).to.include({ from: 'interrupt', to: 'idle' });
    expect(t[0]!.atNs / ms).to.be.within(1000, 1000.5, 'first run by session-queue-process at 1 s');
    expect(t.slice(0, 4).map((x) => `${x.from}>${x.to}`)).to.deep.equal(['interrupt>idle', 'idle>interrupt', 'interrupt>idle', 'idle>interrupt']);
    expect(t[1]!.atNs - t[0]!.atNs).to.be.within(500 * ms, 500.5 * ms);
    expect(timerfdArms(r.vms[0]!).every((a) => a[1] === 500000)).to.equal(true);
  });

  it('gives main without workers 1 ms in INTERRUPT and 100 ms in IDLE', () => {
    const r = sessionRun(1);
    r.runUntil(150 * ms);
    const arms = timerfdArms(r.vms[0]!).map((a) => a[1]);
    expect(arms.slice(0, 3)).to.deep.equal([1000, 100000, 1000]);
  });

  it('never leaves POLLING with no-adaptive (no timerfd), nor without private rx mqs', () => {
    for (const o of [{ noAdaptive: true }, { usePrivateRxMqs: false }]) {
      const r = sessionRun(2, o);
      r.runUntil(50 * ms);
      expect(transitions(r.vms[1]!)).to.deep.equal([]);
      expect(r.sm.worker(1).state).to.equal(WrkState.Polling);
      expect(r.vms[1]!.countersRow().sleeps).to.equal(0, 'a polling session-queue keeps the worker awake');
      expect(r.sm.worker(1).timerfd).to.equal(null);
    }
  });
});
