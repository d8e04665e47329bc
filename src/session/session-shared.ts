// src/session/session-shared.ts: the session layer's shared memory of one run. Every session
// worker's state word, counters, event element pool (with its list heads) and control-message
// data live here, so that main can handle a worker's pending-main list under the barrier and
// any thread can read a worker's state before posting to it, as VPP's threads share one heap.
//
//   Int32 view over the SAB, per vlib thread t:
//   +------------------------+ wrkBase(t)
//   | worker words           | kWrkWords: state, flags, counters (see kWrk*)
//   +------------------------+ eltBase(t)
//   | event pool header      | kEltPoolHeader: free head, allocated (pool_elts), capacity
//   | elements               | capacity × kEltWords: next, prev, header, w0..w3, ctrl data
//   +------------------------+ ctrlBase(t)
//   | ctrl data header       | free head, allocated, capacity
//   | next links             | capacity words
//   | slots                  | capacity × 256 bytes (a copy of the mq slot: header + body)
//   +------------------------+ sessBase(t)
//   | session pool header    | free head, allocated (pool_elts (wrk->sessions)), capacity
//   | sessions               | capacity × kSessWords (see session-table.ts)
//   +------------------------+

import { SESSION_CTRL_SLOT_BYTES } from '../svm/session-event.js';

/** Per-worker Int32 words, relative to `wrkBase(t)`. */
export const kWrkState = 0;               /**< `wrk->state` (WrkState), read by posters */
export const kWrkFlags = 1;               /**< `wrk->flags` (SessionWrkFlag) */
export const kWrkNSessions = 2;           /**< `pool_elts (wrk->sessions)` */
export const kWrkNPendingConnects = 3;    /**< `wrk->n_pending_connects` */
export const kWrkMqMsgs = 4;              /**< messages taken from mqs into the lists */
export const kWrkCtrlEvts = 5;            /**< ctrl events dispatched */
export const kWrkIoEvts = 6;              /**< io events dispatched */
export const kWrkDropNoSession = 7;       /**< io events dropped: no such session */
export const kWrkDropMalformed = 8;       /**< ctrl events dropped: malformed body */
export const kWrkDropUnhandled = 9;       /**< events dropped: type not handled */
export const kWrkTransitions = 10;        /**< state transitions */
export const kWrkMainRpcs = 11;           /**< RPCs sent to main for pending-main events */
export const kWrkPostFull = 12;           /**< posts refused with −2 (queue full) */
export const kWrkLocalEvts = 13;          /**< events the worker's own thread listed directly (TX reschedules, transport ctrl) */
export const kWrkWords = 16;

/** Event element words, relative to an element's base. Models: session_evt_elt_t. */
export const kEltNext = 0;       /**< `evt_list.next` (−1: unlinked) */
export const kEltPrev = 1;       /**< `evt_list.prev` */
export const kEltHdr = 2;        /**< event_type | postponed << 8 */
export const kEltW0 = 3;         /**< the 16-byte union, word 0: session index, handle lo, rpc id */
export const kEltW1 = 4;         /**< word 1: handle hi (thread), rpc argument */
export const kEltW2 = 5;
export const kEltW3 = 6;
export const kEltCtrlData = 7;   /**< `ctrl_data_index`, −1 if none */
export const kEltWords = 8;

/** Pool headers (event elements and ctrl data alike). */
export const kPoolFreeHead = 0;
export const kPoolAllocated = 1;
export const kPoolCapacity = 2;
export const kPoolHighWater = 3;
export const kPoolHeaderWords = 4;

/** "No element" / "unlinked" (`~0`). */
export const ELT_INVALID = -1;

/** Sizes of one run's session shared memory. */
export interface SessionSharedParams {
  /** vlib threads (session workers), main included. */
  readonly nThreads: number;
  /** Event elements per worker, heads included. */
  readonly eltCapacity: number;
  /** Control-message data slots per worker. */
  readonly ctrlCapacity: number;
  /** Sessions per worker (VPP's pool grows; `preallocated-sessions` presizes it). */
  readonly sessionCapacity: number;
}

/** Words of one session record (see session-table.ts). */
export const kSessWords = 16;

/** Offsets of a {@link SessionSharedParams} layout. */
export class SessionSharedLayout {
  readonly perWorkerWords: number;
  readonly eltOffset: number;
  readonly ctrlOffset: number;
  readonly ctrlSlotsOffset: number;
  readonly sessOffset: number;
  readonly byteLength: number;

  constructor (readonly params: SessionSharedParams) {
    const { nThreads, eltCapacity, ctrlCapacity, sessionCapacity } = params;
    if (!Number.isInteger(nThreads) || nThreads < 1) throw new RangeError('nThreads must be a positive integer');
    if (!Number.isInteger(eltCapacity) || eltCapacity < 8) throw new RangeError('eltCapacity must be an integer ≥ 8');
    if (!Number.isInteger(ctrlCapacity) || ctrlCapacity < 1) throw new RangeError('ctrlCapacity must be a positive integer');
    if (!Number.isInteger(sessionCapacity) || sessionCapacity < 1) throw new RangeError('sessionCapacity must be a positive integer');
    this.eltOffset = kWrkWords;
    this.ctrlOffset = this.eltOffset + kPoolHeaderWords + eltCapacity * kEltWords;
    this.ctrlSlotsOffset = this.ctrlOffset + kPoolHeaderWords + ctrlCapacity;
    this.sessOffset = this.ctrlSlotsOffset + ctrlCapacity * (SESSION_CTRL_SLOT_BYTES >> 2);
    this.perWorkerWords = this.sessOffset + kPoolHeaderWords + sessionCapacity * kSessWords;
    this.byteLength = nThreads * this.perWorkerWords * 4;
  }

  /** First Int32 word of worker `t`. */
  wrkBase (t: number): number { return t * this.perWorkerWords; }
  /** First Int32 word of worker `t`'s event pool header. */
  eltPoolBase (t: number): number { return this.wrkBase(t) + this.eltOffset; }
  /** First Int32 word of worker `t`'s ctrl data pool header. */
  ctrlPoolBase (t: number): number { return this.wrkBase(t) + this.ctrlOffset; }
  /** First Int32 word of worker `t`'s ctrl data slot 0. */
  ctrlSlotsBase (t: number): number { return this.wrkBase(t) + this.ctrlSlotsOffset; }
  /** First Int32 word of worker `t`'s session pool header. */
  sessPoolBase (t: number): number { return this.wrkBase(t) + this.sessOffset; }
}

/** The session layer's SAB and its views. */
export class SessionShared {
  readonly layout: SessionSharedLayout;
  readonly i32: Int32Array;
  readonly u8: Uint8Array;

  constructor (readonly sab: SharedArrayBuffer, readonly params: SessionSharedParams) {
    this.layout = new SessionSharedLayout(params);
    if (sab.byteLength < this.layout.byteLength) throw new RangeError('session shared buffer is smaller than its layout');
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
  }

  /** Allocates a zeroed SAB for `params`. */
  static create (params: SessionSharedParams): SessionShared {
    return new SessionShared(new SharedArrayBuffer(new SessionSharedLayout(params).byteLength), params);
  }

  get nThreads (): number { return this.params.nThreads; }
}
