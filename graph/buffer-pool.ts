// graph/buffer-pool.ts: the vlib buffer pool, shared by every vlib thread of a run.
// Models: src/vlib/buffer_funcs.h (vlib_buffer_alloc_from_pool, vlib_buffer_pool_get,
// vlib_buffer_pool_put, vlib_buffer_free_inline, vlib_buffer_length_in_chain, the chain helpers);
// src/vlib/buffer.h (vlib_buffer_advance, push/put_uninit, reset); src/vlib/buffer.c
// (vlib_buffer_pool_create, vlib_buffer_chain_append_data_with_alloc, format_vlib_buffer_pool).
//
// Two objects, as in VPP: {@link BufferPool} is the shared part (vlib_buffer_pool_t and the
// buffers, one view per JS thread), {@link BufferPoolThread} the thread's own part
// (vlib_buffer_pool_thread_t: its cache of free buffer indices, with a local copy of n_cached).
//
// The global free list is VPP's: a stack of indices under one lock, reached only in batches (a
// cache refill of ≥ 32 buffers; the overflow of one of free's batches of up to 128, which is a
// single buffer when freeOne finds the cache full, as in VPP; an alloc of ≥ cache size). The
// lock is a futex mutex (0 free, 1 held, 2 held with sleepers; the svm mq lock's): a taker spins
// kLockSpins times, then sleeps in Atomics.wait. Why a lock and not a lock-free stack: the
// batches (32..512 indices per lock) make the lock cheap per buffer; a Treiber stack moves one
// index per CAS and needs a 64-bit (index, generation) word against ABA, which JS only has as
// BigInt64Array, whose elements come out as BigInts (heap objects unless the JIT proves them
// away); and the lock is what VPP does (clib_spinlock_t bp->lock). Why
// spin, then sleep: there are more threads than the 2 cores, so the holder may be descheduled
// inside its few hundred nanoseconds of copying; spinning on would burn the core it needs.
// Under virtual time every thread runs in one JS thread and the lock is never found held.
//
// Hot paths (alloc, free, freeOne, the accessors, the copies) allocate nothing, take no closure
// and never throw: an empty pool makes alloc return fewer buffers than asked, as vlib_buffer_alloc
// does. Copies between the pool and a caller's Uint8Array take no `subarray` view: 8-byte words
// when both sides sit at the same offset mod 8, else 4-byte words (merged from two with shifts
// when misaligned). Measured on this shared 2-vCPU machine, 1500 B one way into or out of the
// pool: aligned ~150 ns vs `set(subarray)` 100-150 ns; misaligned 480-500 ns vs `set(subarray)`
// 480-650 ns (V8 copies into and out of a SharedArrayBuffer byte by byte when misaligned); an
// unrolled byte loop 870-1130 ns. The views over the caller's ArrayBuffer are made once and kept
// while the caller keeps passing the same buffer.

import { VppsimError } from '../src/errors.js';
import {
  BufferPoolLayout, VLIB_BUFFER_HDR_SIZE, VLIB_BUFFER_INVALID_INDEX, VLIB_BUFFER_OPAQUE2_WORDS,
  VLIB_BUFFER_OPAQUE_WORDS, VLIB_BUFFER_POOL_MAGIC, VLIB_BUFFER_REFILL_ROUND, VLIB_BUFFER_TEMPLATE_NEXT_BUFFER,
  VlibBufferFlag, kBpAllocSize, kBpBuffersByte, kBpByteLength, kBpCacheSize, kBpDataSize, kBpIndex, kBpLock,
  kBpMagic, kBpNAvail, kBpNBuffers, kBpNThreads, kBpPreDataSize, kBpStackWord, kBpThreadsWord, kBptAttached,
  kBptCache, kBptNCached, kBptStatAllocBuffers, kBptStatAllocFailures, kBptStatAllocShort,
  kBptStatDirectGets, kBptStatFlushes, kBptStatFreeBuffers, kBptStatLockSleeps, kBptStatRefills, kBptStats,
  kBptStatsWord, kBufByteBufferPoolIndex, kBufByteRefCount, kBufCurrentConfigIndex, kBufFlags, kBufFlowId,
  kBufHalfCurrentLength, kBufHalfError, kBufNextBuffer, kBufOpaque, kBufOpaque2, kBufTotalLengthNotIncludingFirstBuffer,
  kBufTraceHandle, kBufWordRefPoolError, type VlibBufferPoolParams,
} from './buffer-pool-layout.js';
import { vppFormat } from './vpp-format.js';

/** The header packs 16-bit fields into words the way a little-endian VPP build does. */
const kLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** CAS attempts on a held global lock before sleeping on it: threads outnumber cores here. */
const kLockSpins = 64;
/** Buffers vlib_buffer_free gathers before each put (`queue_size` in vlib_buffer_free_inline). */
export const VLIB_BUFFER_FREE_QUEUE_SIZE = 128;
/** Copies shorter than this many bytes use a byte loop (no view of the caller's buffer needed). */
export const kBufferLoopCopyMax = 48;
/** `next_buffer` of the template as a signed word. */
const kTemplateNextI32 = VLIB_BUFFER_TEMPLATE_NEXT_BUFFER | 0;
const NEXT_PRESENT = VlibBufferFlag.NextPresent;
const TOTAL_LENGTH_VALID = VlibBufferFlag.TotalLengthValid;

/**
 * Where {@link BufferPoolThread.chainAppendFrom} reads bytes: anything with svm_fifo_peek's
 * shape (src/svm/svm_fifo.h), so vppsim's fifo view fits as it is.
 */
export interface BufferByteSource {
  /**
   * Copies up to `len` bytes starting `offset` bytes into the source into `dst[dstOffset…]`
   * without consuming them; returns the bytes copied (≤ 0: none).
   */
  peek (offset: number, len: number, dst: Uint8Array, dstOffset: number): number;
}

/** Where {@link BufferPool.copyOutTo} writes bytes: anything with svm_fifo_enqueue's shape. */
export interface BufferByteSink {
  /** Copies up to `len` bytes from `src[srcOffset…]`; returns the bytes taken (≤ 0: none). */
  enqueue (len: number, src: Uint8Array, srcOffset: number): number;
}

/** A snapshot of a pool's gauges and counters (summed over threads). Slow path: allocates. */
export interface BufferPoolCounters {
  /** Buffers in the pool (`n_buffers`). */
  readonly nBuffers: number;
  /** Buffers on the global stack (`n_avail`, VPP's Avail). */
  readonly nAvail: number;
  /** Buffers in thread caches (VPP's Cached). */
  readonly nCached: number;
  /** Buffers handed out and not freed (VPP's Used: total − avail − cached). */
  readonly nUsed: number;
  /** Buffers handed out by alloc, ever. */
  readonly allocBuffers: number;
  /** Buffers put back by free, ever (chain members included). */
  readonly freeBuffers: number;
  /** Cache refills from the global stack. */
  readonly refills: number;
  /** Cache overflows put on the global stack. */
  readonly flushes: number;
  /** Allocs of at least the cache size, served straight from the global stack. */
  readonly directGets: number;
  /** Alloc calls that got fewer buffers than asked (the pool looked empty to that thread). */
  readonly allocFailures: number;
  /** Buffers asked for and not given. */
  readonly allocShort: number;
  /** Times a thread slept on the global lock. */
  readonly lockSleeps: number;
}

