// src/apps/vcl-test-printf.ts: the bits of C stdio the VCL test tools' output depends on. These
// tools print with glibc printf (not VPP's format()), so `%lf` has six decimals rounded half to
// even on the exact binary value, `%p` prints `0x…` or `(nil)`, perror appends strerror, and
// output reaches the reader line by line. Models: glibc printf/perror as used by v26.02
// src/plugins/hs_apps/vcl/vcl_test.h (vtinf, vtwrn, vterr, vtfail, vcl_test_stats_dump).

const scratch = new DataView(new ArrayBuffer(8));

/**
 * glibc `%.<prec>f` of a double: the exact binary value rounded half to even (JS `toFixed`
 * rounds half up and stops at 100 digits). Infinity prints `inf`, NaN `-nan` (x86's default
 * NaN, what 0.0 / 0.0 gives, has its sign bit set), −0 keeps its sign.
 */
export function cFixed (x: number, prec: number): string {
  if (Number.isNaN(x)) return '-nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const neg = (hi >>> 31) !== 0;
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074; // subnormal
  else { m |= 1n << 52n; e = bexp - 1075; }
  const p10 = 10n ** BigInt(prec);
  let q: bigint;
  if (e >= 0) q = (m * p10) << BigInt(e);
  else {
    const num = m * p10;
    const den = 1n << BigInt(-e);
    q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
  }
  const s = q.toString().padStart(prec + 1, '0');
  const body = prec === 0 ? s : `${s.slice(0, s.length - prec)}.${s.slice(s.length - prec)}`;
  return neg ? `-${body}` : body;
}

/** glibc `%p`: `0x` and lowercase hex, `(nil)` for 0. */
export const cPointer = (addr: number): string => (addr === 0 ? '(nil)' : `0x${addr.toString(16)}`);

/** `strerror` for the errno values the tools report (negated VPPCOM_E* codes, and 1 for VCL's −1). */
export function cStrerror (errno: number): string {
  switch (errno) {
    case 1: return 'Operation not permitted';
    case 11: return 'Resource temporarily unavailable';
    case 22: return 'Invalid argument';
    case 32: return 'Broken pipe';
    case 77: return 'File descriptor in bad state';
    case 98: return 'Address already in use';
    case 104: return 'Connection reset by peer';
    case 107: return 'Transport endpoint is not connected';
    case 110: return 'Connection timed out';
    case 111: return 'Connection refused';
    default: return `Unknown error ${errno}`;
  }
}

/**
 * A C stream that hands complete lines to a sink: text is appended as printf would write it and
 * every `\n` ends a line (so "\nX\n" gives an empty line, then "X"). {@link CStream.flush} gives
 * what is left without its newline, as exit(3) would flush it.
 */
export class CStream {
  private partial = '';

  /** @param sink receives each line, without its `\n`. */
  constructor (private readonly sink: (line: string) => void) {}

  /** Writes `text` (printf's output). */
  write (text: string): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.sink(this.partial + text.slice(from, nl));
      this.partial = '';
      from = nl + 1;
    }
    this.partial += text.slice(from);
  }

  /** Writes each of `lines` followed by `\n`. */
  lines (lines: readonly string[]): void {
    for (const l of lines) this.write(`${l}\n`);
  }

  /** Emits an unterminated last line, if any. */
  flush (): void {
    if (this.partial !== '') this.sink(this.partial);
    this.partial = '';
  }
}
