// graph/shared-layout.ts: the run's shared memory for the engine: per-thread wake words and
// counters, interrupt remote words, barrier words, RPC rings, and every thread's node statistics
// (the CLI runs on main and reads them all under the barrier, as VPP's `show runtime` does).
// Laid out once per run.
//
//   i32 view (Int32Array over the whole SAB)
//   +--------------------+  word 0
//   | global words       |  kGlobalWords: stop, barrier, crash
//   +--------------------+
//   | thread 0 words     |  kThreadWords each: sleeping, wakeup pending, wake seq, wakeup fd,
//   | thread 1 words     |                     WakeReq, Wakeups, last vectors, LWP, mailbox
//   | …                  |
//   +--------------------+
//   | node states, t0    |  kNodeStateWords per node: node state, process state, events pending
//   | node states, t1 …  |
//   +--------------------+
//   | interrupts, t0     |  remote words of each node type, then the next thread
//   | interrupts, t1 …   |
//   +--------------------+
//   | rpc ring, t1 → t0  |  one SPSC ring per worker: head, tail, then size × 4 words
//   | rpc ring, t2 → t0  |
//   +--------------------+
//   | handoff rings      |  per queue q, target thread t, producer thread p: an SPSC ring of
//   |                    |  buffer indices: head, tail, dropped, then size entries
//   +--------------------+  (aligned to 8 bytes)
//   | f64 globals        |  time of last barrier release (ns)
//   | f64 thread stats   |  kThreadStats per thread: Loops, Epolls, Sleeps, FdWakeups, loops/sec,
//   |                    |  internal vectors and calls (and at clear), time of last clear
//   | f64 node stats, t0 |  kNodeStats per node: calls, vectors, clocks, suspends, max clock,
//   | f64 node stats, t1 |  vectors at max, and the first four at the last clear
//   +--------------------+
//
// Each thread writes only its own words (posters write WakeReq/Wakeups/interrupts atomically);
// main reads the rest under the barrier, when the owner is parked.

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
export const kLwp = 7;               /**< host thread id (`w->lwp`), 0 if unknown */
export const kMailbox = 8;           /**< bumped by every mailbox post to the thread (graph/mailbox.ts) */
export const kHandoffPending = 9;    /**< `vm->handoff_queue_pending_bmp`: one bit per handoff queue */
export const kAppSleeps = 10;        /**< sleeps of an app thread (vlib threads count theirs in kStatSleeps) */
export const kThreadWords = 12;

/** Per-node Int32 words of one thread, relative to `nodeStateBase(t, node)`. */
export const kNodeStateWord = 0;     /**< NodeState on that thread */
export const kProcessStateWord = 1;  /**< ProcessState (process nodes, main only) */
export const kEventsPendingWord = 2; /**< events signalled and not taken (process nodes) */
export const kNodeStateWords = 3;

/** Per-thread Float64 statistics, relative to `threadStatsBase(t)`. */
export const kStatLoops = 0;             /**< `main_loop_count` */
export const kStatEpolls = 1;            /**< `epoll_waits` */
export const kStatSleeps = 2;            /**< `sleep_count` */
export const kStatFdWakeups = 3;         /**< `sleep_fd_event_count` */
export const kStatLoopsPerSec = 4;       /**< `loops_per_second` */
export const kStatInternalVectors = 5;   /**< `internal_node_vectors` */
export const kStatInternalCalls = 6;     /**< `internal_node_calls` */
export const kStatInternalVectorsAtClear = 7;
export const kStatInternalCallsAtClear = 8;
export const kStatTimeLastClearNs = 9;   /**< `time_last_runtime_stats_clear`, ns */
export const kThreadStats = 10;

