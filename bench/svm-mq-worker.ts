// bench/svm-mq-worker.ts: one side of a bench/svm-mq.ts run on a piscina worker thread: a
// producer or a consumer of an app rx mq (src/svm) or of the raw SAB SPSC ring
// (src/bench/raw-ring.ts) carrying the same 20-byte payload. Measures, inside the thread, wall
// time and the thread's own CPU time from /proc/thread-self/schedstat (ns on CPU, via
// src/runtime/cpu-time.ts) and /proc/thread-self/stat (utime + stime, ticks).
//
// The raw ring (layout and sleeping protocol in src/bench/raw-ring-layout.ts and raw-ring.ts):
// a side that finds the ring empty (consumer, interrupt mode) or full (producer) sleeps on the
// other side's index word, which notifies only if the sleeping flag is set.

import { readFileSync } from 'node:fs';
import { RawRingConsumer, RawRingProducer } from '../src/bench/raw-ring.js';
import { threadCpuNs } from '../src/runtime/cpu-time.js';
import { SvmMqWaitType, SvmMsgQ } from '../src/svm/message-queue.js';
import { SESSION_MQ_IO_EVT_RING, SessionEvent, SessionEvtType, sessionEvtDecode, sessionEvtEncode } from '../src/svm/session-event.js';
import { SvmRv } from '../src/svm/svm-codes.js';

/**
 * One side of one bench case. Unbatched means one message per operation: the producer locks,
 * allocates, fills, adds and unlocks per message; the consumer reads the size once and then
 * sub_raw / decode / free_msg per message (session_wrk_handle_mq), as the raw ring's consumer
 * reads the tail once and publishes its head per message.
 */
export interface SvmBenchTask {
  readonly impl: 'mq' | 'raw';
  readonly role: 'producer' | 'consumer';
  /** 'poll': the consumer spins when empty; 'interrupt': it sleeps (mq: on the eventfd). */
  readonly mode: 'poll' | 'interrupt';
  /** Messages per producer lock / consumer drain; 1 = unbatched. */
  readonly batch: number;
  /**
   * Batched mq cases: false = VPP's calls (one lock, then alloc_msg_w_ring + add_raw per message;
   * sub_raw_batch, then free_msg per message); true = vppsim's batch extensions (one atomic per
   * batch and side: allocMsgsWRing, addRawBatch, freeMsgBatch).
   */
  readonly ext: boolean;
  /** Messages to move. */
  readonly n: number;
  /** Producer rate, messages per second; 0 = as fast as possible. Sent in 1 ms bursts. */
  readonly rate: number;
  readonly sab: SharedArrayBuffer;
  /** mq byte offset (impl mq) or ring capacity in slots, a power of two (impl raw). */
  readonly param: number;
  /** Control words: [0] abort, [1] sides ready. */
  readonly ctl: SharedArrayBuffer;
}

/** What one side measured. */
export interface SvmBenchSide {
  readonly role: 'producer' | 'consumer';
  readonly count: number;
  readonly checksum: number;
  /** Wall time from the common start to the last message, ns. */
  readonly wallNs: number;
  /** This thread's CPU time over the same span, from schedstat, ns. */
  readonly cpuNs: number;
  /** The same from /proc/thread-self/stat, utime + stime, clock ticks. */
  readonly cpuTicks: number;
  /** Times the side slept (or tried to). */
  readonly sleeps: number;
  readonly error: string;
}

