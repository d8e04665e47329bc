// src/bench/mode-bench-report.ts: `vppsim bench`'s outputs: the markdown report (floors, the
// aims as measured, a table per workers × pairs), the JSON (everything), the CSV (a line per
// case × load × figure) and SVG plots of round trip and CPU against offered load, one line per
// mode. Pure functions; the CLI writes the files.

import { formatFloors } from './floors-format.js';
import { BENCH_LOADS, type BenchLoadName } from './mode-bench-config.js';
import { BENCH_FIGURE_INFO, BENCH_FIGURES, type BenchFigure, type BenchStat } from './mode-bench-figures.js';
import type { BenchReport, BenchRow } from './mode-bench.js';
import { type Cell, formatSi, markdownTable, toCsv } from './report-format.js';
import { lineChartSvg } from './svg-plot.js';

const si = (v: number | null, unit: string): string => (v === null ? '–' : formatSi(v, unit));
const pct = (v: number | null): string => (v === null ? '–' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} %`);
const ratio = (v: number | null): string => (v === null ? '' : v >= 100 ? ` (${v.toFixed(0)}×)` : v >= 10 ? ` (${v.toFixed(1)}×)` : ` (${v.toFixed(2)}×)`);
const rate = (v: number | null): string => (v === null ? '–' : v < 1000 ? `${v.toFixed(v < 10 ? 1 : 0)} /s` : formatSi(v, '/s'));
/** Median, and the spread when there were repetitions. */
const spread = (s: BenchStat, f: (v: number | null) => string, reps: number): string =>
  reps > 1 && s.min !== null && s.max !== null ? `${f(s.median)} [${f(s.min)}…${f(s.max)}]` : f(s.median);

const loadName = (r: BenchRow): string => (r.load === 'idle-none' ? 'idle, no session' : r.load);

/** The rows by workers × pairs, in the order they first come. */
function groupRows (rows: readonly BenchRow[]): BenchRow[][] {
  const groups = new Map<string, BenchRow[]>();
  for (const row of rows) {
    const k = `${row.workers}/${row.pairs}`;
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return [...groups.values()];
}

const groupTitle = (r: BenchRow): string => `${r.workers} worker${r.workers === 1 ? '' : 's'}, ${r.pairs} app pair${r.pairs === 1 ? '' : 's'}`;

/** The table of one workers × pairs group: a row per mode, app wait and load. */
function groupTable (rows: readonly BenchRow[]): string {
  const headers = ['mode', 'app wait', 'load', 'msg/s (× ring floor)', 'RTT p50 (× floor)', 'p99', 'p99.9', 'stages 1/2/3 p50',
    'worker CPU (× floor)', 'main CPU', 'apps CPU', 'CPU/M msg', 'worker wakeups', 'transitions'];
  const body: Cell[][] = rows.map((r) => {
    const f = r.figures;
    const n = r.reps;
    if (n === 0) return [r.mode, r.appWait, loadName(r), 'VPP livelock, see below'];
    return [
      r.mode, r.appWait, loadName(r),
      spread(f.msgsPerSec, (v) => (v === null ? '–' : v < 1000 ? v.toFixed(0) : formatSi(v, '')), n) + ratio(r.ratios.msgsPerSec),
      spread(f.rttP50Ns, (v) => si(v, 'ns'), n) + ratio(r.ratios.rttP50Ns),
      si(f.rttP99Ns.median, 'ns'), si(f.rttP999Ns.median, 'ns'),
      [f.stage1P50Ns, f.stage2P50Ns, f.stage3P50Ns].map((s) => si(s.median, 'ns')).join(' / '),
      spread(f.cpuWorkerPct, pct, n) + ratio(r.ratios.cpuWorkerPct),
      pct(f.cpuMainPct.median),
      pct(f.cpuClientsPct.median === null || f.cpuServersPct.median === null ? null : f.cpuClientsPct.median + f.cpuServersPct.median),
      si(f.cpuSecPerMillionMsgs.median, 's'),
      rate(f.workerWakeupsPerSec.median),
      rate(f.transitionsPerSec.median),
    ];
  });
  return markdownTable(headers, body);
}

/** The markdown report. */
export function benchMarkdown (r: BenchReport): string {
  const o = r.options;
  const out: string[] = [];
  out.push('# vppsim bench', '');
  out.push(`${r.startedAt}: node ${r.node}, ${r.nCpus} CPUs; ${o.quick ? 'quick run' : 'full run'}, ${o.reps} repetition${o.reps === 1 ? '' : 's'} ` +
    `(median [min…max]), ${formatSi(o.windowNs, 'ns')} windows, ${o.sizeBytes}-byte messages, ${o.maxInFlight} in flight per client when unpaced; ` +
    `took ${formatSi(r.wallMs * 1e6, 'ns')}.`, '');
  out.push('## Aims', '');
  out.push(markdownTable(['aim', 'measured', 'met'], r.aims.map((a) => [a.name, a.measured, a.met === null ? '–' : a.met ? 'yes' : 'no'])));
  out.push('## This machine\'s floors', '');
  out.push(formatFloors(r.floors));
  for (const rows of groupRows(r.rows)) {
    out.push(`## ${groupTitle(rows[0] as BenchRow)}`, '');
    out.push(groupTable(rows));
    const failed = [...new Set(rows.filter((x) => x.failure !== null).map((x) => `${x.mode}/${x.appWait}: ${x.failure}`))];
    for (const f of failed) out.push(`- ${f.length > 400 ? `${f.slice(0, 400)}…` : f}`);
    if (failed.length > 0) out.push('');
  }
  const overlaps = r.runs.flatMap((run) => run.windows.filter((w) => w.noSleepOverlapNs > 0)
    .map((w) => `${run.case.mode}/${run.case.appWait} w${run.case.workers} p${run.case.pairs} rep ${run.rep + 1} ${w.load}: ${formatSi(w.noSleepOverlapNs, 'ns')}`));
  if (overlaps.length > 0) {
    out.push('## Windows inside a post-barrier no-sleep half second', '');
    out.push('Workers do not sleep for 0.5 s after a barrier release (src/vlib/main.c); these windows overlapped one, so their idle CPU is not the sleeping scheduler\'s (a longer warm-up would fix it):', '');
    for (const o of overlaps) out.push(`- ${o}`);
    out.push('');
  }
  out.push('## What the columns are', '');
  out.push(markdownTable(['figure', 'unit', 'what', 'floor'], BENCH_FIGURES.map((f) => [f, BENCH_FIGURE_INFO[f].unit, BENCH_FIGURE_INFO[f].what, FLOOR_WORDS[f]])));
  return out.join('\n');
}

