// nodes/tcp4-input.ts: each segment through TCP's state machine (src/session/tcp-input.ts); then,
// once per frame, the ACKs it owes, the apps told of new data, the segments made staged for
// tcp4-output; the received buffers go to error-drop (a RST answer reuses its buffer).
// Models: src/vnet/tcp/tcp_input.c (tcp4-listen, tcp4-syn-sent, tcp4-rcv-process,
// tcp4-established in one node; tcp_send_acks, session_main_flush_enqueue_events).

import { defineNode, NodeType } from '../graph/node.js';
import { interfaceByIndex, kVnetSwIfIndexRx } from '../src/session/net.js';
import { tcpInputSegment } from '../src/session/tcp-input.js';
import { tcpSendAcks } from '../src/session/tcp-output.js';
import { type TcpNodeData, tcpNodeDataInit } from './tcp-node-data.js';

export const tcp4InputNode = defineNode<TcpNodeData>({
  name: 'tcp4-input',
  type: NodeType.Internal,
  nextNodes: ['error-drop'],
  init: () => tcpNodeDataInit(),
  dispatch (vm, rt, f) {
    const tm = rt.data.tm;
    if (f === null || tm === null) return 0;
    const bp = tm.bp;
    const v = f.vectors;
    const drop = rt.data.bufs;
    let nDrop = 0;
    for (let i = 0; i < f.nVectors; i++) {
      const bi = v[i] as number;
      const fib = interfaceByIndex(tm.net, bp.opaque(bi, kVnetSwIfIndexRx))?.fibIndex ?? 0;
      if (!tcpInputSegment(tm, vm, bi, fib)) drop[nDrop++] = bi;
    }
    tcpSendAcks(tm, vm);
    tm.sm.ops.flushEnqueueEvents(vm);
    tm.flushOutput(vm);
    if (nDrop > 0) vm.enqueueToSingleNext(rt, 0, drop, nDrop);
    return f.nVectors;
  },
});
