// graph/interrupt.ts: per-thread, per-node-type interrupt bitmaps with local and remote words.
// Models: src/vppinfra/interrupt.h (clib_interrupt_set, _set_atomic, _get_next_and_clear,
// _is_any_pending); src/vlib/node_funcs.h vlib_node_set_interrupt_pending.
//
// local:  owned by the thread, plain reads and writes (a JS Int32Array, not shared)
// remote: in the run's SAB; other threads set bits with Atomics.or, the owner folds them into
//         local with Atomics.exchange(…, 0) when it scans
//
//   bit n of word n>>5 = node of this type with runtime index n

/** Lowest set bit of a 32-bit word, as a word. */
const lowestBit = (v: number): number => v & -v;
/** Index of a single set bit. */
const bitIndex = (bit: number): number => 31 - Math.clz32(bit);

/** One thread's interrupt bitmap for one node type. */
export class InterruptBitmap {
  /** Thread-local words. */
  readonly local: Int32Array;

  constructor (
    /** The run's shared Int32 view. */
    readonly shared: Int32Array,
    /** First remote word of this bitmap in `shared`. */
    readonly remoteBase: number,
    /** Number of 32-bit words (`uwords_used`). */
    readonly nWords: number,
    /** Number of interrupts (nodes of the type). */
    readonly nInt: number,
  ) {
    this.local = new Int32Array(nWords);
  }

  /** Same-thread raise: a plain set in the local word (`clib_interrupt_set`). */
  set (intNum: number): void {
    this.local[intNum >> 5] |= 1 << (intNum & 31);
  }

  /** True if any bit is set, local or remote (`clib_interrupt_is_any_pending`). */
  isAnyPending (): boolean {
    const { local, shared, remoteBase, nWords } = this;
    for (let i = 0; i < nWords; i++) if (local[i] !== 0) return true;
    for (let i = 0; i < nWords; i++) if (Atomics.load(shared, remoteBase + i) !== 0) return true;
    return false;
  }

  /** True if bit `intNum` is set, local or remote; does not clear it. */
  isPending (intNum: number): boolean {
    const w = intNum >> 5;
    const bit = 1 << (intNum & 31);
    return ((this.local[w] ?? 0) & bit) !== 0 || (Atomics.load(this.shared, this.remoteBase + w) & bit) !== 0;
  }

  /**
   * Returns the lowest pending interrupt above `last` and clears it, or -1. Folds remote words
   * into local as it goes, so an interrupt raised during a scan for a higher index is found in the
   * same scan, and one for a lower or equal index waits for the next scan
   * (`clib_interrupt_get_next_and_clear`).
   */
  getNextAndClear (last: number): number {
    const { local, shared, remoteBase, nWords } = this;
    let off = (last + 1) >> 5;
    if (off >= nWords) return -1;
    let v = (local[off] as number) | Atomics.exchange(shared, remoteBase + off, 0);
    local[off] = v;
    v &= ~((1 << ((last + 1) & 31)) - 1);
    while (v === 0) {
      if (++off === nWords) return -1;
      v = (local[off] as number) | Atomics.exchange(shared, remoteBase + off, 0);
      local[off] = v;
    }
    const bit = lowestBit(v);
    local[off] = (local[off] as number) & ~bit;
    return bitIndex(bit) + (off << 5);
  }

  /** Clears one interrupt, local and remote (`clib_interrupt_clear`). */
  clear (intNum: number): void {
    const off = intNum >> 5;
    const v = (this.local[off] as number) | Atomics.exchange(this.shared, this.remoteBase + off, 0);
    this.local[off] = v & ~(1 << (intNum & 31));
  }
}

/**
 * Cross-thread raise: atomic OR into the target's remote word (`clib_interrupt_set_atomic`).
 * The caller then wakes the target (`vlib_thread_wakeup`).
 */
export function interruptSetRemote (shared: Int32Array, remoteBase: number, intNum: number): void {
  Atomics.or(shared, remoteBase + (intNum >> 5), 1 << (intNum & 31));
}
