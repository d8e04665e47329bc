// src/session/tcp-timers.ts: TCP's timers on one thread, run from session-queue as VPP runs them
// (transport_update_time at the top of every dispatch): retransmit, persist, SYN retransmit,
// waitclose, and the delayed delete. Models: src/vnet/tcp/tcp_timer.c / tcp_output.c
// (tcp_timer_retransmit_handler, tcp_timer_retransmit_syn_handler, tcp_timer_persist_handler),
// tcp.c (tcp_timer_waitclose_handler, tcp_update_time, tcp_handle_cleanups).

import type { VlibMain } from '../../graph/main-loop.js';
import { TransportProto } from './session-lookup.js';
import { SessionE } from './session-types.js';
import {
  kTcFlags, kTcLclIp, kTcLclPort, kTcRetrans, kTcRmtIp, kTcRmtPort, kTcRto, kTcRtoTimer, kTcSIndex, kTcSndMax, kTcSndNxt, kTcSndUna, kTcState, kTcWaitTimer,
  TcpConnFlag, type TcpConnTable, TcpState,
} from './tcp-conn.js';
import { halfOpenCleanupHere } from './tcp-input.js';
import {
  SESSION_TYPE_IP4_TCP, TCP_RTO_BOFF_MAX, TCP_RTO_MAX_MS, TCP_RTO_SYN_RETRIES, TcpCfgNs, type TcpMain, TcpStat, TcpTimer,
} from './tcp-main.js';
import {
  tcpGoBack, tcpRetransmitTimerUpdate, tcpSendFin, tcpSendProbe, tcpSendReset, tcpSendSyn, tcpSendSynAck,
} from './tcp-output.js';

/** Expires this thread's due TCP timers (`tcp_update_time`). */
export function tcpUpdateTime (tm: TcpMain, vm: VlibMain): void {
  const w = tm.wrk(vm.threadIndex);
  if (w.tw.size === 0 || w.tw.nextDeadlineNs() > vm.clock.now()) return;
  w.tw.expire(vm.clock.now(), (kind, c) => tcpTimerExpired(tm, vm, kind, c));
}

/** One expired timer of connection `c`. */
function tcpTimerExpired (tm: TcpMain, vm: VlibMain, kind: number, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  if (!tab.isValid(c)) return;
  // the wheel forgot it: so must the connection
  tab.set(c, kind === TcpTimer.WaitClose || kind === TcpTimer.Cleanup ? kTcWaitTimer : kTcRtoTimer, -1);
  switch (kind) {
    case TcpTimer.Retransmit: retransmit(tm, vm, tab, c); break;
    case TcpTimer.Persist: tcpSendProbe(tm, vm, c); break;
    case TcpTimer.RetransmitSyn: retransmitSyn(tm, vm, tab, c); break;
    case TcpTimer.WaitClose: waitClose(tm, vm, tab, c); break;
    case TcpTimer.Cleanup: tm.connectionDel(vm, c); break;
    default:
  }
}

/** Backs the RTO off (doubling, up to 60 s) and returns false once it has backed off too often. */
function backoff (tab: TcpConnTable, c: number): boolean {
  const n = tab.get(c, kTcRetrans) + 1;
  tab.set(c, kTcRetrans, n);
  tab.set(c, kTcRto, Math.min(tab.get(c, kTcRto) * 2, TCP_RTO_MAX_MS));
  return n < TCP_RTO_BOFF_MAX;
}

/** `tcp_timer_retransmit_handler`: SYN-ACK again in SYN_RCVD; otherwise go back to `snd_una`. */
function retransmit (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number): void {
  const t = vm.threadIndex;
  const st = tab.get(c, kTcState);
  if (st === TcpState.CLOSED || st === TcpState.TIME_WAIT) return;
  tm.count(t, TcpStat.timeouts);
  if (!backoff(tab, c)) {
    // too many timeouts: reset (VPP: rto_boff == TCP_RTO_BOFF_MAX)
    tcpSendReset(tm, vm, c);
    tm.timersReset(vm, c);
    tab.set(c, kTcState, TcpState.CLOSED);
    const si = tab.get(c, kTcSIndex);
    if (si >= 0 && st !== TcpState.SYN_RCVD) tm.sm.ops.transportClosedNotify(vm, t, si);
    if (st === TcpState.SYN_RCVD) tm.connectionDel(vm, c);
    else tm.programCleanup(vm, c);
    return;
  }
  if (st === TcpState.SYN_RCVD) {
    tcpSendSynAck(tm, vm, c);
    tm.timerSet(vm, c, TcpTimer.Retransmit, tab.get(c, kTcRto) * 1e6);
    return;
  }
  if (tab.get(c, kTcSndUna) === tab.get(c, kTcSndMax) && !tab.hasFlag(c, TcpConnFlag.FinPending)) return; // all acked meanwhile
  tcpGoBack(tm, vm, c);
  tcpRetransmitTimerUpdate(tm, vm, c);
}

