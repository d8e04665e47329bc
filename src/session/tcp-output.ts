// src/session/tcp-output.ts: building TCP segments (SYN, SYN-ACK, ACK, FIN, RST, data from the
// session's tx fifo) into vlib buffers staged for tcp4-output, and the session layer's TX
// function for TCP sessions. Models: src/vnet/tcp/tcp_output.c (tcp_send_syn, tcp_send_synack,
// tcp_send_ack, tcp_send_fin, tcp_send_reset[_w_pkt], tcp_window_to_advertise, tcp_push_header,
// tcp_timer_persist_handler's probe), tcp.c (tcp_session_send_params, tcp_snd_space,
// tcp_round_snd_space), session_node.c (session_tx_fifo_read_and_snd_i, session_tx_not_ready,
// session_tx_set_dequeue_params, session_tx_maybe_reschedule), transport.c
// (transport_connection_reschedule).

import type { VlibMain } from '../../graph/main-loop.js';
import type { SvmFifo } from '../svm/fifo.js';
import { SvmFifoDeqNtf } from '../svm/fifo.js';
import { pushTcpIp4, TcpFlag, TCP_WND_SCALE } from './net.js';
import type { SessionMain } from './session-main.js';
import { kSessConnection, kSessState } from './session-table.js';
import { SESSION_NODE_FRAME_SIZE, SessionState } from './session-types.js';
import type { SessionWorker } from './session-worker.js';
import { EvtHead } from './session-worker.js';
import {
  kTcFinSeq, kTcFlags, kTcLclIp, kTcLclPort, kTcRcvNxt, kTcRcvWnd, kTcRetransBytes, kTcRmtIp, kTcRmtPort, kTcRto,
  kTcRtoTimer, kTcSegsOut, kTcSIndex, kTcSndMax, kTcSndNxt, kTcSndUna, kTcSndWnd, kTcState, seqDiff, seqGt,
  TcpConnFlag, type TcpConnTable, TcpState,
} from './tcp-conn.js';
import { TCP_MSS, TcpCfgNs, type TcpMain, TcpStat, TcpTimer } from './tcp-main.js';

/** vppsim's opaque2 words: when a data segment left session-queue, ns (lo, hi u32). */
export const kOpaque2SentLo = 0;
export const kOpaque2SentHi = 1;

/** Allocates one buffer on this thread; −1 (counted) when the pool is empty. */
function allocBuffer (tm: TcpMain, vm: VlibMain): number {
  const w = tm.wrk(vm.threadIndex);
  if (w.bpt.alloc(w.one, 1) !== 1) {
    tm.count(vm.threadIndex, TcpStat.noBuffer);
    return -1;
  }
  return w.one[0] as number;
}

/**
 * The window to advertise, bytes: what the session's rx fifo can take (before the session
 * exists, `kTcRcvWnd` as set at connect or SYN). A window below one scale unit is 0: then the
 * connection records it sent a zero window and asks the fifo for a dequeue notification, so the
 * app's next read brings a window update. Models: tcp_output.c tcp_window_to_advertise,
 * tcp_make_ack_i (zero window handling).
 */
function windowToAdvertise (tm: TcpMain, t: number, tab: TcpConnTable, c: number): number {
  const si = tab.get(c, kTcSIndex);
  const st = tab.get(c, kTcState);
  const rx = si >= 0 && st !== TcpState.SYN_SENT ? tm.sm.ops.rxFifo(t, si) : null;
  if (rx === null) return tab.get(c, kTcRcvWnd);
  let wnd = rx.maxEnqueueProd();
  if (wnd >> TCP_WND_SCALE === 0) wnd = 0;
  tab.set(c, kTcRcvWnd, wnd);
  if (wnd === 0) {
    tab.setFlag(c, TcpConnFlag.ZeroRwndSent);
    rx.addWantDeqNtf(SvmFifoDeqNtf.Want);
  } else {
    tab.clearFlag(c, TcpConnFlag.ZeroRwndSent);
  }
  return wnd;
}

