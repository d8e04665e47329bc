// `vppsim bench`: its timeline, the figures it derives from samples, floors and ratios, aims,
// option errors, the echo bench apps in virtual time, and the quick run as a user runs it
// (files written, every mode × load in the JSON with its floors and ratios). No timing
// thresholds: what is checked is what the bench computes from what it measured.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEchoBenchStats, EchoBenchStats, kEbReceived, kEbSent } from '../src/apps/echo-bench-stats.js';
import {
  BENCH_APP_WAITS, BENCH_LOADS, BENCH_MODES, BENCH_WINDOW_GAP_NS, type BenchCase, benchStartupConf, benchTimeline,
  checkBenchOptions, defaultBenchOptions,
} from '../src/bench/mode-bench-config.js';
import { BENCH_FIGURES, figureFloors, windowFigures } from '../src/bench/mode-bench-figures.js';
import { benchAims, type BenchReport, type BenchRow } from '../src/bench/mode-bench.js';
import type { BenchRunWindow } from '../src/bench/mode-bench-run.js';
import { type BenchSample, windowMetrics } from '../src/bench/mode-bench-sample.js';
import type { Floors } from '../src/bench/floors.js';
import { parseStartupConfig } from '../src/config/startup-conf.js';
import { planRun } from '../src/run/run-plan.js';
import { runVirtual } from '../src/run/run-virtual.js';
import { parseIp4 } from '../src/session/net.js';
import { LatencyHistogram } from '../src/stats/latency-histogram.js';

const main = new URL('../src/cli/main.js', import.meta.url).pathname;

