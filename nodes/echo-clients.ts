// nodes/echo-clients.ts. Models: v26.02 src/plugins/hs_apps/echo_client.c ec_node_fn,
// send_data_chunk, VLIB_REGISTER_NODE (echo_clients_node); HEAD
// src/plugins/vperf/builtin/vperf_client.c vp_client_node_fn, vp_client_tx_data,
// vperf_protos.c vp_proto_client_stream_tx[_test_bytes], VLIB_REGISTER_NODE (vperf_clients_node).
//
// The builtin echo client's sender, on every vpp thread. The command sets it POLLING on every
// thread the first time it runs and never turns it off (VPP: `app_is_init`); it does nothing
// unless a test is RUNNING. Each call serves this thread's current batch of sessions (the next
// `client-batch` from its list when the batch is empty): one chunk of at most `max-tx-chunk`
// bytes per session with bytes left to send; a session with nothing left to send or receive (or
// every session when the test ends) is closed and leaves the batch; the last one closed on any
// thread signals the command. Returns 0, as VPP's does.

import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeState, NodeType, type NodeRuntime } from '../graph/node.js';
import { appSendStream, vnetDisconnectSession } from '../src/session/app-interface.js';
import { kSessionMain, type SessionMain } from '../src/session/session-main.js';
import { SessionEvtType, sessionHandle } from '../src/svm/session-event.js';
import { ecAccumulateStats, ecApplyPacing } from '../src/apps/echo-client-app.js';
import {
  EcCliSignal, type EcCfg, type EcMain, type EcShared, EcState, type EcWorker, EsField, ecMain, ecSignalEvtToCli,
  ecTestData,
} from '../src/apps/echo-client-main.js';
// the hs_apps plugin holds both apps: their callbacks are registered in every realm with the graph
import '../src/apps/echo-server.js';

/** `repeats` of an unchanged batch after which VPP warns "stuck clients". */
export const EC_STUCK_REPEATS = 500_000;

/**
 * v26.02 `send_data_chunk` (TCP): the next piece of the 4 MiB test pattern (never across its
 * end), at most `max-tx-chunk`, at most what is left (timed runs: what the fifo takes), at most
 * the pacing allowance; whatever the fifo takes is counted.
 */
function sendDataChunk (vm: VlibMain, sm: SessionMain, sh: EcShared, cfg: EcCfg, t: number, es: number): void {
  const f = sh.f64;
  const si = f[sh.fieldBase(t, EsField.Si) + es] as number;
  const tx = sm.ops.txFifo(t, si);
  if (tx === null) return;
  const data = ecTestData();
  const bSent = sh.fieldBase(t, EsField.BytesSent) + es;
  const bToSend = sh.fieldBase(t, EsField.BytesToSend) + es;
  const bCur = sh.fieldBase(t, EsField.BytesPacedCurrent) + es;
  let n = cfg.runTime > 0 ? Math.min(tx.maxEnqueueProd(), cfg.maxChunkBytes) : Math.min(f[bToSend] as number, cfg.maxChunkBytes);
  if (cfg.throughput > 0) n = Math.min(f[bCur] as number, n);
  const off = (f[bSent] as number) % data.length;
  n = Math.min(data.length - off, n);
  const rv = appSendStream(vm, sm, t, si, data, off, n);
  if (rv <= 0) return;
  f[bSent] = (f[bSent] as number) + rv;
  if (cfg.runTime > 0) {
    const b = sh.fieldBase(t, EsField.BytesToReceive) + es;
    f[b] = (f[b] as number) + rv;
  } else {
    f[bToSend] = (f[bToSend] as number) - rv;
  }
  if (cfg.throughput > 0) f[bCur] = (f[bCur] as number) - rv + (f[sh.fieldBase(t, EsField.BytesPacedTarget) + es] as number);
}

/**
 * HEAD `vp_client_tx_data`: a paced session waits for its slot; then `max-tx-chunk` (or what is
 * left) goes out, zero-copy (the fifo's tail just moves) unless test-bytes copies the pattern.
 * HEAD copies `max_send` bytes from `test_data + offset` even past the 4 MiB buffer's end;
 * vppsim stops at the end (the next chunk starts over).
 */
function vpTxData (vm: VlibMain, sm: SessionMain, sh: EcShared, cfg: EcCfg, t: number, es: number): void {
  const f = sh.f64;
  const si = f[sh.fieldBase(t, EsField.Si) + es] as number;
  const tx = sm.ops.txFifo(t, si);
  if (tx === null) return;
  const bSent = sh.fieldBase(t, EsField.BytesSent) + es;
  const bToSend = sh.fieldBase(t, EsField.BytesToSend) + es;
  const bCur = sh.fieldBase(t, EsField.BytesPacedCurrent) + es;
  let n = cfg.runTime > 0 ? cfg.maxChunkBytes : Math.min(f[bToSend] as number, cfg.maxChunkBytes);
  if (cfg.throughput > 0) {
    const bT = sh.fieldBase(t, EsField.TimeToSend) + es;
    if (vm.clock.now() / 1e9 < (f[bT] as number)) return;
    f[bT] = (f[bT] as number) + sh.pacingWindowLen;
    n = Math.min(n, f[bCur] as number);
  }
  let sent: number;
  if (cfg.testBytes) {
    const data = ecTestData();
    const off = (f[bSent] as number) % data.length;
    sent = Math.max(appSendStream(vm, sm, t, si, data, off, Math.min(n, data.length - off)), 0);
  } else {
    const maxEnq = tx.maxEnqueueProd();
    sent = Math.min(maxEnq, n);
    if (sent > 0) {
      tx.enqueueNocopy(sent);
      if (tx.setEvent()) sm.sendEvtToThread(vm, t, SessionEvtType.IO_EVT_TX, si);
    }
  }
  f[bSent] = (f[bSent] as number) + sent;
  if (cfg.runTime > 0) {
    const b = sh.fieldBase(t, EsField.BytesToReceive) + es;
    f[b] = (f[b] as number) + sent;
  } else {
    f[bToSend] = (f[bToSend] as number) - sent;
  }
  if (cfg.throughput > 0 && sent > 0) f[bCur] = (f[bCur] as number) - sent + (f[sh.fieldBase(t, EsField.BytesPacedTarget) + es] as number);
}

