// The raw floors of `vppsim bench` (src/bench/): every quick figure is there with how it was
// measured, the two-thread sides never hang, the ring's layout and index wrap. No timing
// threshold is asserted: the machine is shared; bench/ measures.

import { expect } from 'chai';
import { DispatchFloor } from '../src/bench/dispatch-floor.js';
import { floorCtlSab, kFloorCtlAbort, kFloorCtlPing, kFloorCtlPong, kFloorCtlReady } from '../src/bench/floors-layout.js';
import { createFloorPool, runFloorPair } from '../src/bench/floors-pool.js';
import runFloorSide, { type PingPongFloorTask, type RingFloorTask } from '../src/bench/floors-worker.js';
import { type Floors, measureFloors } from '../src/bench/floors.js';
import * as L from '../src/bench/raw-ring-layout.js';
import { RawRingConsumer, RawRingProducer } from '../src/bench/raw-ring.js';
import { sampleQuantiles } from '../src/bench/sample-stats.js';
import { ThreadCrashError, VppsimError } from '../src/errors.js';

const line = (word: number): number => Math.floor(word * 4 / 64);
const finitePositive = (v: number, what: string): void => {
  expect(Number.isFinite(v), `${what} = ${v} is finite`).to.equal(true);
  expect(v, what).to.be.greaterThan(0);
};

describe('bench floors: measureFloors (quick)', () => {
  let f: Floors;
  before(async () => { f = await measureFloors({ quick: true }); });

  it('measures the raw ring unbatched and batched as finite positive rates over several runs', () => {
    for (const [r, batch] of [[f.ringUnbatched, 1], [f.ringBatched, 32]] as const) {
      expect(r.batch).to.equal(batch);
      expect(r.payloadBytes).to.equal(20);
      finitePositive(r.msgsPerSec, `ring batch ${batch} msgs/s`);
      expect(r.minMsgsPerSec).to.be.at.most(r.msgsPerSec);
      expect(r.maxMsgsPerSec).to.be.at.least(r.msgsPerSec);
      expect(r.samples).to.be.greaterThan(1);
      expect(r.msgsPerRun).to.be.greaterThan(0);
    }
  });

  it('gives wait/notify and busy-poll one-way latencies with ordered quantiles and their sample counts', () => {
    for (const [name, l] of [['wait/notify', f.waitNotifyLatency], ['busy poll', f.busyPollLatency]] as const) {
      for (const k of ['medianNs', 'p99Ns', 'p999Ns', 'minNs', 'maxNs'] as const) finitePositive(l[k], `${name} ${k}`);
      expect(l.minNs).to.be.at.most(l.medianNs);
      expect(l.medianNs).to.be.at.most(l.p99Ns);
      expect(l.p99Ns).to.be.at.most(l.p999Ns);
      expect(l.p999Ns).to.be.at.most(l.maxNs);
      expect(l.samples, `${name} samples`).to.be.greaterThan(0);
      expect(l.warmupSamples).to.be.at.least(0);
    }
  });

  it('gives the dispatch floor per call and per element with its loop counts', () => {
    const d = f.dispatch;
    finitePositive(d.perCallNs, 'per call');
    finitePositive(d.loopNsAt1, 'loop at 1');
    finitePositive(d.loopNsAtFrame, 'loop at 256');
    expect(Number.isFinite(d.perElementNs)).to.equal(true);
    expect([d.frameVectors, d.callsPerLoop]).to.deep.equal([256, 4]);
    expect(d.samples).to.be.greaterThan(0);
    expect(d.itersAt1).to.be.greaterThan(0);
    expect(d.itersAtFrame).to.be.greaterThan(0);
  });

  it('gives the timer overshoot after 1 ms and 100 µs waits with sample counts', () => {
    expect([f.timerWait1ms.timeoutNs, f.timerWait100us.timeoutNs]).to.deep.equal([1e6, 1e5]);
    for (const t of [f.timerWait1ms, f.timerWait100us]) {
      expect(Number.isFinite(t.medianOvershootNs)).to.equal(true);
      expect(Number.isFinite(t.p99OvershootNs)).to.equal(true);
      expect(t.p99OvershootNs).to.be.at.least(t.medianOvershootNs);
      expect(t.samples).to.be.greaterThan(0);
    }
  });

  it('names the machine and the mode', () => {
    expect(f.quick).to.equal(true);
    expect(f.node).to.equal(process.version);
    expect(f.nCpus).to.be.greaterThan(0);
    finitePositive(f.wallMs, 'wallMs');
  });
});

