// graph/main-loop.ts: one simulated vlib thread (vlib main 0 or a worker) and its main loop,
// written as a step machine so the same code runs on a real thread and under virtual time.
// Models: src/vlib/main.c vlib_main_or_worker_loop (HEAD order, and ≤ v25.02 as an option),
// src/vlib/main.h vlib_main_t, src/vlib/node_funcs.h (set state, interrupts, process events).
//
// One call to step() runs one main-loop iteration, except where the thread must block:
//
//   Top ──barrier check──► Parked ─(driver waits for release)─► resume after the check
//    │
//    ├─ file poll decides to sleep ──► Sleep ─(driver waits on the wake word)─► AfterSleep:
//    │                                                        epoll result, then the loop body
//    └─ loop body: input nodes (poll, then interrupts) by type, SCHED, pending frames,
//       timers and processes, loop counter ──► Continue

import { GraphError, ThreadCrashError } from '../src/errors.js';
import type { Graph } from './build.js';
import { type Clock, type CostModel, defaultCostModel } from './clock.js';
import { Elog, type ElogDump, ElogEvent, type ElogNames, type ElogRecord, elogSource } from './elog.js';
import { type ClibFile, FilePoll } from './file-poll.js';
import { HandoffRing, handoffQueuesDequeue } from './handoff.js';
import { ArrayMailboxTransport, handleMailboxMsg, kMailboxNodeState, type MailboxMsg, type MailboxTransport } from './mailbox.js';
import { Frame, FrameFlag, FramePool, NextFrame, VLIB_FRAME_SIZE } from './frame.js';
import { InterruptBitmap, interruptSetRemote } from './interrupt.js';
import {
  DispatchReason, N_NODE_STATES, NodeFlag, type NodeIndex, NodeRuntime, NodeState, NodeType,
  nodeTypeAttrs, type ProcessWait,
} from './node.js';
import {
  mayResume, ProcessState, RestoreReason, VlibProcess, waitState,
} from './process.js';
import { defineRpc, rpcHandler, RpcRing } from './rpc.js';
import type { ThreadCountersRow, ThreadRuntimeStats } from './runtime-stats.js';
import { clearThreadRuntime, nodeStateText, threadCountersRow, threadRuntimeStats } from './runtime-snapshot.js';
import {
  HANDOFF_RING_SIZE_DEFAULT, kEventsPendingWord, kHandoffPending, kLastVectors, kMailbox, kNodeStateWord, kNsCalls, kNsClocks, kNsMaxClock, kNsMaxClockN, kNsSuspends,
  kNsVectors, kProcessStateWord, kStatInternalCalls, kStatInternalVectors, kStatLoops, kStatLoopsPerSec,
  kStatTimeLastClearNs, kStop, kTimeLastBarrierReleaseNs, kWaitAtBarrier, kWorkersAtBarrier, type VlibShared,
} from './shared-layout.js';
import { secondsToTicks, TimerKind, TimerWheel, VLIB_TW_TICK_NS, TIMER_HANDLE_INVALID } from './timer-wheel.js';
import { fileReadyNotify, vlibThreadWakeup, VlibFdNotifier, type Waiter, WakeupResult } from './waiter.js';

/** What one call to {@link VlibMain.step} asks of its driver. */
export const StepResult = {
  /** The iteration finished; call step again. */
  Continue: 0,
  /** Sleep until `vm.sleepDeadlineNs` or until the wake word differs from `vm.sleepExpectSeq`. */
  Sleep: 1,
  /** Parked at the barrier; call step again once `wait_at_barrier` is 0. */
  Parked: 2,
  /** The run is stopping; do not call step again. */
  Exit: 3,
} as const;
export type StepResult = (typeof StepResult)[keyof typeof StepResult];

