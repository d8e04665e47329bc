// bench/svm-mq.ts: app rx mq (src/svm svm_msg_q with its eventfd) throughput and CPU cost on two
// real threads, polling and interrupt (the consumer sleeps on the eventfd), unbatched and
// batched, beside a minimal raw SAB SPSC ring carrying the same 20-byte payload, measured in the
// same run and reported as ratios. Then a light load, where interrupt mode should cost the
// consumer a few percent of a core and polling all of it.
//
// Each side reads its own thread's CPU time (/proc/thread-self/schedstat, ns; and
// /proc/thread-self/stat utime + stime, ticks of 1/CLK_TCK s) around the measured span. Every
// throughput case runs `repeats` times on fresh queues; the median by rate is reported. Aims
// (reported, not asserted): unbatched rx mq ≥ 50% of the raw unbatched ring; interrupt within
// 10% of polling at full load; interrupt under 5% of a core at light load.
//
// Run: npm run build && node dist/bench/svm-mq.js [n] [repeats]

import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { SvmSegment } from '../src/svm/segment.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import { rawRingBytes } from '../src/bench/raw-ring-layout.js';
import type { SvmBenchSide, SvmBenchTask } from './svm-mq-worker.js';

/** Options of {@link benchSvmMq}; every field has a default. */
export interface SvmMqBenchOptions {
  /** Messages per throughput run (default 2,000,000). */
  readonly n?: number;
  /** Runs per throughput case; the median by rate is kept (default 5). */
  readonly repeats?: number;
  /** App `evt_q_size`: the rx mq is L = max(evtQSize, 128) deep (default 2048, VCL's default). */
  readonly evtQSize?: number;
  /** Messages per producer lock and per consumer drain in batched cases (default 32). */
  readonly batch?: number;
  /** Light load, messages per second (default 10,000) and seconds (default 2). */
  readonly lightRate?: number;
  readonly lightSeconds?: number;
}

/** One measured case. CPU figures are per thread, from schedstat unless named otherwise. */
export interface SvmMqBenchRow {
  readonly impl: 'mq' | 'raw';
  /** Batched mq rows: vppsim's batch extensions rather than VPP's per-message calls. */
  readonly ext: boolean;
  readonly mode: 'poll' | 'interrupt';
  /** 1 = unbatched. */
  readonly batch: number;
  /** Producer rate, messages/s; 0 = full load. */
  readonly rate: number;
  readonly msgs: number;
  /** Messages per second over the consumer's wall time. */
  readonly msgsPerSec: number;
  readonly prodCpuNsPerMsg: number;
  readonly consCpuNsPerMsg: number;
  /** CPU time / wall time, % of one core. */
  readonly prodCpuPct: number;
  readonly consCpuPct: number;
  /** Consumer CPU % from /proc/thread-self/stat ticks (10 ms resolution at CLK_TCK 100). */
  readonly consCpuPctStat: number;
  readonly prodSleeps: number;
  readonly consSleeps: number;
}

/** Everything one bench run measured. */
export interface SvmMqBenchResult {
  readonly node: string;
  readonly nCpus: number;
  readonly clkTck: number;
  readonly queueDepth: number;
  /** Raw ring slots: the queue depth rounded up to a power of two (the raw ring masks). */
  readonly rawRingDepth: number;
  readonly n: number;
  readonly repeats: number;
  readonly batch: number;
  readonly lightRate: number;
  readonly lightSeconds: number;
  readonly full: readonly SvmMqBenchRow[];
  readonly light: readonly SvmMqBenchRow[];
}