function vppsim (...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('vppsim bench: timeline and options', () => {
  it('puts every load in its own window, in order, each load starting after the previous window with a gap; paced rates split over the pairs', () => {
    const o = defaultBenchOptions(false);
    const tl = benchTimeline(o, 8);
    expect(tl.windows.map((w) => w.load)).to.deep.equal([...BENCH_LOADS]);
    for (let i = 1; i < tl.windows.length; i++) expect(tl.windows[i]!.startNs).to.be.greaterThan(tl.windows[i - 1]!.endNs);
    for (const w of tl.windows) expect(w.endNs - w.startNs).to.equal(o.windowNs);
    expect(tl.windows[0]!.startNs).to.equal(o.warmupNs);
    expect(tl.connectAtNs).to.be.at.least(tl.windows[0]!.endNs);
    expect(tl.windows[1]!.startNs - tl.connectAtNs).to.equal(o.warmupNs, 'a warm-up after connecting');
    // each non-idle load begins a gap after the previous window and settles before its own
    expect(tl.phases.map((p) => p.load)).to.deep.equal([
      { kind: 'paced', rate: 1e3 / 8 }, { kind: 'paced', rate: 1e4 / 8 }, { kind: 'paced', rate: 1e5 / 8 }, { kind: 'max', window: o.maxInFlight },
    ]);
    tl.phases.forEach((p, i) => {
      const w = tl.windows[i + 2]!;
      expect(p.atNs - tl.windows[i + 1]!.endNs).to.equal(BENCH_WINDOW_GAP_NS);
      expect(w.startNs - p.atNs).to.equal(o.settleNs);
    });
    expect(tl.durationNs).to.be.greaterThan(tl.windows[tl.windows.length - 1]!.endNs);
  });

  it('names each mode by the session stanza that makes it', () => {
    const conf = (mode: BenchCase['mode']) => parseStartupConfig(benchStartupConf({ mode, appWait: 'eventfd', workers: 2, pairs: 1 }), 'x');
    expect(conf('polling').session).to.include({ enable: true, usePrivateRxMqs: false, noAdaptive: false });
    expect(conf('rx-mqs-polling').session).to.include({ usePrivateRxMqs: true, noAdaptive: true });
    expect(conf('adaptive').session).to.include({ usePrivateRxMqs: true, noAdaptive: false });
    expect(conf('adaptive').cpu.workers).to.equal(2);
  });

  it('refuses bad options with the option named', () => {
    const d = defaultBenchOptions(true);
    expect(() => checkBenchOptions({ ...d, reps: 0 })).to.throw(/--reps: 0/);
    expect(() => checkBenchOptions({ ...d, modes: ['turbo' as never] })).to.throw(/--modes: unknown mode 'turbo'/);
    expect(() => checkBenchOptions({ ...d, maxInFlight: 4096, sizeBytes: 4096 })).to.throw(/--in-flight/);
    const r = vppsim('bench', '--quick', '--workers', '1,x');
    expect(r.code).to.equal(2);
    expect(r.err.trim().split('\n')).to.deep.equal(["vppsim: --workers: 'x' is not a whole number"]);
  });
});

describe('vppsim bench: figures from samples', () => {
  const hist = (values: number[]): Float64Array => {
    const h = new LatencyHistogram();
    for (const v of values) h.record(v);
    return h.snapshot();
  };

  it('subtracts histograms: only what was recorded between two copies counts', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(1000);
    const before = h.snapshot();
    for (let i = 0; i < 10; i++) h.record(50_000);
    const d = LatencyHistogram.between(before, h.snapshot());
    expect(d.count).to.equal(10);
    expect(d.quantile(0.5)).to.be.within(45_000, 55_000);
    expect(d.quantile(0.999)).to.be.within(45_000, 55_000);
    expect(LatencyHistogram.between(before, before).count).to.equal(0);
  });

  it('turns two samples into rates, CPU shares and window latencies', () => {
    const nApps = 2;
    const sab = createEchoBenchStats(nApps);
    const client = new EchoBenchStats({ sab, index: 1 });
    const sample = (tNs: number, cpu: number[], sleeps: number[], transitions: number[]): BenchSample => ({
      tNs, barrierReleaseNs: 0, cpuNs: Float64Array.from(cpu), sleeps: Float64Array.from(sleeps), transitions: Float64Array.from(transitions),
      apps: [new EchoBenchStats({ sab, index: 0 }).snapshot(), client.snapshot()], stage1: hist([]), stage2: hist([]),
    });
    client.set(kEbSent, 10); client.set(kEbReceived, 10);
    for (let i = 0; i < 10; i++) client.rtt.record(1e6);
    const a = sample(1e9, [0, 0, 0, 0], [0, 0, 0, 0], [0, 0]);
    client.set(kEbSent, 1010); client.set(kEbReceived, 1010);
    for (let i = 0; i < 1000; i++) client.rtt.record(100_000);
    // half a second: main 1% of a core, the worker 40%, 500 worker sleeps, 25 transitions
    const b = sample(1.5e9, [5e6, 200e6, 10e6, 20e6], [50, 500, 0, 100], [0, 25]);
    const m = windowMetrics(a, b, ['vpp_main', 'vpp_wk_0', 'server-0', 'client-0'], ['main', 'worker', 'server', 'client'], [1]);
    expect(m.spanNs).to.equal(0.5e9);
    expect(m.msgsPerSec).to.equal(2000);
    expect(m.rtt.samples).to.equal(1000, 'the 10 round trips before the window are not counted');
    expect(m.rtt.p50Ns).to.be.within(90_000, 110_000);
    expect(m.threads.map((t) => t.cpuPct)).to.deep.equal([1, 40, 2, 4]);
    expect(m.threads.map((t) => t.wakeupsPerSec)).to.deep.equal([100, 1000, 0, 200]);
    expect(m.transitionsPerSec).to.deep.equal([0, 50]);
    const w: BenchRunWindow = { load: '1k', offeredPerSec: 1000, ...m };
    const f = windowFigures(w);
    expect(f.cpuWorkerPct).to.equal(40);
    expect(f.cpuTotalPct).to.equal(47);
    expect(f.cpuSecPerMillionMsgs).to.be.closeTo((0.47 / 2000) * 1e6, 1e-9);
    expect(f.workerWakeupsPerSec).to.equal(1000);
  });
});

