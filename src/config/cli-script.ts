// src/config/cli-script.ts: a VPP CLI script (what `exec FILE` or `unix { startup-config FILE }`
// runs) to one frozen list of typed commands, each with its file:line:col. VPP's reading rules
// (cli-lines.ts), its command matching and dispatch (cli-dispatch.ts) and each command's own
// parser (cli-cmd-*.ts) are followed step by step, so a script vppsim accepts runs the same way on
// VPP, and one VPP refuses is refused with VPP's message.
//
// vppsim extensions, documented where they are parsed: `wait` with a unit (cli-cmd-vlib.ts) and
// external apps `vcl_test_server` / `vcl_test_client` with `@ns <id>` (cli-cmd-external.ts).

import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { CliParseContext, CliWarning } from './cli-context.js';
import type { CliCommand } from './cli-command-types.js';
import { dispatchCliLine } from './cli-dispatch.js';
import { CliLineReader } from './cli-lines.js';
import { ERR_CONFIG_VPPSIM_LIMIT } from './startup-conf-context.js';
import { TextOrigin } from './text-origin.js';
import { UnformatLimitError } from './unformat-values.js';

/**
 * Node names `show runtime <node>` knows when the caller gives none: the nodes vppsim registers
 * for the session layer and VPP's builtin echo client node (`echo-clients`, v26.02 and HEAD).
 * A runner that has built its graph passes the real names.
 */
export const DEFAULT_CLI_NODE_NAMES: ReadonlySet<string> = new Set([
  'session-queue', 'session-queue-process', 'session-queue-main', 'session-input', 'appsl-rx-mqs-input',
  'echo-clients',
]);

/** Options of {@link parseCliScript}. */
export interface CliScriptOptions {
  /** Node names of the run's graph (VPP's node_by_name). Default {@link DEFAULT_CLI_NODE_NAMES}. */
  readonly nodeNames?: Iterable<string>;
  /**
   * Macro values for `$NAME` (VPP also looks in its own environment; vppsim only here, so a run
   * does not depend on the shell). Default none.
   */
  readonly macros?: Readonly<Record<string, string>>;
  /** Where the text sits (a YAML scalar, say); default: the text is the whole file `file`. */
  readonly origin?: TextOrigin;
}

/** A parsed script. */
export interface CliScript {
  /** The file errors name. */
  readonly file: string;
  /** The commands in the order VPP runs them. Comments, `define` and no-op commands leave none. */
  readonly commands: readonly CliCommand[];
  /** What VPP prints and goes on (undefined macros, ignored values, VCL tool warnings). */
  readonly warnings: readonly CliWarning[];
}

/**
 * Parses the text of a CLI script; `file` names it in errors. Throws a ConfigError
 * `file:line:col: message` for the first line VPP would refuse (its `exec` stops there too).
 */
export function parseCliScript (text: string, file: string, options: CliScriptOptions = {}): CliScript {
  const origin = options.origin ?? new TextOrigin(file, text);
  const warnings: CliWarning[] = [];
  const macros = new Map(Object.entries(options.macros ?? {}));
  const ctx: CliParseContext = {
    error: (message, offset, code) => new ConfigError(message, origin.where(offset), code),
    warn: (message, offset) => { warnings.push({ message, where: origin.where(offset) }); },
    where: (offset) => origin.where(offset),
    nodeNames: new Set(options.nodeNames ?? DEFAULT_CLI_NODE_NAMES),
    macros,
  };
  const reader = new CliLineReader(text, macros);
  const commands: CliCommand[] = [];
  try {
    for (let line = reader.next(); line !== null; line = reader.next()) {
      for (const w of reader.warnings.splice(0)) ctx.warn(w.message, w.offset);
      dispatchCliLine(line.input, ctx, commands);
    }
  } catch (err) {
    if (err instanceof UnformatLimitError) throw new ConfigError(err.message, origin.where(err.offset), ERR_CONFIG_VPPSIM_LIMIT);
    throw err;
  }
  return deepFreeze({ file: origin.file, commands, warnings });
}

/**
 * Reads and parses a script file. A file that cannot be read gives VPP's `exec` message
 * "failed to open `PATH'"; an empty one "empty file `PATH'" (src/vlib/unix/cli.c unix_cli_exec).
 */
export function readCliScriptFile (path: string, options: Omit<CliScriptOptions, 'origin'> = {}): CliScript {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`failed to open \`${path}'`, null, 'ERR_CONFIG_OPEN');
  }
  if (text.length === 0) throw new ConfigError(`empty file \`${path}'`, null, 'ERR_CONFIG_OPEN');
  return parseCliScript(text, path, options);
}

function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