/** What each figure is compared to. */
const FLOOR_WORDS: Readonly<Record<BenchFigure, string>> = {
  msgsPerSec: 'raw SAB SPSC ring, unbatched',
  rttP50Ns: '4 hops: Atomics.wait/notify one-way p50 where the receiver sleeps, busy-poll one-way p50 where it polls',
  rttP99Ns: 'as p50, with the floors\' p99',
  rttP999Ns: 'as p50, with the floors\' p99.9',
  stage1P50Ns: 'one hop into the worker',
  stage2P50Ns: 'one JS dispatch-floor main loop',
  stage3P50Ns: 'one hop into the app',
  cpuMainPct: '',
  cpuWorkerPct: 'worker wakeups/s × CPU of one bare timed Atomics.wait (100 µs, 1 ms or 10 ms: nearest its mean sleep)',
  cpuClientsPct: '',
  cpuServersPct: '',
  cpuTotalPct: '',
  cpuSecPerMillionMsgs: 'a million JS node calls (dispatch floor)',
  workerWakeupsPerSec: '',
  wakeupsPerSec: '',
  transitionsPerSec: '',
};

/** The CSV: one line per case × load × figure, with min/median/max, floor and ratio. */
export function benchCsv (r: BenchReport): string {
  const headers = ['mode', 'app_wait', 'workers', 'pairs', 'load', 'offered_per_sec', 'figure', 'unit', 'reps', 'min', 'median', 'max', 'floor', 'ratio'];
  const rows: Cell[][] = [];
  for (const row of r.rows) {
    for (const f of BENCH_FIGURES) {
      const s = row.figures[f];
      rows.push([row.mode, row.appWait, row.workers, row.pairs, row.load, row.offeredPerSec ?? 'max', f, BENCH_FIGURE_INFO[f].unit, row.reps,
        s.min, s.median, s.max, row.floors[f], row.ratios[f]]);
    }
  }
  return toCsv(headers, rows);
}

/** The JSON: the whole report (floats as measured). */
export function benchJson (r: BenchReport): string {
  return `${JSON.stringify(r, null, 1)}\n`;
}

/** One plot file. */
export interface BenchPlot {
  readonly file: string;
  readonly svg: string;
}

/**
 * Plots per workers × pairs group: round-trip p50 and worker CPU against offered load, one
 * line per mode and app wait.
 */
export function benchPlots (r: BenchReport): BenchPlot[] {
  const plots: BenchPlot[] = [];
  const loads: BenchLoadName[] = [...BENCH_LOADS];
  for (const rows of groupRows(r.rows)) {
    const modes = [...new Set(rows.map((x) => `${x.mode}/${x.appWait}`))];
    const series = (pick: (x: BenchRow) => number | null, on: readonly BenchLoadName[]) => modes.map((m) => ({
      name: m,
      y: on.map((l) => {
        const row = rows.find((x) => `${x.mode}/${x.appWait}` === m && x.load === l);
        return row === undefined ? null : pick(row);
      }),
    }));
    const w = rows[0] as BenchRow;
    const k = `w${w.workers}-p${w.pairs}`;
    const title = groupTitle(w);
    const busy = loads.filter((l) => l !== 'idle' && l !== 'idle-none');
    plots.push({
      file: `latency-${k}.svg`,
      svg: lineChartSvg({
        title: `Round trip p50 against offered load: ${title}`,
        x: { kind: 'category', label: 'offered load (echoed messages/s)', categories: busy },
        y: { label: 'round trip p50', unit: 'ns', scale: 'log' },
        series: series((x) => x.figures.rttP50Ns.median, busy),
      }),
    });
    plots.push({
      file: `cpu-${k}.svg`,
      svg: lineChartSvg({
        title: `Busiest worker's CPU against offered load: ${title}`,
        x: { kind: 'category', label: 'offered load (echoed messages/s)', categories: loads.map((l) => (l === 'idle-none' ? 'no session' : l)) },
        y: { label: 'worker CPU', unit: '%' },
        series: series((x) => x.figures.cpuWorkerPct.median, loads),
      }),
    });
  }
  return plots;
}
