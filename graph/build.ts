// graph/build.ts: turns node registrations into a graph: names to indices, checks, runtime
// indices per type. Checked once here, so the dispatch loop never re-checks.
// Models: src/vlib/node.c vlib_register_node, vlib_node_main_init (next-node resolution).

import { GraphError } from '../src/errors.js';
import { type NodeDef, type NodeIndex, NodeType, nodeTypeAttrs, N_NODE_TYPES } from './node.js';

/** A built graph: the same on every thread of a run. */
export interface Graph {
  /** Node definitions by NodeIndex. */
  readonly nodes: readonly NodeDef<unknown>[];
  /** Node indices of each type, in runtime-index order (registration order). */
  readonly nodesByType: readonly (readonly NodeIndex[])[];
  /** Runtime index of each node within its type. */
  readonly runtimeIndex: Int32Array;
  /** Next node indices of each node, by edge. */
  readonly nextNodes: readonly Int32Array[];
  /** 32-bit interrupt words each node type needs (0 for types that take no interrupts). */
  readonly interruptWords: readonly number[];
  /** Nodes with a handoff queue, by queue index (at most 32: one pending bit each). */
  readonly handoffNodes: readonly NodeIndex[];
  /** Handoff queue index of each node, -1 if none. */
  readonly handoffQueueOf: Int32Array;
  /** First error counter of each node among all nodes' counters (`n->error_heap_index`). */
  readonly errorIndex: Int32Array;
  /** Error counters of all nodes together (per thread). */
  readonly nErrors: number;
}

/**
 * Builds a graph from node definitions, in the given order (which fixes node indices and the
 * order nodes of one type are dispatched). Sets `def.index` on each definition.
 * Throws GraphError: `ERR_GRAPH_DUPLICATE_NODE`, `ERR_GRAPH_UNKNOWN_NEXT`, `ERR_GRAPH_NEXT_NOT_INTERNAL`,
 * `ERR_GRAPH_BAD_REGISTRATION`.
 */
export function buildGraph (nodes: readonly NodeDef<unknown>[]): Graph {
  const byName = new Map<string, number>();
  nodes.forEach((d, i) => {
    const r = d.reg;
    if (byName.has(r.name)) throw new GraphError('ERR_GRAPH_DUPLICATE_NODE', `node '${r.name}' is registered twice`);
    byName.set(r.name, i);
    const isProcess = nodeTypeAttrs[r.type]?.isProcess;
    if (isProcess === undefined) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `node '${r.name}': unknown type ${r.type}`);
    if (isProcess && r.process === undefined) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `process node '${r.name}' has no process function`);
    if (!isProcess && r.dispatch === undefined) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `node '${r.name}' has no dispatch function`);
    if (!isProcess && r.process !== undefined) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `node '${r.name}' is not a process but has a process function`);
    if (r.type === NodeType.Internal && r.state !== undefined && r.state !== 0) {
      throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `internal node '${r.name}' cannot start in a state other than POLLING`);
    }
  });

  const nodesByType: NodeIndex[][] = Array.from({ length: N_NODE_TYPES }, () => []);
  const runtimeIndex = new Int32Array(nodes.length);
  nodes.forEach((d, i) => {
    const list = nodesByType[d.reg.type] as NodeIndex[];
    runtimeIndex[i] = list.length;
    list.push(i as NodeIndex);
    d.index = i as NodeIndex;
  });

  const nextNodes = nodes.map((d) => {
    const names = d.reg.nextNodes ?? [];
    const out = new Int32Array(names.length);
    names.forEach((n, e) => {
      const j = byName.get(n);
      if (j === undefined) throw new GraphError('ERR_GRAPH_UNKNOWN_NEXT', `node '${d.reg.name}': next node '${n}' (edge ${e}) is not registered`);
      if (nodes[j]?.reg.type !== NodeType.Internal) {
        throw new GraphError('ERR_GRAPH_NEXT_NOT_INTERNAL', `node '${d.reg.name}': next node '${n}' is not an internal node; only internal nodes take frames`);
      }
      out[e] = j;
    });
    return out;
  });

  const interruptWords = nodesByType.map((list, t) =>
    nodeTypeAttrs[t]?.mayReceiveInterrupts === true ? Math.max(1, Math.ceil(list.length / 32)) : 0);

  const handoffNodes: NodeIndex[] = [];
  const handoffQueueOf = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((d, i) => {
    if (d.reg.handoffQueue !== true) return;
    if (d.reg.type !== NodeType.Internal) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', `node '${d.reg.name}': only internal nodes take handed-off frames`);
    handoffQueueOf[i] = handoffNodes.length;
    handoffNodes.push(i as NodeIndex);
  });
  if (handoffNodes.length > 32) throw new GraphError('ERR_GRAPH_BAD_REGISTRATION', 'more than 32 nodes with handoff queues');

  const errorIndex = new Int32Array(nodes.length);
  let nErrors = 0;
  nodes.forEach((d, i) => { errorIndex[i] = nErrors; nErrors += d.reg.errors?.length ?? 0; });

  return { nodes, nodesByType, runtimeIndex, nextNodes, interruptWords, handoffNodes, handoffQueueOf, errorIndex, nErrors };
}
