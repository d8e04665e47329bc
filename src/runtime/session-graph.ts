// src/runtime/session-graph.ts: the session layer's graph module: its nodes, and the per-thread
// set-up that builds (once per realm) the SessionMain over the run's shared memory, hands each
// session node its runtime data, and gives each thread its worker's owner part (timerfd).

import type { VlibMain } from '../../graph/main-loop.js';
import { type NodeDef, NodeState } from '../../graph/node.js';
import { appslRxMqsInputNode } from '../../nodes/appsl-rx-mqs-input.js';
import { echoClientsNode } from '../../nodes/echo-clients.js';
import { sessionInputNode } from '../../nodes/session-input.js';
import { sessionQueueProcessNode } from '../../nodes/session-queue-process.js';
import { sessionQueueNode } from '../../nodes/session-queue.js';
import { errorDropNode } from '../../nodes/error-drop.js';
import { interfaceOutputNode } from '../../nodes/interface-output.js';
import { ip4InputNode } from '../../nodes/ip4-input.js';
import { ip4LookupNode } from '../../nodes/ip4-lookup.js';
import { loopbackTxNode } from '../../nodes/loopback-tx.js';
import { tcp4InputNode } from '../../nodes/tcp4-input.js';
import { tcp4OutputNode } from '../../nodes/tcp4-output.js';
import { type PgInputData, type PgStream, pgInputNode } from '../../nodes/pg-input.js';
import { registerAppCtrlHandlers } from '../session/app-ctrl-handlers.js';
import { installAppDelivery } from '../session/app-notify.js';
import { registerSessionCtrlHandlers } from '../session/session-ctrl-handlers.js';
import { setupTcp } from '../session/tcp.js';
import type { TcpInit } from '../session/tcp-main.js';
import { startSapiServer } from '../session/sapi-server.js';
import { kSessionMain, type SessionInit, SessionMain } from '../session/session-main.js';
import type { SapiEndpointInit } from '../svm/sapi-channel.js';

/** The nodes TCP segments pass through, in graph order. */
export const tcpNodes = [
  tcp4OutputNode, ip4LookupNode, interfaceOutputNode, loopbackTxNode, ip4InputNode, tcp4InputNode, errorDropNode, pgInputNode,
] as NodeDef<unknown>[];

/** The session nodes and the packet path, in the order that fixes their indices. */
export const sessionNodes = [
  sessionQueueNode, sessionQueueProcessNode, sessionInputNode, appslRxMqsInputNode, ...tcpNodes, echoClientsNode,
] as NodeDef<unknown>[];

/** What the session graph module needs from the run (structured-cloned to real threads). */
export interface SessionGraphUser {
  readonly session: SessionInit;
  /** `session { enable }` in startup.conf: enable when the main loop starts. */
  readonly enable: boolean;
  /** `use-bapi-socket-api`: attach validates namespace id and secret. */
  readonly useBapi?: boolean;
  /** vpp ends of the apps' socket API connections (main accepts them). */
  readonly sapi?: readonly SapiEndpointInit[];
  /** TCP's shared memory (createTcpInit); without it the packet nodes stay idle. */
  readonly tcp?: TcpInit;
  /** Background packet streams (need `tcp`: they use its buffer pool and packet path). */
  readonly pg?: readonly PgStream[];
}

/** SessionMain per realm and run: threads of one realm (virtual time) share it. */
const realms = new WeakMap<SessionInit, SessionMain>();

/** Builds or finds this realm's SessionMain and wires thread `vm` to it. */
export function setupSessionLayer (vm: VlibMain, u: SessionGraphUser): SessionMain {
  let sm = realms.get(u.session);
  if (sm === undefined) {
    sm = new SessionMain(u.session, {
      sessionQueue: sessionQueueNode.index,
      sessionQueueProcess: sessionQueueProcessNode.index,
      sessionInput: sessionInputNode.index,
      appslRxMqsInput: appslRxMqsInputNode.index,
    });
    realms.set(u.session, sm);
    registerAppCtrlHandlers(sm);
    registerSessionCtrlHandlers(sm);
    installAppDelivery(sm);
  }
  vm.setData(kSessionMain, sm);
  for (const def of [sessionQueueNode, sessionQueueProcessNode, sessionInputNode, appslRxMqsInputNode]) {
    vm.nodeRuntime(def.index).data = sm;
  }
  sm.worker(vm.threadIndex).attachOwner(vm, sessionQueueNode.index);
  sm.worker(vm.threadIndex).latency = sm.latency;
  if (u.tcp !== undefined) {
    const tm = setupTcp(vm, sm, u.tcp, { tcp4Output: tcp4OutputNode.index });
    for (const def of tcpNodes) (vm.nodeRuntime(def.index).data as { tm: unknown }).tm = tm;
    const mine = (u.pg ?? []).filter((st) => st.thread === vm.threadIndex);
    if (mine.length > 0) {
      const d = vm.nodeRuntime(pgInputNode.index).data as PgInputData;
      d.streams = [...mine];
      d.credit = mine.map(() => 0);
      vm.setNodeState(pgInputNode.index, NodeState.Polling);
    }
  }
  if (vm.isMain) {
    const server = startSapiServer(vm, u.useBapi ?? false);
    for (const ep of u.sapi ?? []) server.accept(vm, ep);
    if (u.enable) sm.nodeEnableDisable(vm, true);
  }
  return sm;
}

/** The graph module (graph-module.ts): session nodes only. */
export const nodes = sessionNodes;

/** Graph module set-up. */
export function setup (vm: VlibMain, user: unknown): void {
  setupSessionLayer(vm, user as SessionGraphUser);
}