/**
 * Copies `n` bytes from `sU8[sa…]` to `dU8[da…]`, absolute byte offsets into the two views'
 * buffers (`sI32`/`sF64` and `dI32`/`dF64` view the same buffers). Bytes up to the destination's
 * alignment, then whole words, then the tail: 8-byte words when both sides sit at the same offset
 * mod 8, 4-byte words when mod 4, else 4-byte words merged from two source words with shifts
 * (little-endian). Reads no source word outside the source buffer. Allocates nothing.
 *
 * Float64 words copy bytes exactly: V8 moves typed-array float64 values as raw bits in every
 * tier and never quiets a signalling NaN on x64 or arm64 (it silences NaNs only when storing
 * into its own double arrays); test/buffer-pool.test.ts checks NaN payloads through hot code.
 */
function copyWords (dU8: Uint8Array, dI32: Int32Array, dF64: Float64Array, da: number,
  sU8: Uint8Array, sI32: Int32Array, sF64: Float64Array, sa: number, n: number): void {
  if (((da ^ sa) & 7) === 0) {
    const head = (8 - (da & 7)) & 7;
    for (let k = 0; k < head; k++) dU8[da + k] = sU8[sa + k] as number;
    da += head;
    sa += head;
    n -= head;
    let dw = da >> 3;
    let sw = sa >> 3;
    const end = dw + (n >> 3);
    for (; dw + 4 <= end; dw += 4, sw += 4) { // unrolled: as fast as V8's own aligned memcpy here
      dF64[dw] = sF64[sw] as number;
      dF64[dw + 1] = sF64[sw + 1] as number;
      dF64[dw + 2] = sF64[sw + 2] as number;
      dF64[dw + 3] = sF64[sw + 3] as number;
    }
    for (; dw < end; dw++, sw++) dF64[dw] = sF64[sw] as number;
    for (let k = n & ~7; k < n; k++) dU8[da + k] = sU8[sa + k] as number;
    return;
  }
  const head = (4 - (da & 3)) & 3;
  for (let k = 0; k < head; k++) dU8[da + k] = sU8[sa + k] as number;
  da += head;
  sa += head;
  n -= head;
  let dw = da >> 2;
  let sw = sa >> 2;
  const sh = (sa & 3) << 3;
  let nw = n >> 2;
  if (sh === 0) {
    const end = dw + nw;
    for (; dw < end; dw++, sw++) dI32[dw] = sI32[sw] as number;
  } else {
    // each destination word takes the top of source word sw and the bottom of sw + 1; the last
    // sw + 1 may be a partial word at the very end of the source buffer: leave it to the tail
    if (sw + nw >= sI32.length) nw = sI32.length - 1 - sw;
    const end = dw + nw;
    const r = 32 - sh;
    let lo = sI32[sw] as number;
    for (; dw < end; dw++) {
      const hi = sI32[++sw] as number;
      dI32[dw] = (lo >>> sh) | (hi << r);
      lo = hi;
    }
  }
  for (let k = nw << 2; k < n; k++) dU8[da + k] = sU8[sa + k] as number;
}

/**
 * The shared part of a buffer pool: header, global free list, thread slots, buffers. One view
 * per JS thread over the same SAB; the view caches typed arrays and the geometry, nothing else
 * thread-specific, so one view serves every simulated thread of a virtual-time run.
 *
 * Buffers are named by u32 index (1..nBuffers), the values frames carry. Metadata is read and
 * written through the accessors below; payload bytes live in {@link BufferPool.u8} from
 * {@link BufferPool.currentByte}. Accessors do not check the index (VPP's do not either, outside
 * debug images): pass indices the pool gave out. Models: src/vlib/buffer.h vlib_buffer_pool_t.
 */
export class BufferPool {
  /** The whole SAB as Int32 words (offsets are absolute, see {@link BufferPool.hdrWord}). */
  readonly i32: Int32Array;
  /** The whole SAB as u32 words: buffer indices, next_buffer, opaque. */
  readonly u32: Uint32Array;
  /** The whole SAB as Int16 halves: current_data. */
  readonly i16: Int16Array;
  /** The whole SAB as u16 halves: current_length, error. */
  readonly u16: Uint16Array;
  /** The whole SAB as bytes: payload, at {@link BufferPool.currentByte}; ref_count. */
  readonly u8: Uint8Array;
  /** The whole SAB as Float64: the per-thread counters. */
  readonly f64: Float64Array;
  /** Int32 index of the pool base. */
  readonly base: number;
  /** Buffers in the pool. */
  readonly nBuffers: number;
  /** Bytes of `data[]` per buffer (`vlib_buffer_get_default_data_size`). */
  readonly dataSize: number;
  /** Bytes of headroom before `data[0]` (`VLIB_BUFFER_PRE_DATA_SIZE`). */
  readonly preDataSize: number;
  /** Bytes from one buffer to the next (`alloc_size`). */
  readonly allocSize: number;
  /** Buffers per thread cache (`VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ`). */
  readonly cacheSize: number;
  /** Threads with a cache slot. */
  readonly nThreads: number;
  /** `buffer_pool_index` of this pool's buffers. */
  readonly poolIndex: number;
  /** Pool name: VPP names the default pool of NUMA node n `default-numa-n`, and vppsim has node 0 only. */
  readonly name: string;
  /** Absolute Int32 index of the global lock word. @internal */
  readonly lockWord: number;
  /** Absolute Int32 index of `n_avail`. @internal */
  readonly nAvailWord: number;
  /** Absolute Int32 index of global stack entry 0. @internal */
  readonly stackBase: number;
  /** Absolute Int32 index of thread 0's slot. @internal */
  readonly threadsBase: number;
  /** Words per thread slot. @internal */
  readonly threadWords: number;
  /** Int32 index of the header of (non-existent) buffer 0: buffer bi's is hdr0 + bi × strideWords. */
  private readonly hdr0: number;
  private readonly strideWords: number;
  /** Bytes from a buffer's header to its data[0]. */
  private readonly dataOffset: number;
  /** Word 3 of the template: ref_count 1, buffer_pool_index, error 0. */
  private readonly templateWord3: number;
  /** One-entry cache of views over the caller's ArrayBuffer, for word copies. */
  private extBuf: ArrayBufferLike | null = null;
  private extU8: Uint8Array = new Uint8Array(0);
  private extI32: Int32Array = new Int32Array(0);
  private extF64: Float64Array = new Float64Array(0);

  /**
   * Attaches to the pool laid out at `byteOffset` of `sab` by {@link BufferPool.init}.
   * Throws VppsimError ERR_BUFFER_POOL_BAD_OBJECT if there is none.
   */
  constructor (readonly sab: SharedArrayBuffer, readonly byteOffset = 0) {
    if (!kLittleEndian) throw new VppsimError('ERR_BUFFER_POOL_ENDIAN', 'the buffer pool lays out 16-bit fields for a little-endian host');
    if ((byteOffset & 63) !== 0 || byteOffset < 0 || byteOffset + 128 > sab.byteLength) {
      throw new VppsimError('ERR_BUFFER_POOL_BAD_OBJECT', `buffer pool offset ${byteOffset} is not a 64-byte aligned offset inside the SAB`);
    }
    const i32 = this.i32 = new Int32Array(sab, 0, sab.byteLength >> 2);
    this.u32 = new Uint32Array(sab, 0, sab.byteLength >> 2);
    this.i16 = new Int16Array(sab, 0, sab.byteLength >> 1);
    this.u16 = new Uint16Array(sab, 0, sab.byteLength >> 1);
    this.u8 = new Uint8Array(sab);
    this.f64 = new Float64Array(sab, 0, sab.byteLength >> 3);
    const b = this.base = byteOffset >> 2;
    if (Atomics.load(i32, b + kBpMagic) !== VLIB_BUFFER_POOL_MAGIC) {
      throw new VppsimError('ERR_BUFFER_POOL_BAD_OBJECT', `no buffer pool at offset ${byteOffset}`);
    }
    if (byteOffset + (i32[b + kBpByteLength] as number) > sab.byteLength) {
      throw new VppsimError('ERR_BUFFER_POOL_BAD_OBJECT', `buffer pool at offset ${byteOffset} runs past the end of the SAB`);
    }
    this.nBuffers = i32[b + kBpNBuffers] as number;
    this.dataSize = i32[b + kBpDataSize] as number;
    this.preDataSize = i32[b + kBpPreDataSize] as number;
    this.allocSize = i32[b + kBpAllocSize] as number;
    this.cacheSize = i32[b + kBpCacheSize] as number;
    this.nThreads = i32[b + kBpNThreads] as number;
    this.poolIndex = i32[b + kBpIndex] as number;
    this.name = 'default-numa-0';
    this.lockWord = b + kBpLock;
    this.nAvailWord = b + kBpNAvail;
    this.stackBase = b + (i32[b + kBpStackWord] as number);
    this.threadsBase = b + (i32[b + kBpThreadsWord] as number);
    this.threadWords = new BufferPoolLayout({
      nThreads: this.nThreads, nBuffers: this.nBuffers, dataSize: this.dataSize,
      preDataSize: this.preDataSize, cacheSize: this.cacheSize, poolIndex: this.poolIndex,
    }).threadWords;
    this.strideWords = this.allocSize >> 2;
    this.hdr0 = ((byteOffset + (i32[b + kBpBuffersByte] as number)) >> 2) - this.strideWords;
    this.dataOffset = VLIB_BUFFER_HDR_SIZE + this.preDataSize;
    this.templateWord3 = 1 | (this.poolIndex << 8);
  }

