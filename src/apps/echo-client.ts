// src/apps/echo-client.ts: `test echo clients …` (v26.02) and `vperf client …` (HEAD), the command
// as VPP's CLI process runs it on main: init (session layer on, the `echo-clients` node POLLING
// on every thread, main's session-queue POLLING when there are workers), attach, the control
// session's SYNC and START, the data connects, the wait for the sessions to finish (or a
// timeout), the report, STOP and the post-test SYNC, detach. It is a generator for a process
// node: it yields the waits VPP's command makes (`vlib_process_wait_for_event_or_clock`).
// Models: v26.02 src/plugins/hs_apps/echo_client.c (ec_command_fn, ec_init, ec_attach,
// ec_detach, ec_cleanup, ec_wait_for_signal, ec_ctrl_test_*); HEAD
// src/plugins/vperf/builtin/vperf_cli.c vp_client_command_fn, vperf_client.c (vp_client_run,
// vp_client_init, vp_client_attach, vp_client_detach, vp_client_wait_for_signal).

import type { VlibMain } from '../../graph/main-loop.js';
import { type NodeIndex, NodeState, type ProcessResume, type ProcessWait } from '../../graph/node.js';
import { waitForEventOrClock } from '../../graph/process.js';
import { VLIB_TW_TICKS_PER_SECOND } from '../../graph/timer-wheel.js';
import { vppFormat } from '../../graph/vpp-format.js';
import { echoClientsNode } from '../../nodes/echo-clients.js';
import type { EchoClientCommand } from '../config/cli-command-types.js';
import { ECHO_CLIENT_DEFAULT_URI } from '../config/cli-cmd-echo.js';
import { vnetApplicationAttach, vnetApplicationDetach } from '../session/application.js';
import { vnetDisconnectSession } from '../session/app-interface.js';
import { parseIp4 } from '../session/net.js';
import { TransportProto } from '../session/session-lookup.js';
import type { SessionMain } from '../session/session-main.js';
import { formatSessionError } from '../session/session-types.js';
import { ecCalcTput, ecCtrlConnect, ecCtrlSend, ecProgramConnects } from './echo-client-app.js';
import {
  EC_HANDLE_INVALID, type EcCfg, EcCliSignal, EcShared, EcState, type EcMain, ecCliSignalName, ecMain, ecSetupThreads,
} from './echo-client-main.js';
import {
  type CliOut, type EcReportState, EC_REPORT_RULE, ecPrintFinalStats, ecPrintPeriodicStats, ecPrintTimeoutStats,
} from './echo-client-stats.js';
import { HsTestCmd, HsTestType, hsMakeDataPort } from './echo-test-cfg.js';

/** What the command's process waits in: a step of it, resumed with what woke it. */
export type EchoCliGen<R> = Generator<ProcessWait, R, ProcessResume>;

/** `vlib_process_get_events` found nothing: the wait timed out (`~0`). */
const EVT_TIMEOUT = -1;
/** `VP_TEST_DELAY_DISCONNECT`, s: HEAD waits this long between the end of a test and STOP. */
export const VP_TEST_DELAY_DISCONNECT = 1;
/** The pause before detaching (`vlib_process_wait_for_event_or_clock (vm, 10e-3)`), s. */
const EC_CLEANUP_WAIT_S = 10e-3;

/**
 * The process's signalled events not yet taken. VPP keeps them per event type and hands out one
 * type per `vlib_process_get_events`; vppsim hands them out in the order they came.
 */
class EcEvents {
  private readonly pending: number[] = [];

  /**
   * `vlib_process_wait_for_event_or_clock (dt)` then `vlib_process_get_events`: returns at once
   * if an event is pending (or `dt` is under one timer tick), else suspends; then takes the
   * oldest pending event type (all its events), or {@link EVT_TIMEOUT}.
   */
  * waitAndGet (dtS: number): EchoCliGen<number> {
    yield * this.wait(dtS);
    if (this.pending.length === 0) return EVT_TIMEOUT;
    const type = this.pending[0] as number;
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i] === type) this.pending.splice(i, 1);
    return type;
  }

  /** The wait alone: what arrives stays pending. */
  * wait (dtS: number): EchoCliGen<void> {
    if (this.pending.length > 0 || dtS < 1 / VLIB_TW_TICKS_PER_SECOND) return;
    const r = yield waitForEventOrClock(dtS);
    for (const e of r.events) this.pending.push(e.type);
  }
}

