// src/apps/echo-client-app.ts: the builtin echo client's callbacks and RPCs, run inside vpp
// threads: connects (an RPC on the connects thread, paced against the sessions already up), the
// control session's messages, data received, peer closes. Registered under both generations'
// names (`echo_client`, `vperf_cln_builtin`); the command's flavor picks the behaviour where they
// differ.
// Models: v26.02 src/plugins/hs_apps/echo_client.c (ec_session_connected_callback,
// ec_ctrl_session_connected_callback, ec_ctrl_send, receive_data_chunk, ec_session_rx_callback,
// ec_ctrl_session_rx_callback, ec_session_disconnect_callback, ec_session_reset_callback,
// ec_connect_rpc, ec_ctrl_connect_rpc, ec_calc_tput);
// HEAD src/plugins/vperf/builtin/vperf_client.c (vp_client_session_connected_callback,
// vp_client_session_peer_close, vp_client_ctrl_session_peer_close, vp_client_connect_rpc,
// vp_client_calc_tput, vp_client_ctrl_session_rx_callback), vperf_protos.c (vp_proto_connected,
// vp_proto_client_stream_rx_inline).

import type { VlibMain } from '../../graph/main-loop.js';
import { defineRpc } from '../../graph/rpc.js';
import { vnetConnect, vnetDisconnectSession } from '../session/app-interface.js';
import { appWorkerRxNotify, defineBuiltinApp } from '../session/app-notify.js';
import type { AppWorker } from '../session/app-worker.js';
import { transportClThread } from '../session/session-ctrl-handlers.js';
import { TransportProto } from '../session/session-lookup.js';
import { kSessionMain, type SessionMain } from '../session/session-main.js';
import { kSessOpaque, kSessState } from '../session/session-table.js';
import { formatSessionError, SessionState } from '../session/session-types.js';
import { SessionEvtType, sessionHandle, sessionHandleIndex, sessionHandleThread } from '../svm/session-event.js';
import { sessionTxFifoAnyThread } from './app-session-fifo.js';
import {
  EC_HANDLE_INVALID, EcCliSignal, type EcCfg, type EcMain, type EcShared, EcState, type EcWorker, EsField, ecMain, ecRxBuf,
  ecSignalEvtToCli,
} from './echo-client-main.js';
import { HS_CTRL_HANDLE, HS_TEST_CFG_BYTES, HsTestCmd, hsTestCfgVerify } from './echo-test-cfg.js';

/** `ec_dbg` / `vp_client_dbg`: a warning only when the command said `verbose`. */
function dbg (ec: EcMain, fn: string, msg: string): void {
  if (ec.cfg?.verbose === true) ec.log.warn(fn, msg);
}

/**
 * `ec_ctrl_send` / `vp_client_ctrl_send`: the client's test config with command `cmd` on the
 * control session (84 bytes into its tx fifo, and a TX event to the session's thread). Returns
 * 0, or −1 when the control session is gone.
 */
export function ecCtrlSend (vm: VlibMain, sm: SessionMain, ec: EcMain, cmd: number): number {
  const sh = ec.shared;
  if (sh === null) return -1;
  ec.testCfg.cmd = cmd;
  const vp = ec.cfg?.flavor === 'vperf';
  const fn = vp ? 'vp_client_ctrl_send' : 'ec_ctrl_send';
  const h = sh.ctrlSessionHandle;
  if (h === EC_HANDLE_INVALID) {
    if (vp) ec.log.warn(fn, 'ctrl session went away');
    else dbg(ec, fn, 'ctrl session went away');
    return -1;
  }
  const t = sessionHandleThread(h);
  const si = sessionHandleIndex(h);
  const tx = sm.sessions[t]?.isValid(si) === true ? sessionTxFifoAnyThread(sm, t, si) : null;
  if (tx === null) {
    ec.log.warn(fn, 'ctrl session not found');
    return -1;
  }
  dbg(ec, fn, 'sending test paramters to the server..');
  ec.testCfg.encode(ec.msg.u8, 0);
  tx.enqueue(HS_TEST_CFG_BYTES, ec.msg.u8, 0);
  // session_program_tx_io_evt: posted whatever the fifo's event flag says
  sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_TX, si);
  return 0;
}