  /**
   * Lays out a pool at `byteOffset` (64-byte aligned; {@link BufferPoolLayout.byteLength} bytes
   * from there must be zero or unused): every buffer set to the template and pushed on the global
   * stack, so that the first alloc gets buffer 1. Throws RangeError for bad params.
   * Models: src/vlib/buffer.c vlib_buffer_pool_create.
   */
  static init (sab: SharedArrayBuffer, byteOffset: number, params: VlibBufferPoolParams): void {
    const l = new BufferPoolLayout(params);
    const p = l.params;
    if ((byteOffset & 63) !== 0 || byteOffset < 0 || byteOffset + l.byteLength > sab.byteLength) {
      throw new VppsimError('ERR_BUFFER_POOL_BAD_OBJECT', `a buffer pool of ${l.byteLength} bytes does not fit at offset ${byteOffset}`);
    }
    const b = byteOffset >> 2;
    const i32 = new Int32Array(sab, 0, sab.byteLength >> 2);
    i32.fill(0, b, b + (l.buffersByte >> 2));
    i32[b + kBpNBuffers] = p.nBuffers;
    i32[b + kBpDataSize] = p.dataSize;
    i32[b + kBpPreDataSize] = p.preDataSize;
    i32[b + kBpAllocSize] = l.allocSize;
    i32[b + kBpCacheSize] = p.cacheSize;
    i32[b + kBpNThreads] = p.nThreads;
    i32[b + kBpIndex] = p.poolIndex;
    i32[b + kBpStackWord] = l.stackWord;
    i32[b + kBpThreadsWord] = l.threadsWord;
    i32[b + kBpBuffersByte] = l.buffersByte;
    i32[b + kBpByteLength] = l.byteLength;
    // Pushed in reverse so that the top of the stack, which allocs take first, is buffer 1.
    const stack = b + l.stackWord;
    for (let k = 0; k < p.nBuffers; k++) i32[stack + k] = p.nBuffers - k;
    const word3 = 1 | (p.poolIndex << 8);
    for (let bi = 1; bi <= p.nBuffers; bi++) {
      const w = b + (l.bufferByte(bi) >> 2);
      i32.fill(0, w, w + (VLIB_BUFFER_HDR_SIZE >> 2));
      i32[w + kBufWordRefPoolError] = word3;
      i32[w + kBufNextBuffer] = kTemplateNextI32;
    }
    Atomics.store(i32, b + kBpNAvail, p.nBuffers);
    Atomics.store(i32, b + kBpMagic, VLIB_BUFFER_POOL_MAGIC);
  }

  /** Allocates a SAB for `params`, lays out a pool in it and attaches to it. */
  static create (params: VlibBufferPoolParams): BufferPool {
    const sab = new SharedArrayBuffer(new BufferPoolLayout(params).byteLength);
    BufferPool.init(sab, 0, params);
    return new BufferPool(sab, 0);
  }

  // --- metadata -----------------------------------------------------------------------------

  /** Int32 index of buffer `bi`'s header (`vlib_get_buffer`). */
  hdrWord (bi: number): number { return this.hdr0 + bi * this.strideWords; }
  /** Absolute byte offset in {@link BufferPool.u8} of buffer `bi`'s `data[0]` (`vlib_buffer_get_va`). */
  dataByte (bi: number): number { return ((this.hdr0 + bi * this.strideWords) << 2) + this.dataOffset; }
  /**
   * Absolute byte offset in {@link BufferPool.u8} of the current data, `data + current_data`
   * (`vlib_buffer_get_current`): where a node reads or writes its header.
   */
  currentByte (bi: number): number {
    const w = this.hdr0 + bi * this.strideWords;
    return (w << 2) + this.dataOffset + (this.i16[w << 1] as number);
  }

