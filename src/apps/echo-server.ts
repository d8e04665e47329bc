// src/apps/echo-server.ts: the builtin echo server, run inside vpp threads: it accepts a control
// session on the uri's port and data sessions on the next port; on data it echoes what arrived
// (bidirectional tests) or drops it (unidirectional), as the client's SYNC said; on the control
// session it answers every message with its config. Registered under both generations' names
// (`echo_server`, `vperf_srv_builtin`).
// Models: v26.02 src/plugins/hs_apps/echo_server.c (echo_server_session_accept_callback,
// echo_server_rx_callback, echo_server_builtin_server_rx_callback_no_echo,
// echo_server_rx_ctrl_callback, echo_server_ctrl_reply, es_wrk_cleanup_sessions,
// es_set_echo_rx_callbacks, es_test_bytes); HEAD src/plugins/vperf/builtin/vperf_server.c
// (vp_server_rx_ctrl_callback, vp_server_setup_test, vp_server_reset_stats,
// vp_server_agregate_wrk_stats, vp_server_ctrl_reply) and vperf_protos.c
// (vp_proto_server_stream_rx_inline, vp_proto_server_stream_rx_no_echo).
//
//   SAB: i32 [0..16): app_index rx_mode test_bytes verbose is_tcp (spare)
//        f64 [8..16): ctrl_listener_handle listener_handle test_start test_end (spare)
//        f64 [16..): per thread ×4: wrk bytes_received, wrk bytes_sent, pool bytes_received,
//                    pool bytes_sent

import { defineMailboxHandler, type MailboxMsg } from '../../graph/mailbox.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { defineRpc, type RpcHandler } from '../../graph/rpc.js';
import type { EchoFlavor } from '../config/cli-command-types.js';
import { appSendStream, vnetDisconnectSession } from '../session/app-interface.js';
import { appWorkerRxNotify, defineBuiltinApp } from '../session/app-notify.js';
import type { AppWorker } from '../session/app-worker.js';
import { SessionFlag } from '../session/session-flags.js';
import { kSessionMain, type SessionMain } from '../session/session-main.js';
import { kSessFlags, kSessListenerHi, kSessListenerLo, kSessOpaque } from '../session/session-table.js';
import { SessionState } from '../session/session-types.js';
import { SessionEvtType, sessionHandle } from '../svm/session-event.js';
import { type EchoAppLog, echoAppLog } from './echo-app-log.js';
import { sessionTxFifoAnyThread } from './app-session-fifo.js';
import { HS_TEST_CFG_BYTES, HsTestCfg, HsTestCfgBuf, HsTestCmd, HsTestType } from './echo-test-cfg.js';

/** How data sessions are served (`esm->rx_callback` / `vpsm->rx_callback`). */
export const EsRxMode = {
  /** Echo back (the default until a SYNC says otherwise). */
  Echo: 0,
  /** Drop (unidirectional tests). */
  NoEcho: 1,
  /** HEAD: echo and check the bytes (`vp_server_rx_test_bytes_callback`). */
  EchoTestBytes: 2,
} as const;

/** `rx_retries` of a session after which VPP warns that it is stuck. */
export const ES_RX_RETRIES_WARN = 500_000;

const kAppIndex = 0;
const kRxMode = 1;
const kTestBytes = 2;
const kVerbose = 3;
const kIsTcp = 4;
const kCtrlListener = 8;
const kListener = 9;
const kWrkBase = 16;
const kWrkWords = 4;
/** Per-thread slots: the worker's counts (HEAD `wrk->bytes_*`, summed at STOP) and its pool's sums. */
const kWrkBytesReceived = 0;
const kWrkBytesSent = 1;
const kPoolBytesReceived = 2;
const kPoolBytesSent = 3;