/** Per-node Float64 statistics of one thread, relative to `nodeStatsBase(t, node)`. */
export const kNsCalls = 0;
export const kNsVectors = 1;
export const kNsClocks = 2;             /**< ns */
export const kNsSuspends = 3;
export const kNsMaxClock = 4;           /**< ns */
export const kNsMaxClockN = 5;
export const kNsCallsAtClear = 6;
export const kNsVectorsAtClear = 7;
export const kNsClocksAtClear = 8;
export const kNsSuspendsAtClear = 9;
export const kNodeStats = 10;

/** Float64 globals. */
export const kTimeLastBarrierReleaseNs = 0;
export const kF64Globals = 2;

/** Handoff ring header words: head, tail, dropped (`hq->n_dropped`). */
export const kHoHead = 0;
export const kHoTail = 1;
export const kHoDropped = 2;
export const kHoHeaderWords = 4;
/** Entries per handoff ring by default (VPP: 4096 slots of 32 buffers, one MPSC ring per queue). */
export const HANDOFF_RING_SIZE_DEFAULT = 4096;

/** RPC ring: words before the records; each record is 4 words. */
export const kRpcHead = 0;
export const kRpcTail = 1;
export const kRpcHeaderWords = 2;
export const kRpcRecordWords = 4;

/** What fixes the layout: plain data, sent to every thread with the SAB. */
export interface VlibSharedParams {
  /** vlib threads (main and workers). */
  readonly nThreads: number;
  /**
   * App threads, slots nThreads.. in the per-thread words: they sleep and are woken with the same
   * protocol (sleeping flag, wake word) but have no nodes. Default 0.
   */
  readonly nAppThreads?: number;
  /** Nodes in the graph (every thread has a runtime for each). */
  readonly nNodes: number;
  /** 32-bit interrupt words per node type (see Graph.interruptWords). */
  readonly interruptWords: readonly number[];
  /** Records per worker→main RPC ring; a power of two. */
  readonly rpcRingSize: number;
  /** Handoff queues (nodes that take handed-off buffers). Default 0. */
  readonly nHandoffQueues?: number;
  /** Buffer indices per handoff ring (one ring per queue, target and producer); a power of two. */
  readonly handoffRingSize?: number;
  /** Node error counters of the graph (Graph.nErrors), per thread. Default 0. */
  readonly nErrors?: number;
}

/** Computed offsets for a {@link VlibSharedParams}. */
export class VlibSharedLayout {
  readonly threadWordsBase: number;
  readonly nodeStateWordsBase: number;
  readonly interruptBase: number;
  readonly interruptWordsPerThread: number;
  readonly interruptTypeOffset: Int32Array;
  readonly rpcBase: number;
  readonly rpcRingWords: number;
  readonly handoffBase: number;
  readonly handoffRingWords: number;
  readonly f64Base: number;
  readonly threadStatsF64Base: number;
  readonly nodeStatsF64Base: number;
  readonly errorsF64Base: number;
  readonly byteLength: number;

