// `show app`, `show app <index>`, `show app mq` and `show app ns` output, byte for byte as VPP
// HEAD prints them, over a real session layer with apps attached through the socket API.
// Each expected line is built from the C format directive it comes from (named beside it) in
// src/vnet/session/application.c, application_worker.c, application_namespace.c and
// src/svm/message_queue.c; the padding, the NULs and the table layout were also checked against
// VPP's own format() and format_table() built from HEAD. Lines are written as arrays so that
// trailing spaces and NULs stay visible in review.
import { expect } from 'chai';
import {
  AppOptionsFlag, formatAppOptionsFlags, formatMemorySize, formatShowApp, formatShowAppDetail, formatShowAppMq,
  formatShowAppNs,
} from '../src/session/app-format.js';
import { type AppOptions, vnetApplicationAttach } from '../src/session/application.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

const ms = 1e6;
const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');
const sp = (n: number): string => ' '.repeat(n);
const NUL = '\0';

/**
 * Attaches a builtin app as vpp's own apps do, on main with api client ~0 (the socket API's
 * client cannot map a builtin's missing event queue), and lets every thread learn its worker.
 */
function attachBuiltin (r: SessionRun, name: string, untilNs: number): void {
  const rv = vnetApplicationAttach(r.vms[0]!, r.sm, name, -1, 0, { isBuiltin: true });
  expect(rv.retval).to.equal(0);
  r.runUntil(untilNs);
}

/** Attaches app k, one at a time (so app indices follow k), with extra workers if asked. */
function attachApps (r: SessionRun, apps: readonly { name: string; opts?: AppOptions; extraWorkers?: number }[]): void {
  apps.forEach((a, k) => {
    r.startApp(k, function * (env) {
      yield * env.client.attach(a.name, a.opts ?? {});
      for (let i = 0; i < (a.extraWorkers ?? 0); i++) yield * env.client.addWorker();
    });
    r.runUntil((k + 1) * 5 * ms);
  });
}

// `show app` header: `%-10s%-20s%-40s` → Index + 5, Name + 16, Namespace + 31.
const APP_HDR = 'Index' + sp(5) + 'Name' + sp(16) + 'Namespace' + sp(31);

// The session worker mqs: Q 2048, R0 2048, R1 1024 (session_vpp_wrk_mqs_alloc, default
// wrk-mq-length), as `[Ctrl%d]` + format_svm_msg_q's ` [Q:%d/%d]` and ` [R%d:%d/%d]`.
const ctrl = (t: number): string => `[Ctrl${t}] [Q:0/2048] [R0:0/2048] [R1:0/1024]`;
// An idle app worker event queue of 128: R1 = max(16, 128 >> 4) (segment_manager_alloc_queue).
const EVTQ_128 = ' [Q:0/128] [R0:0/128] [R1:0/16]';
// An idle private rx mq of 128: rings [128, 64] (app_rx_mqs_alloc).
const RXMQ_128 = ' [Q:0/128] [R0:0/128] [R1:0/64]';

describe('show app', () => {
  it('prints the header alone when no app is attached (No active apps is show app client\'s)', () => {
    const r = sessionRun(2);
    expect(formatShowApp(r.sm)).to.equal(lines(APP_HDR));
  });

  it('lists apps in index order with the namespace id printed with its NUL (%-40v of a C-terminated vec)', () => {
    const r = sessionRun(2, { apps: 2, appNs: ['default', 'blue'] });
    r.sm.am.namespaces.add('blue', 1234);
    attachApps(r, [{ name: 'app-a' }, { name: 'an-application-name-over-20' }]);
    expect(formatShowApp(r.sm)).to.equal(lines(
      APP_HDR,
      // %-10u 0, %-20v app-a (+15), %-40v "default\0" (8 bytes, +32)
      '0' + sp(9) + 'app-a' + sp(15) + 'default' + NUL + sp(32),
      // the name cut at 20 columns and glued to the namespace; "blue\0" + 35
      '1' + sp(9) + 'an-application-name-' + 'blue' + NUL + sp(35),
    ));
  });

  it('with transports lists only transport apps: none in vppsim, so the header alone', () => {
    const r = sessionRun(1);
    attachBuiltin(r, 'echo', 2 * ms);
    expect(formatShowApp(r.sm, { transports: true })).to.equal(lines(APP_HDR));
    expect(formatShowApp(r.sm)).to.contain('echo', 'a builtin app is not a transport app');
  });

  it('prints the command error when the session layer is not enabled', () => {
    const r = sessionRun(1, { enable: false });
    expect(formatShowApp(r.sm)).to.equal('show app: session layer is not enabled\n');
    expect(formatShowAppMq(r.sm)).to.equal('show app: session layer is not enabled\n');
    expect(formatShowAppNs(r.sm)).to.equal('show app ns: session layer is not enabled\n');
  });
});

