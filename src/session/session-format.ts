// src/session/session-format.ts: `show session` as VPP HEAD prints it, byte for byte, from the
// session workers' pools. Models: src/vnet/session/session_cli.c show_session_command_fn,
// session_cli_show_all_sessions; src/vlib/cli.c vlib_cli_output.

import { vppFormat } from '../../graph/vpp-format.js';
import type { SessionMain } from './session-main.js';

/**
 * `show session` with no arguments: for every session worker, main (thread 0) included, in
 * thread order, `Thread %d: no sessions` when its pool is empty, else `Thread %d: %d sessions`
 * with `pool_elts`: every allocated session, listeners and half-opens too, whatever their state.
 * With the session layer disabled it is the command's error, `show session: session layer is not
 * enabled`. Models: session_cli.c show_session_command_fn (session_cli_return_if_not_enabled),
 * session_cli_show_all_sessions (verbose 0).
 */
export function formatShowSessionSummary (sm: SessionMain): string {
  if (!sm.isEnabled) return 'show session: session layer is not enabled\n';
  let out = '';
  for (const [t, table] of sm.sessions.entries()) {
    const n = table.count;
    out += (n === 0 ? vppFormat('Thread %d: no sessions', t) : vppFormat('Thread %d: %d sessions', t, n)) + '\n';
  }
  return out;
}

// `show session` with options (verbose levels, filters, listeners …) lives in its own file.
export { formatShowSession, type ShowSessionOptions } from './session-format-verbose.js';