const Phase = { Top: 0, AfterPark: 1, AfterSleep: 2 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** Damping of the loops/sec EWMA (`vm->damping_constant = exp (-1.0 / 20.0)`). */
export const LOOPS_PER_SEC_DAMPING = Math.exp(-1 / 20);
/** Loops/sec sampling interval, ns (`loop_interval_end = now + 2e-4`; VPP's comment says 20 ms). */
export const LOOPS_PER_SEC_INTERVAL_NS = 2e-4 * 1e9;
/** Barrier sync deadline, ns (`BARRIER_SYNC_TIMEOUT`, release builds: 1.0 s). */
export const BARRIER_SYNC_TIMEOUT_NS = 1e9;
/** Barrier minimum open time is this × the time it was closed (`BARRIER_MINIMUM_OPEN_FACTOR`). */
export const BARRIER_MINIMUM_OPEN_FACTOR = 3;
/** … at most this long, ns (`BARRIER_MINIMUM_OPEN_LIMIT` 0.001 s). */
export const BARRIER_MINIMUM_OPEN_LIMIT_NS = 1e6;
/** A worker busier than this many vectors per loop makes the barrier honour its hold-down. */
export const BARRIER_HOLD_DOWN_VECTORS = 10;

/** Everything a thread needs to run its loop. */
export interface VlibMainConfig {
  readonly threadIndex: number;
  /** Thread names of the run by index: `vpp_main`, `vpp_wk_0`, … */
  readonly threadNames: readonly string[];
  /** lcore label for `show runtime` and `show threads`, -1 if none. */
  readonly cpuId?: number;
  readonly graph: Graph;
  readonly shared: VlibShared;
  readonly clock: Clock;
  readonly waiter: Waiter;
  /** Virtual costs; read by the virtual clock and the file poll. */
  readonly cost?: CostModel;
  /** Use VPP ≤ v25.02's loop: pre-input first, and interrupts for nodes not in INTERRUPT dropped. */
  readonly legacyDispatchOrder?: boolean;
  /** `unix { poll-sleep-usec N }`: main sleeps N µs every loop instead of epoll sleeping. */
  readonly pollSleepUsec?: number;
  /** Events kept in this thread's event log ring (default 65536). */
  readonly elogCapacity?: number;
  /** Log every node dispatch (`elog_trace_graph_dispatch`); off by default, it costs time. */
  readonly elogDispatch?: boolean;
  /** How mailbox messages reach other threads (default: in-memory, one realm). */
  readonly mailbox?: MailboxTransport;
}

/** A key for per-thread data that layers above the graph attach to a VlibMain. */
export class VmDataKey<T> {
  private static next = 0;
  readonly id = VmDataKey.next++;
  /** Only for typing; never read. */
  declare readonly __type: T;
  constructor (readonly name: string) {}
}

/**
 * One vlib thread: node runtimes, frames, interrupts, files, timers, processes, barrier and
 * counters. Fields are public as VPP's structs are; change node state only through
 * {@link VlibMain.setNodeState}. Models: src/vlib/main.h vlib_main_t.
 */
export class VlibMain {
  readonly threadIndex: number;
  readonly isMain: boolean;
  readonly name: string;
  readonly cpuId: number;
  readonly nThreads: number;
  readonly graph: Graph;
  readonly shared: VlibShared;
  readonly clock: Clock;
  readonly waiter: Waiter;
  readonly cost: CostModel;
  readonly legacyDispatchOrder: boolean;
  readonly pollSleepUsec: number;
  readonly threadNames: readonly string[];

  /** Node runtimes by node index (processes included). */
  readonly runtimes: NodeRuntime<unknown>[] = [];
  /** Node runtimes by type, in runtime-index order (`nodes_by_type`). */
  readonly runtimesByType: NodeRuntime<unknown>[][] = [];
  /** Interrupt bitmaps by node type; null for types without interrupts (`node_interrupts`). */
  readonly interrupts: (InterruptBitmap | null)[] = [];
  /** Input nodes per state (`input_node_counts_by_state`): INPUT type only, as in VPP. */
  readonly inputNodeCountsByState = new Int32Array(N_NODE_STATES);
  /** Processes (main thread only), by runtime index of the PROCESS type. */
  readonly processes: VlibProcess[] = [];

  readonly nextFrames: NextFrame[] = [];
  readonly framePool = new FramePool();
  private pendingFrames: Frame[] = [];
  private pendingRt: number[] = [];
  private pendingNext: number[] = [];
  private nPending = 0;

  readonly files: FilePoll;
  readonly timers = new TimerWheel();
  readonly elog: Elog;
  readonly elogDispatch: boolean;
  readonly elogNames: ElogNames;

  /** `main_loop_count`. */
  mainLoopCount = 0;
  /** Largest internal frame dispatched so far in this loop (`internal_node_last_vectors_per_main_loop`). */
  internalNodeLastVectorsPerMainLoop = 0;
  mainLoopVectorsProcessed = 0;
  mainLoopNodesProcessed = 0;
  /** `loops_per_second`: EWMA sampled every 0.2 ms. */
  loopsPerSecond = 0;
  private loopIntervalStart = -1;
  private loopIntervalEnd = 0;
  private loopsThisReportingInterval = 0;

  /** Node being dispatched now (process nodes included), -1 if none: what raises are logged as from. */
  elogSrcNode = -1;
  /** File whose read callback runs now, -1 if none. */
  elogSrcFile = -1;

  /** Time the last node dispatch ended, ns (`cpu_time_now` threaded through the loop). */
  cpuTimeNow = 0;
  /** Set when step() returns Sleep: when to wake at the latest, ns. */
  sleepDeadlineNs = 0;
  /** Set when step() returns Sleep: the wake word value to wait on. */
  sleepExpectSeq = 0;
  /**
   * Virtual time only: before each step the virtual scheduler sets this to the earliest time
   * another thread of the run can act, ns. Until then nothing can reach this thread, so a run of
   * loops that can only count themselves is taken in one step ({@link batchNullLoops}). 0 (the
   * real driver) turns that off.
   */
  horizonNs = 0;
  /**
   * Set at the end of each step: if the thread will only spin through idle loops from here,
   * the time until which it does nothing another thread could see (its next timer or timerfd),
   * unless another thread gives it work first; else 0. The virtual scheduler uses it to widen
   * other threads' horizons.
   */
  quietUntilNs = 0;
  /** Set at the end of each step: it did something another thread could see (a dispatch, a file read, …). */
  stepVisible = true;
  /** Things done that other threads could see; stepVisible compares it across a step. */
  private visibleActions = 0;
  private sleepStartNs = 0;
  private phase: Phase = Phase.Top;
  private started = false;

  // process scheduling (main)
  currentProcessIndex = -1;
  private restoreCurrent: { p: VlibProcess; reason: RestoreReason }[] = [];
  private restoreNext: { p: VlibProcess; reason: RestoreReason }[] = [];
  private schedPending: number[] = [];

  // barrier (main)
  barrierRecursion = 0;
  barrierEpochNs = 0;
  barrierNoCloseBeforeNs = 0;
  barrierSyncCount = 0;

  // rpc
  private readonly rpcRing: RpcRing | null;
  private readonly rpcRings: RpcRing[] = [];
  private readonly rpcOverflow: number[] = [];
  private readonly rpcProcessing: number[] = [];

  private readonly data: unknown[] = [];
  private readonly lastVectorsWord: number;
  readonly mailbox: MailboxTransport;
  private readonly mailboxWord: number;
  private mailboxSeen = 0;
  /** Handoff rings this thread produces into, by queue then target; and consumes, by queue then producer. */
  private readonly hoProducer: HandoffRing[][] = [];
  private readonly hoConsumer: HandoffRing[][] = [];
  private readonly handoffPendingWord: number;
  /** Where buffers a node could not deliver go (a full handoff ring): the buffer pool's free. */
  dropBuffers: ((buffers: Uint32Array, from: number, n: number) => void) | null = null;
  /** The run's shared Float64 view and this thread's statistics base in it. */
  private readonly f64: Float64Array;
  private readonly threadStats: number;
  private readonly fixedSleepWord = new Int32Array(new SharedArrayBuffer(4));

  constructor (cfg: VlibMainConfig) {
    this.threadIndex = cfg.threadIndex;
    this.isMain = cfg.threadIndex === 0;
    this.threadNames = cfg.threadNames;
    this.name = cfg.threadNames[cfg.threadIndex] ?? `thread ${cfg.threadIndex}`;
    this.cpuId = cfg.cpuId ?? -1;
    this.nThreads = cfg.shared.nThreads;
    this.graph = cfg.graph;
    this.shared = cfg.shared;
    this.clock = cfg.clock;
    this.waiter = cfg.waiter;
    this.cost = cfg.cost ?? defaultCostModel;
    this.legacyDispatchOrder = cfg.legacyDispatchOrder ?? false;
    this.pollSleepUsec = cfg.pollSleepUsec ?? 0;
    this.lastVectorsWord = cfg.shared.layout.threadBase(cfg.threadIndex) + kLastVectors;
    this.f64 = cfg.shared.f64;
    this.mailbox = cfg.mailbox ?? new ArrayMailboxTransport();
    this.mailboxWord = cfg.shared.layout.threadBase(cfg.threadIndex) + kMailbox;
    this.handoffPendingWord = cfg.shared.layout.threadBase(cfg.threadIndex) + kHandoffPending;
    const hoSize = cfg.shared.params.handoffRingSize ?? HANDOFF_RING_SIZE_DEFAULT;
    for (let q = 0; q < cfg.graph.handoffNodes.length; q++) {
      const prod: HandoffRing[] = [];
      const cons: HandoffRing[] = [];
      for (let t = 0; t < this.nThreads; t++) {
        prod.push(new HandoffRing(cfg.shared.i32, cfg.shared.layout.handoffRingBase(q, t, cfg.threadIndex), hoSize));
        cons.push(new HandoffRing(cfg.shared.i32, cfg.shared.layout.handoffRingBase(q, cfg.threadIndex, t), hoSize));
      }
      this.hoProducer.push(prod);
      this.hoConsumer.push(cons);
    }
    this.threadStats = cfg.shared.layout.threadStatsBase(cfg.threadIndex);
    this.elog = new Elog(cfg.elogCapacity ?? 65536);
    this.elogDispatch = cfg.elogDispatch ?? false;
    const g = cfg.graph;
    this.elogNames = {
      node: (i) => g.nodes[i]?.name ?? `node ${i}`,
      thread: (t) => cfg.threadNames[t] ?? `thread ${t}`,
      file: (id) => this.files.descriptions[id] ?? `file ${id}`,
    };

    for (let t = 0; t < nodeTypeAttrs.length; t++) {
      this.runtimesByType.push([]);
      const words = g.interruptWords[t] ?? 0;
      this.interrupts.push(words > 0
        ? new InterruptBitmap(cfg.shared.i32, cfg.shared.layout.interruptRemoteBase(cfg.threadIndex, t), words, g.nodesByType[t]?.length ?? 0)
        : null);
    }
    g.nodes.forEach((def, i) => {
      const nexts = g.nextNodes[i] as Int32Array;
      const nextRt = new Int32Array(nexts.length);
      nexts.forEach((j, e) => { nextRt[e] = g.runtimeIndex[j] as number; });
      const rt = new NodeRuntime<unknown>(def, i as NodeIndex, g.runtimeIndex[i] as number, def.reg.type,
        this.nextFrames.length, nexts.length, nextRt, cfg.shared.f64, cfg.shared.layout.nodeStatsBase(cfg.threadIndex, i));
      rt.errorBase = cfg.shared.layout.errorCounter(cfg.threadIndex, g.errorIndex[i] as number);
      cfg.shared.i32[cfg.shared.layout.nodeStateBase(cfg.threadIndex, i) + kNodeStateWord] = rt.state;
      for (let e = 0; e < nexts.length; e++) this.nextFrames.push(new NextFrame(nextRt[e] as number));
      this.runtimes.push(rt);
      (this.runtimesByType[def.reg.type] as NodeRuntime<unknown>[]).push(rt);
      if (def.reg.type === NodeType.Input) this.inputNodeCountsByState[rt.state]++;
      if (def.reg.type === NodeType.Process && this.isMain) this.processes.push(new VlibProcess(rt, rt.runtimeIndex));
    });

    this.files = new FilePoll(this);
    this.rpcRing = this.isMain ? null : new RpcRing(cfg.shared, cfg.threadIndex);
    if (this.isMain) for (let t = 1; t < this.nThreads; t++) this.rpcRings.push(new RpcRing(cfg.shared, t));

    // runtime data last, so init functions see a complete thread
    for (const rt of this.runtimes) {
      const init = rt.def.reg.init;
      if (init !== undefined) rt.data = init.call(rt.def.reg, this, rt);
    }
    this.cpuTimeNow = this.clock.now();
    this.f64[this.threadStats + kStatTimeLastClearNs] = this.cpuTimeNow;
    let peers = realmVms.get(cfg.shared);
    if (peers === undefined) { peers = []; realmVms.set(cfg.shared, peers); }
    peers[this.threadIndex] = this;
  }

  /**
   * The run's vlib threads that live in this realm, by thread index: all of them in virtual
   * time, only this one on real threads (where the others are other JS realms).
   */
  realmPeers (): readonly (VlibMain | undefined)[] {
    return realmVms.get(this.shared) ?? [this];
  }

  // ---------------------------------------------------------------- per-thread data

  /** Attaches per-thread data for a layer above the graph (session worker, app state). */
  setData<T> (key: VmDataKey<T>, value: T): void { this.data[key.id] = value; }

  /** Returns data attached with {@link setData}; throws GraphError if there is none. */
  getData<T> (key: VmDataKey<T>): T {
    const v = this.data[key.id];
    if (v === undefined) throw new GraphError('ERR_NO_VM_DATA', `thread ${this.threadIndex} has no '${key.name}'`);
    return v as T;
  }

  // ---------------------------------------------------------------- nodes

  /** The runtime of a node on this thread. */
  nodeRuntime (index: NodeIndex): NodeRuntime<unknown> {
    return this.runtimes[index] as NodeRuntime<unknown>;
  }

  /** Node state on this thread (`vlib_node_get_state`). */
  getNodeState (index: NodeIndex): NodeState {
    return (this.runtimes[index] as NodeRuntime<unknown>).state;
  }

  /**
   * Sets a node's state on this thread, keeping the INPUT per-state counts the sleep decision
   * reads. Setting a process node's state clears its pending event resume, as VPP does.
   * Models: src/vlib/node_funcs.h vlib_node_set_state.
   */
  setNodeState (index: NodeIndex, state: NodeState): void {
    const rt = this.runtimes[index] as NodeRuntime<unknown>;
    if (rt.type === NodeType.Process) {
      const p = this.processes[rt.runtimeIndex];
      if (p !== undefined) p.eventResumePending = false;
    }
    if (rt.type === NodeType.Input) {
      this.inputNodeCountsByState[rt.state]--;
      this.inputNodeCountsByState[state]++;
    }
    if (rt.state !== state) this.elog.add(this.clock.now(), ElogEvent.NodeState, index, rt.state, state);
    rt.state = state;
    this.shared.i32[this.shared.layout.nodeStateBase(this.threadIndex, index) + kNodeStateWord] = state;
  }

  /**
   * Sets a node's state on thread `t`: directly on this thread, by mailbox on another (applied
   * before that thread runs a node again). Call it on main with the barrier held, as VPP's
   * callers of `vlib_node_set_state (vlib_get_main_by_index (t), …)` do.
   */
  setNodeStateOn (t: number, index: NodeIndex, state: NodeState): void {
    if (t === this.threadIndex) this.setNodeState(index, state);
    else this.postMailbox(t, { kind: kMailboxNodeState, node: index, state });
  }

  /**
   * Sends a set-up message to thread `t` (graph/mailbox.ts); handled at once if `t` is this
   * thread. Wakes `t` if it sleeps.
   */
  postMailbox (t: number, msg: MailboxMsg): void {
    if (t === this.threadIndex) {
      handleMailboxMsg(this, msg);
      return;
    }
    this.mailbox.post(t, msg);
    Atomics.add(this.shared.i32, this.shared.layout.threadBase(t) + kMailbox, 1);
    if (fileReadyNotify(this.shared, this.waiter, t)) this.elog.add(this.clock.now(), ElogEvent.FdWake, t, 0, this.elogSource());
  }

  /** True if mailbox messages wait for this thread. */
  mailboxPending (): boolean {
    return Atomics.load(this.shared.i32, this.mailboxWord) !== this.mailboxSeen;
  }

  private drainMailbox (): void {
    this.visibleActions++;
    this.mailboxSeen = Atomics.load(this.shared.i32, this.mailboxWord);
    this.mailbox.drain(this.threadIndex, (msg) => handleMailboxMsg(this, msg));
  }

  /**
   * Raises a node's interrupt on thread `target` (default: this thread). On this thread it is a
   * plain set; on another an atomic OR into its remote word and a wakeup. Several raises before
   * the node runs give one call. Models: src/vlib/node_funcs.h vlib_node_set_interrupt_pending.
   */
  setInterruptPending (index: NodeIndex, target: number = this.threadIndex): void {
    const rt = this.runtimes[index] as NodeRuntime<unknown>;
    if (target === this.threadIndex) {
      (this.interrupts[rt.type] as InterruptBitmap).set(rt.runtimeIndex);
      this.elog.add(this.clock.now(), ElogEvent.InterruptRaise, index, target, this.elogSource() << 1);
    } else {
      interruptSetRemote(this.shared.i32, this.shared.layout.interruptRemoteBase(target, rt.type), rt.runtimeIndex);
      this.elog.add(this.clock.now(), ElogEvent.InterruptRaise, index, target, 1 | (this.elogSource() << 1));
      this.wakeThread(target);
    }
  }

  /**
   * `vlib_thread_wakeup (t)` from this thread, logged when the target was asleep (see
   * graph/waiter.ts vlibThreadWakeup for what it counts).
   */
  wakeThread (t: number): void {
    const w = vlibThreadWakeup(this.shared, this.waiter, t);
    if (w !== WakeupResult.Awake) this.elog.add(this.clock.now(), ElogEvent.WakeupSend, t, w === WakeupResult.Written ? 1 : 0, this.elogSource());
  }

  /** Who is acting on this thread now, for the event log (graph/elog.ts elogSource). */
  elogSource (): number {
    return this.elogSrcNode >= 0 ? elogSource(1, this.elogSrcNode) : this.elogSrcFile >= 0 ? elogSource(2, this.elogSrcFile) : 0;
  }

  /** True if any node interrupt is pending on this thread, local or remote. */
  anyInterruptPending (): boolean {
    for (const b of this.interrupts) if (b !== null && b.isAnyPending()) return true;
    return false;
  }

  /**
   * Schedules a SCHED node to run in `dtSeconds` (rounded to 10 µs ticks, at least one).
   * Models: src/vlib/node_funcs.h vlib_node_schedule.
   */
  scheduleNode (index: NodeIndex, dtSeconds: number): void {
    const rt = this.runtimes[index] as NodeRuntime<unknown>;
    if (rt.schedTimer !== TIMER_HANDLE_INVALID) throw new GraphError('ERR_NODE_SCHEDULED', `${rt.name} is already scheduled`);
    rt.schedTimer = this.timers.start(this.clock.now() + secondsToTicks(dtSeconds) * VLIB_TW_TICK_NS, TimerKind.SchedNode, index);
  }

  // ---------------------------------------------------------------- handoff

  /** This thread's ring into `target` for handoff queue `q`. */
  handoffProducerRing (q: number, target: number): HandoffRing { return (this.hoProducer[q] as HandoffRing[])[target] as HandoffRing; }
  /** This thread's ring from `producer` for handoff queue `q`. */
  handoffConsumerRing (q: number, producer: number): HandoffRing { return (this.hoConsumer[q] as HandoffRing[])[producer] as HandoffRing; }
  /** True if other threads handed buffers to this one (`handoff_queue_pending_bmp`). */
  handoffPending (): boolean { return Atomics.load(this.shared.i32, this.handoffPendingWord) !== 0; }

  // ---------------------------------------------------------------- frames

  /** A frame for node `node`, freed after its dispatch (`vlib_get_frame_to_node`). */
  getFrameToNode (_node: NodeIndex): Frame {
    const f = this.framePool.alloc();
    f.flags |= FrameFlag.FreeAfterDispatch;
    return f;
  }

  /** Queues a frame for internal node `node` (`vlib_put_frame_to_node`). */
  putFrameToNode (node: NodeIndex, f: Frame): void {
    if (f.nVectors === 0 || (f.flags & FrameFlag.Pending) !== 0) return;
    const i = this.nPending++;
    this.pendingFrames[i] = f;
    this.pendingRt[i] = (this.runtimes[node] as NodeRuntime<unknown>).runtimeIndex;
    this.pendingNext[i] = -1;
    f.flags |= FrameFlag.Pending;
  }

  /**
   * Returns the frame to fill for edge `next` of `rt`, with room for at least one vector. A full
   * or NO_APPEND frame is replaced (the old one is freed after its dispatch). The node writes
   * `f.vectors[f.nVectors++]` and then calls {@link putNextFrame}.
   * Models: src/vlib/main.c vlib_get_next_frame_internal.
   */
  getNextFrame (rt: NodeRuntime<unknown>, next: number): Frame {
    const nf = this.nextFrames[rt.nextFrameIndex + next] as NextFrame;
    let f = nf.frame;
    if (f === null) {
      f = nf.frame = this.framePool.alloc();
      nf.flags |= FrameFlag.IsAllocated;
    }
    if (f.nVectors >= VLIB_FRAME_SIZE || (f.flags & FrameFlag.NoAppend) !== 0) {
      f.flags |= FrameFlag.FreeAfterDispatch;
      f = nf.frame = this.framePool.alloc();
    }
    return f;
  }

  /**
   * Hands a filled frame to the graph: records it once on the pending list.
   * Models: src/vlib/main.c vlib_put_next_frame.
   */
  putNextFrame (rt: NodeRuntime<unknown>, next: number, f: Frame): void {
    if (f.nVectors > 0 && (f.flags & FrameFlag.Pending) === 0) {
      const nfi = rt.nextFrameIndex + next;
      const i = this.nPending++;
      this.pendingFrames[i] = f;
      this.pendingRt[i] = (this.nextFrames[nfi] as NextFrame).nodeRuntimeIndex;
      this.pendingNext[i] = nfi;
      f.flags |= FrameFlag.Pending;
    }
  }

  /**
   * Enqueues `n` buffers to one edge, in frames of up to 256.
   * Models: src/vlib/buffer_node.h vlib_buffer_enqueue_to_single_next.
   */
  enqueueToSingleNext (rt: NodeRuntime<unknown>, next: number, buffers: Uint32Array, n: number): void {
    let i = 0;
    while (i < n) {
      const f = this.getNextFrame(rt, next);
      const room = VLIB_FRAME_SIZE - f.nVectors;
      const k = n - i < room ? n - i : room;
      const v = f.vectors;
      let j = f.nVectors;
      for (let e = 0; e < k; e++) v[j++] = buffers[i + e] as number;
      f.nVectors = j;
      i += k;
      this.putNextFrame(rt, next, f);
    }
  }

  /**
   * Enqueues `n` buffers, buffer i to edge `nexts[i]`.
   * Models: src/vlib/buffer_node.h vlib_buffer_enqueue_to_next.
   */
  enqueueToNext (rt: NodeRuntime<unknown>, buffers: Uint32Array, nexts: Uint16Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const next = nexts[i] as number;
      const f = this.getNextFrame(rt, next);
      f.vectors[f.nVectors++] = buffers[i] as number;
      this.putNextFrame(rt, next, f);
    }
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * Calls one node and accounts it: calls, vectors (the function's return), clocks measured from
   * the end of the previous dispatch (so time between dispatches, a poll or a sleep included, is
   * charged to the next node, as in VPP), max clock.
   * Models: src/vlib/main.c dispatch_node, vlib_node_runtime_update_stats.
   */
  dispatchNode (rt: NodeRuntime<unknown>, frame: Frame | null, reason: DispatchReason): void {
    const attrs = nodeTypeAttrs[rt.type] as (typeof nodeTypeAttrs)[number];
    if (rt.state === NodeState.Polling && attrs.decrementMainLoopsPerCallIfPolling && rt.inputMainLoopsPerCall > 0) {
      rt.inputMainLoopsPerCall--;
      return;
    }
    const t0 = this.cpuTimeNow;
    const start = this.elogDispatch || this.clock.isVirtual ? this.clock.now() : 0;
    rt.dispatchReason = reason;
    const srcNode = this.elogSrcNode;
    this.elogSrcNode = rt.nodeIndex;
    this.visibleActions++;
    const n = rt.call(this, frame);
    this.elogSrcNode = srcNode;
    this.clock.chargeDispatch(n);
    const t = this.clock.now();
    const dt = t - t0;
    const f64 = this.f64;
    const b = rt.statsBase;
    f64[b + kNsCalls] = (f64[b + kNsCalls] as number) + 1;
    f64[b + kNsVectors] = (f64[b + kNsVectors] as number) + n;
    f64[b + kNsClocks] = (f64[b + kNsClocks] as number) + dt;
    if (!((f64[b + kNsMaxClock] as number) > dt)) { f64[b + kNsMaxClock] = dt; f64[b + kNsMaxClockN] = n; }
    this.mainLoopVectorsProcessed += n;
    if (n > 0) this.mainLoopNodesProcessed++;
    // virtual time: every dispatch goes into the fingerprint, logged or not
    if (this.elogDispatch) this.elog.add(start, ElogEvent.Dispatch, rt.nodeIndex, n, t - start);
    else if (this.clock.isVirtual) this.elog.note(start, ElogEvent.Dispatch, rt.nodeIndex, n, t - start);
    this.cpuTimeNow = t;
  }

  /**
   * Dispatches pending frame `i` to its internal node and recycles the frame: back into its
   * next-frame slot if nothing new was queued there meanwhile, else freed.
   * Models: src/vlib/main.c dispatch_pending_node.
   */
  private dispatchPendingNode (i: number): void {
    const f = this.pendingFrames[i] as Frame;
    const n = (this.runtimesByType[NodeType.Internal] as NodeRuntime<unknown>[])[this.pendingRt[i] as number] as NodeRuntime<unknown>;
    const nfi = this.pendingNext[i] as number;
    const nf = nfi < 0 ? null : this.nextFrames[nfi] as NextFrame;
    let restore = false;
    if (nf !== null && nf.frame === f) {
      nf.frame = null;
      nf.flags &= ~FrameFlag.IsAllocated;
      restore = (n.flags & NodeFlag.FrameNoFreeAfterDispatch) === 0;
    }
    const nVectors = f.nVectors;
    this.dispatchNode(n, f, DispatchReason.PendingFrame);
    const ts = this.threadStats;
    this.f64[ts + kStatInternalVectors] = (this.f64[ts + kStatInternalVectors] as number) + nVectors;
    this.f64[ts + kStatInternalCalls] = (this.f64[ts + kStatInternalCalls] as number) + 1;
    if (nVectors > this.internalNodeLastVectorsPerMainLoop) {
      this.internalNodeLastVectorsPerMainLoop = nVectors;
      this.shared.i32[this.lastVectorsWord] = nVectors;
    }
    f.flags &= ~(FrameFlag.Pending | FrameFlag.NoAppend);
    if (restore && nf !== null) {
      if (nf.frame === null) {
        nf.frame = f;
        nf.flags |= FrameFlag.IsAllocated;
        f.nVectors = 0;
        f.flags = 0;
      } else {
        this.framePool.release(f);
      }
    } else if ((f.flags & FrameFlag.FreeAfterDispatch) !== 0) {
      this.framePool.release(f);
    }
  }

  /** Polls the POLLING nodes of one type, then runs its pending interrupts in index order. */
  private dispatchType (type: NodeType): void {
    const attrs = nodeTypeAttrs[type] as (typeof nodeTypeAttrs)[number];
    const list = this.runtimesByType[type] as NodeRuntime<unknown>[];
    if (attrs.canBePolled) {
      for (let i = 0; i < list.length; i++) {
        const rt = list[i] as NodeRuntime<unknown>;
        if (rt.state === NodeState.Polling) this.dispatchNode(rt, null, DispatchReason.Poll);
      }
    }
    const ints = this.interrupts[type];
    if (attrs.mayReceiveInterrupts && ints !== null && ints !== undefined && ints.isAnyPending()) {
      let k = -1;
      while ((k = ints.getNextAndClear(k)) !== -1) {
        const rt = list[k] as NodeRuntime<unknown>;
        if (rt.schedTimer !== TIMER_HANDLE_INVALID) {
          if (rt.schedTimer === SCHED_TIMER_EXPIRED) rt.schedTimer = TIMER_HANDLE_INVALID;
          else { this.timers.stop(rt.schedTimer); rt.schedTimer = TIMER_HANDLE_INVALID; }
        }
        // ≤ v25.02: dispatch_node returned early unless the node was in the state dispatched for
        if (this.legacyDispatchOrder && rt.state !== NodeState.Interrupt) continue;
        this.dispatchNode(rt, null, DispatchReason.Interrupt);
      }
    }
  }

  /** The loop body after the file poll: nodes, frames, timers, processes, loop counter. */
  private loopBody (): StepResult {
    if (this.legacyDispatchOrder) {
      this.dispatchType(NodeType.PreInput);
      this.dispatchType(NodeType.Input);
    } else {
      this.dispatchType(NodeType.Input);
      this.dispatchType(NodeType.PreInput);
      this.dispatchType(NodeType.Sched);
    }
    if (this.schedPending.length > 0) {
      for (const index of this.schedPending) {
        const rt = this.runtimes[index] as NodeRuntime<unknown>;
        if (rt.type === NodeType.Sched && rt.schedTimer === SCHED_TIMER_EXPIRED) {
          rt.schedTimer = TIMER_HANDLE_INVALID;
          this.dispatchNode(rt, null, DispatchReason.SchedTimer);
        }
      }
      this.schedPending.length = 0;
    }
    // pending frames, including those added while dispatching them
    for (let i = 0; i < this.nPending; i++) this.dispatchPendingNode(i);
    this.nPending = 0;

    if (this.timers.size > 0) this.timers.expire(this.clock.now(), this.onTimer);
    if (this.isMain && this.restoreCurrent.length > 0) {
      const cur = this.restoreCurrent;
      for (let i = 0; i < cur.length; i++) {
        const r = cur[i] as { p: VlibProcess; reason: RestoreReason };
        this.dispatchSuspendedProcess(r.p, r.reason);
      }
      cur.length = 0;
      this.restoreCurrent = this.restoreNext;
      this.restoreNext = cur;
    }
    this.endOfLoop();
    return StepResult.Continue;
  }

  private readonly onTimer = (kind: number, index: number): void => {
    if (kind === TimerKind.ProcessClock) {
      const p = this.processes[index] as VlibProcess;
      p.timerHandle = TIMER_HANDLE_INVALID;
      this.restoreCurrent.push({ p, reason: RestoreReason.Clock });
    } else {
      (this.runtimes[index] as NodeRuntime<unknown>).schedTimer = SCHED_TIMER_EXPIRED;
      this.schedPending.push(index);
    }
  };

  /** `vlib_increment_main_loop_counter` and the loops/sec EWMA. */
  private endOfLoop (): void {
    this.mainLoopCount++;
    if (this.internalNodeLastVectorsPerMainLoop !== 0) {
      this.internalNodeLastVectorsPerMainLoop = 0;
      this.shared.i32[this.lastVectorsWord] = 0;
    }
    this.clock.spend(this.cost.loopNs);
    // the real clock is not read again: the last dispatch's end is the loop's end
    const now = this.clock.isVirtual ? this.clock.now() : this.cpuTimeNow;
    this.loopsThisReportingInterval++;
    if (now >= this.loopIntervalEnd) this.sampleLoopsPerSecond(now);
    this.f64[this.threadStats + kStatLoops] = this.mainLoopCount;
  }

  /** The loops/sec EWMA sample at the end of a reporting interval, `now` ns. */
  private sampleLoopsPerSecond (now: number): void {
    if (this.loopIntervalStart >= 0 && now > this.loopIntervalStart) {
      const lps = this.loopsThisReportingInterval / ((now - this.loopIntervalStart) / 1e9);
      this.loopsPerSecond = this.loopsPerSecond * LOOPS_PER_SEC_DAMPING + (1 - LOOPS_PER_SEC_DAMPING) * lps;
      this.f64[this.threadStats + kStatLoopsPerSec] = this.loopsPerSecond;
    }
    this.loopIntervalStart = now;
    this.loopIntervalEnd = now + LOOPS_PER_SEC_INTERVAL_NS;
    this.loopsThisReportingInterval = 0;
  }

  // ---------------------------------------------------------------- the step machine

  /**
   * Runs one main-loop iteration, or the part of it up to where the thread must block; see
   * {@link StepResult}. Throws whatever a node throws (the driver ends the run with it).
   */
  step (): StepResult {
    const prev = runningVm;
    runningVm = this;
    const acted = this.visibleActions;
    try {
      const r = this.stepInner();
      this.stepVisible = this.visibleActions !== acted;
      this.quietUntilNs = r === StepResult.Continue && this.clock.isVirtual ? this.quietUntil() : 0;
      return r;
    } finally {
      runningVm = prev;
    }
  }

  /**
   * If the next loops can only count themselves (and no file is readable), the time until which
   * this thread does nothing visible unless given work: its next timer or timerfd; else 0.
   */
  private quietUntil (): number {
    if (this.phase !== Phase.Top || !this.isNullLoop()) return 0;
    const now = this.clock.now();
    if (this.files.anyReadable(now)) return 0;
    return Math.min(this.timers.nextDeadlineNs(), this.files.nextFileReadyAtNs());
  }

  private stepInner (): StepResult {
    const i32 = this.shared.i32;
    if (Atomics.load(i32, this.mailboxWord) !== this.mailboxSeen) this.drainMailbox();
    if (this.phase === Phase.AfterSleep) {
      this.phase = Phase.Top;
      const now = this.clock.now();
      const fdReady = this.files.anyReadable(now);
      this.elog.add(now, ElogEvent.Wake, now - this.sleepStartNs, fdReady ? 1 : 0, now >= this.sleepDeadlineNs ? 1 : 0);
      this.files.epoll(true);
      return this.loopBody();
    }
    if (this.phase === Phase.AfterPark) {
      this.phase = Phase.Top;
      this.barrierLeave();
    } else {
      if (Atomics.load(i32, kStop) !== 0) return StepResult.Exit;
      if (!this.started) {
        this.started = true;
        if (this.isMain) this.startProcesses();
      }
      if (this.isMain) {
        this.rpcCallMainThreadProcess();
      } else {
        this.flushPendingRpcs();
        if (Atomics.load(i32, kWaitAtBarrier) !== 0) {
          this.barrierArrive();
          this.phase = Phase.AfterPark;
          return StepResult.Parked;
        }
      }
    }
    if (Atomics.load(i32, this.handoffPendingWord) !== 0) { this.visibleActions++; handoffQueuesDequeue(this); }
    if (this.horizonNs > this.clock.now() && this.isNullLoop()) this.batchNullLoops();
    // VPP reads the clock here every loop; vppsim only when it polls (a host clock read costs
    // ~60 ns, as much as a small node): when skipping, the previous dispatch's end is as good.
    if (this.files.skipLoops > 0) {
      this.files.skipLoops--;
    } else if ((this.cpuTimeNow = this.clock.now()), this.files.poll()) {
      this.sleepStartNs = this.clock.now();
      this.phase = Phase.AfterSleep;
      return StepResult.Sleep;
    }
    return this.loopBody();
  }

  /**
   * True if the coming loop iterations can do nothing but count themselves while no other thread
   * acts: no interrupt, handoff, mailbox message, pending frame or SCHED node, no POLLING input
   * or pre-input node, no process to resume.
   */
  private isNullLoop (): boolean {
    if (this.nPending !== 0 || this.schedPending.length !== 0) return false;
    if (this.restoreCurrent.length !== 0 || this.restoreNext.length !== 0) return false;
    if ((this.inputNodeCountsByState[NodeState.Polling] as number) !== 0) return false;
    const pre = this.runtimesByType[NodeType.PreInput] as NodeRuntime<unknown>[];
    for (let i = 0; i < pre.length; i++) if ((pre[i] as NodeRuntime<unknown>).state === NodeState.Polling) return false;
    return !this.anyInterruptPending() && !this.handoffPending() && !this.mailboxPending();
  }

  /**
   * Virtual time: takes, in one step, the loops a thread would spin through until the earliest
   * of {@link horizonNs}, its next timer and its next timerfd, leaving the last one to the normal
   * path (the loops/sec samples falling inside are taken as they would be). Two kinds of spin qualify: loops skipped between polls (each
   * costs `loopNs`), and polls with a zero timeout within 1 ms of a timer (VPP's rounding down of
   * the epoll timeout; each costs `epollNs + loopNs` and counts a sleep and an epoll). Every
   * counter, clock and event ends as the loops one by one would leave it.
   */
  private batchNullLoops (): void {
    const fp = this.files;
    const now = this.clock.now();
    const limit = Math.min(this.horizonNs, this.timers.nextDeadlineNs(), fp.nextFileReadyAtNs());
    let per: number;
    let k: number;
    if (fp.skipLoops > 0) {
      per = this.cost.loopNs;
      if (!(per > 0)) return;
      k = Math.min(fp.skipLoops - 1, Math.floor((limit - now) / per) - 1);
      if (k <= 0) return;
      fp.skipLoops -= k;
    } else {
      per = this.cost.loopNs + this.cost.epollNs;
      if (!(per > 0) || !fp.isEmptyZeroTimeoutPoll(now)) return;
      k = Math.floor((limit - now) / per) - 1;
      if (k <= 0) return;
      fp.countEmptyZeroTimeoutPolls(k);
      this.cpuTimeNow = now + (k - 1) * per;
    }
    // the loops/sec samples the k loops would take, each as endOfLoop takes it (loop j ends at now + j × per)
    let done = 0;
    while (done < k) {
      const t0 = now + done * per;
      const toSample = this.loopIntervalEnd > t0 ? Math.ceil((this.loopIntervalEnd - t0) / per) : 1;
      if (done + toSample > k) { this.loopsThisReportingInterval += k - done; break; }
      done += toSample;
      this.loopsThisReportingInterval += toSample;
      this.sampleLoopsPerSecond(now + done * per);
    }
    this.clock.spend(k * per);
    this.mainLoopCount += k;
    this.f64[this.threadStats + kStatLoops] = this.mainLoopCount;
  }

  /** Sleeps a fixed time inside a step (`poll-sleep-usec`): virtual time advances; real time passes. */
  fixedSleep (ns: number): void {
    if (this.clock.isVirtual) this.clock.spend(ns);
    else Atomics.wait(this.fixedSleepWord, 0, 0, ns / 1e6);
  }

  /** Counts a file read callback as a visible action (the file poll calls it). */
  noteFileRead (): void { this.visibleActions++; }

  /** Logs a file read event other than the wakeup fd (the file poll calls it). */
  elogFileRead (f: ClibFile): void {
    this.elog.add(this.clock.now(), ElogEvent.FileRead, f.id, f.readEvents, 0);
  }

  /** Logs a sleep decision (the file poll calls it). */
  elogSleep (timeoutMs: number): void {
    this.elog.add(this.clock.now(), ElogEvent.Sleep, timeoutMs, 0, 0);
  }

  // ---------------------------------------------------------------- processes (main)

  private startProcesses (): void {
    if (this.nThreads > 1) this.initialBarrierSyncAndRelease();
    for (const p of this.processes) this.dispatchProcess(p);
  }

  /**
   * Starts process node `index` if it is POLLING and not started (main only).
   * Models: src/vlib/main.c vlib_start_process.
   */
  startProcess (index: NodeIndex): void {
    const rt = this.runtimes[index] as NodeRuntime<unknown>;
    const p = this.processes[rt.runtimeIndex];
    if (rt.type !== NodeType.Process || p === undefined) throw new GraphError('ERR_NOT_A_PROCESS', `${rt.name} is not a process on thread ${this.threadIndex}`);
    this.cpuTimeNow = this.clock.now();
    this.dispatchProcess(p);
  }

  /** Starts a process that is POLLING and not started. Models: src/vlib/main.c dispatch_process. */
  dispatchProcess (p: VlibProcess): void {
    if (p.rt.state !== NodeState.Polling || p.state !== ProcessState.NotStarted) return;
    this.setProcessState(p, ProcessState.Running);
    const t0 = this.cpuTimeNow;
    const prev = this.currentProcessIndex;
    this.currentProcessIndex = p.processIndex;
    const fn = p.rt.def.reg.process;
    if (fn === undefined) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `process '${p.rt.name}' has no body`);
    p.gen = fn.call(p.rt.def.reg, this, p.rt);
    const start = this.clock.now();
    const srcNode = this.elogSrcNode;
    this.elogSrcNode = p.rt.nodeIndex;
    const r = p.gen.next();
    this.elogSrcNode = srcNode;
    this.currentProcessIndex = prev;
    this.afterProcessRun(p, r, t0, start);
  }

  /** Resumes a suspended process if `reason` permits. Models: src/vlib/main.c dispatch_suspended_process. */
  private dispatchSuspendedProcess (p: VlibProcess, reason: RestoreReason): void {
    if (p.state === ProcessState.NotStarted || p.gen === null) return;
    if (!mayResume(reason, p.state)) {
      this.restoreNext.push({ p, reason });
      return;
    }
    const t0 = this.cpuTimeNow;
    if (p.timerHandle !== TIMER_HANDLE_INVALID) { this.timers.stop(p.timerHandle); p.timerHandle = TIMER_HANDLE_INVALID; }
    const events = p.pendingEvents;
    p.pendingEvents = [];
    p.eventResumePending = false;
    this.setProcessState(p, ProcessState.Running);
    this.currentProcessIndex = p.processIndex;
    const start = this.clock.now();
    const srcNode = this.elogSrcNode;
    this.elogSrcNode = p.rt.nodeIndex;
    const r = p.gen.next({ timedOut: reason === RestoreReason.Clock && events.length === 0, events });
    this.elogSrcNode = srcNode;
    this.currentProcessIndex = -1;
    this.afterProcessRun(p, r, t0, start);
  }

  private afterProcessRun (p: VlibProcess, r: IteratorResult<ProcessWait, void>, t0: number, start: number): void {
    const rt = p.rt;
    this.visibleActions++;
    // a process's run is a dispatch too (for traces; vectors 0)
    const runNs = this.clock.now() - start;
    if (this.elogDispatch) this.elog.add(start, ElogEvent.Dispatch, rt.nodeIndex, 0, runNs);
    else if (this.clock.isVirtual) this.elog.note(start, ElogEvent.Dispatch, rt.nodeIndex, 0, runNs);
    const f64 = this.f64;
    const b = rt.statsBase;
    if (r.done === true) {
      this.setProcessState(p, ProcessState.NotStarted);
      p.gen = null;
      f64[b + kNsCalls] = (f64[b + kNsCalls] as number) + 1;
      this.elog.add(this.clock.now(), ElogEvent.Process, rt.nodeIndex, 0, 0);
    } else {
      const w = r.value;
      this.setProcessState(p, waitState(w));
      p.waitClockSeconds = w.clockSeconds;
      f64[b + kNsSuspends] = (f64[b + kNsSuspends] as number) + 1;
      if (w.clockSeconds >= 0) {
        p.timerHandle = this.timers.start(this.clock.now() + secondsToTicks(w.clockSeconds) * VLIB_TW_TICK_NS,
          TimerKind.ProcessClock, p.processIndex);
      }
      // an event that arrived while it ran is delivered at once on the next resume
      if (w.event && p.pendingEvents.length > 0 && !p.eventResumePending) {
        p.eventResumePending = true;
        this.restoreCurrent.push({ p, reason: RestoreReason.Event });
      }
      this.elog.add(this.clock.now(), ElogEvent.Process, rt.nodeIndex, 1, 0);
    }
    const t = this.clock.now();
    f64[b + kNsClocks] = (f64[b + kNsClocks] as number) + (t - t0);
    if (!((f64[b + kNsMaxClock] as number) > t - t0)) { f64[b + kNsMaxClock] = t - t0; f64[b + kNsMaxClockN] = 0; }
    this.publishEventsPending(p);
    this.cpuTimeNow = t;
  }

  private setProcessState (p: VlibProcess, state: ProcessState): void {
    p.state = state;
    this.shared.i32[this.shared.layout.nodeStateBase(this.threadIndex, p.rt.nodeIndex) + kProcessStateWord] = state;
  }

  private publishEventsPending (p: VlibProcess): void {
    this.shared.i32[this.shared.layout.nodeStateBase(this.threadIndex, p.rt.nodeIndex) + kEventsPendingWord] = p.pendingEvents.length > 0 ? 1 : 0;
  }

  /**
   * Signals an event to a process on this (main) thread; a process waiting for events is
   * resumed at the end of this loop. Models: src/vlib/node_funcs.h vlib_process_signal_event.
   */
  processSignalEvent (index: NodeIndex, type: number, data: number): void {
    const rt = this.runtimes[index] as NodeRuntime<unknown>;
    const p = this.processes[rt.runtimeIndex];
    if (rt.type !== NodeType.Process || p === undefined) throw new GraphError('ERR_NOT_A_PROCESS', `${rt.name} is not a process on thread ${this.threadIndex}`);
    p.pendingEvents.push({ type, data });
    this.publishEventsPending(p);
    let add = p.state === ProcessState.WaitForEvent || p.state === ProcessState.WaitForEventOrClock;
    const del = p.state === ProcessState.WaitForEventOrClock && this.timers.isRunning(p.timerHandle);
    add = add && this.currentProcessIndex !== p.processIndex;
    if (add && !p.eventResumePending) {
      p.eventResumePending = true;
      this.restoreCurrent.push({ p, reason: RestoreReason.Event });
    }
    if (del) { this.timers.stop(p.timerHandle); p.timerHandle = TIMER_HANDLE_INVALID; }
  }

  /**
   * Signals a process from any thread: directly on main, else by RPC to main (which runs under
   * the barrier and, as in VPP, does not wake main). Models: vlib_process_signal_event_mt.
   */
  processSignalEventMt (index: NodeIndex, type: number, data: number): void {
    if (this.isMain) this.processSignalEvent(index, type, data);
    else this.rpcCallMainThread(rpcProcessSignal, index, type, data);
  }

  // ---------------------------------------------------------------- rpc

  /**
   * Runs an RPC on the main thread under the barrier: at once if called on main, else queued for
   * main's next loop. As in VPP HEAD, queuing does not wake main, so a sleeping main picks it up
   * within its sleep timeout (≤ 10 ms). Models: src/vlib/threads.c vlib_rpc_call_main_thread.
   */
  rpcCallMainThread (id: number, a: number, b: number, c: number): void {
    if (this.isMain) {
      const fn = rpcHandler(id);
      if (fn === undefined) throw new GraphError('ERR_RPC_UNKNOWN', `unknown rpc ${id}`);
      this.barrierSync();
      fn(this, a, b, c);
      this.barrierRelease();
      return;
    }
    if (this.rpcOverflow.length > 0 || !(this.rpcRing as RpcRing).push(id, a, b, c)) this.rpcOverflow.push(id, a, b, c);
  }

  private flushPendingRpcs (): void {
    const o = this.rpcOverflow;
    if (o.length === 0) return;
    let k = 0;
    while (k < o.length && (this.rpcRing as RpcRing).push(o[k] as number, o[k + 1] as number, o[k + 2] as number, o[k + 3] as number)) k += 4;
    o.splice(0, k);
  }

  /** Main: drains the workers' RPC rings and runs them under one barrier. */
  private rpcCallMainThreadProcess (): void {
    const list = this.rpcProcessing;
    for (let w = 0; w < this.rpcRings.length; w++) {
      const before = list.length;
      (this.rpcRings[w] as RpcRing).drainInto(list);
      for (let k = before; k < list.length; k += 4) this.elog.add(this.clock.now(), ElogEvent.Rpc, list[k] as number, w + 1, 0);
    }
    if (list.length === 0) return;
    this.visibleActions++;
    this.barrierSync();
    for (let k = 0; k < list.length; k += 4) {
      const fn = rpcHandler(list[k] as number);
      if (fn === undefined) throw new GraphError('ERR_RPC_UNKNOWN', `unknown rpc ${list[k]}`);
      fn(this, list[k + 1] as number, list[k + 2] as number, list[k + 3] as number);
    }
    list.length = 0;
    this.barrierRelease();
  }

  // ---------------------------------------------------------------- barrier

  /**
   * Stops every worker at its next loop top and waits for all of them; recursive. Honors the
   * hold-down (minimum open time) when a worker is busy. Throws ThreadCrashError on VPP's
   * 1 s deadlock timeout. Models: src/vlib/threads.c vlib_worker_thread_barrier_sync_int.
   */
  barrierSync (): void {
    this.visibleActions++;
    if (this.nThreads < 2) return;
    if (!this.isMain) throw new GraphError('ERR_BARRIER_NOT_MAIN', 'barrier sync off the main thread');
    if (++this.barrierRecursion > 1) return;
    let now = this.clock.now();
    let maxVectorRate = 0;
    for (let t = 1; t < this.nThreads; t++) {
      const v = this.shared.i32[this.shared.layout.threadBase(t) + kLastVectors] as number;
      if (v > maxVectorRate) maxVectorRate = v;
    }
    this.barrierSyncCount++;
    if (maxVectorRate > BARRIER_HOLD_DOWN_VECTORS && now < this.barrierNoCloseBeforeNs) {
      this.waitUntilNs(this.barrierNoCloseBeforeNs);
      now = this.clock.now();
    }
    this.barrierEpochNs = now;
    this.elog.add(now, ElogEvent.Barrier, 0, this.barrierRecursion, 0);
    const i32 = this.shared.i32;
    const count = this.nThreads - 1;
    Atomics.store(i32, kWaitAtBarrier, 1);
    for (let t = 1; t < this.nThreads; t++) this.wakeThread(t);
    const ok = this.waiter.waitUntil(0, kWorkersAtBarrier, () => Atomics.load(i32, kWorkersAtBarrier) === count, BARRIER_SYNC_TIMEOUT_NS);
    if (!ok) throw new ThreadCrashError(0, 'vlib_worker_thread_barrier_sync_int: worker thread deadlock');
  }

  /**
   * Lets the workers go and waits until all have left; sets the minimum open time.
   * Models: src/vlib/threads.c vlib_worker_thread_barrier_release.
   */
  barrierRelease (): void {
    this.visibleActions++;
    if (this.nThreads < 2) return;
    if (--this.barrierRecursion > 0) return;
    const i32 = this.shared.i32;
    let now = this.clock.now();
    this.shared.f64[this.shared.layout.f64Global(kTimeLastBarrierReleaseNs)] = now;
    Atomics.store(i32, kWaitAtBarrier, 0);
    Atomics.notify(i32, kWaitAtBarrier);
    for (let t = 1; t < this.nThreads; t++) this.waiter.notify(t);
    const ok = this.waiter.waitUntil(0, kWorkersAtBarrier, () => Atomics.load(i32, kWorkersAtBarrier) === 0, BARRIER_SYNC_TIMEOUT_NS);
    if (!ok) throw new ThreadCrashError(0, 'vlib_worker_thread_barrier_release: worker thread deadlock');
    now = this.clock.now();
    const minimumOpen = Math.min((now - this.barrierEpochNs) * BARRIER_MINIMUM_OPEN_FACTOR, BARRIER_MINIMUM_OPEN_LIMIT_NS);
    this.barrierNoCloseBeforeNs = now + minimumOpen;
    this.barrierEpochNs = now;
    this.elog.add(now, ElogEvent.Barrier, 1, this.barrierRecursion, 0);
  }

  /** Waits for the workers to reach their loops once, before main starts its processes. */
  private initialBarrierSyncAndRelease (): void {
    const i32 = this.shared.i32;
    const count = this.nThreads - 1;
    Atomics.store(i32, kWaitAtBarrier, 1);
    const ok = this.waiter.waitUntil(0, kWorkersAtBarrier, () => Atomics.load(i32, kWorkersAtBarrier) === count, BARRIER_SYNC_TIMEOUT_NS * 10);
    if (!ok) throw new ThreadCrashError(0, 'vlib_worker_thread_initial_barrier_sync_and_release: worker thread deadlock');
    Atomics.store(i32, kWaitAtBarrier, 0);
    Atomics.notify(i32, kWaitAtBarrier);
    for (let t = 1; t < this.nThreads; t++) this.waiter.notify(t);
  }

  /** Worker: arrive at the barrier (`vlib_worker_thread_barrier_check`, first half). */
  private barrierArrive (): void {
    this.visibleActions++;
    this.elog.add(this.clock.now(), ElogEvent.BarrierWait, this.threadIndex, 0, 0); // arrive
    Atomics.add(this.shared.i32, kWorkersAtBarrier, 1);
    Atomics.notify(this.shared.i32, kWorkersAtBarrier);
  }

  /** Worker: leave the barrier after release (second half). */
  private barrierLeave (): void {
    this.visibleActions++;
    this.elog.add(this.clock.now(), ElogEvent.BarrierWait, this.threadIndex, 1, 0);
    Atomics.sub(this.shared.i32, kWorkersAtBarrier, 1);
    Atomics.notify(this.shared.i32, kWorkersAtBarrier);
  }

  private waitUntilNs (t: number): void {
    if (this.clock.isVirtual) this.clock.advanceTo(t);
    else while (this.clock.now() < t) { /* VPP spins here too */ }
  }

  // ---------------------------------------------------------------- stats

  /** `clear runtime` for this thread: new baselines, max clocks reset. */
  clearRuntime (): void {
    clearThreadRuntime(this.shared, this.threadIndex, this.clock.now());
  }

  /** The state word `show runtime` prints for a node on this thread. */
  nodeStateString (rt: NodeRuntime<unknown>): string {
    return nodeStateText(this.shared, this.graph, this.threadIndex, rt.nodeIndex);
  }

  /**
   * A snapshot of this thread for `show runtime`: every node since the last clear.
   * `nowNs` is the time of the thread that asks (VPP uses main's clock).
   */
  runtimeStats (nowNs: number = this.clock.now(), statsUpdateIntervalSec = 10): ThreadRuntimeStats {
    return threadRuntimeStats(this.shared, this.graph, this.threadIndex, this, nowNs, statsUpdateIntervalSec);
  }

  /** This thread's `show threads` row. */
  countersRow (sched = 'other (0)'): ThreadCountersRow {
    return threadCountersRow(this.shared, this.threadIndex, this, sched);
  }

  /** The event log as plain records. */
  elogRecords (): ElogRecord[] {
    return this.elog.records(this.threadIndex, this.elogNames);
  }

  /** The event log as plain data (graph/elog.ts ElogDump). */
  elogDump (): ElogDump {
    return this.elog.dump(this.threadIndex, this.files.descriptions);
  }
}

/** Each run's vlib threads in this realm, by the run's shared memory. */
const realmVms = new WeakMap<VlibShared, VlibMain[]>();

/** The vlib thread whose step runs now in this realm (null between steps). */
let runningVm: VlibMain | null = null;

/** The vlib thread running now in this realm, or null (an app thread, or between steps). */
export function currentVlibMain (): VlibMain | null { return runningVm; }

/**
 * A notifier for eventfds vpp writes (app event queues, rx mqs leaving full): as
 * graph/waiter.ts VlibFdNotifier, and each write that woke a sleeping thread is logged as
 * `fd-wake` in the event log of the vlib thread that wrote it.
 */
export function loggedFdNotifier (shared: VlibShared, waiter: Waiter): VlibFdNotifier {
  return new VlibFdNotifier(shared, waiter, (t) => {
    const vm = runningVm;
    if (vm !== null) vm.elog.add(vm.clock.now(), ElogEvent.FdWake, t, 0, vm.elogSource());
  });
}

/** `stop_timer_handle_plus_1 == CLIB_U32_MAX`: the SCHED timer just expired. */
export const SCHED_TIMER_EXPIRED = -2;


const rpcProcessSignal = defineRpc('vlib-process-signal-event-mt', (vm, index, type, data) => {
  vm.processSignalEvent(index as NodeIndex, type, data);
});
