// src/apps/vcl-test-client.ts: `vcl_test_client` as a vppsim app program. It connects a control
// session to the server's port and syncs its test config, then runs one test: `-E text` writes
// the text (with its NUL) on the control session and reads the echo back; `-U` / `-B` send START,
// connect `-s` data sessions to port + 1, write `-N` buffers of `-T` bytes on each (and in the
// bi-directional test read as many back), close them a second later, send STOP and print the
// CLIENT RESULTS and its config. With `-X` it then tells the server to exit. The tool's select
// loop spins with a zero timeout; vppsim's sleeps on the app worker's event queue when no
// session is ready, which changes no output.
// Models: v26.02 src/plugins/hs_apps/vcl/vcl_test_client.c (main, vtc_ctrl_session_init,
// vtc_cfg_sync, vtc_echo_client, vtc_stream_client, vtc_worker_loop, vtc_worker_init,
// vtc_worker_alloc_sessions, vtc_worker_run_select, vtc_worker_connect_sessions_select,
// vtc_worker_start_transfer, vtc_worker_inc_stats_check, vtc_accumulate_stats,
// vtc_worker_sessions_exit, vtc_print_stats, vtc_ctrl_session_exit), vcl_test_protos.c
// (vt_tcp_connect). HEAD's src/plugins/vperf/vcl/vperf_client.c is the same program under
// vperf_* names (its post-test sync skips the config check).

import { VclWorker } from '../app/vcl.js';
import { VclState } from '../app/vcl-session.js';
import type { AppProgram, AppWait } from '../app/app-thread.js';
import { ERR_CONFIG_NOT_SIMULATED } from '../config/cli-context.js';
import type { VclTestClientOptions } from '../config/vcl-test-options.js';
import { VppsimError } from '../errors.js';
import { parseIp4 } from '../session/net.js';
import {
  HS_TEST_CFG_BYTES, HS_TEST_CFG_CTRL_MAGIC, HS_TEST_SEPARATOR, HsTestCfg, HsTestCmd, HsTestType, VCL_TEST_CFG_MAX_SELECT_SESS,
  VCL_TEST_DELAY_DISCONNECT, formatHsTestCfg, hsMakeDataPort, hsTestCfgVerify, hsTestParamOf,
} from './vcl-test-protocol.js';
import { cFixed, cPointer } from './vcl-test-printf.js';
import { type VclTestStatsSnapshot, formatVclTestStats, formatVclTestStatsInc, snapshotVclTestStats, vclTestTimeDiff, vclTimeBefore } from './vcl-test-stats.js';
import {
  type VclTestAppConfig, type VclTestAppConfigFilled, type VclTestEnv, VclTestAddr, VclTestExit, VclTestIo, type VclTestProgram,
  VclTestSession, fillVclTestAppConfig, toAppProgram, vclAfterPass, vclBlockingRead, vclBlockingWrite, vclPassWait, vclRxEvtValidate,
  vclSelectReadable, vclSelectWritable, vclTestAttachOptions, vclTestRead, vclTestReadOnce, vclTestSleep, vclTestWrite, vclTestWriteOnce,
  vclTestWorkerConfig, vclWaitState,
} from './vcl-test-common.js';

const utf8 = new TextDecoder();

/** What a client run did, filled as it runs. */
export interface VclTestClientResult {
  /** The exit status once the program ended (0, or 1 after exit (1)), else null. */
  exitStatus: number | null;
  /** The control session's fd, −1 before it is connected. */
  ctrlFd: number;
  /** Echo test: the text the server sent back (up to its NUL); the tool reads it but prints nothing. */
  echoReply: string | null;
  /** Stream tests: each data session's counters when the transfer ended. */
  sessions: VclTestStatsSnapshot[];
  /** Stream tests: the CLIENT RESULTS counters (all sessions), null before they are printed. */
  results: VclTestStatsSnapshot | null;
  /** Config exchanges that passed the check. */
  cfgSyncs: number;
}

/** How a client program reports. */
export interface VclTestClientIo {
  /** stdout, line by line. */
  readonly out: (line: string) => void;
  /** stderr, line by line (default: dropped). */
  readonly err?: (line: string) => void;
}

/**
 * Refuses, with VppsimError `ERR_CONFIG_NOT_SIMULATED`, what this app does not simulate: other
 * transports than TCP, IPv6, several workers (`-w`), and more than 512 sessions (the tool then
 * switches to its epoll loop, vtc_worker_run_epoll).
 */
