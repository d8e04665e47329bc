// src/bench/floors-worker.ts: the thread side of measureFloors (floors.ts), one task per call on
// a piscina worker thread: one side of a raw ring run or of a ping-pong (two threads, sharing a
// control SAB laid out in floors-layout.ts), or a single-thread floor (timer overshoot, dispatch).
//
// Every timed loop writes into preallocated typed arrays and allocates nothing per message or
// round. No side can hang: every wait has a timeout, every spin looks at the abort word and the
// clock every 65,536 turns, and a side that has waited `hangMs` in all throws.

import { VppsimError } from '../errors.js';
import { DispatchFloor, DISPATCH_FLOOR_FRAME_SIZE } from './dispatch-floor.js';
import { FLOOR_PING_STOP, kFloorCtlAbort, kFloorCtlPing, kFloorCtlPong, kFloorCtlReady } from './floors-layout.js';
import { RawRingConsumer, RawRingProducer } from './raw-ring.js';
import { threadCpuNs } from '../runtime/cpu-time.js';

/** What every two-thread task carries. */
interface PairTaskBase {
  /** Control SAB (floors-layout.ts), fresh per measurement. */
  readonly ctl: SharedArrayBuffer;
  /** A side that has run this long in all (ms) gives up with ERR_BENCH_HANG. */
  readonly hangMs: number;
}

/** One side of a raw ring throughput run: `n` messages of 20 bytes, both sides polling. */
export interface RingFloorTask extends PairTaskBase {
  readonly kind: 'ring';
  readonly role: 'producer' | 'consumer';
  /** The ring (raw-ring-layout.ts) and its capacity, slots (a power of two). */
  readonly sab: SharedArrayBuffer;
  readonly capacity: number;
  /** Messages per publish (producer) and per release (consumer); 1 = unbatched. */
  readonly batch: number;
  readonly n: number;
}

/** One side of a ping-pong: round k, the initiator writes k to ping, the responder echoes it to pong. */
export interface PingPongFloorTask extends PairTaskBase {
  readonly kind: 'pingpong';
  readonly role: 'initiator' | 'responder';
  /** true: each side sleeps in Atomics.wait and is woken by Atomics.notify; false: both spin on Atomics.load. */
  readonly sleep: boolean;
  /** Most rounds to run. */
  readonly rounds: number;
  /** The initiator starts no round after this many ms (the responder follows it). */
  readonly budgetMs: number;
}

/** Single thread: how late Atomics.wait returns after its timeout. */
export interface TimerFloorTask {
  readonly kind: 'timer';
  readonly timeoutNs: number;
  /** Most waits to time; the first `warmup` are not kept. */
  readonly samples: number;
  readonly warmup: number;
  /** No wait starts after this many ms. */
  readonly budgetMs: number;
}

/** Single thread: the plain-JS dispatch floor (dispatch-floor.ts) for 1 and 256 vectors per frame. */
export interface DispatchFloorTask {
  readonly kind: 'dispatch';
  /** Timed samples per frame size (alternating sizes). */
  readonly samples: number;
  /** Aimed length of one sample, ms: sets the loops per sample. */
  readonly sampleMs: number;
}

/** Any task of this worker. */
export type FloorTask = RingFloorTask | PingPongFloorTask | TimerFloorTask | DispatchFloorTask;

/** A ring side's result. */
export interface RingFloorSide {
  readonly kind: 'ring';
  readonly role: 'producer' | 'consumer';
  readonly count: number;
  /** Sum of the hash words, int32: both sides must agree. */
  readonly checksum: number;
  /** From the start barrier to the last message, ns (this thread's clock). */
  readonly wallNs: number;
}

/** A ping-pong side's result. */
export interface PingPongFloorSide {
  readonly kind: 'pingpong';
  readonly role: 'initiator' | 'responder';
  /** Rounds completed. */
  readonly rounds: number;
  /** Initiator: each round trip, ns, in order (`rounds` long); responder: empty. */
  readonly rttNs: Float64Array;
}

/** The timer task's result. */
export interface TimerFloorSide {
  readonly kind: 'timer';
  /** Each kept wait's return time minus its timeout, ns. */
  readonly overshootNs: Float64Array;
  /** The thread's CPU time over the kept waits (/proc/thread-self/schedstat), ns; NaN if unknown. */
  readonly cpuNs: number;
}

/** The dispatch task's result: ns per floor main loop, one entry per sample. */
export interface DispatchFloorSide {
  readonly kind: 'dispatch';
  readonly callsPerLoop: number;
  readonly frameVectors: number;
  readonly loopNsAt1: Float64Array;
  readonly loopNsAtFrame: Float64Array;
  /** Loops timed per sample at 1 and at 256 vectors. */
  readonly itersAt1: number;
  readonly itersAtFrame: number;
  /** The sink, returned so the work cannot be optimized away. */
  readonly sink: number;
}

/** Any result of this worker. */
export type FloorSide = RingFloorSide | PingPongFloorSide | TimerFloorSide | DispatchFloorSide;

