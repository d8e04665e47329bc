// graph/buffer-pool-layout.ts: the shared memory of one vlib buffer pool: its header, the global
// free list, each thread's buffer cache and counters, and the buffers themselves.
// Models: src/vlib/buffer.h vlib_buffer_t, vlib_buffer_template_t, vlib_buffer_pool_t,
// vlib_buffer_pool_thread_t; src/vlib/buffer.c vlib_buffer_alloc_size, vlib_buffer_pool_create.
//
//   Int32 words from the pool's base (64-byte aligned); every region starts on a 64-byte line
//   +--------------------------------------------------------------+ word 0
//   | read-only: 0 magic  1 n buffers  2 data size (bytes)         |
//   |   3 pre-data size (bytes)  4 alloc size (bytes per buffer)   |
//   |   5 cache size (buffers)  6 n threads  7 buffer pool index   |
//   |   8 global stack word  9 threads word  10 buffers byte       |
//   |   11 byte length                                             |
//   +--------------------------------------------------------------+ word 16
//   | global free list: 16 lock (0 free, 1 held, 2 held+sleepers)  |
//   |   17 n_avail (buffers on the stack)                          |
//   +--------------------------------------------------------------+ word 32 = global stack word
//   | global stack: n buffers × u32 buffer index (`bp->buffers`);  |
//   |   entries [0, n_avail) are free, the top is n_avail − 1      |
//   +--------------------------------------------------------------+ threads word
//   | thread 0: 0 n_cached  1 attached (a view holds the slot)     |
//   |   words 8..23: f64 counters (kBptStat*)                       |
//   |   words 32..: cached_buffers[cache size] (u32 indices)       |
//   | thread 1 … (kThreadHeaderWords + cache size, rounded to 16)  |
//   +--------------------------------------------------------------+ buffers byte
//   | buffer 1: alloc size bytes (a multiple of 64)                |
//   |   +0    header, 128 bytes (words below)                      |
//   |   +128  pre_data[pre-data size]                              |
//   |   +128+pre-data size  data[data size]   (`b->data`)         |
//   | buffer 2 …  buffer n                                         |
//   +--------------------------------------------------------------+ byte length
//
//   buffer header (vlib_buffer_t, little-endian as in VPP on x86/arm):
//   word 0   i16 current_data (half 0)  u16 current_length (half 1)  ┐
//   word 1   flags                                                   │ first line: the
//   word 2   flow_id                                                 │ template, reset
//   word 3   u8 ref_count (byte 12)  u8 buffer_pool_index (byte 13)  │ on free
//            u16 error (half 7)                                      │
//   word 4   next_buffer                                             │
//   word 5   current_config_index                                    │
//   words 6..15  opaque[10] (the layers above: vnet_buffer)          ┘
//   word 16  trace_handle                                            ┐ second line:
//   word 17  total_length_not_including_first_buffer                 │ kept across
//   words 18..31 opaque2[14]                                         ┘ free and alloc
//
// Buffer index bi (1..n) is buffer bi of the buffers region. As in VPP, 0 is never a valid
// index (vlib_buffer_pool_create wastes a buffer so that `ASSERT (bi != 0)` catches stray zeros);
// here no memory is wasted, the numbering simply starts at 1. VPP's index is the buffer's
// address in cache lines from the start of buffer memory; vppsim's is the buffer's ordinal.

/** Pool header words (Int32, relative to the pool base). */
export const kBpMagic = 0;            /**< `VLIB_BUFFER_POOL_MAGIC` once initialised */
export const kBpNBuffers = 1;         /**< `n_buffers`, buffers */
export const kBpDataSize = 2;         /**< `data_size`, bytes of `data[]` per buffer */
export const kBpPreDataSize = 3;      /**< `VLIB_BUFFER_PRE_DATA_SIZE`, bytes of headroom */
export const kBpAllocSize = 4;        /**< `alloc_size`, bytes from one buffer to the next */
export const kBpCacheSize = 5;        /**< `VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ`, buffers */
export const kBpNThreads = 6;         /**< threads with a cache slot */
export const kBpIndex = 7;            /**< `bp->index`, written into every buffer's buffer_pool_index */
export const kBpStackWord = 8;        /**< first word of the global stack, from the base */
export const kBpThreadsWord = 9;      /**< first word of thread 0's slot, from the base */
export const kBpBuffersByte = 10;     /**< first byte of buffer 1, from the base */
export const kBpByteLength = 11;      /**< bytes of the whole pool */
export const kBpLock = 16;            /**< `bp->lock`: a futex mutex guarding the global stack */
export const kBpNAvail = 17;          /**< `bp->n_avail`: buffers on the global stack */
/** Header words before the global stack. */
export const kBpHeaderWords = 32;
/** `magic` of an initialised pool ("VBP1"). */
export const VLIB_BUFFER_POOL_MAGIC = 0x56425031;

