// src/svm/session-event.ts: session event types and the binary layout of mq slots.
// Models: src/vnet/session/session_types.h (session_evt_type_t, session_mq_rings_e,
// session_event_t, session_handle_t) and application_interface.h app_send_io_evt_to_vpp.
//
// Every slot, IO ring (ring 0) or ctrl ring (ring 1), starts with the same 4-byte header:
//
//   byte 0      1          2..3            4 ..
//   +-----------+----------+---------------+---------------------------------------------+
//   | event_type| postponed| msg length u16| ring 0: the 16-byte union (20-byte slot)    |
//   |    u8     |    u8    | (vppsim only) | ring 1: a ctrl message body (256-byte slot) |
//   +-----------+----------+---------------+---------------------------------------------+
//
// VPP's session_event_t is packed: u8, u8, then the union at byte 2, 18 bytes in all, and ctrl
// message bodies start at byte 2 of the 256-byte slot (`evt->data`). vppsim pads the header to 4
// bytes so the union and the bodies are Int32-aligned, and uses the 2 pad bytes for the body
// length, which VPP does not carry, so a consumer can reject a body of the wrong size. Ring-0
// slots are therefore 20 bytes, not 18; formatters and docs keep VPP's numbers. The header is
// read and written as one Int32 word (type | postponed << 8 | length << 16): one load to check a
// message, and the byte positions above on the little-endian hosts vppsim requires.
//
//   ring-0 union (bytes 4..19), the views VPP gives it:
//   +----------------+----------------+----------------+----------------+
//   | w0             | w1             | w2             | w3             |
//   | session_index  |                                                   |
//   | session_handle lo (= index) | hi (= thread index)                  |
//   | ctrl_data_index / fifo offset …                                    |
//   +--------------------------------------------------------------------+

import { type SvmMsgQ } from './message-queue.js';
import { SVM_MQ_MSG_ELT_BITS, SVM_MQ_MSG_ELT_MASK } from './message-queue-layout.js';
import { SvmRv } from './svm-codes.js';

/**
 * Session event types in VPP's order: IO types, then control types from RPC on. The position is
 * the numeric code. Models: src/vnet/session/session_types.h session_evt_type_t.
 */
export const sessionEvtTypeTable = [
  'IO_EVT_RX', 'IO_EVT_TX', 'IO_EVT_TX_FLUSH', 'IO_EVT_BUILTIN_RX', 'IO_EVT_TX_MAIN',
  'CTRL_EVT_RPC', 'CTRL_EVT_HALF_CLOSE', 'CTRL_EVT_CLOSE', 'CTRL_EVT_RESET',
  'CTRL_EVT_BOUND', 'CTRL_EVT_UNLISTEN_REPLY', 'CTRL_EVT_ACCEPTED', 'CTRL_EVT_ACCEPTED_REPLY',
  'CTRL_EVT_CONNECTED', 'CTRL_EVT_DISCONNECTED', 'CTRL_EVT_DISCONNECTED_REPLY', 'CTRL_EVT_RESET_REPLY',
  'CTRL_EVT_REQ_WORKER_UPDATE', 'CTRL_EVT_WORKER_UPDATE', 'CTRL_EVT_WORKER_UPDATE_REPLY',
  'CTRL_EVT_SHUTDOWN', 'CTRL_EVT_DISCONNECT', 'CTRL_EVT_CONNECT', 'CTRL_EVT_CONNECT_URI',
  'CTRL_EVT_LISTEN', 'CTRL_EVT_LISTEN_URI', 'CTRL_EVT_UNLISTEN', 'CTRL_EVT_APP_DETACH',
  'CTRL_EVT_APP_ADD_SEGMENT', 'CTRL_EVT_APP_DEL_SEGMENT', 'CTRL_EVT_MIGRATED', 'CTRL_EVT_CLEANUP',
  'CTRL_EVT_APP_WRK_RPC', 'CTRL_EVT_TRANSPORT_ATTR', 'CTRL_EVT_TRANSPORT_ATTR_REPLY',
  'CTRL_EVT_TRANSPORT_CLOSED', 'CTRL_EVT_HALF_CLEANUP', 'CTRL_EVT_CONNECT_STREAM', 'CTRL_EVT_TERMINATE',
] as const;

type EvtTable = typeof sessionEvtTypeTable;
/** A session event type's name without the `SESSION_` prefix (`IO_EVT_TX`). */
export type SessionEvtTypeName = EvtTable[number];

/** Codes by name, with literal types: `SessionEvtType.IO_EVT_TX === 1`. */
export const SessionEvtType = Object.freeze(Object.fromEntries(sessionEvtTypeTable.map((n, i) => [n, i]))) as {
  readonly [K in keyof EvtTable as EvtTable[K] extends string ? EvtTable[K] : never]: K extends `${infer N extends number}` ? N : never;
};
/** A session event type code (0 .. 38). */
export type SessionEvtType = (typeof SessionEvtType)[SessionEvtTypeName];