/** Writes connection `c`'s headers in front of `bi` and stages it for output. */
function pushAndSend (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number, bi: number, flags: number, seq: number, ack: number): void {
  const h = tm.wrk(vm.threadIndex).hdr;
  h.src = tab.getU(c, kTcLclIp);
  h.dst = tab.getU(c, kTcRmtIp);
  h.srcPort = tab.get(c, kTcLclPort);
  h.dstPort = tab.get(c, kTcRmtPort);
  h.seq = seq >>> 0;
  h.ack = (flags & TcpFlag.Ack) !== 0 ? ack >>> 0 : 0;
  h.flags = flags;
  h.wnd = windowToAdvertise(tm, vm.threadIndex, tab, c);
  pushTcpIp4(tm.bp, bi, h);
  tab.set(c, kTcSegsOut, tab.get(c, kTcSegsOut) + 1);
  tm.count(vm.threadIndex, TcpStat.segsOut);
  tm.enqueueOutput(vm, bi);
}

/** Sends a segment without data; false when no buffer was free. */
function sendCtrl (tm: TcpMain, vm: VlibMain, c: number, flags: number, seq: number): boolean {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  const bi = allocBuffer(tm, vm);
  if (bi < 0) return false;
  pushAndSend(tm, vm, tab, c, bi, flags, seq, tab.get(c, kTcRcvNxt));
  return true;
}

/** `tcp_send_syn`: SYN with the ISS (`snd_una`). */
export function tcpSendSyn (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  sendCtrl(tm, vm, c, TcpFlag.Syn, tab.get(c, kTcSndUna));
}

/** `tcp_send_synack`. */
export function tcpSendSynAck (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  sendCtrl(tm, vm, c, TcpFlag.Syn | TcpFlag.Ack, tab.get(c, kTcSndUna));
}

/** `tcp_send_ack`: an ACK for `rcv_nxt` with the current window. */
export function tcpSendAck (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  sendCtrl(tm, vm, c, TcpFlag.Ack, tab.get(c, kTcSndNxt));
}

/**
 * `tcp_program_ack`: this connection owes an ACK, sent once at the end of the frame
 * ({@link tcpSendAcks}) however many segments asked for it.
 */
export function tcpProgramAck (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  if (tab.hasFlag(c, TcpConnFlag.SndAck)) return;
  tab.setFlag(c, TcpConnFlag.SndAck);
  const w = tm.wrk(vm.threadIndex);
  if (w.nPendingAcks === w.pendingAcks.length) {
    const g = new Int32Array(w.pendingAcks.length * 2);
    g.set(w.pendingAcks);
    w.pendingAcks = g;
  }
  w.pendingAcks[w.nPendingAcks++] = c;
}

/** `tcp_send_acks`: the ACKs programmed during this frame. */
export function tcpSendAcks (tm: TcpMain, vm: VlibMain): void {
  const w = tm.wrk(vm.threadIndex);
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  for (let i = 0; i < w.nPendingAcks; i++) {
    const c = w.pendingAcks[i] as number;
    if (!tab.isValid(c) || !tab.hasFlag(c, TcpConnFlag.SndAck)) continue;
    tab.clearFlag(c, TcpConnFlag.SndAck);
    tcpSendAck(tm, vm, c);
  }
  w.nPendingAcks = 0;
}

/**
 * `tcp_send_fin`: FIN|ACK after the last data byte; it takes one sequence number. The
 * retransmit timer covers it.
 */
export function tcpSendFin (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  const seq = tab.get(c, kTcSndNxt);
  tab.clearFlag(c, TcpConnFlag.FinPending);
  tab.setFlag(c, TcpConnFlag.FinSent);
  tab.set(c, kTcFinSeq, seq);
  if (!sendCtrl(tm, vm, c, TcpFlag.Fin | TcpFlag.Ack, seq)) {
    // no buffer: the FIN is still owed; the retransmit timer sends it
    tab.clearFlag(c, TcpConnFlag.FinSent);
    tab.setFlag(c, TcpConnFlag.FinPending);
  } else {
    const nxt = (seq + 1) | 0;
    tab.set(c, kTcSndNxt, nxt);
    if (seqGt(nxt, tab.get(c, kTcSndMax))) tab.set(c, kTcSndMax, nxt);
    // a FIN owed from CLOSE_WAIT moves the connection to LAST_ACK
    if (tab.get(c, kTcState) === TcpState.CLOSE_WAIT) {
      tab.set(c, kTcState, TcpState.LAST_ACK);
      tm.timerSet(vm, c, TcpTimer.WaitClose, TcpCfgNs.lastack);
    }
  }
  tcpRetransmitTimerUpdate(tm, vm, c);
}

