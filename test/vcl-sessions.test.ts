// External apps (app threads, VCL analogue) over TCP in virtual time: each control message
// exchange and its error replies, echo with every byte checked, closes from either side, the
// accept rotor across a listener's app workers.
import { expect } from 'chai';
import type { AppWait } from '../src/app/app-thread.js';
import { VclWorker } from '../src/app/vcl.js';
import { VclState, Vppcom } from '../src/app/vcl-session.js';
import { parseIp4 } from '../src/session/net.js';
import { SessionE, formatSessionState } from '../src/session/session-types.js';
import { sessionRun, type SessionRun, type TestAppEnv } from './support/session-run.js';

const ms = 1e6;
const SERVER_IP = parseIp4('6.0.1.1');
const opts = { useMqEventfd: true, rxFifoSize: 64 << 10, txFifoSize: 64 << 10, segmentSize: 16 << 20 };

/** Attaches and gives the app's VCL worker (worker 0). */
function * vclAttach (env: TestAppEnv, name: string): Generator<AppWait, VclWorker, void> {
  const rep = yield * env.client.attach(name, opts);
  expect(rep.retval).to.equal(0);
  return new VclWorker(env.client, env.client.workers.get(0)!, env.wait);
}

const now = (env: TestAppEnv) => (): number => env.clock.now();

/** What the apps of one test saw. */
interface Seen {
  bound: number[];
  boundErr: number[];
  connected: number[];
  connectErr: number[];
  accepted: number;
  echoed: number;
  clientRx: number;
  mismatches: number;
  done: boolean;
  states: string[];
}
const seen = (): Seen => ({ bound: [], boundErr: [], connected: [], connectErr: [], accepted: 0, echoed: 0, clientRx: 0, mismatches: 0, done: false, states: [] });

/** An echo server: listens on `port`, echoes every session until `stopAt` ns. */
function echoServer (r: SessionRun, k: number, port: number, s: Seen, stopAtNs: number): void {
  r.startApp(k, function * (env) {
    const vcl = yield * vclAttach(env, `srv-${k}`);
    const ls = vcl.sessionCreate();
    vcl.listen(ls, 0, port);
    yield * vcl.waitFor(() => vcl.session(ls)!.state !== VclState.Closed, 100 * ms, now(env));
    const l = vcl.session(ls)!;
    if (l.state !== VclState.Listen) { s.boundErr.push(l.vppError); return; }
    s.bound.push(l.lclPort);
    const buf = new Uint8Array(1 << 16);
    const conns: number[] = [];
    while (env.clock.now() < stopAtNs) {
      yield * vcl.waitEvents(1 * ms);
      for (let a = vcl.accept(ls); a >= 0; a = vcl.accept(ls)) { conns.push(a); s.accepted++; }
      for (const c of conns) {
        const n = vcl.read(c, buf, 0, buf.length);
        if (n > 0) {
          let w = 0;
          while (w < n) {
            const x = vcl.write(c, buf, w, n - w);
            if (x > 0) w += x; else yield * vcl.waitEvents(100_000);
          }
          s.echoed += n;
        } else if (n === 0 || n === Vppcom.ECONNRESET) { // EOF or reset
          vcl.close(c);
          conns.splice(conns.indexOf(c), 1);
          break;
        }
      }
    }
  });
}

