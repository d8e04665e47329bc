// graph/node.ts: node types, states, registrations and the per-thread node runtime.
// Models: src/vlib/node.h (vlib_node_type_t, node_type_attrs, foreach_vlib_node_state,
// vlib_node_registration_t, vlib_node_runtime_t).

import type { Frame } from './frame.js';
import type { VlibMain } from './main-loop.js';

/** Index of a node in a built graph (`vlib_node_t.index`). Same on every thread of a run. */
export type NodeIndex = number & { readonly __brand: 'NodeIndex' };
/** Sentinel for "no node" (`~0` in VPP). */
export const NODE_INDEX_INVALID = -1 as NodeIndex;

/**
 * Node types in VPP's enum order. The main loop walks them in this order at HEAD, so the
 * order is behaviour, not cosmetics. Models: src/vlib/node.h vlib_node_type_t.
 */
export const NodeType = { Internal: 0, Input: 1, PreInput: 2, Process: 3, Sched: 4 } as const;
export type NodeType = (typeof NodeType)[keyof typeof NodeType];
/** Number of node types (`VLIB_N_NODE_TYPE`). */
export const N_NODE_TYPES = 5;

/** What each node type may do. Models: src/vlib/node.h node_type_attrs. */
export interface NodeTypeAttrs {
  readonly name: string;
  readonly canBePolled: boolean;
  readonly mayReceiveInterrupts: boolean;
  readonly canBeDisabled: boolean;
  readonly isProcess: boolean;
  readonly supportsAdaptiveMode: boolean;
  readonly decrementMainLoopsPerCallIfPolling: boolean;
}

/** One table, indexed by {@link NodeType}. */
export const nodeTypeAttrs: readonly NodeTypeAttrs[] = [
  { name: 'internal', canBePolled: false, mayReceiveInterrupts: false, canBeDisabled: false, isProcess: false, supportsAdaptiveMode: false, decrementMainLoopsPerCallIfPolling: false },
  { name: 'input', canBePolled: true, mayReceiveInterrupts: true, canBeDisabled: true, isProcess: false, supportsAdaptiveMode: true, decrementMainLoopsPerCallIfPolling: true },
  { name: 'pre-input', canBePolled: true, mayReceiveInterrupts: true, canBeDisabled: true, isProcess: false, supportsAdaptiveMode: false, decrementMainLoopsPerCallIfPolling: true },
  { name: 'process', canBePolled: false, mayReceiveInterrupts: false, canBeDisabled: true, isProcess: true, supportsAdaptiveMode: false, decrementMainLoopsPerCallIfPolling: false },
  { name: 'sched', canBePolled: false, mayReceiveInterrupts: true, canBeDisabled: true, isProcess: false, supportsAdaptiveMode: false, decrementMainLoopsPerCallIfPolling: false },
];

/**
 * Node states, per thread. POLLING is 0 and the default, as in VPP.
 * Models: src/vlib/node.h foreach_vlib_node_state.
 */
export const NodeState = { Polling: 0, Interrupt: 1, Disabled: 2 } as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];
/** Number of node states (`VLIB_N_NODE_STATE`). */
export const N_NODE_STATES = 3;
/** `show runtime` state strings for input-like nodes (before VPP's `%=12U` truncation). */
export const nodeStateStrings: readonly string[] = ['polling', 'interrupt wait', 'disabled'];

/**
 * Node flags that vppsim uses, with VPP's bit values. Models: src/vlib/node.h VLIB_NODE_FLAG_*.
 */
export const NodeFlag = {
  FrameNoFreeAfterDispatch: 1 << 0,
  IsOutput: 1 << 1,
  IsDrop: 1 << 2,
  IsPunt: 1 << 3,
  IsHandoff: 1 << 4,
  Trace: 1 << 5,
  SwitchFromInterruptToPollingMode: 1 << 6,
  SwitchFromPollingToInterruptMode: 1 << 7,
  TraceSupported: 1 << 8,
  AdaptiveMode: 1 << 9,
} as const;

/** A counter's severity as `show errors` prints it (`sev2str`). Models: src/vlib/counter_types.h vl_counter_severity_e. */
export type ErrorSeverity = 'error' | 'warn' | 'info';

