// src/svm/segment.ts: a named SharedArrayBuffer holding message queues, eventfds and fifos, the
// memfd segment analogue. Models: src/svm/ssvm.c (ssvm_server_init of a memfd segment),
// src/svm/fifo_segment.c fifo_segment_msg_q_alloc / fifo_segment_msg_q_attach /
// fifo_segment_msg_q_offset.
//
// Everything in a segment is addressed by byte offset, so a set of objects is handed to another
// thread as plain data, `{ sab, offsets }` (what VPP passes over the app socket as an fd and
// offsets), and each thread builds its own views from (SAB, offset). Allocation is a bump pointer
// with alignment under a small lock word (setup time only; nothing is freed, as VPP frees a
// segment's mqs only with the segment).

import { SvmError } from '../errors.js';
import { SvmEventfd, type SvmEventfdOptions } from './eventfd.js';
import { kEfdBytes } from './eventfd-layout.js';
import { SvmFifo } from './fifo.js';
import { svmFifoSizeToAlloc } from './fifo-layout.js';
import { SvmMsgQ, type SvmMsgQOptions } from './message-queue.js';
import { svmMsgQCheckCfg, svmMsgQSizeToAlloc, type SvmMqLockKind, type SvmMsgQCfg } from './message-queue-layout.js';
import {
  SVM_OBJ_MAGIC, SVM_SEGMENT_MAGIC, SVM_SEGMENT_NAME_MAX, SVM_SEGMENT_VERSION, SvmObjKind, kObjHeaderBytes, svmObjKindNames,
  kObjKind, kObjMagic, kObjNext, kObjSize, kSegByteLength, kSegCursor, kSegFirstObj, kSegHeaderBytes,
  kSegLastObj, kSegLock, kSegMagic, kSegName, kSegNameLength, kSegNObjects, kSegObjAlign, kSegVersion,
} from './segment-layout.js';

/** What crosses to another thread at attach: plain data (structured-clonable). */
export interface SvmSegmentDescriptor {
  readonly name: string;
  readonly sab: SharedArrayBuffer;
}

/** One object found by {@link SvmSegment.objects}. */
export interface SvmSegmentObject {
  readonly kind: SvmObjKind;
  /** Byte offset of the object in the segment. */
  readonly offset: number;
  /** Bytes reserved for it. */
  readonly size: number;
}

/** Options of {@link SvmSegment.allocMsgQ}. */
export interface SvmMsgQAllocOptions {
  /** Give the mq an eventfd (VPP: svm_msg_q_alloc_eventfd). Default true. */
  readonly eventfd?: boolean;
  /** Override VPP's rule (local lock with an eventfd, shared without). */
  readonly lockKind?: SvmMqLockKind;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A segment: its SAB, its name, and a bump allocator for the objects in it. A thread that
 * receives the descriptor calls {@link SvmSegment.attach} and then builds views by offset.
 */
export class SvmSegment {
  readonly i32: Int32Array;

  private constructor (readonly sab: SharedArrayBuffer, readonly name: string) {
    this.i32 = new Int32Array(sab);
  }

  /**
   * Makes a zeroed segment of `byteLength` bytes (a multiple of 64, at least 256) named `name`
   * (≤ 64 UTF-8 bytes), e.g. `"<app>-rx-mqs-seg"` or `"session: wrk-mqs-segment"`.
   */
  static create (name: string, byteLength: number): SvmSegment {
    const nameBytes = encoder.encode(name);
    if (nameBytes.length > SVM_SEGMENT_NAME_MAX) throw new RangeError(`segment name must be at most ${SVM_SEGMENT_NAME_MAX} bytes of UTF-8 (got ${nameBytes.length})`);
    if (!Number.isInteger(byteLength) || byteLength < 2 * kSegHeaderBytes || byteLength % 64 !== 0) {
      throw new RangeError(`segment byteLength must be a multiple of 64 of at least ${2 * kSegHeaderBytes} (got ${byteLength})`);
    }
    const sab = new SharedArrayBuffer(byteLength);
    const i32 = new Int32Array(sab);
    i32[kSegVersion] = SVM_SEGMENT_VERSION;
    i32[kSegByteLength] = byteLength;
    i32[kSegCursor] = kSegHeaderBytes;
    i32[kSegNameLength] = nameBytes.length;
    new Uint8Array(sab, kSegName * 4, SVM_SEGMENT_NAME_MAX).set(nameBytes);
    Atomics.store(i32, kSegMagic, SVM_SEGMENT_MAGIC);
    return new SvmSegment(sab, name);
  }