/** `ec_ctrl_session_connected_callback`: remember the control session and send SYNC. */
function ctrlConnected (sm: SessionMain, vm: VlibMain, ec: EcMain, sh: EcShared, si: number): number {
  const t = vm.threadIndex;
  sm.sessions[t]?.set(si, kSessOpaque, HS_CTRL_HANDLE);
  sh.ctrlSessionHandle = sessionHandle(t, si);
  ecCtrlSend(vm, sm, ec, HsTestCmd.Sync);
  return 0;
}

/**
 * `ec_calc_tput` / `vp_client_calc_tput`: the pacing window and bytes per window that hold
 * `throughput` across `n_clients` sessions (halving both until a window's share fits the fifo
 * size's threshold), and each session's first slot, one after the other from now − window.
 * Published for every thread, which applies it to its own sessions ({@link ecApplyPacing}).
 */
export function ecCalcTput (vm: VlibMain, sh: EcShared, cfg: EcCfg): void {
  const fifoSize = cfg.fifoSize;
  let threshold: number;
  if (fifoSize > 49152) threshold = 30720;
  else if (fifoSize > 20480) threshold = 12288;
  else if (fifoSize > 10240) threshold = 6144;
  else threshold = fifoSize;
  let window = sh.pacingWindowLen;
  let target = Math.floor(cfg.throughput * window / cfg.nClients);
  while (target > threshold) {
    window /= 2;
    target = Math.floor(target / 2);
  }
  sh.publishPacing(window, target, vm.clock.now() / 1e9 - window);
}

/**
 * Applies the published pacing to thread `t`'s sessions, once per publication: session k (all
 * threads' pools in thread order, as VPP walks them) may first send at base + (k+1)·window/n.
 */
export function ecApplyPacing (sh: EcShared, t: number, w: EcWorker): void {
  const gen = sh.tputGen;
  if (w.tputGenApplied === gen) return;
  w.tputGenApplied = gen;
  const step = sh.pacingWindowLen / sh.nClients;
  let base = sh.pacingBase;
  for (let u = 0; u < t; u++) for (let k = sh.nSessions(u); k > 0; k--) base += step;
  const f = sh.f64;
  const bT = sh.fieldBase(t, EsField.TimeToSend);
  const bTarget = sh.fieldBase(t, EsField.BytesPacedTarget);
  const bCur = sh.fieldBase(t, EsField.BytesPacedCurrent);
  const target = sh.bytesPacedTarget;
  for (let i = 0, n = sh.nSessions(t); i < n; i++) {
    base += step;
    f[bT + i] = base;
    f[bTarget + i] = target;
    f[bCur + i] = target;
  }
}

/**
 * CONNECTED: a data session joins this thread's pool and its list of sessions to serve; the
 * last one to come up starts the test (v26.02: RUNNING here, after pacing; HEAD: the command
 * does that). The control session sends SYNC. A failed connect fails the test.
 */
function sessionConnected (sm: SessionMain, vm: VlibMain, _aw: AppWorker, si: number, opaque: number, err: number): number {
  const ec = ecMain(sm);
  const sh = ec.shared;
  const cfg = ec.cfg;
  if (sh === null || cfg === null || sh.runTest !== EcState.Starting) return -1;
  const vp = cfg.flavor === 'vperf';
  if (err !== 0 || si < 0) {
    ec.log.warn(vp ? 'vp_client_session_connected_callback' : 'ec_session_connected_callback', `connection ${opaque} failed! ${formatSessionError(err)}`);
    sh.runTest = EcState.Exiting;
    ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsFailed);
    return 0;
  }
  if (opaque === HS_CTRL_HANDLE) return ctrlConnected(sm, vm, ec, sh, si);
  const t = vm.threadIndex;
  const es = sh.sessionAlloc(t);
  if (es < 0) {
    ec.log.warn('ec_session_alloc', `thread ${t}: session pool full (${sh.poolCap})`);
    return -1;
  }
  const f = sh.f64;
  f[sh.fieldBase(t, EsField.Si) + es] = si;
  f[sh.fieldBase(t, EsField.BytesToSend) + es] = cfg.bytesToSend;
  f[sh.fieldBase(t, EsField.BytesToReceive) + es] = cfg.echoBytes ? cfg.bytesToSend : 0;
  f[sh.fieldBase(t, EsField.BytesPacedTarget) + es] = Infinity; // ~0
  f[sh.fieldBase(t, EsField.BytesPacedCurrent) + es] = Infinity;
  f[sh.fieldBase(t, EsField.HandleValid) + es] = 1;
  // (threads' virtual clocks may differ by a step: never a negative sample)
  f[sh.fieldBase(t, EsField.Rtt) + es] = Math.max(0, vm.clock.now() - sh.connectStart(opaque)) / 1e9;
  sm.sessions[t]?.set(si, kSessOpaque, es);
  ec.worker(t).connIndices.push(es);
  if (sh.readyAdd(1) === cfg.expected) {
    if (!vp) {
      if (cfg.throughput > 0) ecCalcTput(vm, sh, cfg);
      sh.runTest = EcState.Running;
    }
    ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsDone);
  }
  return 0;
}

