// src/session/app-worker.ts: an app worker as every vpp thread sees it: its event queue (vpp → app
// mq, in the app's segment), its congestion flags, and one event fifo per vpp thread that
// session-input flushes into the mq. Models: src/vnet/session/application.h app_worker_t,
// application_worker.c (app_worker_add_event[_custom], app_worker_set/unset_mq_wrk_congested),
// session_input.c (app_worker_flush_events_inline, mq_try_lock).

import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeIndex } from '../../graph/node.js';
import { SvmFifo } from '../svm/fifo.js';
import { svmFifoSizeToAlloc } from '../svm/fifo-layout.js';
import type { SvmMsgQ } from '../svm/message-queue.js';
import type { SvmSegment } from '../svm/segment.js';
import { SvmObjKind } from '../svm/segment-layout.js';
import {
  SESSION_MQ_CTRL_EVT_RING, SESSION_MQ_IO_EVT_RING, sessionEvtEncode, sessionEvtIsCtrl,
} from '../svm/session-event.js';
import { SESSION_INPUT_MAX_EVTS_PER_APP_WRK } from './session-types.js';

/** Words of the app worker's shared block (in its segment). */
export const kAwMqCongested = 0;       /**< `mq_congested`: threads that found the mq congested */
export const kAwEvtsDelivered = 1;     /**< events written into the app mq */
export const kAwEvtsDropped = 2;       /**< events with no way to reach the app (session gone, no deliver function) */
export const kAwEvtsSkipped = 3;       /**< events that needed no message (the app already knew) */
export const kAwWrkMqCongested = 4;    /**< `wrk_mq_congested[thread]` from here, one word each */

/** Shared block size in bytes for `nThreads` vpp threads. */
export const appWorkerSharedBytes = (nThreads: number): number => (kAwWrkMqCongested + nThreads) * 4;

/** Tries of the app mq lock per flush (`mq_try_lock`: 100 × try_lock with usleep (1)). */
export const APP_MQ_LOCK_TRIES = 100;

/** Words per queued event: type, w0..w3. */
const kEvtWords = 5;

/**
 * A per-thread fifo of events for one app worker (`app_wrk->wrk_evts[thread]`, a clib_fifo).
 * Grows by doubling when full (rare; VPP's grows too); never allocates otherwise.
 */
export class AppWrkEvtFifo {
  private buf = new Int32Array(64 * kEvtWords);
  private cap = 64;
  private head = 0;
  /** Events queued. */
  n = 0;

  /** Appends an event; returns the count after. */
  push (type: number, w0: number, w1: number, w2: number, w3: number): number {
    if (this.n === this.cap) this.grow();
    const i = ((this.head + this.n) % this.cap) * kEvtWords;
    const b = this.buf;
    b[i] = type; b[i + 1] = w0; b[i + 2] = w1; b[i + 3] = w2; b[i + 4] = w3;
    return ++this.n;
  }

  /** Field `k` (0 type, 1..4 words) of the head event. */
  headField (k: number): number { return this.buf[this.head * kEvtWords + k] as number; }

  /** Drops the head event (`clib_fifo_advance_head`). */
  advance (): void {
    this.head = (this.head + 1) % this.cap;
    this.n--;
  }

  private grow (): void {
    const cap = this.cap * 2;
    const b = new Int32Array(cap * kEvtWords);
    for (let k = 0; k < this.n; k++) {
      const from = ((this.head + k) % this.cap) * kEvtWords;
      b.set(this.buf.subarray(from, from + kEvtWords), k * kEvtWords);
    }
    this.buf = b;
    this.cap = cap;
    this.head = 0;
  }
}

/** What became of an event session-input took for an app worker. */
export const AppEvtResult = {
  /** Written into the app's mq, or the builtin app's callback ran. */
  Delivered: 0,
  /** Nothing to send: the app knows already (an RX with the fifo's event set, its own close). */
  Skipped: 1,
  /** The session (or the app's mq) is gone. */
  NoSession: 2,
} as const;

/**
 * Delivers one event to an external app's mq (the `builtin_app_*_callback` of external apps,
 * `mq_send_*`), with the mq locked and room checked; or to a builtin app's callbacks. Returns
 * an {@link AppEvtResult}.
 */
export type AppEvtDeliverFn = (vm: VlibMain, aw: AppWorker, type: number, w0: number, w1: number, w2: number, w3: number) => number;

/** What an app worker's sessions get: fifo sizes, and the builtin app's callbacks. */
export interface AppWorkerCfg {
  /** rx fifo bytes of each session (`APP_OPTIONS_RX_FIFO_SIZE`), a power of two. */
  readonly rxFifoSize: number;
  /** tx fifo bytes (`APP_OPTIONS_TX_FIFO_SIZE`). */
  readonly txFifoSize: number;
  /** Name a builtin app's callbacks are registered under (app-notify.ts defineBuiltinApp); null for external apps. */
  readonly builtinName: string | null;
  /** The app's namespace: its table (FIB index) and interface (-1: none), for connects. */
  readonly fibIndex: number;
  readonly nsSwIfIndex: number;
  /** The app's API client (−1: builtin). */
  readonly apiClient: number;
}

