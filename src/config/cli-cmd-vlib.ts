// src/config/cli-cmd-vlib.ts: vlib's commands a script uses: `show runtime`, `show threads`,
// `show errors`, `show event-logger`, `clear runtime`, `wait`, `define` / `undefine`. Each reads
// exactly what its VPP function reads; what it leaves is the next command on the line.

import { ConfigError } from '../errors.js';
import { type CliCommandBody, type CliInvocation, ERR_CONFIG_VALUE } from './cli-context.js';
import { parseDurationNs } from './duration.js';
import { unformatFloat, unformatLineInput } from './cli-unformat.js';
import { type UnformatInput, type UnformatFunction, formatUnformatError, numberAt, stringAt, unformat } from './unformat.js';

/** `show event-logger` default count (elog_show_buffer `n_events_to_show = 250`). */
export const SHOW_EVENT_LOGGER_DEFAULT_COUNT = 250;
/** `wait` bound in seconds (src/vlib/unix/cli.c MAX_CLI_WAIT). */
export const MAX_CLI_WAIT = 86_400;

/**
 * `show runtime`: a node name first (unformat_vlib_node), else each flag once, in VPP's order:
 * `time|t`, `brief|b`, `verbose|v`, `max|m`, `summary|sum|su` (all prefixes of the input, so `t`
 * takes `thread` and leaves `hread`). Models: src/vlib/node_cli.c show_node_runtime.
 */
export function parseShowRuntime (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const nodeNames = inv.ctx.nodeNames;
  const unformatVlibNode: UnformatFunction = (i) => {
    const m = unformat(i, '%v%_');
    return m.ok && nodeNames.has(stringAt(m, 0).text) ? stringAt(m, 0) : null;
  };
  const m = unformat(input, '%U', unformatVlibNode);
  if (m.ok) return { kind: 'show-runtime', node: stringAt(m, 0).text, useTime: false, brief: true, max: false, summary: false };
  const tried = (...kws: string[]): boolean => kws.some((k) => unformat(input, k).ok);
  const useTime = tried('time', 't');
  tried('brief', 'b');
  const brief = !tried('verbose', 'v');
  const max = tried('max', 'm');
  const summary = tried('summary', 'sum', 'su');
  return { kind: 'show-runtime', node: null, useTime, brief, max, summary };
}

/** `show errors [verbose [N]]`, tried once. Models: src/vlib/error.c show_errors. */
export function parseShowErrors (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const at = input.errorPos();
  let m;
  let verbose = 0;
  if ((m = unformat(input, 'verbose %d')).ok) verbose = inv.range('verbose', numberAt(m, 0), 0, 0x7fffffff, at);
  else if (unformat(input, 'verbose').ok) verbose = 1;
  return { kind: 'show-errors', verbose };
}

/**
 * `show event-logger [N|all]…` until the end of the input; anything else is VPP's
 * `parse error `…'`. Models: src/vlib/main.c elog_show_buffer.
 */
export function parseShowEventLogger (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  let count: number | 'all' = SHOW_EVENT_LOGGER_DEFAULT_COUNT;
  let m;
  while (!input.atEnd()) {
    const at = input.errorPos();
    if ((m = unformat(input, '%d')).ok) count = inv.range('count', numberAt(m, 0), 0, 0x7fffffff, at);
    else if (unformat(input, 'all').ok) count = 'all';
    else throw inv.fail(`parse error \`${formatUnformatError(input)}'`, input.errorPos());
  }
  return { kind: 'show-event-logger', count };
}

/**
 * `wait [<sec>]` (src/vlib/unix/cli.c unix_wait_cmd): one line of `%f` values, the last one
 * counts; it must be above 0, at most a day, with at most millisecond precision. With nothing
 * after it VPP returns at once without waiting (null here). vppsim extension: one duration with a
 * unit (`wait 2s`, `wait 500ms`, `wait 100us`), any precision. VPP's own error for a bad word
 * shows the text after the line (its code formats the outer input), so usually nothing.
 */
export function parseWait (input: UnformatInput, inv: CliInvocation): CliCommandBody | null {
  const line = unformatLineInput(input);
  if (line === null) return null;
  const lineAt = line.errorPos();
  const text = line.buffer.trim();
  if (/^\d+(?:\.\d+)?\s*(?:ns|us|µs|ms|s|m)$/.test(text)) {
    let ns: number;
    try {
      ns = parseDurationNs(text, 'wait');
    } catch (err) {
      if (err instanceof ConfigError) throw inv.ctx.error(err.message, lineAt, err.code);
      throw err;
    }
    if (ns <= 0) throw inv.fail(`'${text}' must be longer than 0`, lineAt, ERR_CONFIG_VALUE);
    return { kind: 'wait', durationNs: ns, seconds: ns / 1e9, withUnit: true };
  }
  let sec = 1.0;
  let m;
  while (!line.atEnd()) {
    if ((m = unformat(line, '%U', unformatFloat)).ok) sec = numberAt(m, 0);
    else throw inv.fail(`unknown parameter: \`${formatUnformatError(input)}\``, line.errorPos());
  }
  if (sec <= 0 || sec > MAX_CLI_WAIT || Math.floor(sec * 1000) / 1000 !== sec) {
    throw inv.fail('<sec> must be a positive value and less than 86400 (one day) with no more than msec precision.', lineAt);
  }
  return { kind: 'wait', durationNs: Math.round(sec * 1e9), seconds: sec, withUnit: false };
}

/**
 * `define <name> <value…>` / `undefine <name>`: VPP's CLI macros, applied to the macro table
 * while reading (lines after it see `$name`). Models: src/vlib/unix/cli.c define_cmd_fn,
 * undefine_cmd_fn.
 */
export function parseDefine (isDefine: boolean, input: UnformatInput, inv: CliInvocation): null {
  const m = unformat(input, '%s');
  if (!m.ok) throw inv.fail('missing variable name...', input.errorPos());
  const name = stringAt(m, 0).text;
  if (!isDefine) {
    if (!inv.ctx.macros.delete(name)) inv.ctx.warn(`${name} wasn't set...`, stringAt(m, 0).startPos);
    return null;
  }
  unformat(input, '');
  const line = unformatLineInput(input);
  if (line === null) throw inv.fail(`missing value for '${name}'...`, input.errorPos());
  inv.ctx.macros.set(name, line.buffer);
  return null;
}
