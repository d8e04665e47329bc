// src/session/session-ops.ts: what happens to sessions: accept and connect notifications from a
// transport, app and transport closes, cleanup; listen and connect from apps. The state machine
// follows VPP's. Models: src/vnet/session/session.c (session_alloc_for_connection,
// session_stream_accept[_notify], session_stream_connect_notify, session_transport_closing/
// closed/delete/reset_notify, session_close, session_reset, session_transport_close/reset/cleanup,
// session_program_transport_ctrl_evt, session_enqueue_notify, session_dequeue_notify,
// session_detach_app, session_cleanup, session_listen), application_worker.c
// (app_worker_init_accepted/connected, application_listener_select_worker), application_interface.c
// (vnet_listen, vnet_unlisten, vnet_connect, vnet_disconnect_session).

import { defineElogType } from '../../graph/elog.js';
import type { VlibMain } from '../../graph/main-loop.js';
import type { SvmFifo } from '../svm/fifo.js';
import { SessionEvtType, sessionHandle, sessionHandleIndex, sessionHandleThread, u64Hi, u64Lo } from '../svm/session-event.js';
import {
  appWorkerAcceptNotify, appWorkerCleanupNotify, appWorkerCloseNotify, appWorkerConnectNotify,
  appWorkerResetNotify, appWorkerRxNotify, appWorkerTransportClosedNotify, appWorkerTxNotify,
  SessionCleanupNtf, type SessionEndpoints,
} from './app-notify.js';
import type { AppWorker } from './app-worker.js';
import { isMainWithBarrier } from './app-ctrl-handlers.js';
import { SessionFlag } from './session-flags.js';
import { broadcastListener, type Endpoint } from './session-lookup.js';
import type { SessionMain } from './session-main.js';
import {
  kSessAppWrk, kSessConnection, kSessFlags, kSessListenerHi, kSessListenerLo, kSessOpaque,
  kSessRxFifoOff, kSessRxFifoSeg, kSessState, kSessTxFifoOff, kSessTxFifoSeg, kSessType, type SessionTable,
} from './session-table.js';
import { formatSessionState, SessionE, SessionState, WrkState } from './session-types.js';
import { EvtHead } from './session-worker.js';
import { kWrkLocalEvts } from './session-shared.js';

/** Event log: a = session index, b = from state, c = to state. */
export const ElogSessionState = defineElogType('session-state', (_n, a, b, c) =>
  `session ${a}: ${formatSessionState(b)} -> ${formatSessionState(c)}`);

/** Session record word used as the accept rotor of a listener (`al->accept_rotor`). */
const kSessRotor = 14;

/** What a transport gives the session layer (VPP: transport_proto_vft_t, the calls vppsim makes). */
export interface SessionTransport {
  /** `start_listen`: returns the listener's connection index (thread 0). */
  startListen (vm: VlibMain, ep: Endpoint, listenerSi: number): number;
  /** `stop_listen`. */
  stopListen (vm: VlibMain, connIndex: number): void;
  /**
   * `connect`: opens a half-open on this thread for half-open session `hoSi` of app worker `aw`
   * (its namespace picks the source address); sets the session's connection. 0 or SESSION_E_*.
   */
  connect (vm: VlibMain, aw: AppWorker, rmt: Endpoint, hoSi: number): number;
  /** `half_close`: the app shut its sending side (FIN after the data), still receiving. */
  halfClose (vm: VlibMain, t: number, connIndex: number): void;
  /** `close`: app closed; send what is left, then FIN. */
  close (vm: VlibMain, t: number, connIndex: number): void;
  /** `reset`. */
  reset (vm: VlibMain, t: number, connIndex: number): void;
  /** `cleanup`: free the connection now. */
  cleanup (vm: VlibMain, t: number, connIndex: number): void;
  /** `app_rx_evt`: the app dequeued; tell the peer about the window. */
  appRxEvt (vm: VlibMain, t: number, connIndex: number): void;
  /** The connection's endpoints. */
  endpoints (t: number, connIndex: number, out: SessionEndpoints): void;
}