export function checkVclTestClientOptions (o: VclTestClientOptions): void {
  const no = (what: string): never => { throw new VppsimError(ERR_CONFIG_NOT_SIMULATED, `vcl_test_client: ${what} is not simulated`); };
  if (o.proto !== 'tcp') no(`-p ${o.proto}`);
  if (o.ip6) no('-6 (IPv6)');
  if (o.nWorkers > 1) no(`-w ${o.nWorkers} (client workers)`);
  if (o.numTestSessions > VCL_TEST_CFG_MAX_SELECT_SESS) no(`-s ${o.numTestSessions} (above ${VCL_TEST_CFG_MAX_SELECT_SESS} sessions: the epoll loop)`);
}

/**
 * `vcl_test_client`: construct, then run {@link VclTestClient.run} as the app's program; read
 * {@link VclTestClient.result} as it goes. Throws what {@link checkVclTestClientOptions} throws.
 */
export class VclTestClient {
  /** Filled as the program runs. */
  readonly result: VclTestClientResult = { exitStatus: null, ctrlFd: -1, echoReply: null, sessions: [], results: null, cfgSyncs: 0 };
  private readonly io: VclTestIo;
  private readonly app: VclTestAppConfigFilled;
  private vcl: VclWorker | null = null;
  /** The app's VCL worker once attached (its latency histograms), else null. */
  get vclWorker (): VclWorker | null { return this.vcl; }
  /** `vcm->ctrl_session`. */
  private readonly ctrl = new VclTestSession();
  /** The worker's config (`wrk->cfg`). */
  private readonly wrkCfg = new HsTestCfg();
  /** `wrk->sessions`. */
  private sessions: VclTestSession[] = [];
  /** The server reply, `(hs_test_cfg_t *) ctrl->rxbuf`. */
  private readonly rxCfg = new HsTestCfg();
  private readonly cfgBuf = new Uint8Array(HS_TEST_CFG_BYTES);
  private readonly serverIp: number;
  private dataPort: number;
  /** `wrk->old_stats_stop` (`-S`). */
  private oldStatsStopNs = 0;

  /**
   * @param env the app thread's client, wait object and clock.
   * @param options parsed `vcl_test_client` arguments.
   * @param io stdout (and stderr) sinks.
   * @param appCfg the app's VCL configuration (vcl.conf); VCL's defaults when left out.
   */
  constructor (private readonly env: VclTestEnv, readonly options: VclTestClientOptions, io: VclTestClientIo, appCfg: VclTestAppConfig = {}) {
    checkVclTestClientOptions(options);
    this.io = new VclTestIo(io.out, io.err);
    this.app = fillVclTestAppConfig(appCfg);
    this.serverIp = parseIp4(options.serverAddress);
    this.dataPort = options.serverPort;
    // main: hs_test_cfg_init, vcl_test_session_buf_alloc, then vtc_process_opts
    const o = options;
    const cfg = this.ctrl.cfg.init();
    cfg.test = o.test === 'echo' ? HsTestType.Echo : o.test === 'bi' ? HsTestType.Bi : HsTestType.Uni;
    cfg.numTestSessions = o.numTestSessions;
    cfg.numTestSessionsPerq = o.numTestSessionsPerQ;
    cfg.numTestQsessions = o.numTestQSessions;
    cfg.verbose = o.verbose ? 1 : 0;
    cfg.addressIp6 = o.ip6 ? 1 : 0;
    cfg.rxbufSize = o.rxbufSize;
    cfg.txbufSize = o.txbufSize;
    cfg.numWrites = o.numWrites;
    cfg.totalBytes = o.totalBytes;
    cfg.testParam = hsTestParamOf(o.testParam);
    this.ctrl.allocTxbuf();
    this.ctrl.allocRxbuf();
    if (o.echoText !== null) {
      // strncpy (ctrl->txbuf, optarg, txbuf_size); vppsim keeps a terminating NUL
      const text = new TextEncoder().encode(o.echoText).subarray(0, this.ctrl.txbufSize - 1);
      this.ctrl.txbuf.fill(0);
      this.ctrl.txbuf.set(text);
    }
  }

  /** The app program. */
  run (): AppProgram {
    return toAppProgram(() => this.main(), this.io, (s) => { this.result.exitStatus = s; });
  }

  private now (): number { return this.env.clock.now(); }

  private get w (): VclWorker { return this.vcl as VclWorker; }

