// src/app/vcl-session.ts: a VCL session as the app sees it: its state, vpp handle, fifos, the
// vpp thread whose mq serves it, and for listeners the accepted sessions not yet taken.
// Models: src/vcl/vcl_private.h (vcl_session_state_t, vcl_session_t, VCL_SESSION_F_*).

import type { SvmFifo } from '../svm/fifo.js';

/** VCL session states, in VPP's order. Models: vcl_private.h vcl_session_state_t. */
export const foreachVclState = ['CLOSED', 'LISTEN', 'READY', 'VPP_CLOSING', 'DISCONNECT', 'DETACHED', 'UPDATED'] as const;
/** `VclState.Ready === 2`. */
export const VclState = { Closed: 0, Listen: 1, Ready: 2, VppClosing: 3, Disconnect: 4, Detached: 5, Updated: 6 } as const;
export type VclState = (typeof VclState)[keyof typeof VclState];
/** `VCL_STATE_READY`. */
export const formatVclState = (s: number): string => `VCL_STATE_${foreachVclState[s] ?? s}`;

/** VPPCOM_* return codes vppsim's VCL uses (vppcom.h: negated errno values). */
export const Vppcom = {
  OK: 0,
  EAGAIN: -11,
  EWOULDBLOCK: -11,
  EBADFD: -77,
  ECONNRESET: -104,
  ENOTCONN: -107,
  ECONNREFUSED: -111,
  ETIMEDOUT: -110,
  EINVAL: -22,
} as const;

/** Session flags (VCL_SESSION_F_*). */
export const VclSessionFlag = {
  /** A connect is outstanding. */
  Connecting: 1 << 0,
  /** The peer or vpp shut reading down. */
  RdShutdown: 1 << 1,
  WrShutdown: 1 << 2,
  /** An RX event arrived since the app last read (epoll's EPOLLIN). */
  RxEvt: 1 << 3,
  /** A TX event arrived: room in the tx fifo again (EPOLLOUT). */
  TxEvt: 1 << 4,
  /** The app closed it while the connect was outstanding: disconnect when CONNECTED comes. */
  ClosedConnecting: 1 << 5,
} as const;

/** One session. */
export class VclSession {
  state: VclState = VclState.Closed;
  /** vpp's session handle (thread, index), −1 before vpp gave one. */
  vppHandle = -1;
  /** The vpp thread whose mq takes this session's io events. */
  vppThread = 0;
  rx: SvmFifo | null = null;
  tx: SvmFifo | null = null;
  flags = 0;
  /** A failed bind/connect's SESSION_E_* code. */
  vppError = 0;
  /** Listeners: accepted sessions not yet taken by the app, oldest first. */
  readonly accepted: number[] = [];
  /** Accepted sessions: their listener. */
  listener = -1;
  /** vppsim: when a write found nothing outstanding (round-trip start), ns; 0 none. */
  rttStampNs = 0;
  lclIp = 0;
  lclPort = 0;
  rmtIp = 0;
  rmtPort = 0;

  constructor (readonly index: number) {}

  /** vpp's index of this session on its thread (`vpp_session_index`). */
  get vppIndex (): number { return this.vppHandle % 4294967296; }
}
