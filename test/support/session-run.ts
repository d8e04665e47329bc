// test/support/session-run.ts: a virtual-time run of the session layer for tests.

import type { CostModel } from '../../graph/clock.js';
import type { ElogRecord } from '../../graph/elog.js';
import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { sessionNodes, setupSessionLayer } from '../../src/runtime/session-graph.js';
import { createVirtualRun, type VirtualRun } from '../../src/runtime/virtual-run.js';
import { createSessionInit, type SessionLayerConfig, type SessionMain } from '../../src/session/session-main.js';
import { formatWrkState } from '../../src/session/session-types.js';
import { defaultSimNetwork } from '../../src/session/net.js';
import { createTcpInit } from '../../src/session/tcp-main.js';
import type { PgStream } from '../../nodes/pg-input.js';
import { VirtualClock } from '../../graph/clock.js';
import { VlibFdNotifier } from '../../graph/waiter.js';
import { AppClient } from '../../src/app/app-client.js';
import { type AppProgram, AppThread, AppWaitBuf } from '../../src/app/app-thread.js';
import { createSapiChannel, type SapiEndpointInit } from '../../src/svm/sapi-channel.js';

export interface SessionRun extends VirtualRun {
  readonly sm: SessionMain;
  /** App ends of the socket API connections, by app slot k (thread nThreads + k). */
  readonly appSapi: readonly SapiEndpointInit[];
  /** Starts app program k (on slot nThreads + k); call once per app, in order. */
  startApp (k: number, body: (env: TestAppEnv) => AppProgram): AppThread;
}

/** What a test app program gets. */
export interface TestAppEnv {
  readonly client: AppClient;
  readonly wait: AppWaitBuf;
  readonly thread: AppThread | null;
  readonly clock: VirtualClock;
}

export interface SessionRunOptions extends Partial<Omit<SessionLayerConfig, 'nThreads'>> {
  readonly enable?: boolean;
  readonly legacyDispatchOrder?: boolean;
  readonly extraNodes?: readonly NodeDef<unknown>[];
  /** App threads, each with a socket API connection to namespace `appNs[k]` (default `default`). */
  readonly apps?: number;
  readonly appNs?: readonly string[];
  readonly useBapi?: boolean;
  /** TCP and the packet path (connections per thread = sessionPoolSize). */
  readonly tcp?: boolean;
  /** Buffers in the pool when `tcp` (default 16384). */
  readonly nBuffers?: number;
  /** Background packet streams (with `tcp`). */
  readonly pg?: readonly PgStream[];
  /** Virtual costs (default graph/clock.ts defaultCostModel). */
  readonly cost?: CostModel;
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
  const nApps = o.apps ?? 0;
  const r = createVirtualRun([...sessionNodes, ...(o.extraNodes ?? [])], nThreads, { legacyDispatchOrder: o.legacyDispatchOrder, nAppThreads: nApps, cost: o.cost });
  const channels = Array.from({ length: nApps }, (_, k) => createSapiChannel(nThreads + k, o.appNs?.[k] ?? 'default', k, false));
  let sm: SessionMain | null = null;
  const tcp = o.tcp === true
    ? createTcpInit({ nThreads, connCapacity: o.sessionPoolSize ?? 256, net: defaultSimNetwork, nBuffers: o.nBuffers })
    : undefined;
  for (const vm of r.vms) sm = setupSessionLayer(vm, { session: init, enable: o.enable ?? true, useBapi: o.useBapi ?? false, sapi: channels.map((c) => c.vpp), tcp, pg: o.pg });
  const notifier = new VlibFdNotifier(r.shared, r.sched);
  const startApp = (k: number, body: (env: TestAppEnv) => AppProgram): AppThread => {
    const wait = new AppWaitBuf();
    const clock = new VirtualClock(r.sched.cost);
    const client = new AppClient((channels[k] as { app: SapiEndpointInit }).app, nThreads + k, notifier, wait);
    const env: { client: AppClient; wait: AppWaitBuf; thread: AppThread | null; clock: VirtualClock } = { client, wait, thread: null, clock };
    const th = new AppThread(nThreads + k, clock, r.shared, body(env));
    env.thread = th;
    r.sched.add(th);
    return th;
  };
  return { ...r, sm: sm as SessionMain, appSapi: channels.map((c) => c.app), startApp };
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
