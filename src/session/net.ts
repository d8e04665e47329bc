// src/session/net.ts: the simulated network the transports run over, and the IPv4 and TCP
// headers packets carry in vlib buffers. By default two loopback interfaces with VPP's session
// test addresses (test/asf/test_session.py, test_vcl.py):
//
//   loop0 (sw_if_index 1) 6.0.0.1/24 ─┐
//                                     ├─ table 0      app namespaces pick one as their interface
//   loop1 (sw_if_index 2) 6.0.1.1/24 ─┘
//
// VPP's ASF tests put loop1 in table 1 with routes between the tables and the apps in
// namespaces bound to each; the difference only decides which table a listener is found in.
// vppsim keeps both in table 0 so the builtin apps' defaults (server in the default namespace on
// 0.0.0.0, client to 6.0.1.1) meet, as they do in hs-test's two-VPP topology. A scenario may
// give another network (tables per interface) when its namespaces say which table they use.
//
// A packet leaving through a loopback is handed off to the worker its flow hashes to (VPP's
// `set interface handoff` / worker-handoff), so connections spread over the workers as they do
// behind a NIC's RSS. The hash is symmetric: both directions of a flow land on one thread.
//
//   headers, pushed into the buffer's pre-data in front of the payload:
//   ip4:  ver/ihl tos len(2) id(2) frag(2) ttl proto csum(2) src(4) dst(4)     20 bytes
//   tcp:  sport(2) dport(2) seq(4) ack(4) off/flags(2) wnd(2) csum(2) urg(2)     20 bytes

import type { BufferPool } from '../../graph/buffer-pool.js';

/** One interface. Models: vnet_sw_interface_t + its ip4 address. */
export interface SimInterface {
  readonly swIfIndex: number;
  readonly name: string;
  /** IPv4 address (u32). */
  readonly ip: number;
  readonly prefixLen: number;
  /** Table (FIB index) the interface is bound to. */
  readonly fibIndex: number;
}

/** The network of a run (plain data, the same on every thread). */
export interface SimNetwork {
  readonly interfaces: readonly SimInterface[];
}

