// src/svm/ctrl-messages.ts: the app↔vpp control messages carried in the ctrl ring's 256-byte
// slots, as one table of layouts. Models: src/vnet/session/application_interface.h
// (session_*_msg_t) and session_types.h foreach_session_ctrl_evt (which type uses which struct).
//
// Each row names the event type and VPP's struct and lists the key fields in VPP's order, with
// VPP's words in camelCase. IPv4 addresses are u32 (VPP: ip46_address_t), fifo and queue
// addresses are u32 segment offsets (VPP: uword), handles u64. Bodies start at byte 4 of the
// slot (see session-event.ts) and fields are naturally aligned there (VPP packs them from byte
// 2), u64 as two Int32 words. From the table come: field ids, per-type offsets, body sizes, the
// decoder's range checks and the formatter.
//
// Decode never throws and allocates nothing: it fills a caller-owned CtrlMsg (a Float64Array of
// field values indexed by field id) and returns the event type, or a negative code that is
// counted in the mq's malformed counter.

import { type SvmMsgQ } from './message-queue.js';
import {
  N_SESSION_EVT_TYPES, SESSION_CTRL_BODY_MAX, SESSION_MQ_CTRL_EVT_RING, SessionEvtType, formatSessionEvtType,
  kEvtData, sessionEvtHeader, svmMsgCheckRef, u64FromWords, u64Hi, u64Lo,
  type SessionEvtTypeName,
} from './session-event.js';
import { SvmRv } from './svm-codes.js';

/** Field kinds: byte width and how a value is read. `ip4` is a u32 printed dotted. */
type FieldKind = 'u8' | 'u16' | 'u32' | 'i32' | 'u64' | 'ip4';
/** [name, kind] or [name, kind, max]: a value above max is malformed. */
type FieldSpec = readonly [string, FieldKind] | readonly [string, FieldKind, number];

const handleMsg = [['clientIndex', 'u32'], ['context', 'u32'], ['handle', 'u64']] as const;
const replyMsg = [['context', 'u32'], ['retval', 'i32'], ['handle', 'u64']] as const;
const connectMsg = [
  ['clientIndex', 'u32'], ['context', 'u32'], ['wrkIndex', 'u32'], ['vrf', 'u32'], ['port', 'u16'],
  ['lclPort', 'u16'], ['proto', 'u8'], ['isIp4', 'u8', 1], ['ip', 'ip4'], ['lclIp', 'ip4'],
  ['parentHandle', 'u64'], ['ckpairIndex', 'u32'], ['flags', 'u8'],
] as const;

/**
 * The control messages vppsim exchanges between apps and vpp (vpp-notes §D), one row each.
 * Models: application_interface.h; the `struct` column names VPP's type.
 */
