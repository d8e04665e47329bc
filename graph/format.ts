// graph/format.ts: `show runtime` and `show threads` as VPP HEAD prints them, byte for byte,
// from the plain-data snapshots of graph/runtime-stats.ts.
// Models: src/vlib/node_cli.c (show_node_runtime, format_vlib_node_stats,
// format_vlib_node_state), src/vlib/threads_cli.c show_threads_fn, src/vlib/cli.c
// vlib_cli_output. The format strings below are VPP's, so they can be diffed against node_cli.c.

import { NodeType } from './node.js';
import type { NodeStatsRow, ThreadCountersRow, ThreadRuntimeStats } from './runtime-stats.js';
import { formatTable, TableAlign, vppFormat } from './vpp-format.js';

/**
 * `show runtime [time] [brief] [verbose] [max] [summary]`, as flags.
 * Models: src/vlib/node_cli.c show_node_runtime argument parsing.
 */
export interface ShowRuntimeOptions {
  /**
   * Hide nodes with zero calls and zero suspends since the last clear. Default true, as in VPP,
   * where `brief` is also the default; `false` shows every node, like `verbose`.
   */
  readonly brief?: boolean;
  /** Show every node, zero rows included. Wins over `brief`, as VPP parses `verbose` after it. */
  readonly verbose?: boolean;
  /** The `max` variant: Max Node Clocks, Vectors at Max, Max Clocks, Avg Clocks, Avg Vectors/Call. */
  readonly max?: boolean;
  /**
   * The `time` variant: headers `Packet-Time` / `Avg Time (ns)`. VPP converts its clocks to ns
   * for that column; vppsim's clocks are ns already, so only the header text changes.
   */
  readonly time?: boolean;
  /** The `summary` variant: per-thread header lines only, no node table. */
  readonly summary?: boolean;
}

/**
 * Ends `s` with `\n` unless it is empty or already does, as every CLI print does.
 * Models: src/vlib/cli.c vlib_cli_output.
 */
export function cliOutput (s: string): string {
  return s.length > 0 && !s.endsWith('\n') ? s + '\n' : s;
}

/**
 * The State column text of a node, before the column truncates it: `active` for internal nodes,
 * the process state in literal double quotes for processes (VPP HEAD stringifies the state
 * table's string literals: `"any wait"`), else the input state (`polling`, `interrupt wait`,
 * `disabled`) as given. Models: src/vlib/node_cli.c format_vlib_node_state.
 */
export function formatVlibNodeState (row: NodeStatsRow): string {
  if (row.isProcess || row.type === NodeType.Process) return `"${row.state}"`;
  if (row.type === NodeType.Internal) return 'active';
  return row.state;
}

/**
 * One `show runtime` table line, without its newline; `null` gives the column header.
 * Normal: `%-30v%=12U%16Ld%16Ld%16Ld%16.2e%16.2f` = name (cut at 30), state (cut at 12, so
 * `interrupt wait` prints `interrupt wa`), calls, vectors, suspends, clocks per vector (else
 * per call, else per suspend, else 0; ns in vppsim), vectors per call (0 without calls).
 * `max`: `%-30v%=17.2e%=16d%=16.2e%=16.2e%=16.2e` = name, longest call, its vectors, longest
 * call per vector, average clocks, average vectors per call. A process row with
 * `eventsPending: true` gets a second line `    events pending, `.
 * Models: src/vlib/node_cli.c format_vlib_node_stats.
 */
export function formatVlibNodeStats (
  row: NodeStatsRow | null,
  opts: Pick<ShowRuntimeOptions, 'max' | 'time'> = {},
): string {
  const max = opts.max === true;
  const time = opts.time === true;
  if (row === null) {
    if (max) {
      return vppFormat('%=30s%=17s%=16s%=16s%=16s%=16s', 'Name', 'Max Node Clocks', 'Vectors at Max',
        'Max Clocks', time ? 'Avg Time (ns)' : 'Avg Clocks', 'Avg Vectors/Call');
    }
    return vppFormat('%=30s%=12s%=16s%=16s%=16s%=16s%=16s', 'Name', 'State', 'Calls', 'Vectors',
      'Suspends', time ? 'Packet-Time' : 'Packet-Clocks', 'Vectors/Call');
  }

  const l = Math.trunc(row.clocks); // VPP's clock counters are u64
  const c = row.calls;
  const p = row.vectors;
  const d = row.suspends;
  const x = p > 0 ? l / p : c > 0 ? l / c : d > 0 ? l / d : 0;
  const v = c > 0 ? p / c : 0;

  let s: string;
  if (max) {
    const maxcn = row.maxClockN !== 0 ? row.maxClock / row.maxClockN : 0;
    s = vppFormat('%-30v%=17.2e%=16d%=16.2e%=16.2e%=16.2e', row.name, row.maxClock, row.maxClockN,
      maxcn, x, v);
  } else {
    // VPP writes %=12U with format_vlib_node_state, which prints "%s": the same as %=12s here.
    s = vppFormat('%-30v%=12s%16Ld%16Ld%16Ld%16.2e%16.2f', row.name, formatVlibNodeState(row),
      c, p, d, x, v);
  }
  // VPP: a process whose `non_empty_event_type_bitmap` is not zero. The indent is 0:
  // vlib_cli_output formats into a new vector.
  const isProcess = row.isProcess || row.type === NodeType.Process;
  if (isProcess && row.eventsPending === true) {
    s += '\n' + ' '.repeat(4) + 'events pending, ';
  }
  return s;
}

