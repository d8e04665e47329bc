// src/session/session-main.ts: the session layer of one run, as one realm sees it: configuration,
// every worker (views), the workers' event queues, the nodes it drives, and cross-thread posting.
// Models: src/vnet/session/session.h session_main_t; session.c (session_send_evt_to_thread,
// session_send_rpc_evt_to_thread[_force], session_node_enable_disable,
// session_vpp_wrk_mqs_alloc); session_node.c session_wrk_send_evt_to_main.
//
// Shared state (worker lists, state words, mqs) is in SABs created once by `createSessionInit`
// and handed to every thread; each realm builds its SessionMain over them.

import { type VlibMain, VmDataKey } from '../../graph/main-loop.js';
import { type NodeIndex, NodeState } from '../../graph/node.js';
import { defineRpc, type RpcHandler } from '../../graph/rpc.js';
import { SvmMqLockKind } from '../svm/message-queue-layout.js';
import type { SvmMsgQ } from '../svm/message-queue.js';
import { SvmSegment } from '../svm/segment.js';
import { SESSION_MQ_IO_EVT_RING, SessionEvtType, sessionEvtEncode } from '../svm/session-event.js';
import { wrkMqCfg } from '../svm/session-mq-cfg.js';
import { svmMsgQSizeToAlloc } from '../svm/message-queue-layout.js';
import { SessionShared, type SessionSharedParams, kWrkCtrlEvts, kWrkMainRpcs, kWrkPostFull } from './session-shared.js';
import { AppMain } from './app-main.js';
import { SessionLookup } from './session-lookup.js';
import { SessionOps } from './session-ops.js';
import { SessionLatency, sessionLatencyBytes } from './session-latency.js';
import { SessionTable } from './session-table.js';
import { EvtHead, SessionWorker } from './session-worker.js';
import { WrkState } from './session-types.js';

/** The session options that shape scheduling (src/config StartupConfig.session, resolved). */
export interface SessionLayerConfig {
  /** vlib threads, main included (`vlib_get_n_threads`). */
  readonly nThreads: number;
  /** `use-private-rx-mqs`. */
  readonly usePrivateRxMqs: boolean;
  /** `no-adaptive`. */
  readonly noAdaptive: boolean;
  /** `poll-main`. */
  readonly pollMain: boolean;
  /** Worker mq length, messages: max(2048, `wrk-mq-length`). */
  readonly wrkMqLength: number;
  /** Event elements per worker (vppsim: fixed; VPP's pool grows). */
  readonly eventPoolSize: number;
  /** Control-message data slots per worker. */
  readonly ctrlDataSize: number;
  /** Sessions per worker (vppsim: fixed; VPP's pool grows). */
  readonly sessionPoolSize: number;
  /** Apps that tag their events for latency by app (1…); default 0: one untagged histogram. */
  readonly latencyTags?: number;
}

/** Defaults for what VPP does not configure. */
export const SESSION_EVENT_POOL_SIZE_DEFAULT = 1 << 16;
export const SESSION_CTRL_DATA_SIZE_DEFAULT = 4096;
export const SESSION_POOL_SIZE_DEFAULT = 16384;

/** What every thread receives to build its SessionMain: plain data and SABs. */
export interface SessionInit {
  readonly cfg: SessionLayerConfig;
  readonly sharedSab: SharedArrayBuffer;
  readonly sharedParams: SessionSharedParams;
  /** "session: wrk-mqs-segment": one worker mq per thread. */
  readonly wrkMqsSab: SharedArrayBuffer;
  /** Byte offset of each thread's mq in the segment. */
  readonly wrkMqOffsets: readonly number[];
  /** Latency by stage histograms (session-latency.ts). */
  readonly latencySab: SharedArrayBuffer;
}

/**
 * Lays out the session layer of a run: the workers' shared state (lists with their heads, state
 * POLLING) and the "session: wrk-mqs-segment" with one mq per thread (no eventfd: VPP's worker
 * mqs use a process-shared mutex, so only polling sees them). Models: session.c
 * session_manager_main_enable, session_vpp_wrk_mqs_alloc.
 */
export function createSessionInit (cfg: SessionLayerConfig): SessionInit {
  const sharedParams: SessionSharedParams = {
    nThreads: cfg.nThreads, eltCapacity: cfg.eventPoolSize, ctrlCapacity: cfg.ctrlDataSize, sessionCapacity: cfg.sessionPoolSize,
  };
  const shared = SessionShared.create(sharedParams);
  const mqCfg = wrkMqCfg(cfg.wrkMqLength);
  // VPP: size_to_alloc × n_threads + 1 MiB
  const seg = SvmSegment.create('session: wrk-mqs-segment', svmMsgQSizeToAlloc(mqCfg) * cfg.nThreads + (1 << 20));
  const wrkMqOffsets: number[] = [];
  const adaptive = !cfg.noAdaptive && cfg.usePrivateRxMqs;
  for (let t = 0; t < cfg.nThreads; t++) {
    wrkMqOffsets.push(seg.allocMsgQ(mqCfg, { eventfd: false, lockKind: SvmMqLockKind.Shared }));
    const mq = seg.msgQ(wrkMqOffsets[t] as number);
    new SessionWorker(shared, t, mq).init(adaptive);
    new SessionTable(shared, t).init();
  }
  return { cfg, sharedSab: shared.sab, sharedParams, wrkMqsSab: seg.sab, wrkMqOffsets, latencySab: new SharedArrayBuffer(sessionLatencyBytes(cfg.nThreads, cfg.latencyTags ?? 0)) };
}