/** Why a node was dispatched. Models: src/vlib/node.h vlib_node_dispatch_reason_t. */
export const DispatchReason = { Unknown: 0, Poll: 1, Interrupt: 2, SchedTimer: 3, PendingFrame: 4 } as const;
export type DispatchReason = (typeof DispatchReason)[keyof typeof DispatchReason];

/**
 * A node function: handles `frame` (internal nodes) or polls its source (input nodes, `frame`
 * is null) and returns the number of vectors it handled, which `show runtime` counts as Vectors.
 * Must not allocate on the hot path.
 */
export type DispatchFn<D> = (vm: VlibMain, rt: NodeRuntime<D>, frame: Frame | null) => number;

/** What a process node yields to suspend itself. See graph/process.ts. */
export interface ProcessWait {
  /** Resume on a signalled event. */
  readonly event: boolean;
  /** Resume after this many seconds (`vlib_process_wait_for_event_or_clock`), or -1 for no clock. */
  readonly clockSeconds: number;
}

/** What a suspended process gets back when it resumes. */
export interface ProcessResume {
  /** True when the clock ran out before an event arrived. */
  readonly timedOut: boolean;
  /** Events signalled since the last resume, oldest first (`vlib_process_get_events`). */
  readonly events: readonly ProcessEvent[];
}

/** One signalled event: VPP's event type (opaque) and one data word. */
export interface ProcessEvent {
  readonly type: number;
  readonly data: number;
}

/** A process node body: a generator that yields waits. Models VPP's process coroutines. */
export type ProcessFn<D> = (vm: VlibMain, rt: NodeRuntime<D>) => Generator<ProcessWait, void, ProcessResume>;

/**
 * A node registration, as `VLIB_REGISTER_NODE`. Omitted fields take VPP's defaults: state
 * POLLING, no next nodes, no errors, no flags. Models: src/vlib/node.h vlib_node_registration_t.
 */
export interface NodeRegistration<D = null> {
  /** Node name as VPP prints it, hyphenated (`session-queue`). */
  readonly name: string;
  readonly type: NodeType;
  /** Initial state on every thread (default POLLING). */
  readonly state?: NodeState;
  /** Next nodes by name; the edge index is the array position. Targets must be INTERNAL nodes. */
  readonly nextNodes?: readonly string[];
  /** Error counter descriptions (`error_strings`), indexed by the node's error code. */
  readonly errors?: readonly string[];
  /** Severity of each error counter (`vlib_error_desc_t.severity`); default `error`. */
  readonly errorSeverities?: readonly ErrorSeverity[];
  /** VLIB_NODE_FLAG_* bits. */
  readonly flags?: number;
  /**
   * Other threads may hand buffers off to this node (`vlib_frame_queue_main_init` /
   * handoff queue main): the graph gives it a handoff queue on every thread.
   */
  readonly handoffQueue?: boolean;
  // The functions below use method syntax on purpose: method parameters are bivariant in
  // TypeScript, so a NodeDef<SessionWorker> can sit in a NodeDef<unknown>[] without casts.
  /** Formats one trace record of this node (`format_trace`). */
  formatTrace?(...args: number[]): string;
  /** Called once per thread when the graph is instantiated; its result becomes `rt.data`. */
  init?(vm: VlibMain, rt: NodeRuntime<D>): D;
  /** The node function (not for PROCESS nodes); see {@link DispatchFn}. */
  dispatch?(vm: VlibMain, rt: NodeRuntime<D>, frame: Frame | null): number;
  /** The process body (PROCESS nodes only); see {@link ProcessFn}. */
  process?(vm: VlibMain, rt: NodeRuntime<D>): Generator<ProcessWait, void, ProcessResume>;
}

/**
 * A registered node: the registration plus its index in the graph being built. The index is
 * assigned by {@link buildGraph} and is the same on every thread of a run.
 */
export class NodeDef<D = null> {
  /** Index in the last graph built with this node, or NODE_INDEX_INVALID. */
  index: NodeIndex = NODE_INDEX_INVALID;
  constructor (readonly reg: NodeRegistration<D>) {}
  get name (): string { return this.reg.name; }
}

