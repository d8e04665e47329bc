// graph/vpp-format.ts: the parts of VPP's own `format()` that vppsim's CLI output needs, so that
// `show runtime` and `show threads` come out byte for byte as VPP HEAD prints them.
// Models: src/vppinfra/format.c (do_percent, justify, format_integer, format_float, normalize),
// src/vppinfra/format.h format_get_indent, src/vppinfra/format_table.c (format_table,
// format_text_cell). VPP's format() is not printf: fields truncate, `+` means right-justify,
// `%e` rounds in absolute terms, `%f` drops the leading zero. Each quirk is kept on purpose.
//
// Strings are treated as bytes (one UTF-16 unit = one byte): vppsim prints ASCII only.

/** Field justification as written after `%`: `-` left, `+` right (the default), `=` centre. */
export type Justify = '-' | '+' | '=';

/**
 * Fits `s` to `width` columns as VPP's format() does for every directive with a width: longer
 * values are TRUNCATED to `width` (keeping the left part), shorter ones are padded with
 * `padChar`. Centring puts the odd extra pad on the LEFT. Width 0 leaves `s` unchanged.
 * Examples: `justify('interrupt wait', 12, '=')` is `interrupt wa`; `justify('polling', 12, '=')`
 * is `   polling  `.
 * Models: src/vppinfra/format.c justify.
 */
export function justify (s: string, width: number, how: Justify = '+', padChar = ' '): string {
  if (width <= 0 || s.length === width) return s;
  if (s.length > width) return s.slice(0, width);
  const n = width - s.length;
  let nLeft = 0;
  let nRight = 0;
  if (how === '-') nRight = n;
  else if (how === '+') nLeft = n;
  else {
    nRight = n >>> 1;
    nLeft = n - nRight; // odd n: the extra pad goes left
  }
  return padChar.repeat(nLeft) + s + padChar.repeat(nRight);
}

/** How format_integer reads and prints one integer argument (see {@link formatInteger}). */
export interface IntegerFormat {
  /** `%d` is signed; `%u`, `%x`, `%o` are not. */
  readonly signed: boolean;
  /** Width of the C argument: 32 for `int` (`%d`, `%u`), 64 for `%Ld`, `%ld`, `%llu`, `%wd`. */
  readonly bits: 32 | 64;
  /** Default 10. */
  readonly base?: 8 | 10 | 16;
  /** `%X`: upper-case hex digits. */
  readonly uppercase?: boolean;
}

/**
 * Prints an integer as `%d`/`%u`/`%Ld`/`%llu`/`%x` do. The value is first read as the C argument
 * would be (`bits` 32: the low 32 bits as an `int`, so 2^32+5 prints 5 and `%u` of -1 prints
 * 4294967295), then a negative signed value prints `-` and its magnitude, masked to `bits`.
 * No `+` sign, no grouping. Fractions are truncated toward zero (VPP's counters are integers);
 * NaN and ±Infinity print as 0.
 * Models: src/vppinfra/format.c do_percent cases d/u/x/o and format_integer.
 */
export function formatInteger (value: number | bigint, fmt: IntegerFormat): string {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else v = Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  // va_arg(int) reads the low 32 bits, then the int is sign-extended into the u64 `number`.
  v = BigInt.asUintN(64, fmt.bits === 32 ? BigInt.asIntN(32, v) : v);
  let minus = '';
  if (fmt.signed && BigInt.asIntN(64, v) < 0n) {
    minus = '-';
    v = BigInt.asUintN(64, -v);
  }
  if (fmt.bits < 64) v = BigInt.asUintN(fmt.bits, v);
  const digits = v.toString(fmt.base ?? 10);
  return minus + (fmt.uppercase === true ? digits.toUpperCase() : digits);
}

// --- Floating point: a step-for-step port of format_float, so every quirk comes out the same.

/** Output style letter of a float directive. `g` is `f` for exponents in (-10, 10), else `e`. */
export type FloatStyle = 'e' | 'f' | 'g';

const f64View = new DataView(new ArrayBuffer(8));

/** Unbiased base-2 exponent of `x`, as VPP's f64_down macro extracts it (subnormals: -1023). */
function f64Expon (x: number): number {
  f64View.setFloat64(0, x);
  return ((f64View.getUint16(0) >>> 4) & 0x7ff) - 1023;
}

/** 2^expon with the biased exponent clamped to [0, 1023], as VPP's f64_up does (so at most 1). */
function f64Up (expon: number): number {
  let biased = expon + 1023;
  if (biased > 1023) biased = 1023;
  if (biased < 0) biased = 0;
  f64View.setUint32(0, biased << 20);
  f64View.setUint32(4, 0);
  return f64View.getFloat64(0);
}