  /** `current_data`: signed offset of the current data from `data[0]`, bytes (< 0: in pre-data). */
  currentData (bi: number): number { return this.i16[(this.hdr0 + bi * this.strideWords) << 1] as number; }
  /** Sets `current_data` (bytes, −preDataSize..dataSize). */
  setCurrentData (bi: number, v: number): void { this.i16[(this.hdr0 + bi * this.strideWords) << 1] = v; }
  /** `current_length`: bytes from the current data to the end of this buffer's data. */
  currentLength (bi: number): number { return this.u16[((this.hdr0 + bi * this.strideWords) << 1) + kBufHalfCurrentLength] as number; }
  /** Sets `current_length` (bytes). */
  setCurrentLength (bi: number, v: number): void { this.u16[((this.hdr0 + bi * this.strideWords) << 1) + kBufHalfCurrentLength] = v; }
  /** `flags` ({@link VlibBufferFlag} and user flags). */
  flags (bi: number): number { return this.i32[this.hdr0 + bi * this.strideWords + kBufFlags] as number; }
  /** Sets `flags`. */
  setFlags (bi: number, v: number): void { this.i32[this.hdr0 + bi * this.strideWords + kBufFlags] = v; }
  /** `next_buffer`: the next buffer of the chain, meaningful with NEXT_PRESENT. */
  nextBuffer (bi: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufNextBuffer] as number; }
  /** Sets `next_buffer` (does not touch NEXT_PRESENT; see {@link BufferPool.chainBuffer}). */
  setNextBuffer (bi: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufNextBuffer] = v; }
  /** `total_length_not_including_first_buffer`, bytes; meaningful with TOTAL_LENGTH_VALID. */
  totalLengthNotIncludingFirstBuffer (bi: number): number {
    return this.u32[this.hdr0 + bi * this.strideWords + kBufTotalLengthNotIncludingFirstBuffer] as number;
  }
  /** Sets `total_length_not_including_first_buffer` (bytes). */
  setTotalLengthNotIncludingFirstBuffer (bi: number, v: number): void {
    this.u32[this.hdr0 + bi * this.strideWords + kBufTotalLengthNotIncludingFirstBuffer] = v;
  }
  /** `error` (`vlib_error_t`, u16): the error counter to bump when the buffer is dropped. */
  error (bi: number): number { return this.u16[((this.hdr0 + bi * this.strideWords) << 1) + kBufHalfError] as number; }
  /** Sets `error`. */
  setError (bi: number, v: number): void { this.u16[((this.hdr0 + bi * this.strideWords) << 1) + kBufHalfError] = v; }
  /** `ref_count` (u8): references to this buffer; free recycles it when the last one goes. */
  refCount (bi: number): number { return Atomics.load(this.u8, ((this.hdr0 + bi * this.strideWords) << 2) + kBufByteRefCount); }
  /** Adds `n` references (a clone's). Models: vlib_buffer_clone's `clib_atomic_add_fetch (&ref_count, n)`. */
  addRef (bi: number, n = 1): void { Atomics.add(this.u8, ((this.hdr0 + bi * this.strideWords) << 2) + kBufByteRefCount, n); }
  /** `buffer_pool_index` (u8). */
  bufferPoolIndex (bi: number): number { return this.u8[((this.hdr0 + bi * this.strideWords) << 2) + kBufByteBufferPoolIndex] as number; }
  /** `flow_id`. */
  flowId (bi: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufFlowId] as number; }
  /** Sets `flow_id`. */
  setFlowId (bi: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufFlowId] = v; }
  /** `current_config_index` (feature arcs) or `punt_reason`. */
  currentConfigIndex (bi: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufCurrentConfigIndex] as number; }
  /** Sets `current_config_index`. */
  setCurrentConfigIndex (bi: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufCurrentConfigIndex] = v; }
  /** `trace_handle` (thread << 24 | trace pool index), meaningful with IS_TRACED. */
  traceHandle (bi: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufTraceHandle] as number; }
  /** Sets `trace_handle`. */
  setTraceHandle (bi: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufTraceHandle] = v; }
  /**
   * `opaque[k]` (u32, k in 0..9), reset to 0 on free. The layers above give the words names
   * (vnet_buffer: sw_if_index[VLIB_RX/TX], the transport's connection index, tcp seq/ack…); the
   * graph does not. Models: vlib_get_buffer_opaque.
   */
  opaque (bi: number, k: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufOpaque + k] as number; }
  /** Sets `opaque[k]` (k in 0..9). */
  setOpaque (bi: number, k: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufOpaque + k] = v; }
  /** `opaque2[k]` (u32, k in 0..13), kept as it was across free and alloc (as in VPP). */
  opaque2 (bi: number, k: number): number { return this.u32[this.hdr0 + bi * this.strideWords + kBufOpaque2 + k] as number; }
  /** Sets `opaque2[k]` (k in 0..13). */
  setOpaque2 (bi: number, k: number, v: number): void { this.u32[this.hdr0 + bi * this.strideWords + kBufOpaque2 + k] = v; }
  /** u32 words of `opaque` (10). */
  static readonly opaqueWords = VLIB_BUFFER_OPAQUE_WORDS;
  /** u32 words of `opaque2` (14). */
  static readonly opaque2Words = VLIB_BUFFER_OPAQUE2_WORDS;

  // --- headers (src/vlib/buffer.h) ------------------------------------------------------------

  /**
   * `vlib_buffer_advance`: moves the current data by `l` bytes (negative: back into what was
   * consumed or into pre-data) and shortens current_length by as much.
   */
  advance (bi: number, l: number): void {
    const h = (this.hdr0 + bi * this.strideWords) << 1;
    this.i16[h] = (this.i16[h] as number) + l;
    this.u16[h + 1] = (this.u16[h + 1] as number) - l;
  }

  /**
   * `vlib_buffer_push_uninit`: prepends `size` bytes (a header the caller then writes) and
   * returns the absolute byte offset of the new current data in {@link BufferPool.u8}; −1, with
   * the buffer unchanged, if the headroom is short (VPP ASSERTs).
   */
  pushUninit (bi: number, size: number): number {
    const w = this.hdr0 + bi * this.strideWords;
    const h = w << 1;
    const cd = (this.i16[h] as number) - size;
    if (cd < -this.preDataSize) return -1;
    this.i16[h] = cd;
    this.u16[h + 1] = (this.u16[h + 1] as number) + size;
    return (w << 2) + this.dataOffset + cd;
  }

  /**
   * `vlib_buffer_put_uninit`: appends `size` bytes to this buffer and returns the absolute byte
   * offset of the first of them; −1, with the buffer unchanged, if they do not fit before the end
   * of `data[]` (VPP does not check: "XXX make sure there's enough space").
   */
  putUninit (bi: number, size: number): number {
    const w = this.hdr0 + bi * this.strideWords;
    const h = w << 1;
    const end = (this.i16[h] as number) + (this.u16[h + 1] as number);
    if (end + size > this.dataSize) return -1;
    this.u16[h + 1] = (this.u16[h + 1] as number) + size;
    return (w << 2) + this.dataOffset + end;
  }

  /** `vlib_buffer_make_headroom`: moves current_data forward by `size` bytes (an empty buffer's). */
  makeHeadroom (bi: number, size: number): void {
    const h = (this.hdr0 + bi * this.strideWords) << 1;
    this.i16[h] = (this.i16[h] as number) + size;
  }

  /** `vlib_buffer_reset`: current data back to `data[0]`, keeping the bytes after it. */
  reset (bi: number): void {
    const h = (this.hdr0 + bi * this.strideWords) << 1;
    const cd = this.i16[h] as number;
    if (cd > 0) this.u16[h + 1] = (this.u16[h + 1] as number) + cd;
    this.i16[h] = 0;
  }

  /** `vlib_buffer_space_left_at_end`: bytes after the current data's end, up to the end of data[]. */
  spaceLeftAtEnd (bi: number): number {
    const h = (this.hdr0 + bi * this.strideWords) << 1;
    return this.dataSize - (this.i16[h] as number) - (this.u16[h + 1] as number);
  }

  // --- chains (src/vlib/buffer_funcs.h) --------------------------------------------------------

  /**
   * `vlib_buffer_length_in_chain`: payload bytes of the chain starting at `bi`. Uses
   * total_length_not_including_first_buffer when TOTAL_LENGTH_VALID is set; otherwise walks the
   * chain and sets both (vlib_buffer_length_in_chain_slow_path).
   */
  lengthInChain (bi: number): number {
    const w = this.hdr0 + bi * this.strideWords;
    const len = this.u16[(w << 1) + kBufHalfCurrentLength] as number;
    const flags = this.i32[w + kBufFlags] as number;
    if ((flags & NEXT_PRESENT) === 0) return len;
    if ((flags & TOTAL_LENGTH_VALID) !== 0) return len + (this.u32[w + kBufTotalLengthNotIncludingFirstBuffer] as number);
    let rest = 0;
    let b = w;
    while (((this.i32[b + kBufFlags] as number) & NEXT_PRESENT) !== 0) {
      b = this.hdr0 + (this.u32[b + kBufNextBuffer] as number) * this.strideWords;
      rest += this.u16[(b << 1) + kBufHalfCurrentLength] as number;
    }
    this.u32[w + kBufTotalLengthNotIncludingFirstBuffer] = rest;
    this.i32[w + kBufFlags] = flags | TOTAL_LENGTH_VALID;
    return len + rest;
  }

  /** Buffers in the chain starting at `bi` (the `count` of vlib_buffer_length_in_chain_lb). */
  nBuffersInChain (bi: number): number {
    let n = 1;
    let w = this.hdr0 + bi * this.strideWords;
    while (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) !== 0) {
      w = this.hdr0 + (this.u32[w + kBufNextBuffer] as number) * this.strideWords;
      n++;
    }
    return n;
  }

  /** The last buffer of the chain starting at `bi` (the `lb` of vlib_buffer_length_in_chain_lb). */
  lastInChain (bi: number): number {
    let b = bi;
    for (;;) {
      const w = this.hdr0 + b * this.strideWords;
      if (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) === 0) return b;
      b = this.u32[w + kBufNextBuffer] as number;
    }
  }

  /** `vlib_buffer_chain_init`: makes `first` an empty packet with no chained buffers. */
  chainInit (first: number): void {
    const w = this.hdr0 + first * this.strideWords;
    this.u32[w + kBufTotalLengthNotIncludingFirstBuffer] = 0;
    this.u16[(w << 1) + kBufHalfCurrentLength] = 0;
    this.i32[w + kBufFlags] = ((this.i32[w + kBufFlags] as number) & ~NEXT_PRESENT) | TOTAL_LENGTH_VALID;
  }

  /**
   * `vlib_buffer_chain_buffer`: links `nextBi` after `last` and empties it (current_length 0,
   * no next). Returns `nextBi`. The first buffer's total length is the caller's to keep
   * ({@link BufferPool.chainIncreaseLength}).
   */
  chainBuffer (last: number, nextBi: number): number {
    const wl = this.hdr0 + last * this.strideWords;
    const wn = this.hdr0 + nextBi * this.strideWords;
    this.u32[wl + kBufNextBuffer] = nextBi;
    this.i32[wl + kBufFlags] = (this.i32[wl + kBufFlags] as number) | NEXT_PRESENT;
    this.u16[(wn << 1) + kBufHalfCurrentLength] = 0;
    this.i32[wn + kBufFlags] = (this.i32[wn + kBufFlags] as number) & ~NEXT_PRESENT;
    return nextBi;
  }

  /**
   * `vlib_buffer_chain_increase_length`: adds `len` bytes (may be negative) to `last`'s length
   * and, if it is not `first`, to `first`'s total_length_not_including_first_buffer.
   */
  chainIncreaseLength (first: number, last: number, len: number): void {
    const wl = this.hdr0 + last * this.strideWords;
    this.u16[(wl << 1) + kBufHalfCurrentLength] = (this.u16[(wl << 1) + kBufHalfCurrentLength] as number) + len;
    if (first !== last) {
      const wf = this.hdr0 + first * this.strideWords + kBufTotalLengthNotIncludingFirstBuffer;
      this.u32[wf] = (this.u32[wf] as number) + len;
    }
  }

  // --- payload copies ---------------------------------------------------------------------------

  /**
   * Copies up to `n` payload bytes of the chain at `bi`, starting `offset` bytes into it, into
   * `dst[dstOffset…]`; returns the bytes copied (fewer when the chain ends first). With offset 0
   * and n ≥ the chain's length, this is `vlib_buffer_contents`. Allocates nothing (at most one
   * cached view when `dst`'s ArrayBuffer changes).
   */
  copyOut (bi: number, offset: number, dst: Uint8Array, dstOffset: number, n: number): number {
    let copied = 0;
    let b = bi;
    while (copied < n) {
      const w = this.hdr0 + b * this.strideWords;
      const h = w << 1;
      const cl = this.u16[h + 1] as number;
      if (offset >= cl) {
        offset -= cl;
      } else {
        const take = cl - offset < n - copied ? cl - offset : n - copied;
        this.copyToArray(dst, dstOffset + copied, (w << 2) + this.dataOffset + (this.i16[h] as number) + offset, take);
        copied += take;
        offset = 0;
      }
      if (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) === 0) break;
      b = this.u32[w + kBufNextBuffer] as number;
    }
    return copied;
  }

  /**
   * Hands up to `n` payload bytes of the chain at `bi`, from `offset` bytes into it, to
   * `sink.enqueue` (an svm fifo: what a transport's input does with a segment), one call per
   * buffer touched; stops at the first call that takes less than offered. Returns the bytes
   * taken. Allocates nothing itself.
   */
  copyOutTo (bi: number, offset: number, n: number, sink: BufferByteSink): number {
    let copied = 0;
    let b = bi;
    while (copied < n) {
      const w = this.hdr0 + b * this.strideWords;
      const h = w << 1;
      const cl = this.u16[h + 1] as number;
      if (offset >= cl) {
        offset -= cl;
      } else {
        const take = cl - offset < n - copied ? cl - offset : n - copied;
        const rv = sink.enqueue(take, this.u8, (w << 2) + this.dataOffset + (this.i16[h] as number) + offset);
        if (rv > 0) copied += rv;
        if (rv !== take) break;
        offset = 0;
      }
      if (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) === 0) break;
      b = this.u32[w + kBufNextBuffer] as number;
    }
    return copied;
  }

  /**
   * Overwrites up to `n` payload bytes of the chain at `bi`, from `offset` bytes into it, with
   * `src[srcOffset…]`, within the chain's current lengths (nothing grows: see
   * {@link BufferPoolThread.chainAppend}). Returns the bytes written.
   */
  copyIn (bi: number, offset: number, src: Uint8Array, srcOffset: number, n: number): number {
    let copied = 0;
    let b = bi;
    while (copied < n) {
      const w = this.hdr0 + b * this.strideWords;
      const h = w << 1;
      const cl = this.u16[h + 1] as number;
      if (offset >= cl) {
        offset -= cl;
      } else {
        const take = cl - offset < n - copied ? cl - offset : n - copied;
        this.copyFromArray((w << 2) + this.dataOffset + (this.i16[h] as number) + offset, src, srcOffset + copied, take);
        copied += take;
        offset = 0;
      }
      if (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) === 0) break;
      b = this.u32[w + kBufNextBuffer] as number;
    }
    return copied;
  }

  /** Copies `n` bytes `src[so…]` → `u8[at…]` (absolute). @internal */
  copyFromArray (at: number, src: Uint8Array, so: number, n: number): void {
    if (n < kBufferLoopCopyMax) {
      const u8 = this.u8;
      for (let k = 0; k < n; k++) u8[at + k] = src[so + k] as number;
      return;
    }
    const sa = src.byteOffset + so;
    this.viewsOf(src.buffer, sa + n);
    copyWords(this.u8, this.i32, this.f64, at, this.extU8, this.extI32, this.extF64, sa, n);
  }

  /** Copies `n` bytes `u8[at…]` (absolute) → `dst[dOff…]`. @internal */
  copyToArray (dst: Uint8Array, dOff: number, at: number, n: number): void {
    if (n < kBufferLoopCopyMax) {
      const u8 = this.u8;
      for (let k = 0; k < n; k++) dst[dOff + k] = u8[at + k] as number;
      return;
    }
    const da = dst.byteOffset + dOff;
    this.viewsOf(dst.buffer, da + n);
    copyWords(this.extU8, this.extI32, this.extF64, da, this.u8, this.i32, this.f64, at, n);
  }

  /**
   * Points the cached caller views at `buf`, which must hold bytes up to `end` (exclusive).
   * Allocates only when `buf` changed (or a resizable buffer grew past the cached views).
   */
  private viewsOf (buf: ArrayBufferLike, end: number): void {
    if (buf === this.extBuf && end <= this.extU8.length) return;
    this.extBuf = buf;
    this.extU8 = new Uint8Array(buf);
    this.extI32 = new Int32Array(buf, 0, buf.byteLength >> 2);
    this.extF64 = new Float64Array(buf, 0, buf.byteLength >> 3);
  }

  // --- the global free list (vlib_buffer_pool_get / _put) ---------------------------------------

  /**
   * Takes the global lock; counts a sleep in f64 counter `stat` when it had to wait.
   * Models: clib_spinlock_lock (&bp->lock). @internal
   */
  lockGlobal (stat: number): void {
    const i32 = this.i32;
    const w = this.lockWord;
    for (let i = 0; i < kLockSpins; i++) if (Atomics.compareExchange(i32, w, 0, 1) === 0) return;
    this.f64[stat] = (this.f64[stat] as number) + 1;
    let c = Atomics.exchange(i32, w, 2);
    while (c !== 0) {
      Atomics.wait(i32, w, 2);
      c = Atomics.exchange(i32, w, 2);
    }
  }

  /** Releases the global lock, waking one sleeper if there are any. @internal */
  unlockGlobal (): void {
    if (Atomics.sub(this.i32, this.lockWord, 1) !== 1) {
      Atomics.store(this.i32, this.lockWord, 0);
      Atomics.notify(this.i32, this.lockWord, 1);
    }
  }

  /**
   * `vlib_buffer_pool_get`: pops up to `n` indices off the global stack into `dst[d…]`; returns
   * how many. `stat` is the caller's lock-sleep counter. @internal
   */
  poolGet (dst: Uint32Array, d: number, n: number, stat: number): number {
    const u32 = this.u32;
    this.lockGlobal(stat);
    let avail = u32[this.nAvailWord] as number;
    if (n < avail) avail -= n;
    else { n = avail; avail = 0; }
    const s = this.stackBase + avail;
    for (let k = 0; k < n; k++) dst[d + k] = u32[s + k] as number;
    Atomics.store(this.i32, this.nAvailWord, avail);
    this.unlockGlobal();
    return n;
  }

  /** `vlib_buffer_pool_put`'s overflow: pushes `src[s…s+n)` on the global stack. @internal */
  poolPut (src: Uint32Array, s: number, n: number, stat: number): void {
    const u32 = this.u32;
    this.lockGlobal(stat);
    const avail = u32[this.nAvailWord] as number;
    const d = this.stackBase + avail;
    for (let k = 0; k < n; k++) u32[d + k] = src[s + k] as number;
    Atomics.store(this.i32, this.nAvailWord, avail + n);
    this.unlockGlobal();
  }

  /**
   * Resets buffer `bi`'s first line to the pool's template, as vlib_buffer_free does before it
   * recycles a buffer: current_data/length 0, flags 0, flow_id 0, ref_count 1, this pool's
   * index, error 0, next_buffer 0xdeadbeaf, current_config_index 0, opaque 0. @internal
   */
  resetToTemplate (w: number): void {
    const i32 = this.i32;
    i32[w] = 0;
    i32[w + 1] = 0;
    i32[w + 2] = 0;
    i32[w + 3] = this.templateWord3;
    i32[w + 4] = kTemplateNextI32;
    i32[w + 5] = 0;
    i32[w + 6] = 0;
    i32[w + 7] = 0;
    i32[w + 8] = 0;
    i32[w + 9] = 0;
    i32[w + 10] = 0;
    i32[w + 11] = 0;
    i32[w + 12] = 0;
    i32[w + 13] = 0;
    i32[w + 14] = 0;
    i32[w + 15] = 0;
  }

  // --- gauges, counters, checks (slow path) -----------------------------------------------------

  /** Buffers on the global stack (`n_avail`). */
  get nAvail (): number { return Atomics.load(this.i32, this.nAvailWord); }

  /** Buffers in thread `t`'s cache (`n_cached`, as the owner last published it). */
  nCachedOf (t: number): number { return Atomics.load(this.i32, this.threadsBase + t * this.threadWords + kBptNCached); }

  /** Absolute Int32 index of thread `t`'s `cached_buffers[0]`. @internal */
  cacheBase (t: number): number { return this.threadsBase + t * this.threadWords + kBptCache; }

  /** Absolute Float64 index of thread `t`'s first counter. @internal */
  statsBase (t: number): number { return (this.threadsBase + t * this.threadWords + kBptStatsWord) >> 1; }

  /** Thread `t`'s counter `k` (kBptStat*). */
  threadStat (t: number, k: number): number { return this.f64[this.statsBase(t) + k] as number; }

  /** Gauges and counters summed over threads. Exact when the threads are parked. */
  counters (): BufferPoolCounters {
    const sums = new Float64Array(kBptStats);
    let nCached = 0;
    for (let t = 0; t < this.nThreads; t++) {
      nCached += this.nCachedOf(t);
      for (let k = 0; k < kBptStats; k++) sums[k] = (sums[k] as number) + this.threadStat(t, k);
    }
    const nAvail = this.nAvail;
    return {
      nBuffers: this.nBuffers, nAvail, nCached, nUsed: this.nBuffers - nAvail - nCached,
      allocBuffers: sums[kBptStatAllocBuffers] as number, freeBuffers: sums[kBptStatFreeBuffers] as number,
      refills: sums[kBptStatRefills] as number, flushes: sums[kBptStatFlushes] as number,
      directGets: sums[kBptStatDirectGets] as number, allocFailures: sums[kBptStatAllocFailures] as number,
      allocShort: sums[kBptStatAllocShort] as number, lockSleeps: sums[kBptStatLockSleeps] as number,
    };
  }

  /**
   * Every free index, global stack then each thread's cache, in a new array (slow path, for
   * checks and tests). Exact when no thread is inside alloc or free.
   */
  freeIndices (): Uint32Array {
    const nAvail = this.nAvail;
    let n = nAvail;
    for (let t = 0; t < this.nThreads; t++) n += this.nCachedOf(t);
    const out = new Uint32Array(n);
    let o = 0;
    for (let k = 0; k < nAvail; k++) out[o++] = this.u32[this.stackBase + k] as number;
    for (let t = 0; t < this.nThreads; t++) {
      const c = this.cacheBase(t);
      const nc = this.nCachedOf(t);
      for (let k = 0; k < nc; k++) out[o++] = this.u32[c + k] as number;
    }
    return out;
  }

  /**
   * Checks buffer `bi` (and, with `followNext`, its chain) as vlib_validate_buffer does; returns
   * '' or VPP's message ("current data -200 before pre-data", "0-2100 beyond end of buffer 2048").
   * Models: src/vlib/buffer.c vlib_validate_buffer_helper.
   */
  validate (bi: number, followNext = true): string {
    const seen = new Set<number>();
    let b = bi;
    for (;;) {
      if (!Number.isInteger(b) || b < 1 || b > this.nBuffers) return `invalid buffer index 0x${(b >>> 0).toString(16)}`;
      if (seen.has(b)) return `duplicate buffer 0x${b.toString(16)}`;
      seen.add(b);
      if (this.bufferPoolIndex(b) !== this.poolIndex) return `unknown buffer pool 0x${this.bufferPoolIndex(b).toString(16)}`;
      const cd = this.currentData(b);
      const cl = this.currentLength(b);
      if (cd < -this.preDataSize) return `current data ${cd} before pre-data`;
      if (cd + cl > this.dataSize) return `${cd}-${cl} beyond end of buffer ${this.dataSize}`;
      if (!followNext || (this.flags(b) & NEXT_PRESENT) === 0) return '';
      b = this.nextBuffer(b);
    }
  }
}

