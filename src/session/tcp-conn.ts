// src/session/tcp-conn.ts: TCP connections of each thread, in shared memory (main reads them for
// `show session verbose`; the thread that answers a SYN-ACK reads the connecting thread's
// half-open). Models: src/vnet/tcp/tcp_types.h tcp_connection_t (the fields vppsim's TCP uses),
// foreach_tcp_fsm_state.
//
//   record (kTcWords Int32): state flags lclIp rmtIp lclPort rmtPort fib sIndex sndUna sndNxt
//   sndWnd rcvNxt rcvWnd iss irs finSeq hoThread hoIndex retrans rtoTimer waitTimer dupAcks
//   rto sndMax listenerSi … allocated nextFree

import { VppsimError } from '../errors.js';

/** TCP states in VPP's order. Models: tcp_types.h foreach_tcp_fsm_state. */
export const foreachTcpState = [
  'CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_1', 'LAST_ACK',
  'CLOSING', 'FIN_WAIT_2', 'TIME_WAIT',
] as const;
/** TCP state codes. */
export const TcpState = Object.freeze(Object.fromEntries(foreachTcpState.map((n, i) => [n, i]))) as {
  readonly [K in (typeof foreachTcpState)[number]]: number;
};
/** The state as `show session` prints it (`format_tcp_state`). */
export const formatTcpState = (s: number): string => foreachTcpState[s] ?? `state ${s}`;

/** Connection flags (subset of TCP_CONN_*). */
export const TcpConnFlag = {
  /** An ACK must go out after this frame (`TCP_CONN_SNDACK`). */
  SndAck: 1 << 0,
  /** The app closed: send FIN once the tx fifo is drained (`TCP_CONN_FINPNDG`). */
  FinPending: 1 << 1,
  /** FIN sent. */
  FinSent: 1 << 2,
  /** The connection waits for an ACK to open the window: TX not scheduled (`TRANSPORT_CONNECTION_F_DESCHED`). */
  Desched: 1 << 3,
  /** The session layer knows (accept/connect notified). */
  SessionNotified: 1 << 4,
  /** A TX event is scheduled on the worker's lists. */
  TxScheduled: 1 << 5,
  /** We advertised a zero window (`TCP_CONN_ZERO_RWND_SENT`). */
  ZeroRwndSent: 1 << 6,
  /** Half-open done: its connection was made on another thread (`TCP_CONN_HALF_OPEN_DONE`). */
  HalfOpenDone: 1 << 7,
  /** Fast retransmit in progress: go-back-N started, until `kTcSndMax` is acked. */
  Recovery: 1 << 8,
  /** The local port was taken from the port bitmaps (client side): give it back on delete. */
  PortAllocated: 1 << 9,
} as const;

/** Record words. */
export const kTcState = 0;
export const kTcFlags = 1;
export const kTcLclIp = 2;
export const kTcRmtIp = 3;
export const kTcLclPort = 4;
export const kTcRmtPort = 5;
export const kTcFib = 6;
export const kTcSIndex = 7;       /**< `c_s_index`: session index on this thread */
export const kTcSndUna = 8;
export const kTcSndNxt = 9;
export const kTcSndWnd = 10;      /**< peer's window, bytes */
export const kTcRcvNxt = 11;
export const kTcRcvWnd = 12;      /**< window we advertised last, bytes */
export const kTcIss = 13;
export const kTcIrs = 14;
export const kTcFinSeq = 15;      /**< sequence number of our FIN */
export const kTcHoThread = 16;    /**< half-open: thread of the half-open session */
export const kTcHoIndex = 17;     /**< half-open: its session index */
export const kTcRetrans = 18;     /**< retransmission timeouts in a row (`rto_boff`) */
export const kTcRtoTimer = 19;    /**< retransmit/persist timer handle (owner's wheel), -1 none */
export const kTcWaitTimer = 20;   /**< waitclose timer handle, -1 none */
export const kTcDupAcks = 21;     /**< duplicate ACKs in a row */
export const kTcRto = 22;         /**< retransmission timeout, ms */
export const kTcSndMax = 23;      /**< highest sequence number sent + 1 (`snd_nxt` before a go-back) */
export const kTcListenerSi = 24;  /**< SYN_RCVD child: its listener's session index (thread 0) */
export const kTcRetransBytes = 25; /**< bytes sent again so far */
export const kTcSegsIn = 26;      /**< segments received */
export const kTcSegsOut = 27;     /**< segments sent */
const kTcAllocated = 30;
const kTcNextFree = 31;
export const kTcWords = 32;

