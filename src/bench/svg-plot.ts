// src/bench/svg-plot.ts: a line chart as a standalone SVG document, for `vppsim bench` reports.
// Pure and deterministic: the same spec gives the same bytes (coordinates rounded to 0.1 px, no
// clock, no randomness, no environment); no dependency.
//
//   +--------------------------------------------------------------+
//   |                            title                             |
//   |  y ticks ┬───────────────────────────────────┐  legend       |
//   |  (label) │  series: polyline per run of      │  ── ● name 1  |
//   |          │  non-null points, a marker on     │  ╌╌ ■ name 2  |
//   |          │  each point, gaps where null      │               |
//   |          └───────────────────────────────────┘               |
//   |             x ticks (categories or numbers)                  |
//   |                        x label                               |
//   +--------------------------------------------------------------+

import { formatSi, isTimeUnit, unitScale } from './report-format.js';

/** Linear or logarithmic (base 10) scale. */
export type ScaleKind = 'linear' | 'log';

/** A categorical x axis: points sit at the centres of equal bands, in this order. */
export interface CategoryXAxis {
  readonly kind: 'category';
  readonly label: string;
  /** One per point, e.g. ['idle', '1k', '10k', '100k', 'max']. */
  readonly categories: readonly string[];
}

/** A numeric x axis: point i is at `values[i]` (> 0 on a log axis). */
export interface NumericXAxis {
  readonly kind: ScaleKind;
  readonly label: string;
  /** Unit of the values, shown scaled in the axis label ("msg/s" → "M msg/s"); '' for none. */
  readonly unit?: string;
  readonly values: readonly number[];
}

/** The y axis. */
export interface YAxis {
  readonly label: string;
  /** Unit of the values, shown scaled in the axis label ("ns" → "µs" when the ticks reach 1000 ns). */
  readonly unit: string;
  /** Default linear. On a log axis, values ≤ 0 are treated as missing. */
  readonly scale?: ScaleKind;
  /** Forced domain ends (the ticks then round outwards); a linear axis otherwise starts at 0 when no value is negative. */
  readonly min?: number;
  readonly max?: number;
}

/** One named line: `y[i]` belongs to the axis's point i; null (or non-finite) leaves a gap. */
export interface LineSeries {
  readonly name: string;
  readonly y: readonly (number | null)[];
}

/** Everything a chart shows. Sizes are in px. */
export interface LineChartSpec {
  readonly title: string;
  readonly x: CategoryXAxis | NumericXAxis;
  readonly y: YAxis;
  readonly series: readonly LineSeries[];
  /** Default 720 × 420. */
  readonly width?: number;
  readonly height?: number;
}

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
const kColours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;
/** Dash patterns: six, so with eight colours 24 series look distinct. */
const kDashes = ['', '6 3', '2 3', '8 3 2 3', '12 4', '4 2 1 2'] as const;
const kMarkers = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;
type Marker = (typeof kMarkers)[number];

/** Approximate advance of one character at font-size 12 sans-serif, px: lays out labels without measuring. */
const kCharPx = 7;
const kFontPx = 12;

/** Text escaped for XML content and attribute values. */
export function escapeXml (s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with one decimal, never "-0". */
const px = (v: number): string => String(Math.round(v * 10) / 10 + 0);

/** A tick value: at most 6 significant digits, no float noise ("0.30000000000000004" → "0.3"). */
const tickText = (v: number): string => String(Number(v.toPrecision(6)) + 0);

/** 1, 2 or 5 × 10^k, the nice step nearest above `raw`. */
function niceStep (raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** A mapped axis: its domain ends, ticks (in data units) and a map to a fraction 0 … 1. */
interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  readonly frac: (v: number) => number;
}

function linearScale (lo: number, hi: number, target: number): Scale {
  if (!(hi > lo)) { const d = lo === 0 ? 1 : Math.abs(lo) * 0.1; lo -= d; hi += d; }
  const step = niceStep((hi - lo) / target);
  const i0 = Math.floor(lo / step + 1e-9);
  const i1 = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = i0; i <= i1; i++) ticks.push(Number((i * step).toPrecision(12)));
  const a = i0 * step;
  const b = i1 * step;
  return { lo: a, hi: b, ticks, frac: (v) => (v - a) / (b - a) };
}

function logScale (lo: number, hi: number): Scale {
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  let e1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (e1 <= e0) e1 = e0 + 1;
  const decades = e1 - e0;
  const stride = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) {
    if ((e - e0) % stride === 0) ticks.push(Number((10 ** e).toPrecision(12)));
    if (decades <= 2 && e < e1) for (const m of [2, 5]) ticks.push(Number((m * 10 ** e).toPrecision(12)));
  }
  const a = 10 ** e0;
  const b = 10 ** e1;
  return { lo: a, hi: b, ticks, frac: (v) => (Math.log10(v) - e0) / (e1 - e0) };
}

