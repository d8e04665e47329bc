// src/run/run-layout.ts: a planned run laid out in shared memory, the same for both clocks: the
// session layer's and TCP's memory, the control block, and the user data every vlib thread and
// every external app gets.

import { createSessionInit, type SessionLayerConfig } from '../session/session-main.js';
import { defaultSimNetwork } from '../session/net.js';
import { createTcpInit } from '../session/tcp-main.js';
import type { RunUser } from '../runtime/run-graph.js';
import type { ExternalAppUser } from './external-app.js';
import { RunControl, type RunControlInit } from './run-control.js';
import type { RunPlan } from './run-plan.js';

/** A run's shared memory and per-thread data (no threads yet). */
export interface RunLayout {
  readonly plan: RunPlan;
  readonly control: RunControlInit;
  /** Main's user data; workers get it too (their `sapi` is ignored). */
  readonly user: Omit<RunUser, 'sapi'>;
  readonly apps: readonly ExternalAppUser[];
}

/** Lays out `plan`. */
export function layoutRun (plan: RunPlan): RunLayout {
  const s = plan.config.session;
  const cfg: SessionLayerConfig = {
    nThreads: plan.nThreads,
    usePrivateRxMqs: s.usePrivateRxMqs,
    noAdaptive: s.noAdaptive,
    pollMain: s.pollMain,
    wrkMqLength: s.wrkMqLength,
    eventPoolSize: plan.sessionSizes.eventPoolSize,
    ctrlDataSize: plan.sessionSizes.ctrlDataSize,
    sessionPoolSize: plan.sessionSizes.sessionPoolSize,
    latencyTags: plan.apps.length,
  };
  const control = RunControl.create(plan.apps.length);
  const user: Omit<RunUser, 'sapi'> = {
    session: createSessionInit(cfg),
    enable: s.enable,
    useBapi: s.useBapiSocketApi,
    tcp: createTcpInit({ nThreads: plan.nThreads, connCapacity: plan.sessionSizes.sessionPoolSize, net: defaultSimNetwork, seed: plan.seed }),
    pg: plan.traffic,
    run: {
      commands: plan.commands,
      endShows: plan.endShows,
      timedShows: plan.timedShows,
      control,
      scriptApps: plan.apps.filter((a) => a.startNs === null).map((a) => ({ k: a.k, isClient: a.isClient })),
      nClients: plan.apps.filter((a) => a.isClient).length,
      durationNs: plan.durationNs,
      threadNames: plan.threadNames,
      cpuIds: plan.cpuIds,
    },
  };
  const apps = plan.apps.map((a): ExternalAppUser => ({
    k: a.k, name: a.name, options: a.options, control, startNs: a.startNs, isClient: a.isClient, app: { ...a.vcl, latencyTag: a.k + 1 },
  }));
  return { plan, control, user, apps };
}
