// src/session/tcp-input.ts: what tcp4-input does with one segment: find its connection
// (established, half-open, listener), then the state machine: handshake on both sides, ACKs
// (with duplicate-ACK fast retransmit), in-order data into the session's rx fifo, FIN and RST.
// Models: src/vnet/tcp/tcp_input.c (tcp46_established_inline, tcp46_syn_sent_inline,
// tcp46_rcv_process_inline, tcp46_listen_inline, tcp_rcv_ack, tcp_session_enqueue_data,
// tcp_rcv_fin, tcp_rcv_rst, tcp_handle_postponed_dequeues), tcp.c tcp_half_open_connection_cleanup.
//
// vppsim's receiver keeps no out-of-order data (VPP keeps it in the fifo's ooo segments): a
// segment ahead of `rcv_nxt` is dropped and answered with a duplicate ACK.

import type { VlibMain } from '../../graph/main-loop.js';
import { defineRpc } from '../../graph/rpc.js';
import { IP4_HDR_BYTES, readTcpIp4, TCP_HDR_BYTES, TcpFlag } from './net.js';
import { TransportProto } from './session-lookup.js';
import { kSessConnection } from './session-table.js';
import { SessionE } from './session-types.js';
import { SessionEvtType, sessionHandleIndex } from '../svm/session-event.js';
import {
  kTcFib, kTcFinSeq, kTcFlags, kTcIrs, kTcIss, kTcLclIp, kTcLclPort, kTcListenerSi, kTcRcvNxt, kTcRcvWnd, kTcRetrans, kTcRmtIp,
  kTcRmtPort, kTcRto, kTcRtoTimer, kTcSegsIn, kTcSIndex, kTcSndMax, kTcSndNxt, kTcSndUna, kTcSndWnd, kTcState,
  kTcDupAcks, seqDiff, seqGt, seqLt, TcpConnFlag, type TcpConnTable, TcpState,
} from './tcp-conn.js';
import {
  ElogTcpOpen,
  SESSION_TYPE_IP4_TCP, TCP_DUPACK_THRESHOLD, TCP_RTO_INIT_MS, TCP_RTO_MIN_MS, TcpCfgNs, type TcpMain, TcpStat, TcpTimer,
} from './tcp-main.js';
import {
  kOpaque2SentHi, kOpaque2SentLo, tcpGoBack, tcpMaybeSendFin, tcpProgramAck, tcpReschedule, tcpRetransmitTimerUpdate, tcpSendResetWithPkt,
  tcpSendSynAck, tcpSndSpace,
} from './tcp-output.js';
import { kTcpMain } from './tcp-key.js';

/**
 * Handles the segment in buffer `bi` (current data: its IPv4 header), received in table `fib`.
 * Returns true if the buffer was reused (a RST sent back in it), false if the caller frees it.
 */
export function tcpInputSegment (tm: TcpMain, vm: VlibMain, bi: number, fib: number): boolean {
  const t = vm.threadIndex;
  const h = tm.wrk(t).hdr;
  readTcpIp4(tm.bp, bi, h);
  tm.count(t, TcpStat.segsIn);
  const sm = tm.sm;
  const sh = sm.lookup.connection(t, fib, TransportProto.Tcp, h.dst, h.dstPort, h.src, h.srcPort);
  if (sh >= 0) {
    const si = sessionHandleIndex(sh);
    const c = (sm.sessions[t] as NonNullable<(typeof sm.sessions)[number]>).get(si, kSessConnection);
    const tab = tm.conns[t] as TcpConnTable;
    if (tab.isValid(c)) {
      tab.set(c, kTcSegsIn, tab.get(c, kTcSegsIn) + 1);
      rcvProcess(tm, vm, tab, c, bi);
      return false;
    }
  }
  const ho = tm.halfOpen.lookup(h.dst, h.dstPort, h.src, h.srcPort);
  if (ho >= 0) return synSent(tm, vm, bi, Math.floor(ho / 16777216), ho % 16777216, fib);
  const lh = sm.lookup.listener(fib, TransportProto.Tcp, h.dst, h.dstPort);
  if (lh >= 0 && (h.flags & (TcpFlag.Syn | TcpFlag.Ack | TcpFlag.Rst | TcpFlag.Fin)) === TcpFlag.Syn) {
    listen(tm, vm, lh, fib);
    return false;
  }
  if ((h.flags & TcpFlag.Rst) !== 0) return false;
  tm.count(t, TcpStat.noConn);
  tcpSendResetWithPkt(tm, vm, bi);
  return true;
}

