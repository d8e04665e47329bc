// src/session/session-lookup.ts: session lookup tables of one realm: listeners by (table, proto,
// ip, port), with 0.0.0.0 as a wildcard, and established connections by 5-tuple.
// Models: src/vnet/session/session_lookup.c (session_lookup_add/del_session_endpoint,
// session_lookup_listener4, session_lookup_add/del_connection, session_lookup_connection_wt4).
//
// VPP's tables are bihashes every thread reads. Here listeners are added on main (under the
// barrier) and sent to every thread by mailbox, so each realm has the same listener table;
// a connection is only ever looked up on the thread that owns it (flows hash to threads), so
// each thread keeps its own. Keys are numbers (ip << 16 | port fits 48 bits): no allocation on
// a lookup.

import { defineMailboxHandler, type MailboxMsg } from '../../graph/mailbox.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { kSessionMain } from './session-main.js';

/** Transport protocols (`transport_proto_t`, transport_types.h): TCP is 0, UDP 1. */
export const TransportProto = { Tcp: 0, Udp: 1 } as const;
export type TransportProto = (typeof TransportProto)[keyof typeof TransportProto];
/** Names as VPP prints them (`format_transport_proto_short`: T, U). */
export const transportProtoShort: readonly string[] = ['T', 'U'];

/** ip (u32) and port (u16) as one number key. */
export const ipPortKey = (ip: number, port: number): number => (ip >>> 0) * 65536 + (port & 0xffff);
const tableKey = (fib: number, proto: number): number => fib * 8 + proto;

/** A transport endpoint (`session_endpoint_t` for IPv4). */
export interface Endpoint {
  readonly fibIndex: number;
  readonly proto: number;
  /** IPv4 address as a u32; 0 is the wildcard for listeners. */
  readonly ip: number;
  readonly port: number;
}

/** A listener as every thread knows it (replicated by mailbox with its lookup entry). */
export interface ListenerInfo {
  readonly ep: Endpoint;
  readonly appIndex: number;
  /** App workers that accept on it, in the order they joined (`al->workers`). */
  readonly workers: readonly number[];
  /** Transport connection of the listener (thread 0). */
  readonly connIndex: number;
}

/** One realm's lookup tables. */
export class SessionLookup {
  private readonly listeners = new Map<number, Map<number, number>>();
  private readonly infos = new Map<number, ListenerInfo>();
  private readonly conns: Map<number, Map<number, Map<number, number>>>[] = [];

  constructor (nThreads: number) {
    for (let t = 0; t < nThreads; t++) this.conns.push(new Map());
  }

  /** Adds or updates a listener (`session_lookup_add_session_endpoint`). */
  addListener (ep: Endpoint, handle: number, info: ListenerInfo): void {
    const k = tableKey(ep.fibIndex, ep.proto);
    let m = this.listeners.get(k);
    if (m === undefined) { m = new Map(); this.listeners.set(k, m); }
    m.set(ipPortKey(ep.ip, ep.port), handle);
    this.infos.set(handle, info);
  }

  /** Removes a listener. */
  delListener (ep: Endpoint, handle: number): void {
    this.listeners.get(tableKey(ep.fibIndex, ep.proto))?.delete(ipPortKey(ep.ip, ep.port));
    this.infos.delete(handle);
  }

  /** What is known of the listener with session handle `handle`. */
  info (handle: number): ListenerInfo | undefined { return this.infos.get(handle); }

  /** Every listener: [handle, info], in the order they were added. */
  allListeners (): IterableIterator<[number, ListenerInfo]> { return this.infos.entries(); }

  /**
   * The listener for a packet to (ip, port) in `fib`: an exact ip first, then the wildcard.
   * Returns its session handle or -1. Models: session_lookup_listener4 (with use_wildcard).
   */
  listener (fib: number, proto: number, ip: number, port: number): number {
    const m = this.listeners.get(tableKey(fib, proto));
    if (m === undefined) return -1;
    return m.get(ipPortKey(ip, port)) ?? m.get(ipPortKey(0, port)) ?? -1;
  }

  /** True if exactly this endpoint listens already (`ALREADY_LISTENING`). */
  hasListener (ep: Endpoint): boolean {
    return this.listeners.get(tableKey(ep.fibIndex, ep.proto))?.has(ipPortKey(ep.ip, ep.port)) ?? false;
  }

  /** Adds an established connection on thread `t` (`session_lookup_add_connection`). */
  addConnection (t: number, fib: number, proto: number, lclIp: number, lclPort: number, rmtIp: number, rmtPort: number, handle: number): void {
    const byTable = this.conns[t] as Map<number, Map<number, Map<number, number>>>;
    const k = tableKey(fib, proto);
    let byLcl = byTable.get(k);
    if (byLcl === undefined) { byLcl = new Map(); byTable.set(k, byLcl); }
    const lk = ipPortKey(lclIp, lclPort);
    let byRmt = byLcl.get(lk);
    if (byRmt === undefined) { byRmt = new Map(); byLcl.set(lk, byRmt); }
    byRmt.set(ipPortKey(rmtIp, rmtPort), handle);
  }

  /** Removes a connection on thread `t`. */
  delConnection (t: number, fib: number, proto: number, lclIp: number, lclPort: number, rmtIp: number, rmtPort: number): void {
    this.conns[t]?.get(tableKey(fib, proto))?.get(ipPortKey(lclIp, lclPort))?.delete(ipPortKey(rmtIp, rmtPort));
  }

  /** The session handle of a 5-tuple on thread `t`, or -1 (`session_lookup_connection_wt4`). */
  connection (t: number, fib: number, proto: number, lclIp: number, lclPort: number, rmtIp: number, rmtPort: number): number {
    return this.conns[t]?.get(tableKey(fib, proto))?.get(ipPortKey(lclIp, lclPort))?.get(ipPortKey(rmtIp, rmtPort)) ?? -1;
  }
}

/** Mailbox: a listener added or removed on main, for every thread's table. */
export interface ListenerMsg extends MailboxMsg {
  readonly kind: 'session-lookup-listener';
  readonly add: boolean;
  readonly ep: Endpoint;
  readonly handle: number;
  readonly info: ListenerInfo;
}

/**
 * On main, under the barrier: adds (or updates: a worker joined) or removes a listener in every
 * thread's table; main's own table at once, so a reply sent next sees it.
 */
export function broadcastListener (vm: VlibMain, add: boolean, ep: Endpoint, handle: number, info: ListenerInfo): void {
  const msg: ListenerMsg = { kind: 'session-lookup-listener', add, ep, handle, info };
  for (let t = 0; t < vm.nThreads; t++) vm.postMailbox(t, msg);
}

/** Realms where one table serves several threads see each message once per thread: idempotent. */
defineMailboxHandler('session-lookup-listener', (vm, m) => {
  const msg = m as ListenerMsg;
  const l = vm.getData(kSessionMain).lookup;
  if (msg.add) l.addListener(msg.ep, msg.handle, msg.info);
  else l.delListener(msg.ep, msg.handle);
});
