// src/session/session-worker.ts: one session worker (one per vlib thread): its state, its event
// lists, draining an mq into them, and the adaptive POLLING/INTERRUPT/IDLE rule with its timerfd.
// Models: src/vnet/session/session.h session_worker_t, session_node.c (session_wrk_handle_mq,
// session_evt_add_to_list, session_wrk_update_state, session_wrk_set_state,
// session_wrk_tfd_read_ready, session_wrk_enable_adaptive_mode).
//
// The lists and the state word are in shared memory (session-shared.ts); every thread can hold a
// view of every worker. Only the owning thread drains its mq, runs the rule and owns the timerfd
// (set up by `attachOwner`); main touches a worker's lists only under the barrier.

import { defineElogType } from '../../graph/elog.js';
import { ClibFile } from '../../graph/file-poll.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { type NodeIndex, NodeState } from '../../graph/node.js';
import { TimerFd } from '../../graph/timerfd.js';
import type { SvmMsgQ } from '../svm/message-queue.js';
import {
  kEvtData, SESSION_CTRL_SLOT_BYTES, SESSION_MQ_CTRL_EVT_RING, sessionEvtHasBody, sessionEvtIsCtrl,
} from '../svm/session-event.js';
import { SVM_MQ_MSG_ELT_BITS } from '../svm/message-queue-layout.js';
import { SessionEvtPool } from './event-elts.js';
import { type SessionLatency, SessionLatencyStage, stampNs, stampTag } from './session-latency.js';
import {
  kWrkDropMalformed, kWrkFlags, kWrkMqMsgs, kWrkNPendingConnects, kWrkNSessions, kWrkState,
  kWrkTransitions, type SessionShared,
} from './session-shared.js';
import {
  formatWrkState, SESSION_EVT_POOL_HEADS, SessionWrkFlag, sessionWrkTfdTimeoutNs, WrkState,
} from './session-types.js';


/** The five list heads, allocated first, in this order (session.c session_manager_main_enable). */
export const EvtHead = { Ctrl: 0, New: 1, Old: 2, PendingConnects: 3, PendingMain: 4 } as const;

/** Why the rule moved a worker, for the event log and `vppsim explain`. */
export const WrkTransitionRule = {
  /** POLLING → INTERRUPT: no events listed (elts == 5) and last vectors per main loop < 1. */
  PollingNoWork: 0,
  /** INTERRUPT → POLLING: events still listed (elts > 5) or last vectors per main loop > 1. */
  InterruptHasWork: 1,
  /** INTERRUPT → IDLE: no sessions. */
  InterruptNoSessions: 2,
  /** IDLE → INTERRUPT: the element count is never 0, so always. */
  IdleAlways: 3,
} as const;

const ruleText = [
  'elts == 5 && vpml < 1', 'elts > 5 || vpml > 1', 'no sessions', 'elts != 0 (always)',
];

/**
 * Event log type of a worker state transition: a = from | to << 4 | rule << 8, b = event
 * elements (heads included), c = last vectors per main loop; sessions in the high bits of a.
 */
export const ElogWrkState = defineElogType('session-wrk-state', (_n, a, b, c) =>
  `session worker ${formatWrkState(a & 15)} -> ${formatWrkState((a >> 4) & 15)}: ` +
  `${ruleText[(a >> 8) & 15] ?? '?'} (elts ${b}, vpml ${c}, sessions ${a >>> 12})`);

/** Event log type of a timerfd re-arm: a = period ns / 1000 (µs), b = state. */
export const ElogWrkTimerfd = defineElogType('session-wrk-tfd', (_n, a, b) =>
  a === 0 ? `session-wrk-tfd disarmed (${formatWrkState(b)})` : `session-wrk-tfd armed ${a / 1000} ms periodic (${formatWrkState(b)})`);

/** One session worker, viewed from any thread of the run. */
export class SessionWorker {
  readonly pool: SessionEvtPool;
  private readonly i32: Int32Array;
  private readonly wb: number;
  /** This worker's vpp event queue (`vpp_event_queue`), this realm's view. */
  readonly mq: SvmMsgQ;

  // owner only (attachOwner)
  vm: VlibMain | null = null;
  timerfd: TimerFd | null = null;
  timerfdFile: ClibFile | null = null;
  /** The run's latency histograms (set on the owner thread by the session set-up), or null. */
  latency: SessionLatency | null = null;
  /** TX packets of the dispatch in progress (`n_tx_packets`, passed to the tx functions). */
  nTxPackets = 0;
  /** Time spent in each state, ns (owner's clock), and when the current state began. */
  readonly timeInStateNs = [0, 0, 0];
  stateSinceNs = 0;

  constructor (readonly shared: SessionShared, readonly threadIndex: number, mq: SvmMsgQ) {
    this.pool = new SessionEvtPool(shared, threadIndex);
    this.i32 = shared.i32;
    this.wb = shared.layout.wrkBase(threadIndex);
    this.mq = mq;
  }