export const ctrlMsgTable = [
  {
    type: 'CTRL_EVT_LISTEN', struct: 'session_listen_msg_t', fields: [
      ['clientIndex', 'u32'], ['context', 'u32'], ['wrkIndex', 'u32'], ['vrf', 'u32'], ['port', 'u16'],
      ['proto', 'u8'], ['isIp4', 'u8', 1], ['ip', 'ip4'], ['flags', 'u8'],
    ],
  },
  {
    type: 'CTRL_EVT_BOUND', struct: 'session_bound_msg_t', fields: [
      ['context', 'u32'], ['handle', 'u64'], ['retval', 'i32'], ['lclIsIp4', 'u8', 1], ['lclIp', 'ip4'],
      ['lclPort', 'u16'], ['rxFifo', 'u32'], ['txFifo', 'u32'], ['vppEvtQ', 'u32'], ['segmentHandle', 'u64'],
      ['mqIndex', 'u32'],
    ],
  },
  {
    type: 'CTRL_EVT_UNLISTEN', struct: 'session_unlisten_msg_t', fields: [
      ['clientIndex', 'u32'], ['context', 'u32'], ['wrkIndex', 'u32'], ['handle', 'u64'],
    ],
  },
  {
    type: 'CTRL_EVT_UNLISTEN_REPLY', struct: 'session_unlisten_reply_msg_t', fields: [
      ['context', 'u32'], ['handle', 'u64'], ['retval', 'i32'],
    ],
  },
  { type: 'CTRL_EVT_CONNECT', struct: 'session_connect_msg_t', fields: connectMsg },
  { type: 'CTRL_EVT_CONNECT_STREAM', struct: 'session_connect_msg_t', fields: connectMsg },
  {
    type: 'CTRL_EVT_CONNECTED', struct: 'session_connected_msg_t', fields: [
      ['context', 'u32'], ['retval', 'i32'], ['handle', 'u64'], ['serverRxFifo', 'u32'], ['serverTxFifo', 'u32'],
      ['segmentHandle', 'u64'], ['vppEventQueueAddress', 'u32'], ['lclIsIp4', 'u8', 1], ['lclIp', 'ip4'],
      ['lclPort', 'u16'], ['mqIndex', 'u32'],
    ],
  },
  {
    type: 'CTRL_EVT_ACCEPTED', struct: 'session_accepted_msg_t', fields: [
      ['context', 'u32'], ['listenerHandle', 'u64'], ['handle', 'u64'], ['serverRxFifo', 'u32'],
      ['serverTxFifo', 'u32'], ['segmentHandle', 'u64'], ['vppEventQueueAddress', 'u32'], ['mqIndex', 'u32'],
      ['isIp4', 'u8', 1], ['lclIp', 'ip4'], ['lclPort', 'u16'], ['rmtIp', 'ip4'], ['rmtPort', 'u16'], ['flags', 'u16'],
    ],
  },
  {
    type: 'CTRL_EVT_ACCEPTED_REPLY', struct: 'session_accepted_reply_msg_t', fields: [
      ['context', 'u32'], ['retval', 'i32'], ['handle', 'u64'], ['appSessionIndex', 'u32'],
    ],
  },
  { type: 'CTRL_EVT_SHUTDOWN', struct: 'session_shutdown_msg_t', fields: handleMsg },
  { type: 'CTRL_EVT_DISCONNECT', struct: 'session_disconnect_msg_t', fields: handleMsg },
  { type: 'CTRL_EVT_DISCONNECTED', struct: 'session_disconnected_msg_t', fields: handleMsg },
  { type: 'CTRL_EVT_DISCONNECTED_REPLY', struct: 'session_disconnected_reply_msg_t', fields: replyMsg },
  { type: 'CTRL_EVT_RESET', struct: 'session_reset_msg_t', fields: handleMsg },
  { type: 'CTRL_EVT_RESET_REPLY', struct: 'session_reset_reply_msg_t', fields: replyMsg },
  { type: 'CTRL_EVT_TERMINATE', struct: 'session_terminate_msg_t', fields: handleMsg },
  {
    type: 'CTRL_EVT_CLEANUP', struct: 'session_cleanup_msg_t', fields: [
      ['handle', 'u64'], ['type', 'u8', 1], // SESSION_CLEANUP_TRANSPORT, SESSION_CLEANUP_SESSION
    ],
  },
  { type: 'CTRL_EVT_REQ_WORKER_UPDATE', struct: 'session_req_worker_update_msg_t', fields: [['sessionHandle', 'u64']] },
  {
    type: 'CTRL_EVT_WORKER_UPDATE', struct: 'session_worker_update_msg_t', fields: [
      ['clientIndex', 'u32'], ['wrkIndex', 'u16'], ['reqWrkIndex', 'u16'], ['handle', 'u64'],
    ],
  },
  {
    type: 'CTRL_EVT_WORKER_UPDATE_REPLY', struct: 'session_worker_update_reply_msg_t', fields: [
      ['handle', 'u64'], ['rxFifo', 'u32'], ['txFifo', 'u32'], ['segmentHandle', 'u64'],
    ],
  },
  { type: 'CTRL_EVT_APP_DETACH', struct: 'session_app_detach_msg_t', fields: [['clientIndex', 'u32'], ['context', 'u32']] },
] as const satisfies readonly { readonly type: SessionEvtTypeName; readonly struct: string; readonly fields: readonly FieldSpec[] }[];

/** A field name of any ctrl message. */
export type CtrlFieldName = (typeof ctrlMsgTable)[number]['fields'][number][0];

// --- views derived from the table, once -----------------------------------------------------

