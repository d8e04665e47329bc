// src/apps/echo-client-main.ts: the builtin echo client's state. What VPP keeps in `ec_main`
// (v26.02) / `vp_client_main` (HEAD) and every vpp thread reads or bumps (the test state, the
// connection count, totals, rtt statistics, the session pools that main reads for its reports) is
// in one SharedArrayBuffer per command, so it is the same memory on every thread, as in VPP; what
// a thread alone touches (its batch vectors, its rx buffer) stays in that thread's realm.
// Models: v26.02 src/plugins/hs_apps/echo_client.h (ec_main_t, ec_worker_t, ec_session_t,
// ec_state_t, ec_cli_signal_t), echo_client.c (signal_evt_to_cli, update_rtt_stats);
// HEAD src/plugins/vperf/builtin/vperf_client.h, vperf_builtin.h (vp_test_session_t),
// vperf_stats.h (vp_rtt_stat_t).
//
//   SAB (Int32 words, then Float64 slots; f64 index i is byte 8i):
//   i32 [0..16)  run_test end_test ready failed conn_index closes resets disconnects
//                rtt_lock tput_gen n_threads n_clients pool_cap (spare)
//   f64 [8..24)  ctrl_handle rtt_min rtt_max rtt_sum rtt_last rtt_n pacing_window
//                bytes_paced_target pacing_base (spare)
//   f64 [24..)   per thread ×4: tx_total rx_total n_sessions (spare)
//   f64 [..)     connect start time of each client, ns
//   f64 [..)     session pools: thread × field × pool_cap

import { defineMailboxHandler, type MailboxMsg } from '../../graph/mailbox.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { NODE_INDEX_INVALID, type NodeIndex } from '../../graph/node.js';
import { defineRpc } from '../../graph/rpc.js';
import type { EchoFlavor } from '../config/cli-command-types.js';
import { kSessionMain, type SessionMain } from '../session/session-main.js';
import { type EchoAppLog, echoAppLog } from './echo-app-log.js';
import { HsTestCfg, HsTestCfgBuf } from './echo-test-cfg.js';

/** Test states (`ec_state_t` / `vp_client_state_t`). */
export const EcState = { Starting: 0, Running: 1, Exiting: 2 } as const;
export type EcState = (typeof EcState)[keyof typeof EcState];

/** Events the apps signal to the command's process, with the symbols VPP's messages print. */
export const foreachEcCliSignal = [
  [1, 'CONNECTS_DONE'], [2, 'CONNECTS_FAILED'], [3, 'CFG_SYNC'], [4, 'START'], [5, 'STOP'], [6, 'TEST_DONE'], [7, 'TEST_ABORT'],
] as const;
/** `ec_cli_signal_t` / `vp_client_cli_signal_t` codes (TEST_ABORT is HEAD's only). */
export const EcCliSignal = { ConnectsDone: 1, ConnectsFailed: 2, CfgSync: 3, Start: 4, Stop: 5, TestDone: 6, TestAbort: 7 } as const;
export type EcCliSignal = (typeof EcCliSignal)[keyof typeof EcCliSignal];

/** The symbol of a signal as the flavor's messages print it (`EC_CLI_CFG_SYNC`, `VP_CLIENT_CLI_CFG_SYNC`). */
export function ecCliSignalName (flavor: EchoFlavor, code: number): string {
  const row = foreachEcCliSignal.find((r) => r[0] === code);
  return `${flavor === 'vperf' ? 'VP_CLIENT_CLI_' : 'EC_CLI_'}${row?.[1] ?? String(code)}`;
}

/** `SESSION_INVALID_HANDLE` as a handle slot holds it. */
export const EC_HANDLE_INVALID = -1;
/** `CLIB_F64_MAX`: the minimum rtt before any sample. */
export const CLIB_F64_MAX = Number.MAX_VALUE;

// i32 words
const kRunTest = 0;
const kEndTest = 1;
const kReady = 2;
const kTestFailed = 3;
const kConnIndex = 4;
const kFailedCloses = 5;
const kResetCount = 6;
const kDisconnectCount = 7;
const kRttLock = 8;
const kTputGen = 9;
const kNThreads = 10;
const kNClients = 11;
const kPoolCap = 12;
// f64 slots
const kCtrlHandle = 8;
const kRttMin = 9;
const kRttMax = 10;
const kRttSum = 11;
const kRttLast = 12;
const kRttN = 13;
const kPacingWindow = 14;
const kPacedTarget = 15;
const kPacingBase = 16;
const kWrkBase = 24;
/** Per-thread slots: bytes sent and received by the sessions the thread closed, and its pool's size. */
const kWrkTxTotal = 0;
const kWrkRxTotal = 1;
const kWrkNSessions = 2;
const kWrkWords = 4;