/** Indices of the nodes the session layer raises and sets (filled by the graph module). */
export interface SessionNodes {
  readonly sessionQueue: NodeIndex;
  readonly sessionQueueProcess: NodeIndex;
  readonly sessionInput: NodeIndex;
  readonly appslRxMqsInput: NodeIndex;
}

/** Handles one control event taken off a worker's list (`session_event_dispatch_ctrl` cases). */
export type CtrlEvtHandler = (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number) => void;

/** Sends TX of one session (`session_tx_fns[session_type]`); adds to `wrk.nTxPackets`. */
export type SessionTxFn = (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number) => void;

/**
 * What a transport runs in session-queue: its timers at the top of each dispatch
 * (`transport_update_time`), and, at the end, what it staged for output.
 */
export interface TransportHooks {
  updateTime (vm: VlibMain): void;
  flush (vm: VlibMain): void;
}

/** The session layer as one realm sees it. */
export class SessionMain {
  readonly cfg: SessionLayerConfig;
  readonly shared: SessionShared;
  readonly wrkMqsSegment: SvmSegment;
  readonly workers: SessionWorker[] = [];
  /** Each thread's sessions (`wrk->sessions`), views. */
  readonly sessions: SessionTable[] = [];
  /** `vlib_num_workers ()`. */
  readonly nWorkers: number;
  /** Control event handlers by event type (`session_event_dispatch_ctrl`); filled by other modules. */
  readonly ctrlHandlers: (CtrlEvtHandler | undefined)[] = [];
  /** TX functions by session type; filled by transports. */
  readonly txFns: (SessionTxFn | undefined)[] = [];
  /** Transports' per-dispatch hooks. */
  readonly transportHooks: TransportHooks[] = [];
  /** Whether `session enable` ran (`session_main.is_enabled`). */
  isEnabled = false;
  /** Apps and app workers, this realm's view. */
  readonly am: AppMain;
  /** Listener and connection tables, this realm's. */
  readonly lookup: SessionLookup;
  /** What happens to sessions (accept, connect, close, cleanup …). */
  readonly ops: SessionOps;
  /** How long apps' TX events waited, by stage. */
  readonly latency: SessionLatency;

  constructor (init: SessionInit, readonly nodes: SessionNodes) {
    this.cfg = init.cfg;
    this.shared = new SessionShared(init.sharedSab, init.sharedParams);
    this.wrkMqsSegment = SvmSegment.attach(init.wrkMqsSab);
    this.nWorkers = init.cfg.nThreads - 1;
    this.am = new AppMain(init.cfg.nThreads);
    this.lookup = new SessionLookup(init.cfg.nThreads);
    for (let t = 0; t < init.cfg.nThreads; t++) {
      this.workers.push(new SessionWorker(this.shared, t, this.wrkMqsSegment.msgQ(init.wrkMqOffsets[t] as number)));
      this.sessions.push(new SessionTable(this.shared, t));
    }
    this.ops = new SessionOps(this);
    this.latency = new SessionLatency(init.latencySab, init.cfg.nThreads, init.cfg.latencyTags ?? 0);
  }

  /** Worker of thread `t` (`session_main_get_worker`). */
  worker (t: number): SessionWorker { return this.workers[t] as SessionWorker; }

  /** The mq of thread `t`'s worker (`session_main_get_vpp_event_queue`). */
  wrkMq (t: number): SvmMsgQ { return this.worker(t).mq; }

  /**
   * Posts an event to thread `t`'s worker mq on the IO ring: 0, −1 (could not lock) or −2 (the
   * queue or ring is full). Raises `session-queue` on `t` only if that worker is in INTERRUPT:
   * POLLING will see it anyway and IDLE waits for its timer (vpp-notes §C).
   * Models: session.c session_send_evt_to_thread.
   */
  sendEvtToThread (vm: VlibMain, t: number, type: number, w0: number, w1 = 0, w2 = 0, w3 = 0): number {
    const wrk = this.worker(t);
    const mq = wrk.mq;
    if (mq.lock() < 0) return -1;
    if (mq.orRingIsFull(SESSION_MQ_IO_EVT_RING)) {
      mq.unlock();
      wrk.count(kWrkPostFull);
      return -2;
    }
    const msg = mq.allocMsgWRing(SESSION_MQ_IO_EVT_RING);
    sessionEvtEncode(mq, msg, type, w0, w1, w2, w3);
    mq.addAndUnlock(msg);
    if (wrk.state === WrkState.Interrupt) vm.setInterruptPending(this.nodes.sessionQueue, t);
    return 0;
  }