/** True if `v` can be drawn on a scale of `kind`. */
const drawable = (v: number | null | undefined, kind: ScaleKind): v is number =>
  typeof v === 'number' && Number.isFinite(v) && (kind === 'linear' || v > 0);

function yScale (spec: LineChartSpec): Scale {
  const kind = spec.y.scale ?? 'linear';
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) for (const v of s.y) if (drawable(v, kind)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (kind === 'log') {
    if (spec.y.min !== undefined && spec.y.min > 0) lo = spec.y.min;
    if (spec.y.max !== undefined && spec.y.max > 0) hi = spec.y.max;
    if (!Number.isFinite(lo)) { lo = 1; hi = 10; }
    if (!(hi >= lo)) hi = lo;
    return logScale(lo, hi);
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (spec.y.min !== undefined) lo = spec.y.min;
  else if (lo > 0) lo = 0;
  if (spec.y.max !== undefined) hi = spec.y.max;
  if (!(hi >= lo)) hi = lo;
  return linearScale(lo, hi, 5);
}

function checkSpec (spec: LineChartSpec): void {
  const n = spec.x.kind === 'category' ? spec.x.categories.length : spec.x.values.length;
  if (n === 0) throw new RangeError('spec.x must have at least one point');
  if (spec.x.kind !== 'category') {
    for (const v of spec.x.values) {
      if (!Number.isFinite(v) || (spec.x.kind === 'log' && v <= 0)) throw new RangeError(`spec.x.values: ${v} cannot sit on a ${spec.x.kind} axis`);
    }
  }
  for (const s of spec.series) {
    if (s.y.length !== n) throw new RangeError(`spec.series "${s.name}" has ${s.y.length} values for ${n} x points`);
  }
}

/** A marker of `shape` centred on (x, y), filled with `colour`. */
function marker (shape: Marker, x: number, y: number, colour: string): string {
  const r = 3.5;
  switch (shape) {
    case 'circle': return `<circle cx="${px(x)}" cy="${px(y)}" r="${r}" fill="${colour}"/>`;
    case 'square': return `<rect x="${px(x - r)}" y="${px(y - r)}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
    case 'triangle': return `<path d="M${px(x)} ${px(y - r - 0.5)}L${px(x + r + 0.5)} ${px(y + r)}L${px(x - r - 0.5)} ${px(y + r)}Z" fill="${colour}"/>`;
    case 'diamond': return `<path d="M${px(x)} ${px(y - r - 1)}L${px(x + r + 1)} ${px(y)}L${px(x)} ${px(y + r + 1)}L${px(x - r - 1)} ${px(y)}Z" fill="${colour}"/>`;
    case 'cross': return `<path d="M${px(x - r)} ${px(y - r)}L${px(x + r)} ${px(y + r)}M${px(x - r)} ${px(y + r)}L${px(x + r)} ${px(y - r)}" stroke="${colour}" stroke-width="2" fill="none"/>`;
  }
}

/** FNV-1a of `s`, hex: a deterministic id suffix, so two charts in one page do not share a clip path. */
function fnv1a (s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Tick labels and axis title. Linear: one unit scale for the whole axis, plain numbers on the
 * ticks, the scaled unit in the title ("one-way latency (µs)"). Log: each tick scaled on its own
 * ("10 µs", "1 ms"; "100 k", "1 M" for other units), the base unit in the title
 * ("round trip (ns, log scale)").
 */
function axisText (scale: Scale, kind: ScaleKind, label: string, unit: string): { labels: string[]; title: string } {
  if (kind === 'log') {
    const labels = scale.ticks.map((t) => formatSi(t, isTimeUnit(unit) ? unit : ''));
    return { labels, title: unit === '' ? `${label} (log scale)` : `${label} (${unit}, log scale)` };
  }
  const u = unitScale(Math.max(...scale.ticks.map(Math.abs)), unit);
  return { labels: scale.ticks.map((t) => tickText(t / u.divisor)), title: u.unit === '' ? label : `${label} (${u.unit})` };
}

/**
 * The chart as an SVG document (UTF-8 text, no XML declaration). Throws RangeError for a spec
 * whose series lengths differ from the x axis or whose x values cannot sit on their axis.
 */
export function lineChartSvg (spec: LineChartSpec): string {
  checkSpec(spec);
  const W = spec.width ?? 720;
  const H = spec.height ?? 420;
  const nPts = spec.x.kind === 'category' ? spec.x.categories.length : spec.x.values.length;

  // y ticks and their unit, scaled once for the whole axis
  const ys = yScale(spec);
  const yKind = spec.y.scale ?? 'linear';
  const yText = axisText(ys, yKind, spec.y.label, spec.y.unit);
  const yLabels = yText.labels;

  // x ticks: categories, or numbers with their unit scaled once
  let xs: Scale | null = null;
  let xLabels: string[];
  let xTicks: number[];
  let xTitle: string;
  if (spec.x.kind === 'category') {
    xLabels = [...spec.x.categories];
    xTicks = xLabels.map((_c, i) => i);
    xTitle = spec.x.label;
  } else {
    const v = spec.x.values;
    xs = spec.x.kind === 'log' ? logScale(Math.min(...v), Math.max(...v)) : linearScale(Math.min(...v), Math.max(...v), 6);
    const xText = axisText(xs, spec.x.kind, spec.x.label, spec.x.unit ?? '');
    xTicks = [...xs.ticks];
    xLabels = xText.labels;
    xTitle = xText.title;
  }

  // layout
  const legendW = spec.series.length === 0 ? 0 : 24 + 8 + kCharPx * Math.max(...spec.series.map((s) => s.name.length)) + 16;
  const left = 16 + kFontPx + 8 + kCharPx * Math.max(...yLabels.map((l) => l.length)) + 8;
  const top = 48;
  const right = W - 16 - legendW;
  const bottom = H - 56;
  const plotW = Math.max(10, right - left);
  const plotH = Math.max(10, bottom - top);
  const yPx = (v: number): number => bottom - ys.frac(v) * plotH;
  const xPx = (i: number): number => (xs === null ? left + plotW * (i + 0.5) / nPts : left + xs.frac(i) * plotW);
  const xOfPoint = (i: number): number => (spec.x.kind === 'category' ? xPx(i) : xPx((spec.x.values[i] as number)));
  const clipId = `plot-${fnv1a(JSON.stringify(spec))}`;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="${kFontPx}">`);
  out.push(`<title>${escapeXml(spec.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${px(W / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`);
  out.push(`<defs><clipPath id="${clipId}"><rect x="${px(left - 6)}" y="${px(top - 6)}" width="${px(plotW + 12)}" height="${px(plotH + 12)}"/></clipPath></defs>`);

  // grid and y axis
  out.push('<g class="y-axis">');
  ys.ticks.forEach((t, i) => {
    const y = yPx(t);
    out.push(`<line x1="${px(left)}" y1="${px(y)}" x2="${px(right)}" y2="${px(y)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${px(left - 6)}" y="${px(y + 4)}" text-anchor="end">${escapeXml(yLabels[i] as string)}</text>`);
  });
  const yTitleX = 16 + kFontPx / 2;
  out.push(`<text x="${px(yTitleX)}" y="${px(top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 ${px(yTitleX)} ${px(top + plotH / 2)})">` +
    `${escapeXml(yText.title)}</text>`);
  out.push(`<line x1="${px(left)}" y1="${px(top)}" x2="${px(left)}" y2="${px(bottom)}" stroke="#333333"/>`);
  out.push('</g>');

  // x axis
  out.push('<g class="x-axis">');
  out.push(`<line x1="${px(left)}" y1="${px(bottom)}" x2="${px(right)}" y2="${px(bottom)}" stroke="#333333"/>`);
  xTicks.forEach((t, i) => {
    const x = xPx(t);
    out.push(`<line x1="${px(x)}" y1="${px(bottom)}" x2="${px(x)}" y2="${px(bottom + 5)}" stroke="#333333"/>`);
    out.push(`<text x="${px(x)}" y="${px(bottom + 18)}" text-anchor="middle">${escapeXml(xLabels[i] as string)}</text>`);
  });
  out.push(`<text x="${px(left + plotW / 2)}" y="${px(H - 14)}" text-anchor="middle">` +
    `${escapeXml(xTitle)}</text>`);
  out.push('</g>');

  // series: one polyline per run of drawable points, a marker on every point
  spec.series.forEach((s, k) => {
    const colour = kColours[k % kColours.length] as string;
    const dash = kDashes[k % kDashes.length] as string;
    const shape = kMarkers[k % kMarkers.length] as Marker;
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    out.push(`<g class="series" data-name="${escapeXml(s.name)}" clip-path="url(#${clipId})">`);
    let run: string[] = [];
    const flush = (): void => {
      if (run.length >= 2) out.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dashAttr}/>`);
      run = [];
    };
    const marks: string[] = [];
    for (let i = 0; i < nPts; i++) {
      const v = s.y[i];
      if (!drawable(v, yKind)) { flush(); continue; }
      const x = xOfPoint(i);
      const y = yPx(v);
      run.push(`${px(x)},${px(y)}`);
      marks.push(marker(shape, x, y, colour));
    }
    flush();
    out.push(...marks);
    out.push('</g>');
  });

  // legend
  if (spec.series.length > 0) {
    out.push('<g class="legend">');
    const lx = right + 16;
    spec.series.forEach((s, k) => {
      const colour = kColours[k % kColours.length] as string;
      const dash = kDashes[k % kDashes.length] as string;
      const y = top + 8 + k * 20;
      out.push(`<line x1="${px(lx)}" y1="${px(y)}" x2="${px(lx + 24)}" y2="${px(y)}" stroke="${colour}" stroke-width="2"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`);
      out.push(marker(kMarkers[k % kMarkers.length] as Marker, lx + 12, y, colour));
      out.push(`<text x="${px(lx + 32)}" y="${px(y + 4)}">${escapeXml(s.name)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