/** Significant bits of a double, found the way f64_precision finds them (53 with IEEE doubles). */
const F64_N_BITS: number = (() => {
  let nBits = 0;
  let one = 0;
  let small = 1;
  while (one !== 1) {
    small *= 0.5;
    nBits++;
    one = 1 + small;
  }
  return nBits;
})();

// VPP multiplies by these literals (1e-3 is not exactly 1/1000); dividing instead would differ.
const POW10_POS = [1e+0, 1e+1, 1e+2, 1e+3, 1e+4, 1e+5, 1e+6, 1e+7] as const;
const POW10_NEG = [1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7] as const;

/** x·10^n by the same sequence of multiplications as times_power_of_ten. */
function timesPowerOfTen (x: number, n: number): number {
  if (n >= 0) {
    while (n >= 8) { x *= 1e+8; n -= 8; }
    return x * POW10_POS[n]!;
  }
  while (n <= -8) { x *= 1e-8; n += 8; }
  return x * POW10_NEG[-n]!;
}

// normalize() returns three values; module scratch keeps formatFloat allocation-free.
let normExpon = 0;
let normPrec = 0;

/** Writes x = y·10^normExpon with 1 ≤ y < 10 and returns y; normPrec is the scaled precision. */
function normalize (x: number): number {
  const expon2 = f64Expon(x);
  let expon10 = Math.trunc(0.5 + expon2 * 0.301029995663981195213738894724493); // log10(2)
  let prec = f64Up(expon2 - F64_N_BITS);
  x = timesPowerOfTen(x, -expon10);
  prec = timesPowerOfTen(prec, -expon10);
  while (x < 1) { x *= 10; prec *= 10; expon10--; }
  while (x > 10) { x *= 0.1; prec *= 0.1; expon10++; }
  if (x + prec >= 10) { x = 1; expon10++; }
  normExpon = expon10;
  normPrec = prec;
  return x;
}

/**
 * Prints a double as VPP's `%.Ne` / `%.Nf` / `%.Ng` (`nFractionDigits` = N; 6 when the directive
 * has no precision, as since v26.06). The behaviours that differ from printf, all kept:
 * - Rounding adds 0.5·10^-N to |x| before normalising (v25.02 commit c75671fbb0d). For `e` that
 *   is absolute, not relative: for |x| ≥ 1 the mantissa is truncated (14.69 → `1.46e1`,
 *   4765.3 → `4.76e3`) and small values are distorted (0.00303 → `8.03e-3`,
 *   3.7331e-2 at N=4 → `3.7381e-2`).
 * - `e`: no `+`, no zero-padded exponent (`2.42e10`, `8.03e-3`); 0 → `0.00e0`.
 * - `f`: no leading zero below 1 (0.02 → `.02`); 0 and anything under half the last digit →
 *   `0.00` (without a sign).
 * - NaN → `+NaN`; ±Infinity → `+infinity` / `-infinity`.
 * Models: src/vppinfra/format.c format_float, normalize, times_power_of_ten, f64_precision.
 */
export function formatFloat (x: number, style: FloatStyle, nFractionDigits = 6): string {
  let s = '';
  let outStyle: FloatStyle = style;
  let expon = 0;
  let nFractionDone = 0;
  let decimalPoint = 0; // position of the decimal point relative to the next digit
  let addedDecimalPoint = false;

  if (x !== 0) {
    let sign = false;
    if (x < 0) { x = -x; sign = true; }
    let rounding = 0.5;
    for (let i = 0; i < nFractionDigits; i++) rounding *= 0.1;
    x += rounding;
    if (Number.isNaN(x)) return sign ? '-NaN' : '+NaN';
    if (!Number.isFinite(x)) return sign ? '-infinity' : '+infinity';

    x = normalize(x);
    expon = normExpon;
    let prec = normPrec;

    if (-expon > nFractionDigits && (outStyle === 'f' || outStyle === 'g')) {
      s += '0'; // not enough digits to print anything: "0" + ".000…" below
    } else {
      if (sign) s += '-';
      if (outStyle === 'f' || (outStyle === 'g' && expon > -10 && expon < 10)) {
        if (expon < 0) {
          s += '.';
          nFractionDone = Math.min(-(expon + 1), nFractionDigits);
          s += '0'.repeat(nFractionDone);
          decimalPoint = -nFractionDone;
          addedDecimalPoint = true;
        } else {
          decimalPoint = expon + 1;
        }
      } else {
        decimalPoint = 1;
        outStyle = 'e';
      }

      for (;;) {
        if (x < prec) break; // smaller than the precision: the rest is zeros
        let digit = Math.trunc(x);
        x -= digit;
        if (x + prec >= 1) { digit++; x -= 1; }
        s += String.fromCharCode(48 + digit);
        decimalPoint--;
        if (decimalPoint < 0) nFractionDone++;
        if (decimalPoint <= 0 && nFractionDone >= nFractionDigits) break;
        if (decimalPoint === 0 && x !== 0) { s += '.'; addedDecimalPoint = true; }
        x *= 10;
        prec *= 10;
      }
    }
  } else {
    s = '0';
  }

  if (decimalPoint > 0) s += '0'.repeat(decimalPoint);
  if (nFractionDone < nFractionDigits) {
    if (!addedDecimalPoint) s += '.';
    s += '0'.repeat(nFractionDigits - nFractionDone);
  }
  if (outStyle === 'e') s += 'e' + String(expon);
  return s;
}

