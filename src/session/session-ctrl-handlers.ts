// src/session/session-ctrl-handlers.ts: the control messages apps send about sessions, and the
// session layer's own control events, as session-queue dispatches them. LISTEN and UNLISTEN run
// on main under the barrier (parked for main otherwise); CONNECT runs on the first worker, at
// most 32 per RPC; the rest on the session's thread. Errors go back in the reply's retval.
// Models: src/vnet/session/session_node.c (session_mq_listen_handler, session_mq_unlisten_handler,
// session_mq_connect_handler, session_mq_handle_connects_rpc, session_mq_connect_one,
// session_mq_accepted_reply_handler, session_mq_disconnect_handler, session_mq_disconnected_handler,
// session_mq_disconnected_reply_handler, session_mq_reset_reply_handler, session_mq_shutdown_handler,
// session_mq_terminate_handler, session_mq_worker_update_handler, session_event_dispatch_ctrl's
// CLOSE/RESET/HALF_CLOSE, session_event_dispatch_io's RX); application_interface.c (vnet_listen,
// vnet_unlisten, vnet_connect, vnet_disconnect_session, vnet_shutdown_session).

import type { VlibMain } from '../../graph/main-loop.js';
import { defineRpc } from '../../graph/rpc.js';
import { CtrlField, type CtrlMsg } from '../svm/ctrl-messages.js';
import { SessionEvtType, sessionHandleIndex, sessionHandleThread } from '../svm/session-event.js';
import { decodeCtrlData, isMainWithBarrier } from './app-ctrl-handlers.js';
import {
  appWorkerConnectNotify, appWorkerListenedNotify, appWorkerRxNotify, appWorkerUnlistenReply, queueAppCtrlReply,
} from './app-notify.js';
import type { AppWorker } from './app-worker.js';
import { type Endpoint, TransportProto } from './session-lookup.js';
import { kSessionMain, type SessionMain } from './session-main.js';
import { kWrkCtrlEvts, kWrkDropMalformed } from './session-shared.js';
import { kSessAppWrk, kSessState } from './session-table.js';
import { SESSION_MAX_CONNECTS_PER_RPC, SessionE, SessionState } from './session-types.js';
import { EvtHead, type SessionWorker } from './session-worker.js';

/** `session_type_from_proto_and_ip (proto, is_ip4 = 1)`; −1 for a proto vppsim has no transport for. */
export function sessionTypeOf (proto: number): number {
  return proto === TransportProto.Tcp ? (TransportProto.Tcp << 1) | 1 : -1;
}

/** The thread that takes connects: the first worker, or main without workers (`transport_cl_thread`). */
export const transportClThread = (sm: SessionMain): number => (sm.nWorkers > 0 ? 1 : 0);

/** LISTEN (`session_mq_listen_handler` → `vnet_listen`): BOUND with the handle or the error. */
function listenHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  if (!isMainWithBarrier(vm)) { sm.wrkSendEvtToMain(vm, wrk, elt); return; }
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.apiClients.get(m.get(CtrlField.clientIndex));
  if (appIndex === undefined) return;
  const aw = sm.am.appWorkerOf(m.get(CtrlField.clientIndex), m.get(CtrlField.wrkIndex));
  if (aw === undefined) return;
  const type = sessionTypeOf(m.get(CtrlField.proto));
  const ep: Endpoint = { fibIndex: aw.fibIndex, proto: m.get(CtrlField.proto), ip: m.get(CtrlField.ip) >>> 0, port: m.get(CtrlField.port) };
  const rv = type < 0 ? SessionE.NOSUPPORT : sm.ops.listen(vm, appIndex, aw.wrkIndex, ep, type);
  appWorkerListenedNotify(sm, vm, aw, rv < 0 ? -1 : rv, m.get(CtrlField.context), rv < 0 ? rv : 0);
}

/** UNLISTEN (`session_mq_unlisten_handler` → `vnet_unlisten`): UNLISTEN_REPLY. */
function unlistenHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  if (!isMainWithBarrier(vm)) { sm.wrkSendEvtToMain(vm, wrk, elt); return; }
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.apiClients.get(m.get(CtrlField.clientIndex));
  const aw = sm.am.appWorkerOf(m.get(CtrlField.clientIndex), m.get(CtrlField.wrkIndex));
  if (appIndex === undefined || aw === undefined) return;
  const handle = m.get(CtrlField.handle);
  const rv = sm.ops.unlisten(vm, appIndex, handle);
  appWorkerUnlistenReply(sm, vm, aw, handle, m.get(CtrlField.context), rv);
}

