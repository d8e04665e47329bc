// src/svm/fifo.ts: svm_fifo, the single-producer single-consumer byte fifo sessions move data
// through, on a SharedArrayBuffer. Models: src/svm/svm_fifo.{h,c} (enqueue, dequeue, peek,
// dequeue_drop, max_enqueue/max_dequeue, the has_event flag and dequeue notifications).
//
// The producer owns `tail`, the consumer `head`; each publishes its index with a sequentially
// consistent store after moving the bytes, and reads the other's with an atomic load, the
// store-release/load-acquire pairs of svm_fifo.h (f_load_head_tail_cons/_prod).
//
// Copies (measured on this 2-vCPU machine, node 20, one direction, into a SharedArrayBuffer):
//   bytes                 8      32     64     128    256    1 KiB   64 KiB
//   byte loop ×4          7 ns   25 ns  46 ns  105 ns 248 ns 976 ns  49.7 µs
//   set(subarray)         75 ns  88 ns  101 ns 121 ns 179 ns 447 ns  18.1 µs
//   set(whole source)     15 ns  21 ns  39 ns  63 ns
// `subarray` allocates a view object (~60 ns of the small cases); `Buffer#copy` is no better (it
// builds the same view). So: a whole source array of 32 B or more is copied with `set` (no view,
// no allocation); other copies under kFifoLoopCopyMax bytes use an unrolled byte loop (no
// allocation); longer ones use `set(subarray)`, one short-lived view per contiguous piece, which
// costs under 10% of the copy from 128 B and under 0.5% at 64 KiB.

import { SvmError } from '../errors.js';
import {
  SVM_FIFO_MAGIC, SVM_FIFO_MAX_SIZE, SVM_FIFO_MIN_SIZE, kFifoDataByte, kFifoDeqThresh, kFifoHasDeqNtf,
  kFifoHasEvent, kFifoHead, kFifoHeaderBytes, kFifoMagic, kFifoMask, kFifoSize, kFifoTail,
  kFifoSentStampF64Word, kFifoWantDeqNtf, svmFifoSizeToAlloc,
} from './fifo-layout.js';
import { SvmRv } from './svm-codes.js';

/** Copies shorter than this many bytes use a byte loop (no allocation). See the table above. */
export const kFifoLoopCopyMax = 128;
/** A whole source array at least this long is copied with `set` (no view needed). */
export const kFifoWholeSetMin = 32;

/** `svm_fifo_deq_ntf_t`, VPP's bit values. Models: src/svm/svm_fifo.h. */
export const SvmFifoDeqNtf = {
  /** SVM_FIFO_NO_DEQ_NOTIF */
  None: 0,
  /** SVM_FIFO_WANT_DEQ_NOTIF: notify on dequeue (once there is `deq_thresh` space). */
  Want: 1,
  /** SVM_FIFO_WANT_DEQ_NOTIF_IF_FULL: notify on the transition from full. */
  IfFull: 2,
  /** SVM_FIFO_WANT_DEQ_NOTIF_IF_EMPTY: notify on the transition to empty. */
  IfEmpty: 4,
} as const;

/**
 * A view of one fifo. Byte counts are in bytes; positions are free-running u32. One producer
 * thread and one consumer thread. Copies allocate nothing except a view per contiguous piece of
 * {@link kFifoLoopCopyMax} bytes or more that is not a whole source array.
 * Models: src/svm/fifo_types.h svm_fifo_t (the private view of svm_fifo_shared_t).
 */
export class SvmFifo {
  /** The whole SAB (cached views). */
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  /** Int32 index of the fifo's base. */
  readonly base: number;
  /** Data bytes (`svm_fifo_size`), a power of two. */
  readonly size: number;
  readonly mask: number;
  /** Absolute byte offset of data[0]. */
  readonly dataByte: number;
  private readonly headWord: number;
  private readonly tailWord: number;
  /** Float64 view and index of the sent stamp (vppsim's latency by stage). */
  private readonly f64: Float64Array;
  private readonly stampIndex: number;

