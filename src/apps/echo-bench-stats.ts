// src/apps/echo-bench-stats.ts: where the echo bench apps (echo-bench.ts) keep their counters and
// latency histograms: one block per app in a SharedArrayBuffer that `vppsim bench`'s main thread
// reads while the run goes on. Each app writes only its own block (plain Float64 stores, one
// writer); the reader takes a copy at the edges of each measurement window and subtracts, so no
// app needs to know where the windows are.
//
//   block i:  [sent, received, bytes, spare]  rtt hist | peer→app hist | VCL round-trip hist

import { LATENCY_HIST_WORDS, LatencyHistogram } from '../stats/latency-histogram.js';
import type { VclLatency } from '../app/vcl.js';

/** Messages written (client), or 0 (server). */
export const kEbSent = 0;
/** Messages whose whole echo came back (client), or 0 (server). */
export const kEbReceived = 1;
/** Bytes echoed (server), or bytes read back (client). */
export const kEbBytes = 2;
const kEbCounters = 4;
/** Round trip of each message, write → last echoed byte read, ns (client). */
export const kEbRttHist = kEbCounters;
/** From the peer's session-queue sending to this app reading (stage 3), ns. */
export const kEbPeerToAppHist = kEbRttHist + LATENCY_HIST_WORDS;
/** VCL's own round trip (a write with nothing outstanding to the next read), ns. */
export const kEbVclRttHist = kEbPeerToAppHist + LATENCY_HIST_WORDS;
/** Float64 words per app. */
export const EB_BLOCK_WORDS = kEbVclRttHist + LATENCY_HIST_WORDS;

/** Which block of which buffer an app writes (plain data; the buffer is shared). */
export interface EchoBenchStatsRef {
  readonly sab: SharedArrayBuffer;
  readonly index: number;
}

/** A buffer for `nApps` blocks. */
export function createEchoBenchStats (nApps: number): SharedArrayBuffer {
  if (!Number.isInteger(nApps) || nApps < 0) throw new RangeError('nApps must be a non-negative integer');
  return new SharedArrayBuffer(Math.max(1, nApps) * EB_BLOCK_WORDS * 8);
}

/** One app's view of its block. */
export class EchoBenchStats {
  readonly f64: Float64Array;
  readonly base: number;
  /** The client's round-trip histogram. */
  readonly rtt: LatencyHistogram;
  /** Histograms the app's VclWorker records into. */
  readonly vcl: VclLatency;

  constructor (ref: EchoBenchStatsRef) {
    this.f64 = new Float64Array(ref.sab);
    this.base = ref.index * EB_BLOCK_WORDS;
    if (ref.index < 0 || this.base + EB_BLOCK_WORDS > this.f64.length) throw new RangeError(`echo bench stats block ${ref.index} is outside its buffer`);
    this.rtt = new LatencyHistogram(this.f64, this.base + kEbRttHist);
    this.vcl = {
      peerToApp: new LatencyHistogram(this.f64, this.base + kEbPeerToAppHist),
      roundTrip: new LatencyHistogram(this.f64, this.base + kEbVclRttHist),
    };
  }

  /** Sets counter `k` (kEb*). */
  set (k: number, v: number): void { this.f64[this.base + k] = v; }

  /** A copy of the whole block (the reader's sample). */
  snapshot (): Float64Array { return this.f64.slice(this.base, this.base + EB_BLOCK_WORDS); }
}
