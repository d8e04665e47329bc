// src/config/cli-lines.ts: how VPP reads a CLI script (`exec FILE`, `unix { startup-config FILE }`)
// into command lines, each character keeping its offset in the file so that errors can name
// file:line:col. Models: src/vlib/cli.c unformat_vlib_cli_line, src/vlib/unix/cli.c
// unix_cli_exec (one line at a time, macro expansion of lines longer than one character) and
// src/vppinfra/macros.c clib_macro_eval.

import { UnformatInput } from './unformat.js';

/** How deep clib_macro_eval expands a macro inside a macro (`max_level` 8 in unix_cli_exec). */
export const CLI_MACRO_MAX_LEVEL = 8;

/** One logical line of a script, as VPP hands it to vlib_cli_input. */
export interface CliLine {
  /** The line after continuation, comment and macro processing; positions are file offsets. */
  readonly input: UnformatInput;
  /** File offset of the line's first character. */
  readonly offset: number;
}

/** A warning met while reading (VPP's clib_warning), at a file offset. */
export interface CliLineWarning {
  readonly message: string;
  readonly offset: number;
}

const BACKSLASH = 0x5c;
const HASH = 0x23;
const LF = 0x0a;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isMacroNameChar = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/**
 * Reads a script line by line. Rules (unformat_vlib_cli_line): leading blanks and blank lines are
 * skipped; `#` drops the rest of the line, anywhere, even inside a word; `\` + newline joins the
 * next line (a newline stays in the line as a blank, and the join also ends a `#` comment); any
 * other `\` is kept with the character after it. A line that ends up empty is skipped. Then, for
 * lines longer than one character, the macro pass (clib_macro_eval): `\x` becomes `x`, and
 * `$NAME` / `$(NAME)` become the macro's value (evaluated again, up to 8 levels), or `UNSET ` with
 * the warning `Undefined Variable Reference: NAME`.
 */
export class CliLineReader {
  private i = 0;
  /** Warnings in the order they were met. */
  readonly warnings: CliLineWarning[] = [];

  /**
   * `text` is the whole script; `macros` is the macro table (VPP's `define` updates it between
   * lines, so the reader looks names up when it reads each line).
   */
  constructor (readonly text: string, readonly macros: Map<string, string>) {}

  /** The next logical line, or null at the end of the script. */
  next (): CliLine | null {
    const t = this.text;
    for (;;) {
      while (this.i < t.length && isBlank(t.charCodeAt(this.i))) this.i++;
      if (this.i >= t.length) return null;
      const chars: number[] = [];
      const pos: number[] = [];
      let skip = false;
      let endPos = t.length;
      while (this.i < t.length) {
        const at = this.i;
        let c = t.charCodeAt(this.i++);
        if (c === BACKSLASH) {
          const at2 = this.i;
          c = this.i < t.length ? t.charCodeAt(this.i++) : -1;
          if (c === LF) {
            if (!skip) { chars.push(LF); pos.push(at2); }
            skip = false;
            continue;
          }
          if (!skip) { chars.push(BACKSLASH); pos.push(at); }
          if (c < 0) break;
          if (!skip) { chars.push(c); pos.push(at2); }
          continue;
        }
        if (c === HASH) skip = true;
        else if (c === LF) { endPos = at; break; }
        if (!skip) { chars.push(c); pos.push(at); }
      }
      if (chars.length === 0) continue;
      const line = chars.length > 1 ? this.evalMacros(chars, pos, 0) : { chars, pos };
      const input = new UnformatInput(line.chars.map((ch) => String.fromCharCode(ch)).join(''), line.pos, endPos);
      return { input, offset: pos[0]! };
    }
  }

  /** clib_macro_eval over one line; expanded text takes the offset of its `$`. */
  private evalMacros (chars: readonly number[], pos: readonly number[], level: number): { chars: number[], pos: number[] } {
    const out: number[] = [];
    const outPos: number[] = [];
    if (level >= CLI_MACRO_MAX_LEVEL) {
      this.warnings.push({ message: `circular definition, level ${level}`, offset: pos[0] ?? 0 });
      for (const ch of ' CIRCULAR ') { out.push(ch.charCodeAt(0)); outPos.push(pos[0] ?? 0); }
      return { chars: out, pos: outPos };
    }
    let i = 0;
    while (i < chars.length) {
      const c = chars[i]!;
      if (c === BACKSLASH) {
        i++;
        if (i < chars.length) { out.push(chars[i]!); outPos.push(pos[i]!); i++; }
        continue;
      }
      if (c !== 0x24 /* $ */) { out.push(c); outPos.push(pos[i]!); i++; continue; }
      const dollarAt = pos[i]!;
      i++;
      let name = '';
      while (i < chars.length && (isMacroNameChar(chars[i]!) || chars[i] === 0x28 /* ( */)) {
        if (chars[i] === 0x28) {
          i++;
          while (i < chars.length && chars[i] !== 0x29 /* ) */) name += String.fromCharCode(chars[i++]!);
          if (i < chars.length) i++;
          break;
        }
        name += String.fromCharCode(chars[i++]!);
      }
      const value = this.macros.get(name);
      if (value === undefined) {
        this.warnings.push({ message: `Undefined Variable Reference: ${name}`, offset: dollarAt });
        for (const ch of 'UNSET ') { out.push(ch.charCodeAt(0)); outPos.push(dollarAt); }
        continue;
      }
      const v = value.split('').map((ch) => ch.charCodeAt(0));
      const sub = this.evalMacros(v, v.map(() => dollarAt), level + 1);
      out.push(...sub.chars);
      outPos.push(...sub.pos);
    }
    return { chars: out, pos: outPos };
  }
}