  /** Attaches to a segment made elsewhere (any thread). Throws SvmError if it is not one. */
  static attach (sab: SharedArrayBuffer): SvmSegment {
    const i32 = new Int32Array(sab);
    if (sab.byteLength < kSegHeaderBytes || Atomics.load(i32, kSegMagic) !== SVM_SEGMENT_MAGIC) {
      throw new SvmError('ERR_SVM_BAD_SEGMENT', 'shared buffer is not an svm segment');
    }
    if (i32[kSegVersion] !== SVM_SEGMENT_VERSION) throw new SvmError('ERR_SVM_BAD_SEGMENT', `svm segment version ${i32[kSegVersion]} is not ${SVM_SEGMENT_VERSION}`);
    const len = i32[kSegNameLength] as number;
    const name = decoder.decode(new Uint8Array(sab, kSegName * 4, len).slice());
    return new SvmSegment(sab, name);
  }

  /** The plain-data form to send to another thread. */
  get descriptor (): SvmSegmentDescriptor { return { name: this.name, sab: this.sab }; }
  get byteLength (): number { return this.sab.byteLength; }
  /** Bytes handed out so far, headers and padding included. */
  get bytesUsed (): number { return Atomics.load(this.i32, kSegCursor); }
  /** Objects allocated. */
  get nObjects (): number { return Atomics.load(this.i32, kSegNObjects); }

  /**
   * Reserves `size` bytes aligned to `align` (a power of two ≥ 16) for an object of `kind`.
   * Returns its byte offset, or −1 if the segment is full (fsh_alloc_aligned returning 0).
   */
  tryAlloc (kind: SvmObjKind, size: number, align = kSegObjAlign): number {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`allocation size must be a non-negative integer (got ${size})`);
    if (align < 16 || (align & (align - 1)) !== 0) throw new RangeError(`alignment must be a power of two of at least 16 (got ${align})`);
    const i32 = this.i32;
    while (Atomics.compareExchange(i32, kSegLock, 0, 1) !== 0) Atomics.wait(i32, kSegLock, 1, 1);
    try {
      const cursor = i32[kSegCursor] as number;
      const obj = Math.ceil((cursor + kObjHeaderBytes) / align) * align;
      const end = obj + size;
      if (end > this.sab.byteLength) return -1;
      const h = (obj - kObjHeaderBytes) >> 2;
      i32[h + kObjKind] = kind;
      i32[h + kObjSize] = size;
      i32[h + kObjNext] = 0;
      i32[h + kObjMagic] = SVM_OBJ_MAGIC;
      const last = i32[kSegLastObj] as number;
      if (last === 0) i32[kSegFirstObj] = obj - kObjHeaderBytes;
      else i32[(last >> 2) + kObjNext] = obj - kObjHeaderBytes;
      i32[kSegLastObj] = obj - kObjHeaderBytes;
      i32[kSegNObjects] = (i32[kSegNObjects] as number) + 1;
      Atomics.store(i32, kSegCursor, end);
      return obj;
    } finally {
      Atomics.store(i32, kSegLock, 0);
      Atomics.notify(i32, kSegLock);
    }
  }