/**
 * `tcp_timer_retransmit_syn_handler`: a half-open whose connection was made elsewhere is freed;
 * otherwise SYN again, the RTO doubling after TCP_RTO_SYN_RETRIES; after TCP_RTO_BOFF_MAX the
 * connect fails with SESSION_E_TIMEDOUT.
 */
function retransmitSyn (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number): void {
  if (tab.hasFlag(c, TcpConnFlag.HalfOpenDone)) { halfOpenCleanupHere(tm, vm, c); return; }
  const n = tab.get(c, kTcRetrans) + 1;
  tab.set(c, kTcRetrans, n);
  if (n >= TCP_RTO_BOFF_MAX) {
    tab.set(c, kTcFlags, tab.get(c, kTcFlags) | TcpConnFlag.HalfOpenDone);
    tm.sm.ops.streamConnectNotify(vm, -1, SESSION_TYPE_IP4_TCP, vm.threadIndex, tab.get(c, kTcSIndex), SessionE.TIMEDOUT,
      { ip: tab.getU(c, kTcLclIp), port: tab.get(c, kTcLclPort) }, { ip: tab.getU(c, kTcRmtIp), port: tab.get(c, kTcRmtPort) }, 0, TransportProto.Tcp);
    halfOpenCleanupHere(tm, vm, c);
    return;
  }
  if (n > TCP_RTO_SYN_RETRIES) tab.set(c, kTcRto, Math.min(tab.get(c, kTcRto) * 2, TCP_RTO_MAX_MS));
  tm.count(vm.threadIndex, TcpStat.synRetransmits);
  tcpSendSyn(tm, vm, c);
  tm.timerSet(vm, c, TcpTimer.RetransmitSyn, tab.get(c, kTcRto) * 1e6);
}

/** `tcp_timer_waitclose_handler`. */
function waitClose (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number): void {
  const t = vm.threadIndex;
  const si = tab.get(c, kTcSIndex);
  const ops = tm.sm.ops;
  switch (tab.get(c, kTcState)) {
    case TcpState.CLOSE_WAIT:
      tm.timersReset(vm, c);
      if (!tab.hasFlag(c, TcpConnFlag.FinPending)) {
        // the app never closed
        tab.set(c, kTcState, TcpState.CLOSED);
        ops.transportClosedNotify(vm, t, si);
        tm.programCleanup(vm, c);
        break;
      }
      // send the FIN anyway, not the data left
      tab.set(c, kTcSndNxt, tab.get(c, kTcSndUna));
      tcpSendFin(tm, vm, c);
      tab.set(c, kTcState, TcpState.LAST_ACK);
      ops.transportClosedNotify(vm, t, si);
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.lastack);
      break;
    case TcpState.FIN_WAIT_1:
      tm.timersReset(vm, c);
      if (tab.hasFlag(c, TcpConnFlag.FinPending)) tcpSendReset(tm, vm, c);
      tab.set(c, kTcState, TcpState.CLOSED);
      tm.programCleanup(vm, c);
      ops.transportClosedNotify(vm, t, si);
      break;
    case TcpState.LAST_ACK:
    case TcpState.CLOSING:
      tm.timersReset(vm, c);
      tab.set(c, kTcState, TcpState.CLOSED);
      ops.transportClosedNotify(vm, t, si);
      tm.programCleanup(vm, c);
      break;
    default: // SYN_RCVD (no handshake), FIN_WAIT_2, TIME_WAIT
      tm.connectionDel(vm, c);
  }
}
