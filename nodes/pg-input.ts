// nodes/pg-input.ts: background packet streams, the packet generator's input node: on each
// thread that has a stream, a POLLING input node that makes packets at the stream's rate and
// hands them to ip4-input, where they are dropped (their destination is not local). They load
// the graph as a NIC's traffic would: vectors per main loop rise, polling input keeps the thread
// awake, and the session worker's adaptive rule sees them.
// Models: src/vnet/pg/input.c pg_input (rate-limited streams, `packet-generator new … rate`).

import { VLIB_FRAME_SIZE } from '../graph/frame.js';
import { defineNode, NodeState, NodeType } from '../graph/node.js';
import { kVnetSwIfIndexRx, pushTcpIp4, TcpFlag, TcpIp4Hdr } from '../src/session/net.js';
import type { TcpMain } from '../src/session/tcp-main.js';

/**
 * One phase of a stream: `durationNs` of packets at `ratePps` (0: idle), steady, or in bursts of
 * `burstPackets` separated by `gapNs` of silence; `payloadBytes` after the 40 header bytes.
 */
export interface PgPhase {
  readonly durationNs: number;
  readonly ratePps: number;
  /** 0: steady. */
  readonly burstPackets: number;
  readonly gapNs: number;
  readonly payloadBytes: number;
}

/** One stream of background packets on one thread (plain data). Phases run back to back from the run's start. */
export interface PgStream {
  /** The vlib thread that generates it. */
  readonly thread: number;
  readonly phases: readonly PgPhase[];
  /** Destination: an address no interface has, so ip4-input drops the packets (u32). */
  readonly dst: number;
  /** Source address (u32). */
  readonly src: number;
}

/** A steady stream: one phase of `ratePps` for `durationNs` (default: for ever). */
export function pgSteady (thread: number, ratePps: number, payloadBytes: number, src: number, dst: number, durationNs = Infinity): PgStream {
  return { thread, src, dst, phases: [{ durationNs, ratePps, burstPackets: 0, gapNs: 0, payloadBytes }] };
}

/** Packets a stream has made by `tNs` since its start (fractional), and its payload size then. */
export function pgDue (st: PgStream, tNs: number): number {
  let start = 0;
  let n = 0;
  for (const ph of st.phases) {
    if (tNs <= start) break;
    const u = Math.min(tNs, start + ph.durationNs) - start;
    if (ph.ratePps > 0) {
      if (ph.burstPackets <= 0) n += ph.ratePps * u / 1e9;
      else {
        const burstNs = ph.burstPackets / ph.ratePps * 1e9;
        const period = burstNs + ph.gapNs;
        const full = Math.floor(u / period);
        n += full * ph.burstPackets + Math.min(ph.burstPackets, ph.ratePps * (u - full * period) / 1e9);
      }
    }
    start += ph.durationNs;
  }
  return n;
}

/** The phase in force at `tNs`, or null after the last. */
function pgPhaseAt (st: PgStream, tNs: number): PgPhase | null {
  let start = 0;
  for (const ph of st.phases) {
    if (tNs < start + ph.durationNs) return ph;
    start += ph.durationNs;
  }
  return null;
}

/** Runtime data: the realm's TcpMain (its buffer pool) and this thread's streams. */
export interface PgInputData {
  tm: TcpMain | null;
  streams: PgStream[];
  /** Packets made so far, per stream. */
  credit: number[];
  lastNs: number;
  readonly bufs: Uint32Array;
  readonly hdr: TcpIp4Hdr;
  /** Packets made, all streams. */
  made: number;
  /** Packets not made: no buffer. */
  noBuffer: number;
}

export const pgInputNode = defineNode<PgInputData>({
  name: 'pg-input',
  type: NodeType.Input,
  state: NodeState.Disabled,
  nextNodes: ['ip4-input'],
  errors: ['no buffers'],
  init: () => ({ tm: null, streams: [], credit: [], lastNs: 0, bufs: new Uint32Array(VLIB_FRAME_SIZE), hdr: new TcpIp4Hdr(), made: 0, noBuffer: 0 }),
  dispatch (vm, rt) {
    const d = rt.data;
    const tm = d.tm;
    if (tm === null || d.streams.length === 0) return 0;
    const now = vm.clock.now();
    d.lastNs = now;
    const bpt = tm.wrk(vm.threadIndex).bpt;
    const bp = tm.bp;
    let total = 0;
    let live = 0;
    for (let s = 0; s < d.streams.length; s++) {
      const st = d.streams[s] as PgStream;
      const ph = pgPhaseAt(st, now);
      if (ph !== null) live++;
      // what is due and not yet made, at most a frame (the rest waits for the next dispatch)
      const due = Math.floor(pgDue(st, now)) - (d.credit[s] as number);
      let n = Math.min(due, VLIB_FRAME_SIZE - total);
      if (n <= 0) continue;
      const got = bpt.alloc(d.bufs, n, total);
      if (got < n) { rt.countError(0, n - got); d.noBuffer += n - got; }
      d.credit[s] = (d.credit[s] as number) + n; // a packet not made for want of a buffer is lost, counted
      n = got;
      const h = d.hdr;
      h.src = st.src; h.dst = st.dst; h.srcPort = 1024 + s; h.dstPort = 9; h.seq = 0; h.ack = 0; h.flags = TcpFlag.Ack; h.wnd = 0;
      const size = (ph ?? st.phases[st.phases.length - 1] as PgPhase).payloadBytes;
      for (let i = total; i < total + n; i++) {
        const bi = d.bufs[i] as number;
        bp.putUninit(bi, size);
        pushTcpIp4(bp, bi, h);
        bp.setOpaque(bi, kVnetSwIfIndexRx, 1);
      }
      total += n;
    }
    if (total > 0) vm.enqueueToSingleNext(rt, 0, d.bufs, total);
    d.made += total;
    // every stream past its last phase: the node stops (a pg stream at its limit disables itself)
    if (live === 0 && total === 0) vm.setNodeState(pgInputNode.index, NodeState.Disabled);
    return total;
  },
});
