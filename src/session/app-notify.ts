// src/session/app-notify.ts: notifying apps. The `app_worker_*_notify` calls queue events for an
// app worker on a vpp thread; session-input later delivers them: to an external app as control
// messages and io events in its event queue (`mq_send_*`), to a builtin app as callbacks.
// Models: src/vnet/session/application_worker.c (app_worker_*_notify), session_api.c
// (mq_send_session_bound_cb, mq_send_session_accepted_cb, mq_send_session_connected_cb,
// mq_send_session_disconnected_cb, mq_send_session_reset_cb, mq_send_session_cleanup_cb,
// mq_send_unlisten_reply, mq_send_io_rx_event, mq_send_io_tx_event), session_input.c.

import type { VlibMain } from '../../graph/main-loop.js';
import { CtrlField, CtrlMsg, ctrlMsgEncode } from '../svm/ctrl-messages.js';
import {
  SESSION_MQ_CTRL_EVT_RING, SESSION_MQ_IO_EVT_RING, SessionEvtType, sessionEvtEncode, sessionHandle, u64Hi, u64Lo,
} from '../svm/session-event.js';
import { type AppEvtDeliverFn, AppEvtResult, type AppWorker, appWorkerAddEvent } from './app-worker.js';
import { SessionFlag } from './session-flags.js';
import { SessionE } from './session-types.js';
import type { SessionMain } from './session-main.js';
import { kSessFlags, kSessListenerHi, kSessListenerLo, kSessOpaque, kSessRxFifoOff, kSessRxFifoSeg, kSessTxFifoOff } from './session-table.js';

/** `session_cleanup_ntf_t`. */
export const SessionCleanupNtf = { Transport: 0, Session: 1 } as const;

/**
 * What a builtin app (running inside vpp threads) implements: VPP's `session_cb_vft_t`, the
 * calls vppsim makes. Sessions are (thread, session index). A non-zero return from accept or
 * connected refuses the session.
 */
export interface BuiltinAppCallbacks {
  sessionAccept (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): number;
  sessionConnected (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number, opaque: number, err: number): number;
  sessionDisconnect (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void;
  sessionReset (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void;
  builtinAppRx (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): number;
  builtinAppTx? (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): number;
  sessionCleanup? (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number, ntf: number): void;
  sessionListened? (sm: SessionMain, vm: VlibMain, aw: AppWorker, handle: number, context: number, err: number): void;
}

const builtinApps = new Map<string, BuiltinAppCallbacks>();
/** Registers a builtin app's callbacks under its name, in every realm that imports it. */
export function defineBuiltinApp (name: string, cb: BuiltinAppCallbacks): string {
  builtinApps.set(name, cb);
  return name;
}
/** A builtin app's callbacks, or undefined. */
export function builtinAppCallbacks (name: string): BuiltinAppCallbacks | undefined { return builtinApps.get(name); }

// ------------------------------------------------------------------ queueing (vpp threads)

function add (sm: SessionMain, vm: VlibMain, aw: AppWorker, type: number, w0: number, w1 = 0, w2 = 0, w3 = 0): void {
  appWorkerAddEvent(vm, sm.am.pendingNtf(vm.threadIndex), aw, sm.nodes.sessionInput, type, w0, w1, w2, w3);
}

/** `app_worker_listened_notify`: BOUND for a listen (on thread 0). */
export function appWorkerListenedNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, handle: number, context: number, err: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_BOUND, u64Lo(handle), u64Hi(handle), context, err);
}
/** `app_worker_unlisten_reply`. */
export function appWorkerUnlistenReply (sm: SessionMain, vm: VlibMain, aw: AppWorker, handle: number, context: number, err: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_UNLISTEN_REPLY, u64Lo(handle), u64Hi(handle), context, err);
}
/** `app_worker_accept_notify`: ACCEPTED for session `si` of this thread. */
export function appWorkerAcceptNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_ACCEPTED, si);
}
/** `app_worker_connect_notify`: CONNECTED for session `si` (-1 on failure) with the app's context. */
export function appWorkerConnectNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number, err: number, opaque: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_CONNECTED, si, opaque, err);
}
/** `app_worker_close_notify`: DISCONNECTED. */
export function appWorkerCloseNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_DISCONNECTED, si);
}
/** `app_worker_reset_notify`: RESET. */
export function appWorkerResetNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_RESET, si);
}
/** `app_worker_transport_closed_notify`. */
export function appWorkerTransportClosedNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_TRANSPORT_CLOSED, si);
}
/** `app_worker_cleanup_notify`: CLEANUP; with SESSION the session is freed after delivery. */
export function appWorkerCleanupNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number, ntf: number): void {
  add(sm, vm, aw, SessionEvtType.CTRL_EVT_CLEANUP, si, ntf);
}
/** `app_worker_rx_notify` / io RX. */
export function appWorkerRxNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.IO_EVT_RX, si);
}
/**
 * A reply vpp writes straight into the app's event queue in VPP (DISCONNECTED_REPLY,
 * REQ_WORKER_UPDATE, WORKER_UPDATE_REPLY): queued like any event here, so it keeps its order.
 */