/** One app worker, viewed from one realm. Models: application.h app_worker_t. */
export class AppWorker {
  /** Events waiting for session-input, one fifo per vpp thread (`wrk_evts`). */
  readonly wrkEvts: AppWrkEvtFifo[];
  private readonly i32: Int32Array;
  private readonly sb: number;
  /** rx fifo bytes of each session. */
  get rxFifoSize (): number { return this.cfg.rxFifoSize; }
  /** tx fifo bytes. */
  get txFifoSize (): number { return this.cfg.txFifoSize; }
  /** The builtin app's callbacks' name, or null. */
  get builtinName (): string | null { return this.cfg.builtinName; }
  /** The app's namespace table. */
  get fibIndex (): number { return this.cfg.fibIndex; }
  /** The app's namespace interface, −1 none. */
  get nsSwIfIndex (): number { return this.cfg.nsSwIfIndex; }
  /** The app's API client, −1 builtin. */
  get apiClient (): number { return this.cfg.apiClient; }
  /** Freed fifos per vpp thread, by size (the segment's per-thread slices' free lists). */
  private readonly freeFifos: Map<number, number[]>[];

  constructor (
    /** `wrk_index`: global app worker index. */
    readonly wrkIndex: number,
    readonly appIndex: number,
    /** `wrk_map_index`: the worker's index within its app. */
    readonly wrkMapIndex: number,
    readonly isBuiltin: boolean,
    /** The app worker's first segment (its event queue and shared block live there). */
    readonly segment: SvmSegment,
    /** `event_queue` (vpp → app), null for builtin apps. */
    readonly evtQ: SvmMsgQ | null,
    /** Byte offset of the shared block in the segment. */
    sharedOffset: number,
    nThreads: number,
    /** Fifo sizes, builtin callbacks, namespace. */
    readonly cfg: AppWorkerCfg,
  ) {
    this.wrkEvts = Array.from({ length: nThreads }, () => new AppWrkEvtFifo());
    this.i32 = segment.i32;
    this.sb = sharedOffset >> 2;
    this.freeFifos = Array.from({ length: nThreads }, () => new Map<number, number[]>());
  }

  /**
   * An empty fifo of `size` bytes for a session of vpp thread `t`: one that thread freed before,
   * else new space in the segment. Returns its byte offset, or −1 when the segment is full
   * (SESSION_E_SEG_NO_SPACE). Models: fifo_segment.c fifo_segment_alloc_fifo_w_slice.
   */
  allocFifo (t: number, size: number): number {
    const list = this.freeFifos[t]?.get(size);
    let off = list !== undefined && list.length > 0 ? list.pop() as number : -1;
    if (off < 0) off = this.segment.tryAlloc(SvmObjKind.Fifo, svmFifoSizeToAlloc(size));
    if (off >= 0) SvmFifo.init(this.segment.sab, off, size);
    return off;
  }

  /** Returns a fifo to thread `t`'s free list (`fifo_segment_free_fifo`). */
  freeFifo (t: number, f: SvmFifo): void {
    const m = this.freeFifos[t] as Map<number, number[]>;
    let list = m.get(f.size);
    if (list === undefined) { list = []; m.set(f.size, list); }
    list.push(f.byteOffset);
  }

  /** `app_worker_mq_is_congested`. */
  mqIsCongested (): boolean { return Atomics.load(this.i32, this.sb + kAwMqCongested) > 0; }

  /** `app_worker_set_mq_wrk_congested`. */
  setMqWrkCongested (t: number): void {
    if (Atomics.load(this.i32, this.sb + kAwWrkMqCongested + t) === 0) {
      Atomics.add(this.i32, this.sb + kAwMqCongested, 1);
      Atomics.store(this.i32, this.sb + kAwWrkMqCongested + t, 1);
    }
  }

  /** `app_worker_unset_wrk_mq_congested`. */
  unsetMqWrkCongested (t: number): void {
    Atomics.sub(this.i32, this.sb + kAwMqCongested, 1);
    Atomics.store(this.i32, this.sb + kAwWrkMqCongested + t, 0);
  }

  /** Thread `t` found the mq congested and has not cleared it. */
  isWrkMqCongested (t: number): boolean { return Atomics.load(this.i32, this.sb + kAwWrkMqCongested + t) !== 0; }

  /** Events written into the app mq so far, all threads. */
  get evtsDelivered (): number { return Atomics.load(this.i32, this.sb + kAwEvtsDelivered) >>> 0; }
  /** Counts `n` delivered events. */
  countDelivered (n: number): void { Atomics.add(this.i32, this.sb + kAwEvtsDelivered, n); }
  /** Events dropped because nothing could deliver them, all threads. */
  get evtsDropped (): number { return Atomics.load(this.i32, this.sb + kAwEvtsDropped) >>> 0; }
  /** Counts `n` dropped events. */
  countDropped (n: number): void { Atomics.add(this.i32, this.sb + kAwEvtsDropped, n); }
  /** Events that needed no message, all threads. */
  get evtsSkipped (): number { return Atomics.load(this.i32, this.sb + kAwEvtsSkipped) >>> 0; }
  /** Counts `n` skipped events. */
  countSkipped (n: number): void { Atomics.add(this.i32, this.sb + kAwEvtsSkipped, n); }
}

