// src/config/startup-conf-lexer.ts: how VPP turns a startup.conf (or its command line) into one
// line of text, and how it cuts that line into `name value` stanzas. Every character of the
// resulting text keeps its offset in the original, so errors name the original file:line:col.
// Models: src/vpp/vnet/main.c main() (file pre-processing, argv joining) and the
// `unformat (input, "%s %v", &name, &value)` loop of src/vlib/init.c
// vlib_call_all_config_functions and src/vlib/unix/plugin.c vlib_plugin_config.

import { ConfigError, type SourcePosition } from '../errors.js';
import { SourceString, UnformatInput, formatUnformatError, stringAt, unformat } from './unformat.js';

/** File name vppsim shows for a startup config given as command-line words. */
export const COMMAND_LINE_FILE = '<command line>';

/**
 * Size of VPP's config buffer in bytes (`config_max_size = 1ULL << 18`, 256 KiB). The text after
 * pre-processing must stay below it (one byte is kept for the terminating NUL).
 * Models: src/vpp/vnet/main.c main().
 */
export const STARTUP_CONFIG_MAX_SIZE = 1 << 18;

/** Maps offsets in an original text to 1-based line and column (UTF-16 code units). */
export class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor (readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue; // CRLF ends at the LF
      if (c === 0x0a || c === 0x0d) this.lineStarts.push(i + 1);
    }
  }

  /** Position of an offset; offsets outside the text clamp to its start or end. */
  where (offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid; else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }
}

/** How the startup config reached VPP: `vpp -c FILE`, or the words after `vpp` on its command line. */
export type StartupConfigForm = 'file' | 'command-line';

/**
 * The startup config as VPP holds it after reading: one line of text, with the original offset
 * of every character and the map back to lines and columns.
 */
export interface PreprocessedConfig {
  readonly form: StartupConfigForm;
  readonly map: SourceMap;
  /** The line VPP parses. */
  readonly text: string;
  /** Original offset of each character of `text`. */
  readonly pos: readonly number[];
}

/** A fresh unformat input over the whole pre-processed config. */
export function configInput (pre: PreprocessedConfig): UnformatInput {
  return new UnformatInput(pre.text, pre.pos, pre.map.text.length);
}

/** UTF-8 length of one UTF-16 code unit (a surrogate pair counts 2 + 2). */
function utf8Bytes (c: number): number {
  return c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
}

/** VPP loops forever on a NUL (`%s` then matches an empty word without moving); refuse it. */
function refuseNul (pre: PreprocessedConfig): void {
  const i = pre.text.indexOf('\0');
  if (i >= 0) {
    throw new ConfigError('NUL character in the startup config (VPP would loop forever on it)', pre.map.where(pre.pos[i]!));
  }
}

/**
 * `vpp -c FILE` pre-processing (VPP HEAD, since commit 1639bff5421): `#` starts a comment
 * anywhere, even inside a word, up to `\n` or `\r`, and the line end still counts as a blank;
 * `\r \n \t` become blanks; runs of blanks collapse to one; leading and trailing blanks go.
 * Beyond 256 KiB (in UTF-8 bytes, after pre-processing) VPP stops with "startup config file is
 * too large". Models: src/vpp/vnet/main.c main().
 */
export function preprocessStartupConfigFile (text: string, file: string): PreprocessedConfig {
  const map = new SourceMap(file, text);
  const out: string[] = [];
  const pos: number[] = [];
  let bytes = 0;
  let skipLine = false;
  for (let j = 0; j < text.length; j++) {
    let c = text.charCodeAt(j);
    if (skipLine) {
      if (c !== 0x0a && c !== 0x0d) continue;
      skipLine = false;
      c = 0x20;
    } else if (c === 0x23 /* # */) {
      skipLine = true;
      continue;
    }
    if (c === 0x0d || c === 0x0a || c === 0x09) c = 0x20;
    if (c === 0x20 && (out.length === 0 || out[out.length - 1] === ' ')) continue;
    const b = utf8Bytes(c);
    if (bytes + b >= STARTUP_CONFIG_MAX_SIZE) throw new ConfigError('startup config file is too large', map.where(j));
    bytes += b;
    out.push(String.fromCharCode(c));
    pos.push(j);
  }
  if (out.length > 0 && out[out.length - 1] === ' ') { out.pop(); pos.pop(); }
  const pre: PreprocessedConfig = { form: 'file', map, text: out.join(''), pos };
  refuseNul(pre);
  return pre;
}

/**
 * `vpp WORD…` without `-c`: the words joined with single blanks, nothing else (no comments, no
 * collapsing). VPP does not bound this copy and overflows its 256 KiB buffer beyond it; vppsim
 * refuses such a line instead. Positions are columns of line 1 of `<command line>`.
 * Models: src/vpp/vnet/main.c main() ("construct config out of argvs").
 */
export function joinStartupConfigArgs (argv: readonly string[]): PreprocessedConfig {
  const text = argv.join(' ');
  const map = new SourceMap(COMMAND_LINE_FILE, text.replace(/[\r\n]/g, ' '));
  const pos = Array.from({ length: text.length }, (_, i) => i);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    bytes += utf8Bytes(text.charCodeAt(i));
    if (bytes >= STARTUP_CONFIG_MAX_SIZE) {
      throw new ConfigError(
        `startup config on the command line is longer than ${STARTUP_CONFIG_MAX_SIZE - 1} bytes (VPP would overflow its buffer)`,
        map.where(i));
    }
  }
  const pre: PreprocessedConfig = { form: 'command-line', map, text, pos };
  refuseNul(pre);
  return pre;
}

/** One top-level `name value` pair. `value` is a bare word or a brace body without its braces. */
export interface Stanza {
  readonly name: SourceString;
  readonly value: SourceString;
}

/** Where the top-level split stopped: a last word with no value after it. */
export interface SplitFailure {
  /** The word read as a name, if any (VPP prints it in the unknown-stanza error). */
  readonly name: SourceString | null;
  /** What `format_unformat_error` shows from there (the vlib_plugin_config error). */
  readonly context: string;
  /** Original offset of the failing word. */
  readonly offset: number;
}

/** The stanzas in file order, and the failure that stopped the split, if any. */
export interface StanzaSplit {
  readonly stanzas: readonly Stanza[];
  readonly failure: SplitFailure | null;
}

/**
 * Cuts the config into `name value` pairs as VPP's `%s %v` loop does. A name is any word (even
 * `}` or `cpu{`; a name starting with `{` is a brace group); a value is a word or a `{…}` group
 * with nested braces counted and the outer pair stripped; `\` escapes the next character. An
 * unclosed last `{` runs to the end of the input (a lone `{` at the end is the value "{"). The
 * only way the split itself fails is a last name with no value. Whether a name is known is for
 * the caller. Models: the "%s %v" loops of src/vlib/init.c and src/vlib/unix/plugin.c.
 */
export function splitStanzas (pre: PreprocessedConfig): StanzaSplit {
  const input = configInput(pre);
  const stanzas: Stanza[] = [];
  while (!input.atEnd()) {
    const offset = input.errorPos();
    const m = unformat(input, '%s %v');
    if (!m.ok) {
      return {
        stanzas,
        failure: { name: m.values.length > 0 ? stringAt(m, 0) : null, context: formatUnformatError(input), offset },
      };
    }
    stanzas.push({ name: stringAt(m, 0), value: stringAt(m, 1) });
  }
  return { stanzas, failure: null };
}
