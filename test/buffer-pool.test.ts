// The vlib buffer pool on one thread: alloc and free through the per-thread cache as
// vlib_buffer_alloc_from_pool and vlib_buffer_pool_put do, the template reset on free, chains,
// payload copies across buffer boundaries, pre-data headroom, exhaustion, and several simulated
// threads sharing one pool in one JS thread (virtual time). Real threads: buffer-pool-stress.

import { expect } from 'chai';
import {
  VLIB_BUFFER_INVALID_INDEX, VLIB_BUFFER_TEMPLATE_NEXT_BUFFER, VlibBufferFlag, kBptStatAllocBuffers, kBptStatAllocFailures,
  kBptStatAllocShort, kBptStatDirectGets, kBptStatFlushes, kBptStatFreeBuffers, kBptStatRefills,
} from '../graph/buffer-pool-layout.js';
import { BufferPool, BufferPoolThread, formatVlibBufferPool, type BufferByteSink, type BufferByteSource } from '../graph/buffer-pool.js';
import { VppsimError } from '../src/errors.js';
import { SvmFifo } from '../src/svm/fifo.js';
import { svmFifoSizeToAlloc } from '../src/svm/fifo-layout.js';

const NEXT = VlibBufferFlag.NextPresent;
const TLV = VlibBufferFlag.TotalLengthValid;

/** Deterministic bytes: the same (seed, index) always gives the same byte. */
function bytes (n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (Math.imul(i + seed * 7919, 2654435761) >>> 11) & 255;
  return b;
}

function newPool (opts: { nBuffers?: number; dataSize?: number; cacheSize?: number; nThreads?: number } = {}): { bp: BufferPool; t: BufferPoolThread } {
  const bp = BufferPool.create({ nBuffers: opts.nBuffers ?? 256, dataSize: opts.dataSize ?? 2048, cacheSize: opts.cacheSize ?? 64, nThreads: opts.nThreads ?? 1 });
  return { bp, t: new BufferPoolThread(bp, 0) };
}

