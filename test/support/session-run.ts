// test/support/session-run.ts: a virtual-time run of the session layer for tests.

import type { ElogRecord } from '../../graph/elog.js';
import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { sessionNodes, setupSessionLayer } from '../../src/runtime/session-graph.js';
import { createVirtualRun, type VirtualRun } from '../../src/runtime/virtual-run.js';
import { createSessionInit, type SessionLayerConfig, type SessionMain } from '../../src/session/session-main.js';
import { formatWrkState } from '../../src/session/session-types.js';

export interface SessionRun extends VirtualRun {
  readonly sm: SessionMain;
}

export interface SessionRunOptions extends Partial<Omit<SessionLayerConfig, 'nThreads'>> {
  readonly enable?: boolean;
  readonly legacyDispatchOrder?: boolean;
  readonly extraNodes?: readonly NodeDef<unknown>[];
}

/** Builds a virtual run of `nThreads` vlib threads with the session layer (enabled by default). */
export function sessionRun (nThreads: number, o: SessionRunOptions = {}): SessionRun {
  const init = createSessionInit({
    nThreads,
    usePrivateRxMqs: o.usePrivateRxMqs ?? true,
    noAdaptive: o.noAdaptive ?? false,
    pollMain: o.pollMain ?? false,
    wrkMqLength: o.wrkMqLength ?? 2048,
    eventPoolSize: o.eventPoolSize ?? 4096,
    ctrlDataSize: o.ctrlDataSize ?? 256,
    sessionPoolSize: o.sessionPoolSize ?? 256,
  });
  const r = createVirtualRun([...sessionNodes, ...(o.extraNodes ?? [])], nThreads, { legacyDispatchOrder: o.legacyDispatchOrder });
  let sm: SessionMain | null = null;
  for (const vm of r.vms) sm = setupSessionLayer(vm, { session: init, enable: o.enable ?? true });
  return { ...r, sm: sm as SessionMain };
}

/** A worker state transition as the event log recorded it. */
export interface Transition {
  readonly atNs: number;
  readonly from: string;
  readonly to: string;
  readonly elts: number;
  readonly vpml: number;
  readonly sessions: number;
}

/** Thread `vm`'s worker state transitions, in order. */
export function transitions (vm: VlibMain): Transition[] {
  return vm.elogRecords().filter((e: ElogRecord) => e.type === 'session-wrk-state').map((e) => ({
    atNs: e.t,
    from: formatWrkState(e.a & 15),
    to: formatWrkState((e.a >> 4) & 15),
    elts: e.b,
    vpml: e.c,
    sessions: e.a >>> 12,
  }));
}

/** Thread `vm`'s timerfd re-arms: [time ns, period µs]. */
export function timerfdArms (vm: VlibMain): [number, number][] {
  return vm.elogRecords().filter((e) => e.type === 'session-wrk-tfd').map((e) => [e.t, e.a]);
}