  private ctrlCfgAddr (): number { return VclTestAddr.bss + 0x40; }
  private ctrlStatsAddr (): number { return VclTestAddr.bss + 0x98; }
  private rxbufAddr (): number { return VclTestAddr.heap + 0x2010; }
  private txbufAddr (): number { return VclTestAddr.heap + 0x10; }

  /** `main`. */
  private * main (): VclTestProgram {
    const { client, wait } = this.env;
    const ctrl = this.ctrl;
    const rep = yield * client.attach('vcl_test_client', vclTestAttachOptions(this.app));
    const wrk = client.workers.get(0);
    // vcl_sapi_attach returns −1 for a refused attach: vtfail prints errno 1
    if (rep.retval !== 0 || wrk === undefined) return this.io.fail('vppcom_app_create()', -1);
    this.vcl = new VclWorker(client, wrk, wait, vclTestWorkerConfig(this.app, this.env));

    const rv = yield * this.ctrlSessionInit();
    if (rv !== 0) this.io.fail('vppcom_session_create() ctrl session', rv);
    this.dataPort = hsMakeDataPort(this.options.serverPort);

    // one test: -x (the interactive loop) is refused by the option parser
    if (this.options.dumpCfg) this.io.print(formatHsTestCfg(ctrl.cfg, true, this.ctrlCfgAddr()));
    if (ctrl.cfg.test === HsTestType.Echo) yield * this.echoClient();
    else if (ctrl.cfg.test === HsTestType.Uni || ctrl.cfg.test === HsTestType.Bi) yield * this.streamClient();
    ctrl.cfg.test = HsTestType.Exit;

    yield * this.ctrlSessionExit();
    client.close(); // vppcom_app_destroy
    return 0;
  }

  /** `vtc_ctrl_session_init`: a blocking connect and the first SYNC. Returns 0 or the error. */
  private * ctrlSessionInit (): Generator<AppWait, number, void> {
    const vcl = this.w;
    const ctrl = this.ctrl;
    ctrl.fd = vcl.sessionCreate();
    this.io.inf('Connecting to server...');
    vcl.connect(ctrl.fd, this.serverIp, this.options.serverPort);
    let rv = yield * vclWaitState(vcl, ctrl.fd, VclState.Ready, this.app.sessionTimeoutNs, this.env.clock);
    if (rv !== 0) {
      this.io.errFn('vppcom_session_connect()', rv);
      return rv;
    }
    this.result.ctrlFd = ctrl.fd;
    this.io.inf(`Control session (fd ${ctrl.fd}) connected.`);
    ctrl.cfg.cmd = HsTestCmd.Sync;
    rv = yield * this.cfgSync();
    if (rv !== 0) {
      this.io.errFn('vtc_cfg_sync()', rv);
      return rv;
    }
    ctrl.cfg.ctrlHandle = this.rxCfg.ctrlHandle;
    ctrl.stats.reset();
    return 0;
  }

  /** `vtc_cfg_sync`: sends the config, reads the server's copy and checks it. Returns 0 or < 0. */
  private * cfgSync (): Generator<AppWait, number, void> {
    const vcl = this.w;
    const ts = this.ctrl;
    ts.cfg.seqNum = (ts.cfg.seqNum + 1) >>> 0;
    if (ts.cfg.verbose !== 0) {
      this.io.inf(`(fd ${ts.fd}): Sending config to server.`);
      this.io.print(formatHsTestCfg(ts.cfg, true, this.ctrlCfgAddr()));
    }
    ts.cfg.encode(this.cfgBuf);
    const txBytes = yield * vclBlockingWrite(vcl, ts.fd, this.cfgBuf, HS_TEST_CFG_BYTES, Infinity);
    if (txBytes < 0) {
      this.io.wrn(`(fd ${ts.fd}): write test cfg failed (${txBytes})!`);
      return txBytes;
    }
    const rxBytes = yield * vclBlockingRead(vcl, ts.fd, ts.rxbuf, HS_TEST_CFG_BYTES, Infinity);
    if (rxBytes < 0) return rxBytes;
    const rx = this.rxCfg.decode(ts.rxbuf);
    if (rx.magic !== HS_TEST_CFG_CTRL_MAGIC) {
      this.io.wrn(`(fd ${ts.fd}): Bad server reply cfg -- aborting!`);
      return -1;
    }
    if (rxBytes !== HS_TEST_CFG_BYTES || !hsTestCfgVerify(rx, ts.cfg)) {
      this.io.wrn(`(fd ${ts.fd}): Invalid config received from server!`);
      if (rxBytes !== HS_TEST_CFG_BYTES) this.io.inf(`\tRx bytes ${rxBytes} != cfg size ${HS_TEST_CFG_BYTES}`);
      else {
        this.io.print(formatHsTestCfg(rx, true, this.rxbufAddr()));
        this.io.inf(`(fd ${ts.fd}): Valid config sent to server.`);
        this.io.print(formatHsTestCfg(ts.cfg, true, this.ctrlCfgAddr()));
      }
      return -1;
    }
    if (ts.cfg.verbose !== 0) {
      this.io.inf(`(fd ${ts.fd}): Got config back from server.`);
      this.io.print(formatHsTestCfg(rx, true, this.rxbufAddr()));
    }
    this.result.cfgSyncs++;
    return 0;
  }