/** The vlib time in seconds (`vlib_time_now`). */
const timeNow = (vm: VlibMain): number => vm.clock.now() / 1e9;

/** The node of the process running on `vm` now (`vlib_get_current_process (vm)->node_runtime.node_index`). */
function currentProcessNode (vm: VlibMain): NodeIndex {
  const p = vm.processes[vm.currentProcessIndex];
  if (p === undefined) throw new RangeError('the echo client command must run in a process node on main');
  return p.rt.nodeIndex;
}

/**
 * `ec_init` / `vp_client_init`: remembers the process to signal; with workers, main's
 * session-queue POLLING (its worker's state word is left alone); the first time, the session
 * layer on and `echo-clients` POLLING on every thread, for good.
 */
function ecInit (vm: VlibMain, sm: SessionMain, ec: EcMain): void {
  ec.cliNodeIndex = currentProcessNode(vm);
  if (sm.nWorkers > 0) vm.setNodeState(sm.nodes.sessionQueue, NodeState.Polling);
  if (ec.appIsInit) return;
  ec.appIsInit = true;
  vm.barrierSync();
  if (!sm.isEnabled) sm.nodeEnableDisable(vm, true); // rule-table backend
  for (let t = 0; t < sm.cfg.nThreads; t++) vm.setNodeStateOn(t, echoClientsNode.index, NodeState.Polling);
  vm.barrierRelease();
}

/**
 * `ec_attach` / `vp_client_attach`: the builtin client app with the command's fifo and segment
 * sizes in its namespace. Returns the app worker's index, or null (the error went to the log:
 * VPP reports it with clib_error_report, which also clears it, so the command then fails
 * silently).
 */
function ecAttach (vm: VlibMain, sm: SessionMain, ec: EcMain, cmd: EchoClientCommand): number | null {
  const fn = cmd.flavor === 'vperf' ? 'vp_client_attach' : 'ec_attach';
  const nsIndex = cmd.appnsId === null ? 0 : sm.am.namespaces.validate(cmd.appnsId, cmd.appnsSecret);
  if (nsIndex < 0) {
    ec.log.warn(fn, `attach returned ${nsIndex}`);
    return null;
  }
  const r = vnetApplicationAttach(vm, sm, cmd.appName, -1, nsIndex, {
    isBuiltin: true, builtinName: cmd.appName, rxFifoSize: cmd.fifoSize, txFifoSize: cmd.fifoSize, segmentSize: cmd.privateSegmentSize,
  });
  if (r.retval !== 0 || r.wrk === null) {
    ec.log.warn(fn, `attach returned ${r.retval}`);
    return null;
  }
  ec.appIndex = r.appIndex;
  ec.attached = true;
  return r.wrk.wrkIndex;
}

/** `ec_detach` / `vp_client_detach`: 0 or the detach's SESSION_E_* code. */
function ecDetach (vm: VlibMain, sm: SessionMain, ec: EcMain): number {
  if (!ec.attached) return 0;
  const rv = vnetApplicationDetach(vm, sm, ec.appIndex);
  ec.attached = false;
  ec.appIndex = -1;
  return rv;
}