/**
 * Queues an event for an app worker on the calling thread; the first event for that app worker
 * marks it in the thread's pending bitmap and, if the bitmap was empty, raises session-input.
 * Independent of the worker's scheduling state. Models: application_worker.c
 * app_worker_add_event_custom, session.c session_wrk_program_app_wrk_evts.
 */
export function appWorkerAddEvent (vm: VlibMain, pending: AppWrksPendingNtf, aw: AppWorker, sessionInput: NodeIndex,
  type: number, w0: number, w1 = 0, w2 = 0, w3 = 0): void {
  const f = aw.wrkEvts[vm.threadIndex] as AppWrkEvtFifo;
  if (f.push(type, w0, w1, w2, w3) === 1) {
    const needInterrupt = pending.isZero();
    pending.set(aw.wrkIndex);
    if (needInterrupt) vm.setInterruptPending(sessionInput);
  }
}

/** A thread's `app_wrks_pending_ntf` bitmap of app worker indices. Thread-local. */
export class AppWrksPendingNtf {
  private words = new Int32Array(4);
  private nSet = 0;

  isZero (): boolean { return this.nSet === 0; }

  set (i: number): void {
    const w = i >> 5;
    if (w >= this.words.length) {
      const g = new Int32Array(Math.max(w + 1, this.words.length * 2));
      g.set(this.words);
      this.words = g;
    }
    const bit = 1 << (i & 31);
    if (((this.words[w] as number) & bit) === 0) { this.words[w] = (this.words[w] as number) | bit; this.nSet++; }
  }

  clear (i: number): void {
    const w = i >> 5;
    const bit = 1 << (i & 31);
    if (w < this.words.length && ((this.words[w] as number) & bit) !== 0) { this.words[w] = (this.words[w] as number) & ~bit; this.nSet--; }
  }

  /** Lowest set index ≥ `from`, or -1 (`clib_bitmap_next_set`). */
  nextSet (from: number): number {
    for (let w = from >> 5; w < this.words.length; w++) {
      let v = this.words[w] as number;
      if (w === from >> 5) v &= ~((1 << (from & 31)) - 1);
      if (v !== 0) return (w << 5) + (31 - Math.clz32(v & -v));
    }
    return -1;
  }
}

/**
 * Flushes up to 128 of an app worker's events on thread `t` into its mq. An external app's mq is
 * try-locked (100 tries); a failed lock or a full ring marks the app worker congested on this
 * thread and stops the flush; a flush that delivers all it meant to clears a congestion seen at
 * its start. Builtin apps get their callbacks directly. Returns the events delivered (the others
 * are counted as skipped or dropped, see AppEvtResult).
 * Models: session_input.c app_worker_flush_events_inline.
 */
export function appWorkerFlushEvents (vm: VlibMain, aw: AppWorker, deliver: readonly (AppEvtDeliverFn | undefined)[]): number {
  const t = vm.threadIndex;
  const f = aw.wrkEvts[t] as AppWrkEvtFifo;
  const nEvts = Math.min(SESSION_INPUT_MAX_EVTS_PER_APP_WRK, f.n);
  const mq = aw.evtQ;
  let mqIsCong = false;
  if (!aw.isBuiltin && mq !== null) {
    mqIsCong = aw.mqIsCongested();
    let locked = false;
    for (let k = 0; k < APP_MQ_LOCK_TRIES && !locked; k++) locked = mq.tryLock() === 0;
    if (!locked) {
      aw.setMqWrkCongested(t);
      return 0;
    }
  }
  let i = 0;
  let delivered = 0;
  for (; i < nEvts; i++) {
    const type = f.headField(0);
    if (mq !== null && !aw.isBuiltin && mq.orRingIsFull(sessionEvtIsCtrl(type) ? SESSION_MQ_CTRL_EVT_RING : SESSION_MQ_IO_EVT_RING)) {
      aw.setMqWrkCongested(t);
      break;
    }
    const fn = deliver[type];
    if (fn !== undefined) {
      const r = fn(vm, aw, type, f.headField(1), f.headField(2), f.headField(3), f.headField(4));
      if (r === AppEvtResult.Delivered) delivered++;
      else if (r === AppEvtResult.Skipped) aw.countSkipped(1);
      else aw.countDropped(1);
    } else if (mq !== null && !sessionEvtIsCtrl(type)) {
      // io events an external app gets as they are (mq_send_io_rx_event / _tx_event)
      const msg = mq.allocMsgWRing(SESSION_MQ_IO_EVT_RING);
      sessionEvtEncode(mq, msg, type, f.headField(1), f.headField(2), f.headField(3), f.headField(4));
      mq.addRaw(msg);
      delivered++;
    } else {
      aw.countDropped(1);
    }
    f.advance();
  }
  if (!aw.isBuiltin && mq !== null) {
    mq.unlock();
    if (mqIsCong && i === nEvts) aw.unsetMqWrkCongested(t);
  }
  aw.countDelivered(delivered);
  return delivered;
}