  /** `vtc_echo_client`: the text and its NUL on the control session, then one read of the reply. */
  private * echoClient (): Generator<AppWait, void, void> {
    const ctrl = this.ctrl;
    const len = ctrl.txbuf.indexOf(0);
    ctrl.cfg.totalBytes = len + 1;
    ctrl.stats.reset();
    const rv = yield * vclTestWrite(this.w, this.io, ctrl, ctrl.txbuf, 0, ctrl.cfg.totalBytes, Infinity);
    if (rv < 0) {
      this.io.wrn(`vppcom_test_write (${ctrl.fd}) failed `);
      return;
    }
    const n = yield * vclTestRead(this.w, this.io, ctrl, ctrl.rxbuf, ctrl.rxbufSize, Infinity);
    if (n > 0) {
      const nul = ctrl.rxbuf.subarray(0, n).indexOf(0);
      this.result.echoReply = utf8.decode(ctrl.rxbuf.subarray(0, nul < 0 ? n : nul));
    }
  }

  /** `vtc_stream_client`: START, the worker, STOP, the results, the post-test SYNC. */
  private * streamClient (): Generator<AppWait, void, void> {
    const ctrl = this.ctrl;
    const cfg = ctrl.cfg;
    this.io.inf(`${cfg.test === HsTestType.Bi ? 'Bi' : 'Uni'}-directional Stream Test Starting!`);
    ctrl.stats.reset();
    cfg.totalBytes = cfg.numWrites * cfg.txbufSize;
    cfg.ctrlHandle = ctrl.fd >>> 0;
    // one worker: it takes every session
    this.wrkCfg.copyFrom(cfg);
    cfg.cmd = HsTestCmd.Start;
    if ((yield * this.cfgSync()) !== 0) {
      this.io.wrn('test cfg sync failed -- aborting!');
      return;
    }
    yield * this.workerLoop();

    this.io.inf(`Sending config on ctrl session (fd ${ctrl.fd}) for stats...`);
    cfg.cmd = HsTestCmd.Stop;
    if ((yield * this.cfgSync()) !== 0) {
      this.io.wrn('test cfg sync failed -- aborting!');
      return;
    }
    this.printStats();

    cfg.cmd = HsTestCmd.Sync;
    cfg.test = HsTestType.Echo;
    cfg.totalBytes = 0;
    if ((yield * this.cfgSync()) !== 0) this.io.wrn('post-test cfg sync failed!');
  }

  /** `vtc_worker_loop` for worker 0. */
  private * workerLoop (): Generator<AppWait, void, void> {
    // vtc_worker_init
    this.io.inf('Initializing worker 0 ...');
    this.allocSessions();
    // vtc_worker_run
    this.io.inf('Worker 0 starting test ...');
    const rv = yield * this.runSelect();
    this.io.inf('Worker 0 done ...');
    if (rv !== 0) return;
    this.accumulateStats();
    yield * vclTestSleep(this.w, this.env.wait, this.env.clock, VCL_TEST_DELAY_DISCONNECT * 1e9);
    // vtc_worker_sessions_exit
    for (const ts of this.sessions) this.w.close(ts.fd);
  }

  /** `vtc_worker_alloc_sessions`: the sessions with their buffers; the tx buffer holds 0, 1, …, 255, 0, … */
  private allocSessions (): void {
    const n = this.wrkCfg.numTestSessions;
    const now = this.now();
    this.sessions = [];
    for (let i = 0; i < n; i++) {
      const ts = new VclTestSession();
      ts.sessionIndex = i;
      ts.oldStats.stopNs = now;
      ts.cfg.copyFrom(this.wrkCfg);
      ts.allocTxbuf();
      ts.allocRxbuf();
      if (ts.cfg.test === HsTestType.Uni || ts.cfg.test === HsTestType.Bi) {
        for (let j = 0; j < ts.txbufSize; j++) ts.txbuf[j] = j & 0xff;
      }
      this.sessions.push(ts);
    }
    this.io.inf(`All test sessions (${n}) initialized!`);
  }

