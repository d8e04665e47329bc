// src/app/app-client.ts: the app's side of the session layer, what VCL is in VPP: attach over the
// socket API, the app worker's event queue (vpp → app) and the mqs to vpp (one per vpp thread:
// the app's private rx mqs, or the shared worker mqs), sending control and io events.
// Models: src/vcl/vppcom.c (vppcom_app_attach, vcl_worker_register_with_vpp) and
// src/vnet/session/application_interface.h (app_send_io_evt_to_vpp, app_send_ctrl_evt_to_vpp).

import type { SvmEventfd, FdNotifier } from '../svm/eventfd.js';
import type { SvmMsgQ } from '../svm/message-queue.js';
import { SapiEndpoint, type SapiEndpointInit } from '../svm/sapi-channel.js';
import { SvmSegment } from '../svm/segment.js';
import { type CtrlMsg, appSendCtrlEvtToVpp } from '../svm/ctrl-messages.js';
import { appSendIoEvtToVpp } from '../svm/session-event.js';
import type { AppOptions, AppWorkerSetup } from '../session/application.js';
import type { SapiAttachMsg, SapiAttachReplyMsg, SapiMsg } from '../session/sapi-messages.js';
import type { AppWait, AppWaitBuf } from './app-thread.js';

/** An app worker's view: its event queue and (if asked) the eventfd it sleeps on. */
export interface AppClientWorker {
  readonly setup: AppWorkerSetup;
  readonly segment: SvmSegment;
  /** Events from vpp (`app_evt_q`). */
  readonly evtQ: SvmMsgQ;
  /** The event queue's eventfd (`EVT_MQ_USE_EVENTFD`), registered to wake this thread. */
  readonly evtQEfd: SvmEventfd | null;
}

/** An app connected to vpp's socket API in one app thread. */
export class AppClient {
  readonly ep: SapiEndpoint;
  /** Set after a successful attach. */
  reply: SapiAttachReplyMsg | null = null;
  /** The mq to each vpp thread (index = vpp thread), after attach. */
  readonly vppMqs: SvmMsgQ[] = [];
  /** App workers this thread created, by worker map index. */
  readonly workers = new Map<number, AppClientWorker>();

  constructor (
    sapi: SapiEndpointInit,
    /** This app thread's slot: eventfds it sleeps on are registered to it. */
    readonly slot: number,
    /** How a write of ours wakes a vpp thread or a sleeping peer (the run's VlibFdNotifier). */
    readonly notifier: FdNotifier,
    private readonly waitBuf: AppWaitBuf,
  ) {
    this.ep = new SapiEndpoint(sapi, notifier);
  }

  /** vpp thread of control messages (1 with workers, else 0). */
  get ctrlThread (): number { return this.reply?.vppCtrlMqThread ?? 0; }

  /** Waits for the next socket API message. */
  private * recvSapi (): Generator<AppWait, SapiMsg, void> {
    for (;;) {
      const m = this.ep.recv();
      if (m !== undefined) return m as SapiMsg;
      yield this.waitBuf.set([this.ep], Infinity);
    }
  }

  /**
   * Attaches (`vppcom_app_attach`): sends ATTACH on the socket and waits for the reply; on
   * success maps the app worker's segment and event queue and the mqs to vpp. Returns the
   * reply (its retval is 0 or a SESSION_E_* code).
   */
  * attach (name: string, options: AppOptions, bapi?: { nsId: string; secret: number }): Generator<AppWait, SapiAttachReplyMsg, void> {
    const msg: SapiAttachMsg = bapi === undefined ? { type: 'attach', name, options } : { type: 'attach', name, options, nsId: bapi.nsId, secret: bapi.secret };
    this.ep.send(msg);
    for (;;) {
      const m = yield * this.recvSapi();
      if (m.type !== 'attach-reply') continue;
      if (m.retval === 0) {
        this.reply = m;
        const seg = SvmSegment.attach(m.rxMqsSegment as SharedArrayBuffer);
        for (const off of m.rxMqOffsets) this.vppMqs.push(seg.msgQ(off, { notifier: this.notifier }));
        if (m.wrk !== null) this.mapWorker(m.wrk);
      }
      return m;
    }
  }

  /** Adds an app worker for this thread (`vcl_worker_register_with_vpp`); null on failure. */
  * addWorker (): Generator<AppWait, AppClientWorker | null, void> {
    const appIndex = this.reply?.appIndex ?? -1;
    this.ep.send({ type: 'add-del-worker', appIndex, isAdd: true, wrkMapIndex: -1 });
    for (;;) {
      const m = yield * this.recvSapi();
      if (m.type !== 'add-del-worker-reply') continue;
      return m.retval === 0 && m.wrk !== null ? this.mapWorker(m.wrk) : null;
    }
  }

  /** Deletes app worker `wrkMapIndex`; returns the retval. */
  * delWorker (wrkMapIndex: number): Generator<AppWait, number, void> {
    this.ep.send({ type: 'add-del-worker', appIndex: this.reply?.appIndex ?? -1, isAdd: false, wrkMapIndex });
    for (;;) {
      const m = yield * this.recvSapi();
      if (m.type !== 'add-del-worker-reply') continue;
      if (m.retval === 0) this.workers.delete(wrkMapIndex);
      return m.retval;
    }
  }

  private mapWorker (w: AppWorkerSetup): AppClientWorker {
    const segment = SvmSegment.attach(w.segment);
    const evtQ = segment.msgQ(w.evtQOffset, { notifier: this.notifier });
    const evtQEfd = evtQ.eventfd;
    evtQEfd?.register(this.slot);
    const cw: AppClientWorker = { setup: w, segment, evtQ, evtQEfd };
    this.workers.set(w.wrkMapIndex, cw);
    return cw;
  }

  /**
   * Sends a control message to vpp thread `thread` (default: the ctrl thread), without blocking:
   * 0, −1 (lock), −2 (full). Models: app_alloc_ctrl_evt_to_vpp + app_send_ctrl_evt_to_vpp.
   */
  sendCtrl (m: CtrlMsg, thread = this.ctrlThread): number {
    return appSendCtrlEvtToVpp(this.vppMqs[thread] as SvmMsgQ, m, true);
  }

  /**
   * Sends an io event for `sessionIndex` to vpp thread `thread` without blocking: 0, −1, −2.
   * Call it for TX only when `svm_fifo_set_event` returned true; the stamp words (post time and
   * app tag, or 0) let vpp measure how long the event waited. Models: app_send_io_evt_to_vpp.
   */
  sendIo (thread: number, sessionIndex: number, evtType: number, stampLo = 0, stampHi = 0): number {
    return appSendIoEvtToVpp(this.vppMqs[thread] as SvmMsgQ, sessionIndex, evtType, true, Infinity, stampLo, stampHi);
  }

  /** Closes the socket: vpp detaches the app. */
  close (): void {
    this.ep.send({ type: 'close' });
  }
}