describe('buffer pool: alloc and free', () => {
  it('hands out buffers carrying the template, first buffer 1, and never index 0', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(4);
    expect(t.alloc(out, 4)).to.equal(4);
    expect([...out].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4]);
    for (const bi of out) {
      expect([bp.currentData(bi), bp.currentLength(bi), bp.flags(bi), bp.refCount(bi), bp.bufferPoolIndex(bi), bp.error(bi)])
        .to.deep.equal([0, 0, 0, 1, 0, 0]);
      expect(bp.nextBuffer(bi)).to.equal(VLIB_BUFFER_TEMPLATE_NEXT_BUFFER);
      for (let k = 0; k < BufferPool.opaqueWords; k++) expect(bp.opaque(bi, k)).to.equal(0);
      expect(bp.validate(bi)).to.equal('');
    }
  });

  it('refills an empty cache with the remainder rounded up to 32 and serves the next allocs from it', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(64);
    expect(t.alloc(out, 1)).to.equal(1);
    expect([t.nCached, bp.nAvail, t.counter(kBptStatRefills)]).to.deep.equal([31, 256 - 32, 1]);
    expect(t.alloc(out, 31)).to.equal(31);
    expect([t.nCached, t.counter(kBptStatRefills)]).to.deep.equal([0, 1]);
    expect(t.alloc(out, 33)).to.equal(33); // 33 → 64 from the global stack
    expect([t.nCached, bp.nAvail, t.counter(kBptStatRefills)]).to.deep.equal([31, 256 - 96, 2]);
    expect(t.counter(kBptStatAllocBuffers)).to.equal(65);
  });

  it('takes what the cache has before refilling, as vlib_buffer_alloc_from_pool does', () => {
    const { t } = newPool();
    const out = new Uint32Array(64);
    t.alloc(out, 1); // cache: 31
    expect(t.alloc(out, 40)).to.equal(40); // 31 from the cache, 9 of a refill of 32
    expect(t.nCached).to.equal(23);
    expect(new Set(out.subarray(0, 40)).size).to.equal(40);
  });

  it('serves an alloc of at least the cache size straight from the global stack', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(100);
    expect(t.alloc(out, 100)).to.equal(100);
    expect([t.nCached, bp.nAvail, t.counter(kBptStatDirectGets), t.counter(kBptStatRefills)]).to.deep.equal([0, 156, 1, 0]);
  });

  it('frees into the cache and puts the overflow of one free on the global stack', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(100);
    t.alloc(out, 100);
    t.free(out, 50);
    expect([t.nCached, bp.nAvail, t.counter(kBptStatFlushes)]).to.deep.equal([50, 156, 0]);
    t.free(out, 50, 50); // 14 fill the cache to 64, 36 go back
    expect([t.nCached, bp.nAvail, t.counter(kBptStatFlushes)]).to.deep.equal([64, 192, 1]);
    expect(t.counter(kBptStatFreeBuffers)).to.equal(100);
    expect(bp.counters()).to.include({ nBuffers: 256, nAvail: 192, nCached: 64, nUsed: 0, allocBuffers: 100, freeBuffers: 100 });
  });

  it('gives the last-freed buffer back first (the cache is a stack)', () => {
    const { t } = newPool();
    const out = new Uint32Array(8);
    t.alloc(out, 8);
    const last = out[7] as number;
    t.freeOne(out[3] as number);
    t.freeOne(last);
    const one = new Uint32Array(1);
    t.alloc(one, 1);
    expect(one[0]).to.equal(last);
  });

  it('resets the first cache line to the template on free and keeps the second', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const bi = out[0] as number;
    bp.setCurrentData(bi, 14);
    bp.setCurrentLength(bi, 100);
    bp.setFlags(bi, 0x80000000 | 1);
    bp.setError(bi, 7);
    bp.setFlowId(bi, 99);
    bp.setCurrentConfigIndex(bi, 5);
    for (let k = 0; k < BufferPool.opaqueWords; k++) bp.setOpaque(bi, k, 1000 + k);
    bp.setOpaque2(bi, 13, 0xabcdef01);
    bp.setTraceHandle(bi, 0x01000002);
    t.freeOne(bi);
    expect([bp.currentData(bi), bp.currentLength(bi), bp.flags(bi), bp.error(bi), bp.flowId(bi), bp.currentConfigIndex(bi), bp.refCount(bi)])
      .to.deep.equal([0, 0, 0, 0, 0, 0, 1]);
    for (let k = 0; k < BufferPool.opaqueWords; k++) expect(bp.opaque(bi, k)).to.equal(0);
    expect(bp.nextBuffer(bi)).to.equal(VLIB_BUFFER_TEMPLATE_NEXT_BUFFER);
    expect([bp.opaque2(bi, 13), bp.traceHandle(bi)], 'second line kept').to.deep.equal([0xabcdef01, 0x01000002]);
  });

  it('recycles a buffer with extra references only when the last one is freed', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const bi = out[0] as number;
    bp.addRef(bi, 2);
    expect(bp.refCount(bi)).to.equal(3);
    t.freeOne(bi);
    t.free(out, 1);
    expect([bp.refCount(bi), t.counter(kBptStatFreeBuffers), t.nCached]).to.deep.equal([1, 0, 31]);
    t.freeOne(bi);
    expect([t.counter(kBptStatFreeBuffers), t.nCached]).to.deep.equal([1, 32]);
  });

  it('returns partial counts when the pool runs dry, and 0 from an empty pool, without throwing', () => {
    const { bp, t } = newPool({ nBuffers: 40, cacheSize: 32 });
    const out = new Uint32Array(64);
    expect(t.alloc(out, 20)).to.equal(20); // refill of 32: cache 12, global 8
    expect(t.alloc(out, 30, 20)).to.equal(20); // 12 cached + 8 left on the global stack
    expect(new Set(out.subarray(0, 40)).size).to.equal(40);
    expect(t.alloc(out, 5)).to.equal(0);
    expect(t.alloc(out, 64)).to.equal(0); // the direct path, too
    expect([t.counter(kBptStatAllocFailures), t.counter(kBptStatAllocShort)]).to.deep.equal([3, 10 + 5 + 64]);
    expect(bp.counters()).to.include({ nAvail: 0, nCached: 0, nUsed: 40, allocFailures: 3 });
    t.free(out, 40); // 32 fill the cache, 8 go back
    expect(bp.counters()).to.include({ nUsed: 0, nCached: 32, nAvail: 8 });
    expect(t.alloc(out, 40), 'an alloc of ≥ cache size looks only at the global stack').to.equal(8);
    expect(t.alloc(out, 31)).to.equal(31);
    expect(t.alloc(out, 5, 62), 'asks for the 2 out has room for; the cache has 1 left').to.equal(1);
    expect(t.alloc(out, -1)).to.equal(0);
  });

  it("cannot take buffers sitting in another thread's cache (VPP's pools behave the same)", () => {
    const bp = BufferPool.create({ nBuffers: 64, cacheSize: 64, nThreads: 2 });
    const t0 = new BufferPoolThread(bp, 0);
    const t1 = new BufferPoolThread(bp, 1);
    const out = new Uint32Array(64);
    expect(t0.alloc(out, 64)).to.equal(64);
    t1.free(out, 64); // all into t1's cache
    expect([bp.nAvail, bp.nCachedOf(1)]).to.deep.equal([0, 64]);
    expect(t0.alloc(out, 1)).to.equal(0);
    t1.flushCache();
    expect(t0.alloc(out, 1)).to.equal(1);
  });

  it('lets simulated threads of one JS thread pass buffers and free each other\'s (virtual time)', () => {
    const bp = BufferPool.create({ nBuffers: 512, cacheSize: 64, nThreads: 3 });
    const ts = [0, 1, 2].map((i) => new BufferPoolThread(bp, i));
    const held: number[][] = [[], [], []];
    const out = new Uint32Array(32);
    let rnd = 7;
    for (let step = 0; step < 20_000; step++) {
      rnd = (Math.imul(rnd, 1103515245) + 12345) & 0x7fffffff;
      const i = rnd % 3;
      const t = ts[i] as BufferPoolThread;
      const got = t.alloc(out, 1 + (rnd >> 8) % 32);
      for (let k = 0; k < got; k++) held[(i + 1) % 3]?.push(out[k] as number);
      const mine = held[i] as number[];
      while (mine.length > 100) t.freeOne(mine.pop() as number);
    }
    for (let i = 0; i < 3; i++) for (const bi of held[i] as number[]) (ts[i] as BufferPoolThread).freeOne(bi);
    const free = bp.freeIndices();
    expect(free.length).to.equal(512);
    expect(new Set(free).size).to.equal(512);
    const c = bp.counters();
    expect(c.allocBuffers).to.equal(c.freeBuffers);
  });

  it('gives each thread slot to one view at a time, and keeps the cache for the next view', () => {
    const { bp, t } = newPool();
    expect(() => new BufferPoolThread(bp, 0)).to.throw(VppsimError, 'buffer pool default-numa-0: thread 0 already has a view');
    expect(() => new BufferPoolThread(bp, 1)).to.throw(RangeError, 'from 0 to 0');
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    t.detach({ flush: false });
    const again = new BufferPoolThread(bp, 0);
    expect(again.nCached).to.equal(31);
    again.detach();
    expect([bp.nCachedOf(0), bp.nAvail]).to.deep.equal([0, 255]);
  });

  it('prints show buffers as format_vlib_buffer_pool does', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(10);
    t.alloc(out, 10);
    expect(formatVlibBufferPool(null)).to.equal('Pool Name            Index NUMA  Size  Data Size  Total  Avail  Cached   Used  ');
    expect(formatVlibBufferPool(bp)).to.equal('default-numa-0         0     0   2304     2048     256    224     22      10   ');
    expect(formatVlibBufferPool(bp, true).split('\n')[1]).to.equal(`${' '.repeat(14)}thread   0  ${' '.repeat(37)}   22   `);
  });
});