describe('vppsim bench: floors, ratios and aims', () => {
  const lat = (medianNs: number) => ({ medianNs, p99Ns: 2 * medianNs, p999Ns: 3 * medianNs, minNs: 1, maxNs: 4 * medianNs, samples: 100, warmupSamples: 0 });
  const timer = (timeoutNs: number, cpuNsPerWait: number) => ({ timeoutNs, medianOvershootNs: 0, p99OvershootNs: 0, maxOvershootNs: 0, samples: 10, cpuNsPerWait });
  const floors = {
    ringUnbatched: { msgsPerSec: 10e6 }, waitNotifyLatency: lat(30_000), busyPollLatency: lat(100),
    dispatch: { perCallNs: 10, loopNsAt1: 40 }, timerWait100us: timer(1e5, 20_000), timerWait1ms: timer(1e6, 30_000), timerWait10ms: timer(1e7, 80_000),
  } as unknown as Floors;

  it('counts a wake-up per hop: sleeping hops at the wait/notify floor, polling hops at the busy-poll floor', () => {
    const c = (mode: BenchCase['mode'], appWait: BenchCase['appWait']): BenchCase => ({ mode, appWait, workers: 1, pairs: 1 });
    expect(figureFloors(c('adaptive', 'eventfd'), floors, null).rttP50Ns).to.equal(4 * 30_000);
    expect(figureFloors(c('adaptive', 'poll'), floors, null).rttP50Ns).to.equal(2 * 30_000 + 2 * 100);
    expect(figureFloors(c('polling', 'eventfd'), floors, null).rttP99Ns).to.equal(2 * 60_000 + 2 * 200);
    expect(figureFloors(c('rx-mqs-polling', 'poll'), floors, null).rttP999Ns).to.equal(4 * 300);
    // a worker waking 1000 times a second sleeps 1 ms each time: the 1 ms wait's CPU is its floor
    expect(figureFloors(c('adaptive', 'eventfd'), floors, 1000).cpuWorkerPct).to.be.closeTo(3, 1e-9);
    expect(figureFloors(c('adaptive', 'eventfd'), floors, 100).cpuWorkerPct).to.be.closeTo(0.8, 1e-9);
    expect(figureFloors(c('polling', 'eventfd'), floors, 0).cpuWorkerPct).to.equal(null, 'a worker that never sleeps has no idle floor');
  });

  it('checks the aims on the worst qualifying row, and says when a row is missing', () => {
    const stat = (v: number | null) => ({ min: v, median: v, max: v });
    const row = (mode: BenchRow['mode'], load: BenchRow['load'], fig: Partial<Record<(typeof BENCH_FIGURES)[number], number>>, rttRatio: number | null = null, workers = 1): BenchRow => {
      const figures = Object.fromEntries(BENCH_FIGURES.map((k) => [k, stat(fig[k] ?? null)])) as BenchRow['figures'];
      const nulls = Object.fromEntries(BENCH_FIGURES.map((k) => [k, null])) as BenchRow['ratios'];
      return { mode, appWait: 'eventfd', workers, pairs: 1, load, offeredPerSec: null, reps: 1, figures, floors: nulls, ratios: { ...nulls, rttP50Ns: rttRatio }, failure: null };
    };
    const aims = benchAims([
      row('adaptive', 'idle', { cpuWorkerPct: 3 }), row('adaptive', 'idle', { cpuWorkerPct: 6 }),
      row('adaptive', 'idle-none', { cpuWorkerPct: 0.5 }),
      row('adaptive', '1k', {}, 1.5),
      row('polling', 'max', { msgsPerSec: 3e6 }, null, 2), row('polling', 'max', { msgsPerSec: 1.2e6 }, null, 1),
    ]);
    expect(aims.map((a) => a.met)).to.deep.equal([false, true, true, true]);
    expect(aims[0]!.measured).to.match(/^6\.00%/);
    expect(aims[3]!.measured).to.match(/^1,500,000 msg\/s per worker/);
    expect(benchAims([]).map((a) => a.met)).to.deep.equal([null, null, null, null]);
  });
});