const kindCode: Record<FieldKind, number> = { u8: 0, u16: 1, u32: 2, i32: 3, u64: 4, ip4: 5 };
const kindBytes = [1, 2, 4, 4, 8, 4];
const kindAlign = [1, 2, 4, 4, 4, 4];
const K_U8 = 0;
const K_U16 = 1;
const K_I32 = 3;
const K_U64 = 4;

const fieldNames: string[] = [];
for (const row of ctrlMsgTable) for (const f of row.fields) if (!fieldNames.includes(f[0])) fieldNames.push(f[0]);

/** Field ids by name: `CtrlField.handle`. The same id in every message type that has the field. */
export const CtrlField = Object.freeze(Object.fromEntries(fieldNames.map((n, i) => [n, i]))) as { readonly [K in CtrlFieldName]: number };
/** Number of distinct fields. */
export const N_CTRL_FIELDS = fieldNames.length;
/** Field names by id. */
export const ctrlFieldNames: readonly string[] = fieldNames;

const nFieldSpecs = ctrlMsgTable.reduce((n, row) => n + row.fields.length, 0);
/** Per event type: index of its layout, −1 if it has none. */
const layoutOfType = new Int16Array(N_SESSION_EVT_TYPES).fill(-1);
/** Per layout: body bytes, first field spec, field count. */
const bodyBytes = new Int16Array(ctrlMsgTable.length);
const specStart = new Int16Array(ctrlMsgTable.length);
const specCount = new Int16Array(ctrlMsgTable.length);
/** Per field spec: field id, kind, byte offset in the slot, max (−1: none). */
const specField = new Int16Array(nFieldSpecs);
const specKind = new Int8Array(nFieldSpecs);
const specOff = new Int16Array(nFieldSpecs);
const specMax = new Float64Array(nFieldSpecs);
/** Per (type, field): byte offset in the slot (−1: the type has no such field), and kind. */
const fieldOffByType = new Int16Array(N_SESSION_EVT_TYPES * N_CTRL_FIELDS).fill(-1);
const fieldKindByType = new Int8Array(N_SESSION_EVT_TYPES * N_CTRL_FIELDS);

{
  let s = 0;
  ctrlMsgTable.forEach((row, li) => {
    const type = SessionEvtType[row.type];
    layoutOfType[type] = li;
    specStart[li] = s;
    let off = 0;
    for (const f of row.fields as readonly FieldSpec[]) {
      const k = kindCode[f[1]];
      off = Math.ceil(off / (kindAlign[k] as number)) * (kindAlign[k] as number);
      const id = CtrlField[f[0] as CtrlFieldName];
      specField[s] = id;
      specKind[s] = k;
      specOff[s] = kEvtData + off;
      specMax[s] = f.length === 3 ? f[2] : -1;
      fieldOffByType[type * N_CTRL_FIELDS + id] = kEvtData + off;
      fieldKindByType[type * N_CTRL_FIELDS + id] = k;
      off += kindBytes[k] as number;
      s++;
    }
    specCount[li] = s - (specStart[li] as number);
    bodyBytes[li] = Math.ceil(off / 4) * 4;
    if ((bodyBytes[li] as number) > SESSION_CTRL_BODY_MAX) throw new Error(`ctrl message ${row.type} does not fit a 256-byte slot`);
  });
}

/** True if event type `t` has a ctrl message layout (may be sent on the ctrl ring). */
export const ctrlMsgHasLayout = (t: number): boolean => t >= 0 && t < N_SESSION_EVT_TYPES && (layoutOfType[t] as number) >= 0;
/** Body bytes of type `t`'s message (vppsim's aligned layout), or −1. */
export const ctrlMsgBodyBytes = (t: number): number => (ctrlMsgHasLayout(t) ? bodyBytes[layoutOfType[t] as number] as number : -1);
/** Byte offset of field `f` in a type-`t` slot, or −1 if that message has no such field. */
export const ctrlMsgFieldOffset = (t: number, f: number): number =>
  (t >= 0 && t < N_SESSION_EVT_TYPES && f >= 0 && f < N_CTRL_FIELDS ? fieldOffByType[t * N_CTRL_FIELDS + f] as number : -1);

