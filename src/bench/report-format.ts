// src/bench/report-format.ts: text forms of benchmark results: markdown tables, CSV (RFC 4180)
// and numbers with readable units. Pure functions: same input, same string.

/** A table cell: text, a number (formatted by {@link formatCell}), or nothing. */
export type Cell = string | number | null | undefined;

/** Column alignment in a markdown table. */
export type Align = 'left' | 'right' | 'center';

/**
 * A number as a table shows it: integers in full, others with 4 significant digits (but never
 * rounded above the units: 12345.6 → "12346"), non-finite as "n/a". Strings pass through.
 */
export function formatCell (c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if (!Number.isFinite(c)) return 'n/a';
  if (Number.isInteger(c)) return String(c);
  if (Math.abs(c) >= 1000) return c.toFixed(0);
  return trimZeros(c.toPrecision(4));
}

/** Drops trailing zeros of a decimal fraction ("1.500" → "1.5", "2.000" → "2"); keeps exponents. */
function trimZeros (s: string): string {
  if (s.includes('e') || !s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

/** True for a cell that reads as a number: a number, or text that starts like one ("1.25 M msg/s", "-3 %"). */
const isNumeric = (c: Cell): boolean =>
  typeof c === 'number' || (typeof c === 'string' && /^[-+−]?(\d|\.\d)/.test(c.trim()));

/** Markdown cell text: pipes escaped, line breaks as spaces. */
const mdEscape = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');

/**
 * A GitHub-flavoured markdown table whose columns are padded to a common width, so it reads as
 * aligned text too. `align[i]` defaults to right for a column whose every non-empty cell is
 * numeric (see {@link formatCell}), else left. Rows shorter than `headers` get empty cells.
 * Ends with a newline.
 */
export function markdownTable (headers: readonly string[], rows: readonly (readonly Cell[])[], align?: readonly Align[]): string {
  const text = rows.map((r) => headers.map((_h, i) => mdEscape(formatCell(r[i]))));
  const head = headers.map(mdEscape);
  const aligns: Align[] = headers.map((_h, i) => {
    const given = align?.[i];
    if (given !== undefined) return given;
    const cells = rows.map((r) => r[i]).filter((c) => c !== null && c !== undefined && c !== '');
    return cells.length > 0 && cells.every(isNumeric) ? 'right' : 'left';
  });
  const width = headers.map((_h, i) => Math.max(3, (head[i] as string).length, ...text.map((r) => (r[i] as string).length)));
  const pad = (s: string, i: number): string => {
    const w = width[i] as number;
    switch (aligns[i]) {
      case 'right': return s.padStart(w);
      case 'center': { const left = Math.floor((w - s.length) / 2); return (' '.repeat(left) + s).padEnd(w); }
      default: return s.padEnd(w);
    }
  };
  const rule = aligns.map((a, i) => {
    const w = width[i] as number;
    if (a === 'right') return `${'-'.repeat(w - 1)}:`;
    if (a === 'center') return `:${'-'.repeat(w - 2)}:`;
    return '-'.repeat(w);
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head.map(pad)), line(rule), ...text.map((r) => line(r.map(pad)))].join('\n') + '\n';
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF; quotes doubled. */
function csvField (c: Cell): string {
  const s = c === null || c === undefined ? '' : typeof c === 'number' ? (Number.isFinite(c) ? String(c) : '') : c;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV as RFC 4180 writes it: a header record, then one record per row, each ended by CRLF.
 * Numbers are written in full (`String(n)`, no rounding); null, undefined and non-finite numbers
 * are empty fields.
 */
export function toCsv (headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const record = (cells: readonly Cell[]): string => headers.map((_h, i) => csvField(cells[i])).join(',');
  return [record(headers), ...rows.map(record)].map((r) => `${r}\r\n`).join('');
}

/** A scale for numbers of one unit: divide by `divisor`, then print with `unit`. */
export interface UnitScale {
  readonly divisor: number;
  /** The unit with its prefix: "M msg/s", "µs", "kB". */
  readonly unit: string;
}

/** Time units in ns, smallest first: a value in any of them moves up or down the ladder. */
const kTimeUnits: readonly (readonly [string, number])[] = [['ns', 1], ['µs', 1e3], ['ms', 1e6], ['s', 1e9]];
/** True for the units {@link unitScale} moves along the ns … s ladder. */
export const isTimeUnit = (unit: string): boolean => unit === 'us' || kTimeUnits.some(([u]) => u === unit);

/** SI prefixes above 1 for every other unit. */
const kPrefixes: readonly (readonly [string, number])[] = [['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15]];
/** Unit symbols a prefix joins without a space ("MB", "kHz"); others get one ("M msg/s"). */
const kJoinedUnits = new Set(['B', 'B/s', 'bit', 'bit/s', 'b/s', 'Hz', 'W']);

/**
 * The scale that prints `magnitude` (≥ 0, in `unit`) with 1 to 3 digits before the point.
 * Time units ("ns", "µs" or "us", "ms", "s") scale both ways between ns and s; other units
 * scale up only, by SI prefixes k … P, and never below 1 (0.5 msg/s stays 0.5 msg/s).
 */
export function unitScale (magnitude: number, unit: string): UnitScale {
  const m = Number.isFinite(magnitude) ? Math.abs(magnitude) : 0;
  const t = kTimeUnits.findIndex(([u]) => u === (unit === 'us' ? 'µs' : unit));
  if (t >= 0) {
    const ns = m * (kTimeUnits[t] as readonly [string, number])[1];
    let pick = kTimeUnits[0] as readonly [string, number];
    for (const u of kTimeUnits) if (ns >= u[1]) pick = u;
    return { divisor: pick[1] / (kTimeUnits[t] as readonly [string, number])[1], unit: pick[0] };
  }
  let pick = kPrefixes[0] as readonly [string, number];
  for (const p of kPrefixes) if (m >= p[1]) pick = p;
  const sep = pick[0] === '' || kJoinedUnits.has(unit) || unit === '' ? '' : ' ';
  return { divisor: pick[1], unit: `${pick[0]}${sep}${unit}` };
}

/** Options of {@link formatSi}. */
export interface FormatSiOptions {
  /** Significant digits (default 3). */
  readonly digits?: number;
  /** Keep trailing zeros ("1.00 M msg/s"); default false ("1 M msg/s"). */
  readonly keepZeros?: boolean;
}

/**
 * `value` in `unit`, scaled so it reads: `formatSi(1.25e6, 'msg/s')` → "1.25 M msg/s",
 * `formatSi(1500, 'ns')` → "1.5 µs", `formatSi(2.5e7, 'ns')` → "25 ms", `formatSi(0, 'ns')` →
 * "0 ns". Rounding that reaches the next prefix moves to it (999.7 ns → "1 µs"). Non-finite
 * values give "n/a". An empty unit gives the bare prefix ("1.25 M").
 */
export function formatSi (value: number, unit: string, o: FormatSiOptions = {}): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = o.digits ?? 3;
  let scale = unitScale(value, unit);
  let s = (Math.abs(value) / scale.divisor).toPrecision(digits);
  const rounded = Number(s) * scale.divisor;
  const again = unitScale(rounded, unit);
  if (again.divisor !== scale.divisor) {
    scale = again;
    s = (rounded / scale.divisor).toPrecision(digits);
  }
  if (s.includes('e')) s = String(Number(s)); // toPrecision's exponent form for ≥ 10^digits: print in full
  if (o.keepZeros !== true) s = trimZeros(s);
  const sign = value < 0 && Number(s) !== 0 ? '-' : '';
  return scale.unit === '' ? `${sign}${s}` : `${sign}${s} ${scale.unit}`;
}