describe('buffer pool: chains and payload', () => {
  it('appends across buffer boundaries, chaining buffers and keeping the total length', () => {
    const { bp, t } = newPool({ dataSize: 1024 });
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const first = out[0] as number;
    const data = bytes(5000);
    expect(t.chainAppend(first, data, 0, 3000)).to.equal(3000);
    expect(t.chainAppend(first, data, 3000, 2000, t.lastAppended)).to.equal(2000);
    expect([bp.lengthInChain(first), bp.nBuffersInChain(first), bp.currentLength(first)]).to.deep.equal([5000, 5, 1024]);
    expect(bp.flags(first) & (NEXT | TLV)).to.equal(NEXT | TLV);
    expect(bp.totalLengthNotIncludingFirstBuffer(first)).to.equal(5000 - 1024);
    expect(t.lastAppended).to.equal(bp.lastInChain(first));
    expect(bp.currentLength(t.lastAppended)).to.equal(5000 - 4 * 1024);
    expect(bp.validate(first)).to.equal('');
    const back = new Uint8Array(5000);
    expect(bp.copyOut(first, 0, back, 0, 6000)).to.equal(5000);
    expect(back).to.deep.equal(data);
  });

  it('copies out from any offset to any alignment, short and long, across boundaries', () => {
    const { bp, t } = newPool({ dataSize: 256 });
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const first = out[0] as number;
    bp.makeHeadroom(first, 3); // current data at an odd offset
    const data = bytes(2000, 5);
    expect(t.chainAppend(first, data, 0, 2000)).to.equal(2000);
    expect(bp.nBuffersInChain(first)).to.equal(8);
    const dst = new Uint8Array(2100);
    for (const [off, n, at] of [[0, 10, 0], [250, 20, 1], [253, 47, 2], [253, 48, 3], [100, 700, 5], [1, 1999, 7], [1990, 100, 0], [2000, 5, 0]] as const) {
      dst.fill(0);
      const got = bp.copyOut(first, off, dst, at, n);
      const want = Math.min(n, 2000 - off);
      expect(got, `offset ${off}, ${n} bytes`).to.equal(want);
      expect([...dst.subarray(at, at + want)], `offset ${off}, ${n} bytes to ${at}`).to.deep.equal([...data.subarray(off, off + want)]);
      expect(dst[at + want]).to.equal(0);
    }
  });

  it('copies from and into views at any byte offset of a larger buffer', () => {
    const { bp, t } = newPool({ dataSize: 512 });
    const backing = new ArrayBuffer(4096 + 3);
    const big = new Uint8Array(backing);
    big.set(bytes(4096 + 3, 9));
    const out = new Uint32Array(1);
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        t.alloc(out, 1);
        const first = out[0] as number;
        bp.makeHeadroom(first, b);
        const view = new Uint8Array(backing, a, 2000);
        expect(t.chainAppend(first, view, 1, 1500)).to.equal(1500);
        const dst = new Uint8Array(new ArrayBuffer(1600), 1 + a, 1520);
        expect(bp.copyOut(first, 0, dst, b, 1500)).to.equal(1500);
        expect([...dst.subarray(b, b + 1500)]).to.deep.equal([...big.subarray(a + 1, a + 1501)]);
        t.freeOne(first);
      }
    }
  });

  it('copies to and from the very end of odd-sized buffers at every alignment', () => {
    const { bp, t } = newPool({ dataSize: 2048 });
    const out = new Uint32Array(1);
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 8; b++) {
        const src = new Uint8Array(new ArrayBuffer(1500 + a), a); // ends on a partial word
        src.set(bytes(1500, a * 8 + b));
        t.alloc(out, 1);
        const bi = out[0] as number;
        bp.makeHeadroom(bi, b);
        expect(t.chainAppend(bi, src, 0, 1500)).to.equal(1500);
        const dst = new Uint8Array(new ArrayBuffer(1501 + b), 1 + b);
        expect(bp.copyOut(bi, 0, dst, 0, 1500)).to.equal(1500);
        expect(dst, `source at ${a}, buffer at ${b}`).to.deep.equal(src);
        t.freeOne(bi);
      }
    }
  });

  it('keeps every bit of NaN payloads through the 8-byte copies once they are hot', () => {
    const { bp, t } = newPool();
    const src = new Uint8Array(1504);
    const w = new Uint32Array(src.buffer);
    const nans = [[1, 0x7ff00000], [0xffffffff, 0x7ff7ffff], [0x12345, 0xfff00000], [0xbeef0001, 0x7ff8dead], [0, 0xfff80000], [7, 0xfff7abcd]];
    for (let i = 0; i < w.length; i += 2) {
      const [lo, hi] = nans[(i >> 1) % nans.length] as [number, number];
      w[i] = lo;
      w[i + 1] = hi;
    }
    const dst = new Uint8Array(1504);
    const one = new Uint32Array(1);
    t.alloc(one, 1);
    const bi = one[0] as number;
    let bad = 0;
    for (let it = 0; it < 20_000; it++) {
      bp.setCurrentLength(bi, 0);
      t.chainAppend(bi, src, 0, 1504);
      dst.fill(0);
      bp.copyOut(bi, 0, dst, 0, 1504);
      if (it % 1000 === 999) for (let k = 0; k < 1504; k++) if (dst[k] !== src[k]) bad++;
    }
    expect(bad).to.equal(0);
  });

  it('overwrites bytes in place with copyIn, within the current lengths', () => {
    const { bp, t } = newPool({ dataSize: 128 });
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const first = out[0] as number;
    t.chainAppend(first, new Uint8Array(300), 0, 300);
    const patch = bytes(200, 3);
    expect(bp.copyIn(first, 100, patch, 0, 200)).to.equal(200);
    expect(bp.copyIn(first, 290, patch, 0, 50)).to.equal(10);
    const back = new Uint8Array(300);
    bp.copyOut(first, 0, back, 0, 300);
    expect([...back.subarray(0, 100)].every((x) => x === 0)).to.equal(true);
    expect([...back.subarray(100, 290)]).to.deep.equal([...patch.subarray(0, 190)]);
    expect([...back.subarray(290, 300)]).to.deep.equal([...patch.subarray(0, 10)]);
    expect(bp.lengthInChain(first)).to.equal(300);
  });

  it('stops appending when the pool runs dry and says how much went in', () => {
    const { bp, t } = newPool({ nBuffers: 33, dataSize: 64, cacheSize: 32 });
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const first = out[0] as number;
    expect(t.chainAppend(first, bytes(64 * 40), 0, 64 * 40)).to.equal(64 * 33);
    expect([bp.nBuffersInChain(first), bp.lengthInChain(first)]).to.deep.equal([33, 64 * 33]);
    expect(t.counter(kBptStatAllocFailures)).to.equal(1);
    t.freeOne(first);
    expect(bp.counters()).to.include({ nUsed: 0, freeBuffers: 33 });
  });

  it('frees whole chains with free and freeOne, and only the head with freeNoNext', () => {
    const { bp, t } = newPool({ dataSize: 100, cacheSize: 32, nBuffers: 100 });
    const heads = new Uint32Array(3);
    expect(t.alloc(heads, 3)).to.equal(3);
    for (const h of heads) t.chainAppend(h, bytes(250), 0, 250);
    const used = bp.counters().nUsed;
    expect(used).to.equal(9);
    t.free(heads, 2);
    expect(bp.counters().nUsed).to.equal(3);
    const second = bp.nextBuffer(heads[2] as number);
    t.freeNoNext(heads, 1, 2);
    expect(bp.counters().nUsed).to.equal(2);
    t.freeOne(second);
    expect(bp.counters()).to.include({ nUsed: 0, freeBuffers: 9 });
  });

  it('computes the chain length the slow way when TOTAL_LENGTH_VALID is clear, and sets it', () => {
    const { bp, t } = newPool({ dataSize: 100 });
    const out = new Uint32Array(3);
    t.alloc(out, 3);
    const [a, b, c] = out as unknown as [number, number, number];
    bp.chainInit(a);
    bp.setCurrentLength(a, 10);
    bp.chainBuffer(a, b);
    bp.setCurrentLength(b, 20);
    bp.chainBuffer(b, c);
    bp.setCurrentLength(c, 30);
    bp.setFlags(a, bp.flags(a) & ~TLV);
    expect(bp.lengthInChain(a)).to.equal(60);
    expect([bp.flags(a) & TLV, bp.totalLengthNotIncludingFirstBuffer(a)]).to.deep.equal([TLV, 50]);
    bp.chainIncreaseLength(a, c, 5);
    expect([bp.lengthInChain(a), bp.currentLength(c)]).to.deep.equal([65, 35]);
    expect([bp.lengthInChain(c), bp.lastInChain(a), bp.nBuffersInChain(b)]).to.deep.equal([35, c, 2]);
  });

  it('fills a chain from an svm fifo with peek and empties one into a fifo with enqueue', () => {
    const { bp, t } = newPool({ dataSize: 512 });
    const sab = new SharedArrayBuffer(svmFifoSizeToAlloc(4096));
    SvmFifo.init(sab, 0, 4096);
    const f = new SvmFifo(sab, 0);
    const data = bytes(3000, 11);
    f.enqueue(100, data, 0); // move the head so the data wraps
    f.dequeueDrop(100);
    expect(f.enqueue(3000, data, 0)).to.equal(3000);
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const first = out[0] as number;
    const src: BufferByteSource = f;
    expect(t.chainAppendFrom(first, src, 10, 2000)).to.equal(2000);
    expect(t.chainAppendFrom(first, src, 2010, 2000, t.lastAppended)).to.equal(990); // the fifo ran out
    expect([bp.lengthInChain(first), f.maxDequeue()]).to.deep.equal([2990, 3000]);
    const g = new SvmFifo(sab, 0);
    g.dequeueDropAll();
    const sink: BufferByteSink = g;
    expect(bp.copyOutTo(first, 5, 5000, sink)).to.equal(2985);
    const back = new Uint8Array(2985);
    expect(g.dequeue(2985, back, 0)).to.equal(2985);
    expect([...back]).to.deep.equal([...data.subarray(15, 3000)]);
  });

  it('stops handing bytes to a full fifo at the first short enqueue', () => {
    const { bp, t } = newPool({ dataSize: 256 });
    const sab = new SharedArrayBuffer(svmFifoSizeToAlloc(512));
    SvmFifo.init(sab, 0, 512);
    const f = new SvmFifo(sab, 0);
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    t.chainAppend(out[0] as number, bytes(1000), 0, 1000);
    expect(bp.copyOutTo(out[0] as number, 0, 1000, f)).to.equal(512);
  });
});

