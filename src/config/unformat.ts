// src/config/unformat.ts: VPP's unformat engine, as far as startup.conf parsers use it.
// Models: src/vppinfra/unformat.c (va_unformat, do_percent, match_input_with_format,
// unformat_string, unformat_integer, format_unformat_error) and src/vppinfra/format.h
// (unformat_get_input, unformat_put_input, is_white_space).
//
// Every config parser in VPP is a chain of `unformat (input, "keyword %d", …)` tries. The quirks
// users meet (keywords matching as prefixes, `{…}` groups, `\` escapes, what an error shows)
// all come from this engine, so vppsim runs the same algorithm on the same text instead of
// re-deriving each parser's behaviour. Each character carries its offset in the original file
// so that errors can name file:line:col.

/** Returned by `getInput` at the end of the input (VPP's UNFORMAT_END_OF_INPUT). */
export const UNFORMAT_END_OF_INPUT = -1;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const UNDERSCORE = 0x5f;

/** True for the four characters VPP's `is_white_space` accepts (not `\f`, not `\v`). */
export function isWhiteSpace (c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/**
 * A string cut out of an input by `%s`, `%v` or a splitter, with the original-file offset of
 * each of its characters. `endPos` is the offset of whatever ended it (a closing brace, the
 * delimiter, or the end of the enclosing input). Models the `u8 *` vectors unformat returns.
 */
export class SourceString {
  constructor (
    readonly text: string,
    readonly pos: readonly number[],
    readonly endPos: number,
  ) {}

  /** Offset of the first character, or `endPos` when empty. */
  get startPos (): number {
    return this.pos.length > 0 ? this.pos[0]! : this.endPos;
  }
}

/**
 * An input being parsed: VPP's `unformat_input_t` over a fixed buffer. `index` may run past the
 * buffer; `Infinity` plays VPP's `UNFORMAT_END_OF_INPUT` index (once reached, a put-back does not
 * resurrect the last character, exactly as `~0 - 1` does not in C).
 */
export class UnformatInput {
  index = 0;

  constructor (
    readonly buffer: string,
    readonly pos: readonly number[],
    readonly endPos: number,
  ) {}

  /** An input over a cut-out string (VPP's `unformat_init_vector`). */
  static of (s: SourceString): UnformatInput {
    return new UnformatInput(s.text, s.pos, s.endPos);
  }

  /** `unformat_check_input`: true at the end of the input. */
  atEnd (): boolean {
    if (this.index >= this.buffer.length) this.index = Infinity;
    return this.index === Infinity;
  }

  /** `unformat_get_input`: the next character code, or UNFORMAT_END_OF_INPUT. */
  getInput (): number {
    if (this.atEnd()) return UNFORMAT_END_OF_INPUT;
    return this.buffer.charCodeAt(this.index++);
  }

  /** `unformat_put_input`: back up one character. */
  putInput (): void {
    this.index -= 1;
  }

  /** `unformat_skip_white_space`: returns how many characters were skipped. */
  skipWhiteSpace (): number {
    let n = 0;
    for (;;) {
      const c = this.getInput();
      if (c === UNFORMAT_END_OF_INPUT) break;
      if (!isWhiteSpace(c)) { this.putInput(); break; }
      n++;
    }
    return n;
  }

  /**
   * Original-file offset for an error at the current index: the first non-blank character at
   * or after it (VPP shows the text from `index`, which may start with a blank), else `endPos`.
   */
  errorPos (from: number = this.index): number {
    for (let i = from; i < this.buffer.length; i++) {
      if (!isWhiteSpace(this.buffer.charCodeAt(i))) return this.pos[i] ?? this.endPos;
    }
    return this.endPos;
  }

  /** The unparsed rest, verbatim (VPP's `format_unformat_input`). */
  rest (): string {
    return this.index < this.buffer.length ? this.buffer.slice(this.index) : '';
  }
}

/** Characters `format_unformat_error` shows before it appends `...`. */
export const UNFORMAT_ERROR_MAX_CHARS = 30;

/**
 * The context VPP prints in "unknown input `…'" errors: at most 30 characters from the current
 * index, `\r \n \t` escaped, trailing blanks dropped when the rest fits, `...` when it does not.
 * Models: src/vppinfra/unformat.c format_unformat_error.
 */
export function formatUnformatError (input: UnformatInput): string {
  const l = input.buffer.length;
  if (!(input.index < l)) return '';
  const n = l - input.index;
  const p = input.index;
  let end = p + Math.min(n, UNFORMAT_ERROR_MAX_CHARS);
  if (n <= UNFORMAT_ERROR_MAX_CHARS) {
    while (end > p && isWhiteSpace(input.buffer.charCodeAt(end - 1))) end--;
  }
  let s = '';
  for (let i = p; i < end; i++) {
    const ch = input.buffer[i]!;
    s += ch === '\r' ? '\\r' : ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch;
  }
  if (n > UNFORMAT_ERROR_MAX_CHARS) s += '...';
  return s;
}

/** What a `%U` function hands back. */
export type UnformatValue = number | bigint | SourceString | UnformatInput | readonly number[];

/** A `%U` function: parses from the input, returns its value or null when it does not match. */
export type UnformatFunction = (input: UnformatInput) => UnformatValue | null;

/**
 * Result of one `unformat` call. `values` holds what each directive produced, in order, even
 * when a later directive failed (C writes through its pointers as it goes, and VPP's error
 * messages sometimes print such a half-filled result).
 */
export interface UnformatMatch {
  readonly ok: boolean;
  readonly values: readonly UnformatValue[];
}

/**
 * `unformat (input, fmt, …)`: matches `fmt` against the input; on failure the index goes back
 * to where it was. Supports the directives VPP's config parsers use: literals, blanks, `%d %u %x
 * %b %o` (with `w l ll L` width prefixes), `%s %v`, `%U` (functions from `fns`, in order) and
 * `%_`. Literal text matches as a prefix of the input: `enable` matches `enabled`, leaving `d`.
 * Models: src/vppinfra/unformat.c va_unformat.
 */
export function unformat (input: UnformatInput, fmt: string, ...fns: UnformatFunction[]): UnformatMatch {
  const values: UnformatValue[] = [];
  const mark = input.index;
  const fc = (k: number): number => (k < fmt.length ? fmt.charCodeAt(k) : 0);
  let f = 0;
  let defaultSkip = true;
  let lastPercent = false;
  let lastFormat = false;
  let nextFn = 0;
  let ok = false;

  for (;;) {
    const cf = fc(f);
    let isPercent = false;
    let skip = f === 0 || defaultSkip;

    if (isWhiteSpace(cf)) {
      skip = true;
      do f++; while (isWhiteSpace(fc(f)));
    } else if (cf === PERCENT) {
      const d = fc(++f);
      if (d === UNDERSCORE) {
        defaultSkip = !defaultSkip;
        f++;
        if (!defaultSkip && !(f === 2 || fc(f) === 0)) input.skipWhiteSpace();
        continue;
      }
      if (d === 0) break;
      if (d === PERCENT) throw new Error(`unformat: '%%' is not supported (format "${fmt}")`);
      isPercent = true;
    }

    const nSkipped = skip ? input.skipWhiteSpace() : 0;

    if (cf === 0) {
      // VPP only refuses here when the format ends in a blank that matched nothing.
      if (skip && !lastPercent && !lastFormat && nSkipped === 0 && !input.atEnd()) break;
      ok = true;
      break;
    }

    lastPercent = isPercent;
    lastFormat = false;

    if (cf === SPACE && !defaultSkip) {
      if (nSkipped === 0) break;
    } else if (isPercent) {
      const next = doPercent(input, fmt, f, values, () => {
        const fn = fns[nextFn++];
        if (fn === undefined) throw new Error(`unformat: missing %U function (format "${fmt}")`);
        return fn;
      });
      if (next < 0) break;
      f = next;
    } else {
      const g = matchInputWithFormat(input, fmt, f);
      if (g < 0) break;
      lastFormat = g > f;
      f = g;
    }
  }

  if (!ok) input.index = mark;
  return { ok, values };
}

/** Matches literal format text up to a blank, `%` or the end; returns the new format index or -1. */
function matchInputWithFormat (input: UnformatInput, fmt: string, f: number): number {
  for (;;) {
    const cf = f < fmt.length ? fmt.charCodeAt(f) : 0;
    if (cf === 0 || cf === PERCENT || cf === SPACE) return f;
    f++;
    if (input.getInput() !== cf) return -1;
  }
}

/** One `%` directive starting after the `%`; returns the format index after it, or -1. */
function doPercent (
  input: UnformatInput,
  fmt: string,
  f: number,
  values: UnformatValue[],
  nextFn: () => UnformatFunction,
): number {
  const fc = (k: number): number => (k < fmt.length ? fmt.charCodeAt(k) : 0);
  let cf = String.fromCharCode(fc(f++));
  let bytes = 4; // VPP: data_bytes ~0 means sizeof (int)
  if (cf === 'w' || cf === 'L') {
    cf = String.fromCharCode(fc(f++));
    bytes = 8;
  } else if (cf === 'l') {
    cf = String.fromCharCode(fc(f++));
    if (cf === 'l') cf = String.fromCharCode(fc(f++));
    bytes = 8;
  }

  let v: UnformatValue | null;
  switch (cf) {
    case 'd': v = unformatInteger(input, 10, true, bytes); break;
    case 'u': v = unformatInteger(input, 10, false, bytes); break;
    case 'x': v = unformatInteger(input, 16, false, bytes); break;
    case 'b': v = unformatInteger(input, 2, false, bytes); break;
    case 'o': v = unformatInteger(input, 8, false, bytes); break;
    case 's':
    case 'v': v = unformatString(input, fc(f)); break;
    case 'U': v = nextFn()(input); break;
    default: throw new Error(`unformat: directive %${cf} is not supported (format "${fmt}")`);
  }
  if (v === null) return -1;
  values.push(v);
  return f;
}

const U64 = (1n << 64n) - 1n;

/**
 * Decimal/hex/… integer with VPP's rules: optional sign (`-` only when signed, `+` always),
 * digits until a non-digit, overflow and range checks against the destination size. 4-byte
 * results are numbers (int32 or uint32), 8-byte results bigints. Models: unformat_integer.
 */
function unformatInteger (input: UnformatInput, base: number, signed: boolean, bytes: number): number | bigint | null {
  const b = BigInt(base);
  let value = 0n;
  let nDigits = 0;
  let nInput = 0;
  let sign = false;

  for (;;) {
    const c = input.getInput();
    if (c === UNFORMAT_END_OF_INPUT) break;
    let digit: number;
    if (c === 0x2d /* - */) {
      if (nInput === 0) {
        if (!signed) return null;
        sign = true;
        nInput++;
        continue;
      }
      input.putInput();
      break;
    } else if (c === 0x2b /* + */) {
      if (nInput > 0) { input.putInput(); break; }
      sign = false;
      nInput++;
      continue;
    } else if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x7a) digit = 10 + (c - 0x61);
    else if (c >= 0x41 && c <= 0x5a) digit = 10 + (base >= 36 ? 26 : 0) + (c - 0x41);
    else if (c === 0x2f /* / */) digit = 62;
    else if (c === 0x3f /* ? */) digit = 63;
    else { input.putInput(); break; }

    if (digit >= base) { input.putInput(); break; }
    const next = (b * value + BigInt(digit)) & U64;
    if (next < value) return null; // VPP's (approximate) overflow check, kept as is
    value = next;
    nDigits++;
    nInput++;
  }

  if (nDigits === 0) return null;
  const bits = BigInt(bytes * 8);
  const max = signed ? (1n << (bits - 1n)) - 1n + (sign ? 1n : 0n) : (1n << bits) - 1n;
  if (value > max) return null;
  const raw = sign ? (-value) & U64 : value;
  if (bytes === 4) return signed ? Number(BigInt.asIntN(32, raw)) : Number(BigInt.asUintN(32, raw));
  return signed ? BigInt.asIntN(64, raw) : BigInt.asUintN(64, raw);
}

