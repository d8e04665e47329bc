// src/config/cli-unformat-net.ts: addresses, transport names and session URIs as VPP's CLI reads
// them. Models: src/vnet/ip/ip4_format.c unformat_ip4_address, src/vnet/ip/ip6_format.c
// unformat_ip6_address / unformat_ip46_address, src/vnet/session/transport.c
// unformat_transport_proto, src/vnet/session/application_interface.c unformat_vnet_uri / parse_uri.

import { UNFORMAT_END_OF_INPUT, UnformatInput, bigintAt, bitsAt, numberAt, unformat, type UnformatFunction } from './unformat.js';

/**
 * Transport protocols in VPP's enum order, with the names their transports register
 * (transport_types.h foreach_transport_proto; the `.name` of tcp.c, udp.c, application_local.c,
 * tls.c, quic.c, srtp.c, http.c). The index is VPP's `transport_proto_t`.
 */
export const TRANSPORT_PROTOS = ['tcp', 'udp', 'ct', 'tls', 'quic', 'dtls', 'srtp', 'http'] as const;

/** A transport protocol name. */
export type TransportProtoName = typeof TRANSPORT_PROTOS[number];

/**
 * `session_error_t` SESSION_E_INVALID: the code parse_uri returns, which the echo apps print as
 * "Uri parse error: -19" (session_types.h foreach_session_error, INVALID is entry 19).
 */
export const SESSION_E_INVALID = -19;

/** `%d.%d.%d.%d`, each part below 256; returns the 4 bytes. Models: unformat_ip4_address. */
export const unformatIp4Address: UnformatFunction = (input) => {
  const m = unformat(input, '%d.%d.%d.%d');
  if (!m.ok) return null;
  const a = [0, 1, 2, 3].map((i) => numberAt(m, i) >>> 0);
  return a.some((x) => x >= 256) ? null : a;
};

/**
 * An IPv6 address: hex quads separated by `:`, one `::`, exactly 8 quads after expansion; stops
 * before the first other character. Returns the 8 quads. Models: unformat_ip6_address.
 */
export const unformatIp6Address: UnformatFunction = (input) => {
  const quads: number[] = [];
  let quad = 0;
  let nDigits = 0;
  let nColon = 0;
  let dci = 8; // double_colon_index
  for (;;) {
    const c = input.getInput();
    if (c === UNFORMAT_END_OF_INPUT) break;
    let digit = 16;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) digit = c + 10 - 0x61;
    else if (c >= 0x41 && c <= 0x46) digit = c + 10 - 0x41;
    else if (c === 0x3a && nColon < 2) nColon++;
    else { input.putInput(); break; }
    if (quads.length >= 8) return null;
    if (digit < 16) {
      quad = (quad << 4) | digit;
      if (nDigits >= 4) return null;
      nColon = 0;
      nDigits++;
    }
    if (nColon === 2) {
      if (dci < 8) return null;
      dci = quads.length;
    }
    if (nColon > 0 && nDigits > 0) { quads.push(quad); quad = 0; nDigits = 0; }
  }
  if (nDigits > 0) quads.push(quad);
  if (dci < 8) {
    const nZero = 8 - quads.length;
    quads.splice(dci, 0, ...new Array<number>(nZero).fill(0));
  }
  return quads.length < 8 ? null : quads.slice(0, 8);
};

/** An IPv4 or IPv6 address (tried in that order), as 4 or 8 numbers. Models: unformat_ip46_address (IP46_TYPE_ANY). */
export const unformatIp46Address: UnformatFunction = (input) => {
  let m = unformat(input, '%U', unformatIp4Address);
  if (m.ok) return bitsAt(m, 0);
  m = unformat(input, '%U', unformatIp6Address);
  return m.ok ? bitsAt(m, 0) : null;
};

/**
 * A transport name at the input, the longest registered name that the input starts with
 * (`https` reads `http`, leaving `s`); returns its index in {@link TRANSPORT_PROTOS}.
 * Models: transport.c unformat_transport_proto.
 */
