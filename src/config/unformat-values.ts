// src/config/unformat-values.ts: the value parsers (`%U` functions) VPP's config stanzas use,
// and the canonical bitmap printer. Each one follows its VPP function step by step, including
// what it leaves unconsumed, because the next keyword try starts exactly there.

import {
  UNFORMAT_END_OF_INPUT, UnformatInput, bigintAt, bitsAt, numberAt, stringAt, unformat,
  type UnformatFunction,
} from './unformat.js';

/**
 * Highest cpu id vppsim accepts in a corelist or coremask (CPU_SETSIZE 1024 - 1). VPP has no
 * such parse-time limit, but it cannot pin a thread beyond it, and a range like `0-4000000000`
 * would make vppsim allocate billions of entries.
 */
export const VPPSIM_MAX_CPU_ID = 1023;

/**
 * Raised from inside a value parser when input goes beyond what vppsim can represent; carries
 * the original-file offset so that the caller can turn it into a ConfigError with a position.
 */
export class UnformatLimitError extends Error {
  constructor (message: string, readonly offset: number) {
    super(message);
    this.name = 'UnformatLimitError';
  }
}

const U64 = (1n << 64n) - 1n;

/**
 * SIZE: a signed 64-bit decimal immediately followed by an optional `k|K|m|M|g|G` (shift 10,
 * 20, 30); the result is an unsigned 64-bit byte count (`-1` wraps, as in C). `1.5m` reads 1
 * and leaves `.5m`; `64KB` reads 64k and leaves `B`; `64 M` reads 64 and leaves `M`.
 * Models: src/vppinfra/std-formats.c unformat_memory_size.
 */
export const unformatMemorySize: UnformatFunction = (input) => {
  const m = unformat(input, '%wd%_');
  if (!m.ok) return null;
  const amount = BigInt.asUintN(64, bigintAt(m, 0));
  let shift = 0n;
  switch (input.getInput()) {
    case 0x6b: case 0x4b: shift = 10n; break; // k K
    case 0x6d: case 0x4d: shift = 20n; break; // m M
    case 0x67: case 0x47: shift = 30n; break; // g G
    default: input.putInput(); break;
  }
  return (amount << shift) & U64;
};

/**
 * LIST: `a-b` and `a` items; a `,` may follow an item, blanks may surround `-` and follow `,`,
 * and a plain blank also continues the list (`2 3` is {2, 3}). Stops before the first word that
 * is not a number (putting back one character, as VPP does). Returns the set bits ascending.
 * A reversed range (`3-2`) fails. Models: src/vppinfra/bitmap.c unformat_bitmap_list.
 */
export const unformatBitmapList: UnformatFunction = (input) => {
  const bits = new Set<number>();
  while (!input.atEnd()) {
    const at = input.errorPos();
    let a: number;
    let b: number;
    let m = unformat(input, '%u-%u,');
    if (m.ok) { a = numberAt(m, 0); b = numberAt(m, 1); } else if ((m = unformat(input, '%u,')).ok) {
      a = b = numberAt(m, 0);
    } else if ((m = unformat(input, '%u-%u')).ok) { a = numberAt(m, 0); b = numberAt(m, 1); } else if ((m = unformat(input, '%u')).ok) {
      a = b = numberAt(m, 0);
    } else if (bits.size > 0) {
      input.putInput();
      break;
    } else {
      return null;
    }
    if (b < a) return null;
    if (b > VPPSIM_MAX_CPU_ID) {
      throw new UnformatLimitError(`cpu ${b} is beyond the highest cpu id vppsim accepts (${VPPSIM_MAX_CPU_ID})`, at);
    }
    for (let i = a; i <= b; i++) bits.add(i);
  }
  return [...bits].sort((x, y) => x - y);
};

/**
 * Hex digits, two per byte; an odd count or no digit fails (so `coremask-workers 6` does not
 * parse, `06` does). Returns the bytes, most significant first.
 * Models: src/vppinfra/unformat.c unformat_hex_string.
 */
export const unformatHexString: UnformatFunction = (input) => {
  const bytes: number[] = [];
  let n = 0;
  let d = 0;
  for (;;) {
    const c = input.getInput();
    if (c === UNFORMAT_END_OF_INPUT) break;
    if (c >= 0x30 && c <= 0x39) d = 16 * d + c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = 16 * d + 10 + c - 0x61;
    else if (c >= 0x41 && c <= 0x46) d = 16 * d + 10 + c - 0x41;
    else { input.putInput(); break; }
    if (++n === 2) { bytes.push(d); n = d = 0; }
  }
  if (n % 2 !== 0 || bytes.length === 0) return null;
  return bytes;
};

/**
 * MASK: a hex number of any length, the first byte most significant; returns the set bits.
 * Models: src/vppinfra/bitmap.c unformat_bitmap_mask.
 */
export const unformatBitmapMask: UnformatFunction = (input) => {
  const at = input.errorPos();
  const m = unformat(input, '%U', unformatHexString);
  if (!m.ok) return null;
  const bytes = bitsAt(m, 0);
  const bits: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const shift = (bytes.length - 1 - i) * 8;
    for (let k = 0; k < 8; k++) {
      if ((bytes[i]! >> k) & 1) bits.push(shift + k);
    }
  }
  bits.sort((x, y) => x - y);
  const top = bits.at(-1);
  if (top !== undefined && top > VPPSIM_MAX_CPU_ID) {
    throw new UnformatLimitError(`cpu ${top} is beyond the highest cpu id vppsim accepts (${VPPSIM_MAX_CPU_ID})`, at);
  }
  return bits;
};

/**
 * Linux scheduling policies in the order VPP tries them, with their SCHED_* values.
 * Models: src/vlib/threads.h foreach_sched_policy.
 */
export const SCHED_POLICIES = [
  { name: 'other', value: 0 },
  { name: 'fifo', value: 1 },
  { name: 'rr', value: 2 },
  { name: 'batch', value: 3 },
  { name: 'idle', value: 5 },
] as const;

/** A scheduling policy name VPP accepts. */
export type SchedPolicyName = typeof SCHED_POLICIES[number]['name'];

/**
 * `other|fifo|rr|batch|idle`, as prefixes like every keyword (`rrx` is rr, leaving `x`).
 * Returns the SCHED_* value. Models: src/vlib/threads.c unformat_sched_policy.
 */
export const unformatSchedPolicy: UnformatFunction = (input) => {
  for (const p of SCHED_POLICIES) {
    if (unformat(input, p.name).ok) return p.value;
  }
  return null;
};

/**
 * A `{…}` group after optional blanks (including `\f`), returned as a new input over its body;
 * anything else fails. Models: src/vlib/cli.c unformat_vlib_cli_sub_input.
 */
export const unformatVlibCliSubInput: UnformatFunction = (input) => {
  for (;;) {
    const c = input.getInput();
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) continue;
    if (c !== UNFORMAT_END_OF_INPUT) input.putInput();
    if (c === 0x7b /* { */) {
      const m = unformat(input, '%v');
      if (m.ok) return UnformatInput.of(stringAt(m, 0));
    }
    return null;
  }
};

/**
 * Canonical list form of a set of bits: `2-3, 18-19`; empty string for no bits.
 * Models: src/vppinfra/bitmap.c format_bitmap_list.
 */
export function formatBitmapList (bits: readonly number[]): string {
  const sorted = [...new Set(bits)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
