// src/config/cli-dispatch.ts: VPP's debug-CLI dispatcher over one line: the built-ins
// (`comment`, `uncomment`, `vpplog`, help), the command tree walk with its prefix matching and
// `{…}` sub-inputs, the fall-back from a failed sub-command to the parent's own function, the
// `unknown input` errors, and the loop that runs whatever a command left on the line as the next
// command. Models: src/vlib/cli.c vlib_cli_dispatch_sub_commands, vlib_cli_input.

import { ConfigError } from '../errors.js';
import {
  type CliCommandBody, CliInvocation, type CliParseContext, ERR_CONFIG_NOT_SIMULATED,
} from './cli-context.js';
import type { CliCommand } from './cli-command-types.js';
import { parseEchoClient, parseEchoServer } from './cli-cmd-echo.js';
import { parseExternalApp } from './cli-cmd-external.js';
import { parseAppNs, parseSessionEnableDisable, parseShowApp, parseShowAppNs, parseShowSession, parseShowSessionStats } from './cli-cmd-session.js';
import { parseDefine, parseShowErrors, parseShowEventLogger, parseShowRuntime, parseWait } from './cli-cmd-vlib.js';
import { unformatEof, unformatUser, vlibCliSubCommandMatch } from './cli-match.js';
import { VPP_CLI_TREE, childPath } from './cli-vpp-tree.js';
import { UnformatInput, formatUnformatError, inputAt, stringAt, unformat } from './unformat.js';
import { unformatVlibCliSubInput } from './unformat-values.js';
import { VCL_TEST_TOOLS, type VclTestTool } from './vcl-test-options.js';

/** A command function: reads its arguments from `input`, returns the command (null: does nothing). */
type CliCommandParser = (input: UnformatInput, inv: CliInvocation) => CliCommandBody | null;

/** The VPP command paths vppsim simulates, and their parsers. */
export const CLI_COMMAND_PARSERS: ReadonlyMap<string, CliCommandParser> = new Map<string, CliCommandParser>([
  ['session', parseSessionEnableDisable],
  ['app ns', parseAppNs],
  ['test echo server', (i, inv) => parseEchoServer('test-echo', i, inv)],
  ['test echo clients', (i, inv) => parseEchoClient('test-echo', i, inv)],
  ['vperf server', (i, inv) => parseEchoServer('vperf', i, inv)],
  ['vperf client', (i, inv) => parseEchoClient('vperf', i, inv)],
  ['show runtime', parseShowRuntime],
  ['show threads', () => ({ kind: 'show-threads' })],
  ['show errors', parseShowErrors],
  ['show event-logger', parseShowEventLogger],
  ['show session', parseShowSession],
  ['show session stats', parseShowSessionStats],
  ['show app', parseShowApp],
  ['show app ns', parseShowAppNs],
  ['clear runtime', () => ({ kind: 'clear-runtime' })],
  ['wait', parseWait],
  ['define', (i, inv) => parseDefine(true, i, inv)],
  ['undefine', (i, inv) => parseDefine(false, i, inv)],
]);

type MutableCommand = { -readonly [K in keyof CliCommand]: CliCommand[K] };

/** Errors a failed sub-command hands back to a parent that has a function of its own. */
const fallsBack = (err: unknown): err is ConfigError => err instanceof ConfigError && err.code === 'ERR_CONFIG';

/**
 * Runs one logical line as vlib_cli_input does: dispatch from the root, then again on whatever
 * the command left, until only blanks remain. Appends the commands to `out`; throws the first
 * error (VPP's `exec` stops at the first failing line).
 */
export function dispatchCliLine (line: UnformatInput, ctx: CliParseContext, out: CliCommand[]): void {
  do {
    line.skipWhiteSpace();
    const startIdx = line.index;
    const n = out.length;
    dispatch(line, '', ctx, out, null);
    if (out.length > n) {
      const end = line.index === Infinity ? line.buffer.length : line.index;
      const text = line.buffer.slice(startIdx, end).replace(/\s+/g, ' ').trim();
      for (let i = n; i < out.length; i++) (out[i] as MutableCommand).text = text;
      const rest = line.index === Infinity ? '' : line.buffer.slice(line.index).trim();
      if (rest !== '') {
        ctx.warn(`\`${rest.replace(/\s+/g, ' ')}' is left after \`${out[out.length - 1]!.path}': VPP runs it as another command`, line.errorPos());
      }
    }
  } while (!unformat(line, '%U', unformatEof).ok);
}