  /**
   * Lays out the worker: empty pools and the five list heads, state POLLING, flags.
   * Once per run, before any thread runs. Models: session.c session_manager_main_enable.
   */
  init (adaptive: boolean): void {
    this.pool.init();
    for (let h = 0; h < SESSION_EVT_POOL_HEADS; h++) {
      const got = this.pool.makeHead();
      if (got !== h) throw new RangeError('list heads must be the first five elements');
    }
    this.i32[this.wb + kWrkState] = WrkState.Polling;
    this.i32[this.wb + kWrkFlags] = adaptive ? SessionWrkFlag.Adaptive : 0;
  }

  /**
   * Sets up the owning thread's part: with adaptive mode, a timerfd registered on the thread's
   * file poll (`session-wrk-tfd-N`), left disarmed, whose read raises `session-queue`.
   * Models: session_node.c session_wrk_enable_adaptive_mode.
   */
  attachOwner (vm: VlibMain, sessionQueueNode: NodeIndex): void {
    this.vm = vm;
    this.stateSinceNs = vm.clock.now();
    if (!this.isAdaptive) return;
    const tfd = new TimerFd();
    this.timerfd = tfd;
    this.timerfdFile = vm.files.add(new ClibFile(`session-wrk-tfd-${this.threadIndex}`, tfd, (v) => {
      // session_wrk_tfd_read_ready: raise session-queue, then read the timerfd
      v.setInterruptPending(sessionQueueNode);
      tfd.read(v.clock.now());
    }, this.threadIndex));
  }

  // ------------------------------------------------------------------ shared words

  /** `wrk->state`. */
  get state (): WrkState { return Atomics.load(this.i32, this.wb + kWrkState) as WrkState; }
  /** `wrk->flags & SESSION_WRK_F_ADAPTIVE`. */
  get isAdaptive (): boolean { return ((this.i32[this.wb + kWrkFlags] as number) & SessionWrkFlag.Adaptive) !== 0; }
  /** `pool_elts (wrk->sessions)`. */
  get nSessions (): number { return Atomics.load(this.i32, this.wb + kWrkNSessions); }
  /** `wrk->n_pending_connects`. */
  get nPendingConnects (): number { return this.i32[this.wb + kWrkNPendingConnects] as number; }
  set nPendingConnects (n: number) { this.i32[this.wb + kWrkNPendingConnects] = n; }
  /** A counter word (kWrk*), read. */
  counter (k: number): number { return Atomics.load(this.i32, this.wb + k) >>> 0; }
  /** A counter word, incremented by `n`. */
  count (k: number, n = 1): void { Atomics.add(this.i32, this.wb + k, n); }

  /**
   * Sets the state word directly, without re-arming the timerfd: what session_node_enable_disable
   * does to main's worker (`session_main_get_worker (0)->state = SESSION_WRK_INTERRUPT`).
   */
  setStateWord (state: WrkState): void {
    Atomics.store(this.i32, this.wb + kWrkState, state);
  }

  // ------------------------------------------------------------------ events

  /** `session_evt_alloc_ctrl`: a new element at the tail of the ctrl list. */
  evtAllocCtrl (): number { const e = this.pool.alloc(); this.pool.addTail(EvtHead.Ctrl, e); return e; }
  /** `session_evt_alloc_new`: a new element at the tail of the new-io list. */
  evtAllocNew (): number { const e = this.pool.alloc(); this.pool.addTail(EvtHead.New, e); return e; }
  /** `session_evt_alloc_old`: a new element at the tail of the old-io list. */
  evtAllocOld (): number { const e = this.pool.alloc(); this.pool.addTail(EvtHead.Old, e); return e; }

