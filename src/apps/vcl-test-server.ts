// src/apps/vcl-test-server.ts: `vcl_test_server` as a vppsim app program. It listens for one
// control session on its port and for data sessions on port + 1, answers each config message
// (SYNC, START, STOP) with its own copy, echoes text sent on the control session, reads the data
// sessions (and, in the bi-directional test, writes every byte back), prints the SERVER RESULTS
// at STOP, and exits when the client sends the EXIT config (`vcl_test_client -X`) and no
// session is left. The tool's epoll loop spins on `vppcom_epoll_wait (…, 0)`; vppsim's sleeps on
// the app worker's event queue when a pass found nothing to do, which changes no output.
// Models: v26.02 src/plugins/hs_apps/vcl/vcl_test_server.c (main, vts_ctrl_session_init,
// vts_worker_init, vts_worker_loop, vts_accept_ctrl, vts_accept_client, vts_handle_ctrl_cfg,
// vts_test_cmd, sync_config_and_reply, vts_server_echo, vts_server_process_rx,
// vts_inc_stats_check, vts_session_cleanup, vts_wrk_cleanup_all, conn_pool_*), vcl_test_protos.c
// (vt_tcp_listen, vt_tcp_accept, vcl_test_close_nop, vcl_test_reset_nop). HEAD's
// src/plugins/vperf/vcl/vperf_server.c is the same program under vperf_* names.

import { VclWorker } from '../app/vcl.js';
import { VclState, Vppcom } from '../app/vcl-session.js';
import type { AppProgram, AppWait } from '../app/app-thread.js';
import { ERR_CONFIG_NOT_SIMULATED } from '../config/cli-context.js';
import type { VclTestServerOptions } from '../config/vcl-test-options.js';
import { VppsimError } from '../errors.js';
import { parseIp4 } from '../session/net.js';
import {
  VCL_TEST_CFG_INIT_TEST_SESS, VCL_TEST_CFG_MAX_SELECT_SESS, VCL_TEST_DELAY_DISCONNECT, HS_TEST_CFG_BYTES,
  HS_TEST_CFG_CTRL_MAGIC, HS_TEST_SEPARATOR, HsTestCfg, HsTestCmd, HsTestType, formatHsTestCfg, hsMakeDataPort, hsTestCfgMagicOf,
} from './vcl-test-protocol.js';
import { cPointer } from './vcl-test-printf.js';
import { type VclTestStatsSnapshot, formatVclTestStats, formatVclTestStatsInc, snapshotVclTestStats, vclTestTimeDiff, vclTimeBefore } from './vcl-test-stats.js';
import {
  type VclTestAppConfig, type VclTestAppConfigFilled, type VclTestEnv, VclTestAddr, VclTestIo, type VclTestProgram, VclTestSession,
  fillVclTestAppConfig, toAppProgram, vclAfterPass, vclBlockingRead, vclPassWait, vclRxEvtValidate, vclTestAttachOptions, vclTestReadOnce,
  vclTestWorkerConfig, vclTestWrite, vclTestWriteOnce, vclWaitState,
} from './vcl-test-common.js';

const utf8 = new TextDecoder();

/** What a server run did, filled as it runs. */
export interface VclTestServerResult {
  /** The exit status once the program ended (0; 255 when its loop failed, `worker_fails` −1; 1 after vtfail), else null. */
  exitStatus: number | null;
  /** Control sessions accepted. */
  ctrlAccepted: number;
  /** Data sessions accepted. */
  dataAccepted: number;
  /** Data sessions the client closed (the server's "deleting" lines). */
  dataClosed: number;
  /** Config messages handled. */
  cfgMsgs: number;
  /** Texts echoed on the control session, as printed. */
  echoes: string[];
  /** Every SERVER RESULTS block's counters, in order. */
  results: VclTestStatsSnapshot[];
}

/** How a server program reports. */
export interface VclTestServerIo {
  /** stdout, line by line. */
  readonly out: (line: string) => void;
  /** stderr, line by line (default: dropped). */
  readonly err?: (line: string) => void;
}

/**
 * Refuses, with VppsimError `ERR_CONFIG_NOT_SIMULATED`, what this app does not simulate: other
 * transports than TCP, IPv6, several workers (`-w`), and `-s` (zero-copy segment reads).
 */
