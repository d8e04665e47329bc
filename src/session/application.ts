// src/session/application.ts: applications on the main thread: attach, app workers added and
// deleted, detach, and the private rx mqs of an app. Models: src/vnet/session/application.c
// (vnet_application_attach, application_alloc_and_init, application_alloc_worker_and_init,
// vnet_app_worker_add_del, application_free, app_rx_mqs_alloc, application_detach_process).
//
// The records live in main's realm (VPP: app_main pools, touched by main under the barrier).
// What vpp threads need of an app worker (its event queue, its segment) reaches them as an
// AppWorker view built from a mailbox message; an app's rx mqs likewise (app-rx-mqs.ts).

import { defineMailboxHandler, type MailboxMsg } from '../../graph/mailbox.js';
import { loggedFdNotifier, type VlibMain } from '../../graph/main-loop.js';
import { SvmMqLockKind, svmMsgQSizeToAlloc } from '../svm/message-queue-layout.js';
import { SvmSegment } from '../svm/segment.js';
import { SvmObjKind } from '../svm/segment-layout.js';
import { appEvtQCfg, appRxMqCfg, APP_EVT_Q_SIZE_DEFAULT } from '../svm/session-mq-cfg.js';
import type { RxMqAddMsg, RxMqDelMsg } from './app-rx-mqs.js';
import { AppWorker, type AppWorkerCfg, appWorkerSharedBytes } from './app-worker.js';
import { kSessionMain, type SessionMain } from './session-main.js';
import { broadcastListener } from './session-lookup.js';
import { SessionFlag } from './session-flags.js';
import { kSessAppWrk, kSessFlags, kSessState } from './session-table.js';
import { SessionE, SessionState } from './session-types.js';

/** Attach options, as VPP's `APP_OPTIONS_*` that matter here. */
export interface AppOptions {
  /** `APP_OPTIONS_EVT_QUEUE_SIZE`: app event queue length, messages (default 128). */
  readonly evtQSize?: number;
  /** `APP_OPTIONS_SEGMENT_SIZE`: first segment, bytes (default {@link APP_SEGMENT_SIZE_DEFAULT}); it holds the event queue and the fifos. */
  readonly segmentSize?: number;
  /** `APP_OPTIONS_FLAGS_EVT_MQ_USE_EVENTFD`: the app sleeps on an eventfd of its event queue. */
  readonly useMqEventfd?: boolean;
  /** `APP_OPTIONS_FLAGS_IS_BUILTIN`: runs inside vpp (no mqs, callbacks). */
  readonly isBuiltin?: boolean;
  /** `APP_OPTIONS_RX_FIFO_SIZE`, bytes, a power of two (default {@link APP_FIFO_SIZE_DEFAULT}). */
  readonly rxFifoSize?: number;
  /** `APP_OPTIONS_TX_FIFO_SIZE`, bytes (default {@link APP_FIFO_SIZE_DEFAULT}). */
  readonly txFifoSize?: number;
  /** Builtin apps: the name their callbacks are registered under (default: the app name). */
  readonly builtinName?: string;
}

/**
 * First segment bytes when the app does not say (segment_manager_props_init: 1 MiB). VCL asks
 * 256 MiB and the builtin echo apps 256–512 MiB; a SharedArrayBuffer's pages are only touched
 * as fifos are used. vppsim gives an app worker one segment (VPP adds more as it fills).
 */
export const APP_SEGMENT_SIZE_DEFAULT = 1 << 20;

/** Fifo bytes when the app does not say (segment_manager_props_init: 4 KiB). */
export const APP_FIFO_SIZE_DEFAULT = 4 << 10;

/** One application (main's record). Models: application.h application_t. */
export interface Application {
  readonly index: number;
  readonly name: string;
  /** The API client that attached it (the socket API connection); −1 for builtin apps. */
  readonly apiClient: number;
  readonly nsIndex: number;
  readonly isBuiltin: boolean;
  readonly useMqEventfd: boolean;
  readonly evtQSize: number;
  readonly segmentSize: number;
  readonly rxFifoSize: number;
  readonly txFifoSize: number;
  /** Builtin apps: their callbacks' name; null for external apps. */
  readonly builtinName: string | null;
  /** Private rx mqs: the segment and each vpp thread's mq offset; null without them. */
  readonly rxMqs: { readonly segment: SvmSegment; readonly offsets: readonly number[] } | null;
  /** Worker map index → global app worker index (`worker_maps`). */
  readonly workerMaps: Map<number, number>;
  /** Next worker map index. */
  nextWrkMap: number;
}

