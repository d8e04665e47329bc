// nodes/loopback-tx.ts: a loopback interface's device: what it transmits it receives again, on
// the same interface, and the packet is handed to the worker its flow hashes to (symmetric: both
// directions of a connection land on one thread), to that thread's ip4-input. A full handoff
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
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const u8 = bp.u8;
    const v = f.vectors;
    const threads = rt.data.threads;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      bp.setOpaque(bi, kVnetSwIfIndexRx, bp.opaque(bi, kVnetSwIfIndexTx));
      const o = bp.currentByte(bi) + 20;
      const sport = ((u8[o] as number) << 8) | (u8[o + 1] as number);
      const dport = ((u8[o + 2] as number) << 8) | (u8[o + 3] as number);
      threads[i] = flowThread(vm.nThreads, ip4Src(bp, bi), sport, ip4Dst(bp, bi), dport);
    }
    vlibBufferEnqueueToThread(vm, ip4InputNode.index, v, threads, f.nVectors);
    return f.nVectors;
  },
});