/**
 * A control message's values, decoded in place (allocate one per consumer, reuse it). Fields the
 * type does not have keep whatever they held. u64 values are exact up to 2^53; −1 is ~0.
 */
export class CtrlMsg {
  /** Event type (`SessionEvtType`), −1 before the first decode. */
  eventType = -1;
  /** Field values by {@link CtrlField} id. */
  readonly v = new Float64Array(N_CTRL_FIELDS);

  /** Value of field `f`. */
  get (f: number): number { return this.v[f] as number; }
  /** Sets field `f` (chainable; for building messages, not hot paths). */
  set (f: number, value: number): this {
    this.v[f] = value;
    return this;
  }
  /** Starts a message of type `t`: sets the type and zeroes every field. */
  reset (t: number): this {
    this.eventType = t;
    this.v.fill(0);
    return this;
  }
}

/** Reads one field at slot byte `o` (no checks). */
function readField (u8: Uint8Array, i32: Int32Array, o: number, kind: number): number {
  switch (kind) {
    case K_U8: return u8[o] as number;
    case K_U16: return (u8[o] as number) | ((u8[o + 1] as number) << 8);
    case K_I32: return i32[o >> 2] as number;
    case K_U64: return u64FromWords(i32[o >> 2] as number, i32[(o >> 2) + 1] as number);
    default: return (i32[o >> 2] as number) >>> 0; // u32, ip4
  }
}

/**
 * Reads field `f` straight from the slot of element `msg` (an accessor: no decode, no checks
 * beyond the layout). NaN if the message's type has no such field.
 */
export function ctrlMsgField (mq: SvmMsgQ, msg: number, f: number): number {
  const off = mq.msgData(msg);
  const t = (mq.i32[off >> 2] as number) & 255;
  const fo = ctrlMsgFieldOffset(t, f);
  if (fo < 0) return NaN;
  return readField(mq.u8, mq.i32, off + fo, fieldKindByType[t * N_CTRL_FIELDS + f] as number);
}

/**
 * Writes `m` into the ctrl-ring element `msg` of `mq`: header (type, postponed 0, body length)
 * and the type's fields. Values are truncated to the field width, not checked: a producer that
 * writes garbage is caught by the consumer's decode. Returns 0, or MSG_UNKNOWN_TYPE (nothing
 * written) for a type without a layout. Allocates nothing.
 */
export function ctrlMsgEncode (mq: SvmMsgQ, msg: number, m: CtrlMsg): number {
  const t = m.eventType;
  if (!ctrlMsgHasLayout(t)) return SvmRv.MSG_UNKNOWN_TYPE;
  const li = layoutOfType[t] as number;
  const off = mq.msgData(msg);
  const u8 = mq.u8;
  const i32 = mq.i32;
  i32[off >> 2] = sessionEvtHeader(t, 0, bodyBytes[li] as number);
  const v = m.v;
  const end = (specStart[li] as number) + (specCount[li] as number);
  for (let s = specStart[li] as number; s < end; s++) {
    const o = off + (specOff[s] as number);
    const x = v[specField[s] as number] as number;
    switch (specKind[s]) {
      case K_U8: u8[o] = x; break;
      case K_U16: u8[o] = x & 255; u8[o + 1] = (x >>> 8) & 255; break;
      case K_U64: i32[o >> 2] = u64Lo(x); i32[(o >> 2) + 1] = u64Hi(x); break;
      default: i32[o >> 2] = x; // u32, i32, ip4: ToInt32 keeps the low 32 bits
    }
  }
  return SvmRv.OK;
}

/**
 * Decodes the ctrl-ring element `msg` of `mq` into `out` and returns its event type (≥ 0), or a
 * negative code: MQ_BAD_MSG / MSG_WRONG_RING (the reference), MSG_UNKNOWN_TYPE (no layout),
 * MSG_BAD_LENGTH (body length ≠ the type's), MSG_BAD_FIELD (postponed > 1, a value above its
 * field's max, a u64 that is neither ~0 nor below 2^53). Rejections are counted in the mq's
 * malformed counter with their code and type. Never throws; allocates nothing.
 */