/** `tcp_send_reset`: RST for connection `c`. */
export function tcpSendReset (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  sendCtrl(tm, vm, c, TcpFlag.Rst | TcpFlag.Ack, tab.get(c, kTcSndNxt));
  tm.count(vm.threadIndex, TcpStat.rstOut);
}

/**
 * `tcp_send_reset_w_pkt`: answers a segment that has no connection with a RST, reusing its
 * buffer: an ACK's number becomes our sequence; otherwise RST|ACK for what it carried.
 * `bi`'s current data is the IPv4 header; the headers are rewritten in place.
 */
export function tcpSendResetWithPkt (tm: TcpMain, vm: VlibMain, bi: number): void {
  const w = tm.wrk(vm.threadIndex);
  const h = w.hdr; // filled by the caller from the packet
  const src = h.dst;
  const srcPort = h.dstPort;
  h.dst = h.src; h.dstPort = h.srcPort; h.src = src; h.srcPort = srcPort;
  if ((h.flags & TcpFlag.Ack) !== 0) {
    h.seq = h.ack; h.ack = 0; h.flags = TcpFlag.Rst;
  } else {
    const len = h.payload + ((h.flags & TcpFlag.Syn) !== 0 ? 1 : 0) + ((h.flags & TcpFlag.Fin) !== 0 ? 1 : 0);
    h.ack = (h.seq + len) >>> 0; h.seq = 0; h.flags = TcpFlag.Rst | TcpFlag.Ack;
  }
  h.wnd = 0;
  const bp = tm.bp;
  // keep only the headers' room: drop the payload, then rebuild headers in front of nothing
  bp.advance(bi, 40);
  bp.setCurrentLength(bi, 0);
  pushTcpIp4(bp, bi, h);
  tm.count(vm.threadIndex, TcpStat.rstOut);
  tm.count(vm.threadIndex, TcpStat.segsOut);
  tm.enqueueOutput(vm, bi);
}

/** The session's tx fifo of connection `c` on this thread, or null. */
function txFifoOf (tm: TcpMain, t: number, tab: TcpConnTable, c: number): SvmFifo | null {
  const si = tab.get(c, kTcSIndex);
  return si < 0 ? null : tm.sm.ops.txFifo(t, si);
}

/**
 * Sends `len` bytes of the tx fifo at `offset` from its head (= from `snd_una`) as one
 * segment with sequence `snd_una + offset`. Returns false when no buffer was free.
 */
function sendDataSegment (tm: TcpMain, vm: VlibMain, tab: TcpConnTable, c: number, txf: SvmFifo, offset: number, len: number): boolean {
  const bi = allocBuffer(tm, vm);
  if (bi < 0) return false;
  const bp = tm.bp;
  const at = bp.putUninit(bi, len);
  txf.peek(offset, len, bp.u8, at);
  const seq = (tab.get(c, kTcSndUna) + offset) | 0;
  // vppsim: when the data left session-queue, for the receiving app's latency (stage 3)
  const now = vm.clock.now();
  bp.setOpaque2(bi, kOpaque2SentLo, now % 4294967296);
  bp.setOpaque2(bi, kOpaque2SentHi, Math.floor(now / 4294967296));
  pushAndSend(tm, vm, tab, c, bi, TcpFlag.Ack | TcpFlag.Psh, seq, tab.get(c, kTcRcvNxt));
  const nxt = (seq + len) | 0;
  if (seqGt(nxt, tab.get(c, kTcSndNxt))) tab.set(c, kTcSndNxt, nxt);
  if (seqGt(nxt, tab.get(c, kTcSndMax))) tab.set(c, kTcSndMax, nxt);
  else tab.set(c, kTcRetransBytes, tab.get(c, kTcRetransBytes) + len);
  tm.count(vm.threadIndex, TcpStat.dataBytesOut, len);
  return true;
}

/**
 * Bytes TCP may send now: the peer's window minus what is in flight, in whole segments unless
 * the window is below one. No congestion window: vppsim's wire loses nothing but what a full
 * handoff ring drops. Models: tcp.c tcp_session_send_params, tcp_round_snd_space.
 */
export function tcpSndSpace (tab: TcpConnTable, c: number): number {
  const wnd = tab.get(c, kTcSndWnd);
  const space = wnd - seqDiff(tab.get(c, kTcSndNxt), tab.get(c, kTcSndUna));
  if (space <= 0) return 0;
  if (wnd < TCP_MSS) return space;
  return space - (space % TCP_MSS);
}

