// src/session/sapi-server.ts: the socket API on vpp's main thread: each app connection is a file
// on main's poll; its messages attach apps, add and delete app workers, and detach on close.
// Models: src/vnet/session/session_api.c (session_api_attach_handler, sapi_add_del_worker_handler,
// sapi_socket_close_w_handle), application_namespace.c appns_sapi_handle_sock_read.

import { ClibFile } from '../../graph/file-poll.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { VlibFdNotifier } from '../../graph/waiter.js';
import { SapiEndpoint, type SapiEndpointInit } from '../svm/sapi-channel.js';
import { vnetApplicationAttach, vnetApplicationDetach, vnetAppWorkerAddDel } from './application.js';
import { asSapiMsg, type SapiAddDelWorkerReplyMsg, type SapiAttachMsg, type SapiAttachReplyMsg } from './sapi-messages.js';
import { kSessionMain, type SessionMain } from './session-main.js';
import { SessionE } from './session-types.js';

/** Counters of the socket API (malformed or unknown messages are counted, never thrown). */
export interface SapiStats {
  attaches: number;
  attachFailures: number;
  workerAddDels: number;
  closes: number;
  malformed: number;
}

/** Per-connection state on main. */
interface SapiConn {
  readonly ep: SapiEndpoint;
  readonly nsId: string;
  readonly apiClient: number;
  appIndex: number;
}

/** The socket API server of one run (main thread). */
export class SapiServer {
  readonly stats: SapiStats = { attaches: 0, attachFailures: 0, workerAddDels: 0, closes: 0, malformed: 0 };
  private readonly conns: SapiConn[] = [];

  constructor (readonly sm: SessionMain, readonly useBapi: boolean) {}

  /**
   * Accepts a connection (`appns_sapi_sock_accept`): registers its end as a file on main's poll
   * (`app-sapi-<client>`), handled as messages arrive.
   */
  accept (vm: VlibMain, init: SapiEndpointInit): void {
    const ep = new SapiEndpoint(init, new VlibFdNotifier(vm.shared, vm.waiter));
    const conn: SapiConn = { ep, nsId: init.nsId, apiClient: init.apiClient, appIndex: -1 };
    this.conns.push(conn);
    vm.files.add(new ClibFile(`app-sapi-${init.apiClient}`, ep, (v) => this.read(v, conn), init.apiClient));
  }

  private read (vm: VlibMain, c: SapiConn): void {
    for (;;) {
      const raw = c.ep.recv();
      if (raw === undefined) return;
      const m = asSapiMsg(raw);
      if (m === null) { this.stats.malformed++; continue; }
      switch (m.type) {
        case 'attach': this.attach(vm, c, m); break;
        case 'add-del-worker': {
          this.stats.workerAddDels++;
          const r = c.appIndex < 0 ? SessionE.NOAPP : vnetAppWorkerAddDel(vm, this.sm, c.appIndex, m.isAdd, m.wrkMapIndex);
          const reply: SapiAddDelWorkerReplyMsg = typeof r === 'number'
            ? { type: 'add-del-worker-reply', retval: r, isAdd: m.isAdd, wrk: null }
            : { type: 'add-del-worker-reply', retval: 0, isAdd: m.isAdd, wrk: r };
          c.ep.send(reply);
          break;
        }
        case 'close':
          this.stats.closes++;
          if (c.appIndex >= 0 && this.sm.am.apps[c.appIndex] !== undefined) vnetApplicationDetach(vm, this.sm, c.appIndex);
          c.appIndex = -1;
          break;
        default:
          this.stats.malformed++;
      }
    }
  }

  /**
   * ATTACH: with the socket API the namespace is the socket's and the secret is not checked;
   * with `use-bapi-socket-api`, the message's namespace id and secret are validated
   * (INVALID_NS, WRONG_NS_SECRET). Models: session_api.c session_api_attach_handler.
   */
  private attach (vm: VlibMain, c: SapiConn, m: SapiAttachMsg): void {
    const am = this.sm.am;
    let ns: number;
    if (this.useBapi) {
      ns = am.namespaces.validate(m.nsId ?? '', m.secret ?? 0);
    } else {
      ns = am.namespaces.byId(c.nsId)?.index ?? SessionE.INVALID_NS; // no such socket: the connect would have failed
    }
    const r = ns < 0
      ? { retval: ns, appIndex: -1, wrk: null, rxMqsSegment: null, rxMqOffsets: [], vppCtrlMqThread: 0 }
      : vnetApplicationAttach(vm, this.sm, m.name, c.apiClient, ns, m.options);
    if (r.retval === 0) { c.appIndex = r.appIndex; this.stats.attaches++; } else this.stats.attachFailures++;
    const reply: SapiAttachReplyMsg = { type: 'attach-reply', ...r, nThreads: this.sm.cfg.nThreads, apiClient: c.apiClient };
    c.ep.send(reply);
  }
}

/** This realm's socket API server on main, if any. */
export function sapiServerOf (vm: VlibMain): SapiServer | undefined {
  return vm.isMain ? sapiServers.get(vm.getData(kSessionMain)) : undefined;
}

const sapiServers = new WeakMap<SessionMain, SapiServer>();

/** Creates (once per run) and returns main's socket API server. */
export function startSapiServer (vm: VlibMain, useBapi: boolean): SapiServer {
  const sm = vm.getData(kSessionMain);
  let s = sapiServers.get(sm);
  if (s === undefined) {
    s = new SapiServer(sm, useBapi);
    sapiServers.set(sm, s);
  }
  return s;
}