  /**
   * Drains a snapshot of `mq` (the messages in it now) into the lists: control events (≥ RPC)
   * to the ctrl list, copying bodies (≥ BOUND) into ctrl data; io events to the new list. Returns
   * the messages taken. A body that arrived on the io ring is dropped and counted as malformed.
   * Models: session_node.c session_wrk_handle_mq, session_evt_add_to_list.
   */
  handleMq (mq: SvmMsgQ): number {
    const n = mq.size();
    const pool = this.pool;
    const u8 = mq.u8;
    const i32 = mq.i32;
    for (let k = 0; k < n; k++) {
      const msg = mq.subRaw();
      const off = mq.msgData(msg);
      const h = i32[off >> 2] as number;
      const type = h & 255;
      const w = (off + kEvtData) >> 2;
      if (sessionEvtIsCtrl(type)) {
        if (sessionEvtHasBody(type)) {
          if ((msg >>> SVM_MQ_MSG_ELT_BITS) !== SESSION_MQ_CTRL_EVT_RING) {
            this.count(kWrkDropMalformed);
          } else {
            const e = this.evtAllocCtrl();
            pool.setEvt(e, type, (h >>> 8) & 255, 0);
            const dst = pool.attachCtrlData(e);
            const len = Math.min(kEvtData + (h >>> 16), SESSION_CTRL_SLOT_BYTES);
            copySlot(u8, off, pool.u8, dst, len);
          }
        } else {
          const e = this.evtAllocCtrl();
          pool.setEvt(e, type, (h >>> 8) & 255, i32[w] as number, i32[w + 1] as number, i32[w + 2] as number, i32[w + 3] as number);
        }
      } else {
        const e = this.evtAllocNew();
        const stampLo = i32[w + 2] as number;
        const stampHi = i32[w + 3] as number;
        let w1 = i32[w + 1] as number;
        if ((stampLo | stampHi) !== 0 && this.latency !== null && this.vm !== null) {
          // vppsim: stage 1, the app's post to this drain; the delay rides on in word 1
          const waited = this.vm.clock.now() - stampNs(stampLo, stampHi);
          this.latency.hist(this.threadIndex, SessionLatencyStage.AppToList, stampTag(stampHi)).record(waited);
          w1 = waited < 0x7fffffff ? Math.max(0, Math.round(waited)) : 0x7fffffff;
        }
        pool.setEvt(e, type, (h >>> 8) & 255, i32[w] as number, w1, stampLo, stampHi);
      }
      mq.freeMsg(msg);
    }
    if (n > 0) {
      this.count(kWrkMqMsgs, n);
      // virtual time: taking each message off the mq into the lists costs messageNs
      if (this.vm !== null) this.vm.clock.spend(n * this.vm.cost.messageNs);
    }
    return n;
  }

  // ------------------------------------------------------------------ scheduling

  /**
   * Sets the state and re-arms the timerfd for it (periodic; 0 disarms), logging the change.
   * Models: session_node.c session_wrk_set_state, session_wrk_timerfd_update.
   */
  setState (state: WrkState, nWorkers: number): void {
    const vm = this.vm;
    if (vm !== null) {
      const now = vm.clock.now();
      const from = this.state;
      this.timeInStateNs[from] = (this.timeInStateNs[from] as number) + (now - this.stateSinceNs);
      this.stateSinceNs = now;
    }
    this.setStateWord(state);
    if (this.timerfd === null || vm === null) return;
    const ns = sessionWrkTfdTimeoutNs(state, this.threadIndex, nWorkers);
    this.timerfd.settime(vm.clock.now(), ns, ns);
    vm.elog.add(vm.clock.now(), ElogWrkTimerfd, ns / 1000, state, 0);
  }

  /**
   * The adaptive rule, run at the end of every session-queue dispatch of an adaptive worker
   * (VPP HEAD, no hysteresis). Moves session-queue's node state with the worker state and logs
   * each transition with the values the rule saw.
   * Models: session_node.c session_wrk_update_state.
   */
  updateState (sessionQueueNode: NodeIndex, nWorkers: number): void {
    const vm = this.vm as VlibMain;
    const elts = this.pool.elts;
    const vpml = vm.internalNodeLastVectorsPerMainLoop;
    const state = this.state;
    if (state === WrkState.Polling) {
      if (elts === SESSION_EVT_POOL_HEADS && vpml < 1) {
        this.transition(WrkState.Interrupt, WrkTransitionRule.PollingNoWork, elts, vpml, nWorkers);
        vm.setNodeState(sessionQueueNode, NodeState.Interrupt);
      }
    } else if (state === WrkState.Interrupt) {
      if (elts > SESSION_EVT_POOL_HEADS || vpml > 1) {
        this.transition(WrkState.Polling, WrkTransitionRule.InterruptHasWork, elts, vpml, nWorkers);
        vm.setNodeState(sessionQueueNode, NodeState.Polling);
      } else if (this.nSessions === 0) {
        this.transition(WrkState.Idle, WrkTransitionRule.InterruptNoSessions, elts, vpml, nWorkers);
      }
    } else if (elts !== 0) {
      this.transition(WrkState.Interrupt, WrkTransitionRule.IdleAlways, elts, vpml, nWorkers);
    }
  }

  private transition (to: WrkState, rule: number, elts: number, vpml: number, nWorkers: number): void {
    const vm = this.vm as VlibMain;
    const from = this.state;
    vm.elog.add(vm.clock.now(), ElogWrkState, from | (to << 4) | (rule << 8) | (Math.min(this.nSessions, 0xfffff) << 12), elts, vpml);
    this.count(kWrkTransitions);
    this.setState(to, nWorkers);
  }
}

/** Copies `n` bytes between two byte views (a ctrl slot: at most 256). Allocates nothing. */
function copySlot (src: Uint8Array, so: number, dst: Uint8Array, d: number, n: number): void {
  for (let i = 0; i < n; i++) dst[d + i] = src[so + i] as number;
}
