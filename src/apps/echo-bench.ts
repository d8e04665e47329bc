// src/apps/echo-bench.ts: the echo request/response apps `vppsim bench` measures (vppsim only;
// VPP's own load tools stream rather than pace). A client sends messages of `sizeBytes` to a server
// that echoes every byte back: paced at an offered rate, unpaced with a fixed number in flight,
// or not at all (idle: the session stays open), in phases at set times. The client times each
// round trip from the write of a message to the read of its last echoed byte; both keep their
// counters and histograms in a shared block (echo-bench-stats.ts) that the bench reads at the
// edges of its windows. Both run on the VCL analogue (src/app/vcl.ts), waiting on their event
// queue's eventfd or polling it, as configured.

import type { AppWait } from '../app/app-thread.js';
import { VclState, Vppcom } from '../app/vcl-session.js';
import { VclWorker } from '../app/vcl.js';
import { EchoBenchStats, type EchoBenchStatsRef, kEbBytes, kEbReceived, kEbSent } from './echo-bench-stats.js';
import { type VclTestAppConfig, type VclTestEnv, fillVclTestAppConfig, vclTestAttachOptions, vclTestWorkerConfig, vclWaitState } from './vcl-test-common.js';

/** What a client offers. */
export type EchoBenchLoad =
  /** Connected, sending nothing. */
  | { readonly kind: 'idle' }
  /** `rate` messages per second, each sent at its time (a late one goes at once). */
  | { readonly kind: 'paced'; readonly rate: number }
  /** As fast as echoes come back, `window` messages in flight. */
  | { readonly kind: 'max'; readonly window: number };

/** From `atNs` (the run's clock) on, the client offers `load`. */
export interface EchoBenchPhase {
  readonly atNs: number;
  readonly load: EchoBenchLoad;
}

/** An echo bench server: listens on `port` and echoes. */
export interface EchoBenchServerOptions {
  readonly tool: 'echo_bench_server';
  readonly port: number;
  readonly stats: EchoBenchStatsRef;
}

/** An echo bench client: connects when it starts, then offers each phase's load in turn. */
export interface EchoBenchClientOptions {
  readonly tool: 'echo_bench_client';
  /** Server address (host order) and port. */
  readonly ip: number;
  readonly port: number;
  /** Message size, bytes (1…65536). */
  readonly sizeBytes: number;
  /** In time order; before the first, the client is idle. */
  readonly phases: readonly EchoBenchPhase[];
  readonly stats: EchoBenchStatsRef;
}

/** A refused connect is tried again after this long, ns. */
export const ECHO_BENCH_CONNECT_RETRY_NS = 10e6;

/** Most messages a client keeps in flight (its send-time ring). */
export const ECHO_BENCH_MAX_IN_FLIGHT = 4096;

/** What a client reports (its counters and histograms are in its stats block). */
export interface EchoBenchClientResult {
  readonly tool: 'echo_bench_client';
  /** 0 ok, 1 failed (connect refused, reset, …). */
  readonly exitStatus: number;
  readonly error: string | null;
  /** Messages written, and fully echoed back. */
  readonly sent: number;
  readonly received: number;
}

/** What a server reports. */
export interface EchoBenchServerResult {
  readonly tool: 'echo_bench_server';
  readonly exitStatus: number;
  readonly error: string | null;
  /** Sessions accepted, bytes echoed. */
  readonly sessions: number;
  readonly bytes: number;
}

type Program = Generator<AppWait, void, void>;

/** Attaches, or throws with VCL's words; the VclWorker records its latencies into `stats`. */
function * attach (env: VclTestEnv, name: string, cfg: VclTestAppConfig, stats: EchoBenchStats): Generator<AppWait, VclWorker, void> {
  const app = fillVclTestAppConfig(cfg);
  const rep = yield * env.client.attach(name, vclTestAttachOptions(app));
  const wrk = env.client.workers.get(0);
  if (rep.retval !== 0 || wrk === undefined) throw new Error(`vppcom_app_create() failed (${rep.retval})`);
  return new VclWorker(env.client, wrk, env.wait, vclTestWorkerConfig(app, env, stats.vcl));
}

