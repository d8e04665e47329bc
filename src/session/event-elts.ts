// src/session/event-elts.ts: a session worker's event element pool and its doubly-linked lists,
// in shared memory. Models: src/vppinfra/llist.h (clib_llist_*) over a pool, as the session
// worker keeps `event_elts` with five list heads (ctrl, new, old, pending connects, pending
// main), and `ctrl_evts_data` (session.h session_evt_ctrl_data_alloc/_free).
//
//   a list is circular through its head element:  head ⇄ e1 ⇄ e2 ⇄ … ⇄ head
//   empty list: head.next == head; an unlinked element has next == −1
//
// All operations are O(1) and allocate nothing. The pool has a fixed capacity (VPP's grows):
// running out throws, it never drops an event silently.

import { SESSION_CTRL_SLOT_BYTES } from '../svm/session-event.js';
import { VppsimError } from '../errors.js';
import {
  ELT_INVALID, kEltCtrlData, kEltHdr, kEltNext, kEltPrev, kEltW0, kEltW1, kEltW2, kEltW3, kEltWords,
  kPoolAllocated, kPoolCapacity, kPoolFreeHead, kPoolHeaderWords, kPoolHighWater, type SessionShared,
} from './session-shared.js';

/** One worker's event pool and ctrl data, viewed from any thread of the run. */
export class SessionEvtPool {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  /** Pool header word base; elements start after the header. */
  private readonly hb: number;
  private readonly eb: number;
  private readonly cb: number;
  private readonly cslots: number;
  private readonly cap: number;
  private readonly ccap: number;

  constructor (shared: SessionShared, readonly threadIndex: number) {
    this.i32 = shared.i32;
    this.u8 = shared.u8;
    this.hb = shared.layout.eltPoolBase(threadIndex);
    this.eb = this.hb + kPoolHeaderWords;
    this.cb = shared.layout.ctrlPoolBase(threadIndex);
    this.cslots = shared.layout.ctrlSlotsBase(threadIndex);
    this.cap = shared.params.eltCapacity;
    this.ccap = shared.params.ctrlCapacity;
  }

  /** Lays out empty pools (free lists through every element and slot). Once per run, by main. */
  init (): void {
    const i32 = this.i32;
    for (let i = 0; i < this.cap; i++) {
      const e = this.eb + i * kEltWords;
      i32[e + kEltNext] = i + 1 < this.cap ? i + 1 : ELT_INVALID;
      i32[e + kEltPrev] = ELT_INVALID;
      i32[e + kEltCtrlData] = ELT_INVALID;
    }
    i32[this.hb + kPoolFreeHead] = 0;
    i32[this.hb + kPoolAllocated] = 0;
    i32[this.hb + kPoolCapacity] = this.cap;
    i32[this.hb + kPoolHighWater] = 0;
    const cn = this.cb + kPoolHeaderWords;
    for (let i = 0; i < this.ccap; i++) i32[cn + i] = i + 1 < this.ccap ? i + 1 : ELT_INVALID;
    i32[this.cb + kPoolFreeHead] = 0;
    i32[this.cb + kPoolAllocated] = 0;
    i32[this.cb + kPoolCapacity] = this.ccap;
    i32[this.cb + kPoolHighWater] = 0;
  }

  // ------------------------------------------------------------------ pool

  /** `pool_elts (event_elts)`: allocated elements, list heads included. */
  get elts (): number { return this.i32[this.hb + kPoolAllocated] as number; }
  /** Most elements ever allocated at once. */
  get highWater (): number { return this.i32[this.hb + kPoolHighWater] as number; }
  /** Capacity, elements. */
  get capacity (): number { return this.cap; }

  /** `pool_get`: a fresh, unlinked element. Throws VppsimError `ERR_SESSION_EVT_POOL_FULL`. */
  alloc (): number {
    const i32 = this.i32;
    const i = i32[this.hb + kPoolFreeHead] as number;
    if (i === ELT_INVALID) {
      throw new VppsimError('ERR_SESSION_EVT_POOL_FULL', `session worker ${this.threadIndex}: event pool full (${this.cap} elements); raise the scenario's session.eventPoolSize`);
    }
    const e = this.eb + i * kEltWords;
    i32[this.hb + kPoolFreeHead] = i32[e + kEltNext] as number;
    i32[e + kEltNext] = ELT_INVALID;
    i32[e + kEltPrev] = ELT_INVALID;
    i32[e + kEltCtrlData] = ELT_INVALID;
    const n = (i32[this.hb + kPoolAllocated] as number) + 1;
    i32[this.hb + kPoolAllocated] = n;
    if (n > (i32[this.hb + kPoolHighWater] as number)) i32[this.hb + kPoolHighWater] = n;
    return i;
  }

  /** `clib_llist_put`: returns an unlinked element (and its ctrl data) to the pool. */
  put (i: number): void {
    const i32 = this.i32;
    const e = this.eb + i * kEltWords;
    const cd = i32[e + kEltCtrlData] as number;
    if (cd !== ELT_INVALID) this.ctrlFree(cd);
    i32[e + kEltPrev] = ELT_INVALID;
    i32[e + kEltNext] = i32[this.hb + kPoolFreeHead] as number;
    i32[this.hb + kPoolFreeHead] = i;
    i32[this.hb + kPoolAllocated] = (i32[this.hb + kPoolAllocated] as number) - 1;
  }

  // ------------------------------------------------------------------ lists

  /** `clib_llist_make_head`: a new empty list. */
  makeHead (): number {
    const h = this.alloc();
    const e = this.eb + h * kEltWords;
    this.i32[e + kEltNext] = h;
    this.i32[e + kEltPrev] = h;
    return h;
  }

