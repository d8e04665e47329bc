// graph/timer-wheel.ts: a thread's timers for process clocks and SCHED nodes.
// Models: src/vlib/tw_funcs.h (vlib_tw_timer_start/_stop/_first_expires_in_ticks,
// VLIB_TW_TICKS_PER_SECOND). VPP uses a timer wheel of 10 µs ticks; vppsim keeps VPP's tick
// rounding but stores timers in a binary min-heap of preallocated typed arrays.

/** Ticks per second of VPP's vlib timer wheel (`VLIB_TW_TICKS_PER_SECOND`, 10 µs ticks). */
export const VLIB_TW_TICKS_PER_SECOND = 1e5;
/** One tick, ns. */
export const VLIB_TW_TICK_NS = 1e9 / VLIB_TW_TICKS_PER_SECOND;

/** What a timer is for; the value travels with the expiry. Models: vlib_tw_event_type_t. */
export const TimerKind = { ProcessClock: 0, SchedNode: 1 } as const;
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

/** Handle of a running timer, or TIMER_HANDLE_INVALID. */
export type TimerHandle = number;
export const TIMER_HANDLE_INVALID: TimerHandle = -1;

/**
 * Converts a delay in seconds to VPP's wheel ticks: rounded to the nearest tick, at least one
 * (`vlib_node_schedule`, `process_timer_start`).
 */
export function secondsToTicks (dt: number): number {
  return Math.max(1, Math.round(dt * VLIB_TW_TICKS_PER_SECOND));
}

/**
 * A min-heap of timers keyed by expiry time in ns. Handles are slot numbers with a generation
 * so a stale handle cannot stop a newer timer. Grows by doubling; never allocates per timer
 * once grown.
 */
export class TimerWheel {
  private cap: number;
  // heap: slot numbers ordered by slotDeadline
  private heap: Int32Array;
  private n = 0;
  // slots
  private slotDeadline: Float64Array;
  private slotKind: Uint8Array;
  private slotIndex: Int32Array;
  private slotHeapPos: Int32Array;
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private nFree: number;

  constructor (capacity = 64) {
    this.cap = capacity;
    this.heap = new Int32Array(capacity);
    this.slotDeadline = new Float64Array(capacity);
    this.slotKind = new Uint8Array(capacity);
    this.slotIndex = new Int32Array(capacity);
    this.slotHeapPos = new Int32Array(capacity).fill(-1);
    this.slotGen = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.nFree = capacity;
  }

  /** Running timers. */
  get size (): number { return this.n; }

  /** Starts a timer that expires at `deadlineNs`; returns its handle. */
  start (deadlineNs: number, kind: number, index: number): TimerHandle {
    if (this.nFree === 0) this.grow();
    const slot = this.freeSlots[--this.nFree] as number;
    this.slotDeadline[slot] = deadlineNs;
    this.slotKind[slot] = kind;
    this.slotIndex[slot] = index;
    const pos = this.n++;
    this.heap[pos] = slot;
    this.slotHeapPos[slot] = pos;
    this.siftUp(pos);
    return slot | ((this.slotGen[slot] as number) << 16);
  }

  /** Stops a timer; a handle that already expired or was stopped is ignored. */
  stop (h: TimerHandle): void {
    if (h < 0) return;
    const slot = h & 0xffff;
    if (slot >= this.cap || (this.slotGen[slot] as number) !== (h >>> 16) || (this.slotHeapPos[slot] as number) < 0) return;
    this.removeAt(this.slotHeapPos[slot] as number);
  }

  /** True if the handle names a running timer (`!vlib_tw_timer_handle_is_free`). */
  isRunning (h: TimerHandle): boolean {
    if (h < 0) return false;
    const slot = h & 0xffff;
    return slot < this.cap && (this.slotGen[slot] as number) === (h >>> 16) && (this.slotHeapPos[slot] as number) >= 0;
  }

  /** Expiry of the earliest timer, ns, or Infinity. */
  nextDeadlineNs (): number {
    return this.n === 0 ? Infinity : (this.slotDeadline[this.heap[0] as number] as number);
  }

  /**
   * Pops every timer due at `nowNs`, calling `fn(kind, index)` for each in expiry order
   * (`vlib_tw_timer_expire_timers`). `kind` is what `start` was given (a {@link TimerKind} for
   * vlib's own timers; other users such as TCP use their own small numbers, 0..255).
   */
  expire (nowNs: number, fn: (kind: number, index: number) => void): number {
    let k = 0;
    while (this.n > 0) {
      const slot = this.heap[0] as number;
      if ((this.slotDeadline[slot] as number) > nowNs) break;
      const kind = this.slotKind[slot] as number;
      const index = this.slotIndex[slot] as number;
      this.removeAt(0);
      fn(kind, index);
      k++;
    }
    return k;
  }

  private removeAt (pos: number): void {
    const slot = this.heap[pos] as number;
    this.slotHeapPos[slot] = -1;
    this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) & 0x7fff;
    this.freeSlots[this.nFree++] = slot;
    const last = --this.n;
    if (pos !== last) {
      const moved = this.heap[last] as number;
      this.heap[pos] = moved;
      this.slotHeapPos[moved] = pos;
      this.siftDown(pos);
      this.siftUp(this.slotHeapPos[moved] as number);
    }
  }

  private less (a: number, b: number): boolean {
    const da = this.slotDeadline[a] as number;
    const db = this.slotDeadline[b] as number;
    return da < db || (da === db && a < b);
  }

  private siftUp (pos: number): void {
    const h = this.heap;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const a = h[pos] as number;
      const p = h[parent] as number;
      if (!this.less(a, p)) break;
      h[pos] = p; this.slotHeapPos[p] = pos;
      h[parent] = a; this.slotHeapPos[a] = parent;
      pos = parent;
    }
  }

  private siftDown (pos: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= this.n) break;
      const r = l + 1;
      let m = l;
      if (r < this.n && this.less(h[r] as number, h[l] as number)) m = r;
      const a = h[pos] as number;
      const c = h[m] as number;
      if (!this.less(c, a)) break;
      h[pos] = c; this.slotHeapPos[c] = pos;
      h[m] = a; this.slotHeapPos[a] = m;
      pos = m;
    }
  }

  private grow (): void {
    const cap = this.cap * 2;
    if (cap > 0xffff) throw new RangeError('too many timers on one thread');
    const grow32 = (a: Int32Array): Int32Array => { const b = new Int32Array(cap); b.set(a); return b; };
    this.heap = grow32(this.heap);
    const d = new Float64Array(cap); d.set(this.slotDeadline); this.slotDeadline = d;
    const k = new Uint8Array(cap); k.set(this.slotKind); this.slotKind = k;
    this.slotIndex = grow32(this.slotIndex);
    const hp = new Int32Array(cap).fill(-1); hp.set(this.slotHeapPos); this.slotHeapPos = hp;
    this.slotGen = grow32(this.slotGen);
    this.freeSlots = new Int32Array(cap);
    this.nFree = 0;
    for (let i = cap - 1; i >= this.cap; i--) this.freeSlots[this.nFree++] = i;
    this.cap = cap;
  }
}
