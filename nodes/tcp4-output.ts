// nodes/tcp4-output.ts: segments TCP built (headers already pushed) go to ip4-lookup with the
// connection's table in sw_if_index[VLIB_TX], as VPP's tcp4-output leaves them.
// Models: src/vnet/tcp/tcp_output.c tcp46_output_inline (tcp4-output).

import { defineNode, NodeType } from '../graph/node.js';
import { ip4Src, isLocalIp4, kVnetSwIfIndexTx } from '../src/session/net.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

export const tcp4OutputNode = defineNode<TcpNodeData>({
  name: 'tcp4-output',
  type: NodeType.Internal,
  nextNodes: ['ip4-lookup'],
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const v = f.vectors;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      // the table to look the destination up in: the source interface's (tc->c_fib_index)
      bp.setOpaque(bi, kVnetSwIfIndexTx, isLocalIp4(tm.net, ip4Src(bp, bi))?.fibIndex ?? 0);
    }
    vm.enqueueToSingleNext(rt, 0, v, f.nVectors);
    return f.nVectors;
  },
});
