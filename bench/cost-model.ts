// bench/cost-model.ts: measures, on this machine and in real mode, every figure of the virtual
// clock's cost model (graph/clock.ts CostModel), beside the defaults in use, and prints the
// `cost:` block a scenario can paste to simulate this machine. docs/cost-model.md records the
// run the defaults come from.
//
//   dispatchCallNs, dispatchVectorNs, loopNs  a real VlibMain: 1 polling input + 3 internal nodes
//                                             at 1 and 256 vectors, and 1 empty polling node
//   epollNs                                   FilePoll.epoll over a worker's usual files
//   messageNs                                 an rx mq message taken off and decoded
//   appResumeNs                               CPU per resume of the apps of configs/default.yaml
//                                             on real threads
//   wakeLatencyNs                             Atomics.notify → Atomics.wait return, one way
//   sleepGranularityNs                        how late Atomics.wait(…, 1 ms) returns
//
// Run: npm run build && node dist/bench/cost-model.js [--quick]

import { pathToFileURL } from 'node:url';
import { copyPipeline, copyPipelineSink, realVlibMain } from './copy-pipeline.js';
import { type CostModel, defaultCostModel } from '../graph/clock.js';
import { ClibFile } from '../graph/file-poll.js';
import { defineNode, type NodeDef, NodeState, NodeType } from '../graph/node.js';
import { measureFloors } from '../src/bench/floors.js';
import { readRunInput } from '../src/run/run-input.js';
import { planRun } from '../src/run/run-plan.js';
import { runReal } from '../src/run/run-real.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SESSION_MQ_IO_EVT_RING, SessionEvent, SessionEvtType, sessionEvtDecode, sessionEvtEncode } from '../src/svm/session-event.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';

/** One measured figure. */
export interface CostRow {
  readonly name: keyof CostModel;
  /** The default in use (graph/clock.ts), ns. */
  readonly defaultNs: number;
  /** Measured here, ns. */
  readonly measuredNs: number;
  /** How. */
  readonly how: string;
}

let sink = 0;

/** Median of `reps` timings of `fn` (each `iters` calls), ns per call. */
function timePerCall (fn: () => void, iters: number, reps: number): number {
  for (let i = 0; i < iters; i++) fn(); // warm up
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn();
    t.push(Number(process.hrtime.bigint() - t0) / iters);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1] as number;
}