/** What an attach or a worker add gives an app worker (sent to the app in the reply). */
export interface AppWorkerSetup {
  readonly wrkIndex: number;
  readonly wrkMapIndex: number;
  /** The worker's first segment: its event queue is there. */
  readonly segment: SharedArrayBuffer;
  readonly segmentName: string;
  readonly evtQOffset: number;
}

/** What vnet_application_attach returns. */
export interface AttachResult {
  /** 0 or a SESSION_E_* code. */
  readonly retval: number;
  readonly appIndex: number;
  readonly wrk: AppWorkerSetup | null;
  /** Where the app posts to vpp: its private rx mqs segment, or the shared worker mqs segment. */
  readonly rxMqsSegment: SharedArrayBuffer | null;
  /** Each vpp thread's mq offset in that segment. */
  readonly rxMqOffsets: readonly number[];
  /** The vpp thread of control messages: 1 with workers, else 0 (`vpp_ctrl_mq`). */
  readonly vppCtrlMqThread: number;
}

/** Mailbox: build a view of a new app worker on a vpp thread. */
interface AppWrkAddMsg extends MailboxMsg {
  readonly kind: 'app-wrk-add';
  readonly wrkIndex: number;
  readonly appIndex: number;
  readonly wrkMapIndex: number;
  readonly isBuiltin: boolean;
  readonly segment: SharedArrayBuffer;
  readonly evtQOffset: number;
  readonly sharedOffset: number;
  /** Fifo sizes, builtin callbacks, namespace: what the worker's sessions get. */
  readonly cfg: AppWorkerCfg;
}

/** Mailbox: forget an app worker (its events are dropped, as app_worker_del_all_events does). */
interface AppWrkDelMsg extends MailboxMsg {
  readonly kind: 'app-wrk-del';
  readonly wrkIndex: number;
}

/** Posts `msg` to every vlib thread (main directly). */
function broadcast (vm: VlibMain, n: number, msg: MailboxMsg): void {
  for (let t = 0; t < n; t++) vm.postMailbox(t, msg);
}

/**
 * Attaches an app (main thread). Already attached for this API client → SESSION_E_APP_ATTACHED.
 * Allocates the app, its first worker (segment with the event queue), and, for non-builtin apps
 * with `use-private-rx-mqs`, one rx mq with an eventfd per vpp thread, each registered on its
 * thread's file poll. The namespace was validated by the caller (socket API: the socket's).
 * Models: application.c vnet_application_attach.
 */
export function vnetApplicationAttach (vm: VlibMain, sm: SessionMain, name: string, apiClientIndex: number, nsIndex: number, o: AppOptions): AttachResult {
  const am = sm.am;
  const fail = (retval: number): AttachResult => ({ retval, appIndex: -1, wrk: null, rxMqsSegment: null, rxMqOffsets: [], vppCtrlMqThread: 0 });
  const isBuiltin = o.isBuiltin ?? false;
  // builtin apps have no API client: they are unique by name (application_lookup_name)
  if (apiClientIndex >= 0 ? am.apiClients.has(apiClientIndex) : am.apps.some((a) => a !== undefined && a.isBuiltin && a.name === name)) {
    return fail(SessionE.APP_ATTACHED);
  }
  const rxFifoSize = o.rxFifoSize ?? APP_FIFO_SIZE_DEFAULT;
  const txFifoSize = o.txFifoSize ?? APP_FIFO_SIZE_DEFAULT;
  for (const sz of [rxFifoSize, txFifoSize]) if (sz < 16 || (sz & (sz - 1)) !== 0) return fail(SessionE.INVALID);
  const evtQSize = o.evtQSize ?? APP_EVT_Q_SIZE_DEFAULT;
  const index = am.apps.length;
  let rxMqs: Application['rxMqs'] = null;
  const n = sm.cfg.nThreads;
  if (!isBuiltin && sm.cfg.usePrivateRxMqs) {
    const cfg = appRxMqCfg(evtQSize);
    // VPP: size_to_alloc × n_mqs + 1 MiB, named "<app>-rx-mqs-seg"
    const seg = SvmSegment.create(`${name}-rx-mqs-seg`, svmMsgQSizeToAlloc(cfg) * n + n * 128 + (1 << 20));
    const offsets: number[] = [];
    for (let t = 0; t < n; t++) {
      const off = seg.allocMsgQ(cfg, { eventfd: true, lockKind: SvmMqLockKind.Shared });
      offsets.push(off);
      seg.msgQ(off).eventfd?.register(t); // the fd is polled by vpp thread t
    }
    rxMqs = { segment: seg, offsets };
  }
  const app: Application = {
    index, name, apiClient: apiClientIndex, nsIndex, isBuiltin, useMqEventfd: o.useMqEventfd ?? false, evtQSize,
    segmentSize: o.segmentSize ?? APP_SEGMENT_SIZE_DEFAULT, rxFifoSize, txFifoSize,
    builtinName: isBuiltin ? (o.builtinName ?? name) : null, rxMqs, workerMaps: new Map(), nextWrkMap: 0,
  };
  am.apps.push(app);
  if (apiClientIndex >= 0) am.apiClients.set(apiClientIndex, index);
  const wrk = appWorkerAlloc(vm, sm, app);
  if (rxMqs !== null) {
    for (let t = 0; t < n; t++) {
      const m: RxMqAddMsg = { kind: 'appsl-rx-mq-add', appIndex: index, segment: rxMqs.segment.sab, mqOffset: rxMqs.offsets[t] as number };
      vm.postMailbox(t, m);
    }
  }
  return {
    retval: 0,
    appIndex: index,
    wrk,
    rxMqsSegment: rxMqs !== null ? rxMqs.segment.sab : sm.wrkMqsSegment.sab,
    rxMqOffsets: rxMqs !== null ? rxMqs.offsets : sm.workers.map((w) => w.mq.byteOffset),
    vppCtrlMqThread: sm.nWorkers > 0 ? 1 : 0,
  };
}

