// nodes/session-queue.ts. Models: src/vnet/session/session_node.c session_queue_node_fn,
// session_event_dispatch_ctrl, session_event_dispatch_io; VLIB_REGISTER_NODE (session_queue_node).

import { defineElogType } from '../graph/elog.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeFlag, NodeState, NodeType, type NodeRuntime } from '../graph/node.js';
import { rpcHandler } from '../graph/rpc.js';
import type { SessionMain, TransportHooks } from '../src/session/session-main.js';
import { kSessType } from '../src/session/session-table.js';
import {
  kWrkCtrlEvts, kWrkDropNoSession, kWrkDropUnhandled, kWrkIoEvts,
} from '../src/session/session-shared.js';
import { EvtHead, type SessionWorker } from '../src/session/session-worker.js';
import { SESSION_EVT_POOL_HEADS, SESSION_NODE_FRAME_SIZE } from '../src/session/session-types.js';
import { SessionEvtType } from '../src/svm/session-event.js';
import { ElogSessionTxStages, SessionLatencyStage, stampNs, stampTag } from '../src/session/session-latency.js';

/** Error counters, one table: `foreach_session_queue_error` (symbol, severity, description). */
export const foreachSessionQueueError = [
  ['TX', 'info', 'Packets transmitted'],
  ['TIMER', 'info', 'Timer events'],
  ['NO_BUFFER', 'error', 'Out of buffers'],
] as const;

/** Trace line: the thread that sent (`format_session_queue_trace`). */
/**
 * Event log of a `session-queue` dispatch that did something: a = messages drained from the
 * worker mq, b = event elements after the drain (5 list heads included), c = elements at the end
 * | TX packets << 16.
 */
export const ElogSessionQueueRun = defineElogType('session-queue-run', (_n, a, b, c) =>
  `session-queue: ${a} msgs off the worker mq, elts ${b} -> ${c & 0xffff}, ${c >>> 16} tx packets`);

export const formatSessionQueueTrace = (threadIndex: number): string => `thread index ${threadIndex}`;

function dispatchCtrl (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  vm.clock.spend(vm.cost.messageNs);
  const pool = wrk.pool;
  const type = pool.type(elt);
  if (type === SessionEvtType.CTRL_EVT_RPC) {
    const fn = rpcHandler(pool.w(elt, 0));
    if (fn === undefined) wrk.count(kWrkDropUnhandled);
    else fn(vm, pool.w(elt, 1), pool.w(elt, 2), pool.w(elt, 3));
  } else {
    const h = sm.ctrlHandlers[type];
    if (h === undefined) wrk.count(kWrkDropUnhandled);
    else h(sm, vm, wrk, elt);
  }
  // an event counts as handled once it is done (a connect parked for later counts then, by main's RPC or the connects RPC)
  if (!pool.isLinked(elt)) { pool.put(elt); wrk.count(kWrkCtrlEvts); }
}

function dispatchIo (sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  vm.clock.spend(vm.cost.messageNs);
  const pool = wrk.pool;
  const type = pool.type(elt);
  if (type === SessionEvtType.IO_EVT_TX || type === SessionEvtType.IO_EVT_TX_FLUSH) {
    const table = sm.sessions[vm.threadIndex];
    const si = pool.w(elt, 0);
    const stampLo = pool.w(elt, 2);
    const stampHi = pool.w(elt, 3);
    if ((stampLo | stampHi) !== 0) {
      // vppsim: stage 2, from the drain into the lists to this dispatch (first dispatch only)
      const inList = vm.clock.now() - stampNs(stampLo, stampHi) - pool.w(elt, 1);
      sm.latency.hist(vm.threadIndex, SessionLatencyStage.ListToDispatch, stampTag(stampHi)).record(inList);
      vm.elog.add(vm.clock.now(), ElogSessionTxStages, stampTag(stampHi) | (si << 11), pool.w(elt, 1), inList > 0x7fffffff ? 0x7fffffff : Math.round(inList));
      pool.setW(elt, 2, 0);
      pool.setW(elt, 3, 0);
    }
    if (table === undefined || !table.isValid(si)) {
      wrk.count(kWrkDropNoSession);
    } else {
      const tx = sm.txFns[table.get(si, kSessType)];
      if (tx === undefined) wrk.count(kWrkDropUnhandled);
      else tx(sm, vm, wrk, elt);
    }
  } else {
    const h = sm.ctrlHandlers[type];
    if (h === undefined) wrk.count(kWrkDropUnhandled);
    else h(sm, vm, wrk, elt);
  }
  // a TX the transport requeued (more to send, session not ready) is the same event, counted when done
  if (!pool.isLinked(elt)) { pool.put(elt); wrk.count(kWrkIoEvts); }
}