/**
 * A SYN for a listener: a child connection in SYN_RCVD and its session (CREATED, app worker
 * picked by the listener's rotor, fifos allocated, not told to the app yet), then SYN-ACK.
 * Models: tcp_input.c tcp46_listen_inline; session.c session_stream_accept (notify = 0).
 */
function listen (tm: TcpMain, vm: VlibMain, listenerHandle: number, fib: number): void {
  const t = vm.threadIndex;
  const w = tm.wrk(t);
  const h = w.hdr;
  const tab = tm.conns[t] as TcpConnTable;
  let c: number;
  try { c = tm.connAlloc(vm); } catch { tm.count(t, TcpStat.noConn); return; }
  const iss = w.random() | 0;
  vm.elog.add(vm.clock.now(), ElogTcpOpen, h.dstPort, h.srcPort, iss);
  tab.set(c, kTcState, TcpState.SYN_RCVD);
  tab.set(c, kTcLclIp, h.dst | 0);
  tab.set(c, kTcLclPort, h.dstPort);
  tab.set(c, kTcRmtIp, h.src | 0);
  tab.set(c, kTcRmtPort, h.srcPort);
  tab.set(c, kTcFib, fib);
  tab.set(c, kTcIrs, h.seq | 0);
  tab.set(c, kTcRcvNxt, (h.seq + 1) | 0);
  tab.set(c, kTcIss, iss);
  tab.set(c, kTcSndUna, iss);
  tab.set(c, kTcSndNxt, (iss + 1) | 0);
  tab.set(c, kTcSndMax, (iss + 1) | 0);
  tab.set(c, kTcSndWnd, h.wnd);
  tab.set(c, kTcListenerSi, sessionHandleIndex(listenerHandle));
  const si = tm.sm.ops.streamAccept(vm, t, c, SESSION_TYPE_IP4_TCP, listenerHandle, false,
    { ip: h.dst, port: h.dstPort }, { ip: h.src, port: h.srcPort }, fib, TransportProto.Tcp);
  if (si < 0) {
    tab.free(c);
    tm.count(t, TcpStat.noConn);
    return;
  }
  tab.set(c, kTcSIndex, si);
  tcpSendSynAck(tm, vm, c);
  tm.timerSet(vm, c, TcpTimer.Retransmit, TCP_RTO_INIT_MS * 1e6);
  tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.synRcvd);
}

/**
 * A segment for a half-open connection of thread `hoT`: a SYN-ACK that acks our SYN makes the
 * connection, here, on the flow's thread (ESTABLISHED, session READY, CONNECTED to the app);
 * a RST refuses the connect. The half-open itself is freed by its own thread (an RPC).
 * Models: tcp_input.c tcp46_syn_sent_inline; session.c session_stream_connect_notify.
 */