/** The command's configuration for every thread, from the parsed command and the attach. */
function ecCfgOf (cmd: EchoClientCommand, appIndex: number, wrkIndex: number): EcCfg {
  const ep = cmd.endpoint;
  const isTcp = ep.proto === 'tcp' && !ep.secure;
  const dataProto = ep.secure ? -1 : ep.proto === 'tcp' ? TransportProto.Tcp : ep.proto === 'udp' ? TransportProto.Udp : -1;
  const testBytes = cmd.testBytes;
  return {
    flavor: cmd.flavor,
    nClients: cmd.nClients,
    expected: cmd.nClients * cmd.nStreams,
    bytesToSend: cmd.bytesToSend,
    echoBytes: cmd.echoBytes,
    maxChunkBytes: cmd.maxTxChunk,
    throughput: Math.floor(cmd.throughputBitsPerSec / 8),
    runTime: cmd.runTimeSec,
    testBytes,
    includeBufferOffset: testBytes,
    verbose: cmd.verbose,
    connectionsPerBatch: cmd.clientBatch,
    fifoSize: cmd.fifoSize,
    testType: cmd.echoBytes ? HsTestType.Bi : HsTestType.Uni,
    appIndex,
    wrkIndex,
    dataProto,
    isTcp,
    ip: ep.isIp4 ? parseIp4(ep.ip) : 0,
    ctrlPort: ep.port,
    dataPort: hsMakeDataPort(ep.port),
  };
}

/** Where a failed step sends the command (VPP's labels). */
const Goto = { None: 0, StopTest: 1, Cleanup: 2 } as const;

/** The state one run of the command shares among its steps. */
interface EcRun {
  readonly vm: VlibMain;
  readonly sm: SessionMain;
  readonly ec: EcMain;
  readonly sh: EcShared;
  readonly cfg: EcCfg;
  readonly cmd: EchoClientCommand;
  readonly out: CliOut;
  readonly ev: EcEvents;
  error: string | null;
}

/**
 * `ec_wait_for_signal (_sig)` / `vp_client_wait_for_signal`: waits up to syn-timeout for `sig`.
 * Anything else sets the error (and prints why); returns whether `sig` came.
 */
function * waitForSignal (r: EcRun, sig: number): EchoCliGen<boolean> {
  const type = yield * r.ev.waitAndGet(r.cmd.synTimeoutSec);
  const name = ecCliSignalName(r.cmd.flavor, sig);
  if (type === sig) return true;
  if (type === EVT_TIMEOUT) {
    r.out(`Timeout while waiting for ${name}`);
    r.error = `failed: timeout while waiting for ${name}`;
  } else {
    r.out(vppFormat(`unexpected event while waiting for ${name}: %d`, type));
    r.error = vppFormat('failed: unexpected event: %d', type);
  }
  return false;
}

/** The control session to the server, its SYNC answered, and START answered (both flavors). */
function * ctrlStart (r: EcRun): EchoCliGen<number> {
  ecCtrlConnect(r.vm, r.sm);
  if (!(yield * waitForSignal(r, EcCliSignal.CfgSync))) return Goto.Cleanup;
  if (ecCtrlSend(r.vm, r.sm, r.ec, HsTestCmd.Start) < 0) {
    if (r.cmd.flavor === 'vperf') r.error = 'failed to send start command';
    else r.out('failed to send start command');
    return Goto.Cleanup;
  }
  if (!(yield * waitForSignal(r, EcCliSignal.Start))) return Goto.Cleanup;
  return Goto.None;
}

/**
 * The end of a test (VPP's `stop_test:`): STOP answered, the post-test SYNC (type ECHO: the
 * server closes its sessions) answered, the control session closed. HEAD waits 1 s first and
 * prints the final statistics after the SYNC when the test passed.
 */
function * stopTest (r: EcRun, finalStats: (() => void) | null): EchoCliGen<void> {
  const vp = r.cmd.flavor === 'vperf';
  r.sh.runTest = EcState.Exiting;
  if (vp) yield * r.ev.wait(VP_TEST_DELAY_DISCONNECT);
  if (ecCtrlSend(r.vm, r.sm, r.ec, HsTestCmd.Stop) < 0) { r.out('failed to send stop command'); return; }
  if (!(yield * waitForSignal(r, EcCliSignal.Stop))) return;
  r.ec.testCfg.test = HsTestType.Echo;
  if (ecCtrlSend(r.vm, r.sm, r.ec, HsTestCmd.Sync) < 0) { r.out('failed to send post sync command'); return; }
  if (!(yield * waitForSignal(r, EcCliSignal.CfgSync))) return;
  if (vp && r.error === null && finalStats !== null) finalStats();
  const h = r.sh.ctrlSessionHandle;
  if (vp && h === EC_HANDLE_INVALID) return;
  const rv = vnetDisconnectSession(r.vm, r.sm, r.ec.appIndex, h);
  if (rv !== 0) r.ec.log.warn(vp ? 'vp_client_ctrl_session_disconnect' : 'ec_ctrl_session_disconnect', `vnet_disconnect_session: ${formatSessionError(rv)}`);
}

