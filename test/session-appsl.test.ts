// appsl-rx-mqs-input: the pending rx-mq list, one mq per dispatch, POSTPONED, the read-ready rules.
import { expect } from 'chai';
import { appslRxMqsInputNode, appslRxMqsInputNodeFn } from '../nodes/appsl-rx-mqs-input.js';
import { appRxMqFdReadReady, RxMqFlag } from '../src/session/app-rx-mqs.js';
import { SessionEvtType, appSendIoEvtToVpp } from '../src/svm/session-event.js';
import type { SvmMsgQ } from '../src/svm/message-queue.js';
import { appWriteMessages, createTestTransportInit, installTestTransport, testCounters, testSessionFifo } from './fixtures/test-transport.js';
import { sessionRun } from './support/session-run.js';

const ms = 1e6;

describe('appsl-rx-mqs-input', () => {
  it('serves several pending apps one mq per dispatch, in the order their eventfds were read ready', () => {
    const r = sessionRun(2, { apps: 3 });
    const tt = createTestTransportInit(2, 3);
    for (const vm of r.vms) installTestTransport(vm, r.sm, tt);
    for (let k = 0; k < 3; k++) {
      r.startApp(k, function * (env) {
        yield * env.client.attach(`app${k}`, {});
        yield env.wait.set([], 10.5 * ms - env.clock.now()); // all write at the same moment
        appWriteMessages(env.client, testSessionFifo(tt, 1, k), 1, k, 1, 5);
      });
    }
    r.runUntil(20 * ms);
    const w = r.vms[1]!;
    const served = w.elogRecords().filter((e) => e.type === 'appsl-rx-mqs-input');
    expect(served.map((e) => e.a)).to.deep.equal([0, 1, 2], 'head first, in file-poll order');
    const rt = w.nodeRuntime(appslRxMqsInputNode.index);
    expect(rt.calls).to.equal(3, 'one call per pending mq: the node re-raises itself');
    expect(rt.vectors).to.equal(3, 'one TX message from each app');
    for (let k = 0; k < 3; k++) expect(testCounters(tt, 1, k)).to.include({ messages: 5, orderErrors: 0 });
    // level-triggered: a pending mq's eventfd stays readable until its turn, so every epoll in
    // between reports it again and read-ready ignores it (VPP: app_rx_mq_fd_read_ready)
    const readies = w.elogRecords().filter((e) => e.type === 'app-rx-mq-read-ready');
    expect(readies.map((e) => [e.a, e.b])).to.deep.equal([[0, 1], [1, 1], [2, 1], [1, 0], [2, 0], [2, 0]]);
  });

  it('requeues a raced mq at the tail as POSTPONED and does not read its eventfd the next time', () => {
    const r = sessionRun(2, { apps: 2 });
    r.startApp(0, function * (env) { yield * env.client.attach('a0', {}); });
    r.startApp(1, function * (env) { yield * env.client.attach('a1', {}); });
    r.runUntil(2 * ms);
    const vm = r.vms[1]!;
    const aw = r.sm.am.appsl(1);
    const e0 = aw.byApp.get(0)!;
    const e1 = aw.byApp.get(1)!;
    // both apps post; both fds become readable; read-ready queues them: [0, 1]
    const post = (mq: SvmMsgQ): void => { expect(appSendIoEvtToVpp(mq, 99, SessionEvtType.IO_EVT_TX, true)).to.equal(0); };
    post(e0.mq); post(e1.mq);
    appRxMqFdReadReady(vm, aw, e0, appslRxMqsInputNode.index);
    appRxMqFdReadReady(vm, aw, e1, appslRxMqsInputNode.index);
    expect(aw.pendingApps()).to.deep.equal([0, 1]);
    // app 0 races a message in while vpp drains its snapshot
    const wrk = r.sm.worker(1);
    const drain = wrk.handleMq.bind(wrk);
    let raced = false;
    wrk.handleMq = (mq) => { const n = drain(mq); if (mq === e0.mq && !raced) { raced = true; post(e0.mq); } return n; };
    expect(e0.efd.count()).to.equal(1);
    expect(appslRxMqsInputNodeFn(r.sm, vm)).to.equal(1);
    expect(aw.pendingApps()).to.deep.equal([1, 0], 'app 0 went to the tail');
    expect(e0.flags).to.equal(RxMqFlag.Pending | RxMqFlag.Postponed);
    // read once (1 → 0), then the racing post found the mq empty and signalled again (0 → 1)
    expect(e0.efd.count()).to.equal(1);
    expect(appslRxMqsInputNodeFn(r.sm, vm)).to.equal(1); // app 1
    expect(appslRxMqsInputNodeFn(r.sm, vm)).to.equal(1); // app 0 again, postponed
    expect(e0.efd.count()).to.equal(1, 'not read again: POSTPONED skips the read');
    expect(e0.flags).to.equal(0, 'empty now: flags cleared');
    expect(aw.pending).to.equal(null);
    // VPP's quirk (vpp-notes §H): the mq is empty but its eventfd still counts 1, so epoll keeps
    // reporting it and read-ready keeps ignoring it: the thread cannot sleep until the next message
    expect(e0.mq.isEmpty()).to.equal(true);
    expect(e0.efd.isReadable(0)).to.equal(true);
    wrk.handleMq = drain;
  });

  it('ignores read-ready for an mq already pending or empty, without reading its eventfd', () => {
    const r = sessionRun(2, { apps: 1 });
    r.startApp(0, function * (env) { yield * env.client.attach('a', {}); });
    r.runUntil(2 * ms);
    const vm = r.vms[1]!;
    const aw = r.sm.am.appsl(1);
    const e = aw.byApp.get(0)!;
    appRxMqFdReadReady(vm, aw, e, appslRxMqsInputNode.index);
    expect(aw.pendingApps()).to.deep.equal([], 'empty mq: ignored');
    expect(appSendIoEvtToVpp(e.mq, 1, SessionEvtType.IO_EVT_TX, true)).to.equal(0);
    appRxMqFdReadReady(vm, aw, e, appslRxMqsInputNode.index);
    appRxMqFdReadReady(vm, aw, e, appslRxMqsInputNode.index);
    expect(aw.pendingApps()).to.deep.equal([0], 'queued once; the second call found it pending');
    expect(e.efd.count()).to.equal(1, 'read-ready never reads the eventfd');
    const ign = vm.elogRecords().filter((x) => x.type === 'app-rx-mq-read-ready').map((x) => x.text);
    expect(ign).to.deep.equal([
      'app-0-rx-mq readable: ignored (mq empty)', 'app-0-rx-mq readable: pending (list 1)', 'app-0-rx-mq readable: ignored (already pending)',
    ]);
  });
});
