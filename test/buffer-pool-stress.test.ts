// The buffer pool on real threads: three piscina worker threads allocate from one shared pool,
// pass buffer indices round a ring of SPSC SAB rings (0 → 1 → 2 → 0), and free, 2.1 million
// allocations in all plus chains. The pool is small (2048 buffers for 3 caches of 512 and 3 rings
// of 1024), so threads may run it dry and get partial allocations (how often depends on the
// scheduler, so it is reported, not asserted). At the end every buffer is back in
// the pool exactly once, and no buffer ever had two owners (the fixture checks an owner word on
// every hand-over). A watchdog on the freed-buffers word fails the test after kStallMs without
// progress, or after kCapMs in all; slow is not failure, nothing here asserts on time.
//
// BUFFER_POOL_STRESS_VERBOSE=1 prints one line of figures per thread.

import { expect } from 'chai';
import { Piscina } from 'piscina';
import { BufferPool, BufferPoolThread } from '../graph/buffer-pool.js';
import {
  type BufferPoolStressResult, type BufferPoolStressTask, kCtlAbort, kCtlAllocated, kCtlFreed, kCtlWords, kOwnerWord,
  stressRingWords,
} from './fixtures/buffer-pool-stress-worker.js';

/** No freed-buffer progress for this long means a deadlock. */
const kStallMs = 15_000;
/** Longest a run may take, however it progresses. */
const kCapMs = 150_000;
/** After an abort, how long the threads get to notice it before the pool is destroyed. */
const kGraceMs = 10_000;
const verbose = process.env.BUFFER_POOL_STRESS_VERBOSE === '1';