/** The test itself, from the data connects to the final statistics (v26.02 `ec_command_fn`). */
function * ecTest (r: EcRun): EchoCliGen<number> {
  const { vm, sh, cfg, cmd, out, ev } = r;
  const synStart = timeNow(vm);
  ecProgramConnects(vm, r.sm);
  const type = yield * ev.waitAndGet(cmd.synTimeoutSec);
  switch (type) {
    case EVT_TIMEOUT:
      out(vppFormat('Timeout with only %d sessions active...', sh.ready));
      r.error = vppFormat('failed: syn timeout with %d sessions', sh.ready);
      return Goto.StopTest;
    case EcCliSignal.ConnectsDone: {
      if (cfg.dataProto !== TransportProto.Udp) {
        const delta = timeNow(vm) - synStart;
        if (delta !== 0) out(vppFormat('%d three-way handshakes in %.2f seconds %.2f/s', cfg.nClients, delta, cfg.nClients / delta));
      }
      break;
    }
    case EcCliSignal.ConnectsFailed:
      r.error = 'failed: connect returned';
      return Goto.StopTest;
    default:
      out(vppFormat('unexpected event(2): %d', type));
      r.error = vppFormat('failed: unexpected event(2): %d', type);
      return Goto.StopTest;
  }
  const rs: EcReportState = { testStartTime: timeNow(vm), lastPrintTime: 0, lastTotalTxBytes: 0, lastTotalRxBytes: 0 };
  if (cmd.reportInterval > 0) rs.lastPrintTime = rs.testStartTime;
  out(vppFormat('Test started at %.6f', rs.testStartTime));
  let testTimeout = cmd.testTimeoutSec;
  let printHeader = true;
  let testEnd = 0;
  for (let done = false; !done;) {
    let reportTimeout = false;
    let waitS: number;
    if (cmd.reportInterval > 0) {
      const delta = timeNow(vm) - rs.testStartTime;
      if (delta + cmd.reportInterval > testTimeout) { reportTimeout = true; waitS = testTimeout - delta; } else waitS = cmd.reportInterval;
    } else {
      reportTimeout = true;
      waitS = testTimeout;
    }
    const t = yield * ev.waitAndGet(waitS);
    if (t === EVT_TIMEOUT) {
      if (reportTimeout) {
        if (cfg.runTime > 0) {
          // ec_sessions_stop_clean
          testTimeout += 1;
          sh.endTest = true;
          continue;
        }
        ecPrintTimeoutStats(out, sh, cfg, timeNow(vm));
        if (cfg.dataProto !== TransportProto.Udp) {
          r.error = vppFormat('failed: timeout with %d sessions', sh.ready);
        } else if (cfg.echoBytes) {
          testTimeout += 1;
          sh.endTest = true;
          continue;
        }
        return Goto.StopTest;
      }
      ecPrintPeriodicStats(out, r.sm, sh, cfg, rs, timeNow(vm), { total: cmd.reportIntervalTotal, header: printHeader, footer: false });
      printHeader = false;
    } else if (t === EcCliSignal.TestDone) {
      testEnd = timeNow(vm);
      done = true;
    } else {
      out(vppFormat('unexpected event(3): %d', t));
      r.error = vppFormat('failed: unexpected event(3): %d', t);
      return Goto.StopTest;
    }
  }
  const delta = testEnd - rs.testStartTime;
  if (delta === 0) {
    out('zero delta-t?');
    r.error = 'failed: zero delta-t';
    return Goto.StopTest;
  }
  if (cmd.reportInterval > 0 && timeNow(vm) - rs.lastPrintTime >= Math.fround(0.1)) {
    ecPrintPeriodicStats(out, r.sm, sh, cfg, rs, timeNow(vm), { total: cmd.reportIntervalTotal, header: printHeader, footer: true });
  }
  out(vppFormat('Test finished at %.6f', testEnd));
  ecPrintFinalStats(out, sh, cfg, delta);
  if (cfg.testBytes && sh.testFailed) r.error = 'failed: test bytes';
  return Goto.StopTest;
}