export function checkVclTestServerOptions (o: VclTestServerOptions): void {
  const no = (what: string): never => { throw new VppsimError(ERR_CONFIG_NOT_SIMULATED, `vcl_test_server: ${what} is not simulated`); };
  if (o.proto !== 'tcp') no(`-p ${o.proto}`);
  if (o.ip6) no('-6 (IPv6)');
  if (o.nWorkers > 1) no(`-w ${o.nWorkers} (server workers)`);
  if (o.useSelect) no('-s (vppcom_session_read_segments)');
}

/**
 * `vcl_test_server`: construct, then run {@link VclTestServer.run} as the app's program; read
 * {@link VclTestServer.result} as it goes. Throws what {@link checkVclTestServerOptions} throws.
 */
export class VclTestServer {
  /** Filled as the program runs. */
  readonly result: VclTestServerResult = { exitStatus: null, ctrlAccepted: 0, dataAccepted: 0, dataClosed: 0, cfgMsgs: 0, echoes: [], results: [] };
  private readonly io: VclTestIo;
  private readonly app: VclTestAppConfigFilled;
  private vcl: VclWorker | null = null;
  /** The app's VCL worker once attached (its latency histograms), else null. */
  get vclWorker (): VclWorker | null { return this.vcl; }
  /** `wrk->conn_pool`. */
  private readonly pool: VclTestSession[] = [];
  /** `vsm->ctrl`. */
  private ctrl: VclTestSession | null = null;
  private ctrlListenFd = -1;
  /** `wrk->listener.fd`: the data listener. */
  private listenerFd = -1;
  /** `wrk->nfds`: open sessions (control included). */
  private nfds = 0;
  /** `vsm->worker_fails`. */
  private workerFails = 0;
  /** The config just read, `(hs_test_cfg_t *) conn->rxbuf`. */
  private readonly rxCfg = new HsTestCfg();
  private readonly cfgBuf = new Uint8Array(HS_TEST_CFG_BYTES);
  /** Accepts seen on each listener: VCL's epoll reports one event per ACCEPTED message. */
  private ctrlLsSeen = 0;
  private dataLsSeen = 0;

  /**
   * @param env the app thread's client, wait object and clock.
   * @param options parsed `vcl_test_server` arguments.
   * @param io stdout (and stderr) sinks.
   * @param appCfg the app's VCL configuration (vcl.conf); VCL's defaults when left out.
   */
  constructor (private readonly env: VclTestEnv, readonly options: VclTestServerOptions, io: VclTestServerIo, appCfg: VclTestAppConfig = {}) {
    checkVclTestServerOptions(options);
    this.io = new VclTestIo(io.out, io.err);
    this.app = fillVclTestAppConfig(appCfg);
  }

  /** The app program. */
  run (): AppProgram {
    return toAppProgram(() => this.main(), this.io, (s) => { this.result.exitStatus = s; });
  }

  private now (): number { return this.env.clock.now(); }

  private get w (): VclWorker { return this.vcl as VclWorker; }

  /** `main`. */
  private * main (): VclTestProgram {
    const { client, wait } = this.env;
    const o = this.options;
    const rep = yield * client.attach('vcl_test_server', vclTestAttachOptions(this.app));
    const wrk = client.workers.get(0);
    // vcl_sapi_attach returns −1 for a refused attach: vtfail prints errno 1
    if (rep.retval !== 0 || wrk === undefined) return this.io.fail('vppcom_app_create()', -1);
    this.vcl = new VclWorker(client, wrk, wait, vclTestWorkerConfig(this.app, this.env));
    const ip = o.bindAddress === null ? 0 : parseIp4(o.bindAddress);

    yield * this.ctrlSessionInit(ip);
    const dataPort = hsMakeDataPort(o.port);
    yield * this.workerInit(ip, dataPort);
    yield * this.workerLoop();

    // done: vppcom_app_destroy closes the rest
    this.w.close(this.listenerFd);
    this.w.handleEvents();
    client.close();
    return this.workerFails;
  }