describe('buffer pool on real threads', function () {
  this.timeout(kCapMs + kGraceMs + 15_000);
  const nThreads = 3;
  let pool: Piscina<BufferPoolStressTask, BufferPoolStressResult>;

  before(() => {
    pool = new Piscina<BufferPoolStressTask, BufferPoolStressResult>({
      filename: new URL('./fixtures/buffer-pool-stress-worker.js', import.meta.url).href,
      minThreads: nThreads,
      maxThreads: nThreads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  });

  after(async () => { await pool.destroy(); });

  it('gives 2,100,000 buffers to 3 threads that pass them on and free them, never to two owners, and gets each back exactly once', async () => {
    const nBuffers = 2048;
    const ringSize = 1024;
    const quota = 700_000;
    const bp = BufferPool.create({ nBuffers, dataSize: 1024, nThreads });
    const ringSab = new SharedArrayBuffer(nThreads * stressRingWords(ringSize) * 4);
    const ctl = new SharedArrayBuffer(kCtlWords * 4);
    const ctlI32 = new Int32Array(ctl);
    const runs = Array.from({ length: nThreads }, (_, t) => pool.run({
      poolSab: bp.sab, ringSab, ctl, threadIndex: t, nThreads, quota, ringSize, flushAtEnd: t !== 0,
    }));

    // watchdog: never hang, fail instead
    const started = Date.now();
    let lastProgress = -1;
    let lastChange = started;
    let reason = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<'stopped'>((resolve) => {
      timer = setInterval(() => {
        const now = Date.now();
        const progress = Atomics.load(ctlI32, kCtlFreed);
        if (progress !== lastProgress) { lastProgress = progress; lastChange = now; }
        if (now - lastChange > kStallMs) reason = `no buffer freed for ${kStallMs} ms (deadlock?)`;
        else if (now - started > kCapMs) reason = `still running after ${kCapMs} ms`;
        if (reason !== '') resolve('stopped');
      }, 250);
    });
    const first = await Promise.race([Promise.all(runs), guard]);
    clearInterval(timer);
    if (first === 'stopped') {
      Atomics.store(ctlI32, kCtlAbort, 1);
      const late = await Promise.race([Promise.all(runs), new Promise<null>((resolve) => setTimeout(() => resolve(null), kGraceMs))]);
      if (late === null) await pool.destroy(); // a thread stuck for good (in the pool's lock?): take the threads down
      const what = late === null ? 'the threads did not stop' : late.map((r) => `t${r.threadIndex}: ${r.error}`).join('; ');
      expect.fail(`${reason}: allocated ${Atomics.load(ctlI32, kCtlAllocated)}, freed ${Atomics.load(ctlI32, kCtlFreed)}; ${what}`);
    }
    const results = first as BufferPoolStressResult[];

    for (const r of results) expect(r.error, `thread ${r.threadIndex}`).to.equal('');
    if (verbose) {
      for (const r of results) {
        process.stdout.write(`      t${r.threadIndex}: ${r.allocated} allocated, ${r.freed} freed, ${r.sent} sent (${r.chainsSent} chains), ` +
          `${r.received} received, ${r.allocFailures} short allocs, ${r.refills} refills, ${r.flushes} flushes, ` +
          `${r.lockSleeps} lock sleeps, ${r.elapsedMs.toFixed(0)} ms\n`);
      }
      const c = bp.counters();
      process.stdout.write(`      pool: ${c.allocBuffers} buffers allocated, ${c.freeBuffers} freed, ${c.refills} refills, ${c.flushes} flushes, ` +
        `${c.allocFailures} short allocs (${c.allocShort} buffers), ${c.lockSleeps} lock sleeps\n`);
    }

    // every hand-over arrived: thread t's sends are thread t+1's receipts
    for (let t = 0; t < nThreads; t++) {
      const s = results[t] as BufferPoolStressResult;
      const r = results[(t + 1) % nThreads] as BufferPoolStressResult;
      expect([r.received, r.receivedSum, r.chainsReceived], `ring ${t} → ${(t + 1) % nThreads}`).to.deep.equal([s.sent, s.sentSum, s.chainsSent]);
      expect(s.chainsSent, `thread ${t} sent chains`).to.be.greaterThan(0);
    }
    const allocated = results.reduce((a, r) => a + r.allocated, 0);
    const freed = results.reduce((a, r) => a + r.freed, 0);
    expect(allocated).to.be.at.least(nThreads * quota);
    expect(freed).to.equal(allocated);

    // the pool agrees, and has every buffer back exactly once (thread 0 left its cache in its slot)
    const c = bp.counters();
    expect([c.allocBuffers, c.freeBuffers]).to.deep.equal([allocated, allocated]);
    expect([c.nAvail + c.nCached, c.nUsed]).to.deep.equal([nBuffers, 0]);
    expect([bp.nCachedOf(1), bp.nCachedOf(2)], 'threads 1 and 2 flushed').to.deep.equal([0, 0]);
    const free = bp.freeIndices();
    expect(free.length).to.equal(nBuffers);
    const seen = new Uint8Array(nBuffers + 1);
    let sum = 0;
    let xor = 0;
    let dup = 0;
    for (const bi of free) {
      if (bi < 1 || bi > nBuffers || seen[bi] !== 0) dup++;
      else seen[bi] = 1;
      sum += bi;
      xor ^= bi;
    }
    let xorAll = 0;
    for (let bi = 1; bi <= nBuffers; bi++) xorAll ^= bi;
    expect(dup, 'indices out of range or present twice').to.equal(0);
    expect([sum, xor]).to.deep.equal([nBuffers * (nBuffers + 1) / 2, xorAll]);
    let owned = 0;
    for (let bi = 1; bi <= nBuffers; bi++) if (bp.opaque2(bi, kOwnerWord) !== 0) owned++;
    expect(owned, 'buffers still marked as owned').to.equal(0);

    // and a new view of thread 0 finds its cache where it left it
    const t0 = new BufferPoolThread(bp, 0);
    expect(t0.nCached).to.equal(bp.nCachedOf(0));
    t0.detach();
    expect(bp.nAvail).to.equal(nBuffers);
  });
});