/** Defines a node. The registration is checked when a graph is built (graph/build.ts). */
export function defineNode<D = null> (reg: NodeRegistration<D>): NodeDef<D> {
  return new NodeDef(reg);
}

/**
 * Per-thread node runtime: state, next-frame base, statistics. Statistics are kept as JS
 * numbers (exact up to 2^53), so VPP's 32-bit overflow sync is not needed; `clear runtime`
 * snapshots them. Clocks are nanoseconds in vppsim (VPP counts CPU clocks).
 * Models: src/vlib/node.h vlib_node_runtime_t.
 */
export class NodeRuntime<D = null> {
  /** Current state on this thread. Change it only through `vm.setNodeState`. */
  state: NodeState;
  flags: number;
  /** Skip this many POLLING dispatches before the next call (`input_main_loops_per_call`). */
  inputMainLoopsPerCall = 0;
  /** SCHED timer handle, -1 if none, -2 just expired (`stop_timer_handle_plus_1`). */
  schedTimer = -1;
  /** Why the node is being dispatched now (`dispatch_reason`). */
  dispatchReason: DispatchReason = DispatchReason.Unknown;
  /** Runtime data built by the registration's `init`. */
  data: D;
  /** True when tracing is on for this node (`VLIB_NODE_FLAG_TRACE`). */
  tracing = false;
  /** Float64 index of this node's first error counter on this thread (shared memory). */
  errorBase = 0;

  constructor (
    readonly def: NodeDef<D>,
    readonly nodeIndex: NodeIndex,
    /** Index among the nodes of the same type: the interrupt bit and dispatch order. */
    readonly runtimeIndex: number,
    readonly type: NodeType,
    /** First entry of this node's next frames in `vm.nextFrames`. */
    readonly nextFrameIndex: number,
    readonly nNextNodes: number,
    /** Internal runtime index of each next node (frames go to internal nodes only). */
    readonly nextRuntimeIndex: Int32Array,
    /** The run's shared Float64 view, where this node's statistics on this thread live. */
    readonly stats: Float64Array,
    /** First statistics word of this node on this thread (see shared-layout.ts kNs*). */
    readonly statsBase: number,
  ) {
    this.state = def.reg.state ?? NodeState.Polling;
    this.flags = def.reg.flags ?? 0;
    this.data = null as D;
  }

  get name (): string { return this.def.reg.name; }

  /**
   * Adds `n` to error counter `code` (an index into the registration's `errors`) of this node on
   * this thread, in shared memory so main can read every thread's (`show errors`).
   * Models: src/vlib/error_funcs.h vlib_node_increment_counter / vlib_error_count.
   */
  countError (code: number, n = 1): void { this.stats[this.errorBase + code] = (this.stats[this.errorBase + code] as number) + n; }
  /** Error counter `code` of this node on this thread. */
  errorCount (code: number): number { return this.stats[this.errorBase + code] as number; }

  // Statistics since start, in shared memory so main can read every thread's (`stats_total`).
  // Offsets as in shared-layout.ts: calls, vectors, clocks (ns), suspends, max clock, its vectors.
  /** Calls since start. */
  get calls (): number { return this.stats[this.statsBase] as number; }
  /** Vectors since start: the sum of what the node function returned. */
  get vectors (): number { return this.stats[this.statsBase + 1] as number; }
  /** Nanoseconds spent in the node since start. */
  get clocks (): number { return this.stats[this.statsBase + 2] as number; }
  /** Process suspends since start. */
  get suspends (): number { return this.stats[this.statsBase + 3] as number; }
  /** Longest single call since the last clear, ns (`max_clock`). */
  get maxClock (): number { return this.stats[this.statsBase + 4] as number; }
  /** Vectors returned by that call (`max_clock_n`). */
  get maxClockN (): number { return this.stats[this.statsBase + 5] as number; }

  /** Calls the node function. The graph builder guarantees non-process nodes have one. */
  call (vm: VlibMain, frame: Frame | null): number {
    return this.def.reg.dispatch!(vm, this, frame);
  }
}