/**
 * One dispatch: drain a snapshot of the worker mq into the lists; run every ctrl event; then new
 * io events and then the io events that were old before this dispatch, while fewer than 128 TX
 * packets went out; finally, in adaptive mode, the worker state rule. Returns TX packets
 * (`show runtime` Vectors). Allocates nothing.
 */
export function sessionQueueNodeFn (sm: SessionMain, vm: VlibMain): number {
  const wrk = sm.worker(vm.threadIndex);
  const pool = wrk.pool;
  wrk.nTxPackets = 0;
  const hooks = sm.transportHooks;
  for (let i = 0; i < hooks.length; i++) (hooks[i] as TransportHooks).updateTime(vm);
  const nMq = wrk.handleMq(wrk.mq);
  const eltsIn = pool.elts;

  // control events: the list as it is now; ones added meanwhile wait for the next dispatch
  let ei: number = EvtHead.Ctrl;
  let nextEi = pool.next(EvtHead.Ctrl);
  let oldTi = pool.prev(EvtHead.Ctrl);
  while (ei !== oldTi) {
    ei = nextEi;
    nextEi = pool.next(ei);
    pool.remove(ei);
    dispatchCtrl(sm, vm, wrk, ei);
  }

  // new io events
  oldTi = pool.prev(EvtHead.Old);
  ei = pool.next(EvtHead.New);
  while (ei !== EvtHead.New && wrk.nTxPackets < SESSION_NODE_FRAME_SIZE) {
    const elt = ei;
    ei = pool.next(elt);
    pool.remove(elt);
    dispatchIo(sm, vm, wrk, elt);
  }

  // old io events, only those that were there before the new ones ran
  if (oldTi !== EvtHead.Old) {
    ei = pool.next(EvtHead.Old);
    while (wrk.nTxPackets < SESSION_NODE_FRAME_SIZE) {
      const elt = ei;
      nextEi = pool.next(elt);
      pool.remove(elt);
      dispatchIo(sm, vm, wrk, elt);
      if (ei === oldTi) break;
      ei = nextEi;
    }
  }

  for (let i = 0; i < hooks.length; i++) (hooks[i] as TransportHooks).flush(vm);
  // vppsim: what this dispatch found and left, when it did anything (polling dispatches that find
  // nothing are not logged)
  const eltsOut = pool.elts;
  if (nMq !== 0 || wrk.nTxPackets !== 0 || eltsIn !== SESSION_EVT_POOL_HEADS || eltsOut !== SESSION_EVT_POOL_HEADS) {
    vm.elog.add(vm.clock.now(), ElogSessionQueueRun, nMq, eltsIn, eltsOut | (wrk.nTxPackets << 16));
  }
  if (wrk.isAdaptive) wrk.updateState(sm.nodes.sessionQueue, sm.nWorkers);
  return wrk.nTxPackets;
}

export const sessionQueueNode = defineNode<SessionMain | null>({
  name: 'session-queue',
  type: NodeType.Input,
  state: NodeState.Disabled,
  flags: NodeFlag.TraceSupported,
  errors: foreachSessionQueueError.map((e) => e[2]),
  errorSeverities: foreachSessionQueueError.map((e) => e[1]),
  formatTrace: formatSessionQueueTrace,
  dispatch (vm: VlibMain, rt: NodeRuntime<SessionMain | null>) {
    const sm = rt.data;
    return sm === null ? 0 : sessionQueueNodeFn(sm, vm);
  },
});