/** The server's shared state (one per `test echo server` / `vperf server`). */
export class EsShared {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  constructor (readonly sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
  }
  /** A fresh state for `nThreads` vpp threads: echo mode, no listeners yet. */
  static create (nThreads: number): EsShared {
    const s = new EsShared(new SharedArrayBuffer((kWrkBase + nThreads * kWrkWords) * 8));
    s.f64[kCtrlListener] = -1;
    s.f64[kListener] = -1;
    return s;
  }
  get appIndex (): number { return Atomics.load(this.i32, kAppIndex); }
  set appIndex (v: number) { Atomics.store(this.i32, kAppIndex, v); }
  /** An {@link EsRxMode}. */
  get rxMode (): number { return Atomics.load(this.i32, kRxMode); }
  set rxMode (v: number) { Atomics.store(this.i32, kRxMode, v); }
  /** `esm->cfg.test_bytes` of the last control message. */
  get testBytes (): boolean { return Atomics.load(this.i32, kTestBytes) !== 0; }
  set testBytes (v: boolean) { Atomics.store(this.i32, kTestBytes, v ? 1 : 0); }
  /** `esm->cfg.verbose` of the last control message. */
  get verbose (): boolean { return Atomics.load(this.i32, kVerbose) !== 0; }
  set verbose (v: boolean) { Atomics.store(this.i32, kVerbose, v ? 1 : 0); }
  /** The data transport is TCP (`transport_proto`). */
  get isTcp (): boolean { return Atomics.load(this.i32, kIsTcp) !== 0; }
  set isTcp (v: boolean) { Atomics.store(this.i32, kIsTcp, v ? 1 : 0); }
  /** `ctrl_listener_handle`, −1 before the listen. */
  get ctrlListenerHandle (): number { return this.f64[kCtrlListener] as number; }
  set ctrlListenerHandle (h: number) { this.f64[kCtrlListener] = h; }
  /** `listener_handle` of the data listener. */
  get listenerHandle (): number { return this.f64[kListener] as number; }
  set listenerHandle (h: number) { this.f64[kListener] = h; }
  /** Slot `k` of thread `t`. */
  wrk (t: number, k: number): number { return this.f64[kWrkBase + t * kWrkWords + k] as number; }
  addWrk (t: number, k: number, v: number): void { this.f64[kWrkBase + t * kWrkWords + k] = (this.f64[kWrkBase + t * kWrkWords + k] as number) + v; }
  setWrk (t: number, k: number, v: number): void { this.f64[kWrkBase + t * kWrkWords + k] = v; }
}

/** A thread's server sessions (`es_session_t` pool): grows by doubling, freed whole. */
export class EsPool {
  n = 0;
  si = new Int32Array(64);
  rxRetries = new Int32Array(64);
  /** `byte_index`: a u8, the next byte expected mod 256. */
  byteIndex = new Uint8Array(64);
  /** HEAD: bytes the session received and sent back. */
  bytesReceived = new Float64Array(64);
  bytesSent = new Float64Array(64);

  /** `es_session_alloc` (zeroed): its index. */
  alloc (si: number): number {
    if (this.n === this.si.length) this.grow();
    const i = this.n++;
    this.si[i] = si;
    this.rxRetries[i] = 0;
    this.byteIndex[i] = 0;
    this.bytesReceived[i] = 0;
    this.bytesSent[i] = 0;
    return i;
  }

  private grow (): void {
    const c = this.si.length * 2;
    const g32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => { const b = new Int32Array(c); b.set(a); return b; };
    const g64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => { const b = new Float64Array(c); b.set(a); return b; };
    this.si = g32(this.si);
    this.rxRetries = g32(this.rxRetries);
    const bi = new Uint8Array(c); bi.set(this.byteIndex); this.byteIndex = bi;
    this.bytesReceived = g64(this.bytesReceived);
    this.bytesSent = g64(this.bytesSent);
  }
}

/** What every thread needs of a server (plain: it travels by mailbox). */
export interface EsCfg {
  readonly flavor: EchoFlavor;
  readonly appIndex: number;
  /** Bytes of each thread's rx buffer: max(rcv-buf-size, fifo-size) (HEAD: fifo-size). */
  readonly rxBufBytes: number;
}

