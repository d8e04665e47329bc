// The session layer on real threads: 4 apps on 2 workers, bursts and pauses, every message
// handled exactly once, every worker state transition obeying VPP's rule.
import { expect } from 'chai';
import { runRealThreads } from '../src/runtime/real-run.js';
import { createSessionInit } from '../src/session/session-main.js';
import { createTestTransportInit, testCounters } from './fixtures/test-transport.js';
import type { BurstUser } from './fixtures/burst-app.js';
import { formatWrkState } from '../src/session/session-types.js';
import { elogDumpRecords } from '../graph/elog.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}.js`, import.meta.url).href;

describe('session layer on real threads', function () {
  this.timeout(300_000);

  it('4 apps on 2 workers, 1 million messages in bursts and pauses: each handled once, in order, by VPP\'s rule', async () => {
    const nThreads = 3;
    const workers = [1, 2];
    const nApps = 4;
    const bursts = 10;
    const perBurst = 12_500; // per app, per worker: 4 × 2 × 10 × 12,500 = 1,000,000
    const pauseNs = 30e6;
    const session = createSessionInit({
      nThreads, usePrivateRxMqs: true, noAdaptive: false, pollMain: false, wrkMqLength: 2048,
      eventPoolSize: 4096, ctrlDataSize: 256, sessionPoolSize: 64,
    });
    const tt = createTestTransportInit(nThreads, nApps, 16384);
    const times = new SharedArrayBuffer(nApps * bursts * 16);
    const total = nApps * workers.length * bursts * perBurst;
    const counted = (): number => {
      let n = 0;
      for (const t of workers) for (let k = 0; k < nApps; k++) n += testCounters(tt, t, k).messages;
      return n;
    };
    const r = await runRealThreads({
      nThreads,
      graphModule: fixture('session-test-graph'),
      user: { session, enable: true, tt },
      apps: Array.from({ length: nApps }, (_, k) => ({
        module: fixture('burst-app'),
        user: { tt, k, workers, perBurst, bursts, pauseNs, times } satisfies BurstUser,
      })),
      until: () => counted() === total,
      durationNs: 240e9,
      elogCapacity: 1 << 20,
    });
    // every message exactly once and in order
    for (const t of workers) {
      for (let k = 0; k < nApps; k++) {
        const c = testCounters(tt, t, k);
        expect(c.messages, `thread ${t} app ${k}`).to.equal(bursts * perBurst);
        expect(c.lastSeq).to.equal(bursts * perBurst);
        expect(c.orderErrors).to.equal(0);
      }
    }
    expect(r.apps.reduce((n, a) => n + (a.result as { written: number }).written, 0)).to.equal(total);
    // every transition obeys the rule with the values it saw
    let nTransitions = 0;
    let toPolling = 0;
    for (const t of workers) {
      const th = r.threads.find((x) => x.threadIndex === t)!;
      const tr = elogDumpRecords(th.elog).filter((e) => e.type === 'session-wrk-state');
      nTransitions += tr.length;
      for (const e of tr) {
        const from = formatWrkState(e.a & 15);
        const to = formatWrkState((e.a >> 4) & 15);
        const sessions = e.a >>> 12;
        const rule = `${from}>${to}`;
        if (rule === 'polling>interrupt') expect(e.b === 5 && e.c < 1, e.text).to.equal(true);
        else if (rule === 'interrupt>polling') { toPolling++; expect(e.b > 5 || e.c > 1, e.text).to.equal(true); }
        else if (rule === 'interrupt>idle') expect(sessions, e.text).to.equal(0);
        else expect(rule, e.text).to.equal('idle>interrupt');
      }
      // after each pause (well past the burst's end), the worker is in INTERRUPT: it has sessions
      const tv = new Float64Array(times);
      for (let b = 0; b < bursts - 1; b++) {
        const quiet = Math.max(...Array.from({ length: nApps }, (_, k) => tv[(k * bursts + b) * 2 + 1]!)) + pauseNs / 2;
        const before = tr.filter((e) => e.t <= quiet);
        const state = before.length === 0 ? 'polling' : formatWrkState(((before[before.length - 1]!.a) >> 4) & 15);
        const nextBurst = Math.min(...Array.from({ length: nApps }, (_, k) => tv[(k * bursts + b + 1) * 2]!));
        if (quiet < nextBurst) expect(state, `thread ${t} after burst ${b}`).to.equal('interrupt');
      }
    }
    expect(nTransitions).to.be.greaterThan(0);
    expect(toPolling).to.be.greaterThan(0, 'bursts beyond the 128 budget sent workers to POLLING');
  });
});