  /** {@link SvmSegment.tryAlloc}, throwing SvmError ERR_SVM_SEGMENT_FULL when out of space. */
  alloc (kind: SvmObjKind, size: number, align = kSegObjAlign): number {
    const off = this.tryAlloc(kind, size, align);
    if (off < 0) {
      throw new SvmError('ERR_SVM_SEGMENT_FULL', `segment "${this.name}" has no room for ${size} bytes (${this.bytesUsed} of ${this.byteLength} used)`);
    }
    return off;
  }

  /** Allocates and initialises an eventfd; returns its offset. */
  allocEventfd (): number {
    const off = this.alloc(SvmObjKind.Eventfd, kEfdBytes);
    SvmEventfd.init(this.sab, off);
    return off;
  }

  /**
   * Allocates and initialises an mq with `cfg`, by default with its own eventfd (allocated just
   * before it). Returns the mq's offset. Models: fifo_segment_msg_q_alloc +
   * svm_msg_q_alloc_eventfd.
   */
  allocMsgQ (cfg: SvmMsgQCfg, opts: SvmMsgQAllocOptions = {}): number {
    svmMsgQCheckCfg(cfg);
    const eventfdOffset = (opts.eventfd ?? true) ? this.allocEventfd() : -1;
    const off = this.alloc(SvmObjKind.MsgQ, svmMsgQSizeToAlloc(cfg));
    SvmMsgQ.init(this.sab, off, cfg, opts.lockKind === undefined ? { eventfdOffset } : { eventfdOffset, lockKind: opts.lockKind });
    return off;
  }

  /** Allocates and initialises a fifo of `size` bytes (a power of two); returns its offset. */
  allocFifo (size: number): number {
    const off = this.alloc(SvmObjKind.Fifo, svmFifoSizeToAlloc(size));
    SvmFifo.init(this.sab, off, size);
    return off;
  }

  /** A view of the mq at `offset` (`fifo_segment_msg_q_attach`). */
  msgQ (offset: number, opts: SvmMsgQOptions = {}): SvmMsgQ {
    this.expectKind(offset, SvmObjKind.MsgQ);
    return new SvmMsgQ(this.sab, offset, opts);
  }

  /** A view of the eventfd at `offset`. */
  eventfd (offset: number, opts: SvmEventfdOptions = {}): SvmEventfd {
    this.expectKind(offset, SvmObjKind.Eventfd);
    return new SvmEventfd(this.sab, offset, opts);
  }

  /** A view of the fifo at `offset`. */
  fifo (offset: number): SvmFifo {
    this.expectKind(offset, SvmObjKind.Fifo);
    return new SvmFifo(this.sab, offset);
  }

  /** Every object, in allocation order (`fifo_segment_msg_qs_discover` walks the same way). */
  objects (): SvmSegmentObject[] {
    const out: SvmSegmentObject[] = [];
    let h = Atomics.load(this.i32, kSegFirstObj);
    while (h !== 0) {
      const w = h >> 2;
      out.push({ kind: this.i32[w + kObjKind] as SvmObjKind, offset: h + kObjHeaderBytes, size: this.i32[w + kObjSize] as number });
      h = this.i32[w + kObjNext] as number;
    }
    return out;
  }

  /** Kind of the object at `offset`, or −1 if no object starts there. */
  kindAt (offset: number): number {
    if ((offset & 15) !== 0 || offset < kSegHeaderBytes + kObjHeaderBytes || offset > this.sab.byteLength) return -1;
    const w = (offset - kObjHeaderBytes) >> 2;
    return this.i32[w + kObjMagic] === SVM_OBJ_MAGIC ? this.i32[w + kObjKind] as number : -1;
  }

  private expectKind (offset: number, kind: SvmObjKind): void {
    if (this.kindAt(offset) !== kind) throw new SvmError('ERR_SVM_BAD_OBJECT', `no ${svmObjKindNames[kind] ?? 'object'} at offset ${offset} of segment "${this.name}"`);
  }
}