/** Per-thread slot words (Int32, relative to the slot). Models: vlib_buffer_pool_thread_t. */
export const kBptNCached = 0;         /**< `n_cached`, written by the owner only */
export const kBptAttached = 1;        /**< 1 while a BufferPoolThread view holds the slot */
export const kBptStatsWord = 8;       /**< first word of the f64 counters (8-byte aligned) */
export const kBptCache = 32;          /**< `cached_buffers[0]` */
/** Words of a slot before its cache. */
export const kThreadHeaderWords = 32;

/**
 * Per-thread f64 counters, by index from the slot's first f64 (word {@link kBptStatsWord}).
 * The owner adds to them; anyone may read them (a stale read only lags). VPP counts none of
 * these; `show buffers` derives Avail/Cached/Used from the lists, which vppsim does too.
 */
export const kBptStatAllocBuffers = 0;    /**< buffers handed out by alloc */
export const kBptStatFreeBuffers = 1;     /**< buffers put back by free (chain members included) */
export const kBptStatRefills = 2;         /**< cache refills from the global stack (lock taken) */
export const kBptStatFlushes = 3;         /**< cache overflows put on the global stack (lock taken) */
export const kBptStatDirectGets = 4;      /**< allocs of ≥ cache size served from the global stack */
export const kBptStatAllocFailures = 5;   /**< alloc calls that returned fewer buffers than asked */
export const kBptStatAllocShort = 6;      /**< buffers asked for and not given */
export const kBptStatLockSleeps = 7;      /**< times the global lock stayed held past the spin */
/** Counters per thread. */
export const kBptStats = 8;

/** Buffer header words (relative to the buffer). Models: src/vlib/buffer.h vlib_buffer_t. */
export const kBufWordCurrent = 0;         /**< i16 current_data | u16 current_length << 16 */
export const kBufFlags = 1;               /**< `flags` ({@link VlibBufferFlag}) */
export const kBufFlowId = 2;              /**< `flow_id` */
export const kBufWordRefPoolError = 3;    /**< u8 ref_count | u8 buffer_pool_index << 8 | u16 error << 16 */
export const kBufNextBuffer = 4;          /**< `next_buffer`, valid with VLIB_BUFFER_NEXT_PRESENT */
export const kBufCurrentConfigIndex = 5;  /**< `current_config_index` (or `punt_reason`) */
export const kBufOpaque = 6;              /**< `opaque[0]`; the layers above own these words */
export const kBufTraceHandle = 16;        /**< `trace_handle` */
export const kBufTotalLengthNotIncludingFirstBuffer = 17; /**< valid with TOTAL_LENGTH_VALID */
export const kBufOpaque2 = 18;            /**< `opaque2[0]` */
/** Int16 half of the header holding `current_data` (signed, bytes from `data[0]`). */
export const kBufHalfCurrentData = 0;
/** Uint16 half holding `current_length` (bytes from current_data to the end of this buffer's data). */
export const kBufHalfCurrentLength = 1;
/** Uint16 half holding `error` (`vlib_error_t`). */
export const kBufHalfError = 7;
/** Byte holding `ref_count`. */
export const kBufByteRefCount = 12;
/** Byte holding `buffer_pool_index`. */
export const kBufByteBufferPoolIndex = 13;
/** u32 words of `opaque` (vlib_buffer_template_fields). */
export const VLIB_BUFFER_OPAQUE_WORDS = 10;
/** u32 words of `opaque2`. */
export const VLIB_BUFFER_OPAQUE2_WORDS = 14;
/** Words reset to the pool's template on free (the first cache line, `vlib_buffer_template_t`). */
export const kBufTemplateWords = 16;
/** Header bytes, `sizeof (vlib_buffer_t)` without pre_data (VLIB_BUFFER_HDR_SIZE). */
export const VLIB_BUFFER_HDR_SIZE = 128;
/** `next_buffer` of a buffer fresh from the pool: VPP's template value, to make misuse visible. */
export const VLIB_BUFFER_TEMPLATE_NEXT_BUFFER = 0xdeadbeaf;
/** `VLIB_BUFFER_INVALID_INDEX`. */
export const VLIB_BUFFER_INVALID_INDEX = 0xffffffff;

