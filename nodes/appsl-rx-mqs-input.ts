// nodes/appsl-rx-mqs-input.ts. Models: src/vnet/session/application.c appsl_rx_mqs_input_node.

import { defineElogType } from '../graph/elog.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeState, NodeType, type NodeRuntime } from '../graph/node.js';
import { type AppRxMqElt, RxMqFlag } from '../src/session/app-rx-mqs.js';
import type { SessionMain } from '../src/session/session-main.js';
import { WrkState } from '../src/session/session-types.js';

/** Trace line: which app rx mq was served and how many messages it gave. */
export const formatAppslRxTrace = (app: number, nMsgs: number): string => `app ${app} msgs ${nMsgs}`;

/**
 * Event log: a = app index, b = messages taken, c = flags: 1 eventfd read, 2 read found 0
 * (VPP's blocking read would block the thread), 4 requeued POSTPONED;
 * the pending list's length after the serve in c >> 8.
 */
export const ElogAppslServe = defineElogType('appsl-rx-mqs-input', (_n, a, b, c) =>
  `serve app-${a}-rx-mq: ${b} msgs${(c & 1) !== 0 ? ', eventfd read' : ', eventfd not read (postponed)'}` +
  `${(c & 2) !== 0 ? ' [read found 0: VPP would block]' : ''}${(c & 4) !== 0 ? ', not empty: requeued postponed' : ''}` +
  ` (pending list ${c >>> 8})`);

/**
 * Serves the head of this thread's pending rx-mq list: reads its eventfd unless it was postponed,
 * drains a snapshot into the session worker, requeues it at the tail (POSTPONED) if the app raced
 * more in. Deleting the head moves the head, which ends VPP's do-while after one element: one mq
 * per dispatch, the node re-raising itself while mqs are pending. Raises session-queue only when
 * the worker is in INTERRUPT. Returns messages handled; allocates nothing.
 */
export function appslRxMqsInputNodeFn (sm: SessionMain, vm: VlibMain): number {
  const aw = sm.am.appsl(vm.threadIndex);
  let elt: AppRxMqElt | null = aw.pending;
  if (elt === null) return 0;
  const wrk = sm.worker(vm.threadIndex);
  let nMsgs = 0;
  do {
    let how = 0;
    if ((elt.flags & RxMqFlag.Postponed) === 0) {
      how |= 1;
      if (elt.efd.read() < 0) { how |= 2; aw.readsThatWouldBlock++; }
    }
    const n = wrk.handleMq(elt.mq);
    nMsgs += n;
    const next: AppRxMqElt = elt.next as AppRxMqElt;
    aw.del(elt);
    if (!elt.mq.isEmpty()) {
      elt.flags |= RxMqFlag.Postponed;
      aw.addTail(elt);
      how |= 4;
    } else {
      elt.flags = 0;
    }
    vm.elog.add(vm.clock.now(), ElogAppslServe, elt.appIndex, n, how | (aw.nPending << 8));
    elt = next;
  } while (aw.pending !== null && elt !== aw.pending);

  if (aw.pending !== null) vm.setInterruptPending(sm.nodes.appslRxMqsInput);
  if (nMsgs > 0 && wrk.state === WrkState.Interrupt) vm.setInterruptPending(sm.nodes.sessionQueue);
  return nMsgs;
}

export const appslRxMqsInputNode = defineNode<SessionMain | null>({
  name: 'appsl-rx-mqs-input',
  type: NodeType.Input,
  state: NodeState.Disabled, // set to INTERRUPT on every thread when use-private-rx-mqs is on
  formatTrace: formatAppslRxTrace,
  dispatch (vm: VlibMain, rt: NodeRuntime<SessionMain | null>) {
    const sm = rt.data;
    return sm === null ? 0 : appslRxMqsInputNodeFn(sm, vm);
  },
});
