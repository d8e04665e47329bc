// src/runtime/run-graph.ts: the graph module of `vppsim run`: the session layer and its packet
// path (session-graph.ts), plus the processes on main that run the scenario's CLI. Every thread
// of a run imports it; main also builds the run's CLI and returns its output as its result.

import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { startupConfigProcessNode, type StartupConfigData, timedShowProcessNode, type TimedShowData } from '../../nodes/startup-config-process.js';
import type { CliCommand } from '../config/cli-command-types.js';
import { type CliOutputRecord, type EchoCommandRunner, RunCli, type RunAppRef } from '../run/cli-exec.js';
import { RunControl, type RunControlInit } from '../run/run-control.js';
import { kTcpMain } from '../session/tcp-key.js';
import { kSessionMain } from '../session/session-main.js';
import { kWrkTransitions } from '../session/session-shared.js';
import { formatWrkState, WrkState } from '../session/session-types.js';
import { echoClientCommand, echoCliErrorLine } from '../apps/echo-client.js';
import { echoServerCommand } from '../apps/echo-server-cli.js';
import { type SessionGraphUser, sessionNodes, setupSessionLayer } from './session-graph.js';

/** What main's CLI needs (plain data, cloned to real threads). */
export interface RunScriptInit {
  readonly commands: readonly CliCommand[];
  readonly endShows: readonly CliCommand[];
  readonly timedShows: readonly { readonly atNs: number; readonly command: CliCommand }[];
  readonly control: RunControlInit;
  /** The apps `external-app` commands start, in script order. */
  readonly scriptApps: readonly RunAppRef[];
  /** Client apps the script waits for before the end shows. */
  readonly nClients: number;
  /** The run's duration, ns (the end shows wait for it); null: none. */
  readonly durationNs: number | null;
  readonly threadNames: readonly string[];
  readonly cpuIds: readonly number[];
}

/** The run graph module's user data. */
export interface RunUser extends SessionGraphUser {
  readonly run: RunScriptInit;
}

/** What main returns when the run stops. */
export interface RunMainResult {
  readonly output: readonly CliOutputRecord[];
  readonly log: readonly CliOutputRecord[];
}

/** A thread's session worker when the run stops. */
export interface RunWorkerResult {
  /** Its state then (`polling`, `interrupt`, `idle`). */
  readonly state: string;
  /** Time in each state, ns, up to the stop. */
  readonly timeInStateNs: { readonly polling: number; readonly interrupt: number; readonly idle: number };
  /** Adaptive mode (`use-private-rx-mqs` without `no-adaptive`). */
  readonly adaptive: boolean;
  /** State transitions it made (its counter; the event log may have dropped old ones). */
  readonly transitions: number;
}

/** What each thread returns (VlibThreadResult.extra). */
export interface RunThreadExtra {
  /** Main only. */
  readonly cli: RunMainResult | null;
  readonly sessionWorker: RunWorkerResult;
}

/**
 * The builtin echo apps' commands (`test echo server|clients`, `vperf server|client`): their
 * lines go to the CLI output, their error back to the dispatcher.
 */
const echoRunner: EchoCommandRunner = function * (cli, cmd) {
  const { vm, sm } = cli.ctx;
  const out = (line: string): void => cli.print(line);
  let err: string | null = null;
  if (cmd.kind === 'echo-server') err = echoServerCommand(vm, sm, cmd, out);
  else if (cmd.kind === 'echo-client') err = yield * echoClientCommand(vm, sm, cmd, out);
  return err === null ? null : echoCliErrorLine(cmd.path, err);
};

/** The run's nodes: the session graph's, then the CLI processes. */
export const nodes = [...sessionNodes, startupConfigProcessNode, timedShowProcessNode] as NodeDef<unknown>[];

const clis = new WeakMap<VlibMain, RunCli>();

/** Per-thread set-up: the session layer; on main, the CLI and its processes. */
export function setup (vm: VlibMain, user: unknown): void {
  const u = user as RunUser;
  const sm = setupSessionLayer(vm, u);
  if (!vm.isMain) return;
  const cli = new RunCli({
    vm, sm, tm: u.tcp !== undefined ? vm.getData(kTcpMain) : null, graph: vm.graph,
    threadNames: u.run.threadNames, cpuIds: u.run.cpuIds, control: new RunControl(u.run.control),
    scriptApps: u.run.scriptApps, echo: echoRunner,
  });
  clis.set(vm, cli);
  const sd = vm.nodeRuntime(startupConfigProcessNode.index).data as StartupConfigData;
  sd.cli = cli;
  sd.commands = u.run.commands;
  sd.nClients = u.run.nClients;
  sd.durationNs = u.run.durationNs;
  sd.endShows = u.run.endShows;
  const td = vm.nodeRuntime(timedShowProcessNode.index).data as TimedShowData;
  td.cli = cli;
  td.shows = [...u.run.timedShows].sort((a, b) => a.atNs - b.atNs);
  vm.startProcess(startupConfigProcessNode.index);
  if (td.shows.length > 0) vm.startProcess(timedShowProcessNode.index);
}

/** Each thread's result: its session worker; on main also the CLI output and log. */
export function result (vm: VlibMain): RunThreadExtra {
  const cli = clis.get(vm);
  const w = vm.getData(kSessionMain).worker(vm.threadIndex);
  const now = vm.clock.now();
  const t = [...w.timeInStateNs];
  t[w.state] = (t[w.state] as number) + (now - w.stateSinceNs);
  return {
    cli: cli === undefined ? null : { output: cli.output, log: cli.log },
    sessionWorker: {
      state: formatWrkState(w.state),
      timeInStateNs: { polling: t[WrkState.Polling] as number, interrupt: t[WrkState.Interrupt] as number, idle: t[WrkState.Idle] as number },
      adaptive: w.isAdaptive,
      transitions: w.counter(kWrkTransitions),
    },
  };
}
