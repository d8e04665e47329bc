// src/session/tcp.ts: TCP as the session layer's transport: listen, connect (a half-open on the
// connecting thread), close, half-close, reset, cleanup, the app's "I read" event, endpoints;
// and the per-thread set-up that hooks TCP into the session layer (TX function, timers and
// output flush in session-queue). Models: src/vnet/tcp/tcp.c (tcp_session_bind/unbind,
// tcp_session_open / tcp_connection_open, tcp_session_close, tcp_session_half_close,
// tcp_session_reset, tcp_session_cleanup, tcp_session_app_rx_evt, tcp_proto vft),
// transport.c transport_alloc_local_endpoint.

import type { VlibMain } from '../../graph/main-loop.js';
import type { AppWorker } from './app-worker.js';
import type { SessionEndpoints } from './app-notify.js';
import { sourceIp4 } from './net.js';
import type { Endpoint } from './session-lookup.js';
import type { SessionMain } from './session-main.js';
import type { SessionTransport } from './session-ops.js';
import { kSessConnection } from './session-table.js';
import { SessionE } from './session-types.js';
import {
  kTcFib, kTcIss, kTcLclIp, kTcLclPort, kTcRcvWnd, kTcRmtIp, kTcRmtPort, kTcSIndex, kTcSndMax, kTcSndNxt, kTcSndUna,
  kTcState, TcpConnFlag, type TcpConnTable, TcpState,
} from './tcp-conn.js';
import { halfOpenCleanupHere } from './tcp-input.js';
import { kTcpMain } from './tcp-key.js';
import { ElogTcpOpen, SESSION_TYPE_IP4_TCP, TCP_RTO_INIT_MS, TcpCfgNs, type TcpInit, TcpMain, type TcpNodes, TcpStat, TcpTimer } from './tcp-main.js';
import {
  tcpMaybeSendFin, tcpSendAck, tcpSendAcks, tcpSendFin, tcpSendReset, tcpSendSyn, tcpSessionTx,
} from './tcp-output.js';
import { tcpUpdateTime } from './tcp-timers.js';
import { SvmFifoDeqNtf } from '../svm/fifo.js';

/** TCP behind the session layer's transport interface, for one realm. */
export class TcpTransport implements SessionTransport {
  constructor (readonly tm: TcpMain) {}

  private tab (t: number): TcpConnTable { return this.tm.conns[t] as TcpConnTable; }

  /** `tcp_session_bind`: a LISTEN connection on thread 0 for listener session `listenerSi`. */
  startListen (vm: VlibMain, ep: Endpoint, listenerSi: number): number {
    const tab = this.tab(vm.threadIndex);
    const c = this.tm.connAlloc(vm);
    tab.set(c, kTcState, TcpState.LISTEN);
    tab.set(c, kTcLclIp, ep.ip | 0);
    tab.set(c, kTcLclPort, ep.port);
    tab.set(c, kTcFib, ep.fibIndex);
    tab.set(c, kTcSIndex, listenerSi);
    return c;
  }

  /** `tcp_session_unbind`. */
  stopListen (vm: VlibMain, connIndex: number): void {
    this.tab(vm.threadIndex).free(connIndex);
  }