function notSimulated (ctx: CliParseContext, what: string, offset: number): ConfigError {
  return ctx.error(`${what}: VPP command not simulated by vppsim`, offset, ERR_CONFIG_NOT_SIMULATED);
}

/**
 * vlib_cli_dispatch_sub_commands below `parentPath`. `cmdAt` is the offset of the command's first
 * word (null at the start of a command).
 */
function dispatch (input: UnformatInput, parentPath: string, ctx: CliParseContext, out: CliCommand[], cmdAt: number | null): void {
  const parent = VPP_CLI_TREE.get(parentPath)!;
  const at = input.errorPos();
  const first = cmdAt ?? at;
  let m;
  if (unformat(input, 'help').ok) throw notSimulated(ctx, 'help', at);
  if (unformat(input, 'choices').ok || unformat(input, '?').ok) throw notSimulated(ctx, 'choices', at);
  if (unformat(input, 'comment %v').ok) return;
  if ((m = unformat(input, 'vpplog %v')).ok) {
    out.push(command({ kind: 'vpplog', message: stringAt(m, 0).text.replace(/^ +/, '') }, 'vpplog', at, ctx));
    return;
  }
  if ((m = unformat(input, 'uncomment %U', unformatVlibCliSubInput)).ok) {
    dispatch(inputAt(m, 0), parentPath, ctx, out, null);
    return;
  }
  if (unformat(input, 'leak-check %U', unformatVlibCliSubInput).ok) throw notSimulated(ctx, 'leak-check', at);

  const mark = input.index;
  const word = unformatUser(input, (i) => vlibCliSubCommandMatch(i, parent.children));
  if (word === null) {
    if (parentPath === '') {
      const after = input.index;
      input.index = mark;
      const tool = externalTool(input);
      if (tool !== null) {
        out.push(command(parseExternalApp(tool, input, new CliInvocation(tool, ctx, at)), tool, at, ctx));
        return;
      }
      input.index = after;
    }
    const context = formatUnformatError(input);
    throw ctx.error(parentPath === '' ? `unknown input \`${context}'` : `${parentPath}: unknown input \`${context}'`, at);
  }

  const path = childPath(parentPath, word);
  const entry = VPP_CLI_TREE.get(path);
  if (entry === undefined) throw notSimulated(ctx, path, first);
  const sub = unformatUser(input, (i) => {
    const v = unformatVlibCliSubInput(i);
    return v instanceof UnformatInput ? v : null;
  });
  const si = sub ?? input;

  let error: ConfigError | null = null;
  if (entry.children.length > 0) {
    try {
      dispatch(si, path, ctx, out, first);
      return;
    } catch (err) {
      if (!(entry.hasFunction && fallsBack(err))) throw err;
      error = err;
    }
  }
  if (!entry.hasFunction) throw error ?? ctx.error(`${path}: no sub-commands`, at);
  si.skipWhiteSpace();
  if (unformat(si, '?').ok) throw notSimulated(ctx, `${path} ?`, first);
  const parser = CLI_COMMAND_PARSERS.get(path);
  if (parser === undefined) throw notSimulated(ctx, path, first);
  const body = parser(si, new CliInvocation(path, ctx, first));
  if (body !== null) out.push(command(body, path, first, ctx));
}

/** The external tool named by the next word, exactly (extensions are not prefix-matched). */
function externalTool (input: UnformatInput): VclTestTool | null {
  const m = unformat(input, '%s');
  if (m.ok) {
    const w = stringAt(m, 0).text;
    const tool = VCL_TEST_TOOLS.find((t) => t === w);
    if (tool !== undefined) return tool;
  }
  return null;
}

function command (body: CliCommandBody, path: string, at: number, ctx: CliParseContext): CliCommand {
  return { ...body, path, where: ctx.where(at), text: '' } as CliCommand;
}