/**
 * `%s` / `%v`: a blank-delimited word, or a `{…}` group with braces counted and the outer pair
 * stripped; `\` makes the next character literal and is dropped. `{` alone at the end of the
 * input is the string "{"; an empty match at the end fails. `delimiter` is the format character
 * after the directive (a blank or `%` there means none). Models: unformat_string.
 */
function unformatString (input: UnformatInput, delimiter: number): SourceString | null {
  const delim = delimiter === PERCENT || delimiter === SPACE || delimiter === TAB ? 0 : delimiter;
  let text = '';
  const pos: number[] = [];
  let paren = 0;
  let isParenDelimited = false;
  let backslash = false;
  let openPos = -1;
  let c = UNFORMAT_END_OF_INPUT;
  let endPos = input.endPos;

  for (;;) {
    c = input.getInput();
    if (c === UNFORMAT_END_OF_INPUT) break;
    const at = input.pos[input.index - 1] ?? input.endPos;
    let add = true;
    if (backslash) {
      backslash = false;
    } else if (c === BACKSLASH) {
      backslash = true;
      add = false;
    } else if (c === LBRACE) {
      if (paren === 0 && text.length === 0) {
        isParenDelimited = true;
        add = false;
        openPos = at;
      }
      paren++;
    } else if (c === RBRACE) {
      paren--;
      if (isParenDelimited && paren === 0) { endPos = at; break; }
    } else if (isWhiteSpace(c)) {
      if (!isParenDelimited) { input.putInput(); endPos = at; break; }
    } else if (!isParenDelimited && c === delim) {
      input.putInput();
      endPos = at;
      break;
    }
    if (add) {
      text += String.fromCharCode(c);
      pos.push(at);
    }
  }

  if (c === UNFORMAT_END_OF_INPUT && text.length === 0 && paren === 1) {
    text = '{';
    pos.push(openPos);
  }
  if (c === UNFORMAT_END_OF_INPUT && text.length === 0) return null;
  return new SourceString(text, pos, endPos);
}

