// `show runtime` and `show threads` output, byte for byte as VPP HEAD prints them.
// Expected text follows src/vlib/node_cli.c (show_node_runtime, format_vlib_node_stats),
// src/vlib/threads_cli.c show_threads_fn and src/vppinfra/format_table.c; every block was also
// checked against VPP's own format()/format_table() built from HEAD. Lines are written as an
// array so that trailing spaces stay visible in review.
import { expect } from 'chai';
import { formatShowRuntime, formatShowThreads, formatVlibNodeState, formatVlibNodeStats } from '../graph/format.js';
import { NodeType } from '../graph/node.js';
import type { NodeStatsRow, ThreadCountersRow, ThreadRuntimeStats } from '../graph/runtime-stats.js';

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');

type RowInit = Pick<NodeStatsRow, 'name' | 'type' | 'state'> & Partial<NodeStatsRow>;
const row = (r: RowInit): NodeStatsRow => ({
  isProcess: r.type === NodeType.Process,
  calls: 0, vectors: 0, suspends: 0, clocks: 0, maxClock: 0, maxClockN: 0,
  ...r,
});

// Thread 0 of a session-layer run, deliberately unsorted. Clocks are totals in ns.
const mainNodes: NodeStatsRow[] = [
  row({ name: 'session-queue', type: NodeType.Input, state: 'interrupt wait', calls: 254, clocks: 304800, maxClock: 5000 }),
  row({ name: 'unix-cli-process-0', type: NodeType.Process, state: 'any wait', suspends: 40, clocks: 2_800_000, maxClock: 90000 }),
  row({ name: 'api-rx-from-ring', type: NodeType.Process, state: 'any wait', suspends: 120, clocks: 2_520_000, maxClock: 40000 }),
  row({ name: 'ip4-lookup', type: NodeType.Internal, state: 'active', calls: 3, vectors: 14, clocks: 205660, maxClock: 120000, maxClockN: 8 }),
  row({ name: 'session-queue-process', type: NodeType.Process, state: 'event wait', suspends: 25, clocks: 87500, maxClock: 9000 }),
  row({ name: 'startup-config-process', type: NodeType.Process, state: 'not started' }),
  row({ name: 'appsl-rx-mqs-input', type: NodeType.Input, state: 'disabled' }),
  row({ name: 'ip6-icmp-neighbor-discovery-event', type: NodeType.Process, state: 'clock wait', suspends: 3, clocks: 9000, maxClock: 4000 }),
];

const mainThread: ThreadRuntimeStats = {
  threadIndex: 0, name: 'vpp_main', cpuId: 1, timeSec: 25.4, statsUpdateIntervalSec: 10,
  internalNodeVectorRate: 14 / 3, loopsPerSec: 60000,
  vectorRateIn: 0, vectorRateOut: 0, vectorRateDrop: 0, vectorRatePunt: 0,
  nodes: mainNodes,
};

// Per-thread header of mainThread: %.1f of 25.4, %f of 10 (6 decimals), %.2f of 14/3 and 60000,
// then four %.4e of 0.
const MAIN_TIME = [
  'Time 25.4, 10.000000 sec internal node vector rate 4.67 loops/sec 60000.00',
  '  vector rates in 0.0000e0, out 0.0000e0, drop 0.0000e0, punt 0.0000e0',
];
// %=30s%=12s%=16s×5: "Name" 13+13, "State" 4+3 (odd pad left), "Calls" 6+5, "Vectors" 5+4,
// "Suspends" 4+4, "Packet-Clocks" 2+1, "Vectors/Call" 2+2: the line ends in two spaces.
const HDR = '             Name                 State         Calls          Vectors        Suspends      Packet-Clocks   Vectors/Call  ';
const HDR_TIME = '             Name                 State         Calls          Vectors        Suspends       Packet-Time    Vectors/Call  ';
// Rows: %-30v name, %=12s state, %16Ld ×3, %16.2e clocks per vector/call/suspend, %16.2f v/c.
// api-rx-from-ring: 2520000/120 suspends = 21000 → 2.10e4.
const R_API = 'api-rx-from-ring               "any wait"                0               0             120          2.10e4            0.00';
// ip4-lookup: 205660/14 vectors = 14690 → 1.46e4 (VPP's %e truncates); 14/3 → 4.67.
const R_IP4 = 'ip4-lookup                       active                  3              14               0          1.46e4            4.67';
// Name cut at 30 and glued to the 12-wide state `"clock wait"`; 9000/3 suspends → 3.00e3.
const R_ND = 'ip6-icmp-neighbor-discovery-ev"clock wait"               0               0               3          3.00e3            0.00';
// `interrupt wait` cut to 12; 304800/254 calls = 1200 → 1.20e3.
const R_SQ = 'session-queue                 interrupt wa             254               0               0          1.20e3            0.00';
const R_SQP = 'session-queue-process         "event wait"               0               0              25          3.50e3            0.00';
const R_CLI = 'unix-cli-process-0             "any wait"                0               0              40          7.00e4            0.00';
// Zero rows (verbose only): all counts 0 → clocks 0.00e0, vectors/call 0.00.
const R_APPSL = 'appsl-rx-mqs-input              disabled                 0               0               0          0.00e0            0.00';
// `"not started"` is 13 characters: %=12 cuts the closing quote.
const R_START = 'startup-config-process        "not started               0               0               0          0.00e0            0.00';