/** A control message arrived (`ec_ctrl_session_rx_callback`): signal the command what it is. */
function ctrlRx (sm: SessionMain, vm: VlibMain, ec: EcMain, sh: EcShared, si: number): number {
  const rx = sm.ops.rxFifo(vm.threadIndex, si);
  const vp = ec.cfg?.flavor === 'vperf';
  const fn = vp ? 'vp_client_ctrl_session_rx_callback' : 'ec_ctrl_session_rx_callback';
  const n = rx === null ? -3 : rx.dequeue(HS_TEST_CFG_BYTES, ec.msg.u8, 0);
  if (n !== HS_TEST_CFG_BYTES) {
    ec.log.warn(fn, `invalid cfg length ${n} (expected ${HS_TEST_CFG_BYTES})`);
    ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsFailed);
    return -1;
  }
  const cfg = ec.rxCfg.decode(ec.msg.u8, 0);
  dbg(ec, fn, 'control message received:');
  switch (cfg.cmd) {
    case HsTestCmd.Sync:
      switch (sh.runTest) {
        case EcState.Starting:
          if (!hsTestCfgVerify(cfg, ec.testCfg)) {
            ec.log.warn(fn, 'invalid config received from server!');
            ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsFailed);
            return -1;
          }
          ecSignalEvtToCli(vm, sm, EcCliSignal.CfgSync);
          break;
        case EcState.Running:
          dbg(ec, fn, 'test running..');
          break;
        case EcState.Exiting:
          // post test sync (HEAD keeps the server's counts, used by UDP's final stats only)
          ecSignalEvtToCli(vm, sm, EcCliSignal.CfgSync);
          break;
        default:
          ec.log.warn(fn, `unexpected test state! ${sh.runTest}`);
      }
      break;
    case HsTestCmd.Start:
      ecSignalEvtToCli(vm, sm, EcCliSignal.Start);
      break;
    case HsTestCmd.Stop:
      ecSignalEvtToCli(vm, sm, EcCliSignal.Stop);
      break;
    default:
      ec.log.warn(fn, `unexpected cmd! ${cfg.cmd}`);
  }
  return 0;
}

/**
 * v26.02 `receive_data_chunk`: reads what arrived (a copy to check it when test-bytes, else a
 * drop), counts it against what the session still expects, and tells the transport it read
 * when the fifo asks for that. Allocates nothing.
 */
function receiveDataChunk (sm: SessionMain, vm: VlibMain, ec: EcMain, sh: EcShared, cfg: EcCfg, si: number, es: number): void {
  const t = vm.threadIndex;
  const rx = sm.ops.rxFifo(t, si);
  if (rx === null) return;
  const f = sh.f64;
  const bRecv = sh.fieldBase(t, EsField.BytesReceived) + es;
  const bToRecv = sh.fieldBase(t, EsField.BytesToReceive) + es;
  const offset = (f[bRecv] as number) >>> 0;
  const buf = ecRxBuf(t);
  let n: number;
  if (cfg.includeBufferOffset) {
    rx.unsetEvent();
    n = rx.dequeue(buf.length, buf, 0);
  } else {
    n = rx.maxDequeueCons();
    rx.dequeueDrop(n);
  }
  if (n <= 0) return;
  if (cfg.testBytes) {
    for (let i = 0; i < n; i++) {
      if (buf[i] !== ((offset + i) & 0xff)) {
        if (ec.log.full) ec.log.countOnly();
        else ec.log.warn('receive_data_chunk', `read ${n} error at byte ${offset + i}, 0x${(buf[i] as number).toString(16)} not 0x${((offset + i) & 0xff).toString(16)}`);
        sh.testFailed = true;
      }
    }
  }
  let toRecv = f[bToRecv] as number;
  if (n > toRecv) {
    ec.log.warn('receive_data_chunk', `expected ${(f[bRecv] as number) + toRecv}, received ${(f[bRecv] as number) + n} bytes!`);
    sh.testFailed = true;
    toRecv = n;
  }
  f[bToRecv] = toRecv - n;
  f[bRecv] = (f[bRecv] as number) + n;
  if (rx.needsDeqNtf(n)) {
    rx.clearDeqNtf();
    sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_RX, si);
  }
}