  /** Attaches to the fifo at `byteOffset`; throws SvmError (ERR_SVM_BAD_OBJECT) if none. */
  constructor (readonly sab: SharedArrayBuffer, readonly byteOffset: number) {
    if ((byteOffset & 63) !== 0 || byteOffset < 0 || byteOffset + kFifoHeaderBytes > sab.byteLength) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `fifo offset ${byteOffset} is not a 64-byte aligned offset inside the segment`);
    }
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
    const b = this.base = byteOffset >> 2;
    if (Atomics.load(this.i32, b + kFifoMagic) !== SVM_FIFO_MAGIC) throw new SvmError('ERR_SVM_BAD_OBJECT', `no fifo at offset ${byteOffset}`);
    this.size = this.i32[b + kFifoSize] as number;
    this.mask = this.i32[b + kFifoMask] as number;
    this.dataByte = byteOffset + (this.i32[b + kFifoDataByte] as number);
    this.headWord = b + kFifoHead;
    this.tailWord = b + kFifoTail;
    this.f64 = new Float64Array(sab, byteOffset, kFifoHeaderBytes >> 3);
    this.stampIndex = kFifoSentStampF64Word >> 1;
  }

  /**
   * Lays out an empty fifo of `size` bytes (a power of two, 16 B .. 1 GiB) at `byteOffset`
   * (64-byte aligned, {@link svmFifoSizeToAlloc} bytes). Models: svm_fifo.c svm_fifo_init.
   */
  static init (sab: SharedArrayBuffer, byteOffset: number, size: number): void {
    if (!Number.isInteger(size) || size < SVM_FIFO_MIN_SIZE || size > SVM_FIFO_MAX_SIZE || (size & (size - 1)) !== 0) {
      throw new RangeError(`fifo size must be a power of two from ${SVM_FIFO_MIN_SIZE} to ${SVM_FIFO_MAX_SIZE} bytes (got ${size})`);
    }
    if ((byteOffset & 63) !== 0 || byteOffset + svmFifoSizeToAlloc(size) > sab.byteLength) {
      throw new SvmError('ERR_SVM_BAD_OBJECT', `fifo of ${size} bytes does not fit at offset ${byteOffset}`);
    }
    const i32 = new Int32Array(sab, byteOffset, kFifoHeaderBytes >> 2);
    i32.fill(0);
    i32[kFifoSize] = size;
    i32[kFifoMask] = size - 1;
    i32[kFifoDataByte] = kFifoHeaderBytes;
    Atomics.store(i32, kFifoMagic, SVM_FIFO_MAGIC);
  }

  // --- sizes ------------------------------------------------------------------------------

  /** Bytes ready to dequeue, as the consumer sees them (`svm_fifo_max_dequeue_cons`). */
  maxDequeueCons (): number {
    return (Atomics.load(this.i32, this.tailWord) - (this.i32[this.headWord] as number)) | 0;
  }
  /** Bytes ready to dequeue, as the producer sees them (`svm_fifo_max_dequeue_prod`). */
  maxDequeueProd (): number {
    return ((this.i32[this.tailWord] as number) - Atomics.load(this.i32, this.headWord)) | 0;
  }
  /** Bytes ready to dequeue, from any thread (`svm_fifo_max_dequeue`). */
  maxDequeue (): number {
    return (Atomics.load(this.i32, this.tailWord) - Atomics.load(this.i32, this.headWord)) | 0;
  }
  /** Free bytes, as the producer sees them (`svm_fifo_max_enqueue_prod`). */
  maxEnqueueProd (): number { return this.size - this.maxDequeueProd(); }
  /** Free bytes, from any thread (`svm_fifo_max_enqueue`). */
  maxEnqueue (): number { return this.size - this.maxDequeue(); }
  /** `svm_fifo_is_empty`. */
  isEmpty (): boolean { return this.maxDequeue() === 0; }
  /** `svm_fifo_is_full`. */
  isFull (): boolean { return this.maxDequeue() === this.size; }
  /** Head position (consumer). */
  get head (): number { return Atomics.load(this.i32, this.headWord) >>> 0; }
  /** Tail position (producer). */
  get tail (): number { return Atomics.load(this.i32, this.tailWord) >>> 0; }

  // --- data -------------------------------------------------------------------------------

  /**
   * `svm_fifo_enqueue`: copies up to `len` bytes from `src[srcOffset…]`, as many as fit.
   * Returns the bytes enqueued, or `SvmRv.FIFO_EFULL` (−2) when there is no space. Producer.
   */
  enqueue (len: number, src: Uint8Array, srcOffset = 0): number {
    const i32 = this.i32;
    const tail = i32[this.tailWord] as number;
    const free = this.size - ((tail - Atomics.load(i32, this.headWord)) | 0);
    if (free === 0) return SvmRv.FIFO_EFULL;
    const n = len < free ? len : free;
    this.copyIn(tail & this.mask, src, srcOffset, n);
    Atomics.store(i32, this.tailWord, (tail + n) | 0);
    return n;
  }

  /**
   * `svm_fifo_enqueue_nocopy`: advances the tail by `len` bytes the producer wrote in place
   * (through {@link SvmFifo.u8} at {@link SvmFifo.dataByte}). Producer; `len` ≤ max enqueue.
   */
  enqueueNocopy (len: number): void {
    Atomics.store(this.i32, this.tailWord, ((this.i32[this.tailWord] as number) + len) | 0);
  }

  /**
   * `svm_fifo_dequeue`: copies up to `len` bytes into `dst[dstOffset…]` and frees them.
   * Returns the bytes dequeued or `SvmRv.FIFO_EEMPTY` (−3). Consumer.
   */
  dequeue (len: number, dst: Uint8Array, dstOffset = 0): number {
    const i32 = this.i32;
    const head = i32[this.headWord] as number;
    const cursize = (Atomics.load(i32, this.tailWord) - head) | 0;
    if (cursize === 0) return SvmRv.FIFO_EEMPTY;
    const n = len < cursize ? len : cursize;
    this.copyOut(head & this.mask, dst, dstOffset, n);
    Atomics.store(i32, this.headWord, (head + n) | 0);
    return n;
  }

  /**
   * `svm_fifo_peek`: copies up to `len` bytes starting `offset` bytes after the head, without
   * freeing them. Returns the bytes copied; 0 if `offset` is at or past the data (and offset
   * > 0); `SvmRv.FIFO_EEMPTY` if the fifo is empty and offset is 0. Consumer.
   */
  peek (offset: number, len: number, dst: Uint8Array, dstOffset = 0): number {
    const i32 = this.i32;
    const head = i32[this.headWord] as number;
    const cursize = (Atomics.load(i32, this.tailWord) - head) | 0;
    if (cursize <= offset) return offset !== 0 ? 0 : SvmRv.FIFO_EEMPTY;
    const avail = cursize - offset;
    const n = len < avail ? len : avail;
    this.copyOut((head + offset) & this.mask, dst, dstOffset, n);
    return n;
  }

  /**
   * `svm_fifo_dequeue_drop`: frees up to `len` bytes without copying. Returns the bytes dropped
   * or `SvmRv.FIFO_EEMPTY`. Consumer.
   */
  dequeueDrop (len: number): number {
    const i32 = this.i32;
    const head = i32[this.headWord] as number;
    const cursize = (Atomics.load(i32, this.tailWord) - head) | 0;
    if (cursize === 0) return SvmRv.FIFO_EEMPTY;
    const n = len < cursize ? len : cursize;
    Atomics.store(i32, this.headWord, (head + n) | 0);
    return n;
  }

  /** `svm_fifo_dequeue_drop_all`: moves the head to the tail. Consumer. */
  dequeueDropAll (): void {
    Atomics.store(this.i32, this.headWord, Atomics.load(this.i32, this.tailWord));
  }

  /** Copies `n` bytes from `src[so…]` into the ring at index `at`, splitting at the wrap. */
  private copyIn (at: number, src: Uint8Array, so: number, n: number): void {
    const first = this.size - at < n ? this.size - at : n;
    copyBytes(this.u8, this.dataByte + at, src, so, first);
    if (first < n) copyBytes(this.u8, this.dataByte, src, so + first, n - first);
  }

  /** Copies `n` bytes from the ring at index `at` into `dst[dOff…]`, splitting at the wrap. */
  private copyOut (at: number, dst: Uint8Array, dOff: number, n: number): void {
    const first = this.size - at < n ? this.size - at : n;
    copyBytes(dst, dOff, this.u8, this.dataByte + at, first);
    if (first < n) copyBytes(dst, dOff + first, this.u8, this.dataByte, n - first);
  }

  // --- event flag -------------------------------------------------------------------------

  /**
   * `svm_fifo_set_event`: sets the has-event flag; true only if it went from 0 to 1, i.e. the
   * caller must send the IO event (VPP's app sends TX only then).
   */
  setEvent (): boolean { return Atomics.exchange(this.i32, this.base + kFifoHasEvent, 1) === 0; }
  /** `svm_fifo_unset_event`. */
  unsetEvent (): void { Atomics.exchange(this.i32, this.base + kFifoHasEvent, 0); }
  /** `svm_fifo_has_event`. */
  hasEvent (): boolean { return Atomics.load(this.i32, this.base + kFifoHasEvent) !== 0; }

  // --- dequeue notifications --------------------------------------------------------------

  /**
   * vppsim: the producer notes when the oldest unread data was sent (ns), if nothing is noted;
   * the consumer takes the note (and clears it) when it reads. 0 means none.
   */
  noteSent (ns: number): void { if (this.f64[this.stampIndex] === 0) this.f64[this.stampIndex] = ns; }
  /** Takes the sent note (0 if none) and clears it. Consumer. */
  takeSent (): number {
    const v = this.f64[this.stampIndex] as number;
    if (v !== 0) this.f64[this.stampIndex] = 0;
    return v;
  }

  /** `svm_fifo_add_want_deq_ntf`: ORs {@link SvmFifoDeqNtf} bits in. */
  addWantDeqNtf (ntfType: number): void { Atomics.or(this.i32, this.base + kFifoWantDeqNtf, ntfType); }
  /** `svm_fifo_del_want_deq_ntf`. */
  delWantDeqNtf (ntfType: number): void { Atomics.and(this.i32, this.base + kFifoWantDeqNtf, ~ntfType); }
  /** `svm_fifo_get_want_deq_ntf`. */
  getWantDeqNtf (): number { return Atomics.load(this.i32, this.base + kFifoWantDeqNtf); }
  /**
   * `svm_fifo_clear_deq_ntf`: after sending a notification, sets has_deq_ntf if IF_FULL or
   * IF_EMPTY is wanted (one notification until {@link SvmFifo.resetHasDeqNtf}) and clears WANT.
   */
  clearDeqNtf (): void {
    const want = this.getWantDeqNtf();
    if ((want & (SvmFifoDeqNtf.IfFull | SvmFifoDeqNtf.IfEmpty)) !== 0) Atomics.store(this.i32, this.base + kFifoHasDeqNtf, 1);
    if ((want & SvmFifoDeqNtf.Want) !== 0) this.delWantDeqNtf(SvmFifoDeqNtf.Want);
  }
  /** `svm_fifo_has_deq_ntf`. */
  hasDeqNtf (): boolean { return Atomics.load(this.i32, this.base + kFifoHasDeqNtf) !== 0; }
  /** `svm_fifo_reset_has_deq_ntf`. */
  resetHasDeqNtf (): void { Atomics.store(this.i32, this.base + kFifoHasDeqNtf, 0); }
  /** Threshold in bytes of free space for WANT notifications (`signals.deq_thresh`). */
  get deqThresh (): number { return Atomics.load(this.i32, this.base + kFifoDeqThresh); }
  set deqThresh (bytes: number) { Atomics.store(this.i32, this.base + kFifoDeqThresh, bytes); }

  /**
   * `svm_fifo_needs_deq_ntf`: after the consumer dequeued `nLastDeq` bytes, should the producer
   * be notified? WANT: when at least `deq_thresh` bytes are free (and then IF_FULL/IF_EMPTY are
   * not looked at, as in VPP). IF_FULL: this dequeue took the fifo from full. IF_EMPTY: the fifo
   * is now empty. Both only while no notification is outstanding (has_deq_ntf).
   */
  needsDeqNtf (nLastDeq: number): boolean {
    const want = this.getWantDeqNtf();
    if (want === SvmFifoDeqNtf.None) return false;
    if ((want & SvmFifoDeqNtf.Want) !== 0) return this.maxEnqueue() >= this.deqThresh;
    if ((want & SvmFifoDeqNtf.IfFull) !== 0) {
      const maxDeq = this.maxDequeueCons();
      if (maxDeq < this.size && maxDeq + nLastDeq >= this.size && !this.hasDeqNtf()) return true;
    }
    if ((want & SvmFifoDeqNtf.IfEmpty) !== 0) {
      if (!this.hasDeqNtf() && this.isEmpty()) return true;
    }
    return false;
  }
}

/**
 * Copies `n` bytes `src[so…]` → `dst[dOff…]`: `set(src)` when that is the whole of `src` and at
 * least {@link kFifoWholeSetMin} bytes, an unrolled loop under {@link kFifoLoopCopyMax} bytes,
 * `set(subarray)` above; only the last allocates (a view). The ranges never overlap (one side is
 * a fifo, the other the caller's buffer).
 */
export function copyBytes (dst: Uint8Array, dOff: number, src: Uint8Array, so: number, n: number): void {
  if (so === 0 && n === src.length && n >= kFifoWholeSetMin) {
    dst.set(src, dOff);
    return;
  }
  if (n >= kFifoLoopCopyMax) {
    dst.set(src.subarray(so, so + n), dOff);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    dst[dOff + i] = src[so + i] as number;
    dst[dOff + i + 1] = src[so + i + 1] as number;
    dst[dOff + i + 2] = src[so + i + 2] as number;
    dst[dOff + i + 3] = src[so + i + 3] as number;
  }
  for (; i < n; i++) dst[dOff + i] = src[so + i] as number;
}
