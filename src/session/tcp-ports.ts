// src/session/tcp-ports.ts: local ports of client connections, one bitmap per interface address,
// in shared memory: a port is taken on the thread that connects and given back on the thread
// the connection ended on. Models: src/vnet/session/transport.c transport_alloc_local_port
// (a random start in [port_alloc_min, port_alloc_max], then the next free one),
// transport_release_local_endpoint.

import type { SimNetwork } from './net.js';

/** `port_alloc_min` / `port_alloc_max` defaults (transport.c). */
export const PORT_ALLOC_MIN = 1024;
export const PORT_ALLOC_MAX = 65535;
const kWordsPerIf = 65536 >> 5;

/** Port bitmaps of a run's interfaces. */
export class LocalPorts {
  private readonly i32: Int32Array;

  constructor (readonly sab: SharedArrayBuffer, readonly nInterfaces: number) {
    this.i32 = new Int32Array(sab);
  }

  /** Zeroed bitmaps for `nInterfaces` addresses. */
  static create (nInterfaces: number): LocalPorts {
    return new LocalPorts(new SharedArrayBuffer(Math.max(1, nInterfaces) * kWordsPerIf * 4), nInterfaces);
  }

  private ifBase (net: SimNetwork, ip: number): number {
    const k = net.interfaces.findIndex((i) => i.ip === ip);
    return k < 0 ? -1 : k * kWordsPerIf;
  }

  /**
   * Takes a free port of local address `ip`, starting the search at `random` (mapped into the
   * range) and wrapping. Returns the port, or −1 if `ip` is not an interface address or every
   * port is taken (SESSION_E_NOPORT).
   */
  alloc (net: SimNetwork, ip: number, random: number): number {
    const b = this.ifBase(net, ip);
    if (b < 0) return -1;
    const n = PORT_ALLOC_MAX - PORT_ALLOC_MIN + 1;
    const start = random % n;
    for (let k = 0; k < n; k++) {
      const port = PORT_ALLOC_MIN + ((start + k) % n);
      const w = b + (port >> 5);
      const bit = 1 << (port & 31);
      const old = Atomics.or(this.i32, w, bit);
      if ((old & bit) === 0) return port;
    }
    return -1;
  }

  /** Gives back a port taken with {@link LocalPorts.alloc}. */
  release (net: SimNetwork, ip: number, port: number): void {
    const b = this.ifBase(net, ip);
    if (b < 0) return;
    Atomics.and(this.i32, b + (port >> 5), ~(1 << (port & 31)));
  }

  /** Ports of `ip` in use. */
  inUse (net: SimNetwork, ip: number): number {
    const b = this.ifBase(net, ip);
    if (b < 0) return 0;
    let n = 0;
    for (let w = 0; w < kWordsPerIf; w++) {
      let v = this.i32[b + w] as number;
      while (v !== 0) { v &= v - 1; n++; }
    }
    return n;
  }
}