/** Measures every figure; `quick` uses fewer samples (about 15 s instead of 60 s). */
export async function benchCostModel (quick: boolean): Promise<CostRow[]> {
  const iters = quick ? 20_000 : 100_000;
  const reps = quick ? 5 : 15;
  // loops and dispatches: T0 = L + C (an empty polling node), T(N) = L + 4C + 4NV
  const empty = defineNode({ name: 'cm-empty', type: NodeType.Input, dispatch: () => 0 });
  const vm0 = realVlibMain([empty as NodeDef<unknown>]);
  const t0 = timePerCall(() => { vm0.step(); }, iters, reps);
  const vm1 = realVlibMain(copyPipeline('cm', 1));
  const t1 = timePerCall(() => { vm1.step(); }, iters, reps);
  const vm256 = realVlibMain(copyPipeline('cm', 256));
  const t256 = timePerCall(() => { vm256.step(); }, iters / 10, reps);
  const v = Math.max(0, (t256 - t1) / (4 * 255));
  const c = Math.max(0, (t1 - t0 - 4 * v) / 3);
  const l = Math.max(0, t0 - c);

  // epoll over a worker's files: its wakeup fd, its timerfd, two apps' rx mq eventfds (none ready)
  const vmE = realVlibMain([defineNode({ name: 'cm-idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 }) as NodeDef<unknown>]);
  for (const d of ['session-wrk-tfd-1', 'app-0-rx-mq-1', 'app-1-rx-mq-1']) vmE.files.add(new ClibFile(d, { isReadable: () => false, readyAtNs: Infinity }, () => {}));
  const epollNs = timePerCall(() => { vmE.files.epoll(false); }, iters, reps);

  // one rx mq message taken off and decoded (the consumer's side of VPP's svm_msg_q)
  const seg = SvmSegment.create('cost-model', 1 << 20);
  const mq = seg.msgQ(seg.allocMsgQ(appRxMqCfg(2048)));
  const evt = new SessionEvent();
  const batch = 128;
  const drains: number[] = [];
  for (let r = 0; r < (quick ? 200 : 1000); r++) {
    for (let i = 0; i < batch; i++) {
      const m = mq.lockAndAllocMsgWRing(SESSION_MQ_IO_EVT_RING, true);
      sessionEvtEncode(mq, m, SessionEvtType.IO_EVT_TX, i, r);
      mq.addAndUnlock(m);
    }
    const s0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      const m = mq.subRaw();
      sessionEvtDecode(mq, m, evt);
      sink ^= evt.sessionIndex;
      mq.freeMsg(m);
    }
    drains.push(Number(process.hrtime.bigint() - s0) / batch);
  }
  drains.sort((a, b) => a - b);
  const messageNs = drains[drains.length >> 1] as number;

  // app work per resume: the default scenario's apps on real threads
  const input = readRunInput(new URL('../../configs/default.yaml', import.meta.url).pathname, null);
  const plan = planRun({ config: input.config, script: input.script, scenario: input.scenario, defaultEndShows: input.defaultEndShows, clock: 'real' });
  const run = await runReal(plan);
  const cpu = run.apps.reduce((n, a) => n + Math.max(0, a.thread.cpuNs), 0);
  const resumes = run.apps.reduce((n, a) => n + a.thread.resumes, 0);
  const appResumeNs = resumes > 0 ? cpu / resumes : 0;

  const f = await measureFloors({ quick });
  const d = defaultCostModel;
  return [
    { name: 'dispatchCallNs', defaultNs: d.dispatchCallNs, measuredNs: c, how: `node call: (T(1) − T(empty) − 4V) / 3 over ${iters} loops` },
    { name: 'dispatchVectorNs', defaultNs: d.dispatchVectorNs, measuredNs: v, how: '(T(256) − T(1)) / (4 × 255): 4 nodes each return N vectors' },
    { name: 'loopNs', defaultNs: d.loopNs, measuredNs: l, how: 'a main loop with one empty polling node, less its call' },
    { name: 'epollNs', defaultNs: d.epollNs, measuredNs: epollNs, how: 'FilePoll.epoll over 4 files, none ready' },
    { name: 'messageNs', defaultNs: d.messageNs, measuredNs: messageNs, how: `rx mq: sub + decode + free, batches of ${batch}` },
    { name: 'appResumeNs', defaultNs: d.appResumeNs, measuredNs: appResumeNs, how: `CPU / resumes of configs/default.yaml's apps, real threads (${resumes} resumes)` },
    { name: 'wakeLatencyNs', defaultNs: d.wakeLatencyNs, measuredNs: f.waitNotifyLatency.medianNs, how: `Atomics.notify → wait returns, one way, median of ${f.waitNotifyLatency.samples}` },
    { name: 'sleepGranularityNs', defaultNs: d.sleepGranularityNs, measuredNs: f.timerWait1ms.medianOvershootNs, how: `Atomics.wait(…, 1 ms) returns late by, median of ${f.timerWait1ms.samples}` },
  ];
}

/** The rows as an aligned table, then a scenario `cost:` block with the measured values. */
export function formatCostModel (rows: readonly CostRow[]): string {
  const head = ['cost', 'default', 'measured here', 'measured/default', 'how'];
  const body = rows.map((r) => [r.name, `${r.defaultNs} ns`, `${r.measuredNs.toFixed(1)} ns`,
    r.defaultNs > 0 ? `${(r.measuredNs / r.defaultNs).toFixed(2)}x` : '-', r.how]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]): string => cells.map((x, i) => (i === 0 || i === 4 ? x.padEnd(w[i] as number) : x.padStart(w[i] as number))).join('  ').trimEnd();
  const yaml = `cost: { ${rows.map((r) => `${r.name}: ${Math.round(r.measuredNs)}`).join(', ')} }`;
  return [line(head), ...body.map(line), '', 'to simulate this machine in a scenario:', yaml, ''].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchCostModel(process.argv.includes('--quick'));
  process.stdout.write(formatCostModel(rows));
  process.stdout.write(`(sink ${(sink ^ copyPipelineSink()) & 1})\n`);
}