/** Parses dotted IPv4 (`6.0.1.1`) to a u32; NaN if it is not one. */
export function parseIp4 (s: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return NaN;
  const b = [m[1], m[2], m[3], m[4]].map(Number);
  if (b.some((x) => x > 255)) return NaN;
  return (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0;
}

/** Formats a u32 IPv4 address (`format_ip4_address`). */
export const formatIp4 = (ip: number): string => `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;

/** The two-loopback network of VPP's session tests, both in table 0 (see above). */
export const defaultSimNetwork: SimNetwork = Object.freeze({
  interfaces: [
    { swIfIndex: 1, name: 'loop0', ip: parseIp4('6.0.0.1'), prefixLen: 24, fibIndex: 0 },
    { swIfIndex: 2, name: 'loop1', ip: parseIp4('6.0.1.1'), prefixLen: 24, fibIndex: 0 },
  ],
});

/** vnet_buffer opaque words vppsim's nodes use (`vnet_buffer (b)->sw_if_index[VLIB_RX|VLIB_TX]`). */
export const kVnetSwIfIndexRx = 0;
export const kVnetSwIfIndexTx = 1;

function bestMatch (net: SimNetwork, dst: number, fib: number): SimInterface | null {
  let best: SimInterface | null = null;
  for (const i of net.interfaces) {
    if (fib >= 0 && i.fibIndex !== fib) continue;
    const mask = i.prefixLen === 0 ? 0 : (~0 << (32 - i.prefixLen)) >>> 0;
    if (((dst & mask) >>> 0) === ((i.ip & mask) >>> 0) && (best === null || i.prefixLen > best.prefixLen)) best = i;
  }
  return best;
}

/**
 * The interface a packet to `dst` looked up in table `fib` leaves by: the longest matching
 * connected prefix of that table, else of any table (the inter-table routes of VPP's test
 * set-up), or null (no route). Models: ip4-lookup's FIB lookup.
 */
export function fibLookup (net: SimNetwork, fib: number, dst: number): SimInterface | null {
  return bestMatch(net, dst, fib) ?? bestMatch(net, dst, -1);
}

/** The interface with index `swIfIndex`, or null. */
export function interfaceByIndex (net: SimNetwork, swIfIndex: number): SimInterface | null {
  return net.interfaces.find((i) => i.swIfIndex === swIfIndex) ?? null;
}

/**
 * The local address of a connect from a namespace (table `fib`, interface `nsSwIfIndex`, −1:
 * none) to `dst`: the namespace's interface's address; else that of the interface the route
 * leaves by, if it is in the namespace's table; else the table's first interface. Returns the
 * address, or −1 with no route (SESSION_E_NOROUTE) and −2 without an address (SESSION_E_NOIP).
 * Models: transport.c transport_alloc_local_endpoint (fib lookup, resolving interface's ip).
 */
export function sourceIp4 (net: SimNetwork, fib: number, nsSwIfIndex: number, dst: number): number {
  const route = fibLookup(net, fib, dst);
  if (route === null) return -1;
  if (nsSwIfIndex >= 0) return interfaceByIndex(net, nsSwIfIndex)?.ip ?? -2;
  if (route.fibIndex === fib) return route.ip;
  return net.interfaces.find((i) => i.fibIndex === fib)?.ip ?? -2;
}

/** True if `ip` is an address of one of the interfaces (ip4-local). */
export function isLocalIp4 (net: SimNetwork, ip: number): SimInterface | null {
  for (const i of net.interfaces) if (i.ip === ip) return i;
  return null;
}

/**
 * The thread a flow is handed to: a symmetric hash of its addresses and ports over the workers
 * (thread 0 when there are none). Models: worker-handoff's flow hash.
 */
export function flowThread (nThreads: number, a: number, aPort: number, b: number, bPort: number): number {
  if (nThreads <= 1) return 0;
  // symmetric: combine the two ends order-independently
  const x = ((a ^ b) >>> 0) ^ Math.imul((aPort ^ bPort) & 0xffff, 0x9e3779b1);
  const h = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  return 1 + (((h ^ (h >>> 13)) >>> 0) % (nThreads - 1));
}

/** IP protocol numbers. */
export const IpProto = { Tcp: 6, Udp: 17 } as const;
/** Bytes of the IPv4 and TCP headers (no options). */
export const IP4_HDR_BYTES = 20;
export const TCP_HDR_BYTES = 20;

/**
 * Window scale every connection uses (RFC 7323; VPP negotiates it from the rx fifo size): the
 * 16-bit window field counts units of 2^6 = 64 bytes, so windows up to 4 MiB fit.
 */
export const TCP_WND_SCALE = 6;

/** TCP header flags (`tcp_packet.h`). */
export const TcpFlag = { Fin: 0x01, Syn: 0x02, Rst: 0x04, Psh: 0x08, Ack: 0x10 } as const;

const rd16 = (u8: Uint8Array, o: number): number => ((u8[o] as number) << 8) | (u8[o + 1] as number);
const rd32 = (u8: Uint8Array, o: number): number =>
  (((u8[o] as number) << 24) | ((u8[o + 1] as number) << 16) | ((u8[o + 2] as number) << 8) | (u8[o + 3] as number)) >>> 0;
const wr16 = (u8: Uint8Array, o: number, v: number): void => { u8[o] = (v >>> 8) & 255; u8[o + 1] = v & 255; };
const wr32 = (u8: Uint8Array, o: number, v: number): void => {
  u8[o] = (v >>> 24) & 255; u8[o + 1] = (v >>> 16) & 255; u8[o + 2] = (v >>> 8) & 255; u8[o + 3] = v & 255;
};

/** Values of a TCP/IPv4 header pair, read or written in place (reuse one per thread). */
export class TcpIp4Hdr {
  src = 0;
  dst = 0;
  srcPort = 0;
  dstPort = 0;
  seq = 0;
  ack = 0;
  flags = 0;
  wnd = 0;
  /** Payload bytes after the headers. */
  payload = 0;
}

/**
 * Pushes TCP and IPv4 headers in front of buffer `bi`'s current data (the payload, possibly
 * empty). Models: tcp_push_hdr + vlib_buffer_push_ip4 (no checksums: the wire is simulated).
 */
export function pushTcpIp4 (bp: BufferPool, bi: number, h: TcpIp4Hdr): void {
  const payload = bp.currentLength(bi);
  bp.advance(bi, -(IP4_HDR_BYTES + TCP_HDR_BYTES));
  const u8 = bp.u8;
  const o = bp.currentByte(bi);
  u8[o] = 0x45; u8[o + 1] = 0;
  wr16(u8, o + 2, IP4_HDR_BYTES + TCP_HDR_BYTES + payload);
  wr16(u8, o + 4, 0); wr16(u8, o + 6, 0);
  u8[o + 8] = 64; u8[o + 9] = IpProto.Tcp;
  wr16(u8, o + 10, 0);
  wr32(u8, o + 12, h.src); wr32(u8, o + 16, h.dst);
  const t = o + IP4_HDR_BYTES;
  wr16(u8, t, h.srcPort); wr16(u8, t + 2, h.dstPort);
  wr32(u8, t + 4, h.seq); wr32(u8, t + 8, h.ack);
  u8[t + 12] = 5 << 4; u8[t + 13] = h.flags;
  wr16(u8, t + 14, Math.min(h.wnd >>> TCP_WND_SCALE, 0xffff));
  wr16(u8, t + 16, 0); wr16(u8, t + 18, 0);
}

/** IPv4 destination of the packet at buffer `bi`'s current data. */
export function ip4Dst (bp: BufferPool, bi: number): number { return rd32(bp.u8, bp.currentByte(bi) + 16); }
/** IPv4 source. */
export function ip4Src (bp: BufferPool, bi: number): number { return rd32(bp.u8, bp.currentByte(bi) + 12); }
/** IPv4 protocol. */
export function ip4Proto (bp: BufferPool, bi: number): number { return bp.u8[bp.currentByte(bi) + 9] as number; }

/**
 * Reads the headers at buffer `bi`'s current data into `h` (current data must be the IPv4
 * header); the window comes back in bytes (scaled by {@link TCP_WND_SCALE}).
 */
export function readTcpIp4 (bp: BufferPool, bi: number, h: TcpIp4Hdr): void {
  const u8 = bp.u8;
  const o = bp.currentByte(bi);
  h.src = rd32(u8, o + 12);
  h.dst = rd32(u8, o + 16);
  const t = o + IP4_HDR_BYTES;
  h.srcPort = rd16(u8, t);
  h.dstPort = rd16(u8, t + 2);
  h.seq = rd32(u8, t + 4);
  h.ack = rd32(u8, t + 8);
  h.flags = u8[t + 13] as number;
  h.wnd = rd16(u8, t + 14) << TCP_WND_SCALE;
  h.payload = rd16(u8, o + 2) - IP4_HDR_BYTES - TCP_HDR_BYTES;
}