function synSent (tm: TcpMain, vm: VlibMain, bi: number, hoT: number, hoc: number, fib: number): boolean {
  const t = vm.threadIndex;
  const h = tm.wrk(t).hdr;
  const hotab = tm.conns[hoT] as TcpConnTable;
  if (!hotab.isValid(hoc) || hotab.get(hoc, kTcState) !== TcpState.SYN_SENT || hotab.hasFlag(hoc, TcpConnFlag.HalfOpenDone)) return false;
  const iss = hotab.get(hoc, kTcIss);
  const hoSi = hotab.get(hoc, kTcSIndex);
  const ackOk = (h.flags & TcpFlag.Ack) !== 0 && (h.ack | 0) === ((iss + 1) | 0);
  if ((h.flags & TcpFlag.Rst) !== 0) {
    if (!ackOk) return false;
    tm.count(t, TcpStat.rstIn);
    hotab.setFlag(hoc, TcpConnFlag.HalfOpenDone);
    tm.sm.ops.streamConnectNotify(vm, -1, SESSION_TYPE_IP4_TCP, hoT, hoSi, SessionE.REFUSED, { ip: h.dst, port: h.dstPort }, { ip: h.src, port: h.srcPort }, fib, TransportProto.Tcp);
    halfOpenCleanup(tm, vm, hoT, hoc);
    return false;
  }
  if ((h.flags & TcpFlag.Ack) !== 0 && !ackOk) {
    tcpSendResetWithPkt(tm, vm, bi);
    return true;
  }
  if ((h.flags & (TcpFlag.Syn | TcpFlag.Ack)) !== (TcpFlag.Syn | TcpFlag.Ack)) return false;

  const tab = tm.conns[t] as TcpConnTable;
  let c: number;
  try { c = tm.connAlloc(vm); } catch { return false; }
  tab.set(c, kTcState, TcpState.ESTABLISHED);
  tab.set(c, kTcLclIp, hotab.get(hoc, kTcLclIp));
  tab.set(c, kTcLclPort, hotab.get(hoc, kTcLclPort));
  tab.set(c, kTcRmtIp, hotab.get(hoc, kTcRmtIp));
  tab.set(c, kTcRmtPort, hotab.get(hoc, kTcRmtPort));
  tab.set(c, kTcFib, hotab.get(hoc, kTcFib));
  tab.set(c, kTcIss, iss);
  tab.set(c, kTcSndUna, (iss + 1) | 0);
  tab.set(c, kTcSndNxt, (iss + 1) | 0);
  tab.set(c, kTcSndMax, (iss + 1) | 0);
  tab.set(c, kTcIrs, h.seq | 0);
  tab.set(c, kTcRcvNxt, (h.seq + 1) | 0);
  tab.set(c, kTcRcvWnd, hotab.get(hoc, kTcRcvWnd));
  tab.set(c, kTcSndWnd, h.wnd);
  tab.set(c, kTcRto, TCP_RTO_MIN_MS);
  // the port moves to the new connection; the half-open is done (one write: another thread's record)
  tab.setFlag(c, TcpConnFlag.PortAllocated);
  hotab.set(hoc, kTcFlags, (hotab.get(hoc, kTcFlags) | TcpConnFlag.HalfOpenDone) & ~TcpConnFlag.PortAllocated);
  const si = tm.sm.ops.streamConnectNotify(vm, c, SESSION_TYPE_IP4_TCP, hoT, hoSi, 0,
    { ip: h.dst, port: h.dstPort }, { ip: h.src, port: h.srcPort }, fib, TransportProto.Tcp);
  halfOpenCleanup(tm, vm, hoT, hoc);
  if (si < 0) {
    // the app is gone or has no room for fifos: refuse the connection
    tab.set(c, kTcSIndex, -1);
    tcpSendResetWithPkt(tm, vm, bi);
    tm.connectionDel(vm, c);
    return true;
  }
  tab.set(c, kTcSIndex, si);
  tm.count(t, TcpStat.established);
  tcpProgramAck(tm, vm, c);
  return false;
}

/**
 * On the half-open's thread: its table entry, timers, session and connection go; its local
 * port too unless an established connection took it over.
 */
export function halfOpenCleanupHere (tm: TcpMain, vm: VlibMain, hoc: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  if (!tab.isValid(hoc) || tab.get(hoc, kTcState) !== TcpState.SYN_SENT) return;
  tm.halfOpen.del(tab.get(hoc, kTcLclIp), tab.get(hoc, kTcLclPort), tab.get(hoc, kTcRmtIp), tab.get(hoc, kTcRmtPort));
  tm.timersReset(vm, hoc);
  const hoSi = tab.get(hoc, kTcSIndex);
  tab.set(hoc, kTcSIndex, -1);
  tm.connectionDel(vm, hoc);
  if (hoSi >= 0) tm.sm.ops.cleanupHalfOpen(vm.threadIndex, hoSi);
}

const rpcHalfOpenCleanup = defineRpc('tcp-half-open-cleanup', (vm, hoc) => {
  halfOpenCleanupHere(vm.getData(kTcpMain), vm, hoc);
});

/**
 * Frees half-open `hoc` of thread `hoT`: here, or by an RPC through that thread's session
 * worker (`session_half_open_delete_notify` → `tcp_half_open_connection_cleanup`). If that
 * worker's queue is full, the half-open's SYN timer finds it done and frees it (as VPP does).
 */