/** Takes the next batch off the thread's list when the current one is empty ("grab another pile"). */
function refillBatch (w: EcWorker, perBatch: number): void {
  const list = w.connIndices;
  const batch = w.connsThisBatch;
  if (batch.len !== 0) return;
  const n = Math.min(perBatch, list.len);
  for (let k = 0; k < n; k++) batch.push(list.a[list.len - n + k] as number);
  list.len -= n;
}

/** One dispatch on thread `vm`; allocates nothing (the vectors grow only at connect). */
function ecNodeFn (vm: VlibMain, ec: EcMain): number {
  const sh = ec.shared;
  const cfg = ec.cfg;
  if (sh === null || cfg === null || sh.runTest !== EcState.Running) return 0;
  const sm = ec.sm;
  const t = vm.threadIndex;
  const w = ec.worker(t);
  if (w.connIndices.len === 0 && w.connsThisBatch.len === 0) return 0;
  refillBatch(w, cfg.connectionsPerBatch);
  const batch = w.connsThisBatch;
  // track progress
  if (ec.prevConns !== cfg.connectionsPerBatch && ec.prevConns === batch.len) {
    ec.repeats++;
    ec.prevConns = batch.len;
    if (ec.repeats === EC_STUCK_REPEATS && cfg.runTime === 0) ec.log.warn(cfg.flavor === 'vperf' ? 'vp_client_node_fn' : 'ec_node_fn', 'stuck clients');
  } else {
    ec.prevConns = batch.len;
    ec.repeats = 0;
  }
  if (cfg.throughput > 0) ecApplyPacing(sh, t, w);
  const vp = cfg.flavor === 'vperf';
  const f = sh.f64;
  const bToSend = sh.fieldBase(t, EsField.BytesToSend);
  const bToRecv = sh.fieldBase(t, EsField.BytesToReceive);
  const bTime = sh.fieldBase(t, EsField.TimeToSend);
  const tab = sm.sessions[t];
  for (let i = 0; i < batch.len; i++) {
    const es = batch.a[i] as number;
    if (!vp && cfg.throughput > 0 && vm.clock.now() / 1e9 < (f[bTime + es] as number)) continue;
    let del = true;
    if ((f[bToSend + es] as number) > 0) {
      if (vp) {
        vpTxData(vm, sm, sh, cfg, t, es);
      } else {
        sendDataChunk(vm, sm, sh, cfg, t, es);
        if (cfg.throughput > 0) f[bTime + es] = (f[bTime + es] as number) + sh.pacingWindowLen;
      }
      del = false;
    }
    if ((f[bToRecv + es] as number) > 0) del = false;
    if (!del && !sh.endTest) continue;
    const si = f[sh.fieldBase(t, EsField.Si) + es] as number;
    const valid = tab !== undefined && tab.isValid(si);
    if (vp) {
      ecAccumulateStats(sm, sh, cfg, t, es);
      const hadHandle = (f[sh.fieldBase(t, EsField.HandleValid) + es] as number) !== 0;
      f[sh.fieldBase(t, EsField.HandleValid) + es] = 0;
      if (hadHandle && valid) vnetDisconnectSession(vm, sm, cfg.appIndex, sessionHandle(t, si));
      batch.deleteAt(i);
      i--;
      if (sh.readyAdd(-1) === 0) ecSignalEvtToCli(vm, sm, EcCliSignal.TestDone);
    } else {
      ecAccumulateStats(sm, sh, cfg, t, es);
      if (valid) {
        vnetDisconnectSession(vm, sm, cfg.appIndex, sessionHandle(t, si));
        batch.deleteAt(i);
        i--;
        sh.readyAdd(-1);
      } else {
        ec.log.warn('ec_node_fn', 'session AWOL?');
        batch.deleteAt(i); // VPP does not step back here: the next session waits a dispatch
      }
      if (sh.ready === 0) ecSignalEvtToCli(vm, sm, EcCliSignal.TestDone);
    }
  }
  return 0;
}

/** `echo-clients` (both generations' name): INPUT, registered DISABLED; its data is this realm's client. */
export const echoClientsNode = defineNode<EcMain | null>({
  name: 'echo-clients',
  type: NodeType.Input,
  state: NodeState.Disabled,
  dispatch (vm: VlibMain, rt: NodeRuntime<EcMain | null>) {
    let ec = rt.data;
    if (ec === null) {
      ec = ecMain(vm.getData(kSessionMain));
      rt.data = ec;
    }
    return ecNodeFn(vm, ec);
  },
});