  /** `vtc_worker_run_select`: connects every session, then reads and writes until all are done. */
  private * runSelect (): Generator<AppWait, number, void> {
    const vcl = this.w;
    // vtc_worker_connect_sessions_select, vt_tcp_connect each
    for (const ts of this.sessions) {
      ts.fd = vcl.sessionCreate();
      vcl.connect(ts.fd, this.serverIp, this.dataPort);
      const rv = yield * vclWaitState(vcl, ts.fd, VclState.Ready, this.app.sessionTimeoutNs, this.env.clock);
      if (rv < 0) {
        this.io.errFn('vppcom_session_connect()', rv);
        this.io.errFn('vtc_worker_connect_sessions()', rv);
        return rv;
      }
      ts.nonblocking = true; // VPPCOM_ATTR_SET_FLAGS O_NONBLOCK
      ts.isOpen = true;
      this.io.inf(`Test session ${ts.sessionIndex} (fd ${ts.fd}) connected.`);
    }
    this.io.inf(`All test sessions (${this.sessions.length}) connected!`);

    const checkRx = this.wrkCfg.test !== HsTestType.Uni;
    let nActive = this.sessions.length;
    // vtc_worker_start_transfer
    this.io.inf('Worker 0 starting transfer ...');
    this.ctrl.stats.startNs = this.now();

    const n = this.sessions.length;
    const rd = new Uint8Array(n);
    const wr = new Uint8Array(n);
    let busy = true;
    while (nActive > 0) {
      // vppcom_select (…, 0): vppsim waits for an event instead of spinning when nothing is ready
      if (busy) { yield vclPassWait(this.env.wait); vclAfterPass(vcl); } else yield * vcl.waitEvents(Infinity);
      let nSet = 0;
      for (let i = 0; i < n; i++) {
        const fd = (this.sessions[i] as VclTestSession).fd;
        vclRxEvtValidate(vcl, fd);
        rd[i] = vclSelectReadable(vcl, fd) ? 1 : 0;
        wr[i] = vclSelectWritable(vcl, fd) ? 1 : 0;
        nSet += (rd[i] as number) + (wr[i] as number);
      }
      busy = nSet > 0;
      if (!busy) continue;
      for (let i = 0; i < n; i++) {
        const ts = this.sessions[i] as VclTestSession;
        if (ts.isDone) continue;
        if (rd[i] === 1 && ts.stats.rxBytes < ts.cfg.totalBytes) {
          let rv = vclTestReadOnce(vcl, this.io, ts, ts.rxbuf, ts.rxbufSize);
          if (rv === 0) rv = yield * vclTestRead(vcl, this.io, ts, ts.rxbuf, ts.rxbufSize, Infinity); // VPP spins until data
          if (rv < 0) this.abortTest(`vppcom_test_read (${ts.fd}) failed -- aborting test`);
        }
        if (wr[i] === 1 && ts.stats.txBytes < ts.cfg.totalBytes) {
          // a non-blocking session: one pass is the whole vcl_test_write
          const rv = vclTestWriteOnce(vcl, this.io, ts, ts.txbuf, 0, ts.cfg.txbufSize);
          if (rv < 0) this.abortTest(`vppcom_test_write (${ts.fd}) failed -- aborting test`);
          if (this.options.incrementalStats) this.incStatsCheck(ts);
        }
        if (ts.done(checkRx, this.now())) nActive -= 1;
      }
    }
    return 0;
  }

  /** `vtc_abort_test`: the warning, then exit (1). */
  private abortTest (msg: string): never {
    this.io.wrn(msg);
    throw new VclTestExit(1);
  }