/**
 * HEAD `vp_proto_client_stream_rx_inline`: drops what arrived and counts it; 1 when more came
 * than the session expected. (HEAD's test-bytes variant passes test_bytes = 0, so the client
 * never checks bytes: kept.)
 */
function vpClientStreamRx (sm: SessionMain, vm: VlibMain, ec: EcMain, sh: EcShared, si: number, es: number): number {
  const t = vm.threadIndex;
  const rx = sm.ops.rxFifo(t, si);
  if (rx === null) return 0;
  const maxDeq = rx.maxDequeueCons();
  if (maxDeq === 0) return 0;
  rx.dequeueDrop(maxDeq);
  const n = maxDeq;
  if (rx.needsDeqNtf(n)) {
    rx.clearDeqNtf();
    sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_RX, si);
  }
  const f = sh.f64;
  const bRecv = sh.fieldBase(t, EsField.BytesReceived) + es;
  const bToRecv = sh.fieldBase(t, EsField.BytesToReceive) + es;
  if (n > (f[bToRecv] as number)) {
    ec.log.warn('vp_proto_client_stream_rx_inline', `expected ${(f[bRecv] as number) + (f[bToRecv] as number)}, received ${(f[bRecv] as number) + n} bytes!`);
    f[bToRecv] = 0;
    f[bRecv] = (f[bRecv] as number) + n;
    return 1;
  }
  f[bToRecv] = (f[bToRecv] as number) - n;
  f[bRecv] = (f[bRecv] as number) + n;
  return 0;
}

/**
 * RX: control messages go to {@link ctrlRx}; data is read (v26.02: only while RUNNING, else the
 * session is closed); if data is left, the app asks to be called again.
 */
function builtinAppRx (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): number {
  const ec = ecMain(sm);
  const sh = ec.shared;
  const cfg = ec.cfg;
  const t = vm.threadIndex;
  const tab = sm.sessions[t];
  if (sh === null || cfg === null || tab === undefined) return 0;
  const opaque = tab.get(si, kSessOpaque);
  if (opaque === HS_CTRL_HANDLE) return ctrlRx(sm, vm, ec, sh, si);
  if (opaque < 0 || opaque >= sh.nSessions(t)) return 0;
  if (cfg.flavor === 'vperf') {
    // `vpcm->test_failed = tp->client_rx (…)`: an assignment, as in HEAD
    sh.testFailed = vpClientStreamRx(sm, vm, ec, sh, si, opaque) !== 0;
  } else {
    if (sh.runTest !== EcState.Running) {
      vnetDisconnectSession(vm, sm, aw.appIndex, sessionHandle(t, si));
      return -1;
    }
    receiveDataChunk(sm, vm, ec, sh, cfg, si, opaque);
  }
  const rx = sm.ops.rxFifo(t, si);
  if (rx !== null && rx.maxDequeueCons() > 0) appWorkerRxNotify(sm, vm, aw, si); // session_enqueue_notify
  return 0;
}

/** HEAD `vp_client_worker_del_session_index`: `es` leaves both of thread `w`'s vectors. */
function workerDelSessionIndex (w: EcWorker, es: number): void {
  for (const v of [w.connIndices, w.connsThisBatch]) {
    for (let i = 0; i < v.len; i++) if (v.a[i] === es) { v.deleteAt(i); break; }
  }
}

/**
 * A session's bytes into its thread's totals, and (TCP, session still there) its rtt sample
 * into the statistics. Models: HEAD vp_client_session_accumulate_stats; v26.02 does the same
 * inline in ec_node_fn.
 */
