// src/runtime/session-graph.ts: the session layer's graph module: its nodes, and the per-thread
// set-up that builds (once per realm) the SessionMain over the run's shared memory, hands each
// session node its runtime data, and gives each thread its worker's owner part (timerfd).

import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { appslRxMqsInputNode } from '../../nodes/appsl-rx-mqs-input.js';
import { sessionInputNode } from '../../nodes/session-input.js';
import { sessionQueueProcessNode } from '../../nodes/session-queue-process.js';
import { sessionQueueNode } from '../../nodes/session-queue.js';
import { registerAppCtrlHandlers } from '../session/app-ctrl-handlers.js';
import { startSapiServer } from '../session/sapi-server.js';
import { kSessionMain, type SessionInit, SessionMain } from '../session/session-main.js';
import type { SapiEndpointInit } from '../svm/sapi-channel.js';

/** The session nodes, in the order that fixes their indices. */
export const sessionNodes = [sessionQueueNode, sessionQueueProcessNode, sessionInputNode, appslRxMqsInputNode] as NodeDef<unknown>[];

/** What the session graph module needs from the run (structured-cloned to real threads). */
export interface SessionGraphUser {
  readonly session: SessionInit;
  /** `session { enable }` in startup.conf: enable when the main loop starts. */
  readonly enable: boolean;
  /** `use-bapi-socket-api`: attach validates namespace id and secret. */
  readonly useBapi?: boolean;
  /** vpp ends of the apps' socket API connections (main accepts them). */
  readonly sapi?: readonly SapiEndpointInit[];
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
  }
  vm.setData(kSessionMain, sm);
  for (const def of [sessionQueueNode, sessionQueueProcessNode, sessionInputNode, appslRxMqsInputNode]) {
    vm.nodeRuntime(def.index).data = sm;
  }
  sm.worker(vm.threadIndex).attachOwner(vm, sessionQueueNode.index);
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