/**
 * Fields of a client session (`ec_session_t` / `vp_test_session_t`), one f64 array each per
 * thread. Bytes are bytes; times are vlib seconds.
 */
export const EsField = {
  /** The vpp session's index on the pool's thread (the handle is thread + index). */
  Si: 0,
  BytesToSend: 1,
  BytesSent: 2,
  BytesToReceive: 3,
  BytesReceived: 4,
  /** Throughput runs: when the session may send next, s. */
  TimeToSend: 5,
  BytesPacedTarget: 6,
  BytesPacedCurrent: 7,
  /** The session's round trip sample, s (vppsim: its handshake, see {@link EcShared.rttUpdate}). */
  Rtt: 8,
  /** 1 while `vpp_session_handle` is set (HEAD invalidates it when the app closes the session). */
  HandleValid: 9,
} as const;
const kEsFields = 10;

/** The client's shared state of one command run. */
export class EcShared {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly nThreads: number;
  readonly nClients: number;
  /** Sessions each thread's pool can hold. */
  readonly poolCap: number;
  private readonly connectBase: number;
  private readonly poolBase: number;

  constructor (readonly sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
    this.nThreads = this.i32[kNThreads] as number;
    this.nClients = this.i32[kNClients] as number;
    this.poolCap = this.i32[kPoolCap] as number;
    this.connectBase = kWrkBase + this.nThreads * kWrkWords;
    this.poolBase = this.connectBase + this.nClients;
  }

  /**
   * Lays out a fresh state: STARTING, nothing ready, rtt minimum at CLIB_F64_MAX, pacing window
   * 1 s (`ec_reset_runtime_config`). `poolCap` is per thread.
   */
  static create (nThreads: number, nClients: number, poolCap: number): EcShared {
    const words = kWrkBase + nThreads * kWrkWords + nClients + nThreads * kEsFields * poolCap;
    const sab = new SharedArrayBuffer(words * 8);
    const i32 = new Int32Array(sab);
    i32[kNThreads] = nThreads;
    i32[kNClients] = nClients;
    i32[kPoolCap] = poolCap;
    i32[kRunTest] = EcState.Starting;
    const s = new EcShared(sab);
    s.f64[kCtrlHandle] = EC_HANDLE_INVALID;
    s.f64[kRttMin] = CLIB_F64_MAX;
    s.f64[kPacingWindow] = 1;
    return s;
  }

  get runTest (): number { return Atomics.load(this.i32, kRunTest); }
  set runTest (v: number) { Atomics.store(this.i32, kRunTest, v); }
  /** `end_test`: close every session at the next dispatch (timed runs, UDP echo timeouts). */
  get endTest (): boolean { return Atomics.load(this.i32, kEndTest) !== 0; }
  set endTest (v: boolean) { Atomics.store(this.i32, kEndTest, v ? 1 : 0); }
  /** `ready_connections` / `ready_sessions`. */
  get ready (): number { return Atomics.load(this.i32, kReady); }
  set ready (v: number) { Atomics.store(this.i32, kReady, v); }
  /** Adds `n` (atomically) and returns the new count (`clib_atomic_add_fetch`). */
  readyAdd (n: number): number { return Atomics.add(this.i32, kReady, n) + n; }
  /** `test_failed`. */
  get testFailed (): boolean { return Atomics.load(this.i32, kTestFailed) !== 0; }
  set testFailed (v: boolean) { Atomics.store(this.i32, kTestFailed, v ? 1 : 0); }
  /** `connect_conn_index`: connects the RPC made so far when it paused. */
  get connectConnIndex (): number { return Atomics.load(this.i32, kConnIndex); }
  set connectConnIndex (v: number) { Atomics.store(this.i32, kConnIndex, v); }
  /** HEAD: peer closes that failed the test, and how many were resets / disconnects. */
  get failedSessionCloses (): number { return Atomics.load(this.i32, kFailedCloses); }
  get resetCount (): number { return Atomics.load(this.i32, kResetCount); }
  get disconnectCount (): number { return Atomics.load(this.i32, kDisconnectCount); }
  /** Counts a failing peer close (`failed_session_closes` and the reset or disconnect count). */
  countFailedClose (isReset: boolean): void {
    Atomics.add(this.i32, kFailedCloses, 1);
    Atomics.add(this.i32, isReset ? kResetCount : kDisconnectCount, 1);
  }
  /** `ctrl_session_handle`, or {@link EC_HANDLE_INVALID}. */
  get ctrlSessionHandle (): number { return this.f64[kCtrlHandle] as number; }
  set ctrlSessionHandle (h: number) { this.f64[kCtrlHandle] = h; }

