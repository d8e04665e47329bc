// nodes/session-input.ts. Models: src/vnet/session/session_input.c session_input_node,
// session_wrk_flush_events; VLIB_REGISTER_NODE (session_input_node).
//
// The vpp → app direction: for each app worker with events queued on this thread, flush up to
// 128 of them into its mq; re-raise itself while any app worker still has events. Independent
// of the session worker's state. Returns 0, as VPP's does, so `show runtime` shows no vectors.

import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeState, NodeType, type NodeRuntime } from '../graph/node.js';
import { appWorkerFlushEvents } from '../src/session/app-worker.js';
import type { SessionMain } from '../src/session/session-main.js';

/** One dispatch: flush every pending app worker once. Allocates nothing. */
export function sessionInputNodeFn (sm: SessionMain, vm: VlibMain): number {
  const t = vm.threadIndex;
  const am = sm.am;
  const pending = am.pendingNtf(t);
  let i = pending.nextSet(0);
  while (i !== -1) {
    const aw = am.appWrks[i];
    if (aw === undefined) {
      pending.clear(i); // freed meanwhile: its events went with it
    } else {
      appWorkerFlushEvents(vm, aw, am.deliver);
      if ((aw.wrkEvts[t]?.n ?? 0) === 0) pending.clear(i);
    }
    i = pending.nextSet(i + 1);
  }
  if (!pending.isZero()) vm.setInterruptPending(sm.nodes.sessionInput);
  return 0;
}

export const sessionInputNode = defineNode<SessionMain | null>({
  name: 'session-input',
  type: NodeType.Input,
  state: NodeState.Disabled,
  dispatch (vm: VlibMain, rt: NodeRuntime<SessionMain | null>) {
    const sm = rt.data;
    return sm === null ? 0 : sessionInputNodeFn(sm, vm);
  },
});
