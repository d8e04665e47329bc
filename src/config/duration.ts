// src/config/duration.ts: durations as users write them on the command line and in scenarios.

import { ConfigError } from '../errors.js';

const units: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9 };

/**
 * Parses `250ms`, `1.5s`, `100us`, `2m` or a bare number of seconds into ns. Throws ConfigError
 * naming `field` for anything else, for negative values, and for more than a day.
 */
export function parseDurationNs (text: string, field: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m)?\s*$/.exec(text);
  if (m === null) throw new ConfigError(`${field}: '${text}' is not a duration (examples: 500ms, 2s, 100us)`);
  const ns = Number(m[1]) * (units[m[2] ?? 's'] ?? 1e9);
  if (ns > 86_400e9) throw new ConfigError(`${field}: '${text}' is longer than a day`);
  return Math.round(ns);
}