  /** `vts_ctrl_session_init`. */
  private * ctrlSessionInit (ip: number): Generator<AppWait, void, void> {
    const vcl = this.w;
    this.io.inf('Initializing main ctrl session ...');
    this.ctrlListenFd = vcl.sessionCreate();
    vcl.listen(this.ctrlListenFd, ip, this.options.port);
    const rv = yield * vclWaitState(vcl, this.ctrlListenFd, VclState.Listen, this.app.sessionTimeoutNs, this.env.clock);
    if (rv < 0) this.io.fail('vppcom_session_listen()', rv);
    vcl.sessionCreate(); // vppcom_epoll_create: the epoll set is a VCL session too
    this.io.inf(`Waiting for client ctrl connection on port ${this.options.port} ...`);
  }

  /** `vts_worker_init` (worker 0). */
  private * workerInit (ip: number, dataPort: number): Generator<AppWait, void, void> {
    const vcl = this.w;
    this.io.inf('Initializing worker ...');
    this.poolExpand(VCL_TEST_CFG_INIT_TEST_SESS + 1);
    // vt_tcp_listen
    this.listenerFd = vcl.sessionCreate();
    vcl.listen(this.listenerFd, ip, dataPort);
    const rv = yield * vclWaitState(vcl, this.listenerFd, VclState.Listen, this.app.sessionTimeoutNs, this.env.clock);
    if (rv < 0) {
      this.io.errFn('vppcom_session_listen()', rv);
      this.io.fail('proto listen', rv);
    }
    this.io.inf(`Waiting for client data connections on port ${dataPort} ...`);
  }

  /** One past the highest pool entry ever allocated: the loops look no further. */
  private poolHigh = 0;

  private poolExpand (n: number): void {
    for (let i = 0; i < n; i++) this.pool.push(new VclTestSession());
  }

  /** `conn_pool_alloc`: the first free entry, zeroed, with a fresh config. */
  private poolAlloc (): VclTestSession {
    let i = this.pool.findIndex((c) => !c.isAlloc);
    if (i < 0) { i = this.pool.length; this.poolExpand(this.pool.length * 2); }
    const c = this.pool[i] as VclTestSession;
    c.isDone = false; c.isOpen = false; c.fd = -1; c.nonblocking = false; c.lastError = 0;
    c.stats.reset(); c.oldStats.reset();
    c.isAlloc = true;
    c.sessionIndex = i;
    if (i >= this.poolHigh) this.poolHigh = i + 1;
    c.cfg.init();
    return c;
  }

  /** `vts_session_cleanup`: closes (if open) and frees the pool entry; its counters stay. */
  private sessionCleanup (c: VclTestSession): void {
    if (c.isOpen) { this.w.close(c.fd); c.isOpen = false; }
    c.fd = 0;
    c.isAlloc = false;
  }

  /** `vts_wrk_cleanup_all`. */
  private cleanupAll (): void {
    for (const c of this.pool) this.sessionCleanup(c);
    this.nfds = 0;
  }

  private connAddr (c: VclTestSession): number { return VclTestAddr.heap + c.sessionIndex * VclTestAddr.sessionBytes; }
  private rxbufAddr (c: VclTestSession): number { return VclTestAddr.heap + 0x10_0000 + c.sessionIndex * 0x10_0000; }

  /** `vts_accept_ctrl` / `vts_accept_client`: null when vppcom_session_accept failed. */
  private accept (listenFd: number, isCtrl: boolean): VclTestSession | null {
    const c = this.poolAlloc();
    if (this.ctrl !== null) c.cfg.copyFrom(this.ctrl.cfg);
    c.allocRxbuf();
    c.txbufSize = c.cfg.txbufSize; // vppsim: the server never writes from its tx buffer, so none is allocated
    c.oldStats.stopNs = this.now();
    const fd = this.w.accept(listenFd);
    if (fd < 0) { this.io.errFn('vppcom_session_accept()', fd); return null; }
    c.fd = fd;
    c.isOpen = true;
    const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
    if (isCtrl) {
      this.io.inf(`CTRL accepted fd = ${fd} (0x${hex(fd)}) on listener fd = ${listenFd} (0x${hex(listenFd)})`);
      this.result.ctrlAccepted++;
    } else {
      if (c.cfg.numTestSessions < VCL_TEST_CFG_MAX_SELECT_SESS) {
        this.io.inf(`Got a connection -- fd = ${fd} (0x${hex(fd)}) on listener fd = ${listenFd} (0x${hex(listenFd)})`);
      }
      this.result.dataAccepted++;
    }
    this.nfds++;
    return c;
  }