/** The session layer's operations on one realm's SessionMain. */
export class SessionOps {
  /** Fifo views per thread, by session index (each thread's own; built as sessions get fifos). */
  private readonly fifos: { rx: SvmFifo | null; tx: SvmFifo | null }[][] = [];
  /** Sessions with data enqueued this dispatch, per thread (`session_to_enqueue`). */
  private readonly toEnqueue: number[][] = [];
  /** Transports by session type. */
  readonly transports: (SessionTransport | undefined)[] = [];

  constructor (private readonly sm: SessionMain) {
    for (let t = 0; t < sm.cfg.nThreads; t++) { this.fifos.push([]); this.toEnqueue.push([]); }
  }

  private tab (t: number): SessionTable { return this.sm.sessions[t] as SessionTable; }
  private transportOf (t: number, si: number): SessionTransport | undefined { return this.transports[this.tab(t).get(si, kSessType)]; }

  /** Session state, with the change logged (`session_set_state`). */
  setState (vm: VlibMain, t: number, si: number, state: number): void {
    const tab = this.tab(t);
    const from = tab.get(si, kSessState);
    if (from === state) return;
    tab.set(si, kSessState, state);
    vm.elog.add(vm.clock.now(), ElogSessionState, si, from, state);
  }

  /** The rx fifo of a session of thread `t`, this realm's view. */
  rxFifo (t: number, si: number): SvmFifo | null { return this.fifos[t]?.[si]?.rx ?? null; }
  /** The tx fifo. */
  txFifo (t: number, si: number): SvmFifo | null { return this.fifos[t]?.[si]?.tx ?? null; }

  /** Endpoints of a session, from its transport. */
  endpoints (t: number, si: number, out: SessionEndpoints): void {
    this.transportOf(t, si)?.endpoints(t, this.tab(t).get(si, kSessConnection), out);
  }

  // ---------------------------------------------------------------- allocation

  /** `session_alloc_for_connection`: a session for transport connection `conn` of thread `t`. */
  allocForConnection (t: number, conn: number, type: number): number {
    const tab = this.tab(t);
    const si = tab.alloc();
    tab.set(si, kSessType, type);
    tab.set(si, kSessConnection, conn);
    tab.set(si, kSessState, SessionState.CREATED);
    tab.set(si, kSessListenerLo, -1);
    tab.set(si, kSessListenerHi, -1);
    return si;
  }

  /** Allocates the session's fifos in its app worker's segment (`app_worker_alloc_session_fifos`). */
  private allocFifos (t: number, si: number, aw: AppWorker): number {
    const tab = this.tab(t);
    const rxOff = aw.allocFifo(t, aw.rxFifoSize);
    const txOff = rxOff < 0 ? -1 : aw.allocFifo(t, aw.txFifoSize);
    if (txOff < 0) {
      if (rxOff >= 0) aw.freeFifo(t, aw.segment.fifo(rxOff));
      return SessionE.SEG_NO_SPACE;
    }
    tab.set(si, kSessRxFifoSeg, aw.wrkIndex);
    tab.set(si, kSessTxFifoSeg, aw.wrkIndex);
    tab.set(si, kSessRxFifoOff, rxOff);
    tab.set(si, kSessTxFifoOff, txOff);
    const views = this.fifos[t] as { rx: SvmFifo | null; tx: SvmFifo | null }[];
    views[si] = { rx: aw.segment.fifo(rxOff), tx: aw.segment.fifo(txOff) };
    return 0;
  }

  /**
   * Picks the app worker for an accepted session: the next worker after the rotor, wrapping
   * (`application_listener_select_worker`).
   */
  private selectWorker (listenerHandle: number): AppWorker | undefined {
    const l = this.sm.lookup.info(listenerHandle);
    if (l === undefined || l.workers.length === 0) return undefined;
    const ls = this.tab(0);
    const lsi = sessionHandleIndex(listenerHandle);
    // VPP: next_set (workers, rotor + 1), wrapping; the rotor is shared by every thread's accepts
    const rotor = ls.atomicAdd(lsi, kSessRotor, 1) + 1;
    return this.sm.am.appWrks[l.workers[rotor % l.workers.length] as number];
  }

  // ---------------------------------------------------------------- accept / connect

