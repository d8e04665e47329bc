// src/session/tcp-main.ts: TCP's state in one realm: every thread's connection table, the
// half-open table, local ports, the buffer pool, and each thread's worker context (its timer
// wheel, its pending ACKs, the buffers it stages for tcp4-output). Protocol logic lives in
// tcp-input.ts, tcp-output.ts and tcp-timers.ts; the transport the session layer calls is tcp.ts.
// Models: src/vnet/tcp/tcp.h tcp_main_t, tcp_worker_ctx_t; tcp.c tcp_connection_del,
// tcp_connection_cleanup; tcp_timer.h (the timer kinds); tcp_inlines.h tcp_timer_set/reset.

import { defineElogType } from '../../graph/elog.js';
import { BufferPool, BufferPoolThread } from '../../graph/buffer-pool.js';
import { VLIB_FRAME_SIZE } from '../../graph/frame.js';
import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeIndex } from '../../graph/node.js';
import { TimerWheel } from '../../graph/timer-wheel.js';
import { HalfOpenTable } from './half-open-table.js';
import { type SimNetwork, TcpIp4Hdr } from './net.js';
import type { SessionMain } from './session-main.js';
import { TransportProto } from './session-lookup.js';
import { kSessConnection } from './session-table.js';
import {
  kTcFib, kTcLclIp, kTcLclPort, kTcRmtIp, kTcRmtPort, kTcRto, kTcRtoTimer, kTcSIndex, kTcState, kTcWaitTimer, TcpConnFlag, TcpConnTable, TcpState,
} from './tcp-conn.js';
import { LocalPorts } from './tcp-ports.js';

/**
 * A TCP connection opened: a = local port, b = remote port, c = its initial send sequence
 * number (ISS). Active opens (SYN_SENT) and passive ones (SYN_RCVD) alike; both come from the
 * thread's seeded generator, so a run's seed shows in its event log and fingerprint.
 */
export const ElogTcpOpen = defineElogType('tcp-open', (_n, a, b, c) => `tcp open port ${a} -> ${b}, iss ${c >>> 0}`);

/** `session_type_from_proto_and_ip (TRANSPORT_PROTO_TCP, 1)`: (proto << 1) | is_ip4. */
export const SESSION_TYPE_IP4_TCP = (TransportProto.Tcp << 1) | 1;

/** Segment payload bytes (`snd_mss`: 1500-byte MTU minus 40 bytes of headers). */
export const TCP_MSS = 1460;
/** RTO bounds and start, ms (tcp_types.h TCP_RTO_MIN, TCP_RTO_MAX, TCP_RTO_INIT). */
export const TCP_RTO_MIN_MS = 200;
export const TCP_RTO_MAX_MS = 60000;
export const TCP_RTO_INIT_MS = 1000;
/** SYN retries before the RTO doubles (`TCP_RTO_SYN_RETRIES`). */
export const TCP_RTO_SYN_RETRIES = 3;
/** Retransmission timeouts in a row before the connection is reset (`TCP_RTO_BOFF_MAX`). */
export const TCP_RTO_BOFF_MAX = 8;
/** Duplicate ACKs that start a retransmission (`TCP_DUPACK_THRESHOLD`). */
export const TCP_DUPACK_THRESHOLD = 3;

/** Waitclose timeouts, ns: VPP's tcp_cfg defaults (tcp.c tcp_configuration_init). */
export const TcpCfgNs = {
  closewait: 2e9,
  timewait: 10e9,
  finwait1: 60e9,
  lastack: 30e9,
  finwait2: 30e9,
  closing: 30e9,
  /** Between CLOSED and the connection's delete (`cleanup_time`, 100 ms). */
  cleanup: 0.1e9,
  /** SYN_RCVD without the handshake's ACK (`syn_rcvd_time` = TCP_ESTABLISH_TIME). */
  synRcvd: 60e9,
} as const;

/** Timer kinds (tcp_timer.h foreach_tcp_timer, plus the delayed cleanup). */
export const TcpTimer = { Retransmit: 0, Persist: 1, WaitClose: 2, RetransmitSyn: 3, Cleanup: 4 } as const;

