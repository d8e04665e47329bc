// bench/appsl-micro.ts: what `appsl-rx-mqs-input` costs per message, one thread, with the
// `benchmark` package, beside the floors it is compared to, measured in the same run. For
// N = 1, 32, 128 messages per op:
//   - raw ring: N messages written and published one by one, then read and released one by
//     one (src/bench/raw-ring.ts): the floor of moving a 20-byte message through shared memory;
//   - rx mq: the app posts N TX events to its private rx mq (lock, alloc, encode, add, unlock
//     each; the first signals the eventfd), then a plain drain reads the eventfd and takes a
//     snapshot (sub_raw + free_msg each): the svm layer alone;
//   - appsl-rx-mqs-input: the same N posts, the eventfd's read-ready callback queues the mq
//     (app_rx_mq_fd_read_ready), ONE dispatch of the node drains it into the session worker's
//     new-event list (session_wrk_handle_mq), and session-queue's share is undone (the N events
//     unlinked and put back) so the next op starts from the same state.
// "node over rx mq" = (appsl − rx mq) / N: what the node and the worker's event list add per
// message over the plain svm drain. Set up as test/session-appsl.test.ts does: two vlib threads
// in virtual time, one app attached with use-private-rx-mqs, its rx mq on thread 1.
//
// Run: npm run build && node dist/bench/appsl-micro.js

import Benchmark from 'benchmark';
import { pathToFileURL } from 'node:url';
import { appslRxMqsInputNodeFn } from '../nodes/appsl-rx-mqs-input.js';
import { formatSi, markdownTable } from '../src/bench/report-format.js';
import { rawRingBytes } from '../src/bench/raw-ring-layout.js';
import { RawRingConsumer, RawRingProducer } from '../src/bench/raw-ring.js';
import { VppsimError } from '../src/errors.js';
import { appRxMqFdReadReady } from '../src/session/app-rx-mqs.js';
import { EvtHead } from '../src/session/session-worker.js';
import { appSendIoEvtToVpp, SessionEvtType } from '../src/svm/session-event.js';
import { sessionRun } from '../test/support/session-run.js';

/** Which path a row measures. */
export type AppslMicroCase = 'raw ring' | 'rx mq' | 'appsl-rx-mqs-input';

/** One measured case. */
export interface AppslMicroRow {
  readonly case: AppslMicroCase;
  /** Messages per op. */
  readonly nMsgs: number;
  /** Mean time per op, ns. */
  readonly opNs: number;
  /** opNs / nMsgs. */
  readonly nsPerMsg: number;
  /** Relative margin of error of the mean, %. */
  readonly rmePct: number;
  /** Benchmark samples (each a timed batch of ops). */
  readonly samples: number;
}

/** Messages per op measured by default. */
export const APPSL_MICRO_SIZES: readonly number[] = [1, 32, 128];

const kSessionIndex = 7;
let sink = 0;

function measure (c: AppslMicroCase, nMsgs: number, fn: () => void): AppslMicroRow {
  const b = new Benchmark(`${c} N=${nMsgs}`, fn, { minSamples: 20, maxTime: 1 });
  b.run({ async: false });
  if (b.error !== undefined && b.error !== null) throw new VppsimError('ERR_BENCH', `${c} N=${nMsgs}: ${String(b.error)}`);
  const opNs = b.stats.mean * 1e9;
  return { case: c, nMsgs, opNs, nsPerMsg: opNs / nMsgs, rmePct: b.stats.rme, samples: b.stats.sample.length };
}

