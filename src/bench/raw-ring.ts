// src/bench/raw-ring.ts: the two thread-local views of the raw SAB SPSC ring (layout in
// raw-ring-layout.ts): a producer and a consumer, each keeping its own index in a local and a
// cached copy of the other side's, so a message costs one slot write or read and, per publish or
// release, one atomic store; the other side's index is re-read only when the cache says full or
// empty.
//
// Sleeping without losing a wakeup: a side that finds the ring full (producer) or empty
// (consumer) publishes its sleeping flag, looks again, and waits on the other side's index word
// with the value it saw; the other side, after storing its index, notifies only if the flag is
// set. Sequentially consistent Atomics make one of the two see the other's store.

import {
  kRawRingConsSleeping, kRawRingHead, kRawRingProdSleeping, kRawRingSlots, kRawRingTail,
  RAW_RING_SLOT_WORDS, rawRingBytes, rawRingCapacityOk,
} from './raw-ring-layout.js';

function checkGeometry (sab: SharedArrayBuffer, capacity: number): void {
  if (!rawRingCapacityOk(capacity)) throw new RangeError(`raw ring capacity must be a power of two in 1..2^24, got ${capacity}`);
  if (sab.byteLength < rawRingBytes(capacity)) {
    throw new RangeError(`raw ring of ${capacity} slots needs ${rawRingBytes(capacity)} bytes, the SAB has ${sab.byteLength}`);
  }
}

/** The producer's view. One per ring; never shared between threads. */
export class RawRingProducer {
  /** The ring's words: slots are written through this at the offsets `slot()` gives. */
  readonly i32: Int32Array;
  private readonly cap: number;
  private readonly mask: number;
  /** Own index, the only copy that is ahead of the shared word. */
  private tail = 0;
  /** The consumer's index as last read. */
  private headCache = 0;

  /** Views a ring laid out at the start of `sab` with `capacity` slots (a power of two). */
  constructor (sab: SharedArrayBuffer, capacity: number) {
    checkGeometry(sab, capacity);
    this.i32 = new Int32Array(sab);
    this.cap = capacity;
    this.mask = capacity - 1;
    this.tail = Atomics.load(this.i32, kRawRingTail);
    this.headCache = Atomics.load(this.i32, kRawRingHead);
  }

  /** Free slots; re-reads the consumer's index only when the cached one gives fewer than `want`. */
  room (want = 1): number {
    let r = this.cap - ((this.tail - this.headCache) | 0);
    if (r < want) {
      this.headCache = Atomics.load(this.i32, kRawRingHead);
      r = this.cap - ((this.tail - this.headCache) | 0);
    }
    return r;
  }

  /** Word index of the `k`-th free slot after the tail (`k < room()`). */
  slot (k: number): number { return kRawRingSlots + ((this.tail + k) & this.mask) * RAW_RING_SLOT_WORDS; }

  /** Makes `k` written slots visible, then wakes the consumer if it said it sleeps. */
  publish (k: number): void {
    this.tail = (this.tail + k) | 0;
    Atomics.store(this.i32, kRawRingTail, this.tail);
    if (Atomics.load(this.i32, kRawRingConsSleeping) !== 0) Atomics.notify(this.i32, kRawRingTail, 1);
  }

  /**
   * Sleeps on the head word until the consumer frees a slot or `timeoutMs` passes; returns the
   * room then (0 after a timeout with the ring still full).
   */
  waitRoom (timeoutMs: number): number {
    Atomics.store(this.i32, kRawRingProdSleeping, 1);
    this.headCache = Atomics.load(this.i32, kRawRingHead);
    if (this.cap - ((this.tail - this.headCache) | 0) === 0) Atomics.wait(this.i32, kRawRingHead, this.headCache, timeoutMs);
    Atomics.store(this.i32, kRawRingProdSleeping, 0);
    return this.room();
  }
}

/** The consumer's view. One per ring; never shared between threads. */
export class RawRingConsumer {
  /** The ring's words: slots are read through this at the offsets `slot()` gives. */
  readonly i32: Int32Array;
  private readonly mask: number;
  /** Own index. */
  private head = 0;
  /** The producer's index as last read. */
  private tailCache = 0;

  /** Views a ring laid out at the start of `sab` with `capacity` slots (a power of two). */
  constructor (sab: SharedArrayBuffer, capacity: number) {
    checkGeometry(sab, capacity);
    this.i32 = new Int32Array(sab);
    this.mask = capacity - 1;
    this.head = Atomics.load(this.i32, kRawRingHead);
    this.tailCache = Atomics.load(this.i32, kRawRingTail);
  }

  /** Messages ready; re-reads the producer's index only when the cached one says empty. */
  available (): number {
    let n = (this.tailCache - this.head) | 0;
    if (n === 0) {
      this.tailCache = Atomics.load(this.i32, kRawRingTail);
      n = (this.tailCache - this.head) | 0;
    }
    return n;
  }

  /** Word index of the `k`-th ready slot after the head (`k < available()`). */
  slot (k: number): number { return kRawRingSlots + ((this.head + k) & this.mask) * RAW_RING_SLOT_WORDS; }

  /** Gives `k` read slots back, then wakes the producer if it said it sleeps. */
  release (k: number): void {
    this.head = (this.head + k) | 0;
    Atomics.store(this.i32, kRawRingHead, this.head);
    if (Atomics.load(this.i32, kRawRingProdSleeping) !== 0) Atomics.notify(this.i32, kRawRingHead, 1);
  }

  /**
   * Sleeps on the tail word until the producer publishes or `timeoutMs` passes; returns the
   * messages ready then (0 after a timeout with the ring still empty).
   */
  waitData (timeoutMs: number): number {
    Atomics.store(this.i32, kRawRingConsSleeping, 1);
    this.tailCache = Atomics.load(this.i32, kRawRingTail);
    if (this.tailCache === this.head) Atomics.wait(this.i32, kRawRingTail, this.tailCache, timeoutMs);
    Atomics.store(this.i32, kRawRingConsSleeping, 0);
    return this.available();
  }
}