  /**
   * `tcp_session_open`: the source address from the app's namespace and the route, a local
   * port, a SYN_SENT connection in the half-open table, the SYN and its timer.
   * SESSION_E_NOROUTE / NOIP / NOPORT on failure.
   */
  connect (vm: VlibMain, aw: AppWorker, rmt: Endpoint, hoSi: number): number {
    const tm = this.tm;
    const t = vm.threadIndex;
    const lclIp = sourceIp4(tm.net, rmt.fibIndex, aw.nsSwIfIndex, rmt.ip);
    if (lclIp === -1) return SessionE.NOROUTE;
    if (lclIp === -2) return SessionE.NOIP;
    const w = tm.wrk(t);
    const port = tm.ports.alloc(tm.net, lclIp, w.random());
    if (port < 0) return SessionE.NOPORT;
    const tab = this.tab(t);
    let c: number;
    try { c = tm.connAlloc(vm); } catch { tm.ports.release(tm.net, lclIp, port); return SessionE.ALLOC; }
    const iss = w.random() | 0;
    vm.elog.add(vm.clock.now(), ElogTcpOpen, port, rmt.port, iss);
    tab.set(c, kTcState, TcpState.SYN_SENT);
    tab.set(c, kTcLclIp, lclIp | 0);
    tab.set(c, kTcLclPort, port);
    tab.set(c, kTcRmtIp, rmt.ip | 0);
    tab.set(c, kTcRmtPort, rmt.port);
    tab.set(c, kTcFib, rmt.fibIndex);
    tab.set(c, kTcIss, iss);
    tab.set(c, kTcSndUna, iss);
    tab.set(c, kTcSndNxt, (iss + 1) | 0);
    tab.set(c, kTcSndMax, (iss + 1) | 0);
    tab.set(c, kTcRcvWnd, aw.rxFifoSize);
    tab.set(c, kTcSIndex, hoSi);
    tab.setFlag(c, TcpConnFlag.PortAllocated);
    tm.sm.sessions[t]?.set(hoSi, kSessConnection, c);
    tm.halfOpen.add(lclIp | 0, port, rmt.ip | 0, rmt.port, t, c);
    tcpSendSyn(tm, vm, c);
    tm.timerSet(vm, c, TcpTimer.RetransmitSyn, TCP_RTO_INIT_MS * 1e6);
    return 0;
  }

  /** `tcp_session_close`. */
  close (vm: VlibMain, t: number, c: number): void {
    const tm = this.tm;
    const tab = this.tab(t);
    if (!tab.isValid(c)) return;
    switch (tab.get(c, kTcState)) {
      case TcpState.SYN_SENT:
        halfOpenCleanupHere(tm, vm, c);
        break;
      case TcpState.SYN_RCVD:
        tm.timersReset(vm, c);
        tcpSendFin(tm, vm, c);
        tab.set(c, kTcState, TcpState.FIN_WAIT_1);
        tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.finwait1);
        break;
      case TcpState.ESTABLISHED: {
        const si = tab.get(c, kTcSIndex);
        const rx = si >= 0 ? tm.sm.ops.rxFifo(t, si) : null;
        if (rx !== null && rx.maxDequeue() > 0) {
          // closing with unread data resets the connection
          tcpSendReset(tm, vm, c);
          tm.timersReset(vm, c);
          tab.set(c, kTcState, TcpState.CLOSED);
          tm.sm.ops.transportClosedNotify(vm, t, si);
          tm.programCleanup(vm, c);
          break;
        }
        tab.setFlag(c, TcpConnFlag.FinPending);
        tab.set(c, kTcState, TcpState.FIN_WAIT_1);
        tcpMaybeSendFin(tm, vm, c, si >= 0 ? tm.sm.ops.txFifo(t, si) : null);
        tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.finwait1);
        break;
      }
      case TcpState.CLOSE_WAIT: {
        const si = tab.get(c, kTcSIndex);
        tab.setFlag(c, TcpConnFlag.FinPending);
        tcpMaybeSendFin(tm, vm, c, si >= 0 ? tm.sm.ops.txFifo(t, si) : null);
        break;
      }
      case TcpState.FIN_WAIT_1:
        tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.finwait1);
        break;
      default:
    }
  }

  /** `tcp_session_half_close`: FIN once the data is out; keep receiving. */
  halfClose (vm: VlibMain, t: number, c: number): void {
    const tm = this.tm;
    const tab = this.tab(t);
    if (!tab.isValid(c)) return;
    const st = tab.get(c, kTcState);
    if (st !== TcpState.ESTABLISHED && st !== TcpState.CLOSE_WAIT) return;
    const si = tab.get(c, kTcSIndex);
    tab.setFlag(c, TcpConnFlag.FinPending);
    if (st === TcpState.ESTABLISHED) {
      tab.set(c, kTcState, TcpState.FIN_WAIT_1);
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.finwait1);
    }
    tcpMaybeSendFin(tm, vm, c, si >= 0 ? tm.sm.ops.txFifo(t, si) : null);
  }

  /** `tcp_session_reset`: RST, CLOSED, the session told, delete after the cleanup time. */
  reset (vm: VlibMain, t: number, c: number): void {
    const tm = this.tm;
    const tab = this.tab(t);
    if (!tab.isValid(c) || tab.get(c, kTcState) === TcpState.CLOSED) return;
    tcpSendReset(tm, vm, c);
    tm.timersReset(vm, c);
    tab.set(c, kTcState, TcpState.CLOSED);
    const si = tab.get(c, kTcSIndex);
    if (si >= 0) tm.sm.ops.transportClosedNotify(vm, t, si);
    tm.programCleanup(vm, c);
  }

  /** `tcp_session_cleanup`: the session is gone; the connection goes now. */
  cleanup (vm: VlibMain, t: number, c: number): void {
    const tab = this.tab(t);
    if (!tab.isValid(c)) return;
    tab.set(c, kTcSIndex, -1);
    this.tm.connectionDel(vm, c);
  }

  /**
   * `tcp_session_app_rx_evt`: the app read after we advertised a zero window: with enough room
   * (an eighth of the fifo, clamped to 4..128 KiB) a window update goes out now; else the fifo
   * is asked to notify on the next read.
   */
  appRxEvt (vm: VlibMain, t: number, c: number): void {
    const tm = this.tm;
    const tab = this.tab(t);
    if (!tab.isValid(c) || !tab.hasFlag(c, TcpConnFlag.ZeroRwndSent)) return;
    const si = tab.get(c, kTcSIndex);
    const rx = si >= 0 ? tm.sm.ops.rxFifo(t, si) : null;
    if (rx === null) return;
    const minFree = Math.min(Math.max(rx.size >> 3, 4 << 10), 128 << 10);
    if (rx.maxEnqueue() < minFree) {
      rx.addWantDeqNtf(SvmFifoDeqNtf.Want);
      return;
    }
    tcpSendAck(tm, vm, c);
  }

  /** The connection's addresses and ports. */
  endpoints (t: number, c: number, out: SessionEndpoints): void {
    const tab = this.tab(t);
    out.lclIp = tab.getU(c, kTcLclIp);
    out.lclPort = tab.get(c, kTcLclPort);
    out.rmtIp = tab.getU(c, kTcRmtIp);
    out.rmtPort = tab.get(c, kTcRmtPort);
  }
}

