// Apps attach over the socket API analogue; app workers; namespaces; detach. Virtual time.
import { expect } from 'chai';
import { CtrlField, CtrlMsg } from '../src/svm/ctrl-messages.js';
import { SessionEvtType } from '../src/svm/session-event.js';
import { SessionE } from '../src/session/session-types.js';
import type { SapiAttachReplyMsg } from '../src/session/sapi-messages.js';
import { sessionRun } from './support/session-run.js';

const ms = 1e6;

describe('session apps: attach', () => {
  it('attaches with private rx mqs: one mq per vpp thread, each eventfd a file on its thread', () => {
    const r = sessionRun(3, { apps: 1 });
    let reply: SapiAttachReplyMsg | null = null;
    r.startApp(0, function * (env) { reply = yield * env.client.attach('app-a', { useMqEventfd: true }); });
    r.runUntil(2 * ms);
    const rep = reply as unknown as SapiAttachReplyMsg;
    expect(rep.retval).to.equal(0);
    expect(rep.appIndex).to.equal(0);
    expect(rep.rxMqOffsets.length).to.equal(3);
    expect(rep.vppCtrlMqThread).to.equal(1, 'vpp_ctrl_mq: thread 1 when there are workers');
    for (let t = 0; t < 3; t++) {
      expect(r.vms[t]!.files.files.map((f) => f.description)).to.include(`app-0-rx-mq-${t}`);
      expect(r.sm.am.appsl(t).byApp.has(0)).to.equal(true);
    }
    expect(r.sm.am.appWrks[0]?.evtQ?.eventfd).to.not.equal(null, 'the app asked for an mq eventfd');
  });

  it('without private rx mqs points the app at the shared worker mqs, and registers no files', () => {
    const r = sessionRun(2, { apps: 1, usePrivateRxMqs: false });
    let reply: SapiAttachReplyMsg | null = null;
    r.startApp(0, function * (env) { reply = yield * env.client.attach('app-b', {}); });
    r.runUntil(2 * ms);
    const rep = reply as unknown as SapiAttachReplyMsg;
    expect(rep.retval).to.equal(0);
    expect(rep.rxMqsSegment).to.equal(r.sm.wrkMqsSegment.sab);
    expect(r.vms[1]!.files.files.some((f) => f.description.startsWith('app-'))).to.equal(false);
  });

  it('refuses a second attach on the same connection with SESSION_E_APP_ATTACHED', () => {
    const r = sessionRun(1, { apps: 1 });
    const retvals: number[] = [];
    r.startApp(0, function * (env) {
      retvals.push((yield * env.client.attach('x', {})).retval);
      retvals.push((yield * env.client.attach('x', {})).retval);
    });
    r.runUntil(2 * ms);
    expect(retvals).to.deep.equal([0, SessionE.APP_ATTACHED]);
  });

  it('does not check the secret over the socket API, and fails an unknown namespace socket', () => {
    const r = sessionRun(1, { apps: 2, appNs: ['blue', 'red'] });
    r.sm.am.namespaces.add('blue', 1234);
    const retvals: number[] = [];
    r.startApp(0, function * (env) { retvals.push((yield * env.client.attach('a', {}, undefined)).retval); });
    r.startApp(1, function * (env) { retvals.push((yield * env.client.attach('b', {})).retval); });
    r.runUntil(2 * ms);
    expect(retvals).to.have.members([0, SessionE.INVALID_NS]);
    expect(r.sm.am.apps[0]?.nsIndex).to.equal(r.sm.am.namespaces.byId('blue')?.index);
  });

  it('validates namespace id and secret with the binary API (use-bapi-socket-api)', () => {
    const r = sessionRun(1, { apps: 4, useBapi: true });
    r.sm.am.namespaces.add('blue', 1234);
    const got = new Map<string, number>();
    const cases: [string, string, number][] = [['ok', 'blue', 1234], ['secret', 'blue', 99], ['ns', 'green', 1234], ['default', '', 0]];
    cases.forEach(([label, nsId, secret], k) => {
      r.startApp(k, function * (env) { got.set(label, (yield * env.client.attach(label, {}, { nsId, secret })).retval); });
    });
    r.runUntil(2 * ms);
    expect(got.get('ok')).to.equal(0);
    expect(got.get('secret')).to.equal(SessionE.WRONG_NS_SECRET);
    expect(got.get('ns')).to.equal(SessionE.INVALID_NS);
    expect(got.get('default')).to.equal(0);
  });
});

describe('session apps: workers and detach', () => {
  it('adds and deletes app workers; deleting the last one frees the app and its rx mqs', () => {
    const r = sessionRun(2, { apps: 1 });
    const log: string[] = [];
    r.startApp(0, function * (env) {
      const rep = yield * env.client.attach('w', {});
      log.push(`attach ${rep.retval} wrk ${rep.wrk?.wrkIndex}`);
      const w1 = yield * env.client.addWorker();
      log.push(`add ${w1?.setup.wrkMapIndex} wrk ${w1?.setup.wrkIndex}`);
      log.push(`del ${yield * env.client.delWorker(0)}`);
      log.push(`del ${yield * env.client.delWorker(1)}`);
    });
    r.runUntil(5 * ms);
    expect(log).to.deep.equal(['attach 0 wrk 0', 'add 1 wrk 1', 'del 0', 'del 0']);
    expect(r.sm.am.apps[0]).to.equal(undefined, 'freed with its last worker');
    for (let t = 0; t < 2; t++) expect(r.vms[t]!.files.files.some((f) => f.description === `app-0-rx-mq-${t}`)).to.equal(false);
  });

  it('detaches on APP_DETACH sent to the ctrl thread, via main under the barrier, draining the rx mqs first', () => {
    const r = sessionRun(2, { apps: 1 });
    r.startApp(0, function * (env) {
      const rep = yield * env.client.attach('d', {});
      // an io event for a session that does not exist, still queued when the detach happens
      env.client.sendIo(1, 7, SessionEvtType.IO_EVT_TX);
      const m = new CtrlMsg().reset(SessionEvtType.CTRL_EVT_APP_DETACH).set(CtrlField.clientIndex, rep.apiClient);
      expect(env.client.sendCtrl(m)).to.equal(0);
    });
    r.runUntil(30 * ms);
    expect(r.sm.am.apps[0]).to.equal(undefined);
    const w1 = r.sm.worker(1);
    expect(w1.counter(11 /* kWrkMainRpcs */)).to.equal(1, 'one RPC to main for the pending-main list');
    expect(w1.counter(7 /* kWrkDropNoSession */)).to.equal(1, 'the io event was handled (and dropped: no session), not lost');
    expect(r.vms[0]!.barrierSyncCount).to.equal(1, 'one barrier; the detach inside it nests');
  });
});