describe('show runtime: format_vlib_node_stats', () => {
  it('returns the column header row for a null node, ending in two spaces', () => {
    expect(formatVlibNodeStats(null)).to.equal(HDR);
    expect(formatVlibNodeStats(null, { time: true })).to.equal(HDR_TIME);
  });

  it('returns the max header row for a null node with max, Avg Time (ns) under time', () => {
    // %=30s%=17s%=16s×4: "Max Node Clocks" 1+1, "Avg Vectors/Call" exactly 16, no trailing space.
    expect(formatVlibNodeStats(null, { max: true })).to.equal(
      '             Name              Max Node Clocks  Vectors at Max    Max Clocks      Avg Clocks   Avg Vectors/Call');
    expect(formatVlibNodeStats(null, { max: true, time: true })).to.equal(
      '             Name              Max Node Clocks  Vectors at Max    Max Clocks     Avg Time (ns) Avg Vectors/Call');
  });

  it('prints clocks per vector, else per call, else per suspend, else 0', () => {
    expect(formatVlibNodeStats(mainNodes[3]!)).to.equal(R_IP4);
    expect(formatVlibNodeStats(mainNodes[0]!)).to.equal(R_SQ);
    expect(formatVlibNodeStats(mainNodes[2]!)).to.equal(R_API);
    expect(formatVlibNodeStats(mainNodes[6]!)).to.equal(R_APPSL);
  });

  it('adds an indented "events pending, " line to a row that carries eventsPending', () => {
    const r = { ...mainNodes[2]!, eventsPending: true };
    expect(formatVlibNodeStats(r)).to.equal(R_API + '\n    events pending, ');
  });
});

describe('show runtime: node state column', () => {
  it('wraps process states in literal double quotes (HEAD stringifies the state literals)', () => {
    expect(formatVlibNodeState(mainNodes[1]!)).to.equal('"any wait"');
    expect(formatVlibNodeState(row({ name: 'p', type: NodeType.Process, state: 'one time event wait' })))
      .to.equal('"one time event wait"');
  });

  it('prints active for internal nodes and the given state for input nodes', () => {
    expect(formatVlibNodeState(row({ name: 'i', type: NodeType.Internal, state: 'polling' }))).to.equal('active');
    expect(formatVlibNodeState(mainNodes[0]!)).to.equal('interrupt wait');
  });
});

