// src/session/half-open-table.ts: half-open TCP connections by 4-tuple, readable from every
// thread: the connecting thread (the first worker) adds one before it sends the SYN; the
// thread the SYN-ACK lands on (the flow's thread) finds it. Models:
// src/vnet/session/session_lookup.c session_lookup_add/del_half_open, session_lookup_half_open4.
//
//   open addressing, linear probing, power-of-two capacity; slot = 6 Int32 words:
//   [state][lcl ip][rmt ip][lcl port << 16 | rmt port][thread][conn index]
//   state: 0 empty, 1 used, 2 deleted. One writer (the connecting thread); any thread reads.

import { VppsimError } from '../errors.js';

const kSlotWords = 6;
const kState = 0;
const kLclIp = 1;
const kRmtIp = 2;
const kPorts = 3;
const kThread = 4;
const kConn = 5;
const EMPTY = 0;
const USED = 1;
const DELETED = 2;

/** The half-open table of a run. */
export class HalfOpenTable {
  readonly i32: Int32Array;
  private readonly mask: number;

  constructor (readonly sab: SharedArrayBuffer, readonly capacity: number) {
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new RangeError('half-open table capacity must be a power of two');
    this.i32 = new Int32Array(sab);
    this.mask = capacity - 1;
  }

  /** A zeroed table of `capacity` slots. */
  static create (capacity: number): HalfOpenTable {
    return new HalfOpenTable(new SharedArrayBuffer(capacity * kSlotWords * 4), capacity);
  }

  private hash (lclIp: number, rmtIp: number, ports: number): number {
    let h = Math.imul(lclIp ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(rmtIp, 0xc2b2ae35) ^ Math.imul(ports, 0x27d4eb2f);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Adds a half-open (connecting thread). Throws VppsimError `ERR_HALF_OPEN_TABLE_FULL`. */
  add (lclIp: number, lclPort: number, rmtIp: number, rmtPort: number, thread: number, conn: number): void {
    const ports = ((lclPort & 0xffff) << 16) | (rmtPort & 0xffff);
    let s = this.hash(lclIp, rmtIp, ports);
    for (let k = 0; k < this.capacity; k++, s = (s + 1) & this.mask) {
      const b = s * kSlotWords;
      if (Atomics.load(this.i32, b + kState) === USED) continue;
      this.i32[b + kLclIp] = lclIp;
      this.i32[b + kRmtIp] = rmtIp;
      this.i32[b + kPorts] = ports;
      this.i32[b + kThread] = thread;
      this.i32[b + kConn] = conn;
      Atomics.store(this.i32, b + kState, USED);
      return;
    }
    throw new VppsimError('ERR_HALF_OPEN_TABLE_FULL', `half-open table full (${this.capacity})`);
  }

  private find (lclIp: number, lclPort: number, rmtIp: number, rmtPort: number): number {
    const ports = ((lclPort & 0xffff) << 16) | (rmtPort & 0xffff);
    let s = this.hash(lclIp, rmtIp, ports);
    for (let k = 0; k < this.capacity; k++, s = (s + 1) & this.mask) {
      const b = s * kSlotWords;
      const st = Atomics.load(this.i32, b + kState);
      if (st === EMPTY) return -1;
      if (st === USED && this.i32[b + kLclIp] === lclIp && this.i32[b + kRmtIp] === rmtIp && this.i32[b + kPorts] === ports) return b;
    }
    return -1;
  }

  /** The half-open's (thread, connection) packed as thread * 2^24 + conn, or -1. Any thread. */
  lookup (lclIp: number, lclPort: number, rmtIp: number, rmtPort: number): number {
    const b = this.find(lclIp | 0, lclPort, rmtIp | 0, rmtPort);
    return b < 0 ? -1 : (this.i32[b + kThread] as number) * 16777216 + (this.i32[b + kConn] as number);
  }

  /** Removes a half-open (connecting thread). */
  del (lclIp: number, lclPort: number, rmtIp: number, rmtPort: number): void {
    const b = this.find(lclIp | 0, lclPort, rmtIp | 0, rmtPort);
    if (b >= 0) Atomics.store(this.i32, b + kState, DELETED);
  }
}
