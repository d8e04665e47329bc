// TCP through the graph, between two builtin apps, in virtual time: handshake, echo with every
// byte checked, flow control through small fifos, close sequences, refused connects.
import { expect } from 'chai';
import { vnetApplicationAttach } from '../src/session/application.js';
import { vnetListen } from '../src/session/app-interface.js';
import type { AppWorker } from '../src/session/app-worker.js';
import { TransportProto } from '../src/session/session-lookup.js';
import { SessionE, formatSessionState } from '../src/session/session-types.js';
import { kTcState, TcpState, type TcpConnTable } from '../src/session/tcp-conn.js';
import { kSessConnection } from '../src/session/session-table.js';
import { kTcpMain } from '../src/session/tcp-key.js';
import { TcpStat } from '../src/session/tcp-main.js';
import { SessionEvtType } from '../src/svm/session-event.js';
import { rpcTtConnect, TT_CLIENT, TT_SERVER, ttState } from './fixtures/tcp-test-apps.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

const ms = 1e6;

interface Apps { server: AppWorker; client: AppWorker }

function attach (r: SessionRun, fifoSize: number): Apps {
  const vm = r.vms[0]!;
  const s = vnetApplicationAttach(vm, r.sm, TT_SERVER, -1, 0, { isBuiltin: true, rxFifoSize: fifoSize, txFifoSize: fifoSize, segmentSize: 64 << 20 });
  const c = vnetApplicationAttach(vm, r.sm, TT_CLIENT, -1, 0, { isBuiltin: true, rxFifoSize: fifoSize, txFifoSize: fifoSize, segmentSize: 64 << 20 });
  expect(s.retval).to.equal(0);
  expect(c.retval).to.equal(0);
  r.runUntil(r.sched.now() + 1 * ms);
  return { server: r.sm.am.appWrks[s.wrk!.wrkIndex]!, client: r.sm.am.appWrks[c.wrk!.wrkIndex]! };
}

function listen (r: SessionRun, aw: AppWorker, port: number): number {
  const h = vnetListen(r.vms[0]!, r.sm, aw, { fibIndex: 0, proto: TransportProto.Tcp, ip: 0, port });
  expect(h).to.be.at.least(0);
  return h;
}

function connect (r: SessionRun, aw: AppWorker, n: number, port: number): void {
  const t = r.sm.nWorkers > 0 ? 1 : 0;
  expect(r.sm.sendEvtToThread(r.vms[0]!, t, SessionEvtType.CTRL_EVT_RPC, rpcTtConnect, aw.wrkIndex, n, port)).to.equal(0);
}

/** Session state changes of thread `t`, per session index, as names. */
function stateLog (r: SessionRun, t: number): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const e of r.vms[t]!.elogRecords()) {
    if (e.type !== 'session-state') continue;
    const l = m.get(e.a) ?? [formatSessionState(e.b)];
    l.push(formatSessionState(e.c));
    m.set(e.a, l);
  }
  return m;
}