const INVALID = -1;

/** One thread's TCP connections, viewed from any thread. */
export class TcpConnTable {
  readonly i32: Int32Array;
  private readonly base: number;

  constructor (sab: SharedArrayBuffer, readonly threadIndex: number, readonly capacity: number) {
    this.i32 = new Int32Array(sab);
    this.base = threadIndex * (4 + capacity * kTcWords);
  }

  /** Bytes of a SAB holding the tables of `nThreads` threads. */
  static byteLength (nThreads: number, capacity: number): number { return nThreads * (4 + capacity * kTcWords) * 4; }

  /** Lays out an empty table. */
  init (): void {
    const i32 = this.i32;
    for (let i = 0; i < this.capacity; i++) {
      const r = this.rec(i);
      i32[r + kTcAllocated] = 0;
      i32[r + kTcNextFree] = i + 1 < this.capacity ? i + 1 : INVALID;
    }
    i32[this.base] = 0; // free head
    i32[this.base + 1] = 0; // allocated
  }

  private rec (i: number): number { return this.base + 4 + i * kTcWords; }

  /** Connections allocated. */
  get count (): number { return this.i32[this.base + 1] as number; }

  /** Allocates a zeroed connection (`tcp_connection_alloc`). Throws when the table is full. */
  alloc (): number {
    const i32 = this.i32;
    const i = i32[this.base] as number;
    if (i === INVALID) throw new VppsimError('ERR_TCP_CONN_POOL_FULL', `thread ${this.threadIndex}: tcp connection pool full (${this.capacity})`);
    const r = this.rec(i);
    i32[this.base] = i32[r + kTcNextFree] as number;
    for (let k = 0; k < kTcWords; k++) i32[r + k] = 0;
    i32[r + kTcAllocated] = 1;
    i32[this.base + 1] = (i32[this.base + 1] as number) + 1;
    return i;
  }

  /** Frees a connection (`tcp_connection_free`). */
  free (i: number): void {
    const i32 = this.i32;
    const r = this.rec(i);
    if (i32[r + kTcAllocated] !== 1) return;
    i32[r + kTcAllocated] = 0;
    i32[r + kTcNextFree] = i32[this.base] as number;
    i32[this.base] = i;
    i32[this.base + 1] = (i32[this.base + 1] as number) - 1;
  }

  /** True if `i` is allocated. */
  isValid (i: number): boolean { return i >= 0 && i < this.capacity && this.i32[this.rec(i) + kTcAllocated] === 1; }
  /** Field `k` of connection `i`. */
  get (i: number, k: number): number { return this.i32[this.rec(i) + k] as number; }
  /** Field `k`, as u32 (addresses, sequence numbers). */
  getU (i: number, k: number): number { return (this.i32[this.rec(i) + k] as number) >>> 0; }
  /** Sets field `k`. */
  set (i: number, k: number, v: number): void { this.i32[this.rec(i) + k] = v; }
  /** ORs flags in. */
  setFlag (i: number, f: number): void { this.i32[this.rec(i) + kTcFlags] = (this.i32[this.rec(i) + kTcFlags] as number) | f; }
  /** Clears flags. */
  clearFlag (i: number, f: number): void { this.i32[this.rec(i) + kTcFlags] = (this.i32[this.rec(i) + kTcFlags] as number) & ~f; }
  /** True if any of flags `f` is set. */
  hasFlag (i: number, f: number): boolean { return ((this.i32[this.rec(i) + kTcFlags] as number) & f) !== 0; }
}

/** Sequence arithmetic modulo 2^32 (`seq_lt`, `seq_geq`, …). */
export const seqDiff = (a: number, b: number): number => ((a - b) | 0);
export const seqLt = (a: number, b: number): boolean => seqDiff(a, b) < 0;
export const seqLeq = (a: number, b: number): boolean => seqDiff(a, b) <= 0;
export const seqGt = (a: number, b: number): boolean => seqDiff(a, b) > 0;
export const seqAdd = (a: number, n: number): number => ((a + n) >>> 0);