describe('VCL sessions over TCP (virtual time, external apps)', () => {
  it('LISTEN gets BOUND; CONNECT gets ACCEPTED on the server and CONNECTED on the client; 1000 round trips echo every byte', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    echoServer(r, 0, 22000, s, 3000 * ms);
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms); // let the server listen
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state !== VclState.Closed, 1000 * ms, now(env));
      const c = vcl.session(si)!;
      if (c.state !== VclState.Ready) { s.connectErr.push(c.vppError); return; }
      s.connected.push(si);
      const out = new Uint8Array(100);
      const inb = new Uint8Array(100);
      for (let round = 0; round < 1000; round++) {
        for (let i = 0; i < 100; i++) out[i] = (round * 31 + i) & 255;
        let w = 0;
        while (w < 100) { const x = vcl.write(si, out, w, 100 - w); if (x > 0) w += x; else yield * vcl.waitEvents(1 * ms); }
        let got = 0;
        while (got < 100) {
          const n = vcl.read(si, inb, got, 100 - got);
          if (n > 0) got += n; else yield * vcl.waitEvents(10 * ms);
        }
        for (let i = 0; i < 100; i++) if (inb[i] !== out[i]) s.mismatches++;
        s.clientRx += got;
      }
      s.done = true;
    });
    r.runUntil(3000 * ms);
    expect(s.bound).to.deep.equal([22000]);
    expect(s.connectErr).to.deep.equal([]);
    expect(s.accepted).to.equal(1);
    expect(s.clientRx).to.equal(100_000);
    expect(s.mismatches).to.equal(0);
    expect(s.done).to.equal(true);
  });

  it('returns errors in the reply: BOUND with ALREADY_LISTENING for another app, CONNECTED with REFUSED for an unbound port', () => {
    const r = sessionRun(2, { tcp: true, apps: 3, sessionPoolSize: 64 });
    const s = seen();
    echoServer(r, 0, 22000, s, 500 * ms);
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'second-listener');
      yield env.wait.set([], 50 * ms);
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22000);
      yield * vcl.waitFor(() => vcl.session(ls)!.state !== VclState.Closed, 100 * ms, now(env));
      s.boundErr.push(vcl.session(ls)!.vppError);
    });
    r.startApp(2, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 4444);
      yield * vcl.waitFor(() => vcl.session(si)!.state !== VclState.Closed, 1000 * ms, now(env));
      s.connectErr.push(vcl.session(si)!.vppError);
      s.states.push(String(vcl.session(si)!.state));
    });
    r.runUntil(500 * ms);
    expect(s.boundErr).to.deep.equal([SessionE.ALREADY_LISTENING]);
    expect(s.connectErr).to.deep.equal([SessionE.REFUSED]);
    expect(s.states).to.deep.equal([String(VclState.Detached)]);
  });

  it('closes from the client: the server hears DISCONNECTED, replies, and both sessions end with CLEANUP', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    echoServer(r, 0, 22000, s, 12_000 * ms);
    let client: VclWorker | null = null;
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      client = vcl;
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 1000 * ms, now(env));
      const b = new Uint8Array([1, 2, 3]);
      vcl.write(si, b, 0, 3);
      yield * vcl.waitFor(() => vcl.readable(si) === 3, 100 * ms, now(env));
      vcl.read(si, b, 0, 3);
      expect(vcl.close(si)).to.equal(Vppcom.OK);
      expect(vcl.session(si)!.state).to.equal(VclState.Closed);
      // vpp frees the session after TIME_WAIT and sends CLEANUP, which frees ours
      yield * vcl.waitFor(() => vcl.session(si) === undefined, 11_000 * ms, now(env));
      s.done = vcl.session(si) === undefined;
    });
    r.runUntil(12_000 * ms);
    expect(s.done).to.equal(true, 'the client session was freed by vpp\'s CLEANUP');
    expect(client!.stats.malformed).to.equal(0);
    // the vpp side: every session gone, both threads
    for (const t of [0, 1]) expect(r.sm.sessions[t]!.count).to.equal(t === 0 ? 1 : 0, 'only the listener is left');
    const states = r.vms[1]!.elogRecords().filter((e) => e.type === 'session-state').map((e) => formatSessionState(e.c));
    expect(states).to.include('transport-closing', 'the server session heard the peer close');
  });

  it('spreads accepts over the listener\'s app workers with VPP\'s rotor: worker 1, 0, 1, 0', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const got: { k: number; vppIndex: number }[] = [];
    // one server app, two workers (the second added on the same thread for the test), both listening
    r.startApp(0, function * (env) {
      const rep = yield * env.client.attach('srv', opts);
      expect(rep.retval).to.equal(0);
      const w1 = yield * env.client.addWorker();
      const vcls = [new VclWorker(env.client, env.client.workers.get(0)!, env.wait), new VclWorker(env.client, w1!, env.wait)];
      const ls = vcls.map((v) => { const l = v.sessionCreate(); v.listen(l, 0, 22000); return l; });
      for (let k = 0; k < 2; k++) {
        const v = vcls[k]!;
        yield * v.waitFor(() => v.session(ls[k]!)!.state === VclState.Listen, 100 * ms, now(env));
      }
      while (env.clock.now() < 1000 * ms) {
        yield env.wait.set([], 1 * ms);
        for (let k = 0; k < 2; k++) {
          vcls[k]!.handleEvents();
          for (let a = vcls[k]!.accept(ls[k]!); a >= 0; a = vcls[k]!.accept(ls[k]!)) got.push({ k, vppIndex: vcls[k]!.session(a)!.vppIndex });
        }
      }
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 100 * ms);
      for (let i = 0; i < 4; i++) {
        const si = vcl.sessionCreate();
        vcl.connect(si, SERVER_IP, 22000);
        yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 500 * ms, now(env));
      }
    });
    r.runUntil(1000 * ms);
    // the app may see several at once; vpp allocated them in accept order (all on one thread here)
    expect(got.sort((a, b) => a.vppIndex - b.vppIndex).map((g) => g.k)).to.deep.equal([1, 0, 1, 0]);
  });

  it('a server closing with unread data resets: the client hears RESET, reads ECONNRESET, replies on close', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    r.startApp(0, function * (env) {
      const vcl = yield * vclAttach(env, 'srv');
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22000);
      let a = -1;
      yield * vcl.waitFor(() => (a = vcl.accept(ls)) >= 0, 1000 * ms, now(env));
      yield * vcl.waitFor(() => vcl.readable(a) === 10, 100 * ms, now(env));
      vcl.close(a); // 10 bytes unread: TCP resets the connection
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 1000 * ms, now(env));
      vcl.write(si, new Uint8Array(10), 0, 10);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Disconnect, 1000 * ms, now(env));
      s.states.push(String(vcl.session(si)!.state));
      s.connectErr.push(vcl.read(si, new Uint8Array(4), 0, 4));
      vcl.close(si); // RESET_REPLY
      yield * vcl.waitFor(() => vcl.session(si) === undefined, 1000 * ms, now(env));
      s.done = vcl.session(si) === undefined;
    });
    r.runUntil(1500 * ms);
    expect(s.states).to.deep.equal([String(VclState.Disconnect)]);
    expect(s.connectErr).to.deep.equal([Vppcom.ECONNRESET]);
    expect(s.done).to.equal(true, 'CLEANUP freed the reset session');
    expect(r.sm.sessions[1]!.count).to.equal(0);
  });

  it('SHUTDOWN half-closes: the server hears DISCONNECTED, still writes (VPP_CLOSING is open), and the client still reads', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    r.startApp(0, function * (env) {
      const vcl = yield * vclAttach(env, 'srv');
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22000);
      let a = -1;
      yield * vcl.waitFor(() => (a = vcl.accept(ls)) >= 0, 1000 * ms, now(env));
      yield * vcl.waitFor(() => vcl.session(a)!.state === VclState.VppClosing, 1000 * ms, now(env));
      s.states.push(String(vcl.session(a)!.state));
      s.connectErr.push(vcl.write(a, new Uint8Array([7, 7, 7]), 0, 3));
      s.connectErr.push(vcl.read(a, new Uint8Array(4), 0, 4)); // EOF
      yield env.wait.set([], 20 * ms);
      vcl.close(a);
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 1000 * ms, now(env));
      expect(vcl.shutdown(si)).to.equal(Vppcom.OK);
      yield * vcl.waitFor(() => vcl.readable(si) === 3, 1000 * ms, now(env));
      s.clientRx = vcl.read(si, new Uint8Array(8), 0, 8);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.VppClosing, 1000 * ms, now(env));
      s.states.push(String(vcl.session(si)!.state));
      vcl.close(si);
    });
    r.runUntil(1500 * ms);
    expect(s.states).to.deep.equal([String(VclState.VppClosing), String(VclState.VppClosing)]);
    expect(s.connectErr).to.deep.equal([3, 0], 'the server wrote 3 bytes after the half-close, then read EOF');
    expect(s.clientRx).to.equal(3, 'the half-closed client still received them');
  });

  it('UNLISTEN gets UNLISTEN_REPLY; a connect after it is refused', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    r.startApp(0, function * (env) {
      const vcl = yield * vclAttach(env, 'srv');
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22000);
      yield * vcl.waitFor(() => vcl.session(ls)!.state === VclState.Listen, 100 * ms, now(env));
      vcl.close(ls);
      yield * vcl.waitFor(() => vcl.session(ls) === undefined, 100 * ms, now(env));
      s.done = vcl.session(ls) === undefined;
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 300 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state !== VclState.Closed, 1000 * ms, now(env));
      s.connectErr.push(vcl.session(si)!.vppError);
    });
    r.runUntil(1500 * ms);
    expect(s.done).to.equal(true, 'UNLISTEN_REPLY freed the listener');
    expect(s.connectErr).to.deep.equal([SessionE.REFUSED]);
    expect(r.sm.sessions[0]!.count).to.equal(0, 'no listener session left');
  });

  it('a detaching app\'s sessions are closed for it: the peer hears DISCONNECTED', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    r.startApp(0, function * (env) {
      const vcl = yield * vclAttach(env, 'srv');
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22000);
      let a = -1;
      yield * vcl.waitFor(() => (a = vcl.accept(ls)) >= 0, 1000 * ms, now(env));
      yield * vcl.waitFor(() => vcl.session(a)!.state === VclState.VppClosing, 1000 * ms, now(env));
      s.states.push(String(vcl.session(a)!.state));
      vcl.close(a);
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 1000 * ms, now(env));
      env.client.close(); // the socket API connection goes: vpp detaches the app
    });
    r.runUntil(12_000 * ms);
    expect(s.states).to.deep.equal([String(VclState.VppClosing)]);
    expect(r.sm.am.apps[1]).to.equal(undefined, 'the client app is gone');
    expect(r.sm.sessions[1]!.count).to.equal(0, 'both sessions gone after TIME_WAIT');
  });

  it('WORKER_UPDATE moves a session to another worker of the app, which gets WORKER_UPDATE_REPLY', () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const s = seen();
    r.startApp(0, function * (env) {
      const rep = yield * env.client.attach('srv', opts);
      expect(rep.retval).to.equal(0);
      const w1 = yield * env.client.addWorker();
      const v0 = new VclWorker(env.client, env.client.workers.get(0)!, env.wait);
      const v1 = new VclWorker(env.client, w1!, env.wait);
      const ls = v0.sessionCreate();
      v0.listen(ls, 0, 22000);
      let a = -1;
      yield * v0.waitFor(() => (a = v0.accept(ls)) >= 0, 1000 * ms, now(env));
      const handle = v0.session(a)!.vppHandle;
      v1.requestSession(handle, 1); // worker 1 claims it
      yield * v1.waitFor(() => v1.workerUpdates.length > 0, 100 * ms, now(env));
      const moved = v1.session(v1.workerUpdates[0]!)!;
      s.bound.push(moved.vppHandle === handle ? 1 : 0);
      // the new owner reads what the client sends next
      const b = new Uint8Array(8);
      yield * v1.waitFor(() => v1.readable(moved.index) === 5, 200 * ms, now(env));
      s.clientRx = v1.read(moved.index, b, 0, 8);
    });
    r.startApp(1, function * (env) {
      const vcl = yield * vclAttach(env, 'cli');
      yield env.wait.set([], 50 * ms);
      const si = vcl.sessionCreate();
      vcl.connect(si, SERVER_IP, 22000);
      yield * vcl.waitFor(() => vcl.session(si)!.state === VclState.Ready, 1000 * ms, now(env));
      yield env.wait.set([], 50 * ms);
      vcl.write(si, new Uint8Array([1, 2, 3, 4, 5]), 0, 5);
      yield env.wait.set([], 100 * ms);
    });
    r.runUntil(1000 * ms);
    expect(s.bound).to.deep.equal([1]);
    expect(s.clientRx).to.equal(5);
    const srvWrk1 = r.sm.am.appWrks.find((w) => w !== undefined && w.appIndex === 0 && w.wrkMapIndex === 1)!;
    const sess = r.sm.sessions[1]!;
    expect(sess.indices().some((i) => sess.get(i, 3) === srvWrk1.wrkIndex)).to.equal(true, 'vpp\'s session belongs to worker 1 now');
  });
});