export function ecAccumulateStats (sm: SessionMain, sh: EcShared, cfg: EcCfg, t: number, es: number): void {
  const f = sh.f64;
  sh.wrkAddTotals(t, f[sh.fieldBase(t, EsField.BytesSent) + es] as number, f[sh.fieldBase(t, EsField.BytesReceived) + es] as number);
  if (cfg.isTcp && (f[sh.fieldBase(t, EsField.HandleValid) + es] as number) !== 0 &&
    sm.sessions[t]?.isValid(f[sh.fieldBase(t, EsField.Si) + es] as number) === true) {
    sh.rttUpdate(f[sh.fieldBase(t, EsField.Rtt) + es] as number);
  }
}

/**
 * HEAD `vp_client_session_peer_close`: the peer closed or reset a data session. Outside
 * STARTING it leaves the vectors and its bytes are counted; closing while RUNNING, or with
 * bytes still owed, fails the test (and RUNNING aborts it).
 */
function vpSessionPeerClose (sm: SessionMain, vm: VlibMain, ec: EcMain, sh: EcShared, cfg: EcCfg, si: number, isReset: boolean): void {
  const t = vm.threadIndex;
  const es = sm.sessions[t]?.get(si, kSessOpaque) ?? -1;
  if (es < 0 || es >= sh.nSessions(t)) return;
  const f = sh.f64;
  if ((f[sh.fieldBase(t, EsField.HandleValid) + es] as number) === 0 || f[sh.fieldBase(t, EsField.Si) + es] !== si) return;
  const wasStarting = sh.runTest === EcState.Starting;
  const wasRunning = sh.runTest === EcState.Running;
  if (!wasStarting) {
    workerDelSessionIndex(ec.worker(t), es);
    ecAccumulateStats(sm, sh, cfg, t, es);
  }
  const owed = (f[sh.fieldBase(t, EsField.BytesToSend) + es] as number) > 0 || (f[sh.fieldBase(t, EsField.BytesToReceive) + es] as number) > 0;
  if (wasRunning || (!wasStarting && owed)) {
    sh.testFailed = true;
    sh.runTest = EcState.Exiting;
    sh.countFailedClose(isReset);
  }
  f[sh.fieldBase(t, EsField.BytesToSend) + es] = 0;
  f[sh.fieldBase(t, EsField.BytesToReceive) + es] = 0;
  f[sh.fieldBase(t, EsField.HandleValid) + es] = 0;
  if (wasRunning) {
    sh.readyAdd(-1);
    ecSignalEvtToCli(vm, sm, EcCliSignal.TestAbort);
  }
}

/** HEAD `vp_client_ctrl_session_peer_close`: losing the control session before the end fails the test. */
function vpCtrlPeerClose (sm: SessionMain, vm: VlibMain, sh: EcShared, isReset: boolean): void {
  const wasStarting = sh.runTest === EcState.Starting;
  sh.ctrlSessionHandle = EC_HANDLE_INVALID;
  if (wasStarting || sh.runTest === EcState.Running) {
    sh.testFailed = true;
    sh.runTest = EcState.Exiting;
    sh.countFailedClose(isReset);
    ecSignalEvtToCli(vm, sm, wasStarting ? EcCliSignal.ConnectsFailed : EcCliSignal.TestDone);
  }
}

/** The peer closed (`isReset` false) or reset a session: account for it (HEAD), then close ours. */
function peerClosed (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number, isReset: boolean): void {
  const ec = ecMain(sm);
  const sh = ec.shared;
  const cfg = ec.cfg;
  const t = vm.threadIndex;
  const h = sessionHandle(t, si);
  const tab = sm.sessions[t];
  if (sh !== null && cfg !== null && tab !== undefined) {
    const isCtrl = tab.get(si, kSessOpaque) === HS_CTRL_HANDLE || h === sh.ctrlSessionHandle;
    if (cfg.flavor === 'vperf') {
      if (isCtrl) {
        dbg(ec, 'vp_client_session_disconnect_callback', isReset ? 'ctrl session reset' : 'ctrl session disconnect');
        vpCtrlPeerClose(sm, vm, sh, isReset);
      } else {
        if (isReset && tab.get(si, kSessState) === SessionState.READY) ec.log.warn('vp_client_session_reset_callback', `Reset active connection [${t}:${si}]`);
        vpSessionPeerClose(sm, vm, ec, sh, cfg, si, isReset);
      }
    } else if (isReset) {
      if (tab.get(si, kSessState) === SessionState.READY) ec.log.warn('ec_session_reset_callback', `Reset active connection [${t}:${si}]`);
    } else if (h === sh.ctrlSessionHandle) {
      dbg(ec, 'ec_session_disconnect_callback', 'ctrl session disconnect');
      sh.ctrlSessionHandle = EC_HANDLE_INVALID;
    }
  }
  vnetDisconnectSession(vm, sm, aw.appIndex, h);
}

