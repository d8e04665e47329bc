// nodes/startup-config-process.ts: the processes on main that run a scenario's CLI: the script
// (as VPP runs `unix { exec <file> }` in its startup-config process: in order, stopping at the
// first error), then the wait for the client apps, then the end-of-run `show`s; and a second
// process for `show`s due at given times. Models: src/vlib/unix/main.c startup_config_process.

import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeType } from '../graph/node.js';
import { waitForClock } from '../graph/process.js';
import type { CliCommand } from '../src/config/cli-command-types.js';
import type { RunCli } from '../src/run/cli-exec.js';
import { kRunClientsFinished, kRunCliFailed, kRunEndRequested, kRunScriptDone } from '../src/run/run-control.js';

/** How often the script checks whether the client apps finished or the run must end, s. */
export const RUN_POLL_SECONDS = 0.01;

/** Runtime data of the script process (main only). */
export interface StartupConfigData {
  cli: RunCli | null;
  commands: readonly CliCommand[];
  /** Client apps the run waits for before the end shows. */
  nClients: number;
  /**
   * The run's duration, ns from the start: the end shows wait for it (kRunEndRequested),
   * whatever the script did, and main sleeps until then, not in 10 ms polls. null: none.
   */
  durationNs: number | null;
  endShows: readonly CliCommand[];
}

/** Runtime data of the timed-show process. */
export interface TimedShowData {
  cli: RunCli | null;
  /** `show`s and when, ns from the start, ascending. */
  shows: readonly { readonly atNs: number; readonly command: CliCommand }[];
}

/** Prints the prompt and the command, as an interactive CLI session shows it. */
function echoCommand (cli: RunCli, cmd: CliCommand): void {
  cli.print(`vpp# ${cmd.text}`);
}

export const startupConfigProcessNode = defineNode<StartupConfigData>({
  name: 'startup-config-process',
  type: NodeType.Process,
  init: () => ({ cli: null, commands: [], nClients: 0, durationNs: null, endShows: [] }),
  * process (vm: VlibMain, rt) {
    const d = rt.data;
    const cli = d.cli;
    if (cli === null) return;
    const control = cli.ctx.control;
    for (const cmd of d.commands) {
      if (control.get(kRunEndRequested) !== 0) break;
      echoCommand(cli, cmd);
      const err = yield * cli.exec(cmd);
      if (err !== null) {
        cli.print(err);
        control.set(kRunCliFailed, 1);
        break;
      }
    }
    while ((d.durationNs !== null || control.get(kRunClientsFinished) < d.nClients) && control.get(kRunEndRequested) === 0) {
      // waiting for clients: poll; for the duration alone: sleep until it is up (a 10 ms poll
      // would make main spin through the last millisecond before each timer, as VPP's epoll does)
      const clientsLeft = control.get(kRunClientsFinished) < d.nClients;
      const untilDurationSec = d.durationNs !== null && !clientsLeft ? (d.durationNs - vm.clock.now()) / 1e9 : 0;
      yield waitForClock(Math.max(RUN_POLL_SECONDS, untilDurationSec));
    }
    for (const cmd of d.endShows) {
      echoCommand(cli, cmd);
      const err = yield * cli.exec(cmd);
      if (err !== null) cli.print(err);
    }
    control.set(kRunScriptDone, 1);
  },
});

export const timedShowProcessNode = defineNode<TimedShowData>({
  name: 'vppsim-show-process',
  type: NodeType.Process,
  init: () => ({ cli: null, shows: [] }),
  * process (vm: VlibMain, rt) {
    const d = rt.data;
    const cli = d.cli;
    if (cli === null) return;
    for (const s of d.shows) {
      const dt = (s.atNs - vm.clock.now()) / 1e9;
      if (dt > 0) yield waitForClock(dt);
      if (cli.ctx.control.get(kRunScriptDone) !== 0) return;
      echoCommand(cli, s.command);
      const err = yield * cli.exec(s.command);
      if (err !== null) cli.print(err);
    }
  },
});
