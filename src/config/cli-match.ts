// src/config/cli-match.ts: how VPP's debug CLI picks a command word, and the unformat_user
// rewind rule the CLI relies on. Models: src/vlib/cli.c vlib_cli_sub_command_match,
// unformat_vlib_cli_sub_command; src/vppinfra/unformat.c unformat_user.

import { UNFORMAT_END_OF_INPUT, type UnformatInput } from './unformat.js';

const isWordChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;

const isCliBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * `unformat_user (input, fn, …)`: runs `fn`; when it fails the input goes back to where it was,
 * except when `fn` read to the end of the input (VPP's index is then UNFORMAT_END_OF_INPUT, which
 * unformat_user does not rewind). That exception is why VPP reports `unknown input `'` for an
 * ambiguous last word: the error context is read from an index already at the end.
 */
export function unformatUser<T> (input: UnformatInput, fn: (input: UnformatInput) => T | null): T | null {
  const mark = input.index;
  const v = fn(input);
  if (v === null && input.index !== Infinity) input.index = mark;
  return v;
}

/**
 * Matches the next word of `input` against the words registered below one CLI path. Characters
 * `[A-Za-z0-9_-]` form the word; each one keeps the names having that character at that position,
 * so any prefix of a name matches it. A blank or the end of the input ends the word: if several
 * names still match, those longer than the word are dropped (so an exact name wins over the
 * longer names it prefixes: `q` is `q`, not `quit`). Any other character is put back and ends the
 * word without that tie-break. Returns the name when exactly one is left, else null; the blank that
 * ended the word is consumed. Case matters. Call through {@link unformatUser} for VPP's rewinding.
 */
export function vlibCliSubCommandMatch (input: UnformatInput, names: readonly string[]): string | null {
  input.skipWhiteSpace();
  const maxLen = names.reduce((m, n) => Math.max(m, n.length), 0);
  let match: readonly string[] = [];
  for (let i = 0; ; i++) {
    const k = input.getInput();
    if (isWordChar(k)) {
      if (i >= maxLen) return null;
      match = (i === 0 ? names : match).filter((n) => n.charCodeAt(i) === k);
      if (match.length === 0) return null;
      continue;
    }
    if (isCliBlank(k) || k === UNFORMAT_END_OF_INPUT) {
      if (i < maxLen && match.length > 1) match = match.filter((n) => n.length <= i);
    } else {
      input.putInput();
    }
    return match.length === 1 ? match[0]! : null;
  }
}

/** `unformat_eof` as a `%U` function: matches only at the end of the input. */
export const unformatEof = (input: UnformatInput): number | null => (input.atEnd() ? 1 : null);