/**
 * Allocates an app worker of `app`: its segment, event queue (with an eventfd if the app asked,
 * shared lock: every vpp thread posts to it) and shared block, and tells every vpp thread.
 * Models: application.c application_alloc_worker_and_init, segment_manager_alloc_queue.
 */
function appWorkerAlloc (vm: VlibMain, sm: SessionMain, app: Application): AppWorkerSetup {
  const am = sm.am;
  const wrkIndex = am.nextAppWrkIndex++;
  const wrkMapIndex = app.nextWrkMap++;
  const segmentName = `${app.name}-wrk-${wrkMapIndex}-segment`;
  const n = sm.cfg.nThreads;
  const seg = SvmSegment.create(segmentName, app.segmentSize);
  const evtQOffset = app.isBuiltin ? -1 : seg.allocMsgQ(appEvtQCfg(app.evtQSize), { eventfd: app.useMqEventfd, lockKind: SvmMqLockKind.Shared });
  const sharedOffset = seg.alloc(SvmObjKind.Raw, appWorkerSharedBytes(n));
  app.workerMaps.set(wrkMapIndex, wrkIndex);
  const ns = am.namespaces.get(app.nsIndex);
  const msg: AppWrkAddMsg = {
    kind: 'app-wrk-add', wrkIndex, appIndex: app.index, wrkMapIndex, isBuiltin: app.isBuiltin, segment: seg.sab, evtQOffset, sharedOffset,
    cfg: {
      rxFifoSize: app.rxFifoSize, txFifoSize: app.txFifoSize, builtinName: app.builtinName,
      fibIndex: ns?.fibIndex ?? 0, nsSwIfIndex: ns?.swIfIndex ?? -1, apiClient: app.apiClient,
    },
  };
  broadcast(vm, n, msg);
  return { wrkIndex, wrkMapIndex, segment: seg.sab, segmentName, evtQOffset };
}

/**
 * Adds (`isAdd`) or deletes an app worker (main thread). Deleting the last worker frees the
 * app. Returns the new worker, or a SESSION_E_* code (INVALID for an unknown app or worker).
 * Models: application.c vnet_app_worker_add_del.
 */
export function vnetAppWorkerAddDel (vm: VlibMain, sm: SessionMain, appIndex: number, isAdd: boolean, wrkMapIndex = -1): AppWorkerSetup | number {
  const app = sm.am.apps[appIndex];
  if (app === undefined) return SessionE.INVALID;
  if (isAdd) return appWorkerAlloc(vm, sm, app);
  const wrkIndex = app.workerMaps.get(wrkMapIndex);
  if (wrkIndex === undefined) return SessionE.INVALID;
  vm.barrierSync();
  appWorkerFree(vm, sm, wrkIndex);
  app.workerMaps.delete(wrkMapIndex);
  if (app.workerMaps.size === 0) applicationFree(vm, sm, app);
  vm.barrierRelease();
  return 0;
}