export function halfOpenCleanup (tm: TcpMain, vm: VlibMain, hoT: number, hoc: number): void {
  if (hoT === vm.threadIndex) halfOpenCleanupHere(tm, vm, hoc);
  else tm.sm.sendEvtToThread(vm, hoT, SessionEvtType.CTRL_EVT_RPC, rpcHalfOpenCleanup, hoc);
}

/** True once our FIN was sent and acked. */
function finAcked (tab: TcpConnTable, c: number): boolean {
  return tab.hasFlag(c, TcpConnFlag.FinSent) && !seqLt(tab.get(c, kTcSndUna), (tab.get(c, kTcFinSeq) + 1) | 0);
}

/**
 * A segment for an existing connection, in any state but SYN_SENT: RST, SYN, the handshake's
 * last ACK, ACK processing, data, FIN, and the transitions an ACK of our FIN makes.
 * Models: tcp_input.c tcp46_rcv_process_inline and tcp46_established_inline.
 */
function rcvProcess (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number, bi: number): void {
  const t = vm.threadIndex;
  const h = tm.wrk(t).hdr;
  const ops = tm.sm.ops;
  const si = tab.get(c, kTcSIndex);
  let st = tab.get(c, kTcState);

  if ((h.flags & TcpFlag.Rst) !== 0) {
    if ((h.seq | 0) === tab.get(c, kTcRcvNxt) || st === TcpState.SYN_RCVD) rcvRst(tm, vm, tab, c);
    return;
  }
  if ((h.flags & TcpFlag.Syn) !== 0) {
    // a retransmitted SYN: answer it again; in a synchronized state, ACK it
    if (st === TcpState.SYN_RCVD && (h.seq | 0) === tab.get(c, kTcIrs)) tcpSendSynAck(tm, vm, c);
    else tcpProgramAck(tm, vm, c);
    return;
  }
  if ((h.flags & TcpFlag.Ack) === 0) return;

  if (st === TcpState.SYN_RCVD) {
    if ((h.ack | 0) !== tab.get(c, kTcSndMax)) { tcpSendResetWithPkt(tm, vm, bi); return; }
    tm.timersReset(vm, c);
    tab.set(c, kTcSndUna, h.ack | 0);
    tab.set(c, kTcSndWnd, h.wnd);
    tab.set(c, kTcRto, TCP_RTO_MIN_MS);
    tab.set(c, kTcState, TcpState.ESTABLISHED);
    st = TcpState.ESTABLISHED;
    tm.count(t, TcpStat.established);
    if (ops.streamAcceptNotify(vm, t, si) !== 0) {
      tcpSendResetWithPkt(tm, vm, bi);
      tm.connectionDel(vm, c);
      return;
    }
  } else if (!rcvAck(tm, vm, tab, c)) {
    return;
  }

  // our FIN acked
  if (st === TcpState.FIN_WAIT_1 && finAcked(tab, c)) {
    tm.timersReset(vm, c);
    tab.set(c, kTcState, TcpState.FIN_WAIT_2);
    st = TcpState.FIN_WAIT_2;
    tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.finwait2);
  } else if (st === TcpState.CLOSING && finAcked(tab, c)) {
    tab.set(c, kTcState, TcpState.TIME_WAIT);
    tm.timersReset(vm, c);
    tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.timewait);
    ops.transportClosedNotify(vm, t, si);
    return;
  } else if (st === TcpState.LAST_ACK && finAcked(tab, c)) {
    tab.set(c, kTcState, TcpState.CLOSED);
    tm.timersReset(vm, c);
    ops.transportClosedNotify(vm, t, si);
    tm.programCleanup(vm, c);
    return;
  }

  // data, in the states that still receive
  let inOrder = true;
  if (h.payload > 0) {
    if (st === TcpState.ESTABLISHED || st === TcpState.FIN_WAIT_1 || st === TcpState.FIN_WAIT_2) {
      inOrder = rcvData(tm, vm, tab, c, bi);
    } else {
      tcpProgramAck(tm, vm, c);
    }
  }

  if ((h.flags & TcpFlag.Fin) !== 0) {
    // a FIN counts once every byte before it arrived; TIME_WAIT acks a retransmitted one
    if (st !== TcpState.TIME_WAIT && (!inOrder || ((h.seq + h.payload) | 0) !== tab.get(c, kTcRcvNxt))) {
      tcpProgramAck(tm, vm, c);
      return;
    }
    rcvFin(tm, vm, tab, c, st);
  }
}