function clkTck (): number {
  try { return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
}

/** Runs the whole benchmark on a 2-thread piscina pool. Takes ~30 s with the defaults. */
export async function benchSvmMq (opts: SvmMqBenchOptions = {}): Promise<SvmMqBenchResult> {
  const n = opts.n ?? 2_000_000;
  const repeats = opts.repeats ?? 5;
  const evtQSize = opts.evtQSize ?? 2048;
  const batch = opts.batch ?? 32;
  const lightRate = opts.lightRate ?? 10_000;
  const lightSeconds = opts.lightSeconds ?? 2;
  const tck = clkTck();
  const cfg = appRxMqCfg(evtQSize);
  const rawDepth = 2 ** Math.ceil(Math.log2(cfg.qNitems));
  const pool = new Piscina<SvmBenchTask, SvmBenchSide>({
    filename: new URL('./svm-mq-worker.js', import.meta.url).href,
    minThreads: 2,
    maxThreads: 2,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });

  async function once (impl: 'mq' | 'raw', mode: 'poll' | 'interrupt', b: number, rate: number, msgs: number, ext = false): Promise<SvmMqBenchRow> {
    let sab: SharedArrayBuffer;
    let param: number;
    if (impl === 'mq') {
      const seg = SvmSegment.create('bench-rx-mqs-seg', 1 << 20);
      param = seg.allocMsgQ(cfg);
      sab = seg.sab;
    } else {
      param = rawDepth;
      sab = new SharedArrayBuffer(rawRingBytes(param));
    }
    const ctl = new SharedArrayBuffer(8);
    const base = { impl, mode, batch: b, ext, n: msgs, rate, sab, param, ctl };
    const [p, c] = await Promise.all([pool.run({ ...base, role: 'producer' }), pool.run({ ...base, role: 'consumer' })]);
    if (p === undefined || c === undefined) throw new Error('bench side returned nothing');
    if (p.error !== '' || c.error !== '' || c.count !== msgs || c.checksum !== p.checksum) {
      throw new Error(`${impl}/${mode}/${b}: ${p.error} ${c.error} count ${c.count} checksums ${p.checksum} ${c.checksum}`);
    }
    return {
      impl, ext, mode, batch: b, rate, msgs,
      msgsPerSec: msgs / (c.wallNs / 1e9),
      prodCpuNsPerMsg: p.cpuNs / msgs,
      consCpuNsPerMsg: c.cpuNs / msgs,
      prodCpuPct: 100 * p.cpuNs / p.wallNs,
      consCpuPct: 100 * c.cpuNs / c.wallNs,
      consCpuPctStat: 100 * (c.cpuTicks / tck) / (c.wallNs / 1e9),
      prodSleeps: p.sleeps,
      consSleeps: c.sleeps,
    };
  }

  async function median (impl: 'mq' | 'raw', mode: 'poll' | 'interrupt', b: number, ext = false): Promise<SvmMqBenchRow> {
    const runs: SvmMqBenchRow[] = [];
    for (let i = 0; i < repeats; i++) runs.push(await once(impl, mode, b, 0, n, ext));
    runs.sort((x, y) => x.msgsPerSec - y.msgsPerSec);
    return runs[Math.floor(runs.length / 2)] as SvmMqBenchRow;
  }

  try {
    await once('mq', 'poll', 1, 0, Math.min(n, 200_000)); // warm both threads' JITs
    await once('raw', 'poll', 1, 0, Math.min(n, 200_000));
    const full: SvmMqBenchRow[] = [];
    for (const b of [1, batch]) {
      for (const mode of ['poll', 'interrupt'] as const) {
        full.push(await median('raw', mode, b));
        full.push(await median('mq', mode, b));
        if (b > 1) full.push(await median('mq', mode, b, true));
      }
    }
    const lightMsgs = lightRate * lightSeconds;
    const light = [
      await once('mq', 'interrupt', 1, lightRate, lightMsgs),
      await once('raw', 'interrupt', 1, lightRate, lightMsgs),
      await once('mq', 'poll', 1, lightRate, lightMsgs),
    ];
    return {
      node: process.version, nCpus: cpus().length, clkTck: tck, queueDepth: cfg.qNitems, rawRingDepth: rawDepth, n, repeats, batch,
      lightRate, lightSeconds, full, light,
    };
  } finally {
    await pool.destroy();
  }
}

// --- the table ------------------------------------------------------------------------------

const pad = (s: string, w: number): string => s.padEnd(w);
const lpad = (s: string, w: number): string => s.padStart(w);
const rateText = (r: number): string => `${(r / 1e6).toFixed(2)} M msg/s`;
const nsText = (ns: number): string => `${ns.toFixed(1)} ns`;
const pctText = (p: number): string => `${p.toFixed(1)} %`;
const caseName = (r: SvmMqBenchRow): string =>
  `${r.impl === 'mq' ? (r.ext ? 'rx mq ext' : 'rx mq') : 'raw ring'} ${r.mode} ${r.batch === 1 ? 'unbatched' : `batch ${r.batch}`}`;

function find (rows: readonly SvmMqBenchRow[], impl: string, mode: string, batch: number, ext = false): SvmMqBenchRow | undefined {
  return rows.find((r) => r.impl === impl && r.mode === mode && r.batch === batch && r.ext === ext);
}

/** Aligned tables with units on every number, then the ratios the aims are about. */
export function formatSvmMqBench (res: SvmMqBenchResult): string {
  const lines: string[] = [];
  lines.push(`app rx mq (Q ${res.queueDepth}, R0 ${res.queueDepth} × 20 B, eventfd) vs raw SAB SPSC ring (${res.rawRingDepth} × 20 B); ` +
    `node ${res.node}, ${res.nCpus} CPUs, CLK_TCK ${res.clkTck}`);
  lines.push(`full load: ${res.n.toLocaleString('en-US')} msgs per run, median of ${res.repeats} runs; CPU per message from /proc/thread-self/schedstat`);
  lines.push('rx mq batch: VPP\'s calls (one lock, alloc + add_raw per message; sub_raw_batch, free_msg per message);');
  lines.push('rx mq ext batch: vppsim\'s batch extensions (allocMsgsWRing, addRawBatch, freeMsgBatch: one atomic per batch and side)');
  lines.push('');
  const head = [pad('case', 30), lpad('throughput', 15), lpad('vs raw ring', 12), lpad('prod CPU/msg', 13), lpad('cons CPU/msg', 13),
    lpad('prod CPU', 9), lpad('cons CPU', 9), lpad('prod sleeps', 12), lpad('cons sleeps', 12)].join('  ');
  lines.push(head);
  lines.push('-'.repeat(head.length));
  for (const r of res.full) {
    const floor = find(res.full, 'raw', r.mode, r.batch);
    const ratio = floor === undefined ? '' : `${(r.msgsPerSec / floor.msgsPerSec).toFixed(2)} ×`;
    lines.push([pad(caseName(r), 30), lpad(rateText(r.msgsPerSec), 15), lpad(ratio, 12), lpad(nsText(r.prodCpuNsPerMsg), 13),
      lpad(nsText(r.consCpuNsPerMsg), 13), lpad(pctText(r.prodCpuPct), 9), lpad(pctText(r.consCpuPct), 9),
      lpad(`${r.prodSleeps}`, 12), lpad(`${r.consSleeps}`, 12)].join('  '));
  }
  lines.push('');
  lines.push(`light load: ${res.lightRate.toLocaleString('en-US')} msg/s in 1 ms bursts for ${res.lightSeconds} s`);
  const lh = [pad('case', 30), lpad('cons CPU (schedstat)', 21), lpad('cons CPU (stat)', 16), lpad('cons CPU/msg', 13), lpad('cons sleeps', 12)].join('  ');
  lines.push(lh);
  lines.push('-'.repeat(lh.length));
  for (const r of res.light) {
    lines.push([pad(caseName(r), 30), lpad(pctText(r.consCpuPct), 21), lpad(pctText(r.consCpuPctStat), 16),
      lpad(`${(r.consCpuNsPerMsg / 1000).toFixed(2)} µs`, 13), lpad(`${r.consSleeps}`, 12)].join('  '));
  }
  lines.push('');
  const ratio = (a: SvmMqBenchRow | undefined, b: SvmMqBenchRow | undefined): string =>
    (a === undefined || b === undefined ? 'n/a' : `${(100 * a.msgsPerSec / b.msgsPerSec).toFixed(0)} %`);
  const mqU = find(res.full, 'mq', 'poll', 1);
  const rawU = find(res.full, 'raw', 'poll', 1);
  const lightInt = res.light.find((r) => r.impl === 'mq' && r.mode === 'interrupt');
  lines.push('aims (reported, not asserted):');
  lines.push(`  unbatched rx mq / raw unbatched ring (polling):   ${ratio(mqU, rawU)}   (aim ≥ 50 %)`);
  lines.push(`  interrupt / polling, rx mq, unbatched:            ${ratio(find(res.full, 'mq', 'interrupt', 1), mqU)}   (aim ≥ 90 %)`);
  lines.push(`  interrupt / polling, rx mq, batch ${res.batch}:             ${ratio(find(res.full, 'mq', 'interrupt', res.batch), find(res.full, 'mq', 'poll', res.batch))}   (aim ≥ 90 %)`);
  lines.push(`  interrupt / polling, rx mq ext, batch ${res.batch}:         ${ratio(find(res.full, 'mq', 'interrupt', res.batch, true), find(res.full, 'mq', 'poll', res.batch, true))}   (aim ≥ 90 %)`);
  lines.push(`  light load, rx mq interrupt, consumer CPU:        ${lightInt === undefined ? 'n/a' : pctText(lightInt.consCpuPct)} of a core   (aim < 5 %)`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] !== undefined ? Number(process.argv[2]) : undefined;
  const repeats = process.argv[3] !== undefined ? Number(process.argv[3]) : undefined;
  const res = await benchSvmMq({ ...(n !== undefined ? { n } : {}), ...(repeats !== undefined ? { repeats } : {}) });
  process.stdout.write(formatSvmMqBench(res));
}