/**
 * CONNECT (`session_mq_connect_handler`): only on the first worker (or main for it, from the
 * pending-main list); behind main's pending messages if there are any; else to the pending
 * connects list, with one RPC to this worker when the list was empty.
 *
 * Departure from VPP, on purpose: when main handles the worker's pending-main list
 * (`session_wrk_handle_evts_main_rpc`), VPP's handler still postpones a connect while that list
 * is not empty; with two connects in it, each re-queues behind the other and main spins under
 * the barrier for ever. vppsim does not postpone there: the list is being handled in order, so
 * nothing can overtake the connect (docs/vpp-quirks.md).
 */
function connectHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const t = wrk.threadIndex;
  if (t > transportClThread(sm)) { wrk.count(kWrkDropMalformed); return; } // "Connect on wrong thread. Dropping"
  const pool = wrk.pool;
  if (t !== 0 && vm.threadIndex !== 0 && !pool.isEmpty(EvtHead.PendingMain)) { pool.addTail(EvtHead.PendingMain, elt); return; }
  pool.addTail(EvtHead.PendingConnects, elt);
  const n = wrk.nPendingConnects + 1;
  wrk.nPendingConnects = n;
  if (n === 1) sm.sendRpcEvtToThreadForce(vm, t, rpcHandleConnects, 0);
}

/** The RPC: up to 32 connects from the first worker's pending list; another RPC if more wait. */
function handleConnectsRpc (vm: VlibMain): void {
  const sm = vm.getData(kSessionMain);
  const fwrk = sm.worker(transportClThread(sm));
  if (fwrk.nPendingConnects === 0) return;
  const pool = fwrk.pool;
  let n = 0;
  let e = pool.next(EvtHead.PendingConnects);
  while (n < SESSION_MAX_CONNECTS_PER_RPC && e !== EvtHead.PendingConnects) {
    const next = pool.next(e);
    pool.remove(e);
    const m = decodeCtrlData(fwrk, e);
    if (m !== null) connectOne(sm, vm, m);
    pool.put(e);
    fwrk.count(kWrkCtrlEvts);
    e = next;
    n++;
  }
  fwrk.nPendingConnects = fwrk.nPendingConnects - n;
  if (fwrk.nPendingConnects > 0) sm.sendRpcEvtToThreadForce(vm, fwrk.threadIndex, rpcHandleConnects, 0);
}

const rpcHandleConnects = defineRpc('session-mq-handle-connects', (vm) => handleConnectsRpc(vm));

/** `session_mq_connect_one` → `vnet_connect`: a failure goes back as CONNECTED with the error. */
function connectOne (sm: SessionMain, vm: VlibMain, m: CtrlMsg): void {
  const aw = sm.am.appWorkerOf(m.get(CtrlField.clientIndex), m.get(CtrlField.wrkIndex));
  if (aw === undefined) return;
  const proto = m.get(CtrlField.proto);
  const type = sessionTypeOf(proto);
  const rmt: Endpoint = { fibIndex: aw.fibIndex, proto, ip: m.get(CtrlField.ip) >>> 0, port: m.get(CtrlField.port) };
  let rv: number;
  if (type < 0) rv = SessionE.NOSUPPORT;
  else if (rmt.ip === 0 || rmt.port === 0) rv = SessionE.INVALID_RMT_IP;
  else rv = sm.ops.connect(vm, aw, rmt, type, m.get(CtrlField.context));
  if (rv !== 0) appWorkerConnectNotify(sm, vm, aw, -1, rv, m.get(CtrlField.context));
}

/** The session a message names, if it is this thread's and valid. */
function sessionOf (sm: SessionMain, vm: VlibMain, handle: number): number {
  if (!(handle >= 0) || sessionHandleThread(handle) !== vm.threadIndex) return -1;
  const si = sessionHandleIndex(handle);
  return sm.sessions[vm.threadIndex]?.isValid(si) === true ? si : -1;
}

/** The session's app worker, if it belongs to app `appIndex`. */
function ownerOf (sm: SessionMain, t: number, si: number, appIndex: number): AppWorker | undefined {
  const aw = sm.am.appWrks[(sm.sessions[t] as NonNullable<(typeof sm.sessions)[number]>).get(si, kSessAppWrk)];
  return aw !== undefined && aw.appIndex === appIndex ? aw : undefined;
}

/** `vnet_disconnect_session`: 0, or SESSION_E_NOSESSION / SESSION_E_OWNER. */
function disconnectSession (sm: SessionMain, vm: VlibMain, appIndex: number, handle: number): number {
  const si = sessionOf(sm, vm, handle);
  if (si < 0) return SessionE.NOSESSION;
  if (ownerOf(sm, vm.threadIndex, si, appIndex) === undefined) return SessionE.OWNER;
  sm.ops.sessionClose(vm, vm.threadIndex, si);
  return 0;
}