/** The raw ring floor: N writes + publishes, then N reads + releases, one thread. */
function rawRingOp (nMsgs: number): () => void {
  const cap = 2048;
  if (nMsgs > cap) throw new RangeError(`raw ring op: at most ${cap} messages, got ${nMsgs}`);
  const sab = new SharedArrayBuffer(rawRingBytes(cap));
  const prod = new RawRingProducer(sab, cap);
  const cons = new RawRingConsumer(sab, cap);
  const w32 = prod.i32;
  let seq = 0;
  return () => {
    for (let k = 0; k < nMsgs; k++) {
      const w = prod.slot(0);
      w32[w] = SessionEvtType.IO_EVT_TX;
      w32[w + 1] = kSessionIndex;
      w32[w + 2] = seq++;
      w32[w + 3] = 0;
      w32[w + 4] = 0;
      prod.publish(1);
    }
    let s = 0;
    for (let n = cons.available(); n > 0; n--) {
      s += w32[cons.slot(0) + 2] as number;
      cons.release(1);
    }
    sink ^= s;
  };
}

/** Runs every case for every size (about 20 s). */
export function benchAppslMicro (sizes: readonly number[] = APPSL_MICRO_SIZES): AppslMicroRow[] {
  const r = sessionRun(2, { apps: 1 });
  r.startApp(0, function * (env) { yield * env.client.attach('bench', {}); });
  r.runUntil(2e6);
  const vm = r.vms[1];
  const sm = r.sm;
  const aw = sm.am.appsl(1);
  const elt = aw.byApp.get(0);
  if (vm === undefined || elt === undefined) throw new VppsimError('ERR_BENCH', 'appsl-micro: the app did not attach on thread 1');
  const mq = elt.mq;
  const pool = sm.worker(1).pool;
  const node = sm.nodes.appslRxMqsInput;
  const post = (nMsgs: number): void => {
    for (let k = 0; k < nMsgs; k++) {
      if (appSendIoEvtToVpp(mq, kSessionIndex, SessionEvtType.IO_EVT_TX, true) !== 0) throw new VppsimError('ERR_BENCH', 'appsl-micro: rx mq full');
    }
  };

  const rows: AppslMicroRow[] = [];
  for (const n of sizes) {
    rows.push(measure('raw ring', n, rawRingOp(n)));
    rows.push(measure('rx mq', n, () => {
      post(n);
      elt.efd.read();
      for (let k = mq.size(); k > 0; k--) mq.freeMsg(mq.subRaw());
    }));
    rows.push(measure('appsl-rx-mqs-input', n, () => {
      post(n);
      appRxMqFdReadReady(vm, aw, elt, node);
      sink ^= appslRxMqsInputNodeFn(sm, vm);
      // session-queue's share: unlink the new events and put them back
      for (let e = pool.next(EvtHead.New); e !== EvtHead.New; e = pool.next(EvtHead.New)) { pool.remove(e); pool.put(e); }
    }));
    if (!mq.isEmpty() || !pool.isEmpty(EvtHead.New)) throw new VppsimError('ERR_BENCH', `appsl-micro N=${n}: state not restored between ops`);
  }
  return rows;
}

/** Aligned table: per message for every case and the ratios to the floors. */
export function formatAppslMicro (rows: readonly AppslMicroRow[]): string {
  const find = (c: AppslMicroCase, n: number): AppslMicroRow | undefined => rows.find((r) => r.case === c && r.nMsgs === n);
  const body = rows.map((r) => {
    const raw = find('raw ring', r.nMsgs);
    const mq = find('rx mq', r.nMsgs);
    const over = r.case === 'appsl-rx-mqs-input' && mq !== undefined ? formatSi(r.nsPerMsg - mq.nsPerMsg, 'ns') : '';
    return [r.nMsgs, r.case, formatSi(r.opNs, 'ns'), formatSi(r.nsPerMsg, 'ns'), `±${r.rmePct.toFixed(1)} %`,
      raw === undefined ? '' : `${(r.nsPerMsg / raw.nsPerMsg).toFixed(2)} ×`, over];
  });
  const table = markdownTable(['N', 'case', 'time/op', 'per message', 'rme', 'vs raw ring', 'node over rx mq /msg'], body,
    ['right', 'left', 'right', 'right', 'right', 'right', 'right']);
  return `${table}(vs raw ring: per-message time / the raw ring's at the same N; node over rx mq: (appsl − rx mq) per message)\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(formatAppslMicro(benchAppslMicro()));
  process.stdout.write(`(sink ${sink & 1})\n`);
}