export const unformatTransportProto: UnformatFunction = (input) => {
  let best = -1;
  for (let tp = 0; tp < TRANSPORT_PROTOS.length; tp++) {
    const name = TRANSPORT_PROTOS[tp]!;
    if (input.index + name.length > input.buffer.length) continue;
    if (input.buffer.startsWith(name, input.index) && (best < 0 || name.length > TRANSPORT_PROTOS[best]!.length)) best = tp;
  }
  if (best < 0) return null;
  unformat(input, TRANSPORT_PROTOS[best]!);
  return best;
};

/** Canonical text of a 4- or 8-number address (IPv6 with the longest zero run as `::`). */
export function formatIpAddress (a: readonly number[]): string {
  if (a.length === 4) return a.join('.');
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (a[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && a[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = a.map((q) => q.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** A session endpoint from a URI (VPP's `session_endpoint_cfg_t`, the fields vppsim uses). */
export interface SessionEndpoint {
  /** Transport protocol (VPP: transport_proto; `tcp` when the URI names none). */
  readonly proto: TransportProtoName;
  /** `<proto>s://`: SESSION_ENDPT_CFG_F_SECURE (e.g. `https`). */
  readonly secure: boolean;
  /** IPv4 (`is_ip4`) or IPv6. */
  readonly isIp4: boolean;
  /** The address, canonical text (`0.0.0.0` or `::` when the URI names none). */
  readonly ip: string;
  /** Port, host order; 0 when none. The echo apps use it for the control session, port + 1 for data. */
  readonly port: number;
  /** `//session/<handle>` (a parent session handle, e.g. for QUIC streams); null otherwise. */
  readonly parentHandle: bigint | null;
}

/** Why a URI was refused: VPP's `SESSION_E_INVALID`, or a port vppsim will not truncate. */
export type UriParseFailure = { readonly kind: 'invalid' } | { readonly kind: 'port-range', readonly port: number };

/**
 * `parse_uri`: `[proto[s]:]//ip4[:/]port`, `//[ip6][:/]port`, `//ip6/port`, `//session/<handle>`;
 * `http` and `tls` default to ports 80 and 443. Anything after the port is ignored, as in VPP.
 * VPP stores the port as `(u16) %d`; vppsim refuses a port outside 0..65535 instead of
 * truncating it. Models: application_interface.c unformat_vnet_uri, parse_uri.
 */
export function parseSessionUri (uri: string): SessionEndpoint | UriParseFailure {
  const input = new UnformatInput(uri, uri.split('').map((_, i) => i), uri.length);
  let proto = 0;
  let secure = false;
  let m = unformat(input, '%U:', unformatTransportProto);
  if (m.ok) proto = numberAt(m, 0);
  else if ((m = unformat(input, '%Us:', unformatTransportProto)).ok) { proto = numberAt(m, 0); secure = true; }

  let ip: readonly number[] = [0, 0, 0, 0];
  let isIp4 = true;
  const tries: ReadonlyArray<[string, UnformatFunction, boolean]> = [
    ['//%U:', unformatIp4Address, true],
    ['//%U/', unformatIp4Address, true],
    ['//%U', unformatIp4Address, true],
    ['//%U/', unformatIp6Address, false],
    ['//[%U]:', unformatIp6Address, false],
    ['//[%U]/', unformatIp6Address, false],
    ['//[%U]', unformatIp6Address, false],
  ];
  let matched = false;
  for (const [fmt, fn, v4] of tries) {
    if ((m = unformat(input, fmt, fn)).ok) { ip = bitsAt(m, 0); isIp4 = v4; matched = true; break; }
  }
  const name = TRANSPORT_PROTOS[proto]!;
  if (!matched && (m = unformat(input, '//session/%lu')).ok) {
    return { proto: name, secure, isIp4: true, ip: '0.0.0.1', port: 0, parentHandle: bigintAt(m, 0) };
  }
  if (!isIp4 && ip.length === 4) ip = [0, 0, 0, 0, 0, 0, 0, 0];
  const endpoint = (port: number): SessionEndpoint => ({ proto: name, secure, isIp4, ip: formatIpAddress(ip), port, parentHandle: null });
  if ((m = unformat(input, '%d')).ok) {
    const port = numberAt(m, 0);
    return port < 0 || port > 0xffff ? { kind: 'port-range', port } : endpoint(port);
  }
  if (name === 'http') return endpoint(80);
  if (name === 'tls') return endpoint(443);
  return { kind: 'invalid' };
}