export function queueAppCtrlReply (sm: SessionMain, vm: VlibMain, aw: AppWorker, type: number, handle: number, context: number, retval: number): void {
  add(sm, vm, aw, type, u64Lo(handle), u64Hi(handle), context, retval);
}
/** io TX: the tx fifo has room again (`session_dequeue_notify`). */
export function appWorkerTxNotify (sm: SessionMain, vm: VlibMain, aw: AppWorker, si: number): void {
  add(sm, vm, aw, SessionEvtType.IO_EVT_TX, si);
}

// ------------------------------------------------------------------ delivery (session-input)

const msg = new CtrlMsg();

/** Writes `msg` into the ctrl ring of the (locked, checked) app mq. */
function putCtrl (aw: AppWorker): number {
  const mq = aw.evtQ;
  if (mq === null) return AppEvtResult.NoSession;
  const m = mq.allocMsgWRing(SESSION_MQ_CTRL_EVT_RING);
  ctrlMsgEncode(mq, m, msg);
  mq.addRaw(m);
  return AppEvtResult.Delivered;
}

/** Local and remote endpoints of a session, from its transport. */
export interface SessionEndpoints { lclIp: number; lclPort: number; rmtIp: number; rmtPort: number }
const eps: SessionEndpoints = { lclIp: 0, lclPort: 0, rmtIp: 0, rmtPort: 0 };

/**
 * Installs the delivery functions of every event type on a realm's SessionMain: external apps
 * get VPP's messages, builtin apps their callbacks; a CLEANUP of the session frees it after.
 * Each returns what became of the event (AppEvtResult): written or called back, skipped (the
 * app already knows: an RX with the fifo's event set, a close the app started), or dropped
 * (the session is gone).
 */