  /**
   * `vts_worker_loop`, one pass per iteration over what VCL's epoll would report, in the order the
   * causes reach the server: new connections, then data-session input and closes, then the
   * control session (the client closes its data sessions before it sends STOP, so VPP's server
   * sees those closes first). A session's last bytes are read before its close is handled, as
   * VCL postpones a DISCONNECTED while the rx fifo holds data. Returns at `done` or `fail`.
   */
  private * workerLoop (): VclTestProgram {
    const vcl = this.w;
    const pool = this.pool;
    let busy = true;
    for (;;) {
      if (busy) { yield vclPassWait(this.env.wait); vclAfterPass(vcl); } else yield * vcl.waitEvents(Infinity);
      busy = false;
      for (let i = 0; i < this.poolHigh; i++) {
        const c = pool[i] as VclTestSession;
        if (c.isOpen) vclRxEvtValidate(vcl, c.fd);
      }

      // the control listener
      // (`*LsSeen`: accepts still queued in VCL whose epoll event was already taken)
      const cls = vcl.session(this.ctrlListenFd);
      let nEv = (cls === undefined ? 0 : cls.accepted.length) - this.ctrlLsSeen;
      this.ctrlLsSeen += nEv;
      for (; nEv > 0; nEv--) {
        busy = true;
        if (this.ctrl !== null) { this.io.wrn('ctrl already exists'); continue; }
        this.ctrl = this.accept(this.ctrlListenFd, true);
        this.ctrlLsSeen--; // it left VCL's queue
      }

      // the data listener: its events are dropped while there is no control session
      const dls = vcl.session(this.listenerFd);
      nEv = (dls === undefined ? 0 : dls.accepted.length) - this.dataLsSeen;
      this.dataLsSeen += nEv;
      for (; nEv > 0; nEv--) {
        busy = true;
        if (this.ctrl === null) continue;
        const c = this.accept(this.listenerFd, false);
        this.dataLsSeen--;
        if (c !== null) c.cfg.copyFrom(this.ctrl.cfg);
      }

      // data sessions
      for (let i = 0; i < this.poolHigh; i++) {
        const c = pool[i] as VclTestSession;
        if (!c.isOpen || c === this.ctrl) continue;
        if (vcl.readable(c.fd) > 0) {
          busy = true;
          const rv = yield * this.readData(c);
          if (rv < 0) { this.workerFails -= 1; return this.workerFails; }
        }
        const s = vcl.session(c.fd);
        if (c.isOpen && s !== undefined && (s.state === VclState.VppClosing || s.state === VclState.Disconnect) && vcl.readable(c.fd) <= 0) {
          busy = true;
          // vcl_test_close_nop: TCP sessions may go
          this.io.inf(`deleting ${c.sessionIndex} (fd ${c.fd})`);
          this.sessionCleanup(c);
          this.nfds--;
          this.result.dataClosed++;
        }
      }

      // the control session
      const ctrl = this.ctrl;
      if (ctrl === null || !ctrl.isOpen) continue;
      if (vcl.readable(ctrl.fd) > 0) {
        busy = true;
        const rxBytes = yield * vclBlockingRead(vcl, ctrl.fd, ctrl.rxbuf, ctrl.rxbufSize, Infinity);
        if (hsTestCfgMagicOf(ctrl.rxbuf) === HS_TEST_CFG_CTRL_MAGIC) {
          this.rxCfg.decode(ctrl.rxbuf);
          yield * this.handleCtrlCfg(ctrl, rxBytes);
          if (this.nfds === 0) {
            this.io.inf('All client connections closed\n');
            return this.workerFails;
          }
        } else if ((ctrl.rxbuf[0] as number) < 128) { // isascii
          yield * this.serverEcho(ctrl, rxBytes);
        } else {
          this.io.wrn(`FIFO not drained! extra bytes ${rxBytes}`);
        }
        continue;
      }
      const s = vcl.session(ctrl.fd);
      if (s !== undefined && (s.state === VclState.VppClosing || s.state === VclState.Disconnect)) {
        this.io.inf('ctrl session went away');
        this.ctrl = null;
        this.cleanupAll();
      }
    }
  }