describe('show runtime: one thread', () => {
  it('prints the Time lines, the header and the non-zero nodes sorted by name, with no Thread line', () => {
    expect(formatShowRuntime([mainThread], {})).to.equal(lines(
      ...MAIN_TIME, HDR, R_API, R_IP4, R_ND, R_SQ, R_SQP, R_CLI));
  });

  it('hides nodes with zero calls and zero suspends by default and with brief', () => {
    const out = formatShowRuntime([mainThread], { brief: true });
    expect(out).to.equal(formatShowRuntime([mainThread], {}));
    expect(out).not.to.contain('appsl-rx-mqs-input');
    expect(out).not.to.contain('startup-config-process');
  });

  it('shows every node with verbose, even when brief is also set', () => {
    const all = lines(...MAIN_TIME, HDR, R_API, R_APPSL, R_IP4, R_ND, R_SQ, R_SQP, R_START, R_CLI);
    expect(formatShowRuntime([mainThread], { verbose: true })).to.equal(all);
    expect(formatShowRuntime([mainThread], { verbose: true, brief: true })).to.equal(all);
    expect(formatShowRuntime([mainThread], { brief: false })).to.equal(all);
  });

  it('changes only the clocks header with time, since vppsim clocks are already ns', () => {
    expect(formatShowRuntime([mainThread], { time: true })).to.equal(lines(
      ...MAIN_TIME, HDR_TIME, R_API, R_IP4, R_ND, R_SQ, R_SQP, R_CLI));
  });

  it('prints the max columns with max: longest call, its vectors, per vector, averages in %e', () => {
    // %-30v%=17.2e%=16d%=16.2e%=16.2e%=16.2e. ip4-lookup: max 120000 over 8 vectors → 1.50e4;
    // average vectors/call 14/3 in %e → 4.67e0. Centred %e fields leave trailing spaces.
    expect(formatShowRuntime([mainThread], { max: true })).to.equal(lines(
      ...MAIN_TIME,
      '             Name              Max Node Clocks  Vectors at Max    Max Clocks      Avg Clocks   Avg Vectors/Call',
      'api-rx-from-ring                    4.00e4             0            0.00e0          2.10e4          0.00e0     ',
      'ip4-lookup                          1.20e5             8            1.50e4          1.46e4          4.67e0     ',
      'ip6-icmp-neighbor-discovery-ev      4.00e3             0            0.00e0          3.00e3          0.00e0     ',
      'session-queue                       5.00e3             0            0.00e0          1.20e3          0.00e0     ',
      'session-queue-process               9.00e3             0            0.00e0          3.50e3          0.00e0     ',
      'unix-cli-process-0                  9.00e4             0            0.00e0          7.00e4          0.00e0     ',
    ));
  });

  it('prints only the per-thread lines with summary', () => {
    expect(formatShowRuntime([mainThread], { summary: true })).to.equal(lines(...MAIN_TIME));
  });

  it('sorts by byte order, so a name sorts before its extensions and digits before letters', () => {
    const t: ThreadRuntimeStats = {
      ...mainThread,
      nodes: ['session-queue-process', 'session-queue', 'Session', 'session-queue-main', 'a1', 'a-'].map(
        (name) => row({ name, type: NodeType.Internal, state: 'active', calls: 1 })),
    };
    const names = formatShowRuntime([t], {}).split('\n').slice(3, -1).map((l) => l.slice(0, 30).trimEnd());
    expect(names).to.deep.equal(['Session', 'a-', 'a1', 'session-queue', 'session-queue-main', 'session-queue-process']);
  });

  it('returns an empty string for no threads', () => {
    expect(formatShowRuntime([], {})).to.equal('');
  });
});

describe('show runtime: several threads', () => {
  const main2: ThreadRuntimeStats = {
    ...mainThread,
    internalNodeVectorRate: 0,
    nodes: [mainNodes[0]!, { ...mainNodes[2]!, eventsPending: true } as NodeStatsRow],
  };
  const wk0: ThreadRuntimeStats = {
    threadIndex: 1, name: 'vpp_wk_0', cpuId: 2, timeSec: 25.4, statsUpdateIntervalSec: 10,
    internalNodeVectorRate: 1.5, loopsPerSec: 4_500_000,
    vectorRateIn: 100, vectorRateOut: 100, vectorRateDrop: 3.7331e-2, vectorRatePunt: 0,
    nodes: [
      row({ name: 'session-queue', type: NodeType.Input, state: 'polling', calls: 114_300_000, vectors: 2540, clocks: 73_660_000 }),
      row({ name: 'echo-clients', type: NodeType.Input, state: 'polling', calls: 114_300_000, clocks: 35_433_000_000 }),
      row({ name: 'ip4-input', type: NodeType.Internal, state: 'active', calls: 2, vectors: 1, clocks: 1000 }),
      row({ name: 'error-drop', type: NodeType.Internal, state: 'active', calls: 1, vectors: 5 }),
      row({ name: 'appsl-rx-mqs-input', type: NodeType.Input, state: 'interrupt wait' }),
    ],
  };
  // Thread 0 and thread 1 blocks; `---------------` before every thread but the first.
  const MAIN2 = [
    'Thread 0 vpp_main (lcore 1)',
    'Time 25.4, 10.000000 sec internal node vector rate 0.00 loops/sec 60000.00',
    '  vector rates in 0.0000e0, out 0.0000e0, drop 0.0000e0, punt 0.0000e0',
    HDR,
    R_API,
    '    events pending, ', // "\n%U%v": 0 + 4 spaces of indent, then the misc info
    R_SQ,
  ];
  const WK0 = [
    '---------------',
    'Thread 1 vpp_wk_0 (lcore 2)',
    'Time 25.4, 10.000000 sec internal node vector rate 1.50 loops/sec 4500000.00',
    // drop 3.7331e-2 + 0.00005 → 3.7381e-2 at %.4e.
    '  vector rates in 1.0000e2, out 1.0000e2, drop 3.7381e-2, punt 0.0000e0',
    HDR,
    // 35433000000/114300000 calls = 310 → 3.10e2; vectors/call 0.
    'echo-clients                     polling         114300000               0               0          3.10e2            0.00',
    // 0 clocks → 0.00e0; 5/1 → 5.00.
    'error-drop                       active                  1               5               0          0.00e0            5.00',
    // 1 vector per 2 calls → .50 (no leading zero), right-aligned in 16.
    'ip4-input                        active                  2               1               0          1.00e3             .50',
    // 73660000/2540 = 29000 → 2.90e4; 2540/114300000 = 2.2e-5 → 0.00.
    'session-queue                    polling         114300000            2540               0          2.90e4            0.00',
  ];

  it('prints a Thread line per thread and a dashed separator between threads', () => {
    expect(formatShowRuntime([main2, wk0], {})).to.equal(lines(...MAIN2, ...WK0));
  });

  it('omits "(lcore N)" for a thread whose cpuId is -1', () => {
    const wk1: ThreadRuntimeStats = {
      threadIndex: 2, name: 'vpp_wk_1', cpuId: -1, timeSec: 0.04, statsUpdateIntervalSec: 10,
      internalNodeVectorRate: 0, loopsPerSec: 14.69,
      vectorRateIn: 0.00303, vectorRateOut: 0, vectorRateDrop: 0, vectorRatePunt: 0,
      nodes: [row({ name: 'session-queue', type: NodeType.Input, state: 'polling', calls: 10, clocks: 14690 })],
    };
    expect(formatShowRuntime([main2, wk0, wk1], {})).to.equal(lines(...MAIN2, ...WK0,
      '---------------',
      'Thread 2 vpp_wk_1',
      // %.1f of 0.04: 0.04 + 0.05 = 0.09 has no digit at one decimal → 0.0. %.4e of 0.00303 →
      // 3.0800e-3 (absolute rounding), while %.2f of 14.69 is plain 14.69.
      'Time 0.0, 10.000000 sec internal node vector rate 0.00 loops/sec 14.69',
      '  vector rates in 3.0800e-3, out 0.0000e0, drop 0.0000e0, punt 0.0000e0',
      HDR,
      // 14690/10 calls = 1469 → 1.46e3.
      'session-queue                    polling                10               0               0          1.46e3            0.00',
    ));
  });
});