describe('bench floors: options and failures', () => {
  it('rejects options without a boolean quick, naming the option', async () => {
    let err: unknown = null;
    try { await measureFloors({ quick: 'yes' } as unknown as { quick: boolean }); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(TypeError);
    expect((err as Error).message).to.equal('options.quick must be a boolean');
  });

  it('ends a pair with the error of the side that threw, the other side giving up instead of hanging', async () => {
    const pool = createFloorPool();
    try {
      const ctl = floorCtlSab();
      const base = { kind: 'ring', n: 1000, batch: 1, ctl, hangMs: 30_000 } as const;
      const good: RingFloorTask = { ...base, role: 'producer', sab: new SharedArrayBuffer(L.rawRingBytes(64)), capacity: 64 };
      const bad: RingFloorTask = { ...base, role: 'consumer', sab: new SharedArrayBuffer(L.rawRingBytes(64)), capacity: 48 };
      let err: unknown = null;
      try { await runFloorPair(pool, good, bad, ctl, 'test pair'); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(ThreadCrashError);
      expect((err as Error).message).to.equal('floors: test pair: raw ring capacity must be a power of two in 1..2^24, got 48');
      expect(Atomics.load(new Int32Array(ctl), kFloorCtlAbort), 'abort word set for the producer').to.equal(1);
    } finally {
      await pool.destroy();
    }
  });

  it('gives up with ERR_BENCH_HANG when the other side of a ping-pong never comes', () => {
    const task: PingPongFloorTask = { kind: 'pingpong', role: 'responder', sleep: true, rounds: 10, budgetMs: 100, ctl: floorCtlSab(), hangMs: 120 };
    expect(() => runFloorSide(task)).to.throw(VppsimError, 'ping-pong responder: no progress from the other side; gave up');
  });

  it('gives up with ERR_BENCH_HANG when a ping is never answered, in both wait modes', () => {
    for (const sleep of [true, false]) {
      const ctl = floorCtlSab();
      Atomics.store(new Int32Array(ctl), kFloorCtlReady, 1); // the responder came, then died
      const task: PingPongFloorTask = { kind: 'pingpong', role: 'initiator', sleep, rounds: 10, budgetMs: 1000, ctl, hangMs: 120 };
      let err: unknown = null;
      try { runFloorSide(task); } catch (e) { err = e; }
      expect(err, `sleep ${sleep}`).to.be.instanceOf(VppsimError);
      expect((err as VppsimError).code).to.equal('ERR_BENCH_HANG');
    }
  });

  it('gives up with ERR_BENCH_ABORTED once main sets the abort word', () => {
    const ctl = floorCtlSab();
    Atomics.store(new Int32Array(ctl), kFloorCtlAbort, 1);
    const task: RingFloorTask = { kind: 'ring', role: 'consumer', n: 10, batch: 1, ctl, hangMs: 30_000, sab: new SharedArrayBuffer(L.rawRingBytes(64)), capacity: 64 };
    expect(() => runFloorSide(task)).to.throw(VppsimError, 'ring consumer: aborted, the other side failed');
  });

  it('throws ERR_BENCH_RING on a message out of sequence rather than count it', () => {
    const ctl = floorCtlSab();
    Atomics.store(new Int32Array(ctl), kFloorCtlReady, 1);
    const sab = new SharedArrayBuffer(L.rawRingBytes(64));
    const i32 = new Int32Array(sab);
    i32[L.kRawRingSlots] = 1; // the right type
    i32[L.kRawRingSlots + 1] = 5; // seq 5 where 0 is due
    Atomics.store(i32, L.kRawRingTail, 1);
    const task: RingFloorTask = { kind: 'ring', role: 'consumer', n: 10, batch: 1, ctl, hangMs: 30_000, sab, capacity: 64 };
    expect(() => runFloorSide(task)).to.throw(VppsimError, 'ring consumer: bad message at 0');
  });

  it('lays out the ping and the pong on lines of their own', () => {
    const words = [kFloorCtlAbort, kFloorCtlReady, kFloorCtlPing, kFloorCtlPong];
    expect(new Set(words.map(line)).size).to.equal(words.length);
  });
});

describe('bench floors: raw ring', () => {
  it('names its words at the offsets its diagram shows, each index and flag on its own line', () => {
    expect([L.kRawRingHead, L.kRawRingTail, L.kRawRingConsSleeping, L.kRawRingProdSleeping, L.kRawRingSlots, L.RAW_RING_SLOT_WORDS])
      .to.deep.equal([0, 16, 32, 48, 64, 5]);
    const words = [L.kRawRingHead, L.kRawRingTail, L.kRawRingConsSleeping, L.kRawRingProdSleeping, L.kRawRingSlots];
    expect(new Set(words.map(line)).size).to.equal(words.length);
    expect(L.RAW_RING_MSG_BYTES).to.equal(20);
    expect(L.rawRingBytes(2048)).to.equal((64 + 2048 * 5) * 4);
  });

  it('accepts only power-of-two capacities', () => {
    expect([1, 2, 2048, 1 << 24].map(L.rawRingCapacityOk)).to.deep.equal([true, true, true, true]);
    expect([0, 3, 48, 1.5, (1 << 24) * 2].map(L.rawRingCapacityOk)).to.deep.equal([false, false, false, false, false]);
    expect(() => new RawRingProducer(new SharedArrayBuffer(L.rawRingBytes(64)), 48)).to.throw(RangeError, 'power of two');
    expect(() => new RawRingConsumer(new SharedArrayBuffer(64), 64)).to.throw(RangeError, 'needs 1536 bytes');
  });

  it('moves messages in order across the int32 wrap of its indices, full at capacity', () => {
    const cap = 8;
    const sab = new SharedArrayBuffer(L.rawRingBytes(cap));
    const i32 = new Int32Array(sab);
    i32[L.kRawRingHead] = 0x7ffffffd;
    i32[L.kRawRingTail] = 0x7ffffffd;
    const p = new RawRingProducer(sab, cap);
    const c = new RawRingConsumer(sab, cap);
    let sent = 0;
    let got = 0;
    for (let round = 0; round < 5; round++) {
      const room = p.room(cap);
      expect(room, 'empty ring: all room').to.equal(cap);
      for (let k = 0; k < room; k++) p.i32[p.slot(k) + 1] = sent++;
      p.publish(room);
      expect(p.room(1), 'full').to.equal(0);
      const n = c.available();
      expect(n).to.equal(cap);
      for (let k = 0; k < n; k++) expect(c.i32[c.slot(k) + 1]).to.equal(got++);
      c.release(n);
    }
    expect(Atomics.load(i32, L.kRawRingHead), 'the head wrapped past 2^31').to.be.lessThan(0);
    expect(c.available()).to.equal(0);
  });

  it('returns from its waits after the timeout when the other side never comes', () => {
    const sab = new SharedArrayBuffer(L.rawRingBytes(2));
    const c = new RawRingConsumer(sab, 2);
    expect(c.waitData(1)).to.equal(0);
    const p = new RawRingProducer(sab, 2);
    p.publish(2);
    expect(p.waitRoom(1)).to.equal(0);
    const i32 = new Int32Array(sab);
    expect([i32[L.kRawRingConsSleeping], i32[L.kRawRingProdSleeping]], 'flags cleared after waking').to.deep.equal([0, 0]);
  });
});

describe('bench floors: dispatch floor and sample statistics', () => {
  it('runs 4 node calls per loop over frames of 1 to 256 vectors', () => {
    const f = new DispatchFloor(3);
    expect([f.callsPerLoop, f.elementsPerLoop]).to.deep.equal([4, 12]);
    expect(Number.isInteger(f.loop())).to.equal(true);
    expect(() => new DispatchFloor(0)).to.throw(RangeError, 'vectorsPerFrame must be an integer in 1..256, got 0');
    expect(() => new DispatchFloor(257)).to.throw(RangeError, 'got 257');
  });

  it('takes quantiles by nearest rank and scales them', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted input
    const q = sampleQuantiles(v, 0.5);
    expect([q.median, q.p99, q.p999, q.min, q.max, q.samples]).to.deep.equal([250, 495, 499.5, 0.5, 500, 1000]);
    expect(v[0], 'input left as it was').to.equal(1000);
    expect(Number.isNaN(sampleQuantiles(new Float64Array(0)).median)).to.equal(true);
  });
});