  /**
   * `update_rtt_stats`: one round trip sample `rtt` (s) into min/max/sum/last under the stats
   * spinlock. VPP samples TCP's smoothed rtt (`srtt * TCP_TICK`); vppsim's TCP keeps no rtt
   * estimate, so the client samples each session's handshake (connect to CONNECTED), which is
   * what VPP seeds srtt with.
   */
  rttUpdate (rtt: number): void {
    const i32 = this.i32;
    while (Atomics.compareExchange(i32, kRttLock, 0, 1) !== 0) { /* spin: a few instructions under the lock */ }
    const f = this.f64;
    f[kRttLast] = rtt;
    f[kRttSum] = (f[kRttSum] as number) + rtt;
    f[kRttN] = (f[kRttN] as number) + 1;
    if (rtt < (f[kRttMin] as number)) f[kRttMin] = rtt;
    if (rtt > (f[kRttMax] as number)) f[kRttMax] = rtt;
    Atomics.store(i32, kRttLock, 0);
  }
  get rttMin (): number { return this.f64[kRttMin] as number; }
  get rttMax (): number { return this.f64[kRttMax] as number; }
  get rttSum (): number { return this.f64[kRttSum] as number; }
  get rttLast (): number { return this.f64[kRttLast] as number; }
  get rttN (): number { return this.f64[kRttN] as number; }

  /** `pacing_window_len`, s. */
  get pacingWindowLen (): number { return this.f64[kPacingWindow] as number; }
  /** Generation of the pacing set by {@link publishPacing}; each thread applies it once. */
  get tputGen (): number { return Atomics.load(this.i32, kTputGen); }
  /** `bytes_paced_target` of every session, bytes per window. */
  get bytesPacedTarget (): number { return this.f64[kPacedTarget] as number; }
  /** The time the first session's slot is measured from, s. */
  get pacingBase (): number { return this.f64[kPacingBase] as number; }
  /** Publishes a throughput run's pacing (window s, bytes per window, base s) for every thread. */
  publishPacing (windowLen: number, bytesPacedTarget: number, base: number): void {
    this.f64[kPacingWindow] = windowLen;
    this.f64[kPacedTarget] = bytesPacedTarget;
    this.f64[kPacingBase] = base;
    Atomics.add(this.i32, kTputGen, 1);
  }

  /** Bytes sent by thread `t`'s closed sessions (v26.02 `tx_total` share; HEAD `wrk->bytes_sent`). */
  wrkTxTotal (t: number): number { return this.f64[kWrkBase + t * kWrkWords + kWrkTxTotal] as number; }
  /** Bytes received by thread `t`'s closed sessions. */
  wrkRxTotal (t: number): number { return this.f64[kWrkBase + t * kWrkWords + kWrkRxTotal] as number; }
  /** Adds a closed session's bytes to its thread's totals (owner thread only). */
  wrkAddTotals (t: number, tx: number, rx: number): void {
    const b = kWrkBase + t * kWrkWords;
    this.f64[b + kWrkTxTotal] = (this.f64[b + kWrkTxTotal] as number) + tx;
    this.f64[b + kWrkRxTotal] = (this.f64[b + kWrkRxTotal] as number) + rx;
  }
  /** HEAD `vp_client_run`: every thread's totals back to 0 (main, before the test). */
  wrkResetTotals (): void {
    for (let t = 0; t < this.nThreads; t++) {
      const b = kWrkBase + t * kWrkWords;
      this.f64[b + kWrkTxTotal] = 0;
      this.f64[b + kWrkRxTotal] = 0;
    }
  }

  /** Sessions in thread `t`'s pool (`pool_len`). */
  nSessions (t: number): number { return this.f64[kWrkBase + t * kWrkWords + kWrkNSessions] as number; }

  /**
   * A zeroed session in thread `t`'s pool (`pool_get_zero`), owner thread only; its index, or
   * −1 if the pool is full (vppsim's pools are sized at the command: at most the run's sessions
   * per thread).
   */
  sessionAlloc (t: number): number {
    const w = kWrkBase + t * kWrkWords + kWrkNSessions;
    const i = this.f64[w] as number;
    if (i >= this.poolCap) return -1;
    for (let k = 0; k < kEsFields; k++) this.f64[this.fieldBase(t, k) + i] = 0;
    this.f64[w] = i + 1;
    return i;
  }