export function ctrlMsgDecode (mq: SvmMsgQ, msg: number, out: CtrlMsg): number {
  const ref = svmMsgCheckRef(mq, msg, SESSION_MQ_CTRL_EVT_RING);
  if (ref !== SvmRv.OK) {
    mq.noteMalformed(ref, -1);
    return ref;
  }
  const rv = ctrlMsgDecodeSlot(mq.u8, mq.i32, mq.msgData(msg), out);
  if (rv < 0) mq.noteMalformed(rv, (mq.i32[mq.msgData(msg) >> 2] as number) & 255);
  return rv;
}

/**
 * Decodes a ctrl message slot at byte `off` of a SAB (`u8`/`i32` views of it), wherever the slot
 * was copied to (a session worker keeps copies in its ctrl data pool). Same checks and codes as
 * {@link ctrlMsgDecode}, without counting; the caller counts. Never throws; allocates nothing.
 */
export function ctrlMsgDecodeSlot (u8: Uint8Array, i32: Int32Array, off: number, out: CtrlMsg): number {
  const h = i32[off >> 2] as number;
  const t = h & 255;
  if (!ctrlMsgHasLayout(t)) return SvmRv.MSG_UNKNOWN_TYPE;
  const li = layoutOfType[t] as number;
  if (((h >>> 8) & 255) > 1) return SvmRv.MSG_BAD_FIELD;
  if (h >>> 16 !== bodyBytes[li]) return SvmRv.MSG_BAD_LENGTH;
  const v = out.v;
  const end = (specStart[li] as number) + (specCount[li] as number);
  for (let s = specStart[li] as number; s < end; s++) {
    const x = readField(u8, i32, off + (specOff[s] as number), specKind[s] as number);
    const max = specMax[s] as number;
    if (x !== x || (max >= 0 && x > max)) return SvmRv.MSG_BAD_FIELD; // x !== x: NaN
    v[specField[s] as number] = x;
  }
  out.eventType = t;
  return t;
}

/**
 * Sends `m` to vpp on the ctrl ring: lock and allocate (try-lock with `noblock`, else wait up to
 * `timeoutNs` for space), encode, add and unlock. Returns 0, −1, −2, ETIMEDOUT or
 * MSG_UNKNOWN_TYPE. Models: application_interface.h app_alloc_ctrl_evt_to_vpp +
 * app_send_ctrl_evt_to_vpp (VPP always blocks: SVM_Q_WAIT).
 */
export function appSendCtrlEvtToVpp (mq: SvmMsgQ, m: CtrlMsg, noblock: boolean, timeoutNs = Infinity): number {
  if (!ctrlMsgHasLayout(m.eventType)) return SvmRv.MSG_UNKNOWN_TYPE;
  const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_CTRL_EVT_RING, noblock, timeoutNs);
  if (msg < 0) return msg;
  ctrlMsgEncode(mq, msg, m);
  mq.addAndUnlock(msg);
  return SvmRv.OK;
}

const formatIp4 = (x: number): string => `${(x >>> 24) & 255}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;

/**
 * One line: `SESSION_CTRL_EVT_CONNECTED context 7 retval 0 handle 0x100000002 …`, fields in
 * VPP's order, handles in hex as VPP prints them, −1 handles as `~0`. Not for hot paths.
 */
export function formatCtrlMsg (m: CtrlMsg): string {
  if (!ctrlMsgHasLayout(m.eventType)) return formatSessionEvtType(m.eventType);
  const li = layoutOfType[m.eventType] as number;
  let s = formatSessionEvtType(m.eventType);
  const end = (specStart[li] as number) + (specCount[li] as number);
  for (let i = specStart[li] as number; i < end; i++) {
    const id = specField[i] as number;
    const x = m.v[id] as number;
    const k = specKind[i] as number;
    const text = k === K_U64 ? (x < 0 ? '~0' : `0x${x.toString(16)}`) : k === kindCode.ip4 ? formatIp4(x) : `${x}`;
    s += ` ${fieldNames[id] as string} ${text}`;
  }
  return s;
}

/** The event types that have a layout, in table order. */
export const ctrlMsgTypes: readonly number[] = ctrlMsgTable.map((row) => SessionEvtType[row.type]);