  /**
   * Posts an RPC (`session_send_rpc_evt_to_thread_force`): a CTRL_EVT_RPC on thread `t`'s mq,
   * run by its session-queue. `rpc` is an id from graph/rpc.ts defineRpc; `arg` its argument.
   */
  sendRpcEvtToThreadForce (vm: VlibMain, t: number, rpc: number, arg: number): number {
    return this.sendEvtToThread(vm, t, SessionEvtType.CTRL_EVT_RPC, rpc, arg);
  }

  /**
   * `session_send_rpc_evt_to_thread`: runs the RPC at once if `t` is the calling thread, else
   * posts it.
   */
  sendRpcEvtToThread (vm: VlibMain, t: number, rpc: number, fn: RpcHandler, arg: number): number {
    if (t === vm.threadIndex) {
      fn(vm, arg, 0, 0);
      return 0;
    }
    return this.sendRpcEvtToThreadForce(vm, t, rpc, arg);
  }

  /**
   * Parks a control event for the main thread: to the tail of the worker's pending-main list,
   * and, if the list was empty, one RPC to main that handles it under the barrier.
   * Models: session_node.c session_wrk_send_evt_to_main.
   */
  wrkSendEvtToMain (vm: VlibMain, wrk: SessionWorker, elt: number): void {
    const pool = wrk.pool;
    const wasEmpty = pool.isEmpty(EvtHead.PendingMain);
    pool.addTail(EvtHead.PendingMain, elt);
    if (wasEmpty) {
      wrk.count(kWrkMainRpcs);
      this.sendRpcEvtToThread(vm, 0, rpcHandleEvtsMain, handleEvtsMainRpc, wrk.threadIndex);
    }
  }

  /**
   * Sets the session nodes' states on every thread for enable (`true`) or disable, as VPP does:
   * main with workers: session-queue INTERRUPT (wrk[0] state set to INTERRUPT directly, timerfd
   * not armed) and session-queue-process started; unless `poll-main`, main stops there. Every
   * other case: session-input INTERRUPT, session-queue POLLING. With private rx mqs,
   * appsl-rx-mqs-input INTERRUPT everywhere. Run on main with the barrier held.
   * Models: session.c session_node_enable_disable, application.c application_enable_rx_mqs_nodes.
   */
  nodeEnableDisable (vm: VlibMain, isEn: boolean): void {
    const mstate = isEn ? NodeState.Interrupt : NodeState.Disabled;
    const state = isEn ? NodeState.Polling : NodeState.Disabled;
    const n = this.cfg.nThreads;
    for (let t = 0; t < n; t++) {
      if (t === 0 && n > 1) {
        vm.setNodeStateOn(0, this.nodes.sessionQueue, mstate);
        if (isEn) {
          this.worker(0).setStateWord(WrkState.Interrupt);
          vm.setNodeStateOn(0, this.nodes.sessionQueueProcess, NodeState.Polling);
          vm.startProcess(this.nodes.sessionQueueProcess);
        } else {
          vm.processSignalEventMt(this.nodes.sessionQueueProcess, SESSION_Q_PROCESS_STOP, 0);
        }
        if (!this.cfg.pollMain) continue;
      }
      vm.setNodeStateOn(t, this.nodes.sessionInput, mstate);
      vm.setNodeStateOn(t, this.nodes.sessionQueue, state);
    }
    if (this.cfg.usePrivateRxMqs) {
      for (let t = 0; t < n; t++) vm.setNodeStateOn(t, this.nodes.appslRxMqsInput, mstate);
    }
    this.isEnabled = isEn;
  }
}

/** session-queue-process events (session_node.c). */
export const SESSION_Q_PROCESS_RUN_ON_MAIN = 1;
export const SESSION_Q_PROCESS_STOP = 2;

/** Where each vlib thread keeps its realm's SessionMain (`vm.setData (kSessionMain, sm)`). */
export const kSessionMain = new VmDataKey<SessionMain>('session main');

/**
 * Main, under the barrier: handles the pending-main list of the worker that posted the RPC,
 * with the control handlers (listen, unlisten, app detach, connect-uri, accepted-reply,
 * connect); an element a handler re-links (a connect parked again) is kept.
 * Models: session_node.c session_wrk_handle_evts_main_rpc.
 */
function handleEvtsMainRpc (vm: VlibMain, threadIndex: number): void {
  const sm = vm.getData(kSessionMain);
  vm.barrierSync();
  const fwrk = sm.worker(threadIndex);
  const pool = fwrk.pool;
  let ei = pool.next(EvtHead.PendingMain);
  while (ei !== EvtHead.PendingMain) {
    const next = pool.next(ei);
    pool.remove(ei);
    const h = sm.ctrlHandlers[pool.type(ei)];
    if (h !== undefined) h(sm, vm, fwrk, ei);
    if (!pool.isLinked(ei)) { pool.put(ei); fwrk.count(kWrkCtrlEvts); }
    ei = next;
  }
  vm.barrierRelease();
}

const rpcHandleEvtsMain = defineRpc('session-wrk-handle-evts-main', (vm, threadIndex) => handleEvtsMainRpc(vm, threadIndex));