  /** Index in {@link f64} of field `field` (an {@link EsField}) of session 0 of thread `t`'s pool. */
  fieldBase (t: number, field: number): number { return this.poolBase + (t * kEsFields + field) * this.poolCap; }

  /** When client `ci`'s connect was made, ns (for its rtt sample). */
  connectStart (ci: number): number { return this.f64[this.connectBase + ci] as number; }
  setConnectStart (ci: number, ns: number): void { if (ci >= 0 && ci < this.nClients) this.f64[this.connectBase + ci] = ns; }
}

/** A growable vector of u32 (`u32 *` vec) that allocates only when it grows. */
export class U32Vec {
  a = new Int32Array(64);
  len = 0;
  push (v: number): void {
    if (this.len === this.a.length) { const g = new Int32Array(this.a.length * 2); g.set(this.a); this.a = g; }
    this.a[this.len++] = v;
  }
  /** `vec_delete (v, 1, i)`: removes element `i`, shifting the rest down. */
  deleteAt (i: number): void {
    this.a.copyWithin(i, i + 1, this.len);
    this.len--;
  }
}

/** What one vpp thread alone keeps for the client (`ec_worker_t` minus the session pool). */
export class EcWorker {
  /** Sessions this thread still serves (`conn_indices`). */
  readonly connIndices = new U32Vec();
  /** The batch being served (`conns_this_batch`). */
  readonly connsThisBatch = new U32Vec();
  /** Pacing generation this thread applied to its sessions. */
  tputGenApplied = 0;
  constructor (readonly threadIndex: number) {}
  reset (): void {
    this.connIndices.len = 0;
    this.connsThisBatch.len = 0;
    this.tputGenApplied = 0;
  }
}

/**
 * The command's configuration, as every thread needs it (plain data: it travels by mailbox).
 * Bytes are bytes, times seconds.
 */
export interface EcCfg {
  readonly flavor: EchoFlavor;
  readonly nClients: number;
  /** `expected_connections` / `expected_sessions`: clients × streams. */
  readonly expected: number;
  /** `bytes_to_send` per session. */
  readonly bytesToSend: number;
  readonly echoBytes: boolean;
  /** `max_chunk_bytes`: most bytes one session sends per dispatch. */
  readonly maxChunkBytes: number;
  /** `throughput` in bytes/s (the command's bits/s ÷ 8); 0 = not paced. */
  readonly throughput: number;
  /** `run_time`, s; 0 = not a timed run. */
  readonly runTime: number;
  /** `cfg.test_bytes`. */
  readonly testBytes: boolean;
  /** `include_buffer_offset`: the rx path copies what it reads (to check it). */
  readonly includeBufferOffset: boolean;
  readonly verbose: boolean;
  /** `connections_per_batch`. */
  readonly connectionsPerBatch: number;
  /** `fifo_size`, bytes (the pacing threshold depends on it). */
  readonly fifoSize: number;
  /** `hs_test_t` the client runs (UNI or BI). */
  readonly testType: number;
  readonly appIndex: number;
  /** The app worker (global index) the client connects with. */
  readonly wrkIndex: number;
  /** Transport of the data sessions (TransportProto), or −1 for one vppsim has none of. */
  readonly dataProto: number;
  /** True for TCP data sessions (what the rtt and report paths look at). */
  readonly isTcp: boolean;
  /** Server address (IPv4 as u32). */
  readonly ip: number;
  /** Control port, and the data port after it. */
  readonly ctrlPort: number;
  readonly dataPort: number;
}

/** The echo client as one realm sees it. */
export class EcMain {
  /** This command's shared state; null before the first command. */
  shared: EcShared | null = null;
  cfg: EcCfg | null = null;
  private readonly wrks: (EcWorker | undefined)[] = [];
  /** `ecm->cfg`: the test config this realm sends and checks replies against. */
  readonly testCfg = new HsTestCfg().init();
  /** A reply read off the control session. */
  readonly rxCfg = new HsTestCfg();
  /** Bytes of one control message. */
  readonly msg = new HsTestCfgBuf();
  /** Progress tracking of the node (`prev_conns`, `repeats`): global in VPP, per realm here. */
  prevConns = 0;
  repeats = 0;
  readonly log: EchoAppLog;

