// src/session/session-latency.ts: where the session workers record how long apps' TX events
// waited, per vpp thread, in shared memory main and the orchestrator read: stage 1 from the app's
// post to the drain of its mq into the worker's lists (rx mq wait and `appsl-rx-mqs-input`),
// stage 2 from there to `session-queue`'s dispatch of the TX. vppsim only (VPP measures neither).

import { LATENCY_HIST_WORDS, LatencyHistogram } from '../stats/latency-histogram.js';

/** The stages the session workers measure. */
export const SessionLatencyStage = { AppToList: 0, ListToDispatch: 1 } as const;
const N_STAGES = 2;

/** Bytes of the histograms of `nThreads` threads. */
export const sessionLatencyBytes = (nThreads: number): number => nThreads * N_STAGES * LATENCY_HIST_WORDS * 8;

/** Every thread's stage histograms, viewed from one realm. */
export class SessionLatency {
  private readonly hists: LatencyHistogram[] = [];

  constructor (sab: SharedArrayBuffer, nThreads: number) {
    const f64 = new Float64Array(sab);
    for (let t = 0; t < nThreads; t++) {
      for (let s = 0; s < N_STAGES; s++) this.hists.push(new LatencyHistogram(f64, (t * N_STAGES + s) * LATENCY_HIST_WORDS));
    }
  }

  /** Thread `t`'s histogram of stage `s` (SessionLatencyStage). */
  hist (t: number, s: number): LatencyHistogram { return this.hists[t * N_STAGES + s] as LatencyHistogram; }

  /** Stage `s` over all threads (a copy). */
  merged (s: number): LatencyHistogram {
    const h = new LatencyHistogram();
    for (let t = 0; t < this.hists.length / N_STAGES; t++) h.merge(this.hist(t, s));
    return h;
  }
}
