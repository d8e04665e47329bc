// nodes/error-drop.ts: frees the buffers it is given (counted by `show runtime`; the reasons are
// the counters of the nodes that sent them). Models: src/vlib/drop.c error-drop.

import { defineNode, NodeFlag, NodeType } from '../graph/node.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

export const errorDropNode = defineNode<TcpNodeData>({
  name: 'error-drop',
  type: NodeType.Internal,
  flags: NodeFlag.IsDrop,
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null) return 0;
    if (tm !== null) tm.wrk(vm.threadIndex).bpt.free(f.vectors, f.nVectors);
    return f.nVectors;
  },
});
