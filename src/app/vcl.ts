// src/app/vcl.ts: the VCL analogue for app threads: sessions over vpp's session layer (listen,
// accept, connect, read, write, shutdown, close), driven by the app worker's event queue, which
// the app waits on through its eventfd or polls. Non-blocking calls return VPPCOM codes; the
// app's generator yields `waitEvents` between them. A message vpp's queue cannot take now is
// kept and sent at the next wait, in order (VCL blocks instead: SVM_Q_WAIT).
// Models: src/vcl/vppcom.c (vppcom_session_create/bind/listen/accept/connect/read/write/close/
// shutdown, vcl_handle_mq_event and the vcl_session_*_handler functions), vcl_private.c
// (vcl_send_session_* messages).

import { type CtrlFieldName, CtrlField, CtrlMsg, ctrlMsgDecode } from '../svm/ctrl-messages.js';
import type { SvmFifo } from '../svm/fifo.js';
import { SvmFifoDeqNtf } from '../svm/fifo.js';
import { SESSION_MQ_CTRL_EVT_RING, SessionEvent, SessionEvtType, sessionEvtDecode, sessionHandleThread } from '../svm/session-event.js';
import { SVM_MQ_MSG_ELT_BITS } from '../svm/message-queue-layout.js';
import { TransportProto } from '../session/session-lookup.js';
import { sessionLatencyStamp } from '../session/session-latency.js';
import type { Elog } from '../../graph/elog.js';
import { ElogAppPost, ElogAppRead, elogNs } from './app-elog.js';
import type { Clock } from '../../graph/clock.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import type { AppClient, AppClientWorker } from './app-client.js';
import type { AppWait, AppWaitBuf } from './app-thread.js';
import { VclSession, VclSessionFlag, VclState, Vppcom } from './vcl-session.js';

/** How the app waits for vpp's events. */
export interface VclConfig {
  /**
   * Poll the event queue instead of sleeping on its eventfd: every wait returns after
   * `pollIntervalNs` (0: at once). Default: sleep on the eventfd when the queue has one.
   */
  readonly poll?: boolean;
  /** Polling period, ns (default 0). */
  readonly pollIntervalNs?: number;
  /**
   * The app's clock: with it, TX events carry their post time (vpp measures how long they wait)
   * and the worker measures round trips and how long received data took from session-queue.
   */
  readonly clock?: Clock;
  /** The app's latency tag (1…2047) for vpp's per-app stage histograms; 0: untagged. */
  readonly latencyTag?: number;
  /** The app thread's event log: each IO event posted and each read is logged (src/app/app-elog.ts). */
  readonly elog?: Elog;
  /** Where to record its latencies (e.g. histograms in a SharedArrayBuffer another thread reads); default its own. */
  readonly latency?: VclLatency;
}

/** Latencies one VclWorker measured (vppsim). */
export interface VclLatency {
  /** From the peer's `session-queue` sending the data to this app reading it (stage 3), ns. */
  readonly peerToApp: LatencyHistogram;
  /** From a write on a session with nothing outstanding to the next read that returns data, ns. */
  readonly roundTrip: LatencyHistogram;
}

/** Counters of one VclWorker. */
export interface VclStats {
  ctrlEvts: number;
  ioEvts: number;
  /** Events for sessions this worker does not know (late, after a close): ignored. */
  unknownSession: number;
  /** Messages that did not decode: counted by the mq too. */
  malformed: number;
  /** Messages kept because vpp's mq was full, sent later. */
  deferredSends: number;
}

