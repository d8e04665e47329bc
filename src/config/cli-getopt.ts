// src/config/cli-getopt.ts: command lines of external tools, as a shell splits them and as GNU
// getopt(3) reads them (options may follow operands; `-UX` bundles flags; `-N1000` and `-N 1000`
// both give an argument; `--` ends the options). The tools are VPP's VCL test apps
// (src/plugins/hs_apps/vcl/vcl_test_{client,server}.c), which call getopt with opterr = 0.

/** One word of a command line and where it starts (an offset in the enclosing text). */
export interface ArgWord {
  /** The word, quotes removed. */
  readonly text: string;
  /** Offset of its first character in the enclosing text. */
  readonly offset: number;
}

/** A command line that cannot be split: an unterminated quote, at `offset`. */
export class ArgSplitError extends Error {
  /** `offset`: where the unterminated quote opens. */
  constructor (message: string, readonly offset: number) {
    super(message);
    this.name = 'ArgSplitError';
  }
}

/**
 * Splits `text` into words as a POSIX shell does, without expansions: blanks separate words;
 * `'…'` is literal; `"…"` is literal except `\"` and `\\`; outside quotes `\x` is `x`.
 * `pos[i]` is the offset of `text[i]` in the enclosing source (for error positions).
 */
export function splitArgs (text: string, pos: readonly number[], endPos: number): ArgWord[] {
  const out: ArgWord[] = [];
  const at = (i: number): number => pos[i] ?? endPos;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = at(i);
    let word = '';
    while (i < text.length && !/\s/.test(text[i]!)) {
      const c = text[i]!;
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) throw new ArgSplitError('unterminated \' quote', at(i));
        word += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i++;
        for (;;) {
          if (i >= text.length) throw new ArgSplitError('unterminated " quote', at(open));
          const d = text[i]!;
          if (d === '"') { i++; break; }
          if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) { word += text[i + 1]; i += 2; continue; }
          word += d;
          i++;
        }
      } else if (c === '\\' && i + 1 < text.length) {
        word += text[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ text: word, offset: start });
  }
  return out;
}

/** One option getopt returned: the letter, its argument if it takes one, where it was. */
export interface GetoptOption {
  readonly opt: string;
  readonly arg: string | null;
  /** Offset of the word holding the option. */
  readonly offset: number;
  /** Offset of the word holding the argument (the option's word when attached, `-N1000`). */
  readonly argOffset: number;
}

/** getopt's `'?'`: an unknown option, or one missing its argument (`optopt`). */
export interface GetoptFailure {
  /** An option not in the option string, or one at the end that needs an argument. */
  readonly kind: 'unknown' | 'missing-argument';
  /** The option letter (`optopt`). */
  readonly opt: string;
  /** Offset of the word holding it. */
  readonly offset: number;
}

/** What getopt makes of a command line. */
export interface GetoptResult {
  /** Options in command-line order (getopt returns them in that order). */
  readonly options: readonly GetoptOption[];
  /** Operands, after GNU getopt's permutation (their relative order kept). */
  readonly operands: readonly ArgWord[];
  /** The first failure, where getopt returned '?'; null when none. */
  readonly failure: GetoptFailure | null;
}

/**
 * GNU getopt over `args` (argv without argv[0]) with `optstring` (a letter followed by `:` takes
 * an argument). Stops at the first failure, as the VCL tools exit there.
 */
export function getopt (args: readonly ArgWord[], optstring: string): GetoptResult {
  const options: GetoptOption[] = [];
  const operands: ArgWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.text === '--') { operands.push(...args.slice(i + 1)); break; }
    if (!a.text.startsWith('-') || a.text.length === 1) { operands.push(a); continue; }
    for (let j = 1; j < a.text.length; j++) {
      const c = a.text[j]!;
      const k = c === ':' ? -1 : optstring.indexOf(c);
      if (k < 0) return { options, operands, failure: { kind: 'unknown', opt: c, offset: a.offset } };
      if (optstring[k + 1] !== ':') { options.push({ opt: c, arg: null, offset: a.offset, argOffset: a.offset }); continue; }
      if (j + 1 < a.text.length) {
        options.push({ opt: c, arg: a.text.slice(j + 1), offset: a.offset, argOffset: a.offset });
      } else if (i + 1 < args.length) {
        const b = args[++i]!;
        options.push({ opt: c, arg: b.text, offset: a.offset, argOffset: b.offset });
      } else {
        return { options, operands, failure: { kind: 'missing-argument', opt: c, offset: a.offset } };
      }
      break;
    }
  }
  return { options, operands, failure: null };
}

/**
 * C's `sscanf (s, "%ld")` / `"%d"` / `"%u"`: blanks, an optional sign, decimal digits, anything
 * after ignored; null when there is no digit. With `hexPrefix`, first `sscanf (s, "0x%lx")` (or
 * `"0x%lu"`, `hexDigits` false): the literal `0x` then digits in that base. Returns a bigint so
 * callers decide how C would have stored it.
 */
export function scanInteger (s: string, opts: { hexPrefix?: boolean, hexDigits?: boolean } = {}): bigint | null {
  if (opts.hexPrefix === true && s.startsWith('0x')) {
    const m = (opts.hexDigits ?? true ? /^0x([0-9a-fA-F]+)/ : /^0x([0-9]+)/).exec(s);
    if (m !== null) return BigInt((opts.hexDigits ?? true) ? `0x${m[1]}` : m[1]!);
  }
  const m = /^\s*([+-]?)(\d+)/.exec(s);
  if (m === null) return null;
  return m[1] === '-' ? -BigInt(m[2]!) : BigInt(m[2]!);
}

/** C's `atoi`: like `%d` but 0 when there is no number. */
export function atoi (s: string): number {
  const v = scanInteger(s);
  return v === null ? 0 : Number(BigInt.asIntN(32, v));
}
