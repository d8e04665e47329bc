// src/cli/validate.ts: `vppsim validate FILE [--json]`: reads a startup.conf or a scenario (with
// its script) without running it, and prints the effective configuration, or VPP's error.

import { explainStartupConfig } from '../config/startup-conf-explain.js';
import { ConfigError } from '../errors.js';
import { readRunInput } from '../run/run-input.js';

/** The `--json` form. */
export interface ValidateJson {
  readonly ok: boolean;
  readonly errors: readonly { readonly message: string; readonly line: number | null; readonly column: number | null }[];
  readonly workers: number | null;
  readonly session: Record<string, unknown> | null;
  readonly notSimulated: readonly string[];
  /** Commands in the script (the default workload's for a bare startup.conf). */
  readonly commands: number | null;
}

/** Validates `file`; returns what to print and the exit code (0 valid, 2 not). */
export function validateCommand (file: string, json: boolean): { text: string; exitCode: number } {
  try {
    const input = readRunInput(file, null);
    if (json) {
      const v: ValidateJson = {
        ok: true, errors: [], workers: input.config.cpu.workers, session: { ...input.config.session },
        notSimulated: input.config.notSimulated, commands: input.script.commands.length,
      };
      return { text: JSON.stringify(v, null, 2) + '\n', exitCode: 0 };
    }
    let text = explainStartupConfig(input.config);
    text += `script: ${input.script.commands.length} command${input.script.commands.length === 1 ? '' : 's'} (${input.scriptSource})\n`;
    for (const w of input.script.warnings) text += `warning: ${w.message}\n`;
    return { text, exitCode: 0 };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    if (json) {
      const v: ValidateJson = {
        ok: false, errors: [{ message: e.message, line: e.where?.line ?? null, column: e.where?.column ?? null }],
        workers: null, session: null, notSimulated: [], commands: null,
      };
      return { text: JSON.stringify(v, null, 2) + '\n', exitCode: 2 };
    }
    throw e;
  }
}
