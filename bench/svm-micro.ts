// bench/svm-micro.ts: single-thread costs of src/svm operations with the `benchmark` package,
// each beside the floor it is compared to, measured in the same run:
//   - one rx mq message, producer and consumer sides back to back (lock + alloc + encode +
//     add_and_unlock, sub_raw + decode + free_msg), vs a raw SAB ring doing the same payload;
//   - fifo enqueue + dequeue of 64 B, 1 KiB and 64 KiB, vs one `Uint8Array#set` of the same
//     bytes into a SharedArrayBuffer and back (the memcpy floor);
//   - eventfd write + read.
// Single thread: no cache-line transfers, so these are the instruction costs; bench/svm-mq.ts
// measures the two-thread case.
//
// Run: npm run build && node dist/bench/svm-micro.js

import Benchmark from 'benchmark';
import { pathToFileURL } from 'node:url';
import { SvmSegment } from '../src/svm/segment.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import {
  SESSION_MQ_IO_EVT_RING, SessionEvent, SessionEvtType, sessionEvtDecode, sessionEvtEncode,
} from '../src/svm/session-event.js';

/** One measured operation. */
export interface SvmMicroRow {
  readonly name: string;
  /** Mean time per operation, ns. */
  readonly ns: number;
  /** Relative margin of error, %. */
  readonly rme: number;
  /** Bytes moved per operation (fifo rows), else 0. */
  readonly bytes: number;
  /** Name of the row this one is compared to, or ''. */
  readonly floor: string;
}

function measure (name: string, fn: () => void, bytes = 0, floor = ''): SvmMicroRow {
  const b = new Benchmark(name, fn, { minSamples: 20, maxTime: 1.5 });
  b.run({ async: false });
  return { name, ns: b.stats.mean * 1e9, rme: b.stats.rme, bytes, floor };
}

/** Runs every micro-benchmark (about 20 s). */
export function benchSvmMicro (): SvmMicroRow[] {
  const rows: SvmMicroRow[] = [];
  const seg = SvmSegment.create('micro', 1 << 20);

  // rx mq message vs raw ring, one thread
  const mq = seg.msgQ(seg.allocMsgQ(appRxMqCfg(2048)));
  const evt = new SessionEvent();
  let seq = 0;
  const raw = new Int32Array(new SharedArrayBuffer((64 + 2048 * 5) * 4));
  let rawHead = 0;
  let rawTail = 0;
  rows.push(measure('raw ring: write slot + publish, read slot + publish', () => {
    let w = 64 + (rawTail & 2047) * 5;
    raw[w] = SessionEvtType.IO_EVT_TX;
    raw[w + 1] = seq;
    raw[w + 2] = seq * 3;
    Atomics.store(raw, 16, ++rawTail);
    if (Atomics.load(raw, 16) !== rawHead) {
      w = 64 + (rawHead & 2047) * 5;
      seq += (raw[w + 1] as number) === seq ? 1 : 0;
      Atomics.store(raw, 0, ++rawHead);
    }
  }));
  rows.push(measure('rx mq: lock+alloc+encode+add, sub+decode+free', () => {
    const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_IO_EVT_RING, true);
    sessionEvtEncode(mq, msg, SessionEvtType.IO_EVT_TX, seq, seq * 3);
    mq.addAndUnlock(msg);
    const m = mq.subRaw();
    sessionEvtDecode(mq, m, evt);
    mq.freeMsg(m);
    seq++;
  }, 0, 'raw ring: write slot + publish, read slot + publish'));

  // eventfd
  const efd = seg.eventfd(seg.allocEventfd());
  rows.push(measure('eventfd: write(1) + read()', () => { efd.write(1); efd.read(); }));

  // fifo copies vs the memcpy floor
  const fseg = SvmSegment.create('micro-fifo', 1 << 20);
  const f = fseg.fifo(fseg.allocFifo(1 << 17));
  const shared = new Uint8Array(new SharedArrayBuffer(1 << 17));
  for (const size of [64, 1024, 65536]) {
    const src = new Uint8Array(size).fill(7);
    const dst = new Uint8Array(size);
    const label = size >= 1024 ? `${size / 1024} KiB` : `${size} B`;
    const floorName = `Uint8Array#set ${label} in and out of a SAB`;
    rows.push(measure(floorName, () => { shared.set(src, 0); dst.set(shared.subarray(0, size)); }, size));
    rows.push(measure(`fifo: enqueue + dequeue ${label}`, () => { f.enqueue(size, src, 0); f.dequeue(size, dst, 0); }, size, floorName));
  }
  return rows;
}

/** Aligned table with units: ns/op, ops/s, ±%, MB/s for copies, and the ratio to the floor. */
export function formatSvmMicro (rows: readonly SvmMicroRow[]): string {
  const head = `${'operation'.padEnd(56)}${'time/op'.padStart(12)}${'ops/s'.padStart(14)}${'±'.padStart(8)}${'throughput'.padStart(14)}${'vs floor'.padStart(10)}`;
  const out = [head, '-'.repeat(head.length)];
  for (const r of rows) {
    const floor = rows.find((x) => x.name === r.floor);
    const mbs = r.bytes > 0 ? `${(r.bytes / r.ns * 1e3).toFixed(0)} MB/s` : '';
    const ratio = floor !== undefined ? `${(floor.ns / r.ns).toFixed(2)} ×` : '';
    out.push(`${r.name.padEnd(56)}${`${r.ns.toFixed(1)} ns`.padStart(12)}${`${(1e9 / r.ns / 1e6).toFixed(2)} M`.padStart(14)}` +
      `${`${r.rme.toFixed(1)} %`.padStart(8)}${mbs.padStart(14)}${ratio.padStart(10)}`);
  }
  out.push('(throughput counts the bytes once; "vs floor" = floor time / this time, 1.00 × = as fast as the floor)');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(formatSvmMicro(benchSvmMicro()));
}