/** `SESSION_N_EVT_TYPES` (not in VPP, which has no count). */
export const N_SESSION_EVT_TYPES = sessionEvtTypeTable.length;
/** VPP's symbol for each code: `SESSION_IO_EVT_TX`. */
export const sessionEvtTypeSymbols: readonly string[] = sessionEvtTypeTable.map((n) => `SESSION_${n}`);

/** VPP's symbol for an event type, or `unknown <n>`. */
export const formatSessionEvtType = (t: number): string => sessionEvtTypeSymbols[t] ?? `unknown ${t}`;
/** Control event (≥ RPC): goes to the worker's ctrl list (session_node.c session_evt_add_to_list). */
export const sessionEvtIsCtrl = (t: number): boolean => t >= SessionEvtType.CTRL_EVT_RPC;
/** Control event that carries a message body (≥ BOUND); RPC..RESET fit in the event footprint. */
export const sessionEvtHasBody = (t: number): boolean => t >= SessionEvtType.CTRL_EVT_BOUND;

/** `session_mq_rings_e`: which ring of a session mq carries what. */
export const SESSION_MQ_IO_EVT_RING = 0;  /**< `SESSION_MQ_IO_EVT_RING`: session events */
export const SESSION_MQ_CTRL_EVT_RING = 1;  /**< `SESSION_MQ_CTRL_EVT_RING`: control messages */
export const SESSION_MQ_N_RINGS = 2;  /**< `SESSION_MQ_N_RINGS` */

/** `sizeof (session_event_t)` in VPP: 18 bytes, packed. */
export const SESSION_EVT_BYTES_VPP = 18;
/** Bytes of a ring-0 slot in vppsim (VPP's 18 + 2 pad). */
export const SESSION_EVT_SLOT_BYTES = 20;
/** Bytes of a ring-1 (ctrl) slot, as in VPP. */
export const SESSION_CTRL_SLOT_BYTES = 256;
/**
 * Slot header byte offsets: type, postponed, body length (u16). The header is read and written
 * as one Int32 word, `type | postponed << 8 | length << 16`, which puts these bytes where VPP
 * has them on a little-endian host; vppsim requires one (checked when this module loads).
 */
export const kEvtType = 0;  /**< `event_type`, u8 */
export const kEvtPostponed = 1;  /**< `postponed`, u8 */
export const kEvtMsgLen = 2;  /**< body length, u16 (vppsim only) */

if (new Uint8Array(Uint32Array.of(1).buffer)[0] !== 1) throw new Error('src/svm needs a little-endian host (x86-64, arm64)');

/** The header word of a slot. */
export const sessionEvtHeader = (eventType: number, postponed: number, msgLen: number): number =>
  (eventType & 255) | ((postponed & 255) << 8) | (msgLen << 16);
/** Byte offset of the union (ring 0) or the body (ring 1) in a slot. */
export const kEvtData = 4;
/** Largest ctrl body: 252 bytes (VPP: 254, `SESSION_CTRL_MSG_TX_MAX_SIZE` 160 in practice). */
export const SESSION_CTRL_BODY_MAX = SESSION_CTRL_SLOT_BYTES - kEvtData;

/** `SESSION_INVALID_HANDLE` (~0 in VPP) as a number. */
export const SESSION_INVALID_HANDLE = -1;
const k2p32 = 4294967296;
/** Thread indices up to 2^21 − 1 keep a handle exact in a double. */
const kHandleHiMax = 1 << 21;

/** `session_handle`: thread index in the high 32 bits, session index in the low. */
export const sessionHandle = (threadIndex: number, sessionIndex: number): number => threadIndex * k2p32 + (sessionIndex >>> 0);
/** Session index of a handle (`session_index_from_handle`). */
export const sessionHandleIndex = (h: number): number => h % k2p32;
/** Thread index of a handle (`session_thread_from_handle`). */
export const sessionHandleThread = (h: number): number => Math.floor(h / k2p32);

/**
 * A u64 from its two 32-bit halves: −1 for all ones (an invalid handle), NaN if it does not fit a
 * double exactly (high word ≥ 2^21), which decoders report as a bad field.
 */
export function u64FromWords (lo: number, hi: number): number {
  if ((lo & hi) === -1) return SESSION_INVALID_HANDLE;
  const h = hi >>> 0;
  return h >= kHandleHiMax ? NaN : h * k2p32 + (lo >>> 0);
}
/** Low word of a u64 number (−1 → all ones). */
export const u64Lo = (v: number): number => (v < 0 ? -1 : (v % k2p32) | 0);
/** High word of a u64 number (−1 → all ones). */
export const u64Hi = (v: number): number => (v < 0 ? -1 : Math.floor(v / k2p32) | 0);

/**
 * A decoded ring-0 event, filled in place by {@link sessionEvtDecode} (allocate one per
 * consumer, reuse it). Models: session_types.h session_event_t.
 */
