// nodes/session-queue-process.ts. Models: src/vnet/session/session_node.c session_queue_process,
// session_queue_run_on_main; VLIB_REGISTER_NODE (session_queue_process_node).
//
// On main, when there are workers: every second, or when asked (RUN_ON_MAIN), run session-queue
// on main, so main's events are handled even if nothing raised its interrupt. STOP disables it.

import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeState, NodeType, type NodeRuntime, type ProcessResume } from '../graph/node.js';
import { waitForEventOrClock } from '../graph/process.js';
import { SESSION_Q_PROCESS_RUN_ON_MAIN, SESSION_Q_PROCESS_STOP, type SessionMain } from '../src/session/session-main.js';
import { sessionQueueNodeFn } from './session-queue.js';

/** The process's clock, s (`f64 timeout = 1.0`). */
export const SESSION_Q_PROCESS_TIMEOUT_S = 1.0;

export const sessionQueueProcessNode = defineNode<SessionMain | null>({
  name: 'session-queue-process',
  type: NodeType.Process,
  state: NodeState.Disabled,
  * process (vm: VlibMain, rt: NodeRuntime<SessionMain | null>) {
    let timeout = SESSION_Q_PROCESS_TIMEOUT_S;
    for (;;) {
      const r: ProcessResume = yield waitForEventOrClock(timeout);
      const sm = rt.data;
      if (sm === null) continue;
      if (r.timedOut) {
        // timed out: run on main to make sure all events are handled
        sessionQueueNodeFn(sm, vm);
        continue;
      }
      // vlib_process_get_events returns one type at a time; vppsim takes them in order
      for (const e of r.events) {
        if (e.type === SESSION_Q_PROCESS_RUN_ON_MAIN) {
          sessionQueueNodeFn(sm, vm);
        } else if (e.type === SESSION_Q_PROCESS_STOP) {
          vm.setNodeState(rt.nodeIndex, NodeState.Disabled);
          timeout = 100000.0;
        }
      }
    }
  },
});
