// src/session/session-table.ts: a session worker's pool of sessions, in shared memory, so main
// can read every thread's sessions under the barrier (`show session`). Models:
// src/vnet/session/session_types.h session_t (the fields the scheduler and the data path use),
// session.c session_alloc / session_free, `pool_elts (wrk->sessions)`.
//
//   record of kSessWords Int32 words:
//   state | flags | type | app wrk | connection | rx seg | rx off | tx seg | tx off |
//   listener lo | listener hi | opaque | allocated | next free | (2 spare)

import { VppsimError } from '../errors.js';
import {
  ELT_INVALID, kPoolAllocated, kPoolCapacity, kPoolFreeHead, kPoolHeaderWords, kPoolHighWater,
  kSessWords, kWrkNSessions, type SessionShared,
} from './session-shared.js';

/** Session record words. */
export const kSessState = 0;          /**< `session_state` (SessionState) */
export const kSessFlags = 1;          /**< `flags` (SESSION_F_*) */
export const kSessType = 2;           /**< `session_type`: transport proto and ip version */
export const kSessAppWrk = 3;         /**< `app_wrk_index` */
export const kSessConnection = 4;     /**< `connection_index` (transport) */
export const kSessRxFifoSeg = 5;      /**< segment of `rx_fifo` */
export const kSessRxFifoOff = 6;      /**< byte offset of `rx_fifo` in it */
export const kSessTxFifoSeg = 7;
export const kSessTxFifoOff = 8;
export const kSessListenerLo = 9;     /**< `listener_handle`, low word */
export const kSessListenerHi = 10;
export const kSessOpaque = 11;        /**< `opaque`: the app's session index */
const kSessAllocated = 12;
const kSessNextFree = 13;

/** One worker's sessions, viewed from any thread. */
export class SessionTable {
  readonly i32: Int32Array;
  private readonly hb: number;
  private readonly sb: number;
  private readonly cap: number;
  private readonly nSessionsWord: number;

  constructor (shared: SessionShared, readonly threadIndex: number) {
    this.i32 = shared.i32;
    this.hb = shared.layout.sessPoolBase(threadIndex);
    this.sb = this.hb + kPoolHeaderWords;
    this.cap = shared.params.sessionCapacity;
    this.nSessionsWord = shared.layout.wrkBase(threadIndex) + kWrkNSessions;
  }

  /** Lays out an empty pool. Once per run. */
  init (): void {
    const i32 = this.i32;
    for (let i = 0; i < this.cap; i++) {
      const b = this.sb + i * kSessWords;
      i32[b + kSessAllocated] = 0;
      i32[b + kSessNextFree] = i + 1 < this.cap ? i + 1 : ELT_INVALID;
    }
    i32[this.hb + kPoolFreeHead] = 0;
    i32[this.hb + kPoolAllocated] = 0;
    i32[this.hb + kPoolCapacity] = this.cap;
    i32[this.hb + kPoolHighWater] = 0;
  }

  /** Sessions allocated (`pool_elts`). */
  get count (): number { return this.i32[this.hb + kPoolAllocated] as number; }
  /** Capacity of the pool. */
  get capacity (): number { return this.cap; }

  /**
   * `session_alloc`: a zeroed record; its index. Owning thread (or main under the barrier).
   * Throws VppsimError `ERR_SESSION_POOL_FULL`.
   */
  alloc (): number {
    const i32 = this.i32;
    const i = i32[this.hb + kPoolFreeHead] as number;
    if (i === ELT_INVALID) throw new VppsimError('ERR_SESSION_POOL_FULL', `thread ${this.threadIndex}: session pool full (${this.cap} sessions); raise the scenario's session.sessionPoolSize`);
    const b = this.sb + i * kSessWords;
    i32[this.hb + kPoolFreeHead] = i32[b + kSessNextFree] as number;
    for (let k = 0; k < kSessWords; k++) i32[b + k] = 0;
    i32[b + kSessAllocated] = 1;
    i32[b + kSessNextFree] = ELT_INVALID;
    const n = (i32[this.hb + kPoolAllocated] as number) + 1;
    i32[this.hb + kPoolAllocated] = n;
    if (n > (i32[this.hb + kPoolHighWater] as number)) i32[this.hb + kPoolHighWater] = n;
    Atomics.store(i32, this.nSessionsWord, n);
    return i;
  }

  /** `session_free`. */
  free (i: number): void {
    const i32 = this.i32;
    const b = this.sb + i * kSessWords;
    if (i32[b + kSessAllocated] !== 1) return;
    i32[b + kSessAllocated] = 0;
    i32[b + kSessNextFree] = i32[this.hb + kPoolFreeHead] as number;
    i32[this.hb + kPoolFreeHead] = i;
    const n = (i32[this.hb + kPoolAllocated] as number) - 1;
    i32[this.hb + kPoolAllocated] = n;
    Atomics.store(i32, this.nSessionsWord, n);
  }

  /** True if `i` is an allocated session (`session_is_valid`, `pool_is_free_index`). */
  isValid (i: number): boolean {
    return i >= 0 && i < this.cap && this.i32[this.sb + i * kSessWords + kSessAllocated] === 1;
  }

  /** Field `k` (kSess*) of session `i`. */
  get (i: number, k: number): number { return this.i32[this.sb + i * kSessWords + k] as number; }
  /** Sets field `k` of session `i`. */
  set (i: number, k: number, v: number): void { this.i32[this.sb + i * kSessWords + k] = v; }

  /** Adds `n` to field `k` of session `i` atomically (any thread); returns the old value. */
  atomicAdd (i: number, k: number, n: number): number { return Atomics.add(this.i32, this.sb + i * kSessWords + k, n); }

  /** Indices of the allocated sessions, ascending (for `show session`). */
  indices (): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.cap; i++) if (this.i32[this.sb + i * kSessWords + kSessAllocated] === 1) out.push(i);
    return out;
  }
}