export class SessionEvent {
  eventType = -1;
  postponed = 0;
  /** The 16-byte union as four Int32 words. */
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;
  /** `session_index` (u32 view of the union). */
  get sessionIndex (): number { return this.w0 >>> 0; }
  /** `session_handle` (u64 view), −1 if invalid. */
  get sessionHandle (): number { return u64FromWords(this.w0, this.w1); }
  /** Thread index of `session_handle` (high word). */
  get threadIndex (): number { return this.w1 >>> 0; }
}


/**
 * Fills the ring-0 element `msg` of `mq`: type, postponed 0, and the union words. For IO
 * events `w0` is the session index; for a handle pass `u64Lo(h), u64Hi(h)`.
 */
export function sessionEvtEncode (mq: SvmMsgQ, msg: number, eventType: number, w0: number, w1 = 0, w2 = 0, w3 = 0): void {
  const off = mq.msgData(msg);
  const i32 = mq.i32;
  i32[off >> 2] = eventType & 255;
  const w = (off + kEvtData) >> 2;
  i32[w] = w0;
  i32[w + 1] = w1;
  i32[w + 2] = w2;
  i32[w + 3] = w3;
}

/** The event type byte of element `msg` (no checks). */
export const sessionEvtType = (mq: SvmMsgQ, msg: number): number => (mq.i32[mq.msgData(msg) >> 2] as number) & 255;
/** The session index (union word 0, u32) of element `msg` (no checks). */
export const sessionEvtSessionIndex = (mq: SvmMsgQ, msg: number): number => (mq.i32[(mq.msgData(msg) + kEvtData) >> 2] as number) >>> 0;

/**
 * Checks that `msg` is an element of ring `ring` of `mq`; 0 or a negative code. Part of every
 * decode: the consumer trusts nothing the producer wrote.
 */
export function svmMsgCheckRef (mq: SvmMsgQ, msg: number, ring: number): number {
  const r = msg >>> SVM_MQ_MSG_ELT_BITS;
  if (r >= mq.nRings || (msg & SVM_MQ_MSG_ELT_MASK) >= (mq.ringNitems[r] as number)) return SvmRv.MQ_BAD_MSG;
  if (r !== ring) return SvmRv.MSG_WRONG_RING;
  return SvmRv.OK;
}

/**
 * Decodes the ring-0 element `msg` into `out` and returns its event type, or a negative code
 * (bad reference, a type that is not an IO or internal ctrl event, postponed > 1, a body length),
 * which is counted in the mq's malformed counter. Never throws; allocates nothing.
 */
export function sessionEvtDecode (mq: SvmMsgQ, msg: number, out: SessionEvent): number {
  const ref = svmMsgCheckRef(mq, msg, SESSION_MQ_IO_EVT_RING);
  if (ref !== SvmRv.OK) {
    mq.noteMalformed(ref, -1);
    return ref;
  }
  const i32 = mq.i32;
  const off = mq.msgData(msg);
  const h = i32[off >> 2] as number;
  const type = h & 255;
  const postponed = (h >>> 8) & 255;
  let rv: number = type;
  if (type >= SessionEvtType.CTRL_EVT_BOUND) rv = type < N_SESSION_EVT_TYPES ? SvmRv.MSG_WRONG_RING : SvmRv.MSG_UNKNOWN_TYPE;
  else if (postponed > 1) rv = SvmRv.MSG_BAD_FIELD;
  else if (h >>> 16 !== 0) rv = SvmRv.MSG_BAD_LENGTH;
  if (rv < 0) {
    mq.noteMalformed(rv, type);
    return rv;
  }
  const w = (off + kEvtData) >> 2;
  out.eventType = type;
  out.postponed = postponed;
  out.w0 = i32[w] as number;
  out.w1 = i32[w + 1] as number;
  out.w2 = i32[w + 2] as number;
  out.w3 = i32[w + 3] as number;
  return type;
}

/**
 * Posts an IO event for `sessionIndex` on the IO ring: lock (try-lock with `noblock`), check
 * space, allocate, fill, add and unlock. Returns 0, −1 (lock), −2 (full) or ETIMEDOUT
 * (blocking, past `timeoutNs`). The app sends TX only when `svm_fifo_set_event` returned true.
 * `stampLo`/`stampHi` (vppsim), when not 0, are when the app posted it and its latency tag
 * (src/session/session-latency.ts sessionLatencyStamp), carried in union words 2–3.
 * Models: src/vnet/session/application_interface.h app_send_io_evt_to_vpp.
 */
export function appSendIoEvtToVpp (mq: SvmMsgQ, sessionIndex: number, evtType: number, noblock: boolean, timeoutNs = Infinity, stampLo = 0, stampHi = 0): number {
  const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_IO_EVT_RING, noblock, timeoutNs);
  if (msg < 0) return msg;
  // vppsim: the post time (and the app's latency tag) ride in the union's unused words 2 and 3
  sessionEvtEncode(mq, msg, evtType, sessionIndex, 0, stampLo, stampHi);
  mq.addAndUnlock(msg);
  return SvmRv.OK;
}
