// src/svm on real threads: a producer and a consumer on two piscina worker threads move at least
// 10 million messages through each primitive (the fifo: 100 MB), once with the consumer polling
// and once with it sleeping on the eventfd. Every message arrives exactly once and in order, full
// queues never deadlock, and each run ends by itself. A guard watches the consumer's progress
// word: no progress for kStallMs (a deadlock), or a run longer than kCapMs, sets the abort word
// (the workers look at it at least every 100 ms) and fails the test instead of hanging. Slow is
// not failure: the machine has 2 cores and is shared, so nothing here asserts on time.
//
// SVM_STRESS_VERBOSE=1 prints one line of figures per run.

import { expect } from 'chai';
import { Piscina } from 'piscina';
import { SvmSegment } from '../src/svm/segment.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import type { SvmStressResult, SvmStressTask } from './fixtures/svm-stress-worker.js';

/** No consumer progress for this long means a deadlock. */
const kStallMs = 15_000;
/** Longest a run may take, however it progresses. */
const kCapMs = 100_000;
const verbose = process.env.SVM_STRESS_VERBOSE === '1';

type Side = Omit<SvmStressTask, 'role' | 'ctl' | 'producerId'>;

describe('svm stress on real threads', function () {
  this.timeout(kCapMs + 15_000);
  let pool: Piscina<SvmStressTask, SvmStressResult>;

  before(() => {
    pool = new Piscina<SvmStressTask, SvmStressResult>({
      filename: new URL('./fixtures/svm-stress-worker.js', import.meta.url).href,
      minThreads: 3,
      maxThreads: 3,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  });

  after(async () => { await pool.destroy(); });

  /** Runs producers and a consumer together under the timeout guard. */
  async function runPair (side: Side, nProducers = 1): Promise<{ prods: SvmStressResult[]; cons: SvmStressResult }> {
    const ctl = new SharedArrayBuffer(16);
    const ctlI32 = new Int32Array(ctl);
    Atomics.store(ctlI32, 1, -(nProducers - 1)); // the workers wait for a count of 2
    const runs = [
      ...Array.from({ length: nProducers }, (_, id) => pool.run({ ...side, role: 'producer', ctl, nProducers, producerId: id })),
      pool.run({ ...side, role: 'consumer', ctl, nProducers }),
    ];
    const started = Date.now();
    let lastProgress = -1;
    let lastChange = started;
    let reason = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<'stopped'>((resolve) => {
      timer = setInterval(() => {
        const now = Date.now();
        const progress = Atomics.load(ctlI32, 2);
        if (progress !== lastProgress) { lastProgress = progress; lastChange = now; }
        if (now - lastChange > kStallMs) reason = `no progress for ${kStallMs} ms (deadlock?)`;
        else if (now - started > kCapMs) reason = `still running after ${kCapMs} ms`;
        if (reason !== '') resolve('stopped');
      }, 250);
    });
    const first = await Promise.race([Promise.all(runs), guard]);
    clearInterval(timer);
    if (first === 'stopped') {
      Atomics.store(ctlI32, 0, 1);
      const late = await Promise.all(runs);
      expect.fail(`${side.primitive}/${side.mode}: ${reason}: ${late.map((r) => `${r.role} ${r.count} ${r.error}`).join('; ')}`);
    }
    const results = first as SvmStressResult[];
    const cons = results[results.length - 1] as SvmStressResult;
    const prods = results.slice(0, -1);
    if (verbose) {
      const p = prods[0] as SvmStressResult;
      const rate = cons.count / cons.elapsedMs / 1e3;
      process.stdout.write(`      ${side.primitive}/${side.mode}${nProducers > 1 ? ` ×${nProducers}` : ''}: ${cons.count} in ${cons.elapsedMs.toFixed(0)} ms ` +
        `(${rate.toFixed(2)} M/s); producer blocks ${p.blocks}, full −2 ${p.fullRejects}; consumer sleeps ${cons.blocks}; ` +
        `signals prod ${cons.prodSignals} cons ${cons.consSignals}; reads ${cons.reads}; notifies ${cons.notifies || p.notifies}\n`);
    }
    return { prods, cons };
  }

  for (const mode of ['poll', 'sleep'] as const) {
    it(`moves 10,000,000 messages through an app rx mq exactly once and in order, consumer ${mode === 'poll' ? 'polling' : 'sleeping on the eventfd'}`, async () => {
      const seg = SvmSegment.create('stress-rx-mqs-seg', 1 << 20);
      const off = seg.allocMsgQ(appRxMqCfg());
      const n = 10_000_000;
      const { prods, cons } = await runPair({ primitive: 'mq', mode, sab: seg.sab, offsets: [off], n });
      const p = prods[0] as SvmStressResult;
      expect(p.error).to.equal('');
      expect(cons.error).to.equal('');
      expect(cons.count).to.equal(n);
      expect(cons.checksum).to.equal(p.checksum);
      expect(cons.malformed).to.equal(0);
      const mq = seg.msgQ(off);
      expect(mq.size()).to.equal(0);
      expect([mq.ringSize(0), mq.ringSize(1)]).to.deep.equal([0, 0]);
      expect(cons.prodSignals).to.be.greaterThan(0);
      expect(p.blocks + p.fullRejects, 'the 128-entry queue filled up at least once').to.be.greaterThan(0);
      expect(cons.consSignals, 'each full spell ended with a leave-full signal').to.be.greaterThan(0);
    });
  }

  it('moves 4,000,000 messages from two producers through a shared-lock mq, each producer in order', async () => {
    const seg = SvmSegment.create('stress-wrk-mqs-seg', 1 << 20);
    const off = seg.allocMsgQ(appRxMqCfg(), { eventfd: false });
    const n = 2_000_000;
    const { prods, cons } = await runPair({ primitive: 'mq', mode: 'sleep', sab: seg.sab, offsets: [off], n }, 2);
    for (const p of prods) expect(p.error).to.equal('');
    expect(cons.error).to.equal('');
    expect(cons.count).to.equal(2 * n);
    expect(cons.checksum).to.equal(((prods[0]?.checksum ?? 0) + (prods[1]?.checksum ?? 0)) | 0);
  });

  for (const mode of ['poll', 'sleep'] as const) {
    it(`counts every unit of 10,000,000 eventfd writes exactly once, reader ${mode === 'poll' ? 'polling' : 'sleeping'}`, async () => {
      const seg = SvmSegment.create('stress-efd', 4096);
      const off = seg.allocEventfd();
      const n = 10_000_000;
      const { prods, cons } = await runPair({ primitive: 'eventfd', mode, sab: seg.sab, offsets: [off], n });
      const p = prods[0] as SvmStressResult;
      expect(p.error).to.equal('');
      expect(cons.error).to.equal('');
      expect(cons.count).to.equal(p.count);
      expect(cons.reads).to.be.at.most(n);
      const efd = seg.eventfd(off);
      expect(efd.count()).to.equal(0);
      expect(efd.nWaiters).to.equal(0);
      if (mode === 'sleep') expect(cons.blocks, 'the reader went to sleep').to.be.greaterThan(0);
    });
  }

  for (const mode of ['poll', 'sleep'] as const) {
    it(`moves 100 MB through a 16 KiB fifo byte-exact and in order, consumer ${mode === 'poll' ? 'polling' : 'sleeping on the eventfd'}`, async () => {
      const seg = SvmSegment.create('stress-fifo', 1 << 16);
      const offsets = [seg.allocFifo(16 << 10), seg.allocEventfd(), seg.allocEventfd()];
      const n = 100 << 20;
      const { prods, cons } = await runPair({ primitive: 'fifo', mode, sab: seg.sab, offsets, n });
      const p = prods[0] as SvmStressResult;
      expect(p.error).to.equal('');
      expect(cons.error).to.equal('');
      expect(cons.count).to.equal(n);
      expect(cons.checksum).to.equal(p.checksum);
      expect(seg.fifo(offsets[0] as number).isEmpty()).to.equal(true);
      expect(p.fullRejects, 'the fifo filled up').to.be.greaterThan(0);
    });
  }
});