/** Per-thread TCP counters (`show tcp stats`), words in TcpInit.statsSab. */
export const foreachTcpStat = [
  ['segsIn', 'segments received'],
  ['segsOut', 'segments sent'],
  ['dataBytesIn', 'data bytes received in order'],
  ['dataBytesOut', 'data bytes sent'],
  ['retransmits', 'segments retransmitted'],
  ['timeouts', 'retransmission timeouts'],
  ['fastRetransmits', 'fast retransmits (3 duplicate ACKs)'],
  ['dupAcks', 'duplicate ACKs received'],
  ['outOfOrder', 'out-of-order segments dropped'],
  ['outOfWindow', 'segments outside the receive window'],
  ['rxFifoFull', 'bytes dropped: rx fifo full'],
  ['noConn', 'segments for no connection (RST sent)'],
  ['rstIn', 'resets received'],
  ['rstOut', 'resets sent'],
  ['noBuffer', 'segments not sent: no buffer'],
  ['synRetransmits', 'SYNs retransmitted'],
  ['zeroWndProbes', 'zero window probes'],
  ['established', 'connections established'],
  ['closed', 'connections deleted'],
] as const;
/** Counter ids by name: `TcpStat.segsIn`. */
export const TcpStat = Object.freeze(Object.fromEntries(foreachTcpStat.map((r, i) => [r[0], i]))) as {
  readonly [K in (typeof foreachTcpStat)[number][0]]: number;
};
const kStatWords = 32;

/** What every thread receives to build its TcpMain: plain data and SABs. */
export interface TcpInit {
  readonly nThreads: number;
  readonly connsSab: SharedArrayBuffer;
  /** Connections per thread. */
  readonly connCapacity: number;
  readonly halfOpenSab: SharedArrayBuffer;
  readonly halfOpenCapacity: number;
  readonly portsSab: SharedArrayBuffer;
  readonly statsSab: SharedArrayBuffer;
  readonly bufferPoolSab: SharedArrayBuffer;
  readonly net: SimNetwork;
  /** The run's seed: every thread's ISS and ephemeral-port generator starts from it. */
  readonly seed: number;
}

/** Sizes of a run's TCP. */
export interface TcpInitParams {
  readonly nThreads: number;
  /** Connections per thread (each session has one; listeners take thread 0's). */
  readonly connCapacity: number;
  /** Half-open slots, a power of two. */
  readonly halfOpenCapacity?: number;
  /** Buffers in the pool (`buffers-per-numa`, default 16384). */
  readonly nBuffers?: number;
  readonly net: SimNetwork;
  /** The run's seed (default 0). */
  readonly seed?: number;
}

/** Lays out TCP for a run: tables, ports, counters and the vlib buffer pool. */
export function createTcpInit (p: TcpInitParams): TcpInit {
  const connsSab = new SharedArrayBuffer(TcpConnTable.byteLength(p.nThreads, p.connCapacity));
  for (let t = 0; t < p.nThreads; t++) new TcpConnTable(connsSab, t, p.connCapacity).init();
  const halfOpenCapacity = p.halfOpenCapacity ?? 4096;
  const ho = HalfOpenTable.create(halfOpenCapacity);
  const bp = BufferPool.create({ nThreads: p.nThreads, nBuffers: p.nBuffers ?? 16384 });
  return {
    nThreads: p.nThreads, connsSab, connCapacity: p.connCapacity, halfOpenSab: ho.sab, halfOpenCapacity,
    portsSab: LocalPorts.create(p.net.interfaces.length).sab, statsSab: new SharedArrayBuffer(p.nThreads * kStatWords * 8),
    bufferPoolSab: bp.sab, net: p.net, seed: p.seed ?? 0,
  };
}

/** Nodes TCP hands buffers to. */
export interface TcpNodes {
  readonly tcp4Output: NodeIndex;
}

/**
 * One thread's TCP context; only that thread touches it. Models: tcp.h tcp_worker_ctx_t
 * (timer wheel, pending_acks, tx_buffers / tcp_enqueue_to_output).
 */
