// src/config/cli-unformat.ts: the value parsers VPP's CLI commands use that startup.conf parsers
// do not: `%f`, base-10 sizes, and one line of input. Each follows its VPP function, including
// what it leaves unconsumed, because the next keyword try starts exactly there.

import { unformatUser } from './cli-match.js';
import { UNFORMAT_END_OF_INPUT, UnformatInput, bigintAt, unformat, type UnformatFunction } from './unformat.js';

const U64 = (1n << 64n) - 1n;

/** x · 10^n, in the steps VPP takes (so the rounding is VPP's). Models: unformat.c times_power_of_ten. */
function timesPowerOfTen (x: number, n: number): number {
  if (n >= 0) {
    while (n >= 8) { x *= 1e+8; n -= 8; }
    return x * [1e+0, 1e+1, 1e+2, 1e+3, 1e+4, 1e+5, 1e+6, 1e+7][n]!;
  }
  while (n <= -8) { x *= 1e-8; n += 8; }
  return x * [1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7][-n]!;
}

/**
 * `%f`: `[sign]digits[.digits][e[sign]digits]`, computed as VPP does (whole part, plus fraction
 * times 10^-n, times 10^exp). Quirk kept: the sign applies to the whole part only, so `-0.5`
 * reads 0.5 and `-1.5` reads -0.5. A sign after digits ends the number (`12-` reads 12). Stops
 * before the first other character. Models: src/vppinfra/unformat.c unformat_float.
 */
export const unformatFloat: UnformatFunction = (input) => {
  const values = [0n, 0n, 0n];
  const nDigits = [0, 0, 0];
  const signs = [false, false];
  let vi = 0;
  let si = 0;
  let nInput = 0;
  for (;;) {
    const c = input.getInput();
    if (c === UNFORMAT_END_OF_INPUT) break;
    if (c === 0x2d /* - */ || c === 0x2b /* + */) {
      if (vi === 2 && nDigits[2] === 0) {
        // sign of the exponent
      } else if (vi < 2 && nDigits[0]! > 0) {
        input.putInput();
        break;
      } else if (nInput > 0) {
        return null;
      }
      signs[si++] = c === 0x2d;
    } else if (c === 0x65 || c === 0x45 /* e E */) {
      if (nInput === 0) return null;
      vi = 2;
      si = 1;
    } else if (c === 0x2e /* . */) {
      if (vi > 0) return null;
      vi = 1;
    } else if (c >= 0x30 && c <= 0x39) {
      const tmp = (values[vi]! * 10n + BigInt(c - 0x30)) & U64;
      if (tmp < values[vi]!) return null;
      values[vi] = tmp;
      nDigits[vi]! += 1;
    } else {
      input.putInput();
      break;
    }
    nInput++;
  }
  if (nDigits[0]! + nDigits[1]! <= 0) return null;
  let f0 = Number(values[0]);
  if (signs[0]) f0 = -f0;
  f0 += timesPowerOfTen(Number(values[1]), -nDigits[1]!);
  // VPP passes the exponent as an int; beyond ±1000 every double saturates to 0 or infinity.
  let expon = Number(BigInt.asIntN(32, BigInt.asIntN(64, values[2]!)));
  if (signs[1]) expon = -expon;
  expon = Math.max(-1000, Math.min(1000, expon));
  return timesPowerOfTen(f0, expon);
};

/**
 * A count with an optional SI suffix right after it: `k` 10^3, `m` 10^6, `g` 10^9, `t` 10^12 (either
 * case); returns an unsigned 64-bit bigint (wrapping as C does). Used for `throughput` (bits/s).
 * Models: src/vppinfra/std-formats.c unformat_base10.
 */
export const unformatBase10: UnformatFunction = (input) => {
  const m = unformat(input, '%llu%_');
  if (!m.ok) return null;
  const amount = bigintAt(m, 0);
  let multiplier = 1n;
  switch (input.getInput()) {
    case 0x6b: case 0x4b: multiplier = 1000n; break;
    case 0x6d: case 0x4d: multiplier = 1000n ** 2n; break;
    case 0x67: case 0x47: multiplier = 1000n ** 3n; break;
    case 0x74: case 0x54: multiplier = 1000n ** 4n; break;
    default: input.putInput(); break;
  }
  return (amount * multiplier) & U64;
};

/**
 * `unformat_user (input, unformat_line_input, &line)`: the characters up to the next newline (the
 * newline is consumed), as a new input. Fails on an empty line; VPP commands that read their
 * arguments this way stop at the newline a `\` continuation leaves in the line, and whatever
 * follows it is dispatched as the next command. Models: src/vppinfra/unformat.c unformat_line,
 * unformat_line_input.
 */
export function unformatLineInput (input: UnformatInput): UnformatInput | null {
  return unformatUser(input, (i) => {
    let text = '';
    const pos: number[] = [];
    let endPos = i.endPos;
    for (;;) {
      const at = i.index;
      const c = i.getInput();
      if (c === UNFORMAT_END_OF_INPUT) break;
      if (c === 0x0a) { endPos = i.pos[at] ?? i.endPos; break; }
      text += String.fromCharCode(c);
      pos.push(i.pos[at] ?? i.endPos);
    }
    return text.length > 0 ? new UnformatInput(text, pos, endPos) : null;
  });
}