  /**
   * The EPOLLIN branch for a data session: `read_again` while VCL has bytes. Returns −1 when the
   * peer reset it (vcl_test_reset_nop: a failure), else 0.
   */
  private * readData (c: VclTestSession): Generator<AppWait, number, void> {
    const vcl = this.w;
    do {
      // data is there: vcl_test_read returns at once
      const rx = vclTestReadOnce(vcl, this.io, c, c.rxbuf, c.rxbufSize);
      if (rx <= 0) {
        if (rx < 0 && c.lastError === Vppcom.ECONNRESET) {
          c.stats.resetCount = 1; // vcl_test_reset_nop: not expected
          this.io.inf('Connection reset by remote peer.\n');
          return -1;
        }
        return 0;
      }
      // vts_server_process_rx: the bi-directional test echoes it (a blocking write)
      if (c.cfg.test === HsTestType.Bi) {
        const w = vclTestWriteOnce(vcl, this.io, c, c.rxbuf, 0, rx);
        if (w >= 0 && w < rx) yield * vclTestWrite(vcl, this.io, c, c.rxbuf, w, rx - w, Infinity);
      }
      if (c.stats.rxBytes >= c.cfg.totalBytes) c.stats.stopNs = this.now();
    } while (vcl.readable(c.fd) > 0);
    if (this.options.incrementalStats) this.incStatsCheck(c);
    return 0;
  }

  /** `vts_inc_stats_check`: a `-S` line per second of a session's reception, checked every MiB. */
  private incStatsCheck (c: VclTestSession): void {
    if (c.stats.rxBytes - c.oldStats.rxBytes < 1 << 20) return;
    c.stats.stopNs = this.now();
    if (vclTestTimeDiff(c.oldStats.stopNs, c.stats.stopNs) > 1) {
      this.io.out.write(`${formatVclTestStatsInc(c.fd, c.stats, c.oldStats, true)}\n`);
      c.oldStats.copyFrom(c.stats);
    }
  }

  /** `vts_server_echo`: prints the text, writes it back with its NUL, prints what was sent. */
  private * serverEcho (c: VclTestSession, rxBytes: number): Generator<AppWait, void, void> {
    const pos = rxBytes < c.rxbufSize ? rxBytes : c.rxbufSize - 1;
    c.rxbuf[pos] = 0;
    const nul = c.rxbuf.indexOf(0);
    const text = utf8.decode(c.rxbuf.subarray(0, nul));
    this.io.inf(`(fd ${c.fd}): RX (${rxBytes} bytes) - '${text}'`);
    this.result.echoes.push(text);
    if (c.cfg.verbose !== 0) this.io.inf(`(fd ${c.fd}): Echoing back`);
    const tx = yield * vclTestWrite(this.w, this.io, c, c.rxbuf, 0, nul + 1, Infinity);
    if (tx >= 0) this.io.inf(`(fd ${c.fd}): TX (${tx} bytes) - '${text}'`);
  }

  /** `vts_handle_ctrl_cfg`. */
  private * handleCtrlCfg (c: VclTestSession, rxBytes: number): Generator<AppWait, void, void> {
    const rx = this.rxCfg;
    this.result.cfgMsgs++;
    if (rx.verbose !== 0) {
      this.io.inf(`(fd ${c.fd}): Received a cfg msg!`);
      this.io.print(formatHsTestCfg(rx, false, this.rxbufAddr(c)));
    }
    if (rxBytes !== HS_TEST_CFG_BYTES) {
      this.io.inf(`(fd ${c.fd}): Invalid cfg msg size ${rxBytes} expected ${HS_TEST_CFG_BYTES}!`);
      c.cfg.rxbufSize = 0;
      c.cfg.numWrites = 0;
      if (c.cfg.verbose !== 0) {
        this.io.inf(`(fd ${c.fd}): Replying to cfg msg`);
        this.io.print(formatHsTestCfg(rx, false, this.rxbufAddr(c)));
      }
      c.cfg.encode(this.cfgBuf);
      yield * vclTestWrite(this.w, this.io, c, this.cfgBuf, 0, HS_TEST_CFG_BYTES, Infinity);
      return;
    }
    switch (rx.test) {
      case HsTestType.None:
      case HsTestType.Echo:
        yield * this.syncConfigAndReply(c);
        break;
      case HsTestType.Bi:
      case HsTestType.Uni:
        yield * this.testCmd(c);
        break;
      case HsTestType.Exit:
        this.io.inf(`Ctrl session fd ${c.fd} closing!`);
        this.sessionCleanup(c);
        this.nfds--;
        if (this.nfds !== 0) this.cleanupAll();
        this.ctrl = null;
        break;
      default:
        this.io.wrn(`Unknown test type ${rx.test | 0}`);
        this.io.print(formatHsTestCfg(rx, false, this.rxbufAddr(c)));
    }
  }

