// src/config/text-origin.ts: where a text that vppsim parses sits in the file the user wrote: a
// file of its own, or a scalar inside a YAML scenario. Errors then name the user's file:line:col.

import { ConfigError, type SourcePosition } from '../errors.js';
import { SourceMap } from './startup-conf-lexer.js';

/** Maps a 1-based line and column of the text to one in the enclosing file. */
export type PositionShift = (line: number, column: number) => { readonly line: number, readonly column: number };

/** A text and where it came from. */
export class TextOrigin {
  private readonly map: SourceMap;

  /**
   * `file` is what errors name; `shift` maps positions of `text` into `file` (none: the text is
   * the whole file).
   */
  constructor (readonly file: string, readonly text: string, private readonly shift: PositionShift | null = null) {
    this.map = new SourceMap(file, text);
  }

  /** file:line:col of an offset of the text. */
  where (offset: number): SourcePosition {
    const p = this.map.where(offset);
    return this.shift === null ? p : { file: this.file, ...this.shift(p.line, p.column) };
  }

  /**
   * Re-positions an error that a parser reported against the text alone (for example
   * `parseStartupConfig(text, anyName)`): same message and code, position in this origin's file.
   */
  relocate (err: ConfigError): ConfigError {
    if (err.where === null) return err;
    const prefix = `${err.where.file}:${err.where.line}:${err.where.column}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    const p = this.shift === null ? { line: err.where.line, column: err.where.column } : this.shift(err.where.line, err.where.column);
    return new ConfigError(message, { file: this.file, line: p.line, column: p.column }, err.code);
  }
}
