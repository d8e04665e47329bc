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

/** One stream of background packets on one thread (plain data). */
export interface PgStream {
  /** The vlib thread that generates it. */
  readonly thread: number;
  /** Packets per second. */
  readonly ratePps: number;
  /** Payload bytes per packet (after 40 bytes of IPv4+TCP headers). */
  readonly payloadBytes: number;
  /** Destination: an address no interface has, so ip4-input drops the packets (u32). */
  readonly dst: number;
  /** Source address (u32). */
  readonly src: number;
}

/** Runtime data: the realm's TcpMain (its buffer pool) and this thread's streams. */
export interface PgInputData {
  tm: TcpMain | null;
  streams: PgStream[];
  /** Packets owed but not yet made (fractions carry over), per stream. */
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
    const dt = d.lastNs === 0 ? 0 : (now - d.lastNs) / 1e9;
    d.lastNs = now;
    const bpt = tm.wrk(vm.threadIndex).bpt;
    const bp = tm.bp;
    let total = 0;
    for (let s = 0; s < d.streams.length; s++) {
      const st = d.streams[s] as PgStream;
      const owed = Math.min((d.credit[s] as number) + st.ratePps * dt, VLIB_FRAME_SIZE - total);
      let n = Math.floor(owed);
      d.credit[s] = owed - n;
      if (n <= 0) continue;
      const got = bpt.alloc(d.bufs, n, total);
      if (got < n) { rt.countError(0, n - got); d.noBuffer += n - got; n = got; }
      const h = d.hdr;
      h.src = st.src; h.dst = st.dst; h.srcPort = 1024 + s; h.dstPort = 9; h.seq = 0; h.ack = 0; h.flags = TcpFlag.Ack; h.wnd = 0;
      for (let i = total; i < total + n; i++) {
        const bi = d.bufs[i] as number;
        bp.putUninit(bi, st.payloadBytes);
        pushTcpIp4(bp, bi, h);
        bp.setOpaque(bi, kVnetSwIfIndexRx, 1);
      }
      total += n;
    }
    if (total > 0) vm.enqueueToSingleNext(rt, 0, d.bufs, total);
    d.made += total;
    return total;
  },
});
