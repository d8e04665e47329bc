// src/session/app-rx-mqs.ts: private app rx mqs on the vpp side: per thread, the circular list of
// rx mqs pending service, the eventfd read-ready callback, and adding/removing an app's mq on a
// thread. Models: src/vnet/session/application.c (appsl_pending_rx_mqs_add_tail/_del,
// app_rx_mq_fd_read_ready, app_rx_mqs_epoll_add/_del), application.h app_rx_mq_elt_t.
//
// Thread-local: each vlib thread owns its pending list and its mq views. Main adds and removes
// an app's mqs on other threads through the mailbox (VPP does it directly, under the barrier).

import { defineElogType } from '../../graph/elog.js';
import { ClibFile } from '../../graph/file-poll.js';
import { defineMailboxHandler, type MailboxMsg } from '../../graph/mailbox.js';
import { loggedFdNotifier, type VlibMain } from '../../graph/main-loop.js';
import type { NodeIndex } from '../../graph/node.js';
import type { SvmEventfd } from '../svm/eventfd.js';
import type { SvmMsgQ } from '../svm/message-queue.js';
import { SvmSegment } from '../svm/segment.js';
import { kSessionMain } from './session-main.js';

/** `app_rx_mq_flags_t`. */
export const RxMqFlag = { Pending: 1 << 0, Postponed: 1 << 1 } as const;

/** One app's rx mq on one vpp thread. Models: application.h app_rx_mq_elt_t. */
export class AppRxMqElt {
  next: AppRxMqElt | null = null;
  prev: AppRxMqElt | null = null;
  flags = 0;
  file: ClibFile | null = null;
  /** The eventfd the app writes when the mq goes from empty to non-empty. */
  readonly efd: SvmEventfd;

  constructor (readonly appIndex: number, readonly threadIndex: number, readonly mq: SvmMsgQ) {
    const efd = mq.eventfd;
    if (efd === null) throw new RangeError(`app ${appIndex} rx mq ${threadIndex} has no eventfd`);
    this.efd = efd;
  }
}

/**
 * One thread's private rx mq state: the circular pending list, whose head pointer is its first
 * element, and the mqs by app. Models: application.h appsl_wrk_t (`pending_rx_mqs`).
 */
export class AppslWrk {
  /** First pending element, or null (`pending_rx_mqs`). */
  pending: AppRxMqElt | null = null;
  /** Pending elements. */
  nPending = 0;
  /** This thread's rx mq of each app, by app index. */
  readonly byApp = new Map<number, AppRxMqElt>();
  /** `read` calls that found the eventfd at 0: VPP's blocking read would block the thread there. */
  readsThatWouldBlock = 0;

  /** `appsl_pending_rx_mqs_add_tail`. */
  addTail (elt: AppRxMqElt): void {
    this.nPending++;
    const head = this.pending;
    if (head === null) {
      elt.next = elt.prev = elt;
      this.pending = elt;
      return;
    }
    const last = head.prev as AppRxMqElt;
    elt.prev = last;
    elt.next = head;
    last.next = elt;
    head.prev = elt;
  }

  /** `appsl_pending_rx_mqs_del`: deleting the head moves the head to the next element. */
  del (elt: AppRxMqElt): void {
    this.nPending--;
    if (elt.next === elt) {
      elt.next = elt.prev = null;
      this.pending = null;
      return;
    }
    if (elt === this.pending) this.pending = elt.next;
    (elt.next as AppRxMqElt).prev = elt.prev;
    (elt.prev as AppRxMqElt).next = elt.next;
    elt.next = elt.prev = null;
  }

  /** App indices of the pending list, head first (for tests and the event log). */
  pendingApps (): number[] {
    const out: number[] = [];
    let e = this.pending;
    if (e === null) return out;
    do { out.push(e.appIndex); e = e.next as AppRxMqElt; } while (e !== this.pending);
    return out;
  }
}