describe('vppsim bench: the echo bench apps (virtual time)', () => {
  it('a paced client gets every message echoed, and times each round trip into its shared block', async () => {
    const o = { ...defaultBenchOptions(true), windowNs: 100e6, warmupNs: 200e6, settleNs: 10e6 };
    const tl = benchTimeline(o, 1);
    const sab = createEchoBenchStats(2);
    const phases = tl.phases.slice(0, 2); // 1k then 10k
    const plan = planRun({
      config: parseStartupConfig(benchStartupConf({ mode: 'adaptive', appWait: 'eventfd', workers: 1, pairs: 1 }), 'bench'),
      script: null, scenario: null, clock: 'virtual', durationNs: phases[1]!.atNs + 100e6,
      extraApps: [
        { name: 'server-0', ns: 'default', startNs: 0, isClient: false, vcl: { useMqEventfd: true }, options: { tool: 'echo_bench_server', port: 5000, stats: { sab, index: 0 } } },
        { name: 'client-0', ns: 'default', startNs: tl.connectAtNs, isClient: false, vcl: { useMqEventfd: true }, options: { tool: 'echo_bench_client', ip: parseIp4('6.0.1.1'), port: 5000, sizeBytes: 64, phases, stats: { sab, index: 1 } } },
      ],
    });
    const r = await runVirtual(plan);
    const client = new EchoBenchStats({ sab, index: 1 });
    const sent = client.f64[client.base + kEbSent] as number;
    const received = client.f64[client.base + kEbReceived] as number;
    // 1k/s for the first phase's span, then 10k/s for 100 ms: about 1,000 + the first phase's share
    expect(sent).to.be.within(1000, 1400);
    expect(sent - received).to.be.at.most(2, 'at most a message or two still in flight at the end');
    expect(client.rtt.count).to.equal(received);
    const server = r.apps.find((a) => a.name === 'server-0')!.result as { bytes: number };
    expect(server.bytes).to.be.at.least(received * 64);
    expect(r.apps.every((a) => a.result !== null && (a.result as { exitStatus: number }).exitStatus === 0)).to.equal(true);
  });
});

describe('vppsim bench --quick (real threads)', function () {
  this.timeout(300_000);
  it('writes the table, JSON, CSV and plots; the JSON holds every mode × app wait × load with its floors and ratios', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vppsim-bench-'));
    const r = vppsim('bench', '--quick', '--quiet', '--out', dir);
    expect(r.code, r.err).to.equal(0);
    expect(readdirSync(dir).sort()).to.deep.equal(['bench.csv', 'bench.json', 'bench.md', 'cpu-w1-p1.svg', 'latency-w1-p1.svg']);
    expect(r.out).to.equal(readFileSync(join(dir, 'bench.md'), 'utf8'));
    const j = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as BenchReport;
    const want = BENCH_MODES.flatMap((m) => BENCH_APP_WAITS.flatMap((w) => BENCH_LOADS.map((l) => `${m}/${w}/${l}`)));
    expect(j.rows.map((x) => `${x.mode}/${x.appWait}/${x.load}`)).to.deep.equal(want);
    for (const row of j.rows) {
      expect(Object.keys(row.figures)).to.deep.equal([...BENCH_FIGURES]);
      expect(Object.keys(row.floors)).to.deep.equal([...BENCH_FIGURES]);
      expect(Object.keys(row.ratios)).to.deep.equal([...BENCH_FIGURES]);
      if (row.reps === 0) continue; // a case VPP livelocks in (reported with the reason)
      expect(row.floors.msgsPerSec).to.equal(j.floors.ringUnbatched.msgsPerSec);
      const m = row.figures.msgsPerSec.median;
      expect(row.ratios.msgsPerSec).to.be.closeTo(m! / j.floors.ringUnbatched.msgsPerSec, 1e-12);
      if (row.load !== 'idle' && row.load !== 'idle-none') expect(row.figures.rttP50Ns.median, `${row.mode}/${row.appWait}/${row.load}`).to.be.greaterThan(0);
    }
    expect(j.aims).to.have.length(4);
    const csv = readFileSync(join(dir, 'bench.csv'), 'utf8').trimEnd().split(/\r?\n/);
    expect(csv[0]).to.equal('mode,app_wait,workers,pairs,load,offered_per_sec,figure,unit,reps,min,median,max,floor,ratio');
    expect(csv.length - 1).to.equal(j.rows.length * BENCH_FIGURES.length);
    const svg = readFileSync(join(dir, 'latency-w1-p1.svg'), 'utf8');
    expect(svg).to.match(/^<svg[^>]*>/);
    for (const m of BENCH_MODES) expect(svg).to.include(m);
  });
});
