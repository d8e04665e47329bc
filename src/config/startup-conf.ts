// src/config/startup-conf.ts: a startup.conf (file or command line) to one frozen StartupConfig,
// refusing what VPP HEAD refuses, with VPP's message and the original file:line:col.
//
// VPP's order, which decides which error a broken config shows first:
//   1. main(): pre-processing (256 KiB limit)                       startup-conf-lexer.ts
//   2. vlib_plugin_config: the `plugins` stanzas, plugin loading     startup-conf-plugins.ts
//   3. vlib_call_all_config_functions: every stanza name must be known (core, or a loaded plugin's);
//      repeated stanzas are joined with a blank, in file order, and parsed once
//   4. early config functions: unix_config, then cpu_config          startup-conf-unix.ts, -cpu.ts
//   5. vlib_thread_init: thread placement                            startup-conf-cpu.ts
//   6. the other config functions: session_config_fn                 startup-conf-session.ts
// Stanzas VPP knows but vppsim does not model (plugins, memory, dpdk, tcp, …) are accepted with
// their bodies unchecked and listed in `notSimulated`. (unix before cpu: constructors of libvlib
// run in link order and prepend to the registration list, and unix/main.c links after threads.c.)

import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { ERR_CONFIG_VPPSIM_LIMIT, StartupConfContext } from './startup-conf-context.js';
import { cpuConfig } from './startup-conf-cpu.js';
import {
  type PreprocessedConfig, joinStartupConfigArgs, preprocessStartupConfigFile, splitStanzas,
} from './startup-conf-lexer.js';
import { configurePlugins, isPluginLoaded, mergeStanzaBodies, stanzaKind } from './startup-conf-plugins.js';
import { sessionConfig } from './startup-conf-session.js';
import { unixConfig } from './startup-conf-unix.js';
import type { StartupConfig } from './startup-config-types.js';
import type { SourceString } from './unformat.js';
import { UnformatLimitError } from './unformat-values.js';

/** Stanzas vppsim models; every other known stanza is listed as not simulated. */
export const SIMULATED_STANZAS: ReadonlySet<string> = new Set(['unix', 'cpu', 'session']);

/**
 * Parses the text of a startup.conf file, as `vpp -c FILE` reads it. `file` names it in errors.
 * Throws ConfigError (message `file:line:col: …` in VPP's words).
 */
export function parseStartupConfig (text: string, file: string): StartupConfig {
  return parsePreprocessed(preprocessStartupConfigFile(text, file));
}

/**
 * Parses a startup config given as the words after `vpp` on its command line (VPP joins them
 * with single blanks; no comments). Errors name `<command line>`, line 1, and a column.
 */
export function parseStartupConfigArgs (argv: readonly string[]): StartupConfig {
  return parsePreprocessed(joinStartupConfigArgs(argv));
}

/**
 * Reads and parses a startup.conf file. A file that cannot be read gives VPP's
 * "failed to open configuration file '…'" (src/vpp/vnet/main.c main()).
 */
export function readStartupConfigFile (path: string): StartupConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`failed to open configuration file '${path}'`, null, 'ERR_CONFIG_OPEN');
  }
  return parseStartupConfig(text, path);
}

function parsePreprocessed (pre: PreprocessedConfig): StartupConfig {
  try {
    return deepFreeze(configure(pre));
  } catch (err) {
    if (err instanceof UnformatLimitError) throw new ConfigError(err.message, pre.map.where(err.offset), ERR_CONFIG_VPPSIM_LIMIT);
    throw err;
  }
}

function configure (pre: PreprocessedConfig): StartupConfig {
  const ctx = new StartupConfContext(pre.map);
  const split = splitStanzas(pre);
  const plugins = configurePlugins(split, pre.map);

  // vlib_call_all_config_functions: look every name up before calling anything.
  const bodies = new Map<string, SourceString[]>();
  const order: string[] = [];
  for (const { name, value } of split.stanzas) {
    if (stanzaKind(name.text, plugins) === null) {
      throw ctx.error(`vlib_call_all_config_functions: unknown input \`${name.text} ${value.text}'`, name.startPos);
    }
    const list = bodies.get(name.text);
    if (list === undefined) { bodies.set(name.text, [value]); order.push(name.text); } else list.push(value);
  }
  if (split.failure !== null) {
    // Reached only when a `plugin X { … }` entry cleared vlib_plugin_config's error (see
    // configurePlugins). VPP's value pointer is then the NULL left by the previous round's
    // vec_free, so the message ends in a blank.
    throw ctx.error(`vlib_call_all_config_functions: unknown input \`${split.failure.name?.text ?? ''} '`, split.failure.offset);
  }
  const input = (name: string) => mergeStanzaBodies(bodies.get(name) ?? [], pre.map.text.length);

  const unix = unixConfig(input('unix'), ctx);
  const cpu = cpuConfig(input('cpu'), ctx);
  const session = sessionConfig(input('session'), ctx, {
    workers: cpu.workers,
    isPluginLoaded: (file) => isPluginLoaded(plugins, file),
  });

  return {
    source: { file: pre.map.file, form: pre.form },
    cpu,
    session,
    unix,
    plugins,
    notSimulated: order.filter((n) => !SIMULATED_STANZAS.has(n)),
    warnings: ctx.warnings,
  };
}

function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