/** Event log: a = app index, b = 1 if the mq was queued, 0 if ignored (pending or empty). */
export const ElogRxMqReadReady = defineElogType('app-rx-mq-read-ready', (_n, a, b, c) =>
  b !== 0 ? `app-${a}-rx-mq readable: pending (list ${c})` : `app-${a}-rx-mq readable: ignored (${c === 1 ? 'already pending' : 'mq empty'})`);

/**
 * The eventfd read-ready callback: queue the mq on the pending list and raise
 * `appsl-rx-mqs-input`, unless it is already pending or its mq is empty; in those cases return
 * WITHOUT reading the eventfd, so epoll (level-triggered) keeps reporting it.
 * Models: application.c app_rx_mq_fd_read_ready.
 */
export function appRxMqFdReadReady (vm: VlibMain, aw: AppslWrk, elt: AppRxMqElt, appslNode: NodeIndex): void {
  if ((elt.flags & RxMqFlag.Pending) !== 0 || elt.mq.isEmpty()) {
    vm.elog.add(vm.clock.now(), ElogRxMqReadReady, elt.appIndex, 0, (elt.flags & RxMqFlag.Pending) !== 0 ? 1 : 0);
    return;
  }
  aw.addTail(elt);
  elt.flags |= RxMqFlag.Pending;
  vm.elog.add(vm.clock.now(), ElogRxMqReadReady, elt.appIndex, 1, aw.nPending);
  vm.setInterruptPending(appslNode);
}

/** What main sends a thread to add an app's rx mq (`app_rx_mqs_epoll_add`). */
export interface RxMqAddMsg extends MailboxMsg {
  readonly kind: 'appsl-rx-mq-add';
  readonly appIndex: number;
  readonly segment: SharedArrayBuffer;
  readonly mqOffset: number;
}

/** What main sends a thread to remove an app's rx mq (`app_rx_mqs_epoll_del`). */
export interface RxMqDelMsg extends MailboxMsg {
  readonly kind: 'appsl-rx-mq-del';
  readonly appIndex: number;
}

/**
 * On the thread itself: attaches the app's rx mq for this thread and registers its eventfd on the
 * thread's file poll as `app-<a>-rx-mq-<t>`. Models: application.c app_rx_mqs_epoll_add.
 */
export function appRxMqsEpollAdd (vm: VlibMain, msg: RxMqAddMsg): void {
  const sm = vm.getData(kSessionMain);
  const aw = sm.am.appsl(vm.threadIndex);
  const seg = SvmSegment.attach(msg.segment);
  const mq = seg.msgQ(msg.mqOffset, { notifier: loggedFdNotifier(vm.shared, vm.waiter) });
  const elt = new AppRxMqElt(msg.appIndex, vm.threadIndex, mq);
  const appslNode = sm.nodes.appslRxMqsInput;
  elt.file = vm.files.add(new ClibFile(`app-${msg.appIndex}-rx-mq-${vm.threadIndex}`, elt.efd,
    (v) => appRxMqFdReadReady(v, aw, elt, appslNode), msg.appIndex));
  aw.byApp.set(msg.appIndex, elt);
}

/**
 * On the thread itself: drains what is left in the app's mq into this worker's lists, unlinks
 * it if pending, and removes its file. Models: application.c app_rx_mqs_epoll_del.
 */
export function appRxMqsEpollDel (vm: VlibMain, msg: RxMqDelMsg): void {
  const sm = vm.getData(kSessionMain);
  const aw = sm.am.appsl(vm.threadIndex);
  const elt = aw.byApp.get(msg.appIndex);
  if (elt === undefined) return;
  sm.worker(vm.threadIndex).handleMq(elt.mq);
  if ((elt.flags & RxMqFlag.Pending) !== 0) aw.del(elt);
  if (elt.file !== null) vm.files.del(elt.file);
  elt.efd.unregister();
  aw.byApp.delete(msg.appIndex);
}

defineMailboxHandler('appsl-rx-mq-add', (vm, msg) => appRxMqsEpollAdd(vm, msg as RxMqAddMsg));
defineMailboxHandler('appsl-rx-mq-del', (vm, msg) => appRxMqsEpollDel(vm, msg as RxMqDelMsg));