describe('show threads: format_table', () => {
  const rows: ThreadCountersRow[] = [
    { id: 0, name: 'vpp_main', lwp: 4242, cpu: 1, sched: 'other (0)', loops: 123456, epolls: 100, sleeps: 10, fdWakeups: 3, wakeReq: 7, wakeups: 5 },
    { id: 1, name: 'vpp_wk_0', lwp: 4243, cpu: 2, sched: 'other (0)', loops: 246912, epolls: 200, sleeps: 10, fdWakeups: 3, wakeReq: 7, wakeups: 5 },
  ];

  it('sizes columns to the widest cell, centres headers and right-aligns all but Name and Sched', () => {
    // Widths: ID 2, Name 8, LWP 4, CPU 3, Sched 9, Loops 6, then each header's own length.
    // "Name" in 8: 2+2; "LWP" in 4: 0+1; "Sched" in 9: 2+2; "Loops" in 6: 0+1.
    expect(formatShowThreads(rows)).to.equal(lines(
      'ID   Name   LWP  CPU   Sched   Loops  Epolls Sleeps FdWakeups WakeReq Wakeups',
      ' 0 vpp_main 4242   1 other (0) 123456    100     10         3       7       5',
      ' 1 vpp_wk_0 4243   2 other (0) 246912    200     10         3       7       5',
    ));
  });

  it('puts the odd header pad on the right, keeps trailing pads, prints -1 cpus and wraps Loops at 2^32', () => {
    const wide: ThreadCountersRow[] = [
      { ...rows[0]!, cpu: -1, loops: 2 ** 32 + 7 },
      { ...rows[1]!, id: 10, name: 'vpp_wk_long_name', sched: 'fifo (50)', wakeups: 12_345_678 },
    ];
    // "Name" in 16: 6+6; "ID" fits; "Wakeups" in 8: 0 left, 1 right → the header line ends in a
    // space. Loops is the u32 main_loop_count printed %u: 2^32+7 → 7.
    expect(formatShowThreads(wide)).to.equal(lines(
      'ID       Name       LWP  CPU   Sched   Loops  Epolls Sleeps FdWakeups WakeReq Wakeups ',
      ' 0 vpp_main         4242  -1 other (0)      7    100     10         3       7        5',
      '10 vpp_wk_long_name 4243   2 fifo (50) 246912    200     10         3       7 12345678',
    ));
  });

  it('prints the header row alone when there are no threads', () => {
    expect(formatShowThreads([])).to.equal(lines('ID Name LWP CPU Sched Loops Epolls Sleeps FdWakeups WakeReq Wakeups'));
  });
});