/** The i-th value of a match as a number (`%d %u %x`, `%U` returning a number). */
export function numberAt (m: UnformatMatch, i: number): number {
  const v = m.values[i];
  if (typeof v !== 'number') throw new Error(`unformat: value ${i} is not a number`);
  return v;
}

/** The i-th value of a match as a bigint (`%wd %lx`, unformat_memory_size). */
export function bigintAt (m: UnformatMatch, i: number): bigint {
  const v = m.values[i];
  if (typeof v !== 'bigint') throw new Error(`unformat: value ${i} is not a bigint`);
  return v;
}

/** The i-th value of a match as a string (`%s %v`). */
export function stringAt (m: UnformatMatch, i: number): SourceString {
  const v = m.values[i];
  if (!(v instanceof SourceString)) throw new Error(`unformat: value ${i} is not a string`);
  return v;
}

/** The i-th value of a match as a sub-input (unformat_vlib_cli_sub_input). */
export function inputAt (m: UnformatMatch, i: number): UnformatInput {
  const v = m.values[i];
  if (!(v instanceof UnformatInput)) throw new Error(`unformat: value ${i} is not an input`);
  return v;
}

/** The i-th value of a match as a list of set bits (unformat_bitmap_list / _mask). */
export function bitsAt (m: UnformatMatch, i: number): readonly number[] {
  const v = m.values[i];
  if (typeof v !== 'object' || v instanceof SourceString || v instanceof UnformatInput) {
    throw new Error(`unformat: value ${i} is not a bitmap`);
  }
  return v;
}