describe('show app <index>', () => {
  it('prints format_application at verbose 1: app, flags, runtime, memory and one line per worker map', () => {
    const r = sessionRun(2, { apps: 2, appNs: ['default', 'blue'] });
    r.sm.am.namespaces.add('blue', 1234);
    attachApps(r, [
      { name: 'app-a', extraWorkers: 1 },
      { name: 'app-b', opts: { useMqEventfd: true, evtQSize: 256, segmentSize: 3 << 19 } },
    ]);
    // app-a attached (wrk 0) and added its second worker (wrk 1) before app-b attached (wrk 2)
    expect(formatShowAppDetail(r.sm, 0)).to.equal(lines(
      'app:\t app-a app-index 0 ns 0:default' + NUL, //    "app:\t %v app-index %u ns %u:%v\n"
      'flags:\t global-scope', //                           no scope asked → USE_GLOBAL_SCOPE added
      'runtime: tls-engine none evt-collector 0', //        CRYPTO_ENGINE_NONE, zeroed app
      'memory:\t seg-size 1m add-seg-size 1m mq-size 128 max-segments 0',
      '\t rx-fifo-size 4k tx-fifo-size 4k max-fifo-size 4m', // segment_manager_main_init defaults
      '\t segment-type memfd prealloc-fifos 0 prealloc-fifo-hdrs 0',
      '\t high-watermark 80 low-watermark 50 pct-first-alloc 0',
      'workers:',
      // format_white_space 2 + "wrk-index %u app-index %u map-index %u api-client-index %d mq-cong %u\n"
      '  wrk-index 0 app-index 0 map-index 0 api-client-index 0 mq-cong 0',
      '  wrk-index 1 app-index 0 map-index 1 api-client-index 0 mq-cong 0',
    ));
    expect(formatShowAppDetail(r.sm, 1)).to.equal(lines(
      'app:\t app-b app-index 1 ns 1:blue' + NUL,
      'flags:\t global-scope, mq-eventfd', //               bit 5 before bit 7, ", "-separated
      'runtime: tls-engine none evt-collector 0',
      'memory:\t seg-size 1.50m add-seg-size 1m mq-size 256 max-segments 0', // 1.5 MiB: %.2f + m
      '\t rx-fifo-size 4k tx-fifo-size 4k max-fifo-size 4m',
      '\t segment-type memfd prealloc-fifos 0 prealloc-fifo-hdrs 0',
      '\t high-watermark 80 low-watermark 50 pct-first-alloc 0',
      'workers:',
      '  wrk-index 2 app-index 1 map-index 0 api-client-index 1 mq-cong 0',
    ));
  });

  it('prints a builtin app with a private segment and api client ~0 (%d → -1)', () => {
    const r = sessionRun(1);
    attachBuiltin(r, 'echo', 2 * ms);
    const out = formatShowAppDetail(r.sm, 0).split('\n');
    expect(out[1]).to.equal('flags:\t builtin, global-scope');
    expect(out[5]).to.equal('\t segment-type private prealloc-fifos 0 prealloc-fifo-hdrs 0');
    expect(out[8]).to.equal('  wrk-index 0 app-index 0 map-index 0 api-client-index -1 mq-cong 0');
  });

  it('prints the command error for an index with no app', () => {
    const r = sessionRun(1);
    expect(formatShowAppDetail(r.sm, 7)).to.equal('show app: No app with index 7\n');
  });

  it('formats sizes and flags as VPP does', () => {
    expect([0, 512, 4096, 1 << 20, 1536, 4 << 20, 3 << 29].map(formatMemorySize))
      .to.deep.equal(['0', '512', '4k', '1m', '1.50k', '4m', '1.50g']);
    expect(formatAppOptionsFlags(0)).to.equal('none');
    expect(formatAppOptionsFlags(AppOptionsFlag.NO_DUMP_SEGMENTS | AppOptionsFlag.ACCEPT_REDIRECT))
      .to.equal('accept-redirect, no-dump-segments');
  });
});