/**
 * ACCEPTED_REPLY: the app took (retval 0: READY, pending data told) or refused (closed) the
 * session. A session of main's, answered on a worker, goes to main.
 */
function acceptedReplyHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const handle = m.get(CtrlField.handle);
  if (sessionHandleThread(handle) === 0 && sm.nWorkers > 0 && !vm.isMain) { sm.wrkSendEvtToMain(vm, wrk, elt); return; }
  const si = sessionOf(sm, vm, handle);
  if (si < 0) return;
  const t = vm.threadIndex;
  if (ownerOf(sm, t, si, m.get(CtrlField.context)) === undefined) { wrk.count(kWrkDropMalformed); return; }
  if (m.get(CtrlField.retval) !== 0) {
    sm.ops.sessionClose(vm, t, si);
    sm.sessions[t]?.set(si, kSessAppWrk, -1);
    return;
  }
  sm.ops.acceptedReply(vm, t, si, m.get(CtrlField.appSessionIndex));
}

/** DISCONNECT: the app closes the session. */
function disconnectHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.clientIndex));
  if (appIndex < 0) return;
  disconnectSession(sm, vm, appIndex, m.get(CtrlField.handle));
}

/** DISCONNECTED (app-initiated, legacy): close, and DISCONNECTED_REPLY with the result. */
function disconnectedHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const handle = m.get(CtrlField.handle);
  const si = sessionOf(sm, vm, handle);
  if (si < 0) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.clientIndex));
  const aw = ownerOf(sm, vm.threadIndex, si, appIndex);
  if (aw === undefined) return;
  const rv = disconnectSession(sm, vm, appIndex, handle);
  queueAppCtrlReply(sm, vm, aw, SessionEvtType.CTRL_EVT_DISCONNECTED_REPLY, handle, m.get(CtrlField.context), rv);
}

/**
 * DISCONNECTED_REPLY: the app confirms a close the peer started: the session closes. The
 * context is the app's API client (VCL: `wrk->api_client_handle`).
 */
function disconnectedReplyHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null || m.get(CtrlField.retval) !== 0) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.context));
  if (appIndex >= 0) disconnectSession(sm, vm, appIndex, m.get(CtrlField.handle));
}

/** RESET_REPLY: the app (its API client in the context) confirms a reset: the session closes. */
function resetReplyHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.context));
  const handle = m.get(CtrlField.handle);
  const si = sessionOf(sm, vm, handle);
  if (si < 0 || (sm.sessions[vm.threadIndex]?.get(si, kSessState) ?? 0) < SessionState.TRANSPORT_CLOSING) return;
  if (ownerOf(sm, vm.threadIndex, si, appIndex) === undefined || m.get(CtrlField.retval) !== 0) return;
  disconnectSession(sm, vm, appIndex, handle);
}

/** SHUTDOWN (`vnet_shutdown_session`): half-close through the session's worker. */
function shutdownHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.clientIndex));
  const si = sessionOf(sm, vm, m.get(CtrlField.handle));
  if (si < 0 || ownerOf(sm, vm.threadIndex, si, appIndex) === undefined) return;
  sm.ops.programTransportCtrlEvt(vm, vm.threadIndex, si, SessionEvtType.CTRL_EVT_HALF_CLOSE);
}

/** TERMINATE: the app resets the session. */
function terminateHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.appOfClient(m.get(CtrlField.clientIndex));
  const si = sessionOf(sm, vm, m.get(CtrlField.handle));
  if (si < 0 || ownerOf(sm, vm.threadIndex, si, appIndex) === undefined) return;
  sm.ops.sessionReset(vm, vm.threadIndex, si);
}

/**
 * WORKER_UPDATE: another worker of the app takes the session: asked by the owner, the new worker
 * is asked (REQ_WORKER_UPDATE); from the new worker, it gets the session (WORKER_UPDATE_REPLY)
 * and whatever the old one might have missed (TX, RX, DISCONNECTED). vppsim keeps the fifos
 * where they are (VPP moves them into the new worker's segment).
 */
function workerUpdateHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const t = vm.threadIndex;
  const client = m.get(CtrlField.clientIndex);
  const appIndex = sm.am.appOfClient(client);
  const handle = m.get(CtrlField.handle);
  const si = sessionOf(sm, vm, handle);
  if (appIndex < 0 || si < 0) return;
  const owner = ownerOf(sm, t, si, appIndex);
  if (owner === undefined) return;
  const nw = sm.am.appWorkerOf(client, m.get(CtrlField.wrkIndex));
  if (nw === undefined) return;
  if (m.get(CtrlField.reqWrkIndex) === owner.wrkMapIndex) {
    queueAppCtrlReply(sm, vm, nw, SessionEvtType.CTRL_EVT_REQ_WORKER_UPDATE, handle, 0, 0);
    return;
  }
  const tab = sm.sessions[t] as NonNullable<(typeof sm.sessions)[number]>;
  tab.set(si, kSessAppWrk, nw.wrkIndex);
  queueAppCtrlReply(sm, vm, nw, SessionEvtType.CTRL_EVT_WORKER_UPDATE_REPLY, handle, 0, 0);
  const tx = sm.ops.txFifo(t, si);
  if (tx !== null && !tx.isEmpty()) sm.ops.rescheduleTx(vm, si);
  const rx = sm.ops.rxFifo(t, si);
  if (rx !== null && !rx.isEmpty()) sm.ops.enqueueNotifyLater(t, si);
  if (tab.get(si, kSessState) >= SessionState.TRANSPORT_CLOSING) sm.ops.closeNotifyAgain(vm, t, si);
}

/** CLOSE / RESET / HALF_CLOSE for the transport, posted by the session layer itself (w0 session, w1 thread). */
function transportCtrlHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const pool = wrk.pool;
  const si = pool.w(elt, 0);
  const t = vm.threadIndex;
  if (sm.sessions[t]?.isValid(si) !== true) return;
  switch (pool.type(elt)) {
    case SessionEvtType.CTRL_EVT_CLOSE: sm.ops.transportClose(vm, t, si); break;
    case SessionEvtType.CTRL_EVT_RESET: sm.ops.transportReset(vm, t, si); break;
    default: sm.ops.transportHalfClose(vm, t, si);
  }
}

/** IO RX from the app: it read; the transport may owe a window update (`transport_app_rx_evt`). */
function appRxHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const si = wrk.pool.w(elt, 0);
  const t = vm.threadIndex;
  const tab = sm.sessions[t];
  if (tab === undefined || !tab.isValid(si) || tab.get(si, kSessState) >= SessionState.TRANSPORT_CLOSED) return;
  sm.ops.appRxEvt(vm, t, si);
}

/**
 * IO BUILTIN_RX: a builtin app asks to be called again for data it could not take (the echo
 * server when its tx fifo was full): the rx fifo's event is cleared and RX queued for it.
 * Models: session_node.c session_event_dispatch_io (SESSION_IO_EVT_BUILTIN_RX), app_worker_builtin_rx.
 */
function builtinRxHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const si = wrk.pool.w(elt, 0);
  const t = vm.threadIndex;
  const tab = sm.sessions[t];
  if (tab === undefined || !tab.isValid(si) || tab.get(si, kSessState) >= SessionState.TRANSPORT_CLOSING) return;
  sm.ops.rxFifo(t, si)?.unsetEvent();
  const aw = sm.am.appWrks[tab.get(si, kSessAppWrk)];
  if (aw !== undefined) appWorkerRxNotify(sm, vm, aw, si);
}

/** Registers every handler above on a realm's SessionMain. */
export function registerSessionCtrlHandlers (sm: SessionMain): void {
  const h = sm.ctrlHandlers;
  const T = SessionEvtType;
  h[T.CTRL_EVT_LISTEN] = listenHandler;
  h[T.CTRL_EVT_UNLISTEN] = unlistenHandler;
  h[T.CTRL_EVT_CONNECT] = connectHandler;
  h[T.CTRL_EVT_CONNECT_STREAM] = connectHandler;
  h[T.CTRL_EVT_ACCEPTED_REPLY] = acceptedReplyHandler;
  h[T.CTRL_EVT_DISCONNECT] = disconnectHandler;
  h[T.CTRL_EVT_DISCONNECTED] = disconnectedHandler;
  h[T.CTRL_EVT_DISCONNECTED_REPLY] = disconnectedReplyHandler;
  h[T.CTRL_EVT_RESET_REPLY] = resetReplyHandler;
  h[T.CTRL_EVT_SHUTDOWN] = shutdownHandler;
  h[T.CTRL_EVT_TERMINATE] = terminateHandler;
  h[T.CTRL_EVT_WORKER_UPDATE] = workerUpdateHandler;
  h[T.CTRL_EVT_CLOSE] = transportCtrlHandler;
  h[T.CTRL_EVT_RESET] = transportCtrlHandler;
  h[T.CTRL_EVT_HALF_CLOSE] = transportCtrlHandler;
  h[T.IO_EVT_RX] = appRxHandler;
  h[T.IO_EVT_BUILTIN_RX] = builtinRxHandler;
}
