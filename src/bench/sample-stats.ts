// src/bench/sample-stats.ts: order statistics of a benchmark's samples. Runs after the
// measurement, never inside a timed loop (it sorts a copy).

/** Median, p99 and p99.9 of a set of samples, in the samples' unit. */
export interface SampleQuantiles {
  readonly median: number;
  readonly p99: number;
  readonly p999: number;
  readonly min: number;
  readonly max: number;
  /** How many samples these come from. */
  readonly samples: number;
}

/**
 * The q-quantile (0 < q ≤ 1) of ascending `sorted` by the nearest-rank rule: the smallest sample
 * with at least q of the samples at or below it. NaN when there are no samples.
 */
export function quantileSorted (sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1] as number;
}

/** Quantiles of `values` (not modified), each scaled by `scale` (e.g. 0.5: round trip → one way). */
export function sampleQuantiles (values: Float64Array, scale = 1): SampleQuantiles {
  const s = Float64Array.from(values).sort();
  return {
    median: quantileSorted(s, 0.5) * scale,
    p99: quantileSorted(s, 0.99) * scale,
    p999: quantileSorted(s, 0.999) * scale,
    min: (s.length === 0 ? Number.NaN : s[0] as number) * scale,
    max: (s.length === 0 ? Number.NaN : s[s.length - 1] as number) * scale,
    samples: s.length,
  };
}
