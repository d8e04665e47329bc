// nodes/interface-output.ts: hands each packet to its outgoing interface's device: every
// simulated interface is a loopback (loopback-tx). Models: src/vnet/interface_output.c
// vnet_interface_output_node (interface-output → <if>-output → <if>-tx).

import { defineNode, NodeType } from '../graph/node.js';
import { interfaceByIndex, kVnetSwIfIndexTx } from '../src/session/net.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

export const interfaceOutputNode = defineNode<TcpNodeData>({
  name: 'interface-output',
  type: NodeType.Internal,
  nextNodes: ['loopback-tx', 'error-drop'],
  errors: ['interface is down'],
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const v = f.vectors;
    const nexts = rt.data.nexts;
    for (let i = 0; i < f.nVectors; i++) {
      const ok = interfaceByIndex(tm.net, tm.bp.opaque(v[i] as number, kVnetSwIfIndexTx)) !== null;
      nexts[i] = ok ? 0 : 1;
      if (!ok) rt.countError(0);
    }
    vm.enqueueToNext(rt, v, nexts, f.nVectors);
    return f.nVectors;
  },
});