describe('tcp transport (virtual time, builtin apps)', () => {
  for (const nThreads of [1, 2, 3]) {
    it(`echoes 100 KiB on each of 4 sessions through 64 KiB fifos, every byte checked (${nThreads} thread${nThreads > 1 ? 's' : ''})`, () => {
      const r = sessionRun(nThreads, { tcp: true, sessionPoolSize: 64 });
      ttState.reset(100 << 10);
      ttState.closeWhenDone = false;
      const a = attach(r, 64 << 10);
      listen(r, a.server, 1234);
      connect(r, a.client, 4, 1234);
      r.runUntil(r.sched.now() + 200 * ms);
      expect(ttState.connectErrors).to.deep.equal([]);
      expect(ttState.connected.length).to.equal(4);
      expect(ttState.accepted.length).to.equal(4);
      for (const cs of ttState.connected) {
        expect(cs.received).to.equal(100 << 10);
        expect(cs.mismatches).to.equal(0);
      }
      // both ends of each flow live on one thread: the one its 4-tuple hashes to
      const tm = r.vms[0]!.getData(kTcpMain);
      for (const cs of ttState.connected) {
        const c = r.sm.sessions[cs.t]!.get(cs.si, kSessConnection);
        expect((tm.conns[cs.t] as TcpConnTable).get(c, kTcState)).to.equal(TcpState.ESTABLISHED);
        if (nThreads > 1) expect(cs.t).to.be.at.least(1, 'workers carry the connections');
      }
      expect(new Set(ttState.accepted.map((s) => s.t))).to.deep.equal(new Set(ttState.connected.map((s) => s.t)));
    });
  }

  it('carries 10 MiB through 4 KiB fifos: the window closes and opens again, nothing lost', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    ttState.reset(10 << 20);
    ttState.closeWhenDone = false;
    const a = attach(r, 4 << 10);
    listen(r, a.server, 1234);
    connect(r, a.client, 1, 1234);
    r.runUntil(r.sched.now() + 20_000 * ms);
    expect(ttState.connected.length).to.equal(1);
    const cs = ttState.connected[0]!;
    expect(cs.sent).to.equal(10 << 20);
    expect(cs.received).to.equal(10 << 20);
    expect(cs.mismatches).to.equal(0);
    const tm = r.vms[0]!.getData(kTcpMain);
    expect(tm.stat(cs.t, TcpStat.rxFifoFull)).to.equal(0, 'the sender never sends past the window');
  });

  it('passes both sessions through VPP\'s states on close, and frees them after TIME_WAIT', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    ttState.reset(1000);
    const a = attach(r, 64 << 10);
    listen(r, a.server, 1234);
    connect(r, a.client, 1, 1234);
    // an IDLE worker (no sessions yet) looks at its mq every 100 ms
    r.runUntil(r.sched.now() + 300 * ms);
    const cs = ttState.connected[0]!;
    expect(cs.received).to.equal(1000);
    const srv = ttState.accepted[0]!;
    const log = stateLog(r, cs.t);
    // the client closes first (active close): app-closed, then closed when the peer's FIN came
    expect(log.get(cs.si)).to.deep.equal(['created', 'connecting', 'ready', 'closing', 'app-closed', 'closed']);
    // the server: the peer closed (transport-closing), the app confirmed (closing, app-closed), the last ACK (closed)
    expect(log.get(srv.si)).to.deep.equal(['created', 'accepting', 'ready', 'transport-closing', 'closing', 'app-closed', 'closed', 'transport-deleted']);
    expect(ttState.serverDisconnects).to.equal(1);
    // the client's connection waits 10 s in TIME_WAIT before the session goes
    const tm = r.vms[0]!.getData(kTcpMain);
    expect(r.sm.sessions[cs.t]!.isValid(cs.si)).to.equal(true);
    expect((tm.conns[cs.t] as TcpConnTable).get(r.sm.sessions[cs.t]!.get(cs.si, kSessConnection), kTcState)).to.equal(TcpState.TIME_WAIT);
    r.runUntil(r.sched.now() + 10_100 * ms);
    expect(stateLog(r, cs.t).get(cs.si)?.at(-1)).to.equal('transport-deleted');
    expect(r.sm.sessions[cs.t]!.count).to.equal(0, 'both sessions freed after their CLEANUP');
    expect(ttState.cleanups).to.be.at.least(2);
  });

  it('refuses a connect to a port nobody listens on: CONNECTED carries SESSION_E_REFUSED', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    ttState.reset(10);
    const a = attach(r, 64 << 10);
    listen(r, a.server, 1234);
    connect(r, a.client, 1, 999);
    r.runUntil(r.sched.now() + 300 * ms);
    expect(ttState.connectErrors).to.deep.equal([SessionE.REFUSED]);
    expect(ttState.connected.length).to.equal(0);
    const tm = r.vms[0]!.getData(kTcpMain);
    const rst = r.vms.reduce((n, v) => n + tm.stat(v.threadIndex, TcpStat.rstOut), 0);
    expect(rst).to.equal(1);
    expect(r.sm.sessions[1]!.count).to.equal(0, 'the half-open session is gone');
    expect(tm.conns[1]!.count).to.equal(0, 'and its connection');
  });
});
