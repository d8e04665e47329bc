// src/svm/sapi-channel.ts: the app socket API connection: a bidirectional message channel
// between one app thread and vpp's main thread, pollable like the SEQPACKET unix socket VPP's
// socket API uses (src/vnet/session/application_namespace.c appns_sapi_*, session_api.c
// sapi_socket_*). Messages are structured-cloned plain data; SharedArrayBuffers in them are
// shared, which is how segments and eventfds are handed over (the memfd/eventfd fds VPP passes).
//
//   shared words:  [0] messages sent to vpp   [1] messages sent to the app
//                  [2] vpp's polling thread   [3] the app's thread slot   [4] closed
//
// A side is readable while more messages were sent to it than it has received; a send bumps the
// peer's word (sequentially consistent) and then tells the peer's notifier, as a socket write
// wakes the reader's epoll.

import { type MessagePort, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { FdNotifier } from './eventfd.js';

const kToVpp = 0;
const kToApp = 1;
const kVppThread = 2;
const kAppSlot = 3;
const kClosed = 4;
const kWords = 8;

/** Which end of the connection. */
export const SapiSide = { Vpp: 0, App: 1 } as const;
export type SapiSide = (typeof SapiSide)[keyof typeof SapiSide];

/** What builds one end in any realm (plain data; its port, if any, must be transferred). */
export interface SapiEndpointInit {
  readonly sab: SharedArrayBuffer;
  readonly side: SapiSide;
  /** Real threads: the MessagePort of this end. */
  readonly port: MessagePort | null;
  /** One realm (virtual time): the two in-memory queues, [to vpp, to app]. */
  readonly queues: readonly [unknown[], unknown[]] | null;
  /** The namespace whose socket the app connected to (`app_ns_sockets/<id>`). */
  readonly nsId: string;
  /** VPP's API client handle of the connection (`ns_index << 16 | sock_index`). */
  readonly apiClient: number;
}

/**
 * Creates a connection between the app in thread slot `appSlot` and vpp main (thread 0), over
 * MessagePorts (`ports`: the ends may go to other threads) or in-memory queues (one realm).
 */
export function createSapiChannel (appSlot: number, nsId: string, apiClient: number, ports: boolean): { vpp: SapiEndpointInit; app: SapiEndpointInit } {
  const sab = new SharedArrayBuffer(kWords * 4);
  const i32 = new Int32Array(sab);
  i32[kVppThread] = 0;
  i32[kAppSlot] = appSlot;
  if (ports) {
    const ch = new MessageChannel();
    return {
      vpp: { sab, side: SapiSide.Vpp, port: ch.port1, queues: null, nsId, apiClient },
      app: { sab, side: SapiSide.App, port: ch.port2, queues: null, nsId, apiClient },
    };
  }
  const queues: [unknown[], unknown[]] = [[], []];
  return {
    vpp: { sab, side: SapiSide.Vpp, port: null, queues, nsId, apiClient },
    app: { sab, side: SapiSide.App, port: null, queues, nsId, apiClient },
  };
}

/**
 * One end of a connection. Satisfies the engine's FileDescriptor (readable while messages wait),
 * so vpp main registers it on its file poll and an app waits on it like any fd.
 */
export class SapiEndpoint {
  readonly readyAtNs = Infinity;
  private readonly i32: Int32Array;
  private readonly mine: number;
  private readonly peer: number;
  private received = 0;

  constructor (readonly init: SapiEndpointInit, private readonly notifier: FdNotifier | null) {
    this.i32 = new Int32Array(init.sab);
    this.mine = init.side === SapiSide.Vpp ? kToVpp : kToApp;
    this.peer = init.side === SapiSide.Vpp ? kToApp : kToVpp;
  }

  /** Sends a message to the other end and wakes it. */
  send (msg: unknown): void {
    if (this.init.port !== null) this.init.port.postMessage(msg);
    else (this.init.queues as readonly [unknown[], unknown[]])[this.peer].push(msg);
    Atomics.add(this.i32, this.peer, 1);
    const t = this.i32[this.peer === kToVpp ? kVppThread : kAppSlot] as number;
    this.notifier?.fileReady(t);
  }

  /** The next message sent to this end, or undefined. */
  recv (): unknown {
    let m: unknown;
    if (this.init.port !== null) {
      const r = receiveMessageOnPort(this.init.port);
      if (r === undefined) return undefined;
      m = r.message;
    } else {
      const q = (this.init.queues as readonly [unknown[], unknown[]])[this.mine];
      if (q.length === 0) return undefined;
      m = q.shift();
    }
    this.received++;
    return m;
  }

  /** Level-triggered: messages wait. */
  isReadable (_nowNs: number): boolean { return Atomics.load(this.i32, this.mine) !== this.received; }

  /** Closes the connection (the socket close VPP sees as a detach). */
  close (): void {
    Atomics.store(this.i32, kClosed, 1);
    Atomics.add(this.i32, this.peer, 0);
  }

  /** True once either end closed. */
  get closed (): boolean { return Atomics.load(this.i32, kClosed) !== 0; }
}