/**
 * Buffer flags, with VPP's bit values. Bits from 31 down are the user flags
 * (`VLIB_BUFFER_FLAG_USER(n)` = 1 << (32 − n)), which vnet uses. Models: src/vlib/buffer.h
 * foreach_vlib_buffer_flag.
 */
export const VlibBufferFlag = {
  /** `VLIB_BUFFER_IS_TRACED` */
  IsTraced: 1 << 0,
  /** `VLIB_BUFFER_NEXT_PRESENT`: next_buffer is the next buffer of this chain. */
  NextPresent: 1 << 1,
  /** `VLIB_BUFFER_TOTAL_LENGTH_VALID`: total_length_not_including_first_buffer is right. */
  TotalLengthValid: 1 << 2,
  /** `VLIB_BUFFER_EXT_HDR_VALID` */
  ExtHdrValid: 1 << 3,
} as const;

/** `VLIB_BUFFER_FLAG_USER(n)`: user flag n (1-based), bit 32 − n. Models: src/vlib/buffer.h. */
export const vlibBufferFlagUser = (n: number): number => (1 << (32 - n)) | 0;

/** `VLIB_BUFFER_DEFAULT_DATA_SIZE`, bytes (startup.conf `buffers { default data-size }`). */
export const VLIB_BUFFER_DEFAULT_DATA_SIZE = 2048;
/** `VLIB_BUFFER_PRE_DATA_SIZE`, bytes of headroom (src/vlib/CMakeLists.txt PRE_DATA_SIZE). */
export const VLIB_BUFFER_PRE_DATA_SIZE = 128;
/** `VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ`, buffers per thread cache (src/vlib/buffer.h). */
export const VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ = 512;
/** `VLIB_BUFFER_DEFAULT_BUFFERS_PER_NUMA`, buffers (src/vlib/buffer.c; `buffers-per-numa`). */
export const VLIB_BUFFER_DEFAULT_BUFFERS_PER_NUMA = 16384;
/** `VLIB_BUFFER_MIN_CHAIN_SEG_SIZE`, bytes: data that a chain never splits. */
export const VLIB_BUFFER_MIN_CHAIN_SEG_SIZE = 128;
/** `VLIB_BUFFER_ALIGN`, bytes: buffers are cache-line aligned (src/vlib/config.h.in). */
export const VLIB_BUFFER_ALIGN = 64;
/**
 * An alloc that misses the cache refills it with its remainder rounded up to this many buffers
 * (`round_pow2 (n_left, 32)` in vlib_buffer_alloc_from_pool).
 */
export const VLIB_BUFFER_REFILL_ROUND = 32;

/** What fixes a pool's layout. Every field has VPP's default; see {@link fillBufferPoolParams}. */
export interface VlibBufferPoolParams {
  /** Buffers in the pool; default 16384 (`buffers-per-numa`). */
  readonly nBuffers?: number;
  /** Bytes of `data[]` per buffer, 64..32768; default 2048 (`default data-size`). */
  readonly dataSize?: number;
  /** Bytes of headroom before `data[]`, a multiple of 64 up to 32768; default 128. */
  readonly preDataSize?: number;
  /** Buffers per thread cache, a multiple of 32 from 32 to 65536; default 512. */
  readonly cacheSize?: number;
  /** Threads that get a cache slot (vlib threads, and app threads if they take buffers). */
  readonly nThreads: number;
  /** `buffer_pool_index` written into each buffer, 0..254; default 0. */
  readonly poolIndex?: number;
}

/** {@link VlibBufferPoolParams} with every default filled in. */
export type FilledBufferPoolParams = Required<VlibBufferPoolParams>;

/** Largest pool, bytes: byte offsets are computed in 32-bit integers. */
export const kBufferPoolMaxBytes = 0x7fffffc0;

const isInt = (x: number, lo: number, hi: number): boolean => Number.isInteger(x) && x >= lo && x <= hi;

/**
 * Checks `params` once and fills the defaults. Throws a RangeError naming the option.
 * Models: src/vlib/buffer.c vlib_buffers_configure (defaults) and vlib_buffer_pool_create.
 */