/**
 * ACK processing: the peer's window, acked bytes dropped from the tx fifo (with the app told
 * when it waits for room), the retransmit timer, duplicate ACKs (three start a go-back), and a
 * descheduled connection rescheduled. False if the segment is to be dropped.
 * Models: tcp_input.c tcp_rcv_ack, tcp_handle_postponed_dequeues; session.c
 * session_tx_fifo_dequeue_drop.
 */
function rcvAck (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number): boolean {
  const t = vm.threadIndex;
  const h = tm.wrk(t).hdr;
  const ack = h.ack | 0;
  const una = tab.get(c, kTcSndUna);
  if (seqGt(ack, tab.get(c, kTcSndMax))) {
    tcpProgramAck(tm, vm, c);
    return false;
  }
  if (seqLt(ack, una)) return true; // old ACK: nothing to learn, the data may still be new
  const oldSpace = tcpSndSpace(tab, c);
  const oldWnd = tab.get(c, kTcSndWnd);
  tab.set(c, kTcSndWnd, h.wnd);
  if (ack === una) {
    if (h.payload === 0 && (h.flags & (TcpFlag.Syn | TcpFlag.Fin)) === 0 && h.wnd === oldWnd && tab.get(c, kTcSndMax) !== una) {
      const d = tab.get(c, kTcDupAcks) + 1;
      tab.set(c, kTcDupAcks, d);
      tm.count(t, TcpStat.dupAcks);
      if (d === TCP_DUPACK_THRESHOLD && !tab.hasFlag(c, TcpConnFlag.Recovery)) {
        tab.setFlag(c, TcpConnFlag.Recovery);
        tm.count(t, TcpStat.fastRetransmits);
        tcpGoBack(tm, vm, c);
      }
    } else if (tab.hasFlag(c, TcpConnFlag.Desched) && tcpSndSpace(tab, c) > oldSpace) {
      tcpReschedule(tm, vm, c);
    }
    return true;
  }
  // new data acknowledged
  let acked = seqDiff(ack, una);
  if (tab.hasFlag(c, TcpConnFlag.FinSent) && ack === ((tab.get(c, kTcFinSeq) + 1) | 0)) acked -= 1;
  tab.set(c, kTcSndUna, ack);
  if (seqLt(tab.get(c, kTcSndNxt), ack)) tab.set(c, kTcSndNxt, ack);
  tab.set(c, kTcDupAcks, 0);
  tab.clearFlag(c, TcpConnFlag.Recovery);
  tab.set(c, kTcRetrans, 0);
  tab.set(c, kTcRto, TCP_RTO_MIN_MS);
  const si = tab.get(c, kTcSIndex);
  const txf = si >= 0 ? tm.sm.ops.txFifo(t, si) : null;
  if (txf !== null && acked > 0) {
    txf.dequeueDrop(acked);
    if (txf.needsDeqNtf(acked)) tm.sm.ops.dequeueNotify(vm, t, si);
  }
  tm.timerReset(vm, c, kTcRtoTimer); // a persist timer too: the window is answered
  tcpRetransmitTimerUpdate(tm, vm, c);
  if (tab.hasFlag(c, TcpConnFlag.Desched)) tcpReschedule(tm, vm, c);
  tcpMaybeSendFin(tm, vm, c, txf);
  return true;
}

/**
 * In-order data into the session's rx fifo (as much as fits: a peer that sends past our window
 * loses the rest, `TCP_ERROR_PARTIALLY_ENQUEUED`), the session told once per frame, an ACK
 * programmed. Returns false if the segment was ahead of `rcv_nxt` (dropped, duplicate ACK).
 * Models: tcp_input.c tcp_segment_rcv, tcp_session_enqueue_data; session.h
 * session_enqueue_stream_connection (queue_event = 1).
 */