/**
 * `show buffers`: the header row for `pool === null`, else one row (and, with `detail`, one
 * row per thread with its cached count). Size is the bytes of a buffer as VPP prints it
 * (data size + sizeof (vlib_buffer_t), i.e. with pre-data). NUMA is always 0.
 * Models: src/vlib/buffer.c format_vlib_buffer_pool.
 */
export function formatVlibBufferPool (pool: BufferPool | null, detail = false): string {
  if (pool === null) {
    return vppFormat('%-20s%=6s%=6s%=6s%=11s%=6s%=8s%=8s%=8s', 'Pool Name', 'Index', 'NUMA', 'Size', 'Data Size', 'Total', 'Avail', 'Cached', 'Used');
  }
  const c = pool.counters();
  let s = vppFormat('%-20s%=6d%=6d%=6u%=11u%=6u%=8u%=8u%=8u', pool.name, pool.poolIndex, 0,
    pool.dataSize + VLIB_BUFFER_HDR_SIZE + pool.preDataSize, pool.dataSize, c.nBuffers, c.nAvail, c.nCached, c.nUsed);
  if (detail) {
    for (let t = 0; t < pool.nThreads; t++) s += `\n${vppFormat('%20s%=6d%=37s%=8u', 'thread', t, '', pool.nCachedOf(t))}`;
  }
  return s;
}

