// nodes/loopback-tx.ts: a loopback interface's device: what it transmits it receives again, on
// the same interface. A packet whose flow hashes to this thread (symmetric: both directions of a
// connection hash alike, so after the handshake every packet of a flow) goes straight on to
// ip4-input, as a loopback's does in VPP; one for another worker is handed off to that thread's
// ip4-input (VPP's worker handoff, with its 512 no-sleep polls after a dequeue). A full handoff
// ring drops the packet (counted on the ring; the buffer goes back to the pool).
// Models: src/vnet/ethernet/interface.c simulated_ethernet_interface_tx (loopN-tx), with the
// worker handoff VPP does at input (src/vnet/handoff.c worker-handoff) folded in.

import { vlibBufferEnqueueToThread } from '../graph/handoff.js';
import { defineNode, NodeType } from '../graph/node.js';
import { flowThread, ip4Dst, ip4Src, kVnetSwIfIndexRx, kVnetSwIfIndexTx } from '../src/session/net.js';
import { ip4InputNode } from './ip4-input.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

export const loopbackTxNode = defineNode<TcpNodeData>({
  name: 'loopback-tx',
  type: NodeType.Internal,
  nextNodes: ['ip4-input'],
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const u8 = bp.u8;
    const v = f.vectors;
    const threads = rt.data.threads;
    const here = rt.data.bufs;
    let nHere = 0;
    let nAway = 0;
    const me = vm.threadIndex;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      bp.setOpaque(bi, kVnetSwIfIndexRx, bp.opaque(bi, kVnetSwIfIndexTx));
      const o = bp.currentByte(bi) + 20;
      const sport = ((u8[o] as number) << 8) | (u8[o + 1] as number);
      const dport = ((u8[o + 2] as number) << 8) | (u8[o + 3] as number);
      const t = flowThread(vm.nThreads, ip4Src(bp, bi), sport, ip4Dst(bp, bi), dport);
      if (t === me) here[nHere++] = bi;
      else { threads[nAway] = t; v[nAway++] = bi; }
    }
    if (nHere > 0) vm.enqueueToSingleNext(rt, 0, here, nHere);
    if (nAway > 0) vlibBufferEnqueueToThread(vm, ip4InputNode.index, v, threads, nAway);
    return f.nVectors;
  },
});