  /**
   * `session_stream_accept`: a session for an accepted connection, its app worker chosen by the
   * listener's rotor (a congested worker refuses), fifos allocated, added to the lookup, and,
   * with `notify`, the app told (ACCEPTING). Returns the session index or a SESSION_E_* code.
   */
  streamAccept (vm: VlibMain, t: number, conn: number, type: number, listenerHandle: number, notify: boolean,
    lcl: { ip: number; port: number }, rmt: { ip: number; port: number }, fib: number, proto: number): number {
    const si = this.allocForConnection(t, conn, type);
    const tab = this.tab(t);
    tab.set(si, kSessListenerLo, u64Lo(listenerHandle));
    tab.set(si, kSessListenerHi, u64Hi(listenerHandle));
    const aw = this.selectWorker(listenerHandle);
    if (aw === undefined || aw.mqIsCongested()) { tab.free(si); return SessionE.REFUSED; }
    tab.set(si, kSessAppWrk, aw.wrkIndex);
    const rv = this.allocFifos(t, si, aw);
    if (rv !== 0) { tab.free(si); return rv; }
    this.sm.lookup.addConnection(t, fib, proto, lcl.ip, lcl.port, rmt.ip, rmt.port, sessionHandle(t, si));
    if (notify) {
      this.setState(vm, t, si, SessionState.ACCEPTING);
      appWorkerAcceptNotify(this.sm, vm, aw, si);
    }
    return si;
  }

  /**
   * `session_stream_accept_notify`: the handshake completed: ACCEPTING, and ACCEPTED queued for
   * the app. Returns 0, or −1 if the session has no app worker any more.
   */
  streamAcceptNotify (vm: VlibMain, t: number, si: number): number {
    const tab = this.tab(t);
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    if (aw === undefined) return -1;
    if (tab.get(si, kSessState) !== SessionState.CREATED) return 0;
    this.setState(vm, t, si, SessionState.ACCEPTING);
    appWorkerAcceptNotify(this.sm, vm, aw, si);
    return 0;
  }

  /**
   * `session_stream_connect_notify`: the half-open session `hoSi` of thread `hoT` became
   * connection `conn` on this thread (or failed with `err`): a new session is made READY with
   * fifos, and the app gets CONNECTED (with the error on failure). The half-open session is read
   * here and freed by its own thread. Returns the new session or −1.
   */
  streamConnectNotify (vm: VlibMain, conn: number, type: number, hoT: number, hoSi: number, err: number,
    lcl: { ip: number; port: number }, rmt: { ip: number; port: number }, fib: number, proto: number): number {
    const t = vm.threadIndex;
    const ho = this.tab(hoT);
    const opaque = ho.get(hoSi, kSessOpaque);
    const aw = this.sm.am.appWrks[ho.get(hoSi, kSessAppWrk)];
    if (aw === undefined) return -1;
    if (err !== 0) { appWorkerConnectNotify(this.sm, vm, aw, -1, err, opaque); return -1; }
    const si = this.allocForConnection(t, conn, type);
    this.setState(vm, t, si, SessionState.CONNECTING);
    const tab = this.tab(t);
    tab.set(si, kSessAppWrk, aw.wrkIndex);
    tab.set(si, kSessOpaque, opaque);
    const rv = this.allocFifos(t, si, aw);
    if (rv !== 0) { tab.free(si); appWorkerConnectNotify(this.sm, vm, aw, -1, rv, opaque); return -1; }
    this.setState(vm, t, si, SessionState.READY);
    this.sm.lookup.addConnection(t, fib, proto, lcl.ip, lcl.port, rmt.ip, rmt.port, sessionHandle(t, si));
    appWorkerConnectNotify(this.sm, vm, aw, si, 0, opaque);
    return si;
  }

  // ---------------------------------------------------------------- transport notifications

  /** `session_transport_closing_notify`: the peer closed; tell the app (DISCONNECTED). */
  transportClosingNotify (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    const st = tab.get(si, kSessState);
    if (st >= SessionState.TRANSPORT_CLOSING) return;
    if (st === SessionState.ACCEPTING) { this.setState(vm, t, si, SessionState.TRANSPORT_CLOSING); return; }
    this.setState(vm, t, si, SessionState.TRANSPORT_CLOSING);
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerCloseNotify(this.sm, vm, aw, si);
  }