/** Atomics.wait slices, ms: how often a sleeping side looks at the abort word and the clock. */
const kSliceMs = 50;
/** Message type word of a ring message (any constant: the consumer checks it). */
const kMsgType = 1;
const hash = (seq: number): number => Math.imul(seq, 0x9e3779b1) ^ 0x5bd1e995;

/** Throws if main asked to abort or this side has run `hangMs`. */
function check (ctl: Int32Array, giveUpAt: number, what: string): void {
  if (Atomics.load(ctl, kFloorCtlAbort) !== 0) throw new VppsimError('ERR_BENCH_ABORTED', `${what}: aborted, the other side failed`);
  if (performance.now() > giveUpAt) throw new VppsimError('ERR_BENCH_HANG', `${what}: no progress from the other side; gave up`);
}

/** Both sides add themselves and wait for the other, so the timed spans start together. */
function startBarrier (ctl: Int32Array, giveUpAt: number, what: string): void {
  Atomics.add(ctl, kFloorCtlReady, 1);
  Atomics.notify(ctl, kFloorCtlReady);
  for (;;) {
    const r = Atomics.load(ctl, kFloorCtlReady);
    if (r >= 2) return;
    check(ctl, giveUpAt, what);
    Atomics.wait(ctl, kFloorCtlReady, r, kSliceMs);
  }
}

// --- raw ring ---------------------------------------------------------------------------------

function ringProducer (t: RingFloorTask, ctl: Int32Array, giveUpAt: number): RingFloorSide {
  const ring = new RawRingProducer(t.sab, t.capacity);
  const i32 = ring.i32;
  const n = t.n;
  const batch = t.batch;
  startBarrier(ctl, giveUpAt, 'ring producer');
  const t0 = performance.now();
  let seq = 0;
  let checksum = 0;
  let spins = 0;
  while (seq < n) {
    const want = n - seq < batch ? n - seq : batch;
    const room = ring.room(want);
    if (room === 0) { // consumer polling behind: spin, as a polling producer would
      if ((++spins & 0xffff) === 0) check(ctl, giveUpAt, 'ring producer');
      continue;
    }
    const k = room < want ? room : want;
    for (let j = 0; j < k; j++) {
      const w = ring.slot(j);
      const h = hash(seq);
      i32[w] = kMsgType;
      i32[w + 1] = seq;
      i32[w + 2] = h;
      i32[w + 3] = 0;
      i32[w + 4] = 0;
      checksum = (checksum + h) | 0;
      seq++;
    }
    ring.publish(k);
  }
  return { kind: 'ring', role: 'producer', count: seq, checksum, wallNs: (performance.now() - t0) * 1e6 };
}

function ringConsumer (t: RingFloorTask, ctl: Int32Array, giveUpAt: number): RingFloorSide {
  const ring = new RawRingConsumer(t.sab, t.capacity);
  const i32 = ring.i32;
  const n = t.n;
  const batch = t.batch;
  startBarrier(ctl, giveUpAt, 'ring consumer');
  const t0 = performance.now();
  let got = 0;
  let checksum = 0;
  let spins = 0;
  while (got < n) {
    const avail = ring.available();
    if (avail === 0) { // polling: spin on the producer's index
      if ((++spins & 0xffff) === 0) check(ctl, giveUpAt, 'ring consumer');
      continue;
    }
    const k = avail < batch ? avail : batch;
    for (let j = 0; j < k; j++) {
      const w = ring.slot(j);
      if (i32[w] !== kMsgType || i32[w + 1] !== got) throw new VppsimError('ERR_BENCH_RING', `ring consumer: bad message at ${got}`);
      checksum = (checksum + (i32[w + 2] as number) + (i32[w + 3] as number) + (i32[w + 4] as number)) | 0;
      got++;
    }
    ring.release(k);
  }
  return { kind: 'ring', role: 'consumer', count: got, checksum, wallNs: (performance.now() - t0) * 1e6 };
}

// --- ping-pong --------------------------------------------------------------------------------

function pingInitiator (t: PingPongFloorTask, ctl: Int32Array, giveUpAt: number): PingPongFloorSide {
  const rtt = new Float64Array(t.rounds);
  const sleep = t.sleep;
  startBarrier(ctl, giveUpAt, 'ping-pong initiator');
  const stopAt = performance.now() + t.budgetMs;
  let k = 0;
  for (; k < t.rounds; k++) {
    const v = k + 1;
    const t0 = performance.now();
    if (t0 > stopAt) break;
    Atomics.store(ctl, kFloorCtlPing, v);
    if (sleep) {
      Atomics.notify(ctl, kFloorCtlPing, 1);
      while (Atomics.load(ctl, kFloorCtlPong) !== v) {
        if (Atomics.wait(ctl, kFloorCtlPong, v - 1, kSliceMs) === 'timed-out') check(ctl, giveUpAt, 'ping-pong initiator');
      }
    } else {
      let spins = 0;
      while (Atomics.load(ctl, kFloorCtlPong) !== v) {
        if ((++spins & 0xffff) === 0) check(ctl, giveUpAt, 'ping-pong initiator');
      }
    }
    rtt[k] = (performance.now() - t0) * 1e6;
  }
  Atomics.store(ctl, kFloorCtlPing, FLOOR_PING_STOP);
  Atomics.notify(ctl, kFloorCtlPing, 1);
  return { kind: 'pingpong', role: 'initiator', rounds: k, rttNs: rtt.slice(0, k) };
}