export class TcpWorker {
  readonly tw = new TimerWheel(256);
  /** Buffers staged for tcp4-output, flushed as one frame. */
  readonly out = new Uint32Array(VLIB_FRAME_SIZE);
  nOut = 0;
  /** Connections owing an ACK at the end of this frame (`pending_acks`). */
  pendingAcks = new Int32Array(64);
  nPendingAcks = 0;
  /** Header scratch for one packet at a time. */
  readonly hdr = new TcpIp4Hdr();
  readonly one = new Uint32Array(1);
  /** Deterministic ISS/port generator state (xorshift32). */
  rng: number;

  /** `seed`: the run's (its only source of randomness: ISS and ephemeral ports). */
  constructor (readonly vm: VlibMain, readonly bpt: BufferPoolThread, seed = 0) {
    const x = (0x9e3779b9 ^ Math.imul(vm.threadIndex + 1, 0x85ebca6b) ^ Math.imul(seed | 0, 0xc2b2ae35) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2f)) | 0;
    this.rng = x === 0 ? 1 : x; // xorshift never leaves 0
  }

  /** Next pseudo-random u32 (reproducible per thread). */
  random (): number {
    let x = this.rng;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.rng = x;
    return x >>> 0;
  }
}

/** TCP in one realm. */
export class TcpMain {
  readonly conns: TcpConnTable[] = [];
  readonly halfOpen: HalfOpenTable;
  readonly ports: LocalPorts;
  readonly bp: BufferPool;
  readonly net: SimNetwork;
  private readonly stats: Float64Array;
  /** Thread contexts, set by {@link TcpMain.attachThread}. */
  private readonly wrks: (TcpWorker | undefined)[] = [];

  constructor (readonly init: TcpInit, readonly sm: SessionMain, readonly nodes: TcpNodes) {
    for (let t = 0; t < init.nThreads; t++) this.conns.push(new TcpConnTable(init.connsSab, t, init.connCapacity));
    this.halfOpen = new HalfOpenTable(init.halfOpenSab, init.halfOpenCapacity);
    this.ports = new LocalPorts(init.portsSab, init.net.interfaces.length);
    this.bp = new BufferPool(init.bufferPoolSab);
    this.net = init.net;
    this.stats = new Float64Array(init.statsSab);
  }

  /** Builds thread `vm`'s context (its buffer cache, its wheel). Once per thread. */
  attachThread (vm: VlibMain): TcpWorker {
    const w = new TcpWorker(vm, new BufferPoolThread(this.bp, vm.threadIndex), this.init.seed);
    this.wrks[vm.threadIndex] = w;
    // buffers a full handoff ring refuses go back to the pool
    vm.dropBuffers = (b, from, n) => w.bpt.free(b, n, from);
    return w;
  }

  /** Thread `t`'s context (its own thread only). */
  wrk (t: number): TcpWorker { return this.wrks[t] as TcpWorker; }

  /** Adds `n` to thread `t`'s counter `k` (TcpStat). */
  count (t: number, k: number, n = 1): void { this.stats[t * kStatWords + k] = (this.stats[t * kStatWords + k] as number) + n; }
  /** Thread `t`'s counter `k`. */
  stat (t: number, k: number): number { return this.stats[t * kStatWords + k] as number; }

  // ------------------------------------------------------------------ output staging

  /** Stages buffer `bi` for tcp4-output (`tcp_enqueue_to_output`); a full frame goes at once. */
  enqueueOutput (vm: VlibMain, bi: number): void {
    const w = this.wrk(vm.threadIndex);
    w.out[w.nOut++] = bi;
    if (w.nOut === VLIB_FRAME_SIZE) this.flushOutput(vm);
  }

  /** Hands the staged buffers to tcp4-output as one frame (`tcp_flush_frame_to_output`). */
  flushOutput (vm: VlibMain): void {
    const w = this.wrk(vm.threadIndex);
    if (w.nOut === 0) return;
    const f = vm.getFrameToNode(this.nodes.tcp4Output);
    f.vectors.set(w.out.subarray(0, w.nOut));
    f.nVectors = w.nOut;
    w.nOut = 0;
    vm.putFrameToNode(this.nodes.tcp4Output, f);
  }

