// src/session/app-ctrl-handlers.ts: control events apps send that concern the app itself.
// Models: src/vnet/session/session_node.c app_mq_detach_handler, app_check_thread_and_barrier.

import type { VlibMain } from '../../graph/main-loop.js';
import { kWaitAtBarrier } from '../../graph/shared-layout.js';
import { CtrlField, CtrlMsg, ctrlMsgDecodeSlot } from '../svm/ctrl-messages.js';
import { SessionEvtType } from '../svm/session-event.js';
import { vnetApplicationDetach } from './application.js';
import type { SessionMain } from './session-main.js';
import { kWrkDropMalformed } from './session-shared.js';
import type { SessionWorker } from './session-worker.js';

/** `vlib_thread_is_main_w_barrier`: main, and alone or holding the barrier. */
export function isMainWithBarrier (vm: VlibMain): boolean {
  return vm.isMain && (vm.nThreads < 2 || Atomics.load(vm.shared.i32, kWaitAtBarrier) !== 0);
}

const msg = new CtrlMsg();

/**
 * Decodes element `elt`'s control message into a shared CtrlMsg; false (and counted as
 * malformed) if it does not decode.
 */
export function decodeCtrlData (wrk: SessionWorker, elt: number): CtrlMsg | null {
  const pool = wrk.pool;
  const cd = pool.ctrlData(elt);
  if (cd < 0 || ctrlMsgDecodeSlot(pool.u8, pool.i32, pool.ctrlSlotByte(cd), msg) < 0) {
    wrk.count(kWrkDropMalformed);
    return null;
  }
  return msg;
}

/**
 * APP_DETACH: off main (or without the barrier) the event is parked for main; there, the app of
 * the message's API client is detached. Models: session_node.c app_mq_detach_handler.
 */
function appMqDetachHandler (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  if (!isMainWithBarrier(vm)) {
    sm.wrkSendEvtToMain(vm, wrk, elt);
    return;
  }
  const m = decodeCtrlData(wrk, elt);
  if (m === null) return;
  const appIndex = sm.am.apiClients.get(m.get(CtrlField.clientIndex));
  if (appIndex !== undefined) vnetApplicationDetach(vm, sm, appIndex);
}

/** Registers the app control handlers on a realm's SessionMain. */
export function registerAppCtrlHandlers (sm: SessionMain): void {
  sm.ctrlHandlers[SessionEvtType.CTRL_EVT_APP_DETACH] = appMqDetachHandler;
}