  constructor (readonly params: VlibSharedParams) {
    const { nThreads, nNodes, interruptWords, rpcRingSize } = params;
    if (!Number.isInteger(nThreads) || nThreads < 1) throw new RangeError('nThreads must be a positive integer');
    if (!Number.isInteger(nNodes) || nNodes < 0) throw new RangeError('nNodes must be a non-negative integer');
    if (rpcRingSize < 2 || (rpcRingSize & (rpcRingSize - 1)) !== 0) throw new RangeError('rpcRingSize must be a power of two');
    this.threadWordsBase = kGlobalWords;
    this.nodeStateWordsBase = this.threadWordsBase + (nThreads + (params.nAppThreads ?? 0)) * kThreadWords;
    this.interruptBase = this.nodeStateWordsBase + nThreads * nNodes * kNodeStateWords;
    this.interruptTypeOffset = new Int32Array(N_NODE_TYPES);
    let w = 0;
    for (let t = 0; t < N_NODE_TYPES; t++) {
      this.interruptTypeOffset[t] = w;
      w += interruptWords[t] ?? 0;
    }
    this.interruptWordsPerThread = w;
    this.rpcBase = this.interruptBase + nThreads * w;
    this.rpcRingWords = kRpcHeaderWords + rpcRingSize * kRpcRecordWords;
    this.handoffBase = this.rpcBase + Math.max(0, nThreads - 1) * this.rpcRingWords;
    const hoSize = params.handoffRingSize ?? HANDOFF_RING_SIZE_DEFAULT;
    if (hoSize < 2 || (hoSize & (hoSize - 1)) !== 0) throw new RangeError('handoffRingSize must be a power of two');
    this.handoffRingWords = kHoHeaderWords + hoSize;
    const i32Words = this.handoffBase + (params.nHandoffQueues ?? 0) * nThreads * nThreads * this.handoffRingWords;
    this.f64Base = Math.ceil(i32Words / 2); // in f64 units
    this.threadStatsF64Base = this.f64Base + kF64Globals;
    this.nodeStatsF64Base = this.threadStatsF64Base + nThreads * kThreadStats;
    this.errorsF64Base = this.nodeStatsF64Base + nThreads * nNodes * kNodeStats;
    this.byteLength = (this.errorsF64Base + nThreads * (params.nErrors ?? 0)) * 8;
  }

  /** First Int32 word of thread `t`'s words (vlib threads first, then app threads). */
  threadBase (t: number): number { return this.threadWordsBase + t * kThreadWords; }
  /** vlib threads plus app threads. */
  get nSlots (): number { return this.params.nThreads + (this.params.nAppThreads ?? 0); }
  /** First Int32 word of node `n`'s state words on thread `t`. */
  nodeStateBase (t: number, n: number): number { return this.nodeStateWordsBase + (t * this.params.nNodes + n) * kNodeStateWords; }
  /** First Int32 word of thread `t`'s remote interrupt words for node type `type`. */
  interruptRemoteBase (t: number, type: number): number {
    return this.interruptBase + t * this.interruptWordsPerThread + (this.interruptTypeOffset[type] ?? 0);
  }
  /** First Int32 word of the handoff ring of queue `q` into thread `target` from thread `producer`. */
  handoffRingBase (q: number, target: number, producer: number): number {
    const n = this.params.nThreads;
    return this.handoffBase + ((q * n + target) * n + producer) * this.handoffRingWords;
  }
  /** First Int32 word of the RPC ring from worker `t` (t ≥ 1) to main. */
  rpcRingBase (t: number): number { return this.rpcBase + (t - 1) * this.rpcRingWords; }
  /** First Float64 index of thread `t`'s statistics. */
  threadStatsBase (t: number): number { return this.threadStatsF64Base + t * kThreadStats; }
  /** First Float64 index of node `n`'s statistics on thread `t`. */
  nodeStatsBase (t: number, n: number): number { return this.nodeStatsF64Base + (t * this.params.nNodes + n) * kNodeStats; }
  /** Float64 index of thread `t`'s error counter `e` (a Graph.errorIndex plus the node's code). */
  errorCounter (t: number, e: number): number { return this.errorsF64Base + t * (this.params.nErrors ?? 0) + e; }
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

  /** Allocates the shared memory for `nThreads` threads of a graph. */
  static forGraph (graph: { readonly nodes: readonly unknown[]; readonly interruptWords: readonly number[]; readonly handoffNodes: readonly unknown[]; readonly nErrors?: number },
    nThreads: number, rpcRingSize = 1024, nAppThreads = 0, handoffRingSize = HANDOFF_RING_SIZE_DEFAULT): VlibShared {
    return VlibShared.create({
      nThreads, nAppThreads, nNodes: graph.nodes.length, interruptWords: graph.interruptWords, rpcRingSize,
      nHandoffQueues: graph.handoffNodes.length, handoffRingSize, nErrors: graph.nErrors ?? 0,
    });
  }

  get nThreads (): number { return this.params.nThreads; }
}