  /** `session_transport_closed_notify`: no more data either way. */
  transportClosedNotify (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    if (!tab.isValid(si)) return;
    const st = tab.get(si, kSessState);
    if (st >= SessionState.TRANSPORT_CLOSED) return;
    if (st === SessionState.READY) {
      this.transportClosingNotify(vm, t, si);
      this.setState(vm, t, si, SessionState.TRANSPORT_CLOSED);
    } else if (st <= SessionState.CLOSING) {
      this.setState(vm, t, si, SessionState.TRANSPORT_CLOSED);
    } else if (st === SessionState.APP_CLOSED) {
      this.setState(vm, t, si, SessionState.CLOSED);
    }
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerTransportClosedNotify(this.sm, vm, aw, si);
  }

  /** `session_transport_reset_notify`: RESET to the app. */
  transportResetNotify (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    const st = tab.get(si, kSessState);
    if (st >= SessionState.TRANSPORT_CLOSING) return;
    this.setState(vm, t, si, SessionState.TRANSPORT_CLOSING);
    if (st === SessionState.ACCEPTING) return;
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerResetNotify(this.sm, vm, aw, si);
  }

  /**
   * `session_transport_delete_notify`: the transport is gone; depending on how far the close
   * went, clean up now, wait for the app, or finish the close.
   */
  transportDeleteNotify (vm: VlibMain, t: number, si: number, lookupDel: () => void): void {
    const tab = this.tab(t);
    if (!tab.isValid(si)) return;
    const st = tab.get(si, kSessState);
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    const cleanup = (ntf: number): void => {
      if (aw !== undefined) appWorkerCleanupNotify(this.sm, vm, aw, si, ntf);
      else if (ntf === SessionCleanupNtf.Session) this.sessionCleanup(vm, t, si);
    };
    switch (st) {
      case SessionState.CREATED:
        lookupDel();
        this.freeSession(t, si);
        break;
      case SessionState.ACCEPTING:
      case SessionState.TRANSPORT_CLOSING:
      case SessionState.CLOSING:
      case SessionState.TRANSPORT_CLOSED:
        lookupDel();
        this.setState(vm, t, si, SessionState.TRANSPORT_DELETED);
        cleanup(SessionCleanupNtf.Transport);
        break;
      case SessionState.APP_CLOSED:
        lookupDel();
        this.setState(vm, t, si, SessionState.TRANSPORT_DELETED);
        cleanup(SessionCleanupNtf.Transport);
        this.programTransportCtrlEvt(vm, t, si, SessionEvtType.CTRL_EVT_CLOSE);
        break;
      case SessionState.TRANSPORT_DELETED:
        break;
      default: // CLOSED and anything else
        lookupDel();
        this.setState(vm, t, si, SessionState.TRANSPORT_DELETED);
        cleanup(SessionCleanupNtf.Transport);
        cleanup(SessionCleanupNtf.Session);
    }
  }

  // ---------------------------------------------------------------- app closes

  /**
   * `session_program_transport_ctrl_evt`: a CLOSE/RESET/HALF_CLOSE for the session's worker: on
   * its own list when called there (or on main with the barrier), else through its mq.
   */
  programTransportCtrlEvt (vm: VlibMain, t: number, si: number, type: number): void {
    const sm = this.sm;
    if (t === vm.threadIndex || isMainWithBarrier(vm)) {
      const wrk = sm.worker(t);
      const e = wrk.evtAllocCtrl();
      wrk.count(kWrkLocalEvts);
      wrk.pool.setEvt(e, type, 0, si, t);
      if (wrk.state === WrkState.Interrupt) vm.setInterruptPending(sm.nodes.sessionQueue, t);
    } else {
      sm.sendEvtToThread(vm, t, type, si, t);
    }
  }

