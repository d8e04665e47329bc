// src/apps/echo-server-cli.ts: `test echo server …` (v26.02) and `vperf server …` (HEAD) on main:
// the session layer on, the server attached with the command's fifo and segment sizes in its
// namespace, a TCP control listener on the uri's port and the data listener on the next one; or,
// with `stop`, the server detached. Models: v26.02 src/plugins/hs_apps/echo_server.c
// (echo_server_create_command_fn, echo_server_create, echo_server_attach, echo_server_detach,
// echo_server_listen_ctrl, echo_server_listen); HEAD src/plugins/vperf/builtin/vperf_cli.c
// vp_server_create_command_fn, vperf_server.c (vp_server_create, vp_server_attach,
// vp_server_detach, vp_server_listen_ctrl, vp_server_listen).

import type { VlibMain } from '../../graph/main-loop.js';
import type { EchoServerCommand } from '../config/cli-command-types.js';
import { ECHO_SERVER_DEFAULT_URI } from '../config/cli-cmd-echo.js';
import { vnetListen } from '../session/app-interface.js';
import { vnetApplicationAttach, vnetApplicationDetach } from '../session/application.js';
import { parseIp4 } from '../session/net.js';
import { TransportProto } from '../session/session-lookup.js';
import type { SessionMain } from '../session/session-main.js';
import type { CliOut } from './echo-client-stats.js';
import { type EsMain, EsShared, esCleanupAllThreads, esMain, esSetupThreads } from './echo-server.js';
import { hsMakeDataPort } from './echo-test-cfg.js';

/** `echo_server_detach` / `vp_server_detach` (HEAD closes every session first): 0 or a SESSION_E_* code. */
function esDetach (vm: VlibMain, sm: SessionMain, es: EsMain, vp: boolean): number {
  if (vp && es.shared !== null) esCleanupAllThreads(vm, sm);
  const rv = vnetApplicationDetach(vm, sm, es.appIndex ?? -1);
  es.appIndex = -1;
  return rv;
}

/**
 * `echo_server_create` / `vp_server_create`: attach, then the control listener (always TCP,
 * the uri's port), then the data listener (the uri's transport, port + 1). A failure is logged,
 * detaches what was attached, and returns −1.
 */
function esCreate (vm: VlibMain, sm: SessionMain, es: EsMain, cmd: EchoServerCommand): number {
  const vp = cmd.flavor === 'vperf';
  const ep = cmd.endpoint;
  const ip4 = ep.isIp4 && !ep.secure;
  const dataProto = !ip4 ? -1 : ep.proto === 'tcp' ? TransportProto.Tcp : ep.proto === 'udp' ? TransportProto.Udp : -1;
  const sh = EsShared.create(sm.cfg.nThreads);
  sh.isTcp = dataProto === TransportProto.Tcp;
  const attachFn = vp ? 'vp_server_attach' : 'echo_server_attach';
  const createFn = vp ? 'vp_server_create' : 'echo_server_create';
  const nsIndex = cmd.appnsId === null ? 0 : sm.am.namespaces.validate(cmd.appnsId, cmd.appnsSecret);
  const r = nsIndex < 0 ? null : vnetApplicationAttach(vm, sm, cmd.appName, -1, nsIndex, {
    isBuiltin: true, builtinName: cmd.appName, rxFifoSize: cmd.fifoSize, txFifoSize: cmd.fifoSize, segmentSize: cmd.privateSegmentSize,
  });
  if (r === null || r.retval !== 0 || r.wrk === null) {
    es.log.warn(attachFn, 'failed to attach server');
    es.log.warn(createFn, 'failed to attach server');
    return -1;
  }
  es.appIndex = r.appIndex;
  sh.appIndex = r.appIndex;
  es.shared = sh;
  esSetupThreads(vm, sm.cfg.nThreads, sh, {
    flavor: cmd.flavor, appIndex: r.appIndex, rxBufBytes: vp ? cmd.fifoSize : Math.max(cmd.rcvBufSize, cmd.fifoSize),
  });
  const aw = sm.am.appWrks[r.wrk.wrkIndex];
  const ip = ip4 ? parseIp4(ep.ip) : 0;
  const fail = (msg: string): number => {
    es.log.warn(createFn, msg);
    if (esDetach(vm, sm, es, vp) !== 0) es.log.warn(createFn, 'failed to detach');
    return -1;
  };
  if (aw === undefined) return fail('failed to start listening on ctrl session');
  const ctrl = vnetListen(vm, sm, aw, { fibIndex: aw.fibIndex, proto: ip4 ? TransportProto.Tcp : -1, ip, port: ep.port });
  sh.ctrlListenerHandle = ctrl;
  if (ctrl < 0) return fail('failed to start listening on ctrl session');
  const data = vnetListen(vm, sm, aw, { fibIndex: aw.fibIndex, proto: dataProto, ip, port: hsMakeDataPort(ep.port) });
  sh.listenerHandle = data;
  if (data < 0) return fail('failed to start listening');
  return 0;
}

/**
 * Runs `test echo server …` (flavor `test-echo`) or `vperf server …` (flavor `vperf`) on main.
 * Prints VPP's lines through `out`; returns the command's error message (VPP's CLI prints it
 * after the command path) or null. HEAD's `report-interval`, which keeps the CLI printing the
 * server's statistics until a key is pressed, is not run: the server starts and the command
 * returns.
 */
export function echoServerCommand (vm: VlibMain, sm: SessionMain, cmd: EchoServerCommand, out: CliOut): string | null {
  const es = esMain(sm);
  const vp = cmd.flavor === 'vperf';
  // v26.02 never initialises app_index (0); HEAD starts at APP_INVALID_INDEX
  if (es.appIndex === null) es.appIndex = vp ? -1 : 0;
  if (cmd.stop) {
    if (es.appIndex === -1) {
      out('server not running');
      return 'failed: server not running';
    }
    const rv = esDetach(vm, sm, es, vp);
    if (rv !== 0) {
      out('failed: detach');
      return `failed: server detach ${rv}`;
    }
    return null;
  }
  // vnet_session_enable_disable (rule-table backend): a no-op when already enabled
  if (!sm.isEnabled) {
    vm.barrierSync();
    sm.nodeEnableDisable(vm, true);
    vm.barrierRelease();
  }
  if (cmd.uriDefaulted) out(`No uri provided! Using default: ${ECHO_SERVER_DEFAULT_URI}`);
  if (vp) vm.barrierSync();
  const rv = esCreate(vm, sm, es, cmd);
  if (vp) vm.barrierRelease();
  return rv !== 0 ? `failed: server_create returned ${rv}` : null;
}