describe('VCL sessions: connects queued behind main (virtual time)', () => {
  it('two CONNECTs parked behind a LISTEN on the pending-main list both connect (VPP would spin for ever under the barrier)', () => {
    const r = sessionRun(2, { tcp: true, apps: 1, sessionPoolSize: 64 });
    const states: string[] = [];
    r.startApp(0, function * (env) {
      const vcl = yield * vclAttach(env, 'self');
      // one step: the worker takes all three in one dispatch, the listen goes to main and the
      // connects queue behind it on the pending-main list
      const ls = vcl.sessionCreate();
      vcl.listen(ls, 0, 22001);
      const c1 = vcl.sessionCreate();
      const c2 = vcl.sessionCreate();
      vcl.connect(c1, SERVER_IP, 22001);
      vcl.connect(c2, SERVER_IP, 22001);
      yield * vcl.waitFor(() => [c1, c2].every((c) => vcl.session(c)!.state !== VclState.Closed), 1000 * ms, now(env));
      states.push(...[ls, c1, c2].map((c) => String(vcl.session(c)!.state)));
    });
    r.runUntil(1000 * ms);
    expect(states).to.deep.equal([VclState.Listen, VclState.Ready, VclState.Ready].map(String));
    const w1 = r.sm.worker(1);
    expect(w1.counter(11 /* kWrkMainRpcs */)).to.be.greaterThan(0, 'the connects did go through the pending-main list');
  });
});
