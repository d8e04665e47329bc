// nodes/tcp-node-data.ts: the per-thread runtime data of the packet nodes TCP's segments pass
// through: the realm's TcpMain (set when TCP is set up on the thread) and scratch vectors
// allocated once, so dispatch allocates nothing.

import { VLIB_FRAME_SIZE } from '../graph/frame.js';
import type { TcpMain } from '../src/session/tcp-main.js';

/** Runtime data of tcp4-output, ip4-lookup, interface-output, loopback-tx, ip4-input, tcp4-input, error-drop. */
export interface TcpNodeData {
  tm: TcpMain | null;
  /** Next edge per buffer (`vlib_buffer_enqueue_to_next`'s nexts). */
  readonly nexts: Uint16Array;
  /** Target thread per buffer (handoff). */
  readonly threads: Uint16Array;
  /** Buffers to free. */
  readonly bufs: Uint32Array;
}

/** A fresh TcpNodeData (node `init`). */
export function tcpNodeDataInit (): TcpNodeData {
  return {
    tm: null,
    nexts: new Uint16Array(VLIB_FRAME_SIZE),
    threads: new Uint16Array(VLIB_FRAME_SIZE),
    bufs: new Uint32Array(VLIB_FRAME_SIZE),
  };
}