/**
 * Starts, restarts or stops the retransmit timer: running while anything sent is unacknowledged
 * (`tcp_retransmit_timer_update`).
 */
export function tcpRetransmitTimerUpdate (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  if (tab.get(c, kTcSndUna) === tab.get(c, kTcSndMax)) {
    tm.timerReset(vm, c, kTcRtoTimer);
  } else if (!tm.timerIsRunning(vm, c, kTcRtoTimer)) {
    tm.timerSet(vm, c, TcpTimer.Retransmit, tab.get(c, kTcRto) * 1e6);
  }
}

/** Adds a TX event for session `si` of this thread (`sesssion_reschedule_tx`). */
export function tcpReschedule (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  tab.clearFlag(c, TcpConnFlag.Desched);
  const si = tab.get(c, kTcSIndex);
  if (si < 0) return;
  const txf = tm.sm.ops.txFifo(vm.threadIndex, si);
  if (txf === null) return;
  // transport_connection_reschedule
  if (txf.maxDequeueCons() > 0) {
    tm.sm.ops.rescheduleTx(vm, si);
  } else {
    txf.unsetEvent();
    if (txf.maxDequeueCons() > 0 && txf.setEvent()) tm.sm.ops.rescheduleTx(vm, si);
  }
}

/** FIN owed and every data byte sent: send it now. */
export function tcpMaybeSendFin (tm: TcpMain, vm: VlibMain, c: number, txf: SvmFifo | null): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  if (!tab.hasFlag(c, TcpConnFlag.FinPending)) return;
  const unsent = txf === null ? 0 : txf.maxDequeueCons() - seqDiff(tab.get(c, kTcSndNxt), tab.get(c, kTcSndUna));
  if (unsent <= 0) tcpSendFin(tm, vm, c);
}

/**
 * The session layer's TX for a TCP session (session-queue, one IO_EVT_TX element): as much of
 * the tx fifo as the window and the node's 128-packet budget allow, in MSS segments read in
 * place (peek). A session not yet READY keeps its event on the old list; a closed transport
 * drops it. All sent: the fifo's event flag is cleared and re-armed only if the app wrote more
 * meanwhile, else the connection is descheduled until an ACK brings room.
 * Models: session_node.c session_tx_fifo_read_and_snd_i (peek_data = 1).
 */
export function tcpSessionTx (tm: TcpMain, sm: SessionMain, vm: VlibMain, wrk: SessionWorker, elt: number): void {
  const t = vm.threadIndex;
  const pool = wrk.pool;
  const si = pool.w(elt, 0);
  const sess = sm.sessions[t];
  if (sess === undefined) return;
  const st = sess.get(si, kSessState);
  // session_tx_not_ready
  if (st !== SessionState.READY) {
    if (st < SessionState.READY) { pool.addTail(EvtHead.Old, elt); return; }
    if (st >= SessionState.TRANSPORT_CLOSED) return;
  }
  const tab = tm.conns[t] as TcpConnTable;
  const c = sess.get(si, kSessConnection);
  if (!tab.isValid(c)) return;
  const txf = tm.sm.ops.txFifo(t, si);
  if (txf === null) return;
  const tcst = tab.get(c, kTcState);
  if (tcst === TcpState.CLOSED || tcst === TcpState.SYN_SENT) return;
  tab.clearFlag(c, TcpConnFlag.Desched);

  const sndSpace = tcpSndSpace(tab, c);
  const txOffset = seqDiff(tab.get(c, kTcSndNxt), tab.get(c, kTcSndUna));
  if (sndSpace === 0) {
    // window closed: wait for an ACK; with nothing in flight, probe it (persist)
    tab.setFlag(c, TcpConnFlag.Desched);
    if (txOffset === 0 && txf.maxDequeueCons() > 0 && !tm.timerIsRunning(vm, c, kTcRtoTimer)) {
      tm.timerSet(vm, c, TcpTimer.Persist, tab.get(c, kTcRto) * 1e6);
    }
    return;
  }
  const maxBurst = SESSION_NODE_FRAME_SIZE - wrk.nTxPackets;
  let maxDeq = txf.maxDequeueCons();
  let maxLen = 0;
  let nSegs = 0;
  if (txOffset < maxDeq && maxBurst > 0) {
    maxDeq -= txOffset;
    if (maxDeq < sndSpace) maxLen = maxDeq > TCP_MSS ? maxDeq - (maxDeq % TCP_MSS) : maxDeq;
    else maxLen = sndSpace;
    nSegs = Math.ceil(maxLen / TCP_MSS);
    if (nSegs > maxBurst) { nSegs = maxBurst; maxLen = maxBurst * TCP_MSS; }
  } else {
    maxDeq = 0;
  }
  if (maxLen === 0) {
    maybeReschedule(pool, elt, tab, c, txf);
    tcpMaybeSendFin(tm, vm, c, txf);
    return;
  }
  let sent = 0;
  let off = txOffset;
  for (let k = 0; k < nSegs; k++) {
    const len = Math.min(TCP_MSS, maxLen - sent);
    if (!sendDataSegment(tm, vm, tab, c, txf, off, len)) {
      // VPP: no buffers → back to the head of the old list, counted on session-queue
      pool.addHead(EvtHead.Old, elt);
      wrk.nTxPackets += k;
      tcpRetransmitTimerUpdate(tm, vm, c);
      return;
    }
    sent += len;
    off += len;
  }
  wrk.nTxPackets += nSegs;
  tcpRetransmitTimerUpdate(tm, vm, c);
  if (maxLen < maxDeq) pool.addTail(EvtHead.Old, elt);
  else maybeReschedule(pool, elt, tab, c, txf);
  tcpMaybeSendFin(tm, vm, c, txf);
}