  // main's realm only
  /** `app_is_init`: the test data and node states are set up (once per run). */
  appIsInit = false;
  /** `test_client_attached`. */
  attached = false;
  /** `app_index`, or −1. */
  appIndex = -1;
  /** `cli_node_index`: the process running the command. */
  cliNodeIndex: NodeIndex = NODE_INDEX_INVALID;

  constructor (readonly sm: SessionMain) {
    this.log = echoAppLog(sm);
  }

  /** Thread `t`'s own state. */
  worker (t: number): EcWorker {
    let w = this.wrks[t];
    if (w === undefined) { w = new EcWorker(t); this.wrks[t] = w; }
    return w;
  }
}

const realms = new WeakMap<SessionMain, EcMain>();
/** The last one asked for: callbacks and nodes look it up per message without a map lookup. */
let lastEc: EcMain | null = null;

/** The echo client of session layer `sm` (this realm's), made on first use. */
export function ecMain (sm: SessionMain): EcMain {
  if (lastEc !== null && lastEc.sm === sm) return lastEc;
  let ec = realms.get(sm);
  if (ec === undefined) { ec = new EcMain(sm); realms.set(sm, ec); }
  lastEc = ec;
  return ec;
}

/** Size of the client's test data and rx buffers (`connect_test_data`, 4 MiB). */
export const EC_TEST_DATA_BYTES = 4 << 20;
let testData: Uint8Array | null = null;
const rxBufs: Uint8Array[] = [];

/** `connect_test_data`: byte i is i & 0xff; one per realm, built on first use. */
export function ecTestData (): Uint8Array {
  if (testData === null) {
    testData = new Uint8Array(EC_TEST_DATA_BYTES);
    for (let i = 0; i < EC_TEST_DATA_BYTES; i++) testData[i] = i & 0xff;
  }
  return testData;
}

/** Thread `t`'s rx buffer (`wrk->rx_buf`, 4 MiB), made on first use. */
export function ecRxBuf (t: number): Uint8Array {
  let b = rxBufs[t];
  if (b === undefined) { b = new Uint8Array(EC_TEST_DATA_BYTES); rxBufs[t] = b; }
  return b;
}

/** Mailbox: a command's shared state and configuration, for every vpp thread. */
interface EcSetupMsg extends MailboxMsg {
  readonly kind: 'echo-client-setup';
  readonly sab: SharedArrayBuffer;
  readonly cfg: EcCfg;
}

/** Sets `ec`'s test config from a command's (`hs_test_cfg_init` plus what the command sets). */
function applyCfg (ec: EcMain, cfg: EcCfg): void {
  ec.cfg = cfg;
  const c = ec.testCfg.init();
  c.verbose = cfg.verbose ? 1 : 0;
  c.testBytes = cfg.testBytes ? 1 : 0;
  c.numTestSessions = cfg.expected;
  c.test = cfg.testType;
}

defineMailboxHandler('echo-client-setup', (vm, m) => {
  const msg = m as EcSetupMsg;
  const ec = ecMain(vm.getData(kSessionMain));
  if (ec.shared === null || ec.shared.sab !== msg.sab) ec.shared = new EcShared(msg.sab);
  applyCfg(ec, msg.cfg);
  ec.prevConns = 0;
  ec.repeats = 0;
  ec.worker(vm.threadIndex).reset();
});

/**
 * Main, before the client connects: hands a command's shared state and configuration to every
 * vpp thread (main at once, the others before they run a node again).
 */
export function ecSetupThreads (vm: VlibMain, n: number, shared: EcShared, cfg: EcCfg): void {
  const msg: EcSetupMsg = { kind: 'echo-client-setup', sab: shared.sab, cfg };
  for (let t = 0; t < n; t++) vm.postMailbox(t, msg);
}

const rpcSignalCli = defineRpc('echo-client-signal-cli', (vm, code) => {
  const ec = ecMain(vm.getData(kSessionMain));
  if (ec.cliNodeIndex !== NODE_INDEX_INVALID) vm.processSignalEvent(ec.cliNodeIndex, code, 0);
});

/**
 * `signal_evt_to_cli`: event `code` to the command's process: directly on main, else as an RPC
 * through main's session worker mq (`session_send_rpc_evt_to_thread_force (0, …)`).
 */
export function ecSignalEvtToCli (vm: VlibMain, sm: SessionMain, code: number): void {
  if (vm.threadIndex !== 0) {
    sm.sendRpcEvtToThreadForce(vm, 0, rpcSignalCli, code);
    return;
  }
  const ec = ecMain(sm);
  if (ec.cliNodeIndex !== NODE_INDEX_INVALID) vm.processSignalEvent(ec.cliNodeIndex, code, 0);
}
