// graph/runtime-stats.ts: plain-data snapshots of a thread's node statistics and counters,
// what `show runtime` and `show threads` print. Plain data so they cross threads (structured
// clone) and feed the JSON result unchanged.

/** One node's row for `show runtime`. All counts are since the last `clear runtime`. */
export interface NodeStatsRow {
  readonly name: string;
  /** NodeType value (graph/node.ts). */
  readonly type: number;
  /**
   * The state as VPP words it, before column truncation: `active` (internal), `polling`,
   * `interrupt wait`, `disabled` (input-like), or a process state (`any wait`, `clock wait`,
   * `event wait`, `not started`, `running`, `suspended`, `one time event wait`, `yield`).
   */
  readonly state: string;
  /** True for process nodes: VPP HEAD prints their state in double quotes. */
  readonly isProcess: boolean;
  readonly calls: number;
  readonly vectors: number;
  readonly suspends: number;
  /** Time spent in the node, ns (VPP: CPU clocks). */
  readonly clocks: number;
  /** Longest single call, ns (`max_clock`). */
  readonly maxClock: number;
  /** Vectors of that longest call (`max_clock_n`). */
  readonly maxClockN: number;
  /** Process nodes: events were signalled and not yet taken (`show runtime` adds a line). */
  readonly eventsPending?: boolean;
}

/** One thread's block of `show runtime`. */
export interface ThreadRuntimeStats {
  readonly threadIndex: number;
  /** `vpp_main`, `vpp_wk_0`, … */
  readonly name: string;
  /** lcore label from the cpu stanza, or -1 when unknown (VPP omits "(lcore …)" then). */
  readonly cpuId: number;
  /** Seconds since the last `clear runtime` (VPP: `Time %.1f`). */
  readonly timeSec: number;
  /** Stats segment update interval, seconds (VPP default 10). */
  readonly statsUpdateIntervalSec: number;
  /** Internal vectors / internal calls since clear (`vlib_internal_node_vector_rate`). */
  readonly internalNodeVectorRate: number;
  /** EWMA of main loops per second (`vm->loops_per_second`). */
  readonly loopsPerSec: number;
  /** Vectors per second since clear: input (and handoff) nodes, output, drop and punt nodes. */
  readonly vectorRateIn: number;
  readonly vectorRateOut: number;
  readonly vectorRateDrop: number;
  readonly vectorRatePunt: number;
  /** Every node of the thread, in any order (the formatter sorts by name). */
  readonly nodes: readonly NodeStatsRow[];
}

/** One thread's row of `show threads` (VPP HEAD columns). */
export interface ThreadCountersRow {
  readonly id: number;
  readonly name: string;
  /** Host thread id (Linux LWP) where known, else 0. */
  readonly lwp: number;
  /** lcore label, -1 when unknown. */
  readonly cpu: number;
  /** Scheduling policy and priority as VPP prints it: `other (0)`. */
  readonly sched: string;
  /** Main loops (`main_loop_count`). */
  readonly loops: number;
  /** epoll_wait calls (`epoll_waits`). */
  readonly epolls: number;
  /** Blocking sleeps (`sleep_count`). */
  readonly sleeps: number;
  /** Sleeps ended by an fd event (`sleep_fd_event_count`). */
  readonly fdWakeups: number;
  /** Wakeup requests while the thread slept (`wakeup_request_count`). */
  readonly wakeReq: number;
  /** Wakeup eventfd writes (`wakeup_count`). */
  readonly wakeups: number;
}
