// src/run/run-input.ts: what `vppsim run FILE` and `vppsim validate FILE` read: a YAML scenario
// (`.yaml` / `.yml`) or a VPP startup.conf; the CLI script from `--exec`, else the config's
// `unix { exec }`, else the scenario's; and, for a bare startup.conf with no script at all, the
// default echo workload (an external vcl_test_server and vcl_test_client).

import { dirname, isAbsolute, join } from 'node:path';
import type { CliCommand } from '../config/cli-command-types.js';
import { type CliScript, parseCliScript, readCliScriptFile } from '../config/cli-script.js';
import { loadScenario } from '../config/scenario.js';
import type { Scenario } from '../config/scenario-schema.js';
import { parseStartupConfig, readStartupConfigFile } from '../config/startup-conf.js';
import type { StartupConfig } from '../config/startup-config-types.js';
import { nodes as runNodes } from '../runtime/run-graph.js';

/** Node names of the run graph, for `show runtime <node>` in scripts. */
export const RUN_NODE_NAMES: readonly string[] = runNodes.map((n) => n.name);

/** What a run or a validation starts from. */
export interface RunInput {
  readonly file: string;
  readonly kind: 'scenario' | 'startup-conf';
  readonly config: StartupConfig;
  readonly scenario: Scenario | null;
  /** The script to run: `--exec`, `unix { exec }`, the scenario's, or the default workload. */
  readonly script: CliScript;
  /** Where the script came from. */
  readonly scriptSource: 'exec-option' | 'unix-exec' | 'scenario' | 'default-workload';
  /** Shows to print after the script when the scenario names none (the default workload's). */
  readonly defaultEndShows: readonly CliCommand[];
}

/** The default echo workload's script (`vppsim run <startup.conf>` with nothing else). */
export function defaultWorkloadText (sessionEnabled: boolean): string {
  return [
    ...(sessionEnabled ? [] : ['session enable']),
    'vcl_test_server 22000',
    'vcl_test_client -N 10000 -T 256 -B -X 6.0.1.1 22000',
  ].join('\n') + '\n';
}

/** The shows printed after the default workload. */
export const DEFAULT_END_SHOWS = 'show threads\nshow runtime\nshow session verbose\nshow app\n';

/**
 * Reads `file` (a scenario by its extension, else a startup.conf) and the script.
 * Throws ConfigError with file:line:col for any bad input (VPP's messages for VPP inputs).
 */
export function readRunInput (file: string, execFile: string | null): RunInput {
  const isScenario = /\.ya?ml$/i.test(file);
  const nodeNames = RUN_NODE_NAMES;
  let scenario: Scenario | null = null;
  let config: StartupConfig;
  if (isScenario) {
    scenario = loadScenario(file, { nodeNames });
    config = parseStartupConfig(scenario.startup.text, scenario.startup.file);
  } else {
    config = readStartupConfigFile(file);
  }
  let script: CliScript;
  let scriptSource: RunInput['scriptSource'];
  let defaultEndShows: readonly CliCommand[] = [];
  if (execFile !== null) {
    script = readCliScriptFile(execFile, { nodeNames });
    scriptSource = 'exec-option';
  } else if (config.unix.exec !== null) {
    const p = config.unix.exec;
    script = readCliScriptFile(isAbsolute(p) ? p : join(dirname(file), p), { nodeNames });
    scriptSource = 'unix-exec';
  } else if (scenario !== null) {
    script = scenario.cli;
    scriptSource = 'scenario';
  } else {
    script = parseCliScript(defaultWorkloadText(config.session.enable), '<default workload>', { nodeNames });
    scriptSource = 'default-workload';
    defaultEndShows = parseCliScript(DEFAULT_END_SHOWS, '<default workload>', { nodeNames }).commands;
  }
  return { file, kind: isScenario ? 'scenario' : 'startup-conf', config, scenario, script, scriptSource, defaultEndShows };
}