/** The echo server as one realm sees it. */
export class EsMain {
  shared: EsShared | null = null;
  cfg: EsCfg | null = null;
  private readonly pools: (EsPool | undefined)[] = [];
  private readonly rxBufs: (Uint8Array | undefined)[] = [];
  /** `esm->cfg`: the last control message, as this realm read it. */
  readonly testCfg = new HsTestCfg();
  readonly msg = new HsTestCfgBuf();
  readonly log: EchoAppLog;

  // main's realm only
  /**
   * `app_index`: v26.02 starts at 0 (its init function never sets it, so `stop` before any
   * server detaches app 0); HEAD at APP_INVALID_INDEX. Null until the first command.
   */
  appIndex: number | null = null;
  /** HEAD stats times (`vpsm->stats.test_start_time` / `test_end_time`), s. */
  testStartTime = 0;
  testEndTime = 0;

  constructor (readonly sm: SessionMain) {
    this.log = echoAppLog(sm);
  }

  /** Thread `t`'s pool. */
  pool (t: number): EsPool {
    let p = this.pools[t];
    if (p === undefined) { p = new EsPool(); this.pools[t] = p; }
    return p;
  }

  /** Thread `t`'s rx buffer (`wrk->rx_buf`) of at least `n` bytes. */
  rxBuf (t: number, n: number): Uint8Array {
    let b = this.rxBufs[t];
    if (b === undefined || b.length < n) { b = new Uint8Array(n); this.rxBufs[t] = b; }
    return b;
  }
}

const realms = new WeakMap<SessionMain, EsMain>();
/** The last one asked for: the rx callback finds it per message without a map lookup. */
let lastEs: EsMain | null = null;

/** The echo server of session layer `sm` (this realm's), made on first use. */
export function esMain (sm: SessionMain): EsMain {
  if (lastEs !== null && lastEs.sm === sm) return lastEs;
  let es = realms.get(sm);
  if (es === undefined) { es = new EsMain(sm); realms.set(sm, es); }
  lastEs = es;
  return es;
}

/** Mailbox: a server's shared state and configuration, for every vpp thread. */
interface EsSetupMsg extends MailboxMsg {
  readonly kind: 'echo-server-setup';
  readonly sab: SharedArrayBuffer;
  readonly cfg: EsCfg;
}

defineMailboxHandler('echo-server-setup', (vm, m) => {
  const msg = m as EsSetupMsg;
  const es = esMain(vm.getData(kSessionMain));
  if (es.shared === null || es.shared.sab !== msg.sab) es.shared = new EsShared(msg.sab);
  es.cfg = msg.cfg;
  es.pool(vm.threadIndex).n = 0;
  es.rxBuf(vm.threadIndex, msg.cfg.rxBufBytes);
});

/** Main: hands a server's state to every vpp thread (`vec_validate (esm->wrk, …)` and its buffers). */
export function esSetupThreads (vm: VlibMain, n: number, shared: EsShared, cfg: EsCfg): void {
  const msg: EsSetupMsg = { kind: 'echo-server-setup', sab: shared.sab, cfg };
  for (let t = 0; t < n; t++) vm.postMailbox(t, msg);
}

function dbg (es: EsMain, sh: EsShared, fn: string, msg: string): void {
  if (sh.verbose) es.log.warn(fn, msg);
}

/** The listener a session was accepted on (`s->listener_handle`). */
function listenerOf (sm: SessionMain, t: number, si: number): number {
  const tab = sm.sessions[t];
  if (tab === undefined) return -1;
  const hi = tab.get(si, kSessListenerHi);
  const lo = tab.get(si, kSessListenerLo);
  return hi === -1 && lo === -1 ? -1 : sessionHandle(hi >>> 0, lo >>> 0);
}

/**
 * `es_wrk_cleanup_sessions`, an RPC on each thread: closes every session of the thread's pool
 * and frees the pool (the client's post-test SYNC, HEAD's detach).
 */
function cleanupSessions (vm: VlibMain, t: number): void {
  const sm = vm.getData(kSessionMain);
  const es = esMain(sm);
  const sh = es.shared;
  if (sh === null) return;
  const p = es.pool(t);
  for (let i = 0; i < p.n; i++) vnetDisconnectSession(vm, sm, sh.appIndex, sessionHandle(t, p.si[i] as number));
  p.n = 0;
  sh.setWrk(t, kPoolBytesReceived, 0);
  sh.setWrk(t, kPoolBytesSent, 0);
}