/** `session_tx_maybe_reschedule`. */
function maybeReschedule (pool: SessionWorker['pool'], elt: number, tab: TcpConnTable, c: number, txf: SvmFifo): void {
  txf.unsetEvent();
  if (txf.maxDequeueCons() > seqDiff(tab.get(c, kTcSndNxt), tab.get(c, kTcSndUna))) {
    if (txf.setEvent()) pool.addHead(EvtHead.Old, elt);
  } else {
    tab.setFlag(c, TcpConnFlag.Desched);
  }
}

/**
 * Go-back-N: everything from `snd_una` is sent again (after a timeout or three duplicate
 * ACKs), FIN included if it was sent; TX is scheduled. VPP retransmits with SACK and a
 * congestion window; vppsim's receiver keeps no out-of-order data, so it resends the window.
 */
export function tcpGoBack (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  const una = tab.get(c, kTcSndUna);
  const resent = seqDiff(tab.get(c, kTcSndNxt), una);
  if (resent > 0) tm.count(vm.threadIndex, TcpStat.retransmits, Math.ceil(resent / TCP_MSS));
  tab.set(c, kTcSndNxt, una);
  if (tab.hasFlag(c, TcpConnFlag.FinSent) && seqGt((tab.get(c, kTcFinSeq) + 1) | 0, una)) {
    tab.clearFlag(c, TcpConnFlag.FinSent);
    tab.setFlag(c, TcpConnFlag.FinPending);
  }
  const txf = txFifoOf(tm, vm.threadIndex, tab, c);
  if (txf !== null && txf.maxDequeueCons() > 0) tcpReschedule(tm, vm, c);
  else tcpMaybeSendFin(tm, vm, c, txf);
}

/**
 * The persist timer's probe: with the peer's window closed and nothing in flight, up to one
 * segment is sent anyway, so the peer answers with its window (`tcp_timer_persist_handler`).
 */
export function tcpSendProbe (tm: TcpMain, vm: VlibMain, c: number): void {
  const tab = tm.conns[vm.threadIndex] as TcpConnTable;
  const txf = txFifoOf(tm, vm.threadIndex, tab, c);
  if (txf === null) return;
  const off = seqDiff(tab.get(c, kTcSndNxt), tab.get(c, kTcSndUna));
  const avail = txf.maxDequeueCons() - off;
  if (avail <= 0 || tab.get(c, kTcSndWnd) >= TCP_MSS) return;
  tm.count(vm.threadIndex, TcpStat.zeroWndProbes);
  sendDataSegment(tm, vm, tab, c, txf, off, Math.min(TCP_MSS, avail));
  tcpRetransmitTimerUpdate(tm, vm, c);
}

/** Flags of connection `c` (for tests and show). */
export const tcpConnFlags = (tab: TcpConnTable, c: number): number => tab.get(c, kTcFlags);