const callbacks = {
  sessionAccept: (): number => 0,
  sessionConnected,
  sessionDisconnect (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void { peerClosed(sm, vm, aw, si, false); },
  sessionReset (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void { peerClosed(sm, vm, aw, si, true); },
  builtinAppRx,
};

/** The v26.02 client's app name (`echo_client`), its callbacks registered under it. */
export const ECHO_CLIENT_APP = defineBuiltinApp('echo_client', callbacks);
/** HEAD's client app name (`vperf_cln_builtin`), the same callbacks (the command's flavor picks the behaviour). */
export const VPERF_CLIENT_APP = defineBuiltinApp('vperf_cln_builtin', callbacks);

/**
 * The connects RPC, on the connects thread: client after client from where it stopped, pausing
 * (and asking to run again) while more than 128 connects wait for their sessions; a refused
 * connect fails the test. Models: ec_connect_rpc, vp_client_connect_rpc.
 */
function connectRpc (vm: VlibMain): void {
  const sm = vm.getData(kSessionMain);
  const ec = ecMain(sm);
  const sh = ec.shared;
  const cfg = ec.cfg;
  if (sh === null || cfg === null) return;
  const aw = sm.am.appWrks[cfg.wrkIndex];
  if (aw === undefined) return;
  const vp = cfg.flavor === 'vperf';
  const rmt = { fibIndex: aw.fibIndex, proto: cfg.dataProto, ip: cfg.ip, port: cfg.dataPort };
  let ci = sh.connectConnIndex;
  while (ci < cfg.nClients) {
    if (ci - sh.ready > 128) {
      sh.connectConnIndex = ci;
      break;
    }
    sh.setConnectStart(ci, vm.clock.now());
    const rv = vnetConnect(vm, sm, aw, rmt, ci);
    if (rv !== 0) {
      ec.log.warn(vp ? 'vp_client_connect_rpc' : 'ec_connect_rpc', `connect returned: ${formatSessionError(rv)}`);
      sh.runTest = EcState.Exiting;
      ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsFailed);
      break;
    }
    ci += 1;
  }
  if (ci < (vp ? cfg.nClients : cfg.expected) && sh.runTest !== EcState.Exiting) ecProgramConnects(vm, sm);
}

const rpcConnect = defineRpc('echo-client-connect', (vm) => connectRpc(vm));

/** `ec_program_connects`: the connects RPC to the connects thread (`transport_cl_thread`). */
export function ecProgramConnects (vm: VlibMain, sm: SessionMain): void {
  sm.sendRpcEvtToThreadForce(vm, transportClThread(sm), rpcConnect, 0);
}

/** `ec_ctrl_connect_rpc`: the control session's connect (always TCP, to the control port). */
const rpcCtrlConnect = defineRpc('echo-client-ctrl-connect', (vm) => {
  const sm = vm.getData(kSessionMain);
  const ec = ecMain(sm);
  const sh = ec.shared;
  const cfg = ec.cfg;
  if (sh === null || cfg === null) return;
  const aw = sm.am.appWrks[cfg.wrkIndex];
  if (aw === undefined) return;
  ec.testCfg.cmd = HsTestCmd.Sync;
  const rv = vnetConnect(vm, sm, aw, { fibIndex: aw.fibIndex, proto: TransportProto.Tcp, ip: cfg.ip, port: cfg.ctrlPort }, HS_CTRL_HANDLE);
  if (rv !== 0) {
    ec.log.warn(cfg.flavor === 'vperf' ? 'vp_client_ctrl_connect_rpc' : 'ec_ctrl_connect_rpc', `ctrl connect returned: ${formatSessionError(rv)}`);
    sh.runTest = EcState.Exiting;
    ecSignalEvtToCli(vm, sm, EcCliSignal.ConnectsFailed);
  }
});

/** `ec_ctrl_connect`: the control connect RPC to the connects thread. */
export function ecCtrlConnect (vm: VlibMain, sm: SessionMain): void {
  sm.sendRpcEvtToThreadForce(vm, transportClThread(sm), rpcCtrlConnect, 0);
}