const cleanupRpcFn: RpcHandler = (vm, t) => cleanupSessions(vm, t);
const rpcCleanup = defineRpc('echo-server-cleanup-sessions', cleanupRpcFn);

/** `es_foreach_thread (es_wrk_cleanup_sessions)`: at once here, by RPC on the other threads. */
export function esCleanupAllThreads (vm: VlibMain, sm: SessionMain): void {
  for (let t = 0; t < sm.cfg.nThreads; t++) sm.sendRpcEvtToThread(vm, t, rpcCleanup, cleanupRpcFn, t);
}

/** `echo_server_ctrl_reply` / `vp_server_ctrl_reply`: the config back on the control session. */
function ctrlReply (sm: SessionMain, vm: VlibMain, es: EsMain, si: number): void {
  const t = vm.threadIndex;
  const tx = sessionTxFifoAnyThread(sm, t, si);
  if (tx === null) return;
  es.testCfg.encode(es.msg.u8, 0);
  tx.enqueue(HS_TEST_CFG_BYTES, es.msg.u8, 0);
  sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_TX, si);
}

/** HEAD `vp_server_reset_stats`: worker counts to 0, the test starts now. */
function vpResetStats (vm: VlibMain, sm: SessionMain, es: EsMain, sh: EsShared): void {
  for (let t = 0; t < sm.cfg.nThreads; t++) { sh.setWrk(t, kWrkBytesReceived, 0); sh.setWrk(t, kWrkBytesSent, 0); }
  es.testStartTime = vm.clock.now() / 1e9;
}

/** HEAD `vp_server_agregate_wrk_stats`: each pool's bytes added to its worker's counts. */
function vpAggregateWrkStats (sm: SessionMain, sh: EsShared): void {
  for (let t = 0; t < sm.cfg.nThreads; t++) {
    sh.addWrk(t, kWrkBytesReceived, sh.wrk(t, kPoolBytesReceived));
    sh.addWrk(t, kWrkBytesSent, sh.wrk(t, kPoolBytesSent));
  }
}

/**
 * A control message (`echo_server_rx_ctrl_callback`): SYNC of a UNI/BI test sets how data is
 * served and is answered; SYNC of an ECHO (post-test) test closes every data session first
 * (HEAD: and answers with the bytes received); START and STOP are answered.
 */
function ctrlRx (sm: SessionMain, vm: VlibMain, es: EsMain, sh: EsShared, si: number): number {
  const rx = sm.ops.rxFifo(vm.threadIndex, si);
  if (rx === null) return 0;
  rx.dequeue(HS_TEST_CFG_BYTES, es.msg.u8, 0);
  const cfg = es.testCfg.decode(es.msg.u8, 0);
  sh.testBytes = cfg.testBytes !== 0;
  sh.verbose = cfg.verbose !== 0;
  const vp = es.cfg?.flavor === 'vperf';
  const fn = vp ? 'vp_server_rx_ctrl_callback' : 'echo_server_rx_ctrl_callback';
  dbg(es, sh, fn, 'control message received:');
  switch (cfg.cmd) {
    case HsTestCmd.Sync:
      switch (cfg.test) {
        case HsTestType.Echo:
        case HsTestType.None:
          esCleanupAllThreads(vm, sm);
          if (vp) {
            // final sync: the bytes (and datagrams) the server received
            let bytes = 0;
            for (let t = 0; t < sm.cfg.nThreads; t++) bytes += sh.wrk(t, kWrkBytesReceived);
            cfg.totalBytes = bytes;
            cfg.numWrites = 0;
          }
          ctrlReply(sm, vm, es, si);
          break;
        case HsTestType.Uni:
        case HsTestType.Bi:
          // es_set_echo_rx_callbacks / vp_server_setup_test (the pool preallocation is moot here)
          if (cfg.test === HsTestType.Uni) sh.rxMode = EsRxMode.NoEcho;
          else sh.rxMode = vp && cfg.testBytes !== 0 ? EsRxMode.EchoTestBytes : EsRxMode.Echo;
          ctrlReply(sm, vm, es, si);
          break;
        default:
          es.log.warn(fn, `unknown command type! ${cfg.cmd}`);
      }
      break;
    case HsTestCmd.Start:
      if (vp) vpResetStats(vm, sm, es, sh);
      ctrlReply(sm, vm, es, si);
      break;
    case HsTestCmd.Stop:
      if (vp) {
        es.testEndTime = vm.clock.now() / 1e9 - 1; // VP_TEST_DELAY_DISCONNECT
        vpAggregateWrkStats(sm, sh);
      }
      ctrlReply(sm, vm, es, si);
      break;
    default:
      es.log.warn(fn, `unknown command! ${cfg.cmd}`);
  }
  return 0;
}