/** `%.Ne` (N = `precision`, e.g. 2 in `%16.2e`). See {@link formatFloat}. Models: format_float 'e'. */
export const formatE = (x: number, precision: number): string => formatFloat(x, 'e', precision);

/**
 * `%.Nf`, or `%f` (6 decimals, VPP ≥ v26.06) when `precision` is omitted. See {@link formatFloat}.
 * Models: src/vppinfra/format.c format_float 'f'.
 */
export const formatF = (x: number, precision = 6): string => formatFloat(x, 'f', precision);

// --- The directive interpreter.

/** One argument of {@link vppFormat}: strings for `%s %S %v`, numbers for the rest. */
export type FormatArg = string | number | bigint;

function argString (arg: FormatArg | undefined, c: string): string {
  if (typeof arg !== 'string') throw new TypeError(`vppFormat: %${c} needs a string, got ${typeof arg}`);
  return arg;
}

function argNumber (arg: FormatArg | undefined, c: string): number | bigint {
  if (typeof arg !== 'number' && typeof arg !== 'bigint') {
    throw new TypeError(`vppFormat: %${c} needs a number, got ${typeof arg}`);
  }
  return arg;
}

/**
 * VPP's `format(fmt, ...)` for the directives vppsim prints with: `%%`, `%c`, `%d %u %x %X %o`
 * (with `l`, `ll`, `L`, `w` for 64-bit), `%s %S %v`, `%e %f %g`, each with the optional
 * justification (`-` `+` `=`), width (`*` takes it from the arguments, a leading `0` pads with
 * zeros) and `.precision`. Every field with a width truncates (see {@link justify}).
 * `%U` is not supported: call the formatter and pass its result to `%s` with the same width,
 * which is what `%U` amounts to for the formatters vppsim models (format_vlib_node_state prints
 * `"%s"`). VPP replaces the whole output with `**** CLIB unknown format … ****` for an unknown
 * directive; this throws a RangeError instead, since it can only be a bug in vppsim.
 * Models: src/vppinfra/format.c va_format, do_percent.
 */
export function vppFormat (fmt: string, ...args: FormatArg[]): string {
  let out = '';
  let ai = 0;
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) { out += fmt.slice(i); break; }
    out += fmt.slice(i, pct);
    i = pct + 1;
    let c = fmt.charAt(i);
    if (c === '%') { out += '%'; i++; continue; }

    let how: Justify = '+';
    if (c === '-' || c === '+' || c === '=') { how = c; c = fmt.charAt(++i); }

    let padChar = ' ';
    const width = [0, 0];
    let precisionSet = false;
    for (let w = 0; w < 2; w++) {
      if (c === '0' && w === 0) padChar = '0';
      if (c === '*') {
        width[w] = Math.trunc(Number(argNumber(args[ai++], '*')));
        c = fmt.charAt(++i);
      } else {
        while (c >= '0' && c <= '9') {
          width[w] = 10 * width[w]! + (c.charCodeAt(0) - 48);
          c = fmt.charAt(++i);
        }
      }
      if (c !== '.') break;
      precisionSet = true;
      c = fmt.charAt(++i);
    }

    let bits: 32 | 64 = 32;
    if (c === 'w') { bits = 64; c = fmt.charAt(++i); }
    else if (c === 'l' || c === 'L') {
      bits = 64;
      c = fmt.charAt(++i);
      if (c === 'l') c = fmt.charAt(++i);
    }

    if (c === '') break; // format string ends inside the directive: VPP prints nothing for it
    i++;

    let field: string;
    switch (c) {
      case 'c':
        field = String.fromCharCode(Number(argNumber(args[ai++], c)) & 0xff);
        break;
      case 'd': case 'u': case 'x': case 'X': case 'o':
        field = formatInteger(argNumber(args[ai++], c), {
          signed: c === 'd',
          bits,
          base: c === 'o' ? 8 : (c === 'x' || c === 'X') ? 16 : 10,
          uppercase: c === 'X',
        });
        break;
      case 's': case 'S': case 'v': {
        let str = argString(args[ai++], c);
        if (precisionSet) str = str.slice(0, width[1]);
        field = c === 'S' ? str.replaceAll('_', ' ') : str;
        break;
      }
      case 'e': case 'f': case 'g':
        field = formatFloat(Number(argNumber(args[ai++], c)), c, precisionSet ? width[1] : 6);
        break;
      default:
        throw new RangeError(`vppFormat: unsupported directive %${c} in "${fmt}"`);
    }
    out += justify(field, width[0]!, how, padChar);
  }
  return out;
}