describe('buffer pool: headroom and header helpers', () => {
  it('prepends headers into the 128 bytes of pre-data and no further', () => {
    const { bp, t } = newPool();
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const bi = out[0] as number;
    const at = bp.putUninit(bi, 100);
    expect(at).to.equal(bp.dataByte(bi));
    bp.u8.set(bytes(100), at);
    const ip = bp.pushUninit(bi, 20);
    expect([ip, bp.currentData(bi), bp.currentLength(bi)]).to.deep.equal([bp.dataByte(bi) - 20, -20, 120]);
    expect(bp.pushUninit(bi, 108)).to.equal(bp.dataByte(bi) - 128);
    expect(bp.currentData(bi)).to.equal(-128);
    expect(bp.pushUninit(bi, 1), 'no headroom left').to.equal(-1);
    expect([bp.currentData(bi), bp.currentLength(bi)]).to.deep.equal([-128, 228]);
    expect(bp.validate(bi)).to.equal('');
    bp.advance(bi, 128);
    expect([bp.currentData(bi), bp.currentLength(bi), bp.currentByte(bi)]).to.deep.equal([0, 100, bp.dataByte(bi)]);
    const payload = new Uint8Array(100);
    bp.copyOut(bi, 0, payload, 0, 100);
    expect(payload).to.deep.equal(bytes(100));
  });

  it('appends to the end of data[] and no further; reset and make_headroom move current_data', () => {
    const { bp, t } = newPool({ dataSize: 256 });
    const out = new Uint32Array(1);
    t.alloc(out, 1);
    const bi = out[0] as number;
    bp.makeHeadroom(bi, 56);
    expect(bp.spaceLeftAtEnd(bi)).to.equal(200);
    expect(bp.putUninit(bi, 200)).to.equal(bp.dataByte(bi) + 56);
    expect(bp.putUninit(bi, 1)).to.equal(-1);
    expect(bp.spaceLeftAtEnd(bi)).to.equal(0);
    bp.advance(bi, 14);
    bp.reset(bi);
    expect([bp.currentData(bi), bp.currentLength(bi)]).to.deep.equal([0, 256]);
  });

  it("reports a broken buffer in VPP's words", () => {
    const { bp, t } = newPool({ dataSize: 256 });
    const out = new Uint32Array(2);
    t.alloc(out, 2);
    const [a, b] = out as unknown as [number, number];
    bp.setCurrentData(a, -200);
    expect(bp.validate(a)).to.equal('current data -200 before pre-data');
    bp.setCurrentData(a, 10);
    bp.setCurrentLength(a, 250);
    expect(bp.validate(a)).to.equal('10-250 beyond end of buffer 256');
    bp.setCurrentLength(a, 10);
    bp.chainBuffer(a, b);
    bp.setNextBuffer(b, a);
    bp.setFlags(b, bp.flags(b) | NEXT);
    expect(bp.validate(a)).to.equal(`duplicate buffer 0x${a.toString(16)}`);
    bp.setNextBuffer(b, 0);
    expect(bp.validate(a)).to.equal('invalid buffer index 0x0');
    expect(bp.validate(a, false)).to.equal('');
    expect(VLIB_BUFFER_INVALID_INDEX).to.equal(0xffffffff);
  });
});