export function fillBufferPoolParams (params: VlibBufferPoolParams): FilledBufferPoolParams {
  const p: FilledBufferPoolParams = {
    nBuffers: params.nBuffers ?? VLIB_BUFFER_DEFAULT_BUFFERS_PER_NUMA,
    dataSize: params.dataSize ?? VLIB_BUFFER_DEFAULT_DATA_SIZE,
    preDataSize: params.preDataSize ?? VLIB_BUFFER_PRE_DATA_SIZE,
    cacheSize: params.cacheSize ?? VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ,
    nThreads: params.nThreads,
    poolIndex: params.poolIndex ?? 0,
  };
  if (!isInt(p.nThreads, 1, 1024)) throw new RangeError(`buffer pool nThreads must be an integer from 1 to 1024 (got ${p.nThreads})`);
  if (!isInt(p.nBuffers, 1, 0x3fffffff)) throw new RangeError(`buffer pool nBuffers must be a positive integer (got ${p.nBuffers})`);
  if (!isInt(p.dataSize, 64, 32768)) throw new RangeError(`buffer pool dataSize must be an integer from 64 to 32768 bytes (got ${p.dataSize})`);
  if (!isInt(p.preDataSize, 0, 32768) || p.preDataSize % VLIB_BUFFER_ALIGN !== 0) {
    throw new RangeError(`buffer pool preDataSize must be a multiple of 64 bytes up to 32768 (got ${p.preDataSize})`);
  }
  if (!isInt(p.cacheSize, VLIB_BUFFER_REFILL_ROUND, 65536) || p.cacheSize % VLIB_BUFFER_REFILL_ROUND !== 0) {
    throw new RangeError(`buffer pool cacheSize must be a multiple of 32 buffers from 32 to 65536 (got ${p.cacheSize})`);
  }
  if (!isInt(p.poolIndex, 0, 254)) throw new RangeError(`buffer pool poolIndex must be an integer from 0 to 254 (got ${p.poolIndex})`);
  return p;
}

/**
 * Bytes from one buffer to the next: header, pre-data and data rounded up to a cache line, plus
 * one more line when that makes an even number of lines ("for better cache occupancy").
 * 2048 B of data: 2368 B. Models: src/vlib/buffer.c vlib_buffer_alloc_size.
 */
export function vlibBufferAllocSize (dataSize: number, preDataSize: number): number {
  const a = Math.ceil((VLIB_BUFFER_HDR_SIZE + preDataSize + dataSize) / VLIB_BUFFER_ALIGN) * VLIB_BUFFER_ALIGN;
  return a | VLIB_BUFFER_ALIGN;
}

/** Words of one thread slot: header, then the cache rounded up to a 64-byte line. */
export const bufferPoolThreadWords = (cacheSize: number): number => kThreadHeaderWords + Math.ceil(cacheSize / 16) * 16;

/** Computed offsets of a pool, relative to its base. */
export class BufferPoolLayout {
  /** Checked parameters. */
  readonly params: FilledBufferPoolParams;
  /** Bytes from one buffer to the next (`alloc_size`). */
  readonly allocSize: number;
  /** First word of the global stack. */
  readonly stackWord: number;
  /** First word of thread 0's slot. */
  readonly threadsWord: number;
  /** Words per thread slot. */
  readonly threadWords: number;
  /** First byte of buffer 1. */
  readonly buffersByte: number;
  /** Bytes of the whole pool. */
  readonly byteLength: number;

  constructor (params: VlibBufferPoolParams) {
    const p = this.params = fillBufferPoolParams(params);
    this.allocSize = vlibBufferAllocSize(p.dataSize, p.preDataSize);
    this.stackWord = kBpHeaderWords;
    this.threadsWord = this.stackWord + Math.ceil(p.nBuffers / 16) * 16;
    this.threadWords = bufferPoolThreadWords(p.cacheSize);
    this.buffersByte = (this.threadsWord + p.nThreads * this.threadWords) * 4;
    this.byteLength = this.buffersByte + p.nBuffers * this.allocSize;
    if (this.byteLength > kBufferPoolMaxBytes) {
      throw new RangeError(`buffer pool of ${p.nBuffers} buffers of ${this.allocSize} bytes needs ${this.byteLength} bytes, more than 2 GiB`);
    }
  }

  /** First word of thread `t`'s slot. */
  threadWord (t: number): number { return this.threadsWord + t * this.threadWords; }
  /** First byte of buffer `bi` (1-based) from the pool base. */
  bufferByte (bi: number): number { return this.buffersByte + (bi - 1) * this.allocSize; }
}

/** Bytes a pool of `params` takes (a multiple of 64). */
export const bufferPoolSizeToAlloc = (params: VlibBufferPoolParams): number => new BufferPoolLayout(params).byteLength;