  /** `sync_config_and_reply`: takes the received config, sizes the rx buffer to it, sends it back. */
  private * syncConfigAndReply (c: VclTestSession): Generator<AppWait, void, void> {
    c.cfg.copyFrom(this.rxCfg);
    c.allocRxbuf();
    c.cfg.txbufSize = c.cfg.rxbufSize;
    if (c.cfg.verbose !== 0) {
      this.io.inf(`(fd ${c.fd}): Replying to cfg message!\n`);
      this.io.print(formatHsTestCfg(c.cfg, false, this.connAddr(c)));
    }
    c.cfg.encode(this.cfgBuf);
    yield * vclTestWrite(this.w, this.io, c, this.cfgBuf, 0, HS_TEST_CFG_BYTES, Infinity);
  }

  /** `vts_test_cmd`: START, STOP (the results) and SYNC of a uni or bi test. */
  private * testCmd (c: VclTestSession): Generator<AppWait, void, void> {
    const rx = this.rxCfg;
    const isBi = rx.test === HsTestType.Bi;
    if (rx.cmd === HsTestCmd.Stop) {
      let stop = this.now();
      if (this.nfds > 1) {
        this.io.inf(`${this.nfds - 1} sessions are still open`);
        stop -= VCL_TEST_DELAY_DISCONNECT * 1e9;
        c.stats.stopNs = stop;
      }
      for (const tc of this.pool) {
        if (tc === c) continue;
        c.stats.accumulate(tc.stats);
        if (tc.isOpen) {
          this.sessionCleanup(tc);
          this.nfds--;
          continue;
        }
        if (vclTimeBefore(c.stats.stopNs, tc.stats.stopNs)) c.stats.stopNs = tc.stats.stopNs;
      }
      const verbose = c.cfg.verbose !== 0;
      const statsAddr = this.connAddr(c) + 0x70;
      if (verbose) this.io.print(formatVclTestStats(`SERVER (fd ${c.fd}) RESULTS`, c.stats, true, isBi, verbose, statsAddr));
      this.io.print(formatVclTestStats('SERVER RESULTS', c.stats, true, isBi, verbose, statsAddr));
      this.result.results.push(snapshotVclTestStats(c.stats));
      this.io.print(formatHsTestCfg(c.cfg, false, this.connAddr(c)));
      if (verbose) {
        const hex = (c.rxbufSize >>> 0).toString(16).padStart(8, '0');
        this.io.inf(`  vcl server main\n${HS_TEST_SEPARATOR}\n       buf:  ${cPointer(this.rxbufAddr(c))}\n  buf size:  ${c.rxbufSize} (0x${hex})\n${HS_TEST_SEPARATOR}\n`);
      }
      yield * this.syncConfigAndReply(c);
      c.stats.reset();
    } else if (rx.cmd === HsTestCmd.Sync) {
      rx.ctrlHandle = c.fd >>> 0;
      this.io.inf(`Set control fd ${c.fd} for test!`);
      yield * this.syncConfigAndReply(c);
    } else if (rx.cmd === HsTestCmd.Start) {
      this.io.inf(`Starting ${isBi ? 'Bi' : 'Uni'}-directional Stream Test (fd ${c.fd})!`);
      rx.ctrlHandle = c.fd >>> 0;
      yield * this.syncConfigAndReply(c);
      c.stats.reset();
      c.stats.startNs = this.now();
    }
  }
}

/**
 * `vcl_test_server` as a program generator: `out` receives its stdout lines (stderr is dropped;
 * use {@link VclTestServer} for it and for the counters). Throws what
 * {@link checkVclTestServerOptions} throws.
 */
export function vclTestServerProgram (env: VclTestEnv, options: VclTestServerOptions, out: (line: string) => void, appCfg: VclTestAppConfig = {}): AppProgram {
  return new VclTestServer(env, options, { out }, appCfg).run();
}
