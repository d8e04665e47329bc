// nodes/ip4-input.ts: packets received (handed off here by loopback-tx): those to a local
// address carrying TCP go to tcp4-input, the rest are dropped. Models: src/vnet/ip/ip4_input.c
// ip4_input_inline with ip4-lookup → ip4-local → tcp4-input folded in (the simulated network
// checks nothing else).

import { defineNode, NodeType } from '../graph/node.js';
import { IpProto, ip4Dst, ip4Proto, isLocalIp4 } from '../src/session/net.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

/** Errors (`IP4_ERROR_*`). */
export const Ip4InputError = { DstLookupMiss: 0, UnknownProtocol: 1 } as const;

export const ip4InputNode = defineNode<TcpNodeData>({
  name: 'ip4-input',
  type: NodeType.Internal,
  nextNodes: ['tcp4-input', 'error-drop'],
  errors: ['ip4 destination lookup miss', 'unknown ip protocol'],
  handoffQueue: true,
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const v = f.vectors;
    const nexts = rt.data.nexts;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      if (isLocalIp4(tm.net, ip4Dst(bp, bi)) === null) {
        nexts[i] = 1;
        rt.countError(Ip4InputError.DstLookupMiss);
      } else if (ip4Proto(bp, bi) !== IpProto.Tcp) {
        nexts[i] = 1;
        rt.countError(Ip4InputError.UnknownProtocol);
      } else {
        nexts[i] = 0;
      }
    }
    vm.enqueueToNext(rt, v, nexts, f.nVectors);
    return f.nVectors;
  },
});
