// src/session/transport-format.ts: what `show session` asks of a transport, and the transport
// layer's part of each line. Models: src/vnet/session/transport_types.h (transport_fmt_req_t,
// foreach_transport_connection_flag), transport.c (format_transport_connection,
// format_transport_listen_connection, format_transport_half_open_connection,
// format_transport_flags), src/vppinfra/format.h format_get_indent.

/**
 * `transport_fmt_req_t` bits: what the session layer asks a transport to print. The low two bits
 * are a level (unused by show session, which always asks with explicit bits).
 */
export const TransportFmtReq = {
  LevelMask: (1 << 2) - 1,
  /** `TRANSPORT_FMT_REQ_F_CONN_ID`: `[thread:session][T] lcl:port->rmt:port`. */
  ConnId: 1 << 8,
  /** `TRANSPORT_FMT_REQ_F_STATE`: the transport's state word. */
  State: 1 << 9,
  /** `TRANSPORT_FMT_REQ_F_DETAIL`: the transport's variables, after a newline. */
  Detail: 1 << 10,
} as const;

/** `foreach_transport_connection_flag`: [symbol, word], in bit order. */
export const foreachTransportConnectionFlag = [
  ['IS_TX_PACED', 'tx_paced'],
  ['NO_LOOKUP', 'no_lookup'],
  ['DESCHED', 'descheduled'],
  ['CLESS', 'connectionless'],
  ['ERROR', 'error'],
] as const;

/** `TRANSPORT_CONNECTION_F_*` bits by symbol. */
export const TransportConnectionFlag = Object.freeze(Object.fromEntries(
  foreachTransportConnectionFlag.map((r, i) => [r[0], 1 << i]),
)) as { readonly [K in (typeof foreachTransportConnectionFlag)[number][0]]: number };

/**
 * Words of the set flags, `, `-separated in bit order; empty for none.
 * Models: transport.c format_transport_flags.
 */
export function formatTransportFlags (flags: number): string {
  return foreachTransportConnectionFlag.filter((_, i) => (flags & (1 << i)) !== 0).map((r) => r[1]).join(', ');
}

/**
 * Columns after the last newline of `s`: where the next text starts.
 * Models: src/vppinfra/format.h format_get_indent.
 */
export function formatGetIndent (s: string): number {
  return s.length - (s.lastIndexOf('\n') + 1);
}

/** The three kinds of transport object a session can point at. */
export const TransportObj = { Connection: 0, Listener: 1, HalfOpen: 2 } as const;
export type TransportObj = (typeof TransportObj)[keyof typeof TransportObj];

/**
 * A transport's formatters and getters as show session uses them (VPP: the `format_connection`,
 * `format_listener`, `format_half_open`, `get_connection`, `get_listener`, `get_half_open` of
 * `transport_proto_vft_t`). `connIndex` is the session's `connection_index`, `t` its thread.
 */
export interface TransportFormatVft {
  /** The transport's text for `fmt` (TransportFmtReq bits). */
  format (kind: TransportObj, connIndex: number, t: number, fmt: number): string;
  /**
   * `TRANSPORT_CONNECTION_F_*` flags of the connection, or null when there is no such connection
   * (then nothing more is printed).
   */
  flags (kind: TransportObj, connIndex: number, t: number): number | null;
  /** The connection's endpoints (IPv4 as u32), or null when there is none (`session_get_transport`). */
  endpoints (kind: TransportObj, connIndex: number, t: number): TransportEndpoints | null;
}

/** Both ends of a transport connection. */
export interface TransportEndpoints {
  readonly lclIp: number;
  readonly lclPort: number;
  readonly rmtIp: number;
  readonly rmtPort: number;
}

/**
 * `format_transport_connection` and its listener and half-open twins: the transport's own text,
 * then, when details are asked for and the connection exists, ` transport: flags: …` on a new
 * line indented one column past where the text ended (`format_get_indent (s) + 1`, where `s`
 * is `before` plus the text). vppsim paces nothing, so the `pacer:` line VPP prints for paced
 * connections never appears. Returns the text to append to `before`.
 * Models: transport.c format_transport_connection, format_transport_listen_connection,
 * format_transport_half_open_connection.
 */
export function formatTransportObj (vft: TransportFormatVft | undefined, kind: TransportObj, connIndex: number,
  t: number, fmt: number, before: string): string {
  if (vft === undefined) return '';
  let s = vft.format(kind, connIndex, t, fmt);
  const flags = vft.flags(kind, connIndex, t);
  if (flags !== null && (fmt & TransportFmtReq.Detail) !== 0) {
    const indent = formatGetIndent(before + s) + 1;
    s += ' '.repeat(indent) + 'transport: flags: ' + formatTransportFlags(flags) + '\n';
  }
  return s;
}