function pingResponder (t: PingPongFloorTask, ctl: Int32Array, giveUpAt: number): PingPongFloorSide {
  const sleep = t.sleep;
  startBarrier(ctl, giveUpAt, 'ping-pong responder');
  for (let k = 0; ; k++) {
    const v = k + 1;
    let spins = 0;
    for (;;) {
      const p = Atomics.load(ctl, kFloorCtlPing);
      if (p === v) break;
      if (p === FLOOR_PING_STOP) return { kind: 'pingpong', role: 'responder', rounds: k, rttNs: new Float64Array(0) };
      if (sleep) {
        if (Atomics.wait(ctl, kFloorCtlPing, p, kSliceMs) === 'timed-out') check(ctl, giveUpAt, 'ping-pong responder');
      } else if ((++spins & 0xffff) === 0) {
        check(ctl, giveUpAt, 'ping-pong responder');
      }
    }
    Atomics.store(ctl, kFloorCtlPong, v);
    if (sleep) Atomics.notify(ctl, kFloorCtlPong, 1);
  }
}

// --- single-thread floors ---------------------------------------------------------------------

function timerOvershoot (t: TimerFloorTask): TimerFloorSide {
  const word = new Int32Array(new SharedArrayBuffer(4)); // nobody notifies it: every wait times out
  const over = new Float64Array(t.samples);
  const timeoutMs = t.timeoutNs / 1e6;
  const stopAt = performance.now() + t.budgetMs;
  let k = 0;
  let cpu0 = NaN;
  for (let i = 0; i < t.warmup + t.samples; i++) {
    if (i === t.warmup) cpu0 = threadCpuNs();
    const t0 = performance.now();
    if (t0 > stopAt) break;
    Atomics.wait(word, 0, 0, timeoutMs);
    const late = (performance.now() - t0) * 1e6 - t.timeoutNs;
    if (i >= t.warmup) over[k++] = late;
  }
  const cpu1 = threadCpuNs();
  return { kind: 'timer', overshootNs: over.slice(0, k), cpuNs: cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : NaN };
}

/** Loops of `f` that take about `ms`, found by doubling (after a warm-up of the same length). */
function itersFor (f: DispatchFloor, ms: number): number {
  let iters = 16;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) f.loop();
    if (performance.now() - t0 >= ms || iters >= 1 << 26) return iters;
    iters *= 2;
  }
}

function dispatchFloor (t: DispatchFloorTask): DispatchFloorSide {
  const one = new DispatchFloor(1);
  const frame = new DispatchFloor(DISPATCH_FLOOR_FRAME_SIZE);
  itersFor(one, t.sampleMs * 4); // warm both JITs
  itersFor(frame, t.sampleMs * 4);
  const itersAt1 = itersFor(one, t.sampleMs);
  const itersAtFrame = itersFor(frame, t.sampleMs);
  const at1 = new Float64Array(t.samples);
  const atFrame = new Float64Array(t.samples);
  let sink = 0;
  for (let s = 0; s < t.samples; s++) { // alternate, so noise falls on both sizes alike
    let t0 = performance.now();
    for (let i = 0; i < itersAt1; i++) sink ^= one.loop();
    at1[s] = (performance.now() - t0) * 1e6 / itersAt1;
    t0 = performance.now();
    for (let i = 0; i < itersAtFrame; i++) sink ^= frame.loop();
    atFrame[s] = (performance.now() - t0) * 1e6 / itersAtFrame;
  }
  return {
    kind: 'dispatch', callsPerLoop: one.callsPerLoop, frameVectors: DISPATCH_FLOOR_FRAME_SIZE,
    loopNsAt1: at1, loopNsAtFrame: atFrame, itersAt1, itersAtFrame, sink,
  };
}

/** Runs one task on this thread. Throws VppsimError (ERR_BENCH_*) rather than hang or lie. */
export default function run (task: FloorTask): FloorSide {
  switch (task.kind) {
    case 'ring': {
      const ctl = new Int32Array(task.ctl);
      const giveUpAt = performance.now() + task.hangMs;
      return task.role === 'producer' ? ringProducer(task, ctl, giveUpAt) : ringConsumer(task, ctl, giveUpAt);
    }
    case 'pingpong': {
      const ctl = new Int32Array(task.ctl);
      const giveUpAt = performance.now() + task.hangMs;
      return task.role === 'initiator' ? pingInitiator(task, ctl, giveUpAt) : pingResponder(task, ctl, giveUpAt);
    }
    case 'timer': return timerOvershoot(task);
    case 'dispatch': return dispatchFloor(task);
  }
}
