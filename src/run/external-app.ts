// src/run/external-app.ts: an external app of a run (vcl_test_server or vcl_test_client, or the
// bench's echo_bench_server / echo_bench_client) on its
// app thread: it waits for its start (a time, or the script's command writing its start
// eventfd), runs the tool, and counts itself finished in the run's control block. The same code
// runs on a real app thread (src/runtime/external-app-module.ts) and in virtual time.

import type { AppProgram, AppWait } from '../app/app-thread.js';
import type { VclLatency } from '../app/vcl.js';
import type { ElogDump } from '../../graph/elog.js';
import type { VclTestAppConfig } from '../apps/vcl-test-common.js';
import { VclTestClient, type VclTestClientResult } from '../apps/vcl-test-client.js';
import { VclTestServer, type VclTestServerResult } from '../apps/vcl-test-server.js';
import {
  EchoBenchClient, type EchoBenchClientOptions, type EchoBenchClientResult,
  EchoBenchServer, type EchoBenchServerOptions, type EchoBenchServerResult,
} from '../apps/echo-bench.js';
import type { VclTestClientOptions, VclTestServerOptions } from '../config/vcl-test-options.js';
import type { AppEnv } from '../runtime/app-module.js';
import { kRunAppsFinished, kRunClientsFinished, RunControl, type RunControlInit } from './run-control.js';

/** What an external app runs: a tool and its options. */
export type ExternalAppOptions = VclTestServerOptions | VclTestClientOptions | EchoBenchServerOptions | EchoBenchClientOptions;

/** What an external app's tool reports. */
export type ExternalToolResult = VclTestServerResult | VclTestClientResult | EchoBenchServerResult | EchoBenchClientResult;

/** What an external app's thread is given (plain data). */
export interface ExternalAppUser {
  readonly k: number;
  readonly name: string;
  readonly options: ExternalAppOptions;
  readonly control: RunControlInit;
  /** Start at this time (ns from the run's start), or null: when the script starts it. */
  readonly startNs: number | null;
  readonly isClient: boolean;
  /** vcl.conf values (VCL's defaults when left out). */
  readonly app?: VclTestAppConfig;
}

/** What an external app reports when the run ends. */
export interface ExternalAppResult {
  readonly k: number;
  readonly name: string;
  readonly tool: ExternalAppOptions['tool'];
  /** Started (its start came before the run ended). */
  readonly started: boolean;
  /** Its program returned. */
  readonly finished: boolean;
  /** When it started and ended, ns on its clock (-1: not yet). */
  readonly startedAtNs: number;
  readonly endedAtNs: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly result: ExternalToolResult | null;
  /** Its thread's event log (src/app/app-elog.ts). */
  readonly elog: ElogDump;
  /** Its thread: CPU time used, ns (-1 in virtual time or if unknown), program resumes, sleeps. */
  readonly thread: AppThreadStats;
  /** Latency histograms its VCL worker kept (LatencyHistogram words), null before it attached. */
  readonly latency: { readonly peerToApp: Float64Array; readonly roundTrip: Float64Array } | null;
}

/** What the runner measured of an app's thread. */
export interface AppThreadStats {
  readonly cpuNs: number;
  readonly resumes: number;
  readonly sleeps: number;
}

/** An external app: its program and, at any time, its report. */
export interface ExternalApp {
  readonly program: AppProgram;
  report (): ExternalAppResult;
}

/** The tool an app runs: what it reports, its program, and its VCL worker once attached. */
interface ExternalTool {
  readonly result: ExternalToolResult | null;
  readonly vclWorker: { readonly latency: VclLatency } | null;
  run (): Generator<AppWait, void, void>;
}

function createTool (env: AppEnv, o: ExternalAppOptions, io: { out (l: string): void; err (l: string): void }, app: VclTestAppConfig | undefined): ExternalTool {
  switch (o.tool) {
    case 'vcl_test_server': return new VclTestServer(env, o, io, app);
    case 'vcl_test_client': return new VclTestClient(env, o, io, app);
    case 'echo_bench_server': return new EchoBenchServer(env, o, app);
    case 'echo_bench_client': return new EchoBenchClient(env, o, app);
  }
}

/**
 * Builds app `u` on `env`. Throws what the tools' option checks throw (VppsimError naming the
 * option).
 */
export function createExternalApp (env: AppEnv, u: ExternalAppUser): ExternalApp {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { out: (l: string) => stdout.push(l), err: (l: string) => stderr.push(l) };
  const control = new RunControl(u.control);
  const tool = createTool(env, u.options, io, u.app);
  let started = false;
  let finished = false;
  let startedAtNs = -1;
  let endedAtNs = -1;
  function * program (): AppProgram {
    if (u.startNs !== null) {
      const dt = u.startNs - env.clock.now();
      if (dt > 0) yield env.wait.set([], dt);
    } else {
      const efd = control.startEventfd(u.k, null);
      efd.register(env.slot);
      while (!efd.isReadable(env.clock.now())) yield env.wait.set([efd], Infinity);
      efd.read();
    }
    started = true;
    startedAtNs = env.clock.now();
    try {
      yield * tool.run();
    } finally {
      finished = true;
      endedAtNs = env.clock.now();
      control.bump(kRunAppsFinished);
      if (u.isClient) control.bump(kRunClientsFinished);
    }
  }
  return {
    program: program(),
    report: () => ({
      k: u.k, name: u.name, tool: u.options.tool, started, finished, startedAtNs, endedAtNs, stdout, stderr, result: tool.result,
      elog: env.elog.dump(env.slot, []),
      thread: { cpuNs: -1, resumes: 0, sleeps: 0 },
      latency: tool.vclWorker === null ? null : { peerToApp: tool.vclWorker.latency.peerToApp.snapshot(), roundTrip: tool.vclWorker.latency.roundTrip.snapshot() },
    }),
  };
}
