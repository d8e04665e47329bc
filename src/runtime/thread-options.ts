// src/runtime/thread-options.ts: the options every vlib thread of a run shares, whichever clock.

/** Per-run thread options (real and virtual runs alike). */
export interface ThreadRunOptions {
  /** Thread names by index (default VPP's: `vpp_main`, `vpp_wk_0`, …). */
  readonly threadNames?: readonly string[];
  /** lcore labels by thread, -1 for none. */
  readonly cpuIds?: readonly number[];
  /** VPP ≤ v25.02's dispatch order (see graph/main-loop.ts). */
  readonly legacyDispatchOrder?: boolean;
  /** `unix { poll-sleep-usec N }` on main, µs. */
  readonly pollSleepUsec?: number;
  /** Event log ring size per thread, events (default 65536). */
  readonly elogCapacity?: number;
  /** Log every node dispatch. */
  readonly elogDispatch?: boolean;
  /** Records per worker→main RPC ring (default 1024). */
  readonly rpcRingSize?: number;
}