/** The test (HEAD `vp_client_run` after START), up to its `stop_test:`. Returns the final-stats printer. */
function * vpTest (r: EcRun): EchoCliGen<(() => void) | null> {
  const { vm, sh, cfg, cmd, out, ev } = r;
  const synStart = timeNow(vm);
  ecProgramConnects(vm, r.sm);
  const type = yield * ev.waitAndGet(cmd.synTimeoutSec);
  const closes = (): string => `${sh.resetCount} reset, ${sh.disconnectCount} disconnected`;
  switch (type) {
    case EVT_TIMEOUT:
      out(vppFormat('Timeout with only %u sessions active...', sh.ready));
      r.error = vppFormat('failed: syn timeout with %u sessions', sh.ready);
      return null;
    case EcCliSignal.ConnectsDone:
      if (sh.failedSessionCloses > 0) {
        r.error = `failed: session closed while connecting (${closes()})`;
        return null;
      }
      sh.ready = cfg.expected;
      if (cfg.throughput > 0) ecCalcTput(vm, sh, cfg);
      sh.runTest = EcState.Running;
      if (cfg.dataProto !== TransportProto.Udp && cfg.expected > 1) {
        const delta = timeNow(vm) - synStart;
        if (delta !== 0) out(vppFormat('%u connections established in %.2f seconds %.2f/s', cfg.nClients, delta, cfg.nClients / delta));
      }
      break;
    case EcCliSignal.ConnectsFailed: {
      const n = sh.failedSessionCloses;
      r.error = n > 0
        ? vppFormat('failed: connect failed (%u sessions connected, %u session close events while connecting: ', sh.ready, n) + `${closes()})`
        : vppFormat('failed: connect failed (%u sessions connected)', sh.ready);
      return null;
    }
    default:
      out(vppFormat('unexpected event while waiting for connects to finish: %d', type));
      r.error = vppFormat('failed: unexpected event while waiting for connects: %d', type);
      return null;
  }
  const rs: EcReportState = { testStartTime: timeNow(vm), lastPrintTime: 0, lastTotalTxBytes: 0, lastTotalRxBytes: 0 };
  if (cmd.reportInterval > 0) rs.lastPrintTime = rs.testStartTime;
  if (cmd.verbose) out(vppFormat('Test started at %.6f', rs.testStartTime));
  let testTimeout = cmd.testTimeoutSec;
  let printHeader = true;
  let testEnd = 0;
  for (let done = false; !done;) {
    let reportTimeout = false;
    let waitS: number;
    if (cmd.reportInterval > 0) {
      const delta = timeNow(vm) - rs.testStartTime;
      if (delta + cmd.reportInterval > testTimeout) { reportTimeout = true; waitS = testTimeout - delta; } else waitS = cmd.reportInterval;
    } else {
      reportTimeout = true;
      waitS = testTimeout;
    }
    const t = yield * ev.waitAndGet(waitS);
    if (t === EVT_TIMEOUT) {
      if (reportTimeout) {
        if (cfg.runTime > 0) {
          testTimeout += 1;
          sh.endTest = true;
          continue;
        }
        ecPrintTimeoutStats(out, sh, cfg, timeNow(vm));
        if (cfg.dataProto !== TransportProto.Udp) {
          r.error = 'failed: test timeout';
        } else if (cfg.echoBytes) {
          testTimeout += 1;
          sh.endTest = true;
          continue;
        }
        return null;
      }
      ecPrintPeriodicStats(out, r.sm, sh, cfg, rs, timeNow(vm), { total: cmd.reportIntervalTotal, header: printHeader, footer: false });
      printHeader = false;
    } else if (t === EcCliSignal.TestAbort) {
      out('aborted');
      r.error = sh.failedSessionCloses > 0
        ? vppFormat('failed: %u session close events before test completion (', sh.failedSessionCloses) + `${closes()})`
        : 'failed: unknown error';
      return null;
    } else if (t === EcCliSignal.TestDone) {
      testEnd = timeNow(vm);
      done = true;
    } else {
      out(vppFormat('unexpected event while waiting for test end: %d', t));
      r.error = vppFormat('failed: unexpected event while waiting for test end: %d', t);
      return null;
    }
  }
  const delta = testEnd - rs.testStartTime;
  if (delta < 1.1920928955078125e-7) { // FLT_EPSILON
    out('zero delta time?');
    r.error = 'failed: zero delta time';
    return null;
  }
  if (cmd.reportInterval > 0) {
    if (timeNow(vm) - rs.lastPrintTime >= Math.fround(0.1)) {
      ecPrintPeriodicStats(out, r.sm, sh, cfg, rs, timeNow(vm), { total: cmd.reportIntervalTotal, header: printHeader, footer: false });
    }
    out(EC_REPORT_RULE);
  }
  if (cmd.verbose) out(vppFormat('Test finished at %.6f', testEnd));
  if (cfg.testBytes && sh.testFailed) r.error = 'failed: test bytes';
  return () => ecPrintFinalStats(out, sh, cfg, delta);
}

