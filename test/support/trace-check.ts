// test/support/trace-check.ts: what every Chrome trace vppsim writes must satisfy.

import { expect } from 'chai';
import type { TraceEvent } from '../../src/trace/chrome-trace.js';

/**
 * Checks a parsed trace: complete events (X) of each track nest (a slice starting inside
 * another ends inside it), nothing had to be cut, and every arrow (s) has its end (f).
 * Returns the number of complete events.
 */
export function checkTraceNests (tr: { traceEvents: TraceEvent[]; otherData: Record<string, unknown> }): number {
  expect(tr.otherData.clippedSlices).to.equal(0, 'no slice had to be cut to nest');
  const tracks = new Map<string, { a: number; b: number }[]>();
  let n = 0;
  for (const e of tr.traceEvents) {
    if (e.ph !== 'X') continue;
    n++;
    const k = `${e.pid}:${e.tid}`;
    const l = tracks.get(k) ?? [];
    const a = Math.round((e.ts as number) * 1000);
    l.push({ a, b: a + Math.round((e.dur as number) * 1000) });
    tracks.set(k, l);
  }
  for (const [k, l] of tracks) {
    l.sort((p, q) => p.a - q.a || (q.b - q.a) - (p.b - p.a));
    const stack: number[] = [];
    for (const s of l) {
      while (stack.length > 0 && (stack[stack.length - 1] as number) < s.a) stack.pop();
      while (stack.length > 0 && (stack[stack.length - 1] as number) === s.a && s.b > s.a) stack.pop();
      if (stack.length > 0) expect(s.b, `track ${k}: a slice ending past its parent`).to.be.at.most(stack[stack.length - 1] as number);
      stack.push(s.b);
    }
  }
  const starts = tr.traceEvents.filter((e) => e.ph === 's').map((e) => e.id);
  const ends = tr.traceEvents.filter((e) => e.ph === 'f').map((e) => e.id);
  expect(new Set(ends)).to.deep.equal(new Set(starts), 'every arrow has its start and its end');
  return n;
}