  /** `session_close`: the app closes; the transport gets CLOSE through the session's worker. */
  sessionClose (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    const f = tab.get(si, kSessFlags);
    if ((f & SessionFlag.APP_CLOSED) !== 0) return;
    tab.set(si, kSessFlags, (f | SessionFlag.APP_CLOSED) & ~SessionFlag.CUSTOM_FIFO_TUNING);
    const st = tab.get(si, kSessState);
    if (st >= SessionState.CLOSING) {
      if (st === SessionState.TRANSPORT_CLOSED || st === SessionState.TRANSPORT_DELETED) this.programTransportCtrlEvt(vm, t, si, SessionEvtType.CTRL_EVT_CLOSE);
      return;
    }
    this.txFifo(t, si)?.clearDeqNtf();
    this.setState(vm, t, si, SessionState.CLOSING);
    this.programTransportCtrlEvt(vm, t, si, SessionEvtType.CTRL_EVT_CLOSE);
  }

  /** `session_reset`: the app aborts. */
  sessionReset (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    const f = tab.get(si, kSessFlags);
    if ((f & SessionFlag.APP_CLOSED) !== 0) return;
    tab.set(si, kSessFlags, f | SessionFlag.APP_CLOSED);
    const st = tab.get(si, kSessState);
    if (st >= SessionState.CLOSING) {
      if (st === SessionState.TRANSPORT_CLOSED || st === SessionState.TRANSPORT_DELETED) this.programTransportCtrlEvt(vm, t, si, SessionEvtType.CTRL_EVT_RESET);
      return;
    }
    this.txFifo(t, si)?.clearDeqNtf();
    this.setState(vm, t, si, SessionState.CLOSING);
    this.programTransportCtrlEvt(vm, t, si, SessionEvtType.CTRL_EVT_RESET);
  }

  /** `session_transport_close` (the CLOSE ctrl event on the session's worker). */
  transportClose (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    if (!tab.isValid(si)) return;
    const st = tab.get(si, kSessState);
    if (st >= SessionState.APP_CLOSED) {
      if (st === SessionState.TRANSPORT_CLOSED) this.setState(vm, t, si, SessionState.CLOSED);
      else if (st >= SessionState.TRANSPORT_DELETED && (tab.get(si, kSessFlags) & SessionFlag.HALF_OPEN) === 0) this.programCleanup(vm, t, si);
      return;
    }
    this.setState(vm, t, si, SessionState.APP_CLOSED);
    this.transportOf(t, si)?.close(vm, t, tab.get(si, kSessConnection));
  }

  /** `session_transport_reset` (the RESET ctrl event). */
  transportReset (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    if (!tab.isValid(si)) return;
    const st = tab.get(si, kSessState);
    if (st >= SessionState.APP_CLOSED) {
      if (st === SessionState.TRANSPORT_CLOSED) this.setState(vm, t, si, SessionState.CLOSED);
      else if (st >= SessionState.TRANSPORT_DELETED) this.programCleanup(vm, t, si);
      return;
    }
    this.setState(vm, t, si, SessionState.APP_CLOSED);
    this.transportOf(t, si)?.reset(vm, t, tab.get(si, kSessConnection));
  }

  /** `session_transport_half_close` (the HALF_CLOSE ctrl event). */
  transportHalfClose (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    if (!tab.isValid(si) || tab.get(si, kSessState) >= SessionState.APP_CLOSED) return;
    this.transportOf(t, si)?.halfClose(vm, t, tab.get(si, kSessConnection));
  }

  /** `transport_app_rx_evt`: the app read from the rx fifo. */
  appRxEvt (vm: VlibMain, t: number, si: number): void {
    this.transportOf(t, si)?.appRxEvt(vm, t, this.tab(t).get(si, kSessConnection));
  }

