// src/runtime/port-mailbox.ts: the mailbox transport on real threads: MessagePorts between main
// and each worker, both ways, created by the orchestrator and handed to each thread's task.

import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { MailboxMsg, MailboxTransport } from '../../graph/mailbox.js';

/** The ports one thread holds: to send to thread t (`tx[t]`) and to receive from it (`rx[t]`). */
export interface MailboxPorts {
  readonly tx: readonly (MessagePort | null)[];
  readonly rx: readonly (MessagePort | null)[];
}

/**
 * Creates the ports of `nThreads` vlib threads: main ↔ each worker, both directions. Workers
 * reach other workers only through main (VPP's workers do not set up each other either).
 */
export function createMailboxPorts (nThreads: number): MailboxPorts[] {
  const tx: (MessagePort | null)[][] = Array.from({ length: nThreads }, () => Array.from({ length: nThreads }, () => null));
  const rx: (MessagePort | null)[][] = Array.from({ length: nThreads }, () => Array.from({ length: nThreads }, () => null));
  for (let t = 1; t < nThreads; t++) {
    const down = new MessageChannel(); // main → t
    (tx[0] as (MessagePort | null)[])[t] = down.port1;
    (rx[t] as (MessagePort | null)[])[0] = down.port2;
    const up = new MessageChannel(); // t → main
    (tx[t] as (MessagePort | null)[])[0] = up.port1;
    (rx[0] as (MessagePort | null)[])[t] = up.port2;
  }
  return Array.from({ length: nThreads }, (_, t) => ({ tx: tx[t] as (MessagePort | null)[], rx: rx[t] as (MessagePort | null)[] }));
}

/** Every port of a {@link MailboxPorts}, for a transfer list. */
export function mailboxPortList (p: MailboxPorts): MessagePort[] {
  return [...p.tx, ...p.rx].filter((x): x is MessagePort => x !== null);
}

/** A thread's side of the mailbox, over its ports. */
export class PortMailboxTransport implements MailboxTransport {
  constructor (private readonly ports: MailboxPorts) {}

  post (t: number, msg: MailboxMsg): void {
    const port = this.ports.tx[t];
    if (port === null || port === undefined) throw new RangeError(`no mailbox port to thread ${t}`);
    port.postMessage(msg);
  }

  drain (_self: number, fn: (msg: MailboxMsg) => void): void {
    for (const port of this.ports.rx) {
      if (port === null) continue;
      for (;;) {
        const m = receiveMessageOnPort(port);
        if (m === undefined) break;
        fn(m.message as MailboxMsg);
      }
    }
  }
}
