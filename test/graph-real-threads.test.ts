// The engine on real threads: wakeups across threads lose nothing; a crash ends the run.
import { expect } from 'chai';
import { runRealThreads } from '../src/runtime/real-run.js';
import { ThreadCrashError } from '../src/errors.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}.js`, import.meta.url).href;

describe('graph on real threads', function () {
  this.timeout(180_000);

  it('handles 100,000 raises on a thread that sleeps between them, each exactly once', async () => {
    const total = 100_000;
    const sab = new SharedArrayBuffer(16);
    const i32 = new Int32Array(sab);
    const r = await runRealThreads({
      nThreads: 3,
      graphModule: fixture('raise-graph'),
      user: { sab, total },
      until: () => Atomics.load(i32, 2) === 1 && Atomics.load(i32, 1) === total,
      durationNs: 150e9,
    });
    expect(Atomics.load(i32, 0)).to.equal(total, 'raised');
    expect(Atomics.load(i32, 1)).to.equal(total, 'handled');
    const t2 = r.threads.find((t) => t.threadIndex === 2);
    const target = t2?.runtime.nodes.find((n) => n.name === 'target');
    expect(target?.calls).to.equal(total, 'one call per raise');
    const c = t2?.counters;
    const whileAsleep = Atomics.load(i32, 3);
    expect(whileAsleep).to.be.greaterThan(0, 'some raises found the target asleep');
    expect(c?.sleeps).to.be.greaterThan(0);
    expect(c?.wakeReq).to.be.greaterThan(0, 'raises on a sleeping thread are wakeup requests');
    expect(c?.wakeups).to.be.greaterThan(0);
    expect(c?.wakeups).to.be.at.most(c?.wakeReq ?? 0, 'at most one eventfd write per request');
  });

  it('ends the run with the error of a thread that throws, naming the thread', async () => {
    let err: unknown = null;
    try {
      await runRealThreads({ nThreads: 2, graphModule: fixture('crash-graph'), durationNs: 60e9 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ThreadCrashError);
    expect((err as ThreadCrashError).threadIndex).to.equal(1);
    expect((err as Error).message).to.equal('thread 1 (vpp_wk_0) crashed: node boom failed on purpose');
  });
});