  /** DISCONNECTED again, for an app worker that took over a closing session. */
  closeNotifyAgain (vm: VlibMain, t: number, si: number): void {
    const aw = this.sm.am.appWrks[this.tab(t).get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerCloseNotify(this.sm, vm, aw, si);
  }

  /** `session_program_cleanup`: CLEANUP (session) to the app; the session goes after it. */
  programCleanup (vm: VlibMain, t: number, si: number): void {
    const aw = this.sm.am.appWrks[this.tab(t).get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerCleanupNotify(this.sm, vm, aw, si, SessionCleanupNtf.Session);
    else this.sessionCleanup(vm, t, si);
  }

  /** `session_detach_app`: the app refused or left the session. */
  sessionDetachApp (vm: VlibMain, t: number, si: number): void {
    const tab = this.tab(t);
    const st = tab.get(si, kSessState);
    if (st < SessionState.TRANSPORT_CLOSING) this.sessionClose(vm, t, si);
    else if (st < SessionState.TRANSPORT_DELETED) this.transportOf(t, si)?.close(vm, t, tab.get(si, kSessConnection));
    tab.set(si, kSessAppWrk, -1);
  }

  /** `session_cleanup`: frees the fifos and the session. */
  sessionCleanup (_vm: VlibMain, t: number, si: number): void {
    const aw = this.sm.am.appWrks[this.tab(t).get(si, kSessAppWrk)];
    const v = this.fifos[t]?.[si];
    if (aw !== undefined && v !== undefined) {
      if (v.rx !== null) aw.freeFifo(t, v.rx);
      if (v.tx !== null) aw.freeFifo(t, v.tx);
    }
    this.freeSession(t, si);
  }

  private freeSession (t: number, si: number): void {
    const v = this.fifos[t];
    if (v !== undefined && v[si] !== undefined) v[si] = { rx: null, tx: null };
    this.tab(t).free(si);
  }

  // ---------------------------------------------------------------- data notifications

  /**
   * The transport enqueued data for session `si`: queue it for an RX notification once per
   * dispatch (`SESSION_F_RX_EVT`, `session_to_enqueue`); flushed by {@link flushEnqueueEvents}.
   */
  enqueueNotifyLater (t: number, si: number): void {
    const tab = this.tab(t);
    const f = tab.get(si, kSessFlags);
    if ((f & SessionFlag.RX_EVT) !== 0) return;
    tab.set(si, kSessFlags, f | SessionFlag.RX_EVT);
    (this.toEnqueue[t] as number[]).push(si);
  }

  /** `session_main_flush_enqueue_events`: RX to the apps of the sessions enqueued into. */
  flushEnqueueEvents (vm: VlibMain): void {
    const t = vm.threadIndex;
    const q = this.toEnqueue[t] as number[];
    const tab = this.tab(t);
    for (let i = 0; i < q.length; i++) {
      const si = q[i] as number;
      if (!tab.isValid(si)) continue;
      const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
      if (aw !== undefined) appWorkerRxNotify(this.sm, vm, aw, si);
    }
    q.length = 0;
  }

  /** `session_dequeue_notify`: room in the tx fifo again: TX to the app. */
  dequeueNotify (vm: VlibMain, t: number, si: number): void {
    this.txFifo(t, si)?.clearDeqNtf();
    const aw = this.sm.am.appWrks[this.tab(t).get(si, kSessAppWrk)];
    if (aw !== undefined) appWorkerTxNotify(this.sm, vm, aw, si);
  }

  /** Schedules TX for session `si` of this thread (`sesssion_reschedule_tx`). */
  rescheduleTx (vm: VlibMain, si: number): void {
    const wrk = this.sm.worker(vm.threadIndex);
    const e = wrk.evtAllocNew();
    wrk.count(kWrkLocalEvts);
    wrk.pool.setEvt(e, SessionEvtType.IO_EVT_TX, 0, si);
    if (wrk.state === WrkState.Interrupt) vm.setInterruptPending(this.sm.nodes.sessionQueue);
  }

  /** Re-queues a TX element at the tail of the old list (`session_evt_add_old`). */
  requeueOld (vm: VlibMain, elt: number): void {
    this.sm.worker(vm.threadIndex).pool.addTail(EvtHead.Old, elt);
  }

  // ---------------------------------------------------------------- listen / connect

  /**
   * `vnet_listen` (main, barrier held): a listener session on thread 0 in LISTENING, the
   * transport's listener, the lookup entry on every thread. Another worker of the same app joins
   * the listener; another app gets SESSION_E_ALREADY_LISTENING. Returns the handle or an error.
   */
  listen (vm: VlibMain, appIndex: number, wrkIndex: number, ep: Endpoint, type: number): number {
    const sm = this.sm;
    const existing = sm.lookup.hasListener(ep) ? sm.lookup.listener(ep.fibIndex, ep.proto, ep.ip, ep.port) : -1;
    if (existing >= 0) {
      const l = sm.lookup.info(existing);
      if (l === undefined || l.appIndex !== appIndex) return SessionE.ALREADY_LISTENING;
      if (l.workers.includes(wrkIndex)) return SessionE.ALREADY_LISTENING;
      broadcastListener(vm, true, ep, existing, { ...l, workers: [...l.workers, wrkIndex] });
      return existing;
    }
    const tr = this.transports[type];
    if (tr === undefined) return SessionE.NOSUPPORT;
    const tab = this.tab(0);
    const lsi = tab.alloc();
    tab.set(lsi, kSessType, type);
    tab.set(lsi, kSessAppWrk, wrkIndex);
    tab.set(lsi, kSessRotor, 0);
    this.setState(vm, 0, lsi, SessionState.LISTENING);
    const conn = tr.startListen(vm, ep, lsi);
    tab.set(lsi, kSessConnection, conn);
    const handle = sessionHandle(0, lsi);
    broadcastListener(vm, true, ep, handle, { ep, appIndex, workers: [wrkIndex], connIndex: conn });
    return handle;
  }

  /** `vnet_unlisten` (main, barrier held): 0 or SESSION_E_NOLISTEN / SESSION_E_OWNER. */
  unlisten (vm: VlibMain, appIndex: number, handle: number): number {
    const l = this.sm.lookup.info(handle);
    if (l === undefined || sessionHandleThread(handle) !== 0) return SessionE.NOLISTEN;
    if (l.appIndex !== appIndex) return SessionE.OWNER;
    const lsi = sessionHandleIndex(handle);
    const tab = this.tab(0);
    this.transports[tab.get(lsi, kSessType)]?.stopListen(vm, l.connIndex);
    broadcastListener(vm, false, l.ep, handle, l);
    tab.free(lsi);
    return 0;
  }

  /**
   * `vnet_connect` on the first worker: a half-open session (HALF_OPEN, CONNECTING) holding the
   * app's context, and the transport's connect. 0 or a SESSION_E_* code.
   */
  connect (vm: VlibMain, aw: AppWorker, rmt: Endpoint, type: number, context: number): number {
    const tr = this.transports[type];
    if (tr === undefined) return SessionE.NOSUPPORT;
    const t = vm.threadIndex;
    const tab = this.tab(t);
    const hoSi = tab.alloc();
    tab.set(hoSi, kSessType, type);
    tab.set(hoSi, kSessAppWrk, aw.wrkIndex);
    tab.set(hoSi, kSessOpaque, context);
    tab.set(hoSi, kSessFlags, SessionFlag.HALF_OPEN);
    this.setState(vm, t, hoSi, SessionState.CONNECTING);
    const rv = tr.connect(vm, aw, rmt, hoSi);
    if (rv !== 0) tab.free(hoSi);
    return rv;
  }

  /** Frees a half-open session once its connection moved or failed (`session_cleanup_half_open`). Its own thread. */
  cleanupHalfOpen (t: number, hoSi: number): void {
    const tab = this.tab(t);
    if (tab.isValid(hoSi) && (tab.get(hoSi, kSessFlags) & SessionFlag.HALF_OPEN) !== 0) this.freeSession(t, hoSi);
  }

  /** `session_mq_accepted_reply_handler`, the session part: READY, RX_READY, pending data told. */
  acceptedReply (vm: VlibMain, t: number, si: number, appSessionIndex: number): void {
    const tab = this.tab(t);
    tab.set(si, kSessOpaque, appSessionIndex);
    tab.set(si, kSessFlags, tab.get(si, kSessFlags) | SessionFlag.RX_READY);
    const old = tab.get(si, kSessState);
    this.setState(vm, t, si, SessionState.READY);
    const aw = this.sm.am.appWrks[tab.get(si, kSessAppWrk)];
    if (aw === undefined) return;
    const rx = this.rxFifo(t, si);
    if (rx !== null && rx.maxDequeueProd() > 0) appWorkerRxNotify(this.sm, vm, aw, si);
    if (old >= SessionState.TRANSPORT_CLOSING) {
      appWorkerCloseNotify(this.sm, vm, aw, si);
      this.setState(vm, t, si, old);
    }
  }
}