function rcvData (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number, bi: number): boolean {
  const t = vm.threadIndex;
  const h = tm.wrk(t).hdr;
  const rcvNxt = tab.get(c, kTcRcvNxt);
  const d = seqDiff(h.seq | 0, rcvNxt);
  tcpProgramAck(tm, vm, c);
  if (d > 0) { tm.count(t, TcpStat.outOfOrder); return false; }
  const skip = -d;
  if (skip >= h.payload) return true;
  const si = tab.get(c, kTcSIndex);
  const rx = si >= 0 ? tm.sm.ops.rxFifo(t, si) : null;
  if (rx === null) return true;
  const len = h.payload - skip;
  let n = rx.enqueue(len, tm.bp.u8, tm.bp.currentByte(bi) + IP4_HDR_BYTES + TCP_HDR_BYTES + skip);
  if (n < 0) n = 0;
  if (n < len) tm.count(t, TcpStat.rxFifoFull, len - n);
  if (n > 0) {
    const sent = tm.bp.opaque2(bi, kOpaque2SentLo) + tm.bp.opaque2(bi, kOpaque2SentHi) * 4294967296;
    if (sent > 0) rx.noteSent(sent);
    tab.set(c, kTcRcvNxt, (rcvNxt + n) | 0);
    tm.count(t, TcpStat.dataBytesIn, n);
    tm.sm.ops.enqueueNotifyLater(t, si);
  }
  return n === len;
}

/** `tcp_rcv_fin` and the FIN cases of tcp46_rcv_process_inline. */
function rcvFin (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number, st: number): void {
  const t = vm.threadIndex;
  const si = tab.get(c, kTcSIndex);
  const ops = tm.sm.ops;
  switch (st) {
    case TcpState.ESTABLISHED:
      tab.set(c, kTcRcvNxt, (tab.get(c, kTcRcvNxt) + 1) | 0);
      tcpProgramAck(tm, vm, c);
      tab.set(c, kTcState, TcpState.CLOSE_WAIT);
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.closewait);
      ops.transportClosingNotify(vm, t, si);
      break;
    case TcpState.FIN_WAIT_1:
      tab.set(c, kTcRcvNxt, (tab.get(c, kTcRcvNxt) + 1) | 0);
      tcpProgramAck(tm, vm, c);
      if (finAcked(tab, c)) {
        tab.set(c, kTcState, TcpState.TIME_WAIT);
        tm.timersReset(vm, c);
        tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.timewait);
        ops.transportClosedNotify(vm, t, si);
      } else {
        tab.set(c, kTcState, TcpState.CLOSING);
        tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.closing);
      }
      break;
    case TcpState.FIN_WAIT_2:
      tab.set(c, kTcRcvNxt, (tab.get(c, kTcRcvNxt) + 1) | 0);
      tab.set(c, kTcState, TcpState.TIME_WAIT);
      tm.timersReset(vm, c);
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.timewait);
      tcpProgramAck(tm, vm, c);
      ops.transportClosedNotify(vm, t, si);
      break;
    case TcpState.TIME_WAIT:
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.timewait);
      tcpProgramAck(tm, vm, c);
      break;
    default: // CLOSE_WAIT, CLOSING, LAST_ACK: a FIN again
      tcpProgramAck(tm, vm, c);
  }
}

/** `tcp_rcv_rst`. */
function rcvRst (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number): void {
  const t = vm.threadIndex;
  const si = tab.get(c, kTcSIndex);
  const ops = tm.sm.ops;
  tm.count(t, TcpStat.rstIn);
  switch (tab.get(c, kTcState)) {
    case TcpState.SYN_RCVD:
      // the app never heard of it
      tm.connectionDel(vm, c);
      break;
    case TcpState.ESTABLISHED:
      tm.timersReset(vm, c);
      ops.transportResetNotify(vm, t, si);
      ops.transportClosedNotify(vm, t, si);
      tab.set(c, kTcState, TcpState.CLOSED);
      tm.programCleanup(vm, c);
      break;
    case TcpState.CLOSE_WAIT:
    case TcpState.FIN_WAIT_1:
    case TcpState.FIN_WAIT_2:
    case TcpState.CLOSING:
    case TcpState.LAST_ACK:
      tm.timersReset(vm, c);
      ops.transportClosedNotify(vm, t, si);
      tab.set(c, kTcState, TcpState.CLOSED);
      tm.programCleanup(vm, c);
      break;
    default: // CLOSED, TIME_WAIT
  }
}
