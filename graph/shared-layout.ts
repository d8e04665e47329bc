// graph/shared-layout.ts: the run's shared memory for the engine: per-thread wake words and
// counters, interrupt remote words, barrier words, RPC rings. Laid out once per run.
//
//   i32 view (Int32Array over the whole SAB)
//   +--------------------+  word 0
//   | global words       |  kGlobalWords: stop, barrier, crash
//   +--------------------+
//   | thread 0 words     |  kThreadWords each: sleeping, wakeup pending, wake seq, wakeup fd,
//   | thread 1 words     |                     WakeReq, Wakeups, last vectors per main loop
//   | …                  |
//   +--------------------+
//   | interrupts, t0     |  remote words of each node type, then the next thread
//   | interrupts, t1 …   |
//   +--------------------+
//   | rpc ring, t1 → t0  |  one SPSC ring per worker: head, tail, then size × 4 words
//   | rpc ring, t2 → t0  |
//   +--------------------+  (aligned to 8 bytes)
//   | f64 globals        |  time of last barrier release (ns)
//   | f64 thread stats   |  live Loops, Epolls, Sleeps, FdWakeups per thread (owner writes)
//   +--------------------+

import { N_NODE_TYPES } from './node.js';

/** Global Int32 words. */
export const kStop = 0;              /**< non-zero: every thread leaves its loop */
export const kWaitAtBarrier = 1;     /**< `vlib_worker_threads->wait_at_barrier` */
export const kWorkersAtBarrier = 2;  /**< `vlib_worker_threads->workers_at_barrier` */
export const kCrashed = 3;           /**< index+1 of the first thread that threw, 0 if none */
export const kGlobalWords = 4;

/** Per-thread Int32 words, relative to `threadBase(t)`. */
export const kSleeping = 0;          /**< `vm->thread_sleeps` */
export const kWakeupPending = 1;     /**< `vm->wakeup_pending` */
export const kWakeSeq = 2;           /**< futex word: bumped by every notify; a sleeper waits on it */
export const kWakeupFd = 3;          /**< `vm->wakeup_fd` eventfd counter */
export const kWakeReq = 4;           /**< `vm->wakeup_request_count` (written by posters) */
export const kWakeups = 5;           /**< `vm->wakeup_count` (written by posters) */
export const kLastVectors = 6;       /**< `vlib_last_vectors_per_main_loop`, published for the barrier */
export const kThreadWords = 8;

/** Per-thread Float64 live statistics, relative to `threadStatsBase(t)`. */
export const kStatLoops = 0;
export const kStatEpolls = 1;
export const kStatSleeps = 2;
export const kStatFdWakeups = 3;
export const kThreadStats = 4;

/** Float64 globals. */
export const kTimeLastBarrierReleaseNs = 0;
export const kF64Globals = 2;

/** RPC ring: words before the records; each record is 4 words. */
export const kRpcHead = 0;
export const kRpcTail = 1;
export const kRpcHeaderWords = 2;
export const kRpcRecordWords = 4;

/** What fixes the layout: plain data, sent to every thread with the SAB. */
export interface VlibSharedParams {
  readonly nThreads: number;
  /** 32-bit interrupt words per node type (see Graph.interruptWords). */
  readonly interruptWords: readonly number[];
  /** Records per worker→main RPC ring; a power of two. */
  readonly rpcRingSize: number;
}

/** Computed offsets for a {@link VlibSharedParams}. */
export class VlibSharedLayout {
  readonly threadWordsBase: number;
  readonly interruptBase: number;
  readonly interruptWordsPerThread: number;
  readonly interruptTypeOffset: Int32Array;
  readonly rpcBase: number;
  readonly rpcRingWords: number;
  readonly f64Base: number;
  readonly byteLength: number;

  constructor (readonly params: VlibSharedParams) {
    const { nThreads, interruptWords, rpcRingSize } = params;
    if (!Number.isInteger(nThreads) || nThreads < 1) throw new RangeError('nThreads must be a positive integer');
    if (rpcRingSize < 2 || (rpcRingSize & (rpcRingSize - 1)) !== 0) throw new RangeError('rpcRingSize must be a power of two');
    this.threadWordsBase = kGlobalWords;
    this.interruptBase = this.threadWordsBase + nThreads * kThreadWords;
    this.interruptTypeOffset = new Int32Array(N_NODE_TYPES);
    let w = 0;
    for (let t = 0; t < N_NODE_TYPES; t++) {
      this.interruptTypeOffset[t] = w;
      w += interruptWords[t] ?? 0;
    }
    this.interruptWordsPerThread = w;
    this.rpcBase = this.interruptBase + nThreads * w;
    this.rpcRingWords = kRpcHeaderWords + rpcRingSize * kRpcRecordWords;
    const i32Words = this.rpcBase + Math.max(0, nThreads - 1) * this.rpcRingWords;
    this.f64Base = Math.ceil(i32Words / 2); // in f64 units
    this.byteLength = (this.f64Base + kF64Globals + nThreads * kThreadStats) * 8;
  }

  /** First Int32 word of thread `t`'s words. */
  threadBase (t: number): number { return this.threadWordsBase + t * kThreadWords; }
  /** First Int32 word of thread `t`'s remote interrupt words for node type `type`. */
  interruptRemoteBase (t: number, type: number): number {
    return this.interruptBase + t * this.interruptWordsPerThread + (this.interruptTypeOffset[type] ?? 0);
  }
  /** First Int32 word of the RPC ring from worker `t` (t ≥ 1) to main. */
  rpcRingBase (t: number): number { return this.rpcBase + (t - 1) * this.rpcRingWords; }
  /** First Float64 index of thread `t`'s live statistics. */
  threadStatsBase (t: number): number { return this.f64Base + kF64Globals + t * kThreadStats; }
  /** Float64 index of a global. */
  f64Global (k: number): number { return this.f64Base + k; }
}

/** The engine's shared memory of one run: a SAB and its views. Plain views, no behaviour. */
export class VlibShared {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly layout: VlibSharedLayout;

  constructor (readonly sab: SharedArrayBuffer, readonly params: VlibSharedParams) {
    this.layout = new VlibSharedLayout(params);
    if (sab.byteLength < this.layout.byteLength) throw new RangeError('shared buffer is smaller than its layout');
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
  }

  /** Allocates a zeroed SAB for `params`. */
  static create (params: VlibSharedParams): VlibShared {
    return new VlibShared(new SharedArrayBuffer(new VlibSharedLayout(params).byteLength), params);
  }

  get nThreads (): number { return this.params.nThreads; }
}