/** The echo server: accepts every session on its port and writes back what it reads. */
export class EchoBenchServer {
  private sessions = 0;
  private bytes = 0;
  private error: string | null = null;
  private readonly buf = new Uint8Array(65536);
  private readonly stats: EchoBenchStats;
  /** Its VCL worker, once attached. */
  vclWorker: VclWorker | null = null;

  constructor (private readonly env: VclTestEnv, private readonly o: EchoBenchServerOptions, private readonly cfg: VclTestAppConfig = {}) {
    this.stats = new EchoBenchStats(o.stats);
  }

  /** Its report so far. */
  get result (): EchoBenchServerResult {
    return { tool: 'echo_bench_server', exitStatus: this.error === null ? 0 : 1, error: this.error, sessions: this.sessions, bytes: this.bytes };
  }

  /** The app program: runs until the run stops it. */
  * run (): Program {
    try {
      yield * this.serve();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  private * serve (): Program {
    const vcl = yield * attach(this.env, 'echo_bench_server', this.cfg, this.stats);
    this.vclWorker = vcl;
    const ls = vcl.sessionCreate();
    vcl.listen(ls, 0, this.o.port);
    const rv = yield * vclWaitState(vcl, ls, VclState.Listen, 10e9, this.env.clock);
    if (rv !== 0) throw new Error(`listen on port ${this.o.port} failed (${rv})`);
    const open: number[] = [];
    const pending = new Map<number, Uint8Array>(); // bytes a full tx fifo did not take yet
    for (;;) {
      yield * vcl.waitEventsOrYield(Infinity);
      for (let si = vcl.accept(ls); si >= 0; si = vcl.accept(ls)) { open.push(si); this.sessions++; }
      for (let i = 0; i < open.length; i++) {
        const si = open[i] as number;
        const left = pending.get(si);
        if (left !== undefined) {
          const n = vcl.write(si, left, 0, left.length);
          if (n > 0) { this.bytes += n; if (n === left.length) pending.delete(si); else pending.set(si, left.slice(n)); }
          if (pending.has(si)) continue;
        }
        for (;;) {
          const n = vcl.read(si, this.buf, 0, this.buf.length);
          if (n === 0 || n === Vppcom.ECONNRESET) { vcl.close(si); open.splice(i--, 1); pending.delete(si); break; }
          if (n < 0) break;
          const w = vcl.write(si, this.buf, 0, n);
          const took = w > 0 ? w : 0;
          this.bytes += took;
          if (took < n) { pending.set(si, this.buf.slice(took, n)); break; }
        }
      }
      this.stats.set(kEbBytes, this.bytes);
    }
  }
}

/** The echo client: connects, offers each phase's load, times every round trip into its stats block. */
export class EchoBenchClient {
  private sent = 0;
  private received = 0;
  private error: string | null = null;
  private readonly stats: EchoBenchStats;
  private readonly sendTimes = new Float64Array(ECHO_BENCH_MAX_IN_FLIGHT);
  private readonly msg: Uint8Array;
  private readonly rxBuf = new Uint8Array(65536);
  /** Its VCL worker, once attached. */
  vclWorker: VclWorker | null = null;

  constructor (private readonly env: VclTestEnv, private readonly o: EchoBenchClientOptions, private readonly cfg: VclTestAppConfig = {}) {
    this.msg = new Uint8Array(o.sizeBytes).fill(0x61);
    this.stats = new EchoBenchStats(o.stats);
  }

  /** Its report so far. */
  get result (): EchoBenchClientResult {
    return { tool: 'echo_bench_client', exitStatus: this.error === null ? 0 : 1, error: this.error, sent: this.sent, received: this.received };
  }

  /** The app program: runs until the run stops it. A failure ends the run with its error. */
  * run (): Program {
    try {
      yield * this.offer();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  private * offer (): Program {
    const o = this.o;
    const clock = this.env.clock;
    const stats = this.stats;
    const vcl = yield * attach(this.env, 'echo_bench_client', this.cfg, stats);
    this.vclWorker = vcl;
    // the server may not listen yet (threads outnumber cores): retry until the first phase
    const giveUpAt = o.phases[0]?.atNs ?? clock.now() + 10e9;
    let si = -1;
    for (;;) {
      si = vcl.sessionCreate();
      vcl.connect(si, o.ip, o.port);
      const rv = yield * vclWaitState(vcl, si, VclState.Ready, 10e9, clock);
      if (rv === 0) break;
      vcl.close(si);
      if (clock.now() + ECHO_BENCH_CONNECT_RETRY_NS >= giveUpAt) throw new Error(`connect to port ${o.port} failed (${rv})`);
      yield this.env.wait.set([], ECHO_BENCH_CONNECT_RETRY_NS);
    }
    const size = o.sizeBytes;
    const phases = o.phases;
    let phase = -1;
    let load: EchoBenchLoad = { kind: 'idle' };
    let interval = 0;
    let inFlightMax = ECHO_BENCH_MAX_IN_FLIGHT;
    let nextSend = 0;
    let rxBytes = 0; // echoed bytes of the oldest message in flight
    for (;;) {
      let now = clock.now();
      while (phase + 1 < phases.length && now >= (phases[phase + 1] as EchoBenchPhase).atNs) {
        phase++;
        const p = phases[phase] as EchoBenchPhase;
        load = p.load;
        interval = load.kind === 'paced' ? 1e9 / load.rate : 0;
        inFlightMax = load.kind === 'max' ? Math.min(load.window, ECHO_BENCH_MAX_IN_FLIGHT) : ECHO_BENCH_MAX_IN_FLIGHT;
        nextSend = Math.max(p.atNs, now - interval);
      }
      // send what is due
      if (load.kind !== 'idle') {
        while (this.sent - this.received < inFlightMax && (load.kind === 'max' || now >= nextSend)) {
          const n = vcl.write(si, this.msg, 0, size);
          if (n === Vppcom.EAGAIN) break;
          if (n < 0) throw new Error(`write failed (${n})`);
          if (n !== size) throw new Error(`short write: ${n} of ${size} bytes (tx fifo full)`);
          this.sendTimes[this.sent % ECHO_BENCH_MAX_IN_FLIGHT] = now;
          this.sent++;
          if (load.kind === 'paced') nextSend += interval;
        }
        stats.set(kEbSent, this.sent);
      }
      // take the echoes
      for (;;) {
        const n = vcl.read(si, this.rxBuf, 0, this.rxBuf.length);
        if (n === 0 || n === Vppcom.ECONNRESET) throw new Error('the server closed the session');
        if (n < 0) break;
        now = clock.now();
        rxBytes += n;
        while (rxBytes >= size && this.received < this.sent) {
          rxBytes -= size;
          stats.rtt.record(now - (this.sendTimes[this.received % ECHO_BENCH_MAX_IN_FLIGHT] as number));
          this.received++;
        }
        stats.set(kEbReceived, this.received);
        stats.set(kEbBytes, this.received * size + rxBytes);
      }
      now = clock.now();
      let until = phase + 1 < phases.length ? (phases[phase + 1] as EchoBenchPhase).atNs : Infinity;
      if (load.kind === 'paced' && this.sent - this.received < inFlightMax) until = Math.min(until, nextSend);
      if (load.kind === 'max' && this.sent - this.received < inFlightMax) until = now; // tx fifo full: look again at once
      yield * vcl.waitEventsOrYield(Math.max(0, until - now));
    }
  }
}
