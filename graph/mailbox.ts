// graph/mailbox.ts: set-up messages from main (or the run) to a vlib thread: what VPP's main does
// directly to another thread's memory under the barrier (set a node state, add a file to its
// epoll, hand it a new segment). Functions cannot cross threads, so a message is plain data
// (structured-cloned: SharedArrayBuffers are shared) with a `kind` naming a handler registered
// under the same name in every realm. Not for hot paths: one message per set-up step.
//
// Delivery: the poster hands the message to the transport (a MessagePort on real threads, an
// array in virtual time), bumps the target's mailbox word, and wakes it if it sleeps. The target
// checks the word at the start of every step (a load) and drains its mailbox before anything
// else, so a change made under the barrier is in place before the worker runs a node again.

import { GraphError } from '../src/errors.js';
import type { VlibMain } from './main-loop.js';
import type { NodeIndex, NodeState } from './node.js';

/** A mailbox message: plain, structured-clonable data with the handler's name. */
export interface MailboxMsg {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** How messages travel: per run, per realm. */
export interface MailboxTransport {
  /** Queues `msg` for thread `t`. */
  post (t: number, msg: MailboxMsg): void;
  /** Hands every message queued for thread `self` to `fn`, oldest first. */
  drain (self: number, fn: (msg: MailboxMsg) => void): void;
}

/** A handler, run on the receiving thread. */
export type MailboxHandler = (vm: VlibMain, msg: MailboxMsg) => void;

const handlers = new Map<string, MailboxHandler>();

/** Registers the handler of a message kind in this realm (idempotent for the same function). */
export function defineMailboxHandler (kind: string, fn: MailboxHandler): string {
  const had = handlers.get(kind);
  if (had !== undefined && had !== fn) throw new GraphError('ERR_MAILBOX_KIND', `mailbox kind '${kind}' is registered twice`);
  handlers.set(kind, fn);
  return kind;
}

/** Runs the handler of `msg` on `vm`. Throws GraphError `ERR_MAILBOX_KIND` for an unknown kind. */
export function handleMailboxMsg (vm: VlibMain, msg: MailboxMsg): void {
  const fn = handlers.get(msg.kind);
  if (fn === undefined) throw new GraphError('ERR_MAILBOX_KIND', `thread ${vm.threadIndex}: no handler for mailbox message '${msg.kind}'`);
  fn(vm, msg);
}

/** In-memory transport: every thread in one realm (virtual time, tests). */
export class ArrayMailboxTransport implements MailboxTransport {
  private readonly queues: MailboxMsg[][] = [];
  post (t: number, msg: MailboxMsg): void {
    while (this.queues.length <= t) this.queues.push([]);
    (this.queues[t] as MailboxMsg[]).push(msg);
  }
  drain (self: number, fn: (msg: MailboxMsg) => void): void {
    const q = this.queues[self];
    if (q === undefined) return;
    while (q.length > 0) fn(q.shift() as MailboxMsg);
  }
}

/** The message {@link VlibMain.setNodeStateOn} sends to another thread. */
export const kMailboxNodeState = defineMailboxHandler('vlib-node-state', (vm, msg) => {
  vm.setNodeState(msg['node'] as NodeIndex, msg['state'] as NodeState);
});