/**
 * One thread's side of a buffer pool: its cache of free buffer indices (kept in its slot of the
 * SAB, so `show buffers` sees it and nothing is lost if the view goes away) and its counters.
 * One view per (pool, thread index) at a time: the constructor claims the slot and throws
 * VppsimError ERR_BUFFER_POOL_THREAD_ATTACHED if another view holds it. Only the calling thread
 * may use the view; any thread may free buffers another thread allocated.
 * Models: src/vlib/buffer.h vlib_buffer_pool_thread_t and the buffer_funcs.h functions that use it.
 */
export class BufferPoolThread {
  /** The shared pool. */
  readonly pool: BufferPool;
  /** This view's thread slot (the vlib thread index). */
  readonly threadIndex: number;
  /**
   * After {@link BufferPoolThread.chainAppend} / {@link BufferPoolThread.chainAppendFrom}: the
   * chain's last buffer (VPP's `last` in/out argument), to pass back to the next append.
   */
  lastAppended = VLIB_BUFFER_INVALID_INDEX;
  private cached: number;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** Absolute Int32 index of `cached_buffers[0]`. */
  private readonly cache: number;
  private readonly cacheSize: number;
  private readonly nCachedWord: number;
  /** Absolute Float64 index of the first counter. */
  private readonly stat: number;
  /** Buffers gathered by free before each put (vlib_buffer_free_inline's `queue`). */
  private readonly queue = new Uint32Array(VLIB_BUFFER_FREE_QUEUE_SIZE);
  /** A second list: freeOne's argument on its slow path, allocOne's result. */
  private readonly scratch = new Uint32Array(VLIB_BUFFER_FREE_QUEUE_SIZE);
  /** Absolute Int32 index of the slot. */
  private readonly slot: number;
  private attached = true;