/** TcpMain per realm and run: threads of one realm (virtual time) share it. */
const realms = new WeakMap<TcpInit, TcpMain>();

/**
 * Builds or finds this realm's TCP, gives thread `vm` its context, and hooks TCP into the
 * session layer: the transport for its session type, the TX function, timers and flush in
 * session-queue. Returns the TcpMain.
 */
export function setupTcp (vm: VlibMain, sm: SessionMain, init: TcpInit, nodes: TcpNodes): TcpMain {
  let tm = realms.get(init);
  if (tm === undefined) {
    const created = new TcpMain(init, sm, nodes);
    tm = created;
    realms.set(init, created);
    sm.ops.transports[SESSION_TYPE_IP4_TCP] = new TcpTransport(created);
    sm.txFns[SESSION_TYPE_IP4_TCP] = (s, v, wrk, elt) => tcpSessionTx(created, s, v, wrk, elt);
    sm.transportHooks.push({
      updateTime: (v) => tcpUpdateTime(created, v),
      flush: (v) => { tcpSendAcks(created, v); created.flushOutput(v); },
    });
  }
  tm.attachThread(vm);
  vm.setData(kTcpMain, tm);
  return tm;
}

/** `show tcp stats`-like counters of thread `t`, non-zero only: [description, value]. */
export function tcpStats (tm: TcpMain, t: number): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, i] of Object.entries(TcpStat)) {
    const v = tm.stat(t, i);
    if (v !== 0) out.push([k, v]);
  }
  return out;
}