const byName = (a: NodeStatsRow, b: NodeStatsRow): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0; // vec_cmp: bytes, then the shorter first

/**
 * The whole `show runtime` output, every line ending in `\n`. Per thread: when there is more
 * than one thread, `---------------` before every thread but the first and
 * `Thread %d %s (lcore %u)` (no lcore part when `cpuId` is -1); then
 * `Time %.1f, %f sec internal node vector rate %.2f loops/sec %.2f`,
 * `  vector rates in %.4e, out %.4e, drop %.4e, punt %.4e`, the column header and the nodes
 * sorted by name. Brief (the default) skips nodes with zero calls and zero suspends.
 * Models: src/vlib/node_cli.c show_node_runtime.
 */
export function formatShowRuntime (threads: readonly ThreadRuntimeStats[], opts: ShowRuntimeOptions = {}): string {
  const brief = opts.verbose === true ? false : opts.brief ?? true;
  let out = '';
  for (let j = 0; j < threads.length; j++) {
    const t = threads[j]!;
    if (threads.length > 1) {
      if (j > 0) out += cliOutput('---------------');
      out += cliOutput(t.cpuId > -1
        ? vppFormat('Thread %d %s (lcore %u)', t.threadIndex, t.name, t.cpuId)
        : vppFormat('Thread %d %s', t.threadIndex, t.name));
    }
    out += cliOutput(vppFormat(
      'Time %.1f, %f sec internal node vector rate %.2f loops/sec %.2f\n' +
      '  vector rates in %.4e, out %.4e, drop %.4e, punt %.4e',
      t.timeSec, t.statsUpdateIntervalSec, t.internalNodeVectorRate, t.loopsPerSec,
      t.vectorRateIn, t.vectorRateOut, t.vectorRateDrop, t.vectorRatePunt));
    if (opts.summary === true) continue;
    out += cliOutput(formatVlibNodeStats(null, opts));
    const nodes = [...t.nodes].sort(byName);
    for (const row of nodes) {
      if (row.calls !== 0 || row.suspends !== 0 || !brief) out += cliOutput(formatVlibNodeStats(row, opts));
    }
  }
  return out;
}

/**
 * `show threads` as VPP HEAD prints it (since commit cffa3a61fdf): a format_table table with
 * columns `ID Name LWP CPU Sched Loops Epolls Sleeps FdWakeups WakeReq Wakeups`, each as wide as
 * its widest cell and one space apart, headers centred, Name and Sched left-aligned, the rest
 * right-aligned; every line ends in `\n`. Loops is VPP's u32 `main_loop_count` printed `%u`, so
 * it wraps at 2^32. VPP also colours the header and resets after every cell (ANSI escapes,
 * as `no_ansi` is clear); vppsim prints plain text.
 * Models: src/vlib/threads_cli.c show_threads_fn, src/vppinfra/format_table.c format_table.
 */
export function formatShowThreads (rows: readonly ThreadCountersRow[]): string {
  return cliOutput(formatTable({
    header: ['ID', 'Name', 'LWP', 'CPU', 'Sched', 'Loops', 'Epolls', 'Sleeps', 'FdWakeups', 'WakeReq', 'Wakeups'],
    rows: rows.map((r) => [
      vppFormat('%d', r.id),
      { text: r.name, align: TableAlign.Left },
      vppFormat('%d', r.lwp),
      vppFormat('%d', r.cpu),
      { text: r.sched, align: TableAlign.Left },
      vppFormat('%u', r.loops),
      vppFormat('%llu', r.epolls),
      vppFormat('%llu', r.sleeps),
      vppFormat('%llu', r.fdWakeups),
      vppFormat('%llu', r.wakeReq),
      vppFormat('%llu', r.wakeups),
    ]),
  }));
}