  constructor (pool: BufferPool, threadIndex: number) {
    if (!Number.isInteger(threadIndex) || threadIndex < 0 || threadIndex >= pool.nThreads) {
      throw new RangeError(`buffer pool thread index must be an integer from 0 to ${pool.nThreads - 1} (got ${threadIndex})`);
    }
    const slot = pool.threadsBase + threadIndex * pool.threadWords;
    if (Atomics.compareExchange(pool.i32, slot + kBptAttached, 0, 1) !== 0) {
      throw new VppsimError('ERR_BUFFER_POOL_THREAD_ATTACHED', `buffer pool ${pool.name}: thread ${threadIndex} already has a view`);
    }
    this.pool = pool;
    this.threadIndex = threadIndex;
    this.slot = slot;
    this.u32 = pool.u32;
    this.i32 = pool.i32;
    this.f64 = pool.f64;
    this.cache = pool.cacheBase(threadIndex);
    this.cacheSize = pool.cacheSize;
    this.nCachedWord = slot + kBptNCached;
    this.stat = pool.statsBase(threadIndex);
    this.cached = Atomics.load(pool.i32, this.nCachedWord);
  }

  /** Buffers in this thread's cache (`n_cached`). */
  get nCached (): number { return this.cached; }

  /** This thread's counter `k` (kBptStat*). */
  counter (k: number): number { return this.f64[this.stat + k] as number; }

  /**
   * Gives up the slot so that another view may take it. With `flush` (the default) the cache
   * goes back to the global stack first, as a thread that leaves should; without it the cached
   * buffers stay in the slot for the next view of this thread.
   */
  detach (opts: { readonly flush?: boolean } = {}): void {
    if (!this.attached) return;
    if (opts.flush ?? true) this.flushCache();
    this.attached = false;
    Atomics.store(this.i32, this.nCachedWord, this.cached);
    Atomics.store(this.i32, this.slot + kBptAttached, 0);
  }

  /** Puts every cached buffer on the global stack (one lock). Counted as a flush. */
  flushCache (): void {
    const n = this.cached;
    if (n === 0) return;
    this.pool.poolPut(this.u32, this.cache, n, this.stat + kBptStatLockSleeps);
    this.cached = 0;
    this.i32[this.nCachedWord] = 0;
    this.f64[this.stat + kBptStatFlushes] = (this.f64[this.stat + kBptStatFlushes] as number) + 1;
  }

  /**
   * `vlib_buffer_alloc`: writes up to `n` fresh buffer indices to `out[outOffset…]` and returns
   * how many (fewer, possibly 0, when the pool is empty as this thread sees it: the global stack
   * and its own cache; other threads' caches are theirs). Served from the cache when it holds
   * enough; an alloc of at least the cache size goes straight to the global stack; otherwise the
   * cache is emptied into `out` and refilled from the global stack with the remainder rounded up
   * to 32. Buffers come with the template's metadata (see {@link BufferPool.resetToTemplate}).
   * `n` is clamped to the room left in `out` (VPP would write past the array).
   * Models: src/vlib/buffer_funcs.h vlib_buffer_alloc_from_pool.
   */
  alloc (out: Uint32Array, n: number, outOffset = 0): number {
    if (n > out.length - outOffset) n = out.length - outOffset;
    if (n <= 0) return 0;
    const u32 = this.u32;
    const c = this.cache;
    let len = this.cached;
    const st = this.stat;
    if (len >= n) {
      const s = c + len - n;
      for (let k = 0; k < n; k++) out[outOffset + k] = u32[s + k] as number;
      this.cached = len -= n;
      this.i32[this.nCachedWord] = len;
      this.f64[st + kBptStatAllocBuffers] = (this.f64[st + kBptStatAllocBuffers] as number) + n;
      return n;
    }
    let got: number;
    if (n >= this.cacheSize) {
      got = this.pool.poolGet(out, outOffset, n, st + kBptStatLockSleeps);
      this.f64[st + kBptStatDirectGets] = (this.f64[st + kBptStatDirectGets] as number) + 1;
    } else {
      let d = outOffset;
      for (let k = 0; k < len; k++) out[d + k] = u32[c + k] as number;
      d += len;
      let left = n - len;
      const want = (left + VLIB_BUFFER_REFILL_ROUND - 1) & ~(VLIB_BUFFER_REFILL_ROUND - 1);
      len = this.pool.poolGet(u32, c, want, st + kBptStatLockSleeps);
      this.f64[st + kBptStatRefills] = (this.f64[st + kBptStatRefills] as number) + 1;
      const take = len < left ? len : left;
      const s = c + len - take;
      for (let k = 0; k < take; k++) out[d + k] = u32[s + k] as number;
      len -= take;
      left -= take;
      this.cached = len;
      this.i32[this.nCachedWord] = len;
      got = n - left;
    }
    this.f64[st + kBptStatAllocBuffers] = (this.f64[st + kBptStatAllocBuffers] as number) + got;
    if (got < n) {
      this.f64[st + kBptStatAllocFailures] = (this.f64[st + kBptStatAllocFailures] as number) + 1;
      this.f64[st + kBptStatAllocShort] = (this.f64[st + kBptStatAllocShort] as number) + n - got;
    }
    return got;
  }

  /**
   * `vlib_buffer_free`: frees `buffers[offset…offset+n)` and every buffer chained after each.
   * A buffer whose ref_count drops to 0 is reset to the template and recycled: gathered in
   * batches of 128, each put in this thread's cache, the overflow of a batch on the global stack.
   * `n` is clamped to the entries `buffers` has from `offset`. Each index must be allocated and
   * listed once: like VPP outside debug images, free does not look for double frees.
   * Models: src/vlib/buffer_funcs.h vlib_buffer_free_inline (maybe_next = 1), vlib_buffer_pool_put.
   */
  free (buffers: Uint32Array, n: number, offset = 0): void {
    this.freeInline(buffers, n, offset, NEXT_PRESENT);
  }