export function installAppDelivery (sm: SessionMain): void {
  const d = sm.am.deliver;
  const T = SessionEvtType;
  const R = AppEvtResult;
  d[T.CTRL_EVT_BOUND] = (vm, aw, _t, lo, hi, context, err) => {
    const handle = err === 0 ? sessionHandle(hi, lo >>> 0) : -1;
    if (aw.isBuiltin) { builtinOf(aw)?.sessionListened?.(sm, vm, aw, handle, context, err); return R.Delivered; }
    const l = sm.lookup.info(handle)?.ep;
    msg.reset(T.CTRL_EVT_BOUND).set(CtrlField.context, context).set(CtrlField.handle, handle).set(CtrlField.retval, err)
      .set(CtrlField.lclIsIp4, 1).set(CtrlField.lclIp, l?.ip ?? 0).set(CtrlField.lclPort, l?.port ?? 0)
      .set(CtrlField.vppEvtQ, 0).set(CtrlField.mqIndex, 0).set(CtrlField.segmentHandle, aw.wrkIndex);
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_UNLISTEN_REPLY] = (_vm, aw, _t, lo, hi, context, err) => {
    if (aw.isBuiltin) return R.Delivered;
    msg.reset(T.CTRL_EVT_UNLISTEN_REPLY).set(CtrlField.context, context).set(CtrlField.handle, sessionHandle(hi, lo >>> 0)).set(CtrlField.retval, err);
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_ACCEPTED] = (vm, aw, _t, si) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    if (aw.isBuiltin) {
      const cb = builtinOf(aw);
      if (cb === undefined || cb.sessionAccept(sm, vm, aw, si) !== 0) { sm.ops.sessionDetachApp(vm, t, si); return R.Delivered; }
      tab.set(si, kSessFlags, tab.get(si, kSessFlags) | SessionFlag.RX_READY);
      return R.Delivered;
    }
    sm.ops.endpoints(t, si, eps);
    msg.reset(T.CTRL_EVT_ACCEPTED).set(CtrlField.context, aw.appIndex)
      .set(CtrlField.listenerHandle, sessionHandle(tab.get(si, kSessListenerHi) >>> 0, tab.get(si, kSessListenerLo) >>> 0))
      .set(CtrlField.handle, sessionHandle(t, si))
      .set(CtrlField.serverRxFifo, tab.get(si, kSessRxFifoOff)).set(CtrlField.serverTxFifo, tab.get(si, kSessTxFifoOff))
      .set(CtrlField.segmentHandle, aw.wrkIndex).set(CtrlField.vppEventQueueAddress, t).set(CtrlField.mqIndex, t)
      .set(CtrlField.isIp4, 1).set(CtrlField.lclIp, eps.lclIp).set(CtrlField.lclPort, eps.lclPort)
      .set(CtrlField.rmtIp, eps.rmtIp).set(CtrlField.rmtPort, eps.rmtPort);
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_CONNECTED] = (vm, aw, _t, si, opaque, err) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    const ok = si >= 0 && tab !== undefined && tab.isValid(si);
    if (aw.isBuiltin) {
      const cb = builtinOf(aw);
      const rv = cb === undefined ? -1 : cb.sessionConnected(sm, vm, aw, ok ? si : -1, opaque, err);
      if (ok && tab !== undefined) {
        if (rv !== 0) sm.ops.sessionDetachApp(vm, t, si);
        else tab.set(si, kSessFlags, tab.get(si, kSessFlags) | SessionFlag.RX_READY);
      }
      return R.Delivered;
    }
    msg.reset(T.CTRL_EVT_CONNECTED).set(CtrlField.context, opaque).set(CtrlField.retval, ok ? 0 : (err !== 0 ? err : SessionE.NOSESSION));
    if (ok && tab !== undefined) {
      sm.ops.endpoints(t, si, eps);
      msg.set(CtrlField.handle, sessionHandle(t, si))
        .set(CtrlField.serverRxFifo, tab.get(si, kSessRxFifoOff)).set(CtrlField.serverTxFifo, tab.get(si, kSessTxFifoOff))
        .set(CtrlField.segmentHandle, aw.wrkIndex).set(CtrlField.vppEventQueueAddress, t).set(CtrlField.lclIsIp4, 1)
        .set(CtrlField.lclIp, eps.lclIp).set(CtrlField.lclPort, eps.lclPort).set(CtrlField.mqIndex, t);
      tab.set(si, kSessFlags, tab.get(si, kSessFlags) | SessionFlag.RX_READY);
    } else {
      msg.set(CtrlField.handle, -1);
    }
    return putCtrl(aw);
  };
  // DISCONNECTED and RESET: the app no longer reads; unless it closed first, it is told
  const peerClosed = (isReset: boolean): AppEvtDeliverFn => (vm, aw, _t, si) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    const f = tab.get(si, kSessFlags);
    tab.set(si, kSessFlags, f & ~SessionFlag.RX_READY);
    if ((f & SessionFlag.APP_CLOSED) !== 0) return R.Skipped;
    tab.set(si, kSessFlags, (f & ~SessionFlag.RX_READY) | SessionFlag.TPT_INIT_CLOSE);
    if (aw.isBuiltin) {
      const cb = builtinOf(aw);
      if (isReset) cb?.sessionReset(sm, vm, aw, si); else cb?.sessionDisconnect(sm, vm, aw, si);
      return R.Delivered;
    }
    if (isReset) msg.reset(T.CTRL_EVT_RESET).set(CtrlField.handle, sessionHandle(t, si)).set(CtrlField.clientIndex, aw.appIndex);
    else msg.reset(T.CTRL_EVT_DISCONNECTED).set(CtrlField.handle, sessionHandle(t, si)).set(CtrlField.context, aw.appIndex);
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_DISCONNECTED] = peerClosed(false);
  d[T.CTRL_EVT_RESET] = peerClosed(true);
  // VCL ignores it; the builtin apps here have no callback for it
  d[T.CTRL_EVT_TRANSPORT_CLOSED] = () => R.Skipped;
  d[T.CTRL_EVT_DISCONNECTED_REPLY] = (_vm, aw, _t, lo, hi, context, retval) => {
    if (aw.isBuiltin) return R.Delivered;
    msg.reset(T.CTRL_EVT_DISCONNECTED_REPLY).set(CtrlField.handle, sessionHandle(hi, lo >>> 0)).set(CtrlField.context, context).set(CtrlField.retval, retval);
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_REQ_WORKER_UPDATE] = (_vm, aw, _t, lo, hi) => {
    if (aw.isBuiltin) return R.Delivered;
    msg.reset(T.CTRL_EVT_REQ_WORKER_UPDATE).set(CtrlField.sessionHandle, sessionHandle(hi, lo >>> 0));
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_WORKER_UPDATE_REPLY] = (vm, aw, _t, lo, hi) => {
    if (aw.isBuiltin) return R.Delivered;
    const si = lo >>> 0;
    const tab = sm.sessions[vm.threadIndex];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    msg.reset(T.CTRL_EVT_WORKER_UPDATE_REPLY).set(CtrlField.handle, sessionHandle(hi, si))
      .set(CtrlField.rxFifo, tab.get(si, kSessRxFifoOff)).set(CtrlField.txFifo, tab.get(si, kSessTxFifoOff))
      .set(CtrlField.segmentHandle, tab.get(si, kSessRxFifoSeg));
    return putCtrl(aw);
  };
  d[T.CTRL_EVT_CLEANUP] = (vm, aw, _t, si, ntf) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    let r: number = R.Delivered;
    if (aw.isBuiltin) builtinOf(aw)?.sessionCleanup?.(sm, vm, aw, si, ntf);
    else {
      msg.reset(T.CTRL_EVT_CLEANUP).set(CtrlField.handle, sessionHandle(t, si)).set(CtrlField.type, ntf);
      r = putCtrl(aw);
    }
    if (ntf === SessionCleanupNtf.Session) sm.ops.sessionCleanup(vm, t, si);
    return r;
  };
  d[T.IO_EVT_RX] = (vm, aw, _t, si) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    const f = tab.get(si, kSessFlags);
    tab.set(si, kSessFlags, f & ~SessionFlag.RX_EVT);
    if ((f & SessionFlag.RX_READY) === 0) return R.Skipped; // the app does not know the session yet
    if (aw.isBuiltin) { builtinOf(aw)?.builtinAppRx(sm, vm, aw, si); return R.Delivered; }
    // mq_send_io_rx_event: at most one RX in flight per fifo (the app clears the flag as it reads)
    const rx = sm.ops.rxFifo(t, si);
    if (rx === null || !rx.setEvent()) return R.Skipped;
    return putIo(aw, T.IO_EVT_RX, tab.get(si, kSessOpaque), t, si);
  };
  d[T.IO_EVT_TX] = (vm, aw, _t, si) => {
    const t = vm.threadIndex;
    const tab = sm.sessions[t];
    if (tab === undefined || !tab.isValid(si)) return R.NoSession;
    if (aw.isBuiltin) { builtinOf(aw)?.builtinAppTx?.(sm, vm, aw, si); return R.Delivered; }
    return putIo(aw, T.IO_EVT_TX, tab.get(si, kSessOpaque), t, si);
  };
}

/** Writes an io event into the (locked, checked) app mq. */
function putIo (aw: AppWorker, type: number, appSession: number, t: number, si: number): number {
  const mq = aw.evtQ;
  if (mq === null) return AppEvtResult.NoSession;
  const m = mq.allocMsgWRing(SESSION_MQ_IO_EVT_RING);
  sessionEvtEncode(mq, m, type, appSession, t, si);
  mq.addRaw(m);
  return AppEvtResult.Delivered;
}

function builtinOf (aw: AppWorker): BuiltinAppCallbacks | undefined {
  return aw.builtinName === null ? undefined : builtinApps.get(aw.builtinName);
}
