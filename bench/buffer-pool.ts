// bench/buffer-pool.ts: single-thread costs of graph/buffer-pool.ts with the `benchmark`
// package, each beside the floor it is compared to, measured in the same run:
//   - alloc + free of 1 buffer and of 32 buffers through the per-thread cache (the case of a
//     node that allocates and frees a frame's worth), vs a plain JS array push/pop of as many
//     indices (the cheapest free list JS has);
//   - alloc + free of 600 buffers, which goes to the global stack under its lock both ways
//     (an alloc of ≥ cache size, a free that overflows the cache), same floor;
//   - a 1500-byte payload appended to a buffer and copied back out, with the pool's
//     allocation-free word copy, aligned and misaligned, vs `Uint8Array#set` of the same bytes
//     into a SharedArrayBuffer and back at the same alignments (the memcpy floor, which
//     allocates a view to copy out, and which V8 runs byte by byte when misaligned).
// One thread: the lock is never contended here; test/buffer-pool-stress.test.ts runs three.
//
// Run: npm run build && node dist/bench/buffer-pool.js

import Benchmark from 'benchmark';
import { pathToFileURL } from 'node:url';
import { BufferPool, BufferPoolThread } from '../graph/buffer-pool.js';

/** One measured operation. */
export interface BufferPoolBenchRow {
  readonly name: string;
  /** Mean time per operation, ns. */
  readonly ns: number;
  /** Relative margin of error, %. */
  readonly rme: number;
  /** Buffers (index rows) or bytes (copy rows) per operation. */
  readonly per: number;
  /** 'buffers' or 'bytes': what {@link BufferPoolBenchRow.per} counts. */
  readonly unit: 'buffers' | 'bytes';
  /** Name of the row this one is compared to, or ''. */
  readonly floor: string;
}

function measure (name: string, fn: () => void, per: number, unit: 'buffers' | 'bytes', floor = ''): BufferPoolBenchRow {
  const b = new Benchmark(name, fn, { minSamples: 20, maxTime: 1.5 });
  b.run({ async: false });
  return { name, ns: b.stats.mean * 1e9, rme: b.stats.rme, per, unit, floor };
}

/** Runs every buffer pool micro-benchmark (about 15 s). */
export function benchBufferPool (): BufferPoolBenchRow[] {
  const rows: BufferPoolBenchRow[] = [];
  const bp = BufferPool.create({ nBuffers: 4096, nThreads: 1 });
  const t = new BufferPoolThread(bp, 0);

  // index free lists
  const stack: number[] = [];
  for (let i = 1; i <= 4096; i++) stack.push(i);
  let sink = 0;
  const one = new Uint32Array(1);
  const many = new Uint32Array(600);
  for (const n of [1, 32, 600]) {
    const floorName = `JS array: pop + push ${n} ${n === 1 ? 'index' : 'indices'}`;
    rows.push(measure(floorName, () => {
      for (let i = 0; i < n; i++) many[i] = stack.pop() as number;
      for (let i = 0; i < n; i++) stack.push(many[i] as number);
    }, n, 'buffers'));
    if (n === 1) {
      rows.push(measure('pool: alloc + freeOne, 1 buffer (cache)', () => {
        t.alloc(one, 1);
        t.freeOne(one[0] as number);
      }, 1, 'buffers', floorName));
    } else {
      rows.push(measure(`pool: alloc + free, ${n} buffers (${n < bp.cacheSize ? 'cache' : 'global stack, lock'})`, () => {
        sink += t.alloc(many, n);
        t.free(many, n);
      }, n, 'buffers', floorName));
      t.flushCache();
    }
  }

  // payload copies
  const size = 1500;
  const src = new Uint8Array(size + 8).fill(7);
  const dst = new Uint8Array(size + 8);
  const srcWhole = src.subarray(0, size);
  const shared = new Uint8Array(new SharedArrayBuffer(1 << 16));
  const srcOdd = src.subarray(1, 1 + size);
  const floorName = `Uint8Array#set ${size} B in and out of a SAB`;
  const floorMis = `Uint8Array#set ${size} B in and out, misaligned`;
  rows.push(measure(floorName, () => { shared.set(srcWhole, 256); dst.set(shared.subarray(256, 256 + size)); }, size, 'bytes'));
  rows.push(measure(floorMis, () => { shared.set(srcOdd, 256); dst.set(shared.subarray(256, 256 + size), 3); }, size, 'bytes'));
  t.alloc(one, 1);
  const bi = one[0] as number;
  rows.push(measure(`pool: chainAppend + copyOut ${size} B, aligned`, () => {
    bp.setCurrentLength(bi, 0);
    t.chainAppend(bi, src, 0, size);
    bp.copyOut(bi, 0, dst, 0, size);
  }, size, 'bytes', floorName));
  rows.push(measure(`pool: chainAppend + copyOut ${size} B, misaligned`, () => {
    bp.setCurrentLength(bi, 0);
    t.chainAppend(bi, src, 1, size);
    bp.copyOut(bi, 0, dst, 3, size);
  }, size, 'bytes', floorMis));
  t.freeOne(bi);
  if (sink < 0) throw new Error('unreachable');
  return rows;
}

/** Aligned table with units: ns/op, ns per buffer or MB/s, ±%, and the ratio to the floor. */
export function formatBufferPoolBench (rows: readonly BufferPoolBenchRow[]): string {
  const head = `${'operation'.padEnd(56)}${'time/op'.padStart(12)}${'per unit'.padStart(16)}${'±'.padStart(8)}${'vs floor'.padStart(10)}`;
  const out = [head, '-'.repeat(head.length)];
  for (const r of rows) {
    const floor = rows.find((x) => x.name === r.floor);
    const per = r.unit === 'bytes' ? `${(r.per / r.ns * 1e3).toFixed(0)} MB/s` : `${(r.ns / r.per).toFixed(1)} ns/buf`;
    const ratio = floor !== undefined ? `${(floor.ns / r.ns).toFixed(2)} ×` : '';
    out.push(`${r.name.padEnd(56)}${`${r.ns.toFixed(1)} ns`.padStart(12)}${per.padStart(16)}${`${r.rme.toFixed(1)} %`.padStart(8)}${ratio.padStart(10)}`);
  }
  out.push('("vs floor" = floor time / this time: 1.00 × = as fast as the floor, 0.25 × = four times slower)');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(formatBufferPoolBench(benchBufferPool()));
}