/**
 * Frees an app worker (main, barrier held): its listeners go (unlistened, or the worker leaves
 * a listener other workers share), then every thread closes the worker's sessions, without
 * notifying it, and forgets its events. Models: application_worker.c app_worker_free,
 * segment_manager.c segment_manager_del_sessions.
 */
function appWorkerFree (vm: VlibMain, sm: SessionMain, wrkIndex: number): void {
  for (const [handle, l] of [...sm.lookup.allListeners()]) {
    if (!l.workers.includes(wrkIndex)) continue;
    if (l.workers.length === 1) sm.ops.unlisten(vm, l.appIndex, handle);
    else broadcastListener(vm, true, l.ep, handle, { ...l, workers: l.workers.filter((w) => w !== wrkIndex) });
  }
  const msg: AppWrkDelMsg = { kind: 'app-wrk-del', wrkIndex };
  broadcast(vm, sm.cfg.nThreads, msg);
}

/**
 * Frees an app: its workers, then its rx mqs on every thread (each drained into its worker's
 * lists first, so nothing the app sent is lost). Models: application.c application_free.
 */
function applicationFree (vm: VlibMain, sm: SessionMain, app: Application): void {
  for (const wrkIndex of app.workerMaps.values()) appWorkerFree(vm, sm, wrkIndex);
  app.workerMaps.clear();
  if (app.rxMqs !== null) {
    for (let t = 0; t < sm.cfg.nThreads; t++) {
      const m: RxMqDelMsg = { kind: 'appsl-rx-mq-del', appIndex: app.index };
      vm.postMailbox(t, m);
    }
  }
  for (const [client, idx] of sm.am.apiClients) if (idx === app.index) sm.am.apiClients.delete(client);
  sm.am.apps[app.index] = undefined;
}

/**
 * Detaches an app (main thread, under the barrier as VPP's callers hold it): frees it.
 * Returns 0 or SESSION_E_NOAPP. Models: application.c vnet_application_detach.
 */
export function vnetApplicationDetach (vm: VlibMain, sm: SessionMain, appIndex: number): number {
  const app = sm.am.apps[appIndex];
  if (app === undefined) return SessionE.NOAPP;
  vm.barrierSync();
  applicationFree(vm, sm, app);
  vm.barrierRelease();
  return 0;
}

defineMailboxHandler('app-wrk-add', (vm, m) => {
  const msg = m as AppWrkAddMsg;
  const sm = vm.getData(kSessionMain);
  if (sm.am.appWrks[msg.wrkIndex] !== undefined) return; // another thread of this realm built it
  const seg = SvmSegment.attach(msg.segment);
  const evtQ = msg.evtQOffset < 0 ? null : seg.msgQ(msg.evtQOffset, { notifier: loggedFdNotifier(vm.shared, vm.waiter) });
  sm.am.appWrks[msg.wrkIndex] = new AppWorker(msg.wrkIndex, msg.appIndex, msg.wrkMapIndex, msg.isBuiltin, seg, evtQ, msg.sharedOffset, sm.cfg.nThreads, msg.cfg);
});

defineMailboxHandler('app-wrk-del', (vm, m) => {
  const msg = m as AppWrkDelMsg;
  const sm = vm.getData(kSessionMain);
  // its sessions on this thread close, and no longer tell it anything (segment_manager_del_sessions);
  // in a realm that serves several threads each thread's handler closes its own
  const t = vm.threadIndex;
  const tab = sm.sessions[t];
  if (tab !== undefined) {
    for (const si of tab.indices()) {
      if (tab.get(si, kSessAppWrk) !== msg.wrkIndex) continue;
      const st = tab.get(si, kSessState);
      if (st === SessionState.LISTENING || (tab.get(si, kSessFlags) & SessionFlag.HALF_OPEN) !== 0) continue;
      tab.set(si, kSessAppWrk, -1);
      sm.ops.sessionClose(vm, t, si);
    }
  }
  const aw = sm.am.appWrks[msg.wrkIndex];
  if (aw === undefined) return;
  // app_worker_del_all_events: this thread's events for it go, and its pending bit
  const f = aw.wrkEvts[vm.threadIndex];
  if (f !== undefined) while (f.n > 0) { aw.countDropped(1); f.advance(); }
  sm.am.pendingNtf(vm.threadIndex).clear(msg.wrkIndex);
  if (aw.wrkEvts.every((q) => q.n === 0)) sm.am.appWrks[msg.wrkIndex] = undefined;
});
