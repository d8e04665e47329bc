// src/svm/session-mq-cfg.ts: the session layer's mq geometries, as VPP sizes them.
// Models: src/vnet/session/application.c app_rx_mqs_alloc, session.c session_vpp_wrk_mqs_alloc,
// segment_manager.c segment_manager_alloc_queue (and default_app_mq_size).
//
// Ring 0 carries session events (VPP: 18-byte session_event_t; vppsim: 20-byte slots, see
// session-event.ts), ring 1 control messages in 256-byte slots.

import { type SvmMsgQCfg } from './message-queue-layout.js';
import { SESSION_CTRL_SLOT_BYTES, SESSION_EVT_SLOT_BYTES } from './session-event.js';

/** Default app event queue size, messages (`sm_main.default_app_mq_size = 128`). */
export const APP_EVT_Q_SIZE_DEFAULT = 128;
/** Smallest private rx mq, messages (`clib_max (props->evt_q_size, 128)`). */
export const APP_RX_MQ_MIN_LENGTH = 128;
/** Default and smallest worker mq length, messages (`mq_q_length = 2048`; `wrk-mq-length`). */
export const WRK_MQ_LENGTH_DEFAULT = 2048;
/** Smallest ctrl ring of an app event queue, messages (`clib_max (16, evt_q_size >> 4)`). */
export const APP_EVT_Q_CTRL_RING_MIN = 16;

/**
 * A private rx mq (app → one vpp thread): `L = max(evtQSize, 128)`, q = L, ring 0 L events,
 * ring 1 L/2 × 256 B. Default (128): Q 128, R0 128, R1 64. Models: application.c app_rx_mqs_alloc.
 */
export function appRxMqCfg (evtQSize = APP_EVT_Q_SIZE_DEFAULT): SvmMsgQCfg {
  const l = Math.max(evtQSize, APP_RX_MQ_MIN_LENGTH);
  return { qNitems: l, rings: [{ nitems: l, elsize: SESSION_EVT_SLOT_BYTES }, { nitems: l >> 1, elsize: SESSION_CTRL_SLOT_BYTES }] };
}

/**
 * A vpp worker's event queue: `q = max(2048, wrkMqLength)`, ring 0 q events, ring 1 q/2 × 256 B.
 * Default: Q 2048, R0 2048, R1 1024. Models: session.c session_vpp_wrk_mqs_alloc.
 */
export function wrkMqCfg (wrkMqLength = WRK_MQ_LENGTH_DEFAULT): SvmMsgQCfg {
  const q = Math.max(WRK_MQ_LENGTH_DEFAULT, wrkMqLength);
  return { qNitems: q, rings: [{ nitems: q, elsize: SESSION_EVT_SLOT_BYTES }, { nitems: q >> 1, elsize: SESSION_CTRL_SLOT_BYTES }] };
}

/**
 * An app worker's event queue (vpp → app): q = evtQSize, ring 0 evtQSize events, ring 1
 * `max(16, evtQSize >> 4)` × 256 B. Default (128): Q 128, R0 128, R1 16.
 * Models: segment_manager.c segment_manager_alloc_queue.
 */
export function appEvtQCfg (evtQSize = APP_EVT_Q_SIZE_DEFAULT): SvmMsgQCfg {
  return {
    qNitems: evtQSize,
    rings: [
      { nitems: evtQSize, elsize: SESSION_EVT_SLOT_BYTES },
      { nitems: Math.max(APP_EVT_Q_CTRL_RING_MIN, evtQSize >> 4), elsize: SESSION_CTRL_SLOT_BYTES },
    ],
  };
}