// --- format_table.

/**
 * Columns VPP would count for `s` on a terminal: ANSI CSI sequences (`ESC [ … final`) count 0,
 * C0/C1 controls 0, every other code point 1 (VPP's table of wide and zero-width code points
 * is not modelled: vppsim prints ASCII). Models: src/vppinfra/format.c format_get_visible_length.
 */
export function formatGetVisibleLength (s: string): number {
  let len = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 0x1b && s.charCodeAt(i + 1) === 0x5b) {
      i += 2;
      while (i < s.length) {
        const b = s.charCodeAt(i++);
        if (b >= 0x40 && b <= 0x7e) break;
      }
      continue;
    }
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (!(cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad)) len++;
  }
  return len;
}

/** Cell alignment in a {@link formatTable} table. Models: format_table.h table_text_attr_align_t. */
export const TableAlign = { Default: 0, Left: 1, Right: 2, Center: 3 } as const;
export type TableAlign = (typeof TableAlign)[keyof typeof TableAlign];

/** A body cell: its text, and an alignment overriding the body default (right). */
export interface TableCell {
  readonly text: string;
  readonly align?: TableAlign;
}

/** A table as show_threads_fn builds it: one header row (`table_add_hdr_row`), then body rows. */
export interface Table {
  readonly header: readonly string[];
  /** Body rows; a plain string is a cell with the default (right) alignment. */
  readonly rows: readonly (readonly (string | TableCell)[])[];
}

function textCell (text: string, align: TableAlign, size: number): string {
  const visible = formatGetVisibleLength(text);
  let left = 0;
  let right = 0;
  if (visible < size) {
    if (align === TableAlign.Left) right = size - visible;
    else if (align === TableAlign.Center) {
      left = (size - visible) >>> 1; // unlike format()'s %=, the odd pad goes RIGHT here
      right = size - visible - left;
    } else left = size - visible;
  }
  return ' '.repeat(left) + text + ' '.repeat(right);
}

/**
 * Renders a table as VPP's format_table does with `no_ansi` set: each column as wide as its
 * widest cell (header included), cells separated by one space, header cells centred (odd pad on
 * the RIGHT), body cells right-aligned unless the cell says otherwise. Pads are kept, so a line
 * can end in spaces. Lines are joined by `\n`, with none after the last (vlib_cli_output adds
 * it). Short rows are padded with empty cells, as VPP grows every row to the same length.
 * VPP's own `show threads` leaves `no_ansi` clear, so it also wraps each header cell in
 * `ESC[33m … ESC[0m` and ends each body cell with `ESC[0m`; vppsim prints plain text.
 * Models: src/vppinfra/format_table.c format_table, format_text_cell, table_format_cell.
 */
export function formatTable (t: Table): string {
  const nCols = Math.max(t.header.length, ...t.rows.map((r) => r.length));
  const sizes = new Array<number>(nCols).fill(0);
  const cellText = (cell: string | TableCell | undefined): string =>
    cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;
  for (let col = 0; col < nCols; col++) {
    sizes[col] = formatGetVisibleLength(t.header[col] ?? '');
    for (const row of t.rows) sizes[col] = Math.max(sizes[col]!, formatGetVisibleLength(cellText(row[col])));
  }
  const lines: string[] = [];
  let line = '';
  for (let col = 0; col < nCols; col++) {
    if (col > 0) line += ' ';
    line += textCell(t.header[col] ?? '', TableAlign.Center, sizes[col]!);
  }
  lines.push(line);
  for (const row of t.rows) {
    line = '';
    for (let col = 0; col < nCols; col++) {
      if (col > 0) line += ' ';
      const cell = row[col];
      const align = typeof cell === 'object' ? cell.align ?? TableAlign.Default : TableAlign.Default;
      line += textCell(cellText(cell), align === TableAlign.Default ? TableAlign.Right : align, sizes[col]!);
    }
    lines.push(line);
  }
  return lines.join('\n');
}