/** utime + stime of the calling thread, clock ticks (stat fields 14 and 15). */
function statTicks (): number {
  const s = readFileSync('/proc/thread-self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return Number(f[11]) + Number(f[12]);
}

const kSliceNs = 50e6;
const hash = (seq: number): number => Math.imul(seq, 0x9e3779b1) ^ 0x5bd1e995;

export default function run (task: SvmBenchTask): SvmBenchSide {
  const ctl = new Int32Array(task.ctl);
  Atomics.add(ctl, 1, 1);
  while (Atomics.load(ctl, 1) < 2) Atomics.wait(ctl, 1, 1, 1);
  const c0 = threadCpuNs();
  const k0 = statTicks();
  const t0 = performance.now();
  const r = task.impl === 'mq'
    ? (task.role === 'producer' ? mqProducer(task, ctl) : mqConsumer(task, ctl))
    : (task.role === 'producer' ? rawProducer(task, ctl) : rawConsumer(task, ctl));
  const wallNs = (performance.now() - t0) * 1e6;
  return { role: task.role, ...r, wallNs, cpuNs: threadCpuNs() - c0, cpuTicks: statTicks() - k0 };
}

type Partial = Pick<SvmBenchSide, 'count' | 'checksum' | 'sleeps' | 'error'>;

/** Paces a producer at `rate` messages/s in 1 ms bursts; returns how many it may send now. */
class Pacer {
  private readonly t0 = performance.now();
  private readonly sleepWord = new Int32Array(new SharedArrayBuffer(4));
  constructor (private readonly rate: number) {}
  allowance (sent: number): number {
    if (this.rate === 0) return Infinity;
    for (;;) {
      const due = Math.floor((performance.now() - this.t0) * this.rate / 1000);
      if (due > sent) return due - sent;
      Atomics.wait(this.sleepWord, 0, 0, 1);
    }
  }
}

// --- svm_msg_q --------------------------------------------------------------------------------

function mqProducer (task: SvmBenchTask, ctl: Int32Array): Partial {
  const mq = new SvmMsgQ(task.sab, task.param);
  const pacer = new Pacer(task.rate);
  const r = SESSION_MQ_IO_EVT_RING;
  const refs = new Int32Array(Math.max(1, task.batch));
  let seq = 0;
  let sleeps = 0;
  let checksum = 0;
  while (seq < task.n) {
    const allowed = Math.min(pacer.allowance(seq), task.n - seq, task.batch);
    if (task.batch === 1) {
      let msg = mq.lockAndAllocMsgWRing(r, true);
      if (msg === SvmRv.MQ_FULL) {
        sleeps++;
        msg = mq.lockAndAllocMsgWRing(r, false, kSliceNs);
      }
      if (msg < 0) {
        if (Atomics.load(ctl, 0) !== 0) return { count: seq, checksum, sleeps, error: 'aborted' };
        continue;
      }
      sessionEvtEncode(mq, msg, SessionEvtType.IO_EVT_TX, seq, hash(seq));
      mq.addAndUnlock(msg);
      checksum = (checksum + hash(seq)) | 0;
      seq++;
      continue;
    }
    mq.lock();
    if (task.ext) {
      let room = mq.prodRoom(r);
      if (room === 0) {
        sleeps++;
        mq.orRingWaitProd(r, kSliceNs);
        room = mq.prodRoom(r);
      }
      const k = room < allowed ? room : allowed;
      if (k > 0) {
        mq.allocMsgsWRing(r, k, refs);
        for (let i = 0; i < k; i++) {
          sessionEvtEncode(mq, refs[i] as number, SessionEvtType.IO_EVT_TX, seq, hash(seq));
          checksum = (checksum + hash(seq)) | 0;
          seq++;
        }
        mq.addRawBatch(refs, k);
      }
      mq.unlock();
      if (Atomics.load(ctl, 0) !== 0) return { count: seq, checksum, sleeps, error: 'aborted' };
      continue;
    }
    if (mq.orRingIsFull(r)) {
      sleeps++;
      mq.orRingWaitProd(r, kSliceNs);
    }
    for (let k = 0; k < allowed && !mq.orRingIsFull(r); k++) {
      const msg = mq.allocMsgWRing(r);
      sessionEvtEncode(mq, msg, SessionEvtType.IO_EVT_TX, seq, hash(seq));
      mq.addRaw(msg);
      checksum = (checksum + hash(seq)) | 0;
      seq++;
    }
    mq.unlock();
    if (Atomics.load(ctl, 0) !== 0) return { count: seq, checksum, sleeps, error: 'aborted' };
  }
  return { count: seq, checksum, sleeps, error: '' };
}

function mqConsumer (task: SvmBenchTask, ctl: Int32Array): Partial {
  const mq = new SvmMsgQ(task.sab, task.param);
  const evt = new SessionEvent();
  const batch = new Int32Array(Math.max(1, task.batch));
  let got = 0;
  let sleeps = 0;
  let checksum = 0;
  let idle = 0;
  while (got < task.n) {
    const size = mq.size();
    if (size === 0) {
      if (task.mode === 'interrupt') {
        sleeps++;
        mq.wait(SvmMqWaitType.Empty, kSliceNs);
      }
      if ((++idle & 0xffff) === 0 && Atomics.load(ctl, 0) !== 0) return { count: got, checksum, sleeps, error: 'aborted' };
      continue;
    }
    if (task.batch === 1) {
      // session_wrk_handle_mq: a snapshot of the size, then sub_raw / use / free_msg one by one
      for (let i = 0; i < size; i++) {
        const msg = mq.subRaw();
        if (sessionEvtDecode(mq, msg, evt) < 0 || evt.w0 !== got) return { count: got, checksum, sleeps, error: `bad message at ${got}` };
        checksum = (checksum + evt.w1) | 0;
        mq.freeMsg(msg);
        got++;
      }
      continue;
    }
    const n = mq.subRawBatch(batch, batch.length);
    for (let i = 0; i < n; i++) {
      const msg = batch[i] as number;
      if (sessionEvtDecode(mq, msg, evt) < 0 || evt.w0 !== got) return { count: got, checksum, sleeps, error: `bad message at ${got}` };
      checksum = (checksum + evt.w1) | 0;
      if (!task.ext) mq.freeMsg(msg);
      got++;
    }
    if (task.ext && mq.freeMsgBatch(batch, n) !== SvmRv.OK) return { count: got, checksum, sleeps, error: `free batch failed at ${got}` };
  }
  return { count: got, checksum, sleeps, error: '' };
}

// --- raw SPSC ring (src/bench/raw-ring.ts) ---------------------------------------------------

function rawProducer (task: SvmBenchTask, ctl: Int32Array): Partial {
  const ring = new RawRingProducer(task.sab, task.param);
  const i32 = ring.i32;
  const pacer = new Pacer(task.rate);
  let seq = 0;
  let sleeps = 0;
  let checksum = 0;
  while (seq < task.n) {
    const allowed = Math.min(pacer.allowance(seq), task.n - seq, task.batch);
    const room = ring.room(allowed);
    if (room === 0) {
      sleeps++;
      ring.waitRoom(kSliceNs / 1e6);
      if (Atomics.load(ctl, 0) !== 0) return { count: seq, checksum, sleeps, error: 'aborted' };
      continue;
    }
    const k = room < allowed ? room : allowed;
    for (let j = 0; j < k; j++) {
      const w = ring.slot(j);
      const h = hash(seq);
      i32[w] = SessionEvtType.IO_EVT_TX;
      i32[w + 1] = seq;
      i32[w + 2] = h;
      checksum = (checksum + h) | 0;
      seq++;
    }
    ring.publish(k);
  }
  return { count: seq, checksum, sleeps, error: '' };
}

function rawConsumer (task: SvmBenchTask, ctl: Int32Array): Partial {
  const ring = new RawRingConsumer(task.sab, task.param);
  const i32 = ring.i32;
  let got = 0;
  let sleeps = 0;
  let checksum = 0;
  let idle = 0;
  while (got < task.n) {
    const avail = ring.available();
    if (avail === 0) {
      if (task.mode === 'interrupt') {
        sleeps++;
        ring.waitData(kSliceNs / 1e6);
      }
      if ((++idle & 0xffff) === 0 && Atomics.load(ctl, 0) !== 0) return { count: got, checksum, sleeps, error: 'aborted' };
      continue;
    }
    const k = avail < task.batch ? avail : task.batch;
    for (let j = 0; j < k; j++) {
      const w = ring.slot(j);
      if (i32[w] !== SessionEvtType.IO_EVT_TX || i32[w + 1] !== got) return { count: got, checksum, sleeps, error: `bad message at ${got}` };
      checksum = (checksum + (i32[w + 2] as number)) | 0;
      got++;
    }
    ring.release(k);
  }
  return { count: got, checksum, sleeps, error: '' };
}
