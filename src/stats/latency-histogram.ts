// src/stats/latency-histogram.ts: a latency histogram in a Float64Array (its own, or a slice of a
// SharedArrayBuffer another thread reads): logarithmic buckets, 8 per power of two, so any
// percentile is within 9% of the true value, from 1 ns to 2^40 ns (~18 min). Recording allocates
// nothing.

/** Sub-buckets per power of two. */
const SUB = 8;
/** Powers of two covered. */
const POW = 41;
/** Buckets, plus the count and the max. */
export const LATENCY_HIST_WORDS = SUB * POW + 2;
const kCount = SUB * POW;
const kMax = kCount + 1;

/** Percentiles of one histogram, ns. */
export interface LatencyPercentiles {
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The bucket of `ns` (≥ 0). */
function bucketOf (ns: number): number {
  if (ns < 1) return 0;
  const e = Math.min(POW - 1, Math.floor(Math.log2(ns)));
  const base = 2 ** e;
  const sub = Math.min(SUB - 1, Math.floor(((ns - base) / base) * SUB));
  return e * SUB + sub;
}

/** The middle of bucket `b`, ns. */
function bucketValue (b: number): number {
  const e = Math.floor(b / SUB);
  const base = 2 ** e;
  return base + (base * ((b % SUB) + 0.5)) / SUB;
}

/** A histogram over `f64[base … base + LATENCY_HIST_WORDS)`. One writer at a time. */
export class LatencyHistogram {
  constructor (readonly f64: Float64Array = new Float64Array(LATENCY_HIST_WORDS), readonly base = 0) {}

  /** Records one latency, ns (negative values count as 0). */
  record (ns: number): void {
    const f = this.f64;
    const b = this.base;
    const v = ns > 0 ? ns : 0;
    const i = b + bucketOf(v);
    f[i] = (f[i] as number) + 1;
    f[b + kCount] = (f[b + kCount] as number) + 1;
    if (v > (f[b + kMax] as number)) f[b + kMax] = v;
  }

  /** Samples recorded. */
  get count (): number { return this.f64[this.base + kCount] as number; }

  /** Adds `o`'s samples to this one. */
  merge (o: LatencyHistogram): void {
    for (let k = 0; k < kCount + 1; k++) this.f64[this.base + k] = (this.f64[this.base + k] as number) + (o.f64[o.base + k] as number);
    if ((o.f64[o.base + kMax] as number) > (this.f64[this.base + kMax] as number)) this.f64[this.base + kMax] = o.f64[o.base + kMax] as number;
  }

  /** p50/p90/p99 (bucket middles) and the exact max; null with no samples. */
  percentiles (): LatencyPercentiles | null {
    const n = this.count;
    if (n === 0) return null;
    return { samples: n, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.f64[this.base + kMax] as number };
  }

  /**
   * The `q` quantile (0 < q ≤ 1, nearest rank), ns: its bucket's middle, never above the max;
   * NaN with no samples.
   */
  quantile (q: number): number {
    const f = this.f64;
    const b = this.base;
    const n = f[b + kCount] as number;
    if (n === 0) return NaN;
    const want = Math.ceil(q * n);
    let seen = 0;
    for (let k = 0; k < kCount; k++) {
      seen += f[b + k] as number;
      if (seen >= want) return Math.min(Math.round(bucketValue(k)), f[b + kMax] as number);
    }
    return f[b + kMax] as number;
  }

  /**
   * What was recorded between two copies of one histogram (`earlier` and `later`, each
   * LATENCY_HIST_WORDS from `base`): bucket counts subtracted, the count their sum; the max is
   * the upper edge of the highest bucket left, capped by `later`'s max. Copies taken while the
   * writer runs may be a sample apart; a bucket that would go negative counts 0.
   */
  static between (earlier: Float64Array, later: Float64Array, earlierBase = 0, laterBase = 0): LatencyHistogram {
    const h = new LatencyHistogram();
    const f = h.f64;
    let n = 0;
    let top = -1;
    for (let k = 0; k < kCount; k++) {
      const d = Math.max(0, (later[laterBase + k] as number) - (earlier[earlierBase + k] as number));
      f[k] = d;
      n += d;
      if (d > 0) top = k;
    }
    f[kCount] = n;
    if (top >= 0) {
      const e = Math.floor(top / SUB);
      const upper = 2 ** e + (2 ** e * ((top % SUB) + 1)) / SUB;
      f[kMax] = Math.min(upper, later[laterBase + kMax] as number);
    }
    return h;
  }

  /** A plain copy (to send to another thread). */
  snapshot (): Float64Array { return this.f64.slice(this.base, this.base + LATENCY_HIST_WORDS); }
}
