// src/session/session-latency.ts: where the session workers record how long apps' TX events
// waited, per vpp thread and per app tag, in shared memory main and the orchestrator read:
// stage 1 from the app's post to the drain of its mq into the worker's lists (rx mq wait and
// `appsl-rx-mqs-input`), stage 2 from there to `session-queue`'s dispatch of the TX. An app's tag
// (1…, 0: untagged) rides in its events with the post time. vppsim only (VPP measures neither).

import { defineElogType } from '../../graph/elog.js';
import { LATENCY_HIST_WORDS, LatencyHistogram } from '../stats/latency-histogram.js';

/**
 * `session-queue` took an app's TX event: a = app tag | session index << 11, b = ns from the
 * app's post to the drain of its mq into the worker's lists (stage 1), c = ns from there to this
 * dispatch (stage 2). One per stamped event; `vppsim explain` reads them.
 */
export const ElogSessionTxStages = defineElogType('session-tx-stages', (_n, a, b, c) =>
  `tx event of app tag ${a & 2047} session ${a >>> 11}: ${b} ns in the rx mq, ${c} ns in the worker's lists`);

/** The stages the session workers measure. */
export const SessionLatencyStage = { AppToList: 0, ListToDispatch: 1 } as const;
const N_STAGES = 2;

/** Largest app tag an event can carry (11 bits above the post time's high word). */
export const SESSION_LATENCY_MAX_TAG = 2047;

/** Bytes of the histograms of `nThreads` threads and tags 0…`maxTag`. */
export const sessionLatencyBytes = (nThreads: number, maxTag: number): number => nThreads * N_STAGES * (maxTag + 1) * LATENCY_HIST_WORDS * 8;

/**
 * Splits an event's words 2–3 into the post time (ns, 53 bits) and the app tag (the top 11
 * bits of word 3); see {@link sessionLatencyStamp}.
 */
export const stampNs = (lo: number, hi: number): number => (lo >>> 0) + (hi & 0x1fffff) * 4294967296;
/** The app tag of words 2–3. */
export const stampTag = (hi: number): number => hi >>> 21;
/** Word 3 for a post time and an app tag (word 2 is the time's low 32 bits). */
export const sessionLatencyStamp = (ns: number, tag: number): number => (Math.floor(ns / 4294967296) & 0x1fffff) | (tag << 21);

/** Every thread's stage histograms, per app tag, viewed from one realm. */
export class SessionLatency {
  private readonly hists: LatencyHistogram[] = [];
  private readonly nTags: number;

  constructor (sab: SharedArrayBuffer, readonly nThreads: number, maxTag: number) {
    const f64 = new Float64Array(sab);
    this.nTags = maxTag + 1;
    for (let i = 0; i < nThreads * N_STAGES * this.nTags; i++) this.hists.push(new LatencyHistogram(f64, i * LATENCY_HIST_WORDS));
  }

  /** Thread `t`'s histogram of stage `s` (SessionLatencyStage) for app tag `tag` (beyond the last: the last). */
  hist (t: number, s: number, tag = 0): LatencyHistogram {
    return this.hists[(t * N_STAGES + s) * this.nTags + Math.min(tag, this.nTags - 1)] as LatencyHistogram;
  }

  /** Stage `s` over all threads, for one tag or (undefined) all of them (a copy). */
  merged (s: number, tag?: number): LatencyHistogram {
    const h = new LatencyHistogram();
    for (let t = 0; t < this.nThreads; t++) {
      if (tag !== undefined) h.merge(this.hist(t, s, tag));
      else for (let g = 0; g < this.nTags; g++) h.merge(this.hist(t, s, g));
    }
    return h;
  }
}
