// nodes/ip4-lookup.ts: the destination's route in the packet's table (sw_if_index[VLIB_TX] holds
// the table on the way in, the outgoing interface on the way out); no route: dropped.
// Models: src/vnet/ip/ip4_forward.c ip4_lookup_inline (and ip4-rewrite, folded in: the
// simulated interfaces need no L2 header).

import { defineNode, NodeType } from '../graph/node.js';
import { fibLookup, ip4Dst, kVnetSwIfIndexTx } from '../src/session/net.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

/** Errors: `IP4_ERROR_*` that vppsim uses. */
export const Ip4LookupError = { DstLookupMiss: 0 } as const;

export const ip4LookupNode = defineNode<TcpNodeData>({
  name: 'ip4-lookup',
  type: NodeType.Internal,
  nextNodes: ['interface-output', 'error-drop'],
  errors: ['ip4 destination lookup miss'],
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const v = f.vectors;
    const nexts = rt.data.nexts;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      const itf = fibLookup(tm.net, bp.opaque(bi, kVnetSwIfIndexTx), ip4Dst(bp, bi));
      if (itf === null) {
        nexts[i] = 1;
        rt.countError(Ip4LookupError.DstLookupMiss);
      } else {
        nexts[i] = 0;
        bp.setOpaque(bi, kVnetSwIfIndexTx, itf.swIfIndex);
      }
    }
    vm.enqueueToNext(rt, v, nexts, f.nVectors);
    return f.nVectors;
  },
});
