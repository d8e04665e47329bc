// src/run/run-plan.ts: what a run is, decided before any thread starts: threads from `cpu { }`,
// session options from `session { }`, the CLI script (a scenario's, `--exec`'s or `unix { exec }`'s),
// the external apps (a scenario's, and those the script starts), background traffic, shows,
// clock, seed and duration. Plain data; the runners (run-virtual.ts, run-real.ts) lay it out.

import type { PgPhase, PgStream } from '../../nodes/pg-input.js';
import type { CliCommand, ExternalAppCommand } from '../config/cli-command-types.js';
import type { CliScript } from '../config/cli-script.js';
import type { Scenario, ScenarioCost, ScenarioSessionSizes } from '../config/scenario-schema.js';
import { SCENARIO_COST_DEFAULTS, SCENARIO_SESSION_DEFAULTS } from '../config/scenario-schema.js';
import type { StartupConfig } from '../config/startup-config-types.js';
import type { VclTestAppConfig } from '../apps/vcl-test-common.js';
import type { ExternalAppOptions } from './external-app.js';
import { parseIp4 } from '../session/net.js';

/** One external app of a run. */
export interface PlannedApp {
  /** Its slot among the run's external apps (app thread nThreads + k). */
  readonly k: number;
  /** What reports call it: the scenario's name, or `<tool>-<k>`. */
  readonly name: string;
  readonly options: ExternalAppOptions;
  /** App namespace it attaches through. */
  readonly ns: string;
  /** When it starts, ns from the run's start; null: when the script's command runs. */
  readonly startNs: number | null;
  /** Clients are what the run waits for. */
  readonly isClient: boolean;
  /** vcl.conf values (VCL's defaults where left out; the latency tag is the run's). */
  readonly vcl?: VclTestAppConfig;
}

/** A run, planned. */
export interface RunPlan {
  readonly name: string;
  readonly nThreads: number;
  readonly threadNames: readonly string[];
  /** lcore labels (-1: none). */
  readonly cpuIds: readonly number[];
  readonly config: StartupConfig;
  readonly commands: readonly CliCommand[];
  /** Shows to print at the end, and at times (ns). */
  readonly endShows: readonly CliCommand[];
  readonly timedShows: readonly { readonly atNs: number; readonly command: CliCommand }[];
  readonly apps: readonly PlannedApp[];
  readonly traffic: readonly PgStream[];
  readonly clock: 'real' | 'virtual';
  readonly seed: number;
  /** Stop after this long (ns); null: when the script, its apps and the end shows are done. */
  readonly durationNs: number | null;
  readonly cost: ScenarioCost;
  readonly sessionSizes: ScenarioSessionSizes;
  /** Run VPP ≤ v25.02's main loop (pre-input first; interrupts of non-INTERRUPT nodes dropped). */
  readonly legacyDispatchOrder: boolean;
}

/** What a run is made of, from the command line or a scenario. */
export interface RunPlanInput {
  readonly config: StartupConfig;
  readonly script: CliScript | null;
  readonly scenario: Scenario | null;
  readonly clock?: 'real' | 'virtual';
  readonly seed?: number;
  readonly durationNs?: number | null;
  /** End shows when the scenario names none (the default workload's). */
  readonly defaultEndShows?: readonly CliCommand[];
  /** More external apps (`vppsim bench`'s), after the scenario's and the script's. */
  readonly extraApps?: readonly Omit<PlannedApp, 'k'>[];
}

/** Background packets' addresses: 10.0.0.x, which no interface has (they are dropped at ip4-input). */
const PG_SRC = parseIp4('10.0.0.1');
const PG_DST = parseIp4('10.0.0.2');

/** Builds the plan: scenario values first, then the command line's (`clock`, `seed`, `durationNs` override). */
export function planRun (i: RunPlanInput): RunPlan {
  const cfg = i.config;
  const sc = i.scenario;
  const nThreads = 1 + cfg.cpu.workers;
  const commands: CliCommand[] = [...(i.script?.commands ?? sc?.cli.commands ?? [])];
  const apps: PlannedApp[] = [];
  for (const a of sc?.apps ?? []) {
    apps.push({ k: apps.length, name: a.name, options: a.options, ns: a.ns, startNs: a.startNs, isClient: a.options.tool === 'vcl_test_client' });
  }
  for (const c of commands) {
    if (c.kind !== 'external-app') continue;
    const e = c as ExternalAppCommand;
    apps.push({ k: apps.length, name: `${e.app.tool}-${apps.length}`, options: e.app, ns: e.ns, startNs: null, isClient: e.app.tool === 'vcl_test_client' });
  }
  for (const a of i.extraApps ?? []) apps.push({ ...a, k: apps.length });
  const traffic: PgStream[] = (sc?.traffic ?? []).map((s) => ({
    thread: s.worker + 1,
    src: PG_SRC,
    dst: PG_DST,
    phases: s.phases.map((p): PgPhase => p.kind === 'idle'
      ? { durationNs: p.durationNs, ratePps: 0, burstPackets: 0, gapNs: 0, payloadBytes: 0 }
      : p.kind === 'steady'
        ? { durationNs: p.durationNs, ratePps: p.ratePps, burstPackets: 0, gapNs: 0, payloadBytes: Math.max(0, p.sizeBytes - 40) }
        : { durationNs: p.durationNs, ratePps: p.ratePps, burstPackets: p.burstPackets, gapNs: p.gapNs, payloadBytes: Math.max(0, p.sizeBytes - 40) }),
  }));
  const shows = sc?.shows ?? [];
  return {
    name: sc?.name ?? cfg.source.file,
    nThreads,
    threadNames: cfg.cpu.threadNames,
    cpuIds: cfg.cpu.lcores,
    config: cfg,
    commands,
    endShows: shows.length > 0 ? shows.filter((s) => s.at === 'end').map((s) => s.command) : (i.defaultEndShows ?? []),
    timedShows: shows.filter((s) => s.at !== 'end').map((s) => ({ atNs: s.at as number, command: s.command })),
    apps,
    traffic,
    clock: i.clock ?? sc?.clock ?? 'virtual',
    seed: i.seed ?? sc?.seed ?? 0,
    durationNs: i.durationNs !== undefined ? i.durationNs : (sc?.durationNs ?? null),
    cost: sc?.cost ?? SCENARIO_COST_DEFAULTS,
    sessionSizes: sc?.session ?? SCENARIO_SESSION_DEFAULTS,
    legacyDispatchOrder: sc?.dispatchOrder === 'legacy',
  };
}