/** One app worker's VCL state: its sessions and its event queue. */
export class VclWorker {
  readonly sessions: (VclSession | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly byHandle = new Map<number, number>();
  private readonly m = new CtrlMsg();
  private readonly out = new CtrlMsg();
  private readonly ev = new SessionEvent();
  /** Sends vpp's mqs refused for now: ctrl messages (copied) and io events. */
  private readonly pending: { thread: number; ctrl: CtrlMsg | null; sessionIndex: number; evtType: number }[] = [];
  /** Sessions this worker took over (WORKER_UPDATE_REPLY), oldest first; the app empties it. */
  readonly workerUpdates: number[] = [];
  readonly stats: VclStats = { ctrlEvts: 0, ioEvts: 0, unknownSession: 0, malformed: 0, deferredSends: 0 };
  private readonly poll: boolean;
  private readonly pollIntervalNs: number;
  private readonly clock: Clock | null;
  private readonly latencyTag: number;
  private readonly elog: Elog | null;
  readonly latency: VclLatency;
  /** Times {@link waitEvents} yielded (see {@link waitEventsOrYield}). */
  private waits = 0;

  constructor (readonly client: AppClient, readonly wrk: AppClientWorker, private readonly waitBuf: AppWaitBuf, cfg: VclConfig = {}) {
    this.poll = cfg.poll === true || wrk.evtQEfd === null;
    this.pollIntervalNs = cfg.pollIntervalNs ?? 0;
    this.clock = cfg.clock ?? null;
    this.latencyTag = cfg.latencyTag ?? 0;
    this.elog = cfg.elog ?? null;
    this.latency = cfg.latency ?? { peerToApp: new LatencyHistogram(), roundTrip: new LatencyHistogram() };
  }

  /** The app's API client (the `client_index` of its messages). */
  get apiClient (): number { return this.client.reply?.apiClient ?? -1; }

  /** A session, or undefined. */
  session (si: number): VclSession | undefined { return this.sessions[si]; }

  // ------------------------------------------------------------------ sending

  private sendCtrl (thread: number): void {
    if (this.pending.length === 0 && this.client.sendCtrl(this.out, thread) === 0) return;
    const copy = new CtrlMsg();
    copy.eventType = this.out.eventType;
    copy.v.set(this.out.v);
    this.pending.push({ thread, ctrl: copy, sessionIndex: 0, evtType: 0 });
    this.stats.deferredSends++;
  }

  private sendIo (thread: number, sessionIndex: number, evtType: number): void {
    const now = this.clock?.now() ?? 0;
    const lo = now === 0 ? 0 : now % 4294967296;
    const hi = now === 0 ? 0 : sessionLatencyStamp(now, this.latencyTag);
    this.elog?.add(now, ElogAppPost, thread, sessionIndex, evtType);
    if (this.pending.length === 0 && this.client.sendIo(thread, sessionIndex, evtType, lo, hi) === 0) return;
    this.pending.push({ thread, ctrl: null, sessionIndex, evtType });
    this.stats.deferredSends++;
  }

  /** Retries the sends that vpp's mqs refused, in order; false while some are left. */
  private flushPending (): boolean {
    while (this.pending.length > 0) {
      const p = this.pending[0] as (typeof this.pending)[number];
      const rv = p.ctrl !== null ? this.client.sendCtrl(p.ctrl, p.thread) : this.client.sendIo(p.thread, p.sessionIndex, p.evtType);
      if (rv !== 0) return false;
      this.pending.shift();
    }
    return true;
  }

  private msg (type: number): CtrlMsg {
    return this.out.reset(type).set(CtrlField.clientIndex, this.apiClient).set(CtrlField.wrkIndex, this.wrk.setup.wrkMapIndex);
  }

  // ------------------------------------------------------------------ sessions

  /** `vppcom_session_create`: a new CLOSED session; its index. */
  sessionCreate (): number {
    const si = this.free.length > 0 ? this.free.pop() as number : this.sessions.length;
    this.sessions[si] = new VclSession(si);
    return si;
  }

  private sessionFree (s: VclSession): void {
    if (s.vppHandle >= 0 && this.byHandle.get(s.vppHandle) === s.index) this.byHandle.delete(s.vppHandle);
    this.sessions[s.index] = undefined;
    this.free.push(s.index);
  }

  /**
   * `vppcom_session_bind` + `vppcom_session_listen`: LISTEN on `ip:port` (0: any address) to the
   * ctrl thread. The session is LISTEN once BOUND arrives, or DETACHED with `vppError`.
   */
  listen (si: number, ip: number, port: number): number {
    const s = this.sessions[si];
    if (s === undefined) return Vppcom.EBADFD;
    s.lclIp = ip; s.lclPort = port;
    this.msg(SessionEvtType.CTRL_EVT_LISTEN).set(CtrlField.context, si).set(CtrlField.port, port)
      .set(CtrlField.proto, TransportProto.Tcp).set(CtrlField.isIp4, 1).set(CtrlField.ip, ip).set(CtrlField.vrf, 0);
    this.sendCtrl(this.client.ctrlThread);
    return Vppcom.OK;
  }

  /**
   * `vppcom_session_connect` (non-blocking): CONNECT to the ctrl thread, with the session index
   * as the context; READY when CONNECTED arrives, or DETACHED with `vppError`.
   */
  connect (si: number, ip: number, port: number): number {
    const s = this.sessions[si];
    if (s === undefined) return Vppcom.EBADFD;
    s.rmtIp = ip; s.rmtPort = port;
    s.flags |= VclSessionFlag.Connecting;
    this.msg(SessionEvtType.CTRL_EVT_CONNECT).set(CtrlField.context, si).set(CtrlField.port, port).set(CtrlField.lclPort, 0)
      .set(CtrlField.proto, TransportProto.Tcp).set(CtrlField.isIp4, 1).set(CtrlField.ip, ip).set(CtrlField.lclIp, 0)
      .set(CtrlField.vrf, 0).set(CtrlField.parentHandle, -1);
    this.sendCtrl(this.client.ctrlThread);
    return Vppcom.OK;
  }

  /** `vppcom_session_accept` (non-blocking): the oldest accepted session of listener `lsi`, or EAGAIN. */
  accept (lsi: number): number {
    const ls = this.sessions[lsi];
    if (ls === undefined || ls.state !== VclState.Listen) return Vppcom.EBADFD;
    const si = ls.accepted.shift();
    return si === undefined ? Vppcom.EAGAIN : si;
  }

  /**
   * `vppcom_session_read` (non-blocking): up to `len` bytes into `dst[off…]`. Returns the bytes
   * read; EAGAIN when there is nothing yet (the fifo's event flag cleared, as VCL does, so the
   * next data brings an RX event); 0 (EOF) once the peer closed and the data is drained;
   * ECONNRESET after a reset. A read that makes room vpp asked to hear about sends it an RX event.
   */
  read (si: number, dst: Uint8Array, off: number, len: number): number {
    const s = this.sessions[si];
    if (s === undefined || s.rx === null) return Vppcom.EBADFD;
    const rx = s.rx;
    s.flags &= ~VclSessionFlag.RxEvt;
    if (rx.maxDequeueCons() === 0) {
      // vcl_session_closing_error: EOF (0) once the peer closed, ECONNRESET after a reset
      if (s.state === VclState.VppClosing) return 0;
      if (s.state === VclState.Disconnect) return Vppcom.ECONNRESET;
      // nothing to read: clear the event, so vpp sends RX for the next data
      rx.unsetEvent();
      if (rx.maxDequeueCons() === 0) return Vppcom.EAGAIN;
    }
    const n = rx.dequeue(len, dst, off);
    if (this.clock !== null && n > 0) {
      const now = this.clock.now();
      const sent = rx.takeSent();
      if (sent > 0) this.latency.peerToApp.record(now - sent);
      this.elog?.add(now, ElogAppRead, n, sent > 0 ? elogNs(now - sent) : -1, s.vppIndex);
      if (s.rttStampNs > 0) { this.latency.roundTrip.record(now - s.rttStampNs); s.rttStampNs = 0; }
    }
    if (rx.maxDequeueCons() === 0) {
      // vcl: clear the event, and take it back if data slipped in meanwhile
      rx.unsetEvent();
      if (rx.maxDequeueCons() > 0 && rx.setEvent()) s.flags |= VclSessionFlag.RxEvt;
    }
    if (rx.needsDeqNtf(n)) {
      rx.clearDeqNtf();
      this.sendIo(s.vppThread, s.vppIndex, SessionEvtType.IO_EVT_RX);
    }
    return n;
  }

  /** Bytes ready to read on session `si` (`vppcom_session_attr` NREAD), or a VPPCOM error. */
  readable (si: number): number {
    const s = this.sessions[si];
    return s === undefined || s.rx === null ? Vppcom.EBADFD : s.rx.maxDequeueCons();
  }

  /**
   * `vppcom_session_write` (non-blocking): up to `len` bytes of `src[off…]` into the tx fifo;
   * a TX event to the session's vpp thread when the fifo's event flag goes 0→1. A full fifo
   * returns EAGAIN and asks vpp for a TX event once there is room.
   */
  write (si: number, src: Uint8Array, off: number, len: number): number {
    const s = this.sessions[si];
    if (s === undefined || s.tx === null) return Vppcom.EBADFD;
    // vcl_session_is_open: READY, or VPP_CLOSING (the peer closed its side; this one may still send)
    if (s.state !== VclState.Ready && s.state !== VclState.VppClosing) return s.state === VclState.Disconnect ? Vppcom.ECONNRESET : Vppcom.ENOTCONN;
    const tx = s.tx;
    s.flags &= ~VclSessionFlag.TxEvt;
    if (tx.maxEnqueueProd() === 0) {
      tx.addWantDeqNtf(SvmFifoDeqNtf.Want);
      // room may have appeared before vpp saw the flag
      if (tx.maxEnqueueProd() === 0) return Vppcom.EAGAIN;
    }
    const n = tx.enqueue(len, src, off);
    if (n > 0 && this.clock !== null && s.rttStampNs === 0) s.rttStampNs = this.clock.now();
    if (n > 0 && tx.setEvent()) this.sendIo(s.vppThread, s.vppIndex, SessionEvtType.IO_EVT_TX);
    return n > 0 ? n : Vppcom.EAGAIN;
  }

  /** `vppcom_session_shutdown (SHUT_WR)`: SHUTDOWN to the session's thread. */
  shutdown (si: number): number {
    const s = this.sessions[si];
    if (s === undefined || s.vppHandle < 0) return Vppcom.EBADFD;
    s.flags |= VclSessionFlag.WrShutdown;
    this.msg(SessionEvtType.CTRL_EVT_SHUTDOWN).set(CtrlField.handle, s.vppHandle).set(CtrlField.context, 0);
    this.sendCtrl(s.vppThread);
    return Vppcom.OK;
  }

  /**
   * `vppcom_session_close`: a listener is unlistened; a session the peer closed gets
   * DISCONNECTED_REPLY, a reset one RESET_REPLY, a ready one DISCONNECT; it is CLOSED until
   * vpp's CLEANUP frees it (at once if vpp already let go of it).
   */
  close (si: number): number {
    const s = this.sessions[si];
    if (s === undefined) return Vppcom.EBADFD;
    if ((s.flags & VclSessionFlag.Connecting) !== 0) {
      s.flags |= VclSessionFlag.ClosedConnecting;
      return Vppcom.OK;
    }
    switch (s.state) {
      case VclState.Listen:
        this.msg(SessionEvtType.CTRL_EVT_UNLISTEN).set(CtrlField.handle, s.vppHandle).set(CtrlField.context, si);
        this.sendCtrl(this.client.ctrlThread);
        break;
      case VclState.VppClosing:
        this.out.reset(SessionEvtType.CTRL_EVT_DISCONNECTED_REPLY).set(CtrlField.context, this.apiClient)
          .set(CtrlField.handle, s.vppHandle).set(CtrlField.retval, 0);
        this.sendCtrl(s.vppThread);
        break;
      case VclState.Disconnect:
        this.out.reset(SessionEvtType.CTRL_EVT_RESET_REPLY).set(CtrlField.context, this.apiClient)
          .set(CtrlField.handle, s.vppHandle).set(CtrlField.retval, 0);
        this.sendCtrl(s.vppThread);
        break;
      case VclState.Ready:
        this.msg(SessionEvtType.CTRL_EVT_DISCONNECT).set(CtrlField.handle, s.vppHandle).set(CtrlField.context, 0);
        this.sendCtrl(s.vppThread);
        break;
      default: // CLOSED, DETACHED, UPDATED: vpp is done with it
        this.sessionFree(s);
        return Vppcom.OK;
    }
    s.state = VclState.Closed;
    return Vppcom.OK;
  }

  /**
   * `vcl_send_worker_update`: asks vpp to move session `vppHandle` to this worker. Sent by the
   * session's owner (`reqWrkMapIndex` = the owner) vpp asks this worker to claim it; sent by
   * this worker, vpp moves it and replies WORKER_UPDATE_REPLY here.
   */
  requestSession (vppHandle: number, reqWrkMapIndex: number): void {
    this.msg(SessionEvtType.CTRL_EVT_WORKER_UPDATE).set(CtrlField.handle, vppHandle).set(CtrlField.reqWrkIndex, reqWrkMapIndex);
    this.sendCtrl(sessionHandleThread(vppHandle));
  }

  // ------------------------------------------------------------------ events

  /**
   * Drains the app worker's event queue (`vcl_handle_mq_event` for each): control messages
   * update sessions and send the replies VCL sends; RX/TX mark sessions readable/writable.
   * Returns the events handled.
   */
  handleEvents (): number {
    this.flushPending();
    const mq = this.wrk.evtQ;
    let n = 0;
    while (!mq.isEmpty()) {
      const msg = mq.subRaw();
      if ((msg >>> SVM_MQ_MSG_ELT_BITS) === SESSION_MQ_CTRL_EVT_RING) {
        if (ctrlMsgDecode(mq, msg, this.m) < 0) this.stats.malformed++;
        else { this.stats.ctrlEvts++; this.handleCtrl(this.m); }
      } else if (sessionEvtDecode(mq, msg, this.ev) < 0) {
        this.stats.malformed++;
      } else {
        this.stats.ioEvts++;
        this.handleIo(this.ev);
      }
      mq.freeMsg(msg);
      n++;
    }
    return n;
  }

  private handleIo (e: SessionEvent): void {
    const s = this.sessions[e.w0 >>> 0];
    if (s === undefined || s.state === VclState.Closed) { this.stats.unknownSession++; return; }
    if (e.eventType === SessionEvtType.IO_EVT_RX) {
      // vcl_fifo_rx_evt_valid_or_break: the app may have read it all already
      if (s.rx !== null && s.rx.maxDequeueCons() === 0) { s.rx.unsetEvent(); if (s.rx.maxDequeueCons() === 0) return; }
      s.flags |= VclSessionFlag.RxEvt;
    }
    else if (e.eventType === SessionEvtType.IO_EVT_TX) s.flags |= VclSessionFlag.TxEvt;
  }

  private byVppHandle (h: number): VclSession | undefined {
    const si = this.byHandle.get(h);
    return si === undefined ? undefined : this.sessions[si];
  }

  private fifo (segmentHandle: number, offset: number): SvmFifo {
    for (const w of this.client.workers.values()) if (w.setup.wrkIndex === segmentHandle) return w.segment.fifo(offset);
    return this.wrk.segment.fifo(offset);
  }

  private get (f: CtrlFieldName): number { return this.m.get(CtrlField[f]); }

  private handleCtrl (m: CtrlMsg): void {
    const T = SessionEvtType;
    switch (m.eventType) {
      case T.CTRL_EVT_BOUND: {
        const s = this.sessions[this.get('context')];
        if (s === undefined) { this.stats.unknownSession++; return; }
        s.vppHandle = this.get('handle');
        if (this.get('retval') !== 0) { s.state = VclState.Detached; s.vppError = this.get('retval'); return; }
        s.state = VclState.Listen;
        s.lclIp = this.get('lclIp') >>> 0;
        s.lclPort = this.get('lclPort');
        this.byHandle.set(s.vppHandle, s.index);
        return;
      }
      case T.CTRL_EVT_UNLISTEN_REPLY: {
        const s = this.byVppHandle(this.get('handle'));
        if (s !== undefined) this.sessionFree(s);
        return;
      }
      case T.CTRL_EVT_ACCEPTED: this.accepted(); return;
      case T.CTRL_EVT_CONNECTED: {
        const s = this.sessions[this.get('context')];
        if (s === undefined || (s.flags & VclSessionFlag.Connecting) === 0) { this.stats.unknownSession++; return; }
        s.flags &= ~VclSessionFlag.Connecting;
        if (this.get('retval') !== 0) {
          s.state = VclState.Detached;
          s.vppError = this.get('retval');
          if ((s.flags & VclSessionFlag.ClosedConnecting) !== 0) this.sessionFree(s);
          return;
        }
        s.vppHandle = this.get('handle');
        this.byHandle.set(s.vppHandle, s.index);
        s.vppThread = this.get('mqIndex');
        s.rx = this.fifo(this.get('segmentHandle'), this.get('serverRxFifo'));
        s.tx = this.fifo(this.get('segmentHandle'), this.get('serverTxFifo'));
        s.lclIp = this.get('lclIp') >>> 0;
        s.lclPort = this.get('lclPort');
        s.state = VclState.Ready;
        // closed before vpp answered: disconnect it now
        if ((s.flags & VclSessionFlag.ClosedConnecting) !== 0) this.close(s.index);
        return;
      }
      case T.CTRL_EVT_DISCONNECTED: {
        const s = this.byVppHandle(this.get('handle'));
        if (s === undefined || s.state === VclState.Closed) { this.stats.unknownSession++; return; }
        if (s.state !== VclState.Disconnect) s.state = VclState.VppClosing;
        s.flags |= VclSessionFlag.RdShutdown;
        return;
      }
      case T.CTRL_EVT_RESET: {
        const s = this.byVppHandle(this.get('handle'));
        if (s === undefined) { this.stats.unknownSession++; return; }
        if (s.state !== VclState.Closed) s.state = VclState.Disconnect;
        s.flags |= VclSessionFlag.RdShutdown | VclSessionFlag.WrShutdown;
        return;
      }
      case T.CTRL_EVT_CLEANUP: {
        const s = this.byVppHandle(this.get('handle'));
        if (s === undefined) { this.stats.unknownSession++; return; }
        if (this.get('type') === 0) {
          // transport gone first: confirm the close so vpp can finish
          if (s.state === VclState.VppClosing) { this.close(s.index); s.state = VclState.Updated; }
          return;
        }
        this.byHandle.delete(s.vppHandle);
        if (s.state !== VclState.Closed) { s.state = VclState.Detached; s.vppHandle = -1; return; }
        this.sessionFree(s);
        return;
      }
      case T.CTRL_EVT_WORKER_UPDATE_REPLY: {
        // this worker now owns the session (vcl_session_worker_update_reply_handler)
        const handle = this.get('handle');
        let s = this.byVppHandle(handle);
        if (s === undefined) {
          s = this.sessions[this.sessionCreate()] as VclSession;
          s.vppHandle = handle;
          this.byHandle.set(handle, s.index);
        }
        s.vppThread = sessionHandleThread(handle);
        s.rx = this.fifo(this.get('segmentHandle'), this.get('rxFifo'));
        s.tx = this.fifo(this.get('segmentHandle'), this.get('txFifo'));
        s.state = VclState.Ready;
        this.workerUpdates.push(s.index);
        return;
      }
      case T.CTRL_EVT_REQ_WORKER_UPDATE:
        // vpp asks this worker to claim the session: send WORKER_UPDATE from here
        this.requestSession(this.get('sessionHandle'), this.wrk.setup.wrkMapIndex);
        return;
      case T.CTRL_EVT_DISCONNECTED_REPLY:
        return;
      default:
        this.stats.malformed++;
    }
  }

  /** ACCEPTED: a READY session under its listener, and ACCEPTED_REPLY at once (as VCL does). */
  private accepted (): void {
    const ls = this.byVppHandle(this.get('listenerHandle'));
    const handle = this.get('handle');
    const thread = this.get('mqIndex');
    if (ls === undefined || ls.state !== VclState.Listen) {
      this.stats.unknownSession++;
      this.out.reset(SessionEvtType.CTRL_EVT_ACCEPTED_REPLY).set(CtrlField.context, this.get('context'))
        .set(CtrlField.handle, handle).set(CtrlField.retval, -19 /* SESSION_E_INVALID */).set(CtrlField.appSessionIndex, 0);
      this.sendCtrl(sessionHandleThread(handle));
      return;
    }
    const s = this.sessions[this.sessionCreate()] as VclSession;
    s.vppHandle = handle;
    s.vppThread = thread;
    s.rx = this.fifo(this.get('segmentHandle'), this.get('serverRxFifo'));
    s.tx = this.fifo(this.get('segmentHandle'), this.get('serverTxFifo'));
    s.lclIp = this.get('lclIp') >>> 0; s.lclPort = this.get('lclPort');
    s.rmtIp = this.get('rmtIp') >>> 0; s.rmtPort = this.get('rmtPort');
    s.listener = ls.index;
    s.state = VclState.Ready;
    this.byHandle.set(handle, s.index);
    ls.accepted.push(s.index);
    this.out.reset(SessionEvtType.CTRL_EVT_ACCEPTED_REPLY).set(CtrlField.context, this.get('context'))
      .set(CtrlField.handle, handle).set(CtrlField.retval, 0).set(CtrlField.appSessionIndex, s.index);
    this.sendCtrl(thread);
  }

  // ------------------------------------------------------------------ waiting

  /**
   * Waits until vpp's event queue has something or `timeoutNs` passes (sleeping on the queue's
   * eventfd, or polling), then handles every event. Returns the events handled.
   */
  * waitEvents (timeoutNs: number): Generator<AppWait, number, void> {
    const mq = this.wrk.evtQ;
    if (!this.flushPending() && mq.isEmpty()) {
      // vpp's mq is full: give vpp a moment, then retry
      this.waits++;
      yield this.waitBuf.set([], Math.min(timeoutNs, 10_000));
      return this.handleEvents();
    }
    if (mq.isEmpty()) {
      const efd = this.wrk.evtQEfd;
      this.waits++;
      if (this.poll || efd === null) yield this.waitBuf.set([], Math.min(timeoutNs, this.pollIntervalNs));
      else yield this.waitBuf.set([efd], timeoutNs);
    }
    this.wrk.evtQEfd?.read();
    return this.handleEvents();
  }

  /**
   * {@link waitEvents}, then a zero wait if it did not yield (events kept coming): a loop that
   * only ever waits here still gives its thread a step end, where the run's stop is seen.
   */
  * waitEventsOrYield (timeoutNs: number): Generator<AppWait, number, void> {
    const waits = this.waits;
    const n = yield * this.waitEvents(timeoutNs);
    if (this.waits === waits) yield this.waitBuf.set([], 0);
    return n;
  }

  /**
   * Handles events until `done()` holds or `timeoutNs` passes (`now` reads the app's clock).
   * Returns whether `done()` held.
   */
  * waitFor (done: () => boolean, timeoutNs: number, now: () => number): Generator<AppWait, boolean, void> {
    const end = now() + timeoutNs;
    this.handleEvents();
    while (!done()) {
      const left = end - now();
      if (left <= 0) return false;
      yield * this.waitEvents(left);
    }
    return true;
  }
}
