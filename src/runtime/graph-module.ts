// src/runtime/graph-module.ts: what a thread imports to learn its graph. A run names one module;
// every thread (and the orchestrator, to size shared memory) imports it, so node indices agree.

import type { VlibMain } from '../../graph/main-loop.js';
import type { NodeDef } from '../../graph/node.js';
import { VppsimError } from '../errors.js';

/** A graph module: its nodes in order, and optional per-thread set-up. */
export interface GraphModule {
  /** Node definitions, in the order that fixes node and runtime indices. */
  readonly nodes: readonly NodeDef<unknown>[];
  /** Called on each vlib thread after its VlibMain is built, with the run's user data. */
  readonly setup?: (vm: VlibMain, user: unknown) => void;
  /** Called on each vlib thread when the run stops; what it returns is the thread result's `extra` (structured-clonable). */
  readonly result?: (vm: VlibMain) => unknown;
}

function isGraphModule (m: unknown): m is GraphModule {
  if (typeof m !== 'object' || m === null) return false;
  const nodes: unknown = Reflect.get(m, 'nodes');
  const setup: unknown = Reflect.get(m, 'setup');
  const result: unknown = Reflect.get(m, 'result');
  return Array.isArray(nodes) && (setup === undefined || typeof setup === 'function') && (result === undefined || typeof result === 'function');
}

/** Imports a graph module by file URL. Throws VppsimError `ERR_GRAPH_MODULE` if it is not one. */
export async function loadGraphModule (url: string): Promise<GraphModule> {
  const m: unknown = await import(url);
  if (!isGraphModule(m)) throw new VppsimError('ERR_GRAPH_MODULE', `${url} does not export 'nodes' (and optionally 'setup' and 'result' functions)`);
  return m;
}