  // ------------------------------------------------------------------ timers

  /** Starts timer `kind` of connection `c` on this thread, `ns` from now (`tcp_timer_set`). */
  timerSet (vm: VlibMain, c: number, kind: number, ns: number): void {
    const tab = this.conns[vm.threadIndex] as TcpConnTable;
    const w = this.wrk(vm.threadIndex);
    const slot = kind === TcpTimer.WaitClose || kind === TcpTimer.Cleanup ? kTcWaitTimer : kTcRtoTimer;
    w.tw.stop(tab.get(c, slot));
    tab.set(c, slot, w.tw.start(vm.clock.now() + ns, kind, c));
  }

  /** Stops the timer in `slot` (kTcRtoTimer or kTcWaitTimer) of connection `c`. */
  timerReset (vm: VlibMain, c: number, slot: number): void {
    const tab = this.conns[vm.threadIndex] as TcpConnTable;
    this.wrk(vm.threadIndex).tw.stop(tab.get(c, slot));
    tab.set(c, slot, -1);
  }

  /** True if the timer in `slot` of connection `c` runs. */
  timerIsRunning (vm: VlibMain, c: number, slot: number): boolean {
    return this.wrk(vm.threadIndex).tw.isRunning((this.conns[vm.threadIndex] as TcpConnTable).get(c, slot));
  }

  /** Stops every timer of connection `c` (`tcp_connection_timers_reset`). */
  timersReset (vm: VlibMain, c: number): void {
    this.timerReset(vm, c, kTcRtoTimer);
    this.timerReset(vm, c, kTcWaitTimer);
  }

  // ------------------------------------------------------------------ connections

  /** A new connection on this thread with no timers (`tcp_connection_alloc`). */
  connAlloc (vm: VlibMain): number {
    const tab = this.conns[vm.threadIndex] as TcpConnTable;
    const c = tab.alloc();
    tab.set(c, kTcRtoTimer, -1);
    tab.set(c, kTcWaitTimer, -1);
    tab.set(c, kTcSIndex, -1);
    tab.set(c, kTcRto, TCP_RTO_INIT_MS);
    return c;
  }

  /**
   * Deletes connection `c` of this thread: timers, local port, lookup entry, then the session
   * is told (it cleans up now or after the app), and the connection is freed.
   * Models: tcp.c tcp_connection_del, tcp_connection_cleanup; session.c
   * session_transport_delete_notify.
   */
  connectionDel (vm: VlibMain, c: number): void {
    const t = vm.threadIndex;
    const tab = this.conns[t] as TcpConnTable;
    if (!tab.isValid(c)) return;
    this.timersReset(vm, c);
    if (tab.hasFlag(c, TcpConnFlag.PortAllocated)) this.ports.release(this.net, tab.getU(c, kTcLclIp), tab.get(c, kTcLclPort));
    const si = tab.get(c, kTcSIndex);
    const sess = this.sm.sessions[t];
    if (si >= 0 && sess !== undefined && sess.isValid(si) && sess.get(si, kSessConnection) === c) {
      const fib = tab.get(c, kTcFib);
      const lclIp = tab.getU(c, kTcLclIp);
      const lclPort = tab.get(c, kTcLclPort);
      const rmtIp = tab.getU(c, kTcRmtIp);
      const rmtPort = tab.get(c, kTcRmtPort);
      this.sm.ops.transportDeleteNotify(vm, t, si, () => this.sm.lookup.delConnection(t, fib, TransportProto.Tcp, lclIp, lclPort, rmtIp, rmtPort));
    }
    tab.set(c, kTcState, TcpState.CLOSED);
    tab.free(c);
    this.count(t, TcpStat.closed);
  }

  /** Schedules the delete of a CLOSED connection after `cleanup` (`tcp_program_cleanup`). */
  programCleanup (vm: VlibMain, c: number): void {
    this.timerReset(vm, c, kTcRtoTimer);
    this.timerSet(vm, c, TcpTimer.Cleanup, TcpCfgNs.cleanup);
  }
}
