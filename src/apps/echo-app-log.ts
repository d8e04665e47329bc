// src/apps/echo-app-log.ts: where the builtin echo apps' warnings go. VPP's apps call
// clib_warning (`es_err`, `ec_err`, `vp_proto_err`, and their `_dbg` twins when `verbose`): the
// text goes to VPP's log (syslog / stderr), never to the CLI that ran the command. vppsim keeps
// them per session layer (one realm's), counted, with the first ones as text.

import type { SessionMain } from '../session/session-main.js';

/** Warnings kept as text; later ones are only counted. */
export const ECHO_APP_LOG_KEEP = 200;

/** One realm's echo app warnings. */
export class EchoAppLog {
  /** Warnings so far, kept or not. */
  count = 0;
  /** The first {@link ECHO_APP_LOG_KEEP} warnings, `<function>: <message>` as clib_warning prefixes them. */
  readonly lines: string[] = [];

  /** True when a new warning would only be counted: hot paths check it before building text. */
  get full (): boolean { return this.lines.length >= ECHO_APP_LOG_KEEP; }

  /** Records a warning of VPP function `fn`. */
  warn (fn: string, msg: string): void {
    this.count++;
    if (!this.full) this.lines.push(`${fn}: ${msg}`);
  }

  /** Counts a warning without its text (a hot path past the cap). */
  countOnly (): void { this.count++; }
}

const logs = new WeakMap<SessionMain, EchoAppLog>();

/** The echo apps' log of session layer `sm` (this realm's), made on first use. */
export function echoAppLog (sm: SessionMain): EchoAppLog {
  let l = logs.get(sm);
  if (l === undefined) { l = new EchoAppLog(); logs.set(sm, l); }
  return l;
}
