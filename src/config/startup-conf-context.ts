// src/config/startup-conf-context.ts: what every stanza parser needs besides its input: turning
// an original-file offset into a ConfigError or a warning with file:line:col.

import { ConfigError } from '../errors.js';
import type { SourceMap } from './startup-conf-lexer.js';
import type { StartupConfigWarning } from './startup-config-types.js';

/** ConfigError code for input VPP might take but vppsim cannot represent (huge cpu ids, thread counts). */
export const ERR_CONFIG_VPPSIM_LIMIT = 'ERR_CONFIG_VPPSIM_LIMIT';

/** Collects warnings and makes positioned errors for one startup config. */
export class StartupConfContext {
  /** Warnings in the order the parsers met them. */
  readonly warnings: StartupConfigWarning[] = [];

  /** `map` turns original-file offsets into file:line:col. */
  constructor (readonly map: SourceMap) {}

  /** A ConfigError whose message becomes `file:line:col: message`. */
  error (message: string, offset: number, code?: string): ConfigError {
    return new ConfigError(message, this.map.where(offset), code);
  }

  /** Records a warning at an original-file offset. */
  warn (message: string, offset: number): void {
    const { line, column } = this.map.where(offset);
    this.warnings.push({ message, line, column });
  }
}