  /** Next element (`clib_llist_next_index`). */
  next (i: number): number { return this.i32[this.eb + i * kEltWords + kEltNext] as number; }
  /** Previous element (`clib_llist_prev_index`). */
  prev (i: number): number { return this.i32[this.eb + i * kEltWords + kEltPrev] as number; }
  /** `clib_llist_is_empty`. */
  isEmpty (head: number): boolean { return this.next(head) === head; }
  /** `clib_llist_elt_is_linked`. */
  isLinked (i: number): boolean { return this.next(i) !== ELT_INVALID; }

  /** `clib_llist_add_tail`: links `i` before `head` (at the end of the list). */
  addTail (head: number, i: number): void {
    const i32 = this.i32;
    const e = this.eb + i * kEltWords;
    const h = this.eb + head * kEltWords;
    const last = i32[h + kEltPrev] as number;
    i32[e + kEltPrev] = last;
    i32[e + kEltNext] = head;
    i32[this.eb + last * kEltWords + kEltNext] = i;
    i32[h + kEltPrev] = i;
  }

  /** `clib_llist_add`: links `i` right after `head` (at the front of the list). */
  addHead (head: number, i: number): void {
    const i32 = this.i32;
    const e = this.eb + i * kEltWords;
    const h = this.eb + head * kEltWords;
    const first = i32[h + kEltNext] as number;
    i32[e + kEltNext] = first;
    i32[e + kEltPrev] = head;
    i32[this.eb + first * kEltWords + kEltPrev] = i;
    i32[h + kEltNext] = i;
  }

  /** `clib_llist_remove`: unlinks `i` from whatever list it is on. */
  remove (i: number): void {
    const i32 = this.i32;
    const e = this.eb + i * kEltWords;
    const n = i32[e + kEltNext] as number;
    const p = i32[e + kEltPrev] as number;
    i32[this.eb + p * kEltWords + kEltNext] = n;
    i32[this.eb + n * kEltWords + kEltPrev] = p;
    i32[e + kEltNext] = ELT_INVALID;
    i32[e + kEltPrev] = ELT_INVALID;
  }

  /** Elements on a list, head excluded (O(n); for tests and `show`). */
  listLength (head: number): number {
    let n = 0;
    for (let i = this.next(head); i !== head; i = this.next(i)) n++;
    return n;
  }

  // ------------------------------------------------------------------ the event

  /** Sets the event of element `i`: type, postponed, union words. */
  setEvt (i: number, type: number, postponed: number, w0: number, w1 = 0, w2 = 0, w3 = 0): void {
    const i32 = this.i32;
    const e = this.eb + i * kEltWords;
    i32[e + kEltHdr] = (type & 255) | ((postponed & 255) << 8);
    i32[e + kEltW0] = w0;
    i32[e + kEltW1] = w1;
    i32[e + kEltW2] = w2;
    i32[e + kEltW3] = w3;
  }

  /** Event type of element `i`. */
  type (i: number): number { return (this.i32[this.eb + i * kEltWords + kEltHdr] as number) & 255; }
  /** `postponed` of element `i`. */
  postponed (i: number): number { return ((this.i32[this.eb + i * kEltWords + kEltHdr] as number) >>> 8) & 255; }
  /** Union word 0..3 of element `i` (word 0: session index or handle low word). */
  w (i: number, k: 0 | 1 | 2 | 3): number { return this.i32[this.eb + i * kEltWords + kEltW0 + k] as number; }
  /** Sets union word `k` of element `i`. */
  setW (i: number, k: 0 | 1 | 2 | 3, v: number): void { this.i32[this.eb + i * kEltWords + kEltW0 + k] = v; }
  /** The ctrl data slot of element `i`, or −1. */
  ctrlData (i: number): number { return this.i32[this.eb + i * kEltWords + kEltCtrlData] as number; }

  // ------------------------------------------------------------------ ctrl data

  /** Allocates a ctrl data slot for element `i` and returns its byte offset in the SAB. */
  attachCtrlData (i: number): number {
    const i32 = this.i32;
    const s = i32[this.cb + kPoolFreeHead] as number;
    if (s === ELT_INVALID) {
      throw new VppsimError('ERR_SESSION_CTRL_POOL_FULL', `session worker ${this.threadIndex}: ctrl data pool full (${this.ccap} slots)`);
    }
    i32[this.cb + kPoolFreeHead] = i32[this.cb + kPoolHeaderWords + s] as number;
    const n = (i32[this.cb + kPoolAllocated] as number) + 1;
    i32[this.cb + kPoolAllocated] = n;
    if (n > (i32[this.cb + kPoolHighWater] as number)) i32[this.cb + kPoolHighWater] = n;
    i32[this.eb + i * kEltWords + kEltCtrlData] = s;
    return this.ctrlSlotByte(s);
  }

  /** Byte offset of ctrl data slot `s` in the SAB. */
  ctrlSlotByte (s: number): number { return (this.cslots << 2) + s * SESSION_CTRL_SLOT_BYTES; }

  /** Ctrl data slots in use. */
  get ctrlAllocated (): number { return this.i32[this.cb + kPoolAllocated] as number; }

  private ctrlFree (s: number): void {
    const i32 = this.i32;
    i32[this.cb + kPoolHeaderWords + s] = i32[this.cb + kPoolFreeHead] as number;
    i32[this.cb + kPoolFreeHead] = s;
    i32[this.cb + kPoolAllocated] = (i32[this.cb + kPoolAllocated] as number) - 1;
  }
}