/**
 * Nothing fits in the tx fifo, or data is left: ask to be called again, once per pending
 * request (the rx fifo's event flag). v26.02 posts BUILTIN_RX to its worker and warns once a
 * session retried 500 000 times; HEAD notifies itself (`session_enqueue_notify`) and counts
 * retries only in debug builds.
 */
function rxEvent (sm: SessionMain, vm: VlibMain, es: EsMain, aw: AppWorker, si: number, e: number, vp: boolean): void {
  const t = vm.threadIndex;
  const rx = sm.ops.rxFifo(t, si);
  if (rx === null || !rx.setEvent()) return;
  if (vp) {
    appWorkerRxNotify(sm, vm, aw, si);
    return;
  }
  if (sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_BUILTIN_RX, si) !== 0) es.log.warn('echo_server_rx_callback', 'failed to enqueue self-tap');
  const p = es.pool(t);
  const r = p.rxRetries[e] as number;
  if (r === ES_RX_RETRIES_WARN) es.log.warn('echo_server_rx_callback', `session stuck: [${t}:${si}]`);
  if (r < ES_RX_RETRIES_WARN + 1) p.rxRetries[e] = r + 1;
}

/**
 * Echo (`echo_server_rx_callback`, HEAD `vp_proto_server_stream_rx_inline`): read as much as
 * both the rx fifo holds and the tx fifo takes, check it if asked, write it back. Allocates nothing.
 */
function echoRx (sm: SessionMain, vm: VlibMain, es: EsMain, sh: EsShared, aw: AppWorker, si: number, e: number, testBytes: boolean, vp: boolean): number {
  const t = vm.threadIndex;
  const rx = sm.ops.rxFifo(t, si);
  const tx = sm.ops.txFifo(t, si);
  if (rx === null || tx === null) return 0;
  const maxEnq = tx.maxEnqueueProd();
  const maxDeq = rx.maxDequeueCons();
  if (maxDeq === 0) return 0;
  const xfer = Math.min(maxDeq, maxEnq);
  if (xfer === 0) {
    rxEvent(sm, vm, es, aw, si, e, vp);
    return 0;
  }
  const buf = es.rxBuf(t, xfer);
  rx.unsetEvent();
  const n = rx.dequeue(xfer, buf, 0);
  if (n <= 0) return 0;
  const p = es.pool(t);
  if (vp) {
    p.bytesReceived[e] = (p.bytesReceived[e] as number) + n;
    sh.addWrk(t, kPoolBytesReceived, n);
    if (rx.needsDeqNtf(n)) {
      rx.clearDeqNtf();
      sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_RX, si);
    }
  }
  if (testBytes && sh.isTcp) {
    const off = p.byteIndex[e] as number;
    for (let i = 0; i < n; i++) {
      if (buf[i] !== ((off + i) & 0xff)) {
        if (es.log.full) es.log.countOnly();
        else es.log.warn(vp ? 'vp_proto_test_bytes' : 'es_test_bytes', `at ${off + i} expected ${(off + i) & 0xff} got ${buf[i] as number}`);
      }
    }
    p.byteIndex[e] = (off + n) & 0xff;
  }
  const written = appSendStream(vm, sm, t, si, buf, 0, n);
  if (vp) {
    p.bytesSent[e] = (p.bytesSent[e] as number) + written;
    sh.addWrk(t, kPoolBytesSent, written);
  } else if (written !== xfer) {
    es.log.warn('echo_server_rx_callback', `short trout! written ${written} read ${xfer}`);
  }
  if (rx.maxDequeueCons() > 0) rxEvent(sm, vm, es, aw, si, e, vp);
  return 0;
}