  /** `vlib_buffer_free_no_next`: frees only the listed buffers, not what is chained after them. */
  freeNoNext (buffers: Uint32Array, n: number, offset = 0): void {
    this.freeInline(buffers, n, offset, 0);
  }

  /** `vlib_buffer_free_one`: frees one buffer chain. Allocation-free fast path for a lone buffer. */
  freeOne (bi: number): void {
    const pool = this.pool;
    const w = pool.hdrWord(bi);
    const rcByte = (w << 2) + kBufByteRefCount;
    if (((this.i32[w + kBufFlags] as number) & NEXT_PRESENT) !== 0 || (pool.u8[rcByte] as number) !== 1 || this.cached === this.cacheSize) {
      this.scratch[0] = bi;
      this.freeInline(this.scratch, 1, 0, NEXT_PRESENT);
      return;
    }
    pool.resetToTemplate(w);
    const n = this.cached;
    this.u32[this.cache + n] = bi;
    this.cached = n + 1;
    this.i32[this.nCachedWord] = n + 1;
    this.f64[this.stat + kBptStatFreeBuffers] = (this.f64[this.stat + kBptStatFreeBuffers] as number) + 1;
  }

  private freeInline (buffers: Uint32Array, n: number, offset: number, followMask: number): void {
    if (n > buffers.length - offset) n = buffers.length - offset;
    const pool = this.pool;
    const i32 = this.i32;
    const u32 = this.u32;
    const u8 = pool.u8;
    const q = this.queue;
    let nq = 0;
    let freed = 0;
    for (let i = 0; i < n; i++) {
      let bi = buffers[offset + i] as number;
      for (;;) {
        const w = pool.hdrWord(bi);
        const flags = i32[w + kBufFlags] as number;
        const next = u32[w + kBufNextBuffer] as number;
        const rcByte = (w << 2) + kBufByteRefCount;
        // ref_count 1: this is the only reference, nobody else may touch it (VPP's fast path).
        if ((u8[rcByte] as number) === 1 || Atomics.sub(u8, rcByte, 1) === 1) {
          pool.resetToTemplate(w);
          q[nq++] = bi;
          freed++;
          if (nq === VLIB_BUFFER_FREE_QUEUE_SIZE) {
            this.put(q, nq);
            nq = 0;
          }
        }
        if ((flags & followMask) === 0) break;
        bi = next;
      }
    }
    if (nq !== 0) this.put(q, nq);
    this.f64[this.stat + kBptStatFreeBuffers] = (this.f64[this.stat + kBptStatFreeBuffers] as number) + freed;
  }

  /**
   * `vlib_buffer_pool_put`: `q[0…n)` into the cache if they fit; else the last ones fill the
   * cache and the first ones go on the global stack under the lock (a flush).
   */
  private put (q: Uint32Array, n: number): void {
    const u32 = this.u32;
    const nc = this.cached;
    const empty = this.cacheSize - nc;
    const d = this.cache + nc;
    if (n <= empty) {
      for (let k = 0; k < n; k++) u32[d + k] = q[k] as number;
      this.cached = nc + n;
      this.i32[this.nCachedWord] = nc + n;
      return;
    }
    const s = n - empty;
    for (let k = 0; k < empty; k++) u32[d + k] = q[s + k] as number;
    this.cached = this.cacheSize;
    this.i32[this.nCachedWord] = this.cacheSize;
    this.pool.poolPut(q, 0, s, this.stat + kBptStatLockSleeps);
    this.f64[this.stat + kBptStatFlushes] = (this.f64[this.stat + kBptStatFlushes] as number) + 1;
  }

  /**
   * `vlib_buffer_chain_append_data_with_alloc`: appends up to `n` bytes of `src[srcOffset…]` to
   * the chain whose first buffer is `first`, filling its last buffer to the end of `data[]` and
   * chaining new buffers from this thread's cache as needed. Keeps the first buffer's total length
   * (and TOTAL_LENGTH_VALID) right. Returns the bytes appended: fewer than `n` only when the pool
   * ran dry. `last` is the chain's last buffer if known (else it is found by walking the chain);
   * the new last is left in {@link BufferPoolThread.lastAppended}.
   */
  chainAppend (first: number, src: Uint8Array, srcOffset: number, n: number, last = VLIB_BUFFER_INVALID_INDEX): number {
    const pool = this.pool;
    let l = this.appendStart(first, last);
    let copied = 0;
    while (copied < n) {
      let room = pool.spaceLeftAtEnd(l);
      if (room <= 0) {
        const nb = this.allocOne();
        if (nb === 0) break;
        l = pool.chainBuffer(l, nb);
        room = pool.spaceLeftAtEnd(l);
      }
      const len = room < n - copied ? room : n - copied;
      pool.copyFromArray(pool.currentByte(l) + pool.currentLength(l), src, srcOffset + copied, len);
      pool.chainIncreaseLength(first, l, len);
      copied += len;
    }
    this.lastAppended = l;
    return copied;
  }

  /**
   * {@link BufferPoolThread.chainAppend} from a byte source (an svm fifo's peek): appends up to
   * `n` bytes read from `offset` bytes into `source`, without consuming them (the caller drops
   * them from the fifo when it is done, as session-queue does). Stops early when the source
   * gives fewer bytes than asked or the pool runs dry. Returns the bytes appended.
   */
  chainAppendFrom (first: number, source: BufferByteSource, offset: number, n: number, last = VLIB_BUFFER_INVALID_INDEX): number {
    const pool = this.pool;
    let l = this.appendStart(first, last);
    let copied = 0;
    while (copied < n) {
      let room = pool.spaceLeftAtEnd(l);
      if (room <= 0) {
        const nb = this.allocOne();
        if (nb === 0) break;
        l = pool.chainBuffer(l, nb);
        room = pool.spaceLeftAtEnd(l);
      }
      const want = room < n - copied ? room : n - copied;
      const got = source.peek(offset + copied, want, pool.u8, pool.currentByte(l) + pool.currentLength(l));
      if (got <= 0) break;
      pool.chainIncreaseLength(first, l, got);
      copied += got;
      if (got < want) break;
    }
    this.lastAppended = l;
    return copied;
  }

  /** The chain's last buffer, with `first`'s total length made valid (chain_init if alone). */
  private appendStart (first: number, last: number): number {
    const pool = this.pool;
    const f = pool.flags(first);
    if ((f & NEXT_PRESENT) === 0) {
      pool.setTotalLengthNotIncludingFirstBuffer(first, 0);
      pool.setFlags(first, f | TOTAL_LENGTH_VALID);
      return first;
    }
    if ((f & TOTAL_LENGTH_VALID) === 0) pool.lengthInChain(first);
    return last === VLIB_BUFFER_INVALID_INDEX ? pool.lastInChain(first) : last;
  }

  /** One buffer from the cache (refilling it as alloc does), or 0 if the pool is empty. */
  private allocOne (): number {
    const n = this.cached;
    if (n > 0) {
      const bi = this.u32[this.cache + n - 1] as number;
      this.cached = n - 1;
      this.i32[this.nCachedWord] = n - 1;
      this.f64[this.stat + kBptStatAllocBuffers] = (this.f64[this.stat + kBptStatAllocBuffers] as number) + 1;
      return bi;
    }
    return this.alloc(this.scratch, 1) === 1 ? this.scratch[0] as number : 0;
  }
}
