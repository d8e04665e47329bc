// session-input: the vpp → app direction. At most 128 events per app worker per dispatch, app mq
// congestion marking, self re-arm while events remain.
import { expect } from 'chai';
import { sessionInputNode } from '../nodes/session-input.js';
import { appWorkerAddEvent } from '../src/session/app-worker.js';
import { SessionEvtType } from '../src/svm/session-event.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineRpc } from '../graph/rpc.js';
import { kSessionMain } from '../src/session/session-main.js';
import { createTestTransportInit, installTestTransport } from './fixtures/test-transport.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

/** Runs on the target thread (session-queue RPC): queues `n` io events (no session behind them: delivered as they are) for app worker `w`. */
const rpcAddEvents = defineRpc('test-add-app-events', (vm: VlibMain, n: number, w: number) => {
  const sm = vm.getData(kSessionMain);
  const aw = sm.am.appWrks[w]!;
  for (let i = 0; i < n; i++) appWorkerAddEvent(vm, sm.am.pendingNtf(vm.threadIndex), aw, sessionInputNode.index, SessionEvtType.IO_EVT_TX_FLUSH, i);
});

/** Queues `n` events for app worker 0 on thread 1, on thread 1, by RPC from main. */
function addEventsOnWorker (r: SessionRun, n: number): void {
  expect(r.sm.sendRpcEvtToThreadForce(r.vms[0]!, 1, rpcAddEvents, n)).to.equal(0);
}

const ms = 1e6;

describe('session-input', () => {
  it('flushes at most 128 events per app worker per dispatch, marks the mq congested when full, and re-arms itself', () => {
    const r = sessionRun(2, { apps: 1 });
    const tt = createTestTransportInit(2, 1);
    for (const v of r.vms) installTestTransport(v, r.sm, tt); // sessions: worker 1 stays INTERRUPT
    r.startApp(0, function * (env) { yield * env.client.attach('slow-reader', { evtQSize: 128, useMqEventfd: true }); });
    r.runUntil(2 * ms);
    const vm = r.vms[1]!;
    const aw = r.sm.am.appWrks[0]!;
    const mq = aw.evtQ!;
    const si = vm.nodeRuntime(sessionInputNode.index);
    const calls0 = si.calls;
    addEventsOnWorker(r, 300);
    r.runUntil(2.2 * ms);
    expect(mq.size()).to.equal(128, 'the app mq (128) is full: the app does not read');
    expect(aw.evtsDelivered).to.equal(128);
    expect(aw.isWrkMqCongested(1)).to.equal(true);
    expect(aw.mqIsCongested()).to.equal(true);
    expect(aw.wrkEvts[1]!.n).to.equal(172, 'the rest waits on the thread');
    expect(si.calls - calls0).to.be.greaterThan(2, 're-armed while events remain: the thread busy-loops on a congested app');
    expect(si.vectors).to.equal(0, 'session-input always returns 0');
    // the app reads everything; the next flushes deliver the rest and clear the congestion
    for (let k = 0; k < 128; k++) mq.freeMsg(mq.subRaw());
    r.runUntil(3 * ms);
    expect(aw.evtsDelivered).to.equal(256);
    for (let k = 0; k < 128; k++) mq.freeMsg(mq.subRaw());
    r.runUntil(4 * ms);
    expect(aw.evtsDelivered).to.equal(300);
    expect(aw.wrkEvts[1]!.n).to.equal(0);
    expect(aw.isWrkMqCongested(1)).to.equal(false, 'a flush that delivered all it meant to cleared it');
  });

  it('raises session-input once, on the first event queued for an app worker', () => {
    const r = sessionRun(2, { apps: 1 });
    const tt = createTestTransportInit(2, 1);
    for (const v of r.vms) installTestTransport(v, r.sm, tt);
    r.startApp(0, function * (env) { yield * env.client.attach('a', {}); });
    r.runUntil(50 * ms);
    const vm = r.vms[1]!;
    const aw = r.sm.am.appWrks[0]!;
    const before = vm.elogRecords().filter((e) => e.type === 'interrupt' && e.a === sessionInputNode.index).length;
    addEventsOnWorker(r, 2);
    r.runUntil(51 * ms);
    const after = vm.elogRecords().filter((e) => e.type === 'interrupt' && e.a === sessionInputNode.index).length;
    expect(after - before).to.equal(1, 'the first event raised it; the second found the bit set');
    expect(aw.evtsDelivered).to.equal(2);
  });
});