/** No echo (`…_rx_callback_no_echo`, HEAD `vp_proto_server_stream_rx_no_echo`): drop it all. */
function noEchoRx (sm: SessionMain, vm: VlibMain, es: EsMain, sh: EsShared, si: number, e: number, vp: boolean): number {
  const t = vm.threadIndex;
  const rx = sm.ops.rxFifo(t, si);
  if (rx === null) return 0;
  const n = rx.maxDequeueCons();
  if (vp) {
    const p = es.pool(t);
    p.bytesReceived[e] = (p.bytesReceived[e] as number) + n;
    sh.addWrk(t, kPoolBytesReceived, n);
  }
  const rv = rx.dequeueDrop(n);
  if (rv > 0 && rx.needsDeqNtf(rv)) {
    rx.clearDeqNtf();
    sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_RX, si);
  }
  return 0;
}

/** RX on any server session: control messages, then data as the rx mode says. */
function builtinAppRx (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): number {
  const es = esMain(sm);
  const sh = es.shared;
  const t = vm.threadIndex;
  const tab = sm.sessions[t];
  if (sh === null || tab === undefined) return 0;
  const vp = es.cfg?.flavor === 'vperf';
  const mode = sh.rxMode;
  // closes are half-closes for the session layer: nothing more to echo (v26.02's no-echo path does not look)
  if ((vp || mode !== EsRxMode.NoEcho) && (tab.get(si, kSessFlags) & SessionFlag.APP_CLOSED) !== 0) return 0;
  if (listenerOf(sm, t, si) === sh.ctrlListenerHandle) return ctrlRx(sm, vm, es, sh, si);
  const e = tab.get(si, kSessOpaque);
  if (e < 0 || e >= es.pool(t).n) return 0; // its pool was freed (post-test cleanup)
  if (mode === EsRxMode.NoEcho) return noEchoRx(sm, vm, es, sh, si, e, vp);
  return echoRx(sm, vm, es, sh, aw, si, e, vp ? mode === EsRxMode.EchoTestBytes : sh.testBytes, vp);
}

/**
 * ACCEPT: the session is READY at once (a builtin app confirms its own accepts); data sessions
 * get a pool entry whose index is the session's opaque.
 */
function sessionAccept (sm: SessionMain, vm: VlibMain, _aw: AppWorker, si: number): number {
  const es = esMain(sm);
  const sh = es.shared;
  const t = vm.threadIndex;
  if (sh === null) return -1;
  sm.ops.setState(vm, t, si, SessionState.READY);
  if (listenerOf(sm, t, si) === sh.ctrlListenerHandle) return 0;
  sm.sessions[t]?.set(si, kSessOpaque, es.pool(t).alloc(si));
  return 0;
}

const callbacks = {
  sessionAccept,
  sessionConnected (sm: SessionMain): number {
    esMain(sm).log.warn('echo_server_session_connected_callback', 'called...');
    return -1;
  },
  sessionDisconnect (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
    vnetDisconnectSession(vm, sm, aw.appIndex, sessionHandle(vm.threadIndex, si));
  },
  sessionReset (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
    const es = esMain(sm);
    if (es.shared !== null) dbg(es, es.shared, 'echo_server_session_reset_callback', `Reset session [${vm.threadIndex}:${si}]`);
    vnetDisconnectSession(vm, sm, aw.appIndex, sessionHandle(vm.threadIndex, si));
  },
  builtinAppRx,
};

/** The v26.02 server's app name (`echo_server`), its callbacks registered under it. */
export const ECHO_SERVER_APP = defineBuiltinApp('echo_server', callbacks);
/** HEAD's server app name (`vperf_srv_builtin`), the same callbacks. */
export const VPERF_SERVER_APP = defineBuiltinApp('vperf_srv_builtin', callbacks);
