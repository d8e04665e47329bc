// graph/format-event-logger.ts: `show event-logger [N|all]`. VPP keeps one event ring for all
// threads and prints, oldest first, at most N of the events in it (default 250) after the line
// "<in buffer> of <ring size> events in buffer, logger running". vppsim keeps a ring per thread;
// it merges them by time from the first moment every ring still covers, and names the thread on
// each line (VPP's event formats mostly leave it out).
// Models: src/vlib/main.c elog_show_buffer_internal, src/vppinfra/elog.c format_elog_event.

import type { ElogRecord } from './elog.js';
import { vppFormat } from './vpp-format.js';

/** One thread's events for {@link formatShowEventLogger}. */
export interface EventLoggerThread {
  readonly name: string;
  /** Its kept events, oldest first. */
  readonly records: readonly ElogRecord[];
  /** True if its ring dropped older events. */
  readonly wrapped: boolean;
  /** Its ring size, events. */
  readonly capacity: number;
}

/**
 * The text of `show event-logger`: `count` events (or all) from the oldest of the merged window,
 * time in seconds as VPP's `%18.9f`. `missing` names threads whose logs this realm cannot read
 * (real threads other than main), said in a last line.
 */
export function formatShowEventLogger (threads: readonly EventLoggerThread[], count: number | 'all', missing: readonly string[] = []): string {
  // the window every ring still covers: after the newest "oldest kept event" of a wrapped ring
  let from = -Infinity;
  for (const th of threads) if (th.wrapped && th.records.length > 0) from = Math.max(from, (th.records[0] as ElogRecord).t);
  const merged: { r: ElogRecord; name: string }[] = [];
  for (const th of threads) for (const r of th.records) if (r.t >= from) merged.push({ r, name: th.name });
  merged.sort((x, y) => x.r.t - y.r.t || x.r.thread - y.r.thread);
  const ringSize = threads.reduce((n, th) => n + th.capacity, 0);
  let out = vppFormat('%d of %d events in buffer, logger running', merged.length, ringSize) + '\n';
  const n = count === 'all' ? merged.length : Math.min(count, merged.length);
  for (let k = 0; k < n; k++) {
    const m = merged[k] as { r: ElogRecord; name: string };
    out += vppFormat('%18.9f: %s: %s', m.r.t / 1e9, m.name, m.r.text) + '\n';
  }
  if (missing.length > 0) out += `(events of ${missing.join(', ')} run on other real threads: see --trace or --json)\n`;
  return out;
}