  /**
   * `vtc_worker_inc_stats_check`: once a session sent another MiB and a second passed, a `-S`
   * line per session (and a Sum line when there are several).
   */
  private incStatsCheck (cur: VclTestSession): void {
    if (cur.stats.txBytes - cur.oldStats.txBytes < 1 << 20) return;
    const now = this.now();
    if (vclTestTimeDiff(this.oldStatsStopNs, now) < 1) return;
    let nPrint = 0;
    let totalBytes = 0;
    for (const ts of this.sessions) {
      if (ts.isDone) continue;
      ts.stats.stopNs = now;
      if (vclTestTimeDiff(ts.oldStats.stopNs, ts.stats.stopNs) > 1) {
        this.io.out.write(`${formatVclTestStatsInc(ts.fd, ts.stats, ts.oldStats, false)}\n`);
        totalBytes += ts.stats.txBytes - ts.oldStats.txBytes;
        ts.oldStats.copyFrom(ts.stats);
        nPrint++;
      }
    }
    if (nPrint > 1) {
      const duration = vclTestTimeDiff(this.oldStatsStopNs, now);
      const rate = totalBytes * 8 / duration / 1e9;
      this.io.out.write(`Sum: Sent ${Math.trunc(totalBytes / 1e6)} Mbytes in ${cFixed(duration, 2)} seconds ${cFixed(rate, 2)} Gbps\n`);
      this.io.out.write('-------------------------------------------------\n');
    }
    this.oldStatsStopNs = now;
  }

  /** `vtc_accumulate_stats`: the sessions' counters into the control session's, the latest stop. */
  private accumulateStats (): void {
    const ctrl = this.ctrl;
    const showRx = ctrl.cfg.test === HsTestType.Bi || ctrl.cfg.test === HsTestType.Echo;
    for (const ts of this.sessions) {
      ts.stats.startNs = ctrl.stats.startNs;
      if (ctrl.cfg.verbose > 1) {
        this.io.print(formatVclTestStats(`CLIENT (fd ${ts.fd}) RESULTS`, ts.stats, showRx, true, true, VclTestAddr.heap + 0x8000 + ts.sessionIndex * VclTestAddr.sessionBytes));
      }
      ctrl.stats.accumulate(ts.stats);
      if (vclTimeBefore(ctrl.stats.stopNs, ts.stats.stopNs)) ctrl.stats.stopNs = ts.stats.stopNs;
      this.result.sessions.push(snapshotVclTestStats(ts.stats));
    }
  }

  /** `vtc_print_stats`. */
  private printStats (): void {
    const ctrl = this.ctrl;
    const verbose = ctrl.cfg.verbose !== 0;
    const showRx = ctrl.cfg.test === HsTestType.Bi || ctrl.cfg.test === HsTestType.Echo;
    this.io.print(formatVclTestStats('CLIENT RESULTS', ctrl.stats, showRx, true, verbose, this.ctrlStatsAddr()));
    this.result.results = snapshotVclTestStats(ctrl.stats);
    this.io.print(formatHsTestCfg(ctrl.cfg, true, this.ctrlCfgAddr()));
    if (verbose) {
      const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
      this.io.inf(`  ctrl session info\n${HS_TEST_SEPARATOR}\n          fd:  ${ctrl.fd} (0x${hex(ctrl.fd)})\n` +
        `       rxbuf:  ${cPointer(this.rxbufAddr())}\n  rxbuf size:  ${ctrl.rxbufSize} (0x${hex(ctrl.rxbufSize)})\n` +
        `       txbuf:  ${cPointer(this.txbufAddr())}\n  txbuf size:  ${ctrl.txbufSize} (0x${hex(ctrl.txbufSize)})\n${HS_TEST_SEPARATOR}\n`);
    }
  }

  /** `vtc_ctrl_session_exit`: with `-X`, the EXIT config to the server, then a second's sleep. */
  private * ctrlSessionExit (): Generator<AppWait, void, void> {
    const ctrl = this.ctrl;
    if (this.options.postTest === 'exit-client') return;
    ctrl.cfg.test = HsTestType.Exit;
    this.io.inf(`(fd ${ctrl.fd}): Sending exit cfg to server...`);
    if (ctrl.cfg.verbose !== 0) this.io.print(formatHsTestCfg(ctrl.cfg, true, this.ctrlCfgAddr()));
    ctrl.cfg.encode(this.cfgBuf);
    yield * vclTestWrite(this.w, this.io, ctrl, this.cfgBuf, 0, HS_TEST_CFG_BYTES, Infinity);
    yield * vclTestSleep(this.w, this.env.wait, this.env.clock, 1e9);
  }
}

/**
 * `vcl_test_client` as a program generator: `out` receives its stdout lines (stderr is dropped;
 * use {@link VclTestClient} for it and for the counters). Throws what
 * {@link checkVclTestClientOptions} throws.
 */
export function vclTestClientProgram (env: VclTestEnv, options: VclTestClientOptions, out: (line: string) => void, appCfg: VclTestAppConfig = {}): AppProgram {
  return new VclTestClient(env, options, { out }, appCfg).run();
}
