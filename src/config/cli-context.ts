// src/config/cli-context.ts: what a CLI command parser gets besides its input: positioned errors
// and warnings, the run's node names, and the helpers that word VPP's and vppsim's messages.

import type { ConfigError, SourcePosition } from '../errors.js';
import type { CliCommand, CliCommandBase } from './cli-command-types.js';
import type { UnformatInput } from './unformat.js';

/** ConfigError code of input VPP has a command for, but vppsim does not simulate. */
export const ERR_CONFIG_NOT_SIMULATED = 'ERR_CONFIG_NOT_SIMULATED';
/** ConfigError code of a value VPP would take but vppsim refuses (negative, absurd). */
export const ERR_CONFIG_VALUE = 'ERR_CONFIG_VALUE';
/**
 * ConfigError code of a message VPP only prints (the command then does nothing and the script
 * goes on); vppsim refuses the script with that text.
 */
export const ERR_CONFIG_CLI_MESSAGE = 'ERR_CONFIG_CLI_MESSAGE';

/** A warning met while reading a script: VPP prints it and goes on. */
export interface CliWarning {
  readonly message: string;
  readonly where: SourcePosition;
}

/** Shared by every parser of one script. */
export interface CliParseContext {
  /** A ConfigError at a file offset (message as given). */
  error (message: string, offset: number, code?: string): ConfigError;
  /** Records a warning at a file offset. */
  warn (message: string, offset: number): void;
  /** file:line:col of an offset. */
  where (offset: number): SourcePosition;
  /** Node names `show runtime <node>` recognizes (VPP: the node_by_name hash). */
  readonly nodeNames: ReadonlySet<string>;
  /** The macro table (`define` / `undefine`, and `$NAME` in later lines). */
  readonly macros: Map<string, string>;
}

/** A command without the fields the dispatcher fills in (path, position, text). */
export type CliCommandBody = CliCommand extends infer C ? C extends CliCommand ? Omit<C, keyof CliCommandBase> : never : never;

/** One call of a command function: which command, and where its arguments start. */
export class CliInvocation {
  constructor (
    /** The command's full VPP path (`test echo clients`). */
    readonly path: string,
    readonly ctx: CliParseContext,
    /** File offset of the command's first word. */
    readonly offset: number,
  ) {}

  /**
   * The error VPP's dispatcher shows when the command function fails: `<path>: <message>`
   * (vlib_cli_dispatch_sub_commands wraps the function's error this way).
   */
  fail (message: string, offset: number, code?: string): ConfigError {
    return this.ctx.error(`${this.path}: ${message}`, offset, code);
  }

  /** `<path>: unknown input `…'` at the input's index, the usual command error. */
  unknownInput (input: UnformatInput, context: string, prefix = ''): ConfigError {
    return this.fail(`${prefix}unknown input \`${context}'`, input.errorPos());
  }

  /**
   * vppsim's check of a number VPP would take as is: `<path>: <field> must be from <min> to
   * <max> (got <value>)`. Code ERR_CONFIG_VALUE, or `code` (ERR_CONFIG_VPPSIM_LIMIT for limits
   * that are only vppsim's).
   */
  range (field: string, value: number | bigint, min: number, max: number, offset: number, code = ERR_CONFIG_VALUE): number {
    const v = Number(value);
    if (typeof value === 'bigint' ? value < BigInt(min) || value > BigInt(max) : !(v >= min && v <= max)) {
      throw this.fail(`${field} must be from ${min} to ${max} (got ${value})`, offset, code);
    }
    return v;
  }
}