describe('show app mq', () => {
  it('prints the ctrl mqs alone with no apps', () => {
    const r = sessionRun(3);
    expect(formatShowAppMq(r.sm)).to.equal(lines(ctrl(0), ctrl(1), ctrl(2)));
  });

  it('puts each app\'s worker mqs then its private rx mqs, one per vpp thread, on one line', () => {
    const r = sessionRun(3, { apps: 2 });
    attachApps(r, [{ name: 'a', extraWorkers: 1 }, { name: 'b', opts: { evtQSize: 512 } }]);
    expect(formatShowAppMq(r.sm)).to.equal(lines(
      ctrl(0), ctrl(1), ctrl(2),
      // "[A%d][%d]%U" per worker map (the number is the map's wrk_index), then "[A%d][R%d]%U"
      '[A0][0]' + EVTQ_128 + '[A0][1]' + EVTQ_128 + '[A0][R0]' + RXMQ_128 + '[A0][R1]' + RXMQ_128 + '[A0][R2]' + RXMQ_128,
      // evt_q_size 512: app mq R1 = 512 >> 4 = 32; rx mqs [512, 256]
      '[A1][2] [Q:0/512] [R0:0/512] [R1:0/32]' +
        '[A1][R0] [Q:0/512] [R0:0/512] [R1:0/256][A1][R1] [Q:0/512] [R0:0/512] [R1:0/256][A1][R2] [Q:0/512] [R0:0/512] [R1:0/256]',
    ));
  });

  it('prints the global app worker index, not the map index, after another app attached in between', () => {
    const r = sessionRun(2, { apps: 2, usePrivateRxMqs: false });
    r.startApp(0, function * (env) {
      yield * env.client.attach('a', {});
      yield env.wait.set([], 10 * ms); // app b attaches meanwhile
      yield * env.client.addWorker();
    });
    r.runUntil(3 * ms);
    r.startApp(1, function * (env) { yield * env.client.attach('b', {}); });
    r.runUntil(6 * ms);
    expect(r.sm.am.apps.map((a) => a?.workerMaps.size)).to.deep.equal([1, 1], 'b attached before a added its worker');
    r.runUntil(30 * ms);
    // a's second worker is map index 1 of app 0 but app worker 2 in the global pool
    expect(formatShowAppMq(r.sm)).to.equal(lines(ctrl(0), ctrl(1), '[A0][0]' + EVTQ_128 + '[A0][2]' + EVTQ_128, '[A1][1]' + EVTQ_128));
    expect(r.sm.am.apps[0]?.workerMaps.get(1)).to.equal(2);
  });

  it('without private rx mqs prints only the worker mqs; a builtin app\'s shows VPP\'s idle queue', () => {
    const r = sessionRun(2, { apps: 1, usePrivateRxMqs: false });
    attachApps(r, [{ name: 'x' }]);
    attachBuiltin(r, 'echo', 10 * ms);
    expect(formatShowAppMq(r.sm)).to.equal(lines(ctrl(0), ctrl(1), '[A0][0]' + EVTQ_128, '[A1][1]' + EVTQ_128));
  });
});

describe('show app ns', () => {
  function twoNs (): SessionRun {
    const r = sessionRun(2, { apps: 2, appNs: ['blue', 'blue'] });
    r.sm.am.namespaces.add('blue', 1234);
    attachApps(r, [{ name: 'a' }, { name: 'b', extraWorkers: 1 }]);
    return r;
  }

  it('lists namespaces in a left-aligned table, columns as wide as their widest cell', () => {
    const r = twoNs();
    // format_table, header and body TTAA_LEFT, one space between columns; Interface is
    // format_vnet_sw_if_index_name of ~0 (no interface): "DELETED (%u)". Without ANSI codes.
    expect(formatShowAppNs(r.sm)).to.equal(lines(
      'Index Secret Interface            Id      Socket                         ',
      '0     0      DELETED (4294967295) default /run/vpp/app_ns_sockets/default',
      '1     1234   DELETED (4294967295) blue    /run/vpp/app_ns_sockets/blue   ',
    ));
  });

  it('prints one namespace with `id`, then the local table header (no lookup tables in vppsim)', () => {
    const r = twoNs();
    expect(formatShowAppNs(r.sm, { id: 'blue' })).to.equal(lines(
      'Application namespace [1]', //   "Application namespace [%u]\nid:        %s\nsecret:    %lu"
      'id:        blue',
      'secret:    1234',
      'Socket:    /run/vpp/app_ns_sockets/blue', // "\nSocket:    %s" (%s stops at the NUL)
      'Listener' + sp(22) + 'Application' + sp(19), // "%-30s%-30s"
    ));
    expect(formatShowAppNs(r.sm, { id: 'green' })).to.equal('ns green not found\n');
  });

  it('lists the api clients of a namespace, derived from the apps attached in it', () => {
    const r = twoNs();
    expect(formatShowAppNs(r.sm, { id: 'blue', apiClients: true })).to.equal(
      // "socket: %v\n": the path vec ends in ns_id's NUL and the %c 0 (appns_sapi_add_ns_socket)
      'socket: /run/vpp/app_ns_sockets/blue' + NUL + NUL + '\n' +
      lines(
        sp(3) + 'app index' + sp(3) + 'wrk index' + sp(3) + 'fd', // "%12s%12s%5s"
        sp(11) + '0' + sp(11) + '0' + sp(4) + '0', //           "%12d%12d%5u": app, wrk map, fd (api client)
        sp(11) + '1' + sp(11) + '0' + sp(4) + '1',
      ));
  });

  it('prints only the socket line for a namespace with no clients, and needs an id for api-clients', () => {
    const r = twoNs();
    expect(formatShowAppNs(r.sm, { id: 'default', apiClients: true }))
      .to.equal('socket: /run/vpp/app_ns_sockets/default' + NUL + NUL + '\n');
    expect(formatShowAppNs(r.sm, { apiClients: true })).to.equal('must specify a table for api\n');
  });
});
