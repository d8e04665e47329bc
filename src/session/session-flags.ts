// src/session/session-flags.ts: session flags, one table. Models: src/vnet/session/
// session_types.h foreach_session_flag (SESSION_F_*), format_session_flags.

/** [symbol, show-session word], in VPP's bit order. */
export const foreachSessionFlag = [
  ['RX_EVT', 'rx-event'],
  ['PROXY', 'proxy'],
  ['CUSTOM_TX', 'custom-tx'],
  ['IS_MIGRATING', 'migrating'],
  ['UNIDIRECTIONAL', 'unidirectional'],
  ['CUSTOM_FIFO_TUNING', 'custom-fifo-tuning'],
  ['HALF_OPEN', 'half-open'],
  ['APP_CLOSED', 'app-closed'],
  ['IS_CLESS', 'connectionless'],
  ['RX_READY', 'rx-ready'],
  ['TPT_INIT_CLOSE', 'transport-init-close'],
  ['STREAM', 'stream'],
] as const;

/** Flag bits by symbol: `SessionFlag.APP_CLOSED`. */
export const SessionFlag = Object.freeze(Object.fromEntries(foreachSessionFlag.map((r, i) => [r[0], 1 << i]))) as {
  readonly [K in (typeof foreachSessionFlag)[number][0]]: number;
};

/** `format_session_flags`: the words of the set flags, ", "-separated. */
export function formatSessionFlags (flags: number): string {
  return foreachSessionFlag.filter((_, i) => (flags & (1 << i)) !== 0).map((r) => r[1]).join(', ');
}
