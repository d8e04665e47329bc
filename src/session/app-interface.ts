// src/session/app-interface.ts: what builtin apps (running inside vpp threads) call: listen,
// unlisten, connect, disconnect, and sending on a session's tx fifo with its TX event.
// Models: src/vnet/session/application_interface.c (vnet_listen, vnet_unlisten, vnet_connect,
// vnet_disconnect_session), application_interface.h (app_send_stream), session.h
// (session_send_io_evt_to_thread).

import type { VlibMain } from '../../graph/main-loop.js';
import { SessionEvtType, sessionHandleIndex, sessionHandleThread } from '../svm/session-event.js';
import type { AppWorker } from './app-worker.js';
import { sessionTypeOf, transportClThread } from './session-ctrl-handlers.js';
import type { Endpoint } from './session-lookup.js';
import type { SessionMain } from './session-main.js';
import { kSessAppWrk } from './session-table.js';
import { SessionE } from './session-types.js';

/**
 * `vnet_listen` from main (a CLI command): under the barrier, a listener for app worker `aw`
 * on `ep`. Returns the listener's session handle, or a SESSION_E_* code.
 */
export function vnetListen (vm: VlibMain, sm: SessionMain, aw: AppWorker, ep: Endpoint): number {
  const type = sessionTypeOf(ep.proto);
  if (type < 0) return SessionE.NOSUPPORT;
  vm.barrierSync();
  const rv = sm.ops.listen(vm, aw.appIndex, aw.wrkIndex, ep, type);
  vm.barrierRelease();
  return rv;
}

/** `vnet_unlisten` from main: 0 or a SESSION_E_* code. */
export function vnetUnlisten (vm: VlibMain, sm: SessionMain, appIndex: number, handle: number): number {
  vm.barrierSync();
  const rv = sm.ops.unlisten(vm, appIndex, handle);
  vm.barrierRelease();
  return rv;
}

/**
 * `vnet_connect`, on the thread that takes connects (the first worker): a half-open and its
 * SYN; the app hears CONNECTED later (with the error if it fails later). Returns 0 or a
 * SESSION_E_* code at once. Throws a RangeError if called on another thread.
 */
export function vnetConnect (vm: VlibMain, sm: SessionMain, aw: AppWorker, rmt: Endpoint, context: number): number {
  if (vm.threadIndex !== transportClThread(sm)) throw new RangeError(`vnet_connect on thread ${vm.threadIndex}; connects run on thread ${transportClThread(sm)}`);
  const type = sessionTypeOf(rmt.proto);
  if (type < 0) return SessionE.NOSUPPORT;
  if (rmt.ip === 0 || rmt.port === 0) return SessionE.INVALID_RMT_IP;
  return sm.ops.connect(vm, aw, rmt, type, context);
}

/**
 * `vnet_disconnect_session`: the app closes its session `handle` (on the session's thread).
 * 0, SESSION_E_NOSESSION, or SESSION_E_OWNER.
 */
export function vnetDisconnectSession (vm: VlibMain, sm: SessionMain, appIndex: number, handle: number): number {
  const t = sessionHandleThread(handle);
  const si = sessionHandleIndex(handle);
  const tab = sm.sessions[t];
  if (tab === undefined || !tab.isValid(si)) return SessionE.NOSESSION;
  const aw = sm.am.appWrks[tab.get(si, kSessAppWrk)];
  if (aw !== undefined && aw.appIndex !== appIndex) return SessionE.OWNER;
  sm.ops.sessionClose(vm, t, si);
  return 0;
}

/**
 * `app_send_stream` for a builtin app: up to `len` bytes of `src[srcOffset…]` into session
 * `si`'s tx fifo (thread `t`), and a TX event to the session's worker when the fifo's event flag
 * goes 0→1. Returns the bytes written (0 if the fifo is full).
 */
export function appSendStream (vm: VlibMain, sm: SessionMain, t: number, si: number, src: Uint8Array, srcOffset: number, len: number): number {
  const tx = sm.ops.txFifo(t, si);
  if (tx === null) return 0;
  const n = tx.enqueue(len, src, srcOffset);
  if (n <= 0) return 0;
  if (tx.setEvent()) sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_TX, si);
  return n;
}
