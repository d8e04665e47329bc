// src/bench/floors-format.ts: this machine's floors (floors.ts) as a markdown table, one row per
// figure with how it was measured, for `vppsim bench` reports and bench/run-all.ts.

import type { Floors, OneWayLatencyFloor, RingThroughputFloor, TimerOvershootFloor } from './floors.js';
import { type Cell, formatSi, markdownTable } from './report-format.js';

const count = (n: number): string => n.toLocaleString('en-US');

const ringRow = (r: RingThroughputFloor): Cell[] => [
  `raw SAB SPSC ring, ${r.batch === 1 ? 'unbatched' : `batch ${r.batch}`}, 2 threads, consumer polling`,
  formatSi(r.msgsPerSec, 'msg/s'), '', '',
  `median of ${r.samples} runs of ${count(r.msgsPerRun)} × ${r.payloadBytes} B ` +
    `(${formatSi(r.minMsgsPerSec, 'msg/s')} … ${formatSi(r.maxMsgsPerSec, 'msg/s')}), ${r.capacitySlots} slots`,
];

const latencyRow = (name: string, l: OneWayLatencyFloor): Cell[] => [
  name, formatSi(l.medianNs, 'ns'), formatSi(l.p99Ns, 'ns'), formatSi(l.p999Ns, 'ns'),
  `${count(l.samples)} round trips / 2 (after ${count(l.warmupSamples)} not kept)`,
];

const timerRow = (t: TimerOvershootFloor): Cell[] => [
  `Atomics.wait timeout ${formatSi(t.timeoutNs, 'ns')}: overshoot, 1 thread`,
  formatSi(t.medianOvershootNs, 'ns'), formatSi(t.p99OvershootNs, 'ns'), '',
  `${count(t.samples)} waits (max ${formatSi(t.maxOvershootNs, 'ns')}), CPU ${Number.isFinite(t.cpuNsPerWait) ? formatSi(t.cpuNsPerWait, 'ns') : '?'} per wait`,
];

/**
 * One row per floor: figure, median (or the rate), p99, p99.9, how measured; then a line naming
 * the machine. Ends with a newline.
 */
export function formatFloors (f: Floors): string {
  const d = f.dispatch;
  const rows: Cell[][] = [
    ringRow(f.ringUnbatched),
    ringRow(f.ringBatched),
    latencyRow('Atomics.wait/notify one-way latency, 2 threads', f.waitNotifyLatency),
    latencyRow('busy-poll one-way latency, 2 threads', f.busyPollLatency),
    ['JS dispatch floor: per node call (1 vector), 1 thread', formatSi(d.perCallNs, 'ns'), '', '',
      `median of ${d.samples} samples × ${count(d.itersAt1)} loops of ${d.callsPerLoop} calls (loop ${formatSi(d.loopNsAt1, 'ns')})`],
    ['JS dispatch floor: per vector element, 1 thread', formatSi(d.perElementNs, 'ns'), '', '',
      `(loop at ${d.frameVectors} − loop at 1) / (${d.callsPerLoop} × ${d.frameVectors - 1}); ` +
      `${d.samples} samples × ${count(d.itersAtFrame)} loops at ${d.frameVectors}`],
    timerRow(f.timerWait1ms),
    timerRow(f.timerWait100us),
    timerRow(f.timerWait10ms),
  ];
  const table = markdownTable(['floor', 'median / rate', 'p99', 'p99.9', 'measured'], rows, ['left', 'right', 'right', 'right', 'left']);
  return `${table}node ${f.node}, ${f.nCpus} CPUs, ${f.quick ? 'quick' : 'full'} run of ${formatSi(f.wallMs * 1e6, 'ns')}\n`;
}