/**
 * Runs `test echo clients …` (flavor `test-echo`) or `vperf client …` (flavor `vperf`) on main,
 * inside a process node (yield* it from the process body). Prints what VPP prints, line by line,
 * through `out` (times are the vlib clock in seconds). Returns the command's error message
 * (`failed: syn timeout with 3 sessions`, …), which VPP's CLI prints after the command path
 * (see {@link echoCliErrorLine}), or null.
 * Throws a RangeError when not run from a process on main.
 */
export function * echoClientCommand (vm: VlibMain, sm: SessionMain, cmd: EchoClientCommand, out: CliOut): EchoCliGen<string | null> {
  const ec = ecMain(sm);
  if (ec.attached) return 'failed: already running!';
  ecInit(vm, sm, ec);
  if (cmd.uriDefaulted) out(`No uri provided. Using default: ${ECHO_CLIENT_DEFAULT_URI}`);
  const ev = new EcEvents();
  let error: string | null = null;
  const wrkIndex = ecAttach(vm, sm, ec, cmd);
  let shared: EcShared | null = null;
  if (wrkIndex !== null) {
    const cfg = ecCfgOf(cmd, ec.appIndex, wrkIndex);
    const poolCap = Math.min(cfg.expected, sm.cfg.sessionPoolSize);
    shared = EcShared.create(sm.cfg.nThreads, cfg.nClients, poolCap);
    ecSetupThreads(vm, sm.cfg.nThreads, shared, cfg);
    const r: EcRun = { vm, sm, ec, sh: shared, cfg, cmd, out, ev, error: null };
    if (cmd.flavor === 'vperf') {
      shared.wrkResetTotals();
      let next = yield * ctrlStart(r);
      let finalStats: (() => void) | null = null;
      if (next === Goto.None) {
        finalStats = yield * vpTest(r);
        next = Goto.StopTest;
      }
      if (next === Goto.StopTest) yield * stopTest(r, finalStats);
    } else {
      let next = yield * ctrlStart(r);
      if (next === Goto.None) next = yield * ecTest(r);
      if (next === Goto.StopTest) yield * stopTest(r, null);
    }
    error = r.error;
  }
  // cleanup:
  if (shared !== null) shared.runTest = EcState.Exiting;
  yield * ev.wait(EC_CLEANUP_WAIT_S);
  if (ecDetach(vm, sm, ec) !== 0) {
    error = 'failed: app detach';
    out('WARNING: app detach failed...');
  }
  if (error !== null) out('test failed');
  return error;
}

/** The line VPP's CLI prints for a command's error: `<command path>: <message>`. */
export function echoCliErrorLine (path: string, error: string): string {
  return `${path}: ${error}`;
}
