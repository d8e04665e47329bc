// The shared-memory layout of the vlib buffer pool: named word offsets, the buffer header at
// vlib_buffer_t's byte offsets, regions on their own 64-byte lines, sizes as VPP computes them
// (style.md "Hot paths").

import { expect } from 'chai';
import * as L from '../graph/buffer-pool-layout.js';
import { BufferPool } from '../graph/buffer-pool.js';
import { VppsimError } from '../src/errors.js';

const line = (word: number): number => Math.floor(word * 4 / 64);

describe('buffer pool layout', () => {
  it('names every pool header word at the offset its diagram shows', () => {
    expect({
      magic: L.kBpMagic, nBuffers: L.kBpNBuffers, dataSize: L.kBpDataSize, preDataSize: L.kBpPreDataSize,
      allocSize: L.kBpAllocSize, cacheSize: L.kBpCacheSize, nThreads: L.kBpNThreads, index: L.kBpIndex,
      stack: L.kBpStackWord, threads: L.kBpThreadsWord, buffers: L.kBpBuffersByte, byteLength: L.kBpByteLength,
      lock: L.kBpLock, nAvail: L.kBpNAvail, header: L.kBpHeaderWords,
    }).to.deep.equal({
      magic: 0, nBuffers: 1, dataSize: 2, preDataSize: 3, allocSize: 4, cacheSize: 5, nThreads: 6, index: 7,
      stack: 8, threads: 9, buffers: 10, byteLength: 11, lock: 16, nAvail: 17, header: 32,
    });
    expect(L.VLIB_BUFFER_POOL_MAGIC).to.equal(0x56425031);
  });

  it('keeps the lock and n_avail on a line of their own, away from the read-only words', () => {
    expect(line(L.kBpLock)).to.equal(line(L.kBpNAvail));
    expect(line(L.kBpLock)).to.not.equal(line(L.kBpByteLength));
    expect(line(L.kBpHeaderWords)).to.be.greaterThan(line(L.kBpNAvail));
  });

  it('names the thread slot words and its eight f64 counters', () => {
    expect([L.kBptNCached, L.kBptAttached, L.kBptStatsWord, L.kBptCache, L.kThreadHeaderWords]).to.deep.equal([0, 1, 8, 32, 32]);
    expect([L.kBptStatAllocBuffers, L.kBptStatFreeBuffers, L.kBptStatRefills, L.kBptStatFlushes, L.kBptStatDirectGets,
      L.kBptStatAllocFailures, L.kBptStatAllocShort, L.kBptStatLockSleeps, L.kBptStats]).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(L.kBptStatsWord % 2, 'f64 counters are 8-byte aligned').to.equal(0);
    expect(L.kBptStatsWord + 2 * L.kBptStats).to.be.at.most(L.kBptCache);
    expect(L.bufferPoolThreadWords(512)).to.equal(544);
    expect(L.bufferPoolThreadWords(40) % 16, 'slots start on a 64-byte line').to.equal(0);
  });

  it("puts the buffer header fields at vlib_buffer_t's byte offsets", () => {
    const byteOf = {
      currentData: L.kBufHalfCurrentData * 2, currentLength: L.kBufHalfCurrentLength * 2, flags: L.kBufFlags * 4,
      flowId: L.kBufFlowId * 4, refCount: L.kBufByteRefCount, bufferPoolIndex: L.kBufByteBufferPoolIndex,
      error: L.kBufHalfError * 2, nextBuffer: L.kBufNextBuffer * 4, currentConfigIndex: L.kBufCurrentConfigIndex * 4,
      opaque: L.kBufOpaque * 4, traceHandle: L.kBufTraceHandle * 4,
      totalLengthNotIncludingFirstBuffer: L.kBufTotalLengthNotIncludingFirstBuffer * 4, opaque2: L.kBufOpaque2 * 4,
    };
    expect(byteOf).to.deep.equal({
      currentData: 0, currentLength: 2, flags: 4, flowId: 8, refCount: 12, bufferPoolIndex: 13, error: 14,
      nextBuffer: 16, currentConfigIndex: 20, opaque: 24, traceHandle: 64, totalLengthNotIncludingFirstBuffer: 68, opaque2: 72,
    });
    expect([L.kBufWordCurrent, L.kBufWordRefPoolError]).to.deep.equal([0, 3]);
    expect(L.kBufOpaque + L.VLIB_BUFFER_OPAQUE_WORDS, 'opaque ends the template line').to.equal(L.kBufTemplateWords);
    expect(L.kBufTemplateWords * 4).to.equal(64);
    expect((L.kBufOpaque2 + L.VLIB_BUFFER_OPAQUE2_WORDS) * 4, 'opaque2 ends the header').to.equal(L.VLIB_BUFFER_HDR_SIZE);
    expect(L.VLIB_BUFFER_HDR_SIZE).to.equal(128);
  });

  it("uses VPP's flag bits, defaults and sentinels", () => {
    expect(L.VlibBufferFlag).to.deep.equal({ IsTraced: 1, NextPresent: 2, TotalLengthValid: 4, ExtHdrValid: 8 });
    expect(L.vlibBufferFlagUser(1)).to.equal(1 << 31);
    expect(L.vlibBufferFlagUser(2)).to.equal(1 << 30);
    expect([L.VLIB_BUFFER_DEFAULT_DATA_SIZE, L.VLIB_BUFFER_PRE_DATA_SIZE, L.VLIB_BUFFER_POOL_PER_THREAD_CACHE_SZ,
      L.VLIB_BUFFER_DEFAULT_BUFFERS_PER_NUMA, L.VLIB_BUFFER_MIN_CHAIN_SEG_SIZE, L.VLIB_BUFFER_REFILL_ROUND])
      .to.deep.equal([2048, 128, 512, 16384, 128, 32]);
    expect(L.VLIB_BUFFER_INVALID_INDEX).to.equal(0xffffffff);
    expect(L.VLIB_BUFFER_TEMPLATE_NEXT_BUFFER).to.equal(0xdeadbeaf);
  });

  it('sizes a buffer as vlib_buffer_alloc_size does: round to a line, then an odd number of lines', () => {
    expect(L.vlibBufferAllocSize(2048, 128)).to.equal(2368); // 2304 = 36 lines → 37
    expect(L.vlibBufferAllocSize(1024, 128)).to.equal(1344); // 1280 = 20 lines → 21
    expect(L.vlibBufferAllocSize(100, 0)).to.equal(256 | 64); // 228 → 256 → 320
    expect(L.vlibBufferAllocSize(2000, 128) % 64).to.equal(0);
  });

  it('lays the default pool out region after region, each on a 64-byte line', () => {
    const l = new L.BufferPoolLayout({ nThreads: 3 });
    expect(l.params).to.deep.equal({ nBuffers: 16384, dataSize: 2048, preDataSize: 128, cacheSize: 512, nThreads: 3, poolIndex: 0 });
    expect(l.stackWord).to.equal(32);
    expect(l.threadsWord).to.equal(32 + 16384);
    expect(l.threadWords).to.equal(544);
    expect(l.buffersByte).to.equal((32 + 16384 + 3 * 544) * 4);
    expect(l.byteLength).to.equal(l.buffersByte + 16384 * 2368);
    expect(l.bufferByte(1)).to.equal(l.buffersByte);
    expect(l.bufferByte(2) - l.bufferByte(1)).to.equal(2368);
    for (const x of [l.stackWord * 4, l.threadWord(1) * 4, l.threadWord(2) * 4, l.buffersByte, l.bufferByte(7)]) expect(x % 64).to.equal(0);
    expect(L.bufferPoolSizeToAlloc({ nThreads: 3 })).to.equal(l.byteLength);
  });

  it('checks its parameters once, naming the option', () => {
    expect(() => new L.BufferPoolLayout({ nThreads: 0 })).to.throw(RangeError, 'buffer pool nThreads must be an integer from 1 to 1024 (got 0)');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, nBuffers: 0 })).to.throw(RangeError, 'nBuffers must be a positive integer (got 0)');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, dataSize: 65536 })).to.throw(RangeError, 'dataSize must be an integer from 64 to 32768 bytes');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, preDataSize: 100 })).to.throw(RangeError, 'preDataSize must be a multiple of 64');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, cacheSize: 100 })).to.throw(RangeError, 'cacheSize must be a multiple of 32 buffers');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, poolIndex: 255 })).to.throw(RangeError, 'poolIndex must be an integer from 0 to 254');
    expect(() => new L.BufferPoolLayout({ nThreads: 1, nBuffers: 1_000_000 })).to.throw(RangeError, 'more than 2 GiB');
  });

  it('packs the 16- and 8-bit fields into their words as a little-endian VPP does', () => {
    const bp = BufferPool.create({ nBuffers: 4, nThreads: 1, poolIndex: 3 });
    const w = bp.hdrWord(2);
    expect(bp.u32[w + L.kBufWordRefPoolError]).to.equal(1 | (3 << 8), 'ref_count 1, pool 3, error 0');
    bp.setCurrentData(2, -14);
    bp.setCurrentLength(2, 60);
    bp.setError(2, 0x1234);
    expect(bp.u32[w + L.kBufWordCurrent]).to.equal(((60 << 16) | (-14 & 0xffff)) >>> 0);
    expect(bp.u32[w + L.kBufWordRefPoolError]).to.equal((0x1234 << 16 | 3 << 8 | 1) >>> 0);
    expect([bp.currentData(2), bp.currentLength(2), bp.error(2), bp.refCount(2), bp.bufferPoolIndex(2)]).to.deep.equal([-14, 60, 0x1234, 1, 3]);
    expect(bp.dataByte(2) - bp.byteOffset - bp.hdrWord(2) * 4).to.equal(128 + 128);
    expect(bp.dataByte(2) - bp.dataByte(1)).to.equal(bp.allocSize);
  });

  it('attaches only where a pool was laid out', () => {
    const sab = new SharedArrayBuffer(L.bufferPoolSizeToAlloc({ nBuffers: 8, nThreads: 2 }) + 128);
    expect(() => new BufferPool(sab, 64)).to.throw(VppsimError, 'no buffer pool at offset 64');
    expect(() => new BufferPool(sab, 65)).to.throw(VppsimError, 'not a 64-byte aligned offset');
    BufferPool.init(sab, 128, { nBuffers: 8, nThreads: 2 });
    const bp = new BufferPool(sab, 128);
    expect([bp.nBuffers, bp.dataSize, bp.preDataSize, bp.allocSize, bp.cacheSize, bp.nThreads, bp.nAvail]).to.deep.equal([8, 2048, 128, 2368, 512, 2, 8]);
    expect(bp.i32[(128 >> 2) + L.kBpMagic]).to.equal(L.VLIB_BUFFER_POOL_MAGIC);
    expect(() => BufferPool.init(sab, 192, { nBuffers: 8, nThreads: 2 })).to.throw(VppsimError, 'does not fit at offset 192');
  });
});
