// VPP's builtin echo apps inside vppsim's vpp threads, in virtual time: `test echo server` /
// `test echo clients` (v26.02) and `vperf server` / `vperf client` (HEAD), run as VPP's CLI runs
// them (the commands in a process on main), over TCP between the loopbacks 6.0.0.1 and 6.0.1.1.
// Expected lines follow the format strings of src/plugins/hs_apps/echo_client.c (v26.02) and
// src/plugins/vperf/builtin/vperf_client.c, vperf_stats.c (HEAD); the numbers in them are
// computed from the command and from what the run printed, not copied from a run.
import { expect } from 'chai';
import { type CostModel, defaultCostModel } from '../graph/clock.js';
import type { VlibMain } from '../graph/main-loop.js';
import { defineNode, NodeState, NodeType, type ProcessResume, type ProcessWait } from '../graph/node.js';
import { formatF } from '../graph/vpp-format.js';
import { echoClientsNode } from '../nodes/echo-clients.js';
import { echoAppLog } from '../src/apps/echo-app-log.js';
import { echoClientCommand, echoCliErrorLine } from '../src/apps/echo-client.js';
import { EsField, ecMain, ecTestData } from '../src/apps/echo-client-main.js';
import { formatBase10 } from '../src/apps/echo-client-stats.js';
import { echoServerCommand } from '../src/apps/echo-server-cli.js';
import { parseCliScript } from '../src/config/cli-script.js';
import { SessionState, WrkState } from '../src/session/session-types.js';
import { kTcpMain } from '../src/session/tcp-key.js';
import { TcpStat } from '../src/session/tcp-main.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

/** What the CLI process printed, whether it finished, and the app names attached at each of its waits. */
interface CliRun {
  readonly lines: string[];
  readonly appNames: Set<string>;
  done: boolean;
}

/** A namespace (id, secret) the next runs add before they start. */
let addNamespace: [string, number] | null = null;
let script: ((vm: VlibMain, cli: CliRun) => Generator<ProcessWait, void, ProcessResume>) | null = null;
let current: CliRun | null = null;

/** The process the commands run in (VPP runs CLI commands in its CLI process). */
const testCliNode = defineNode({
  name: 'echo-test-cli',
  type: NodeType.Process,
  * process (vm: VlibMain) {
    const body = script;
    const cli = current;
    if (body === null || cli === null) return;
    yield * body(vm, cli);
    cli.done = true;
  },
});

/**
 * Runs `commands` one after the other in a process on main, as VPP's `exec` would, until the
 * last one returns (or `limitNs` of virtual time). Errors print as VPP's CLI prints them. The
 * client command is stepped by hand only to note which apps are attached while it waits.
 */
function runCli (nThreads: number, commands: readonly string[], limitNs = 30e9, cost?: CostModel): { r: SessionRun; cli: CliRun } {
  // VPP's defaults: no private rx mqs, so no adaptive session workers
  const r = sessionRun(nThreads, { tcp: true, sessionPoolSize: 1024, usePrivateRxMqs: false, extraNodes: [testCliNode], cost });
  const cli: CliRun = { lines: [], appNames: new Set(), done: false };
  current = cli;
  const sm = r.sm;
  if (addNamespace !== null) sm.am.namespaces.add(addNamespace[0], addNamespace[1]);
  const noteApps = (): void => { for (const a of sm.am.apps) if (a !== undefined) cli.appNames.add(a.name); };
  script = function * (vm, c) {
    const out = (l: string): void => { c.lines.push(l); };
    for (const text of commands) {
      const cmd = parseCliScript(text, 'test.cli').commands[0];
      let err: string | null;
      if (cmd?.kind === 'echo-server') {
        err = echoServerCommand(vm, sm, cmd, out);
        noteApps();
      } else if (cmd?.kind === 'echo-client') {
        const g = echoClientCommand(vm, sm, cmd, out);
        let step = g.next();
        while (step.done !== true) {
          noteApps();
          step = g.next(yield step.value);
        }
        err = step.value;
      } else {
        throw new Error(`not an echo command: ${text}`);
      }
      if (err !== null) out(echoCliErrorLine(cmd.path, err));
    }
  };
  try {
    r.sched.run(limitNs, () => cli.done);
  } finally {
    script = null;
    current = null;
  }
  expect(cli.done, 'the commands returned').to.equal(true);
  return { r, cli };
}

// VPP's %.2f / %.6f print no leading zero below 1 (.25), and 0.00 for what rounds to nothing
const F2 = '(\\d*\\.\\d{2})';
const F6 = '(\\d*\\.\\d{6})';
const F5 = '(\\d*\\.\\d{5})';
const num = (s: string | undefined): number => Number(s);

/** Matches `line` against `re` (anchored) and returns the groups. */
function match (line: string | undefined, re: string): string[] {
  expect(line, `a line matching /${re}/`).to.be.a('string');
  const m = new RegExp(`^${re}$`).exec(line as string);
  expect(m, `"${line}" matches /${re}/`).to.not.equal(null);
  return (m as RegExpExecArray).slice(1);
}

/**
 * Checks the final statistics lines (from `Test finished at`) of a test that moved `bytes`
 * between `t0` and the finish time; returns the bytes/second printed.
 */
function expectFinalStats (lines: readonly string[], at: number, t0: number, bytes: number, duplex: 'half' | 'full', o: { rttSamples: 'one' | 'many' }): number {
  const [t1s] = match(lines[at], `Test finished at ${F6}`);
  const t1 = num(t1s);
  expect(t1).to.be.at.least(t0);
  if (o.rttSamples === 'one') {
    match(lines[at + 1], `${F5}ms roundtrip`);
  } else {
    const [mn, avg, mx] = match(lines[at + 1], `${F5}ms/${F5}ms/${F5}ms min/avg/max roundtrip`).map(num);
    // printed with %.5f: an average equal to the max may round one digit above it
    expect(mn).to.be.at.most((avg as number) + 1.5e-5);
    expect(avg).to.be.at.most((mx as number) + 1.5e-5);
  }
  const [total, mb, gb, secs] = match(lines[at + 2], `(\\d+) bytes \\((\\d+) mbytes, (\\d+) gbytes\\) in ${F2} seconds`);
  expect([num(total), num(mb), num(gb)]).to.deep.equal([bytes, Math.floor(bytes / 2 ** 20), Math.floor(bytes / 2 ** 30)]);
  expect(secs).to.equal(formatF(t1 - t0, 2));
  const [rate] = match(lines[at + 3], `(\\d+) bytes/second ${duplex}-duplex`);
  // the printed times are rounded to the µs: the rate lies between what they allow
  const lo = Math.floor(bytes / (t1 - t0 + 1e-6));
  const hi = Math.ceil(bytes / Math.max(t1 - t0 - 1e-6, 1e-9));
  // `%u` of VPP's u64 rate prints its low 32 bits
  let full = num(rate);
  while (full < lo) full += 2 ** 32;
  expect(full, `${rate} + k·2^32 in [${lo}, ${hi}]`).to.be.at.most(hi);
  if (full === num(rate)) {
    expect(lines[at + 4]).to.equal(`${formatBase10(full)}B/s ${duplex}-duplex`);
  } else {
    const [b10, unit] = match(lines[at + 4], `(\\d+\\.\\d\\d)([KMG])B/s ${duplex}-duplex`);
    const scale = unit === 'G' ? 1e9 : unit === 'M' ? 1e6 : 1e3;
    expect(num(b10) * scale).to.be.within(lo - 0.005 * scale, hi + 0.005 * scale);
  }
  return num(rate);
}

/** Sessions of thread `vm` that passed through `state`, from its session state log. */
function sessionsThrough (vm: VlibMain, state: number): number {
  return vm.elogRecords().filter((e) => e.type === 'session-state' && e.c === state).length;
}

const SERVER = 'test echo server uri tcp://0.0.0.0/1234';

describe('test echo server / test echo clients (v26.02), in virtual time', () => {
  for (const nThreads of [2, 1]) {
    it(`runs hs-test's EchoBuiltinTest: 100 one-byte sessions, VPP's lines in order, no failure (${nThreads - 1} worker${nThreads === 2 ? '' : 's'})`, () => {
      const { r, cli } = runCli(nThreads, [SERVER, 'test echo client nclients 100 bytes 1 verbose syn-timeout 100 test-timeout 100 uri tcp://6.0.1.1/1234']);
      const l = cli.lines;
      const [hs, secs, rate] = match(l[0], `(\\d+) three-way handshakes in ${F2} seconds ${F2}/s`);
      expect(num(hs)).to.equal(100);
      expect(num(rate)).to.be.greaterThan(0);
      void secs;
      const [t0] = match(l[1], `Test started at ${F6}`);
      expectFinalStats(l, 2, num(t0), 100 * 1, 'half', { rttSamples: 'many' });
      expect(l.length).to.equal(7, l.join('\n'));
      expect(l.some((x) => x.includes('failed'))).to.equal(false);
      expect(cli.appNames).to.deep.equal(new Set(['echo_server', 'echo_client']));
      // the server listens on the uri's port (control) and the next one (data)
      const ports = [...r.sm.lookup.allListeners()].map(([, info]) => info.ep.port).sort();
      expect(ports).to.deep.equal([1234, 1235]);
      // 100 data sessions and the control session were accepted; each client session sent its byte
      expect(r.vms.reduce((n, vm) => n + sessionsThrough(vm, SessionState.ACCEPTING), 0)).to.equal(101);
      const sh = ecMain(r.sm).shared!;
      let n = 0;
      for (let t = 0; t < nThreads; t++) {
        for (let i = 0; i < sh.nSessions(t); i++, n++) expect(sh.f64[sh.fieldBase(t, EsField.BytesSent) + i]).to.equal(1);
      }
      expect(n).to.equal(100);
      // echo-clients polls on every thread from now on; with workers main's session-queue is
      // forced to POLLING while its worker's state word stays INTERRUPT
      for (const vm of r.vms) expect(vm.getNodeState(echoClientsNode.index)).to.equal(NodeState.Polling);
      expect(r.vms[0]!.getNodeState(r.sm.nodes.sessionQueue)).to.equal(NodeState.Polling);
      if (nThreads > 1) expect(r.sm.worker(0).state).to.equal(WrkState.Interrupt);
      // the verbose debug lines went to the log, not to the CLI
      expect(echoAppLog(r.sm).lines.filter((x) => x.endsWith('control message received:')).length).to.equal(8);
    });
  }

  it('carries 10 MiB through 4 KiB fifos (ASF test_tcp_transfer): every byte reaches the server', () => {
    const { r, cli } = runCli(2, ['test echo server fifo-size 4k uri tcp://6.0.1.1/1234', 'test echo client bytes 10m fifo-size 4k test-bytes syn-timeout 2 uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    match(l[0], `1 three-way handshakes in ${F2} seconds ${F2}/s`);
    const [t0] = match(l[1], `Test started at ${F6}`);
    expectFinalStats(l, 2, num(t0), 10 << 20, 'half', { rttSamples: 'one' });
    expect(l.length).to.equal(7, l.join('\n'));
    const sh = ecMain(r.sm).shared!;
    const t = sh.nSessions(1) === 1 ? 1 : 0;
    expect(sh.f64[sh.fieldBase(t, EsField.BytesSent)]).to.equal(10 << 20);
    // the server's TCP took it all in order: the data, and the 4 control messages each way (84 bytes each)
    const tm = r.vms[0]!.getData(kTcpMain);
    expect(r.vms.reduce((n, vm) => n + tm.stat(vm.threadIndex, TcpStat.dataBytesIn), 0)).to.equal((10 << 20) + 8 * 84);
  });

  it('echoes 10 MiB through 4 KiB fifos with test-bytes: the server checks what it echoes, the client what comes back', () => {
    const { r, cli } = runCli(2, ['test echo server fifo-size 4k uri tcp://6.0.1.1/1234', 'test echo client bytes 10m fifo-size 4k echo-bytes test-bytes syn-timeout 2 uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    const [t0] = match(l[1], `Test started at ${F6}`);
    expectFinalStats(l, 2, num(t0), 10 << 20, 'full', { rttSamples: 'one' });
    expect(l.some((x) => x.includes('failed'))).to.equal(false);
    expect(echoAppLog(r.sm).lines.filter((x) => x.includes('expected') || x.includes('error at byte'))).to.deep.equal([]);
    const sh = ecMain(r.sm).shared!;
    const t = sh.nSessions(1) === 1 ? 1 : 0;
    expect(sh.f64[sh.fieldBase(t, EsField.BytesReceived)]).to.equal(10 << 20);
  });

  it('reports a corrupted byte: the server warns, the client fails with test bytes', () => {
    const data = ecTestData();
    const at = 5000;
    data[at] = (data[at] as number) ^ 0xff;
    let out: CliRun;
    let run: SessionRun;
    try {
      ({ r: run, cli: out } = runCli(2, [SERVER, 'test echo client bytes 64k echo-bytes test-bytes uri tcp://6.0.1.1/1234']));
    } finally {
      data[at] = at & 0xff;
    }
    expect(out.lines.slice(-2)).to.deep.equal(['test failed', 'test echo clients: failed: test bytes']);
    const log = echoAppLog(run.sm).lines;
    expect(log).to.include(`es_test_bytes: at ${at} expected ${at & 0xff} got ${(at & 0xff) ^ 0xff}`);
    expect(log.filter((x) => x.startsWith('receive_data_chunk: read '))).to.have.length(1);
    expect(log.some((x) => x.includes(`error at byte ${at}, 0x${((at & 0xff) ^ 0xff).toString(16)} not 0x${(at & 0xff).toString(16)}`))).to.equal(true);
  });

  it('echo-bytes counts what came back on every session: full-duplex', () => {
    const { r, cli } = runCli(2, [SERVER, 'test echo client nclients 4 bytes 256k echo-bytes uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    match(l[0], `4 three-way handshakes in ${F2} seconds ${F2}/s`);
    const [t0] = match(l[1], `Test started at ${F6}`);
    expectFinalStats(l, 2, num(t0), 4 * (256 << 10), 'full', { rttSamples: 'many' });
    const sh = ecMain(r.sm).shared!;
    for (let t = 0; t < 2; t++) {
      for (let i = 0; i < sh.nSessions(t); i++) {
        expect(sh.f64[sh.fieldBase(t, EsField.BytesSent) + i]).to.equal(256 << 10);
        expect(sh.f64[sh.fieldBase(t, EsField.BytesReceived) + i]).to.equal(256 << 10);
      }
    }
  });

  it('prints the rate\'s low 32 bits as bytes/second when it passes 2^32 (VPP passes a u64 to %u)', () => {
    const { cli } = runCli(2, [SERVER, 'test echo client bytes 1m echo-bytes uri tcp://6.0.1.1/1234']);
    const [t0] = match(cli.lines[1], `Test started at ${F6}`);
    const [t1] = match(cli.lines[2], `Test finished at ${F6}`);
    // the rate here is above 2^32 B/s (virtual time is fast), so what %u prints is less than the rate
    expect((1 << 20) / (num(t1) - num(t0) + 1e-6)).to.be.above(2 ** 32);
    const [rate] = match(cli.lines[5], '(\\d+) bytes/second full-duplex');
    expect(num(rate)).to.be.below(2 ** 32);
    expectFinalStats(cli.lines, 2, num(t0), 1 << 20, 'full', { rttSamples: 'one' });
  });

  it('takes VPP\'s default uris and 8192 bytes when the commands say nothing', () => {
    const { cli } = runCli(1, ['test echo server', 'test echo clients']);
    const l = cli.lines;
    expect(l.slice(0, 2)).to.deep.equal(['No uri provided! Using default: tcp://0.0.0.0/1234', 'No uri provided. Using default: tcp://6.0.1.1/1234']);
    match(l[2], `1 three-way handshakes in ${F2} seconds ${F2}/s`);
    const [t0] = match(l[3], `Test started at ${F6}`);
    expectFinalStats(l, 4, num(t0), 8192, 'half', { rttSamples: 'one' });
    expect(l.length).to.equal(9);
  });

  it('runs for run-time seconds, then closes every session and counts what they sent', () => {
    const { r, cli } = runCli(2, [SERVER, 'test echo client nclients 2 run-time 0.01 uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    const [t0] = match(l[1], `Test started at ${F6}`);
    const [t1] = match(l[2], `Test finished at ${F6}`);
    // the sessions close at the first dispatch after the 10 ms are up
    expect(num(t1) - num(t0)).to.be.within(0.01, 0.0101);
    const sh = ecMain(r.sm).shared!;
    let sent = 0;
    for (let t = 0; t < 2; t++) for (let i = 0; i < sh.nSessions(t); i++) sent += sh.f64[sh.fieldBase(t, EsField.BytesSent) + i] as number;
    expect(sent).to.be.above(8192);
    expectFinalStats(l, 2, num(t0), sent, 'half', { rttSamples: 'many' });
  });

  it('fails when the sessions do not come up in syn-timeout: VPP\'s lines and the session count', () => {
    // costs pinned (messages free), so that the 300 handshakes outlast the 20 µs and the control replies do not
    const pinned: CostModel = { ...defaultCostModel, dispatchCallNs: 40, dispatchVectorNs: 4, loopNs: 60, epollNs: 400, messageNs: 0, wakeLatencyNs: 20_000, sleepGranularityNs: 0 };
    const { r, cli } = runCli(2, [SERVER, 'test echo client nclients 300 bytes 1 syn-timeout 0.00002 uri tcp://6.0.1.1/1234'], 30e9, pinned);
    const [n] = match(cli.lines[0], 'Timeout with only (\\d+) sessions active\\.\\.\\.');
    expect(num(n)).to.be.below(300);
    expect(cli.lines.slice(1)).to.deep.equal(['test failed', `test echo clients: failed: syn timeout with ${n} sessions`]);
    // the client was detached; the server is still there
    expect(r.sm.am.apps.filter((a) => a !== undefined).map((a) => a!.name)).to.deep.equal(['echo_server']);
  });

  it('waits for control replies for syn-timeout too: below one timer tick it does not wait at all', () => {
    const { cli } = runCli(2, [SERVER, 'test echo client syn-timeout 0.000001 uri tcp://6.0.1.1/1234']);
    expect(cli.lines).to.deep.equal([
      'Timeout while waiting for EC_CLI_CFG_SYNC', 'test failed', 'test echo clients: failed: timeout while waiting for EC_CLI_CFG_SYNC',
    ]);
  });

  it('fails when the transfer outlasts test-timeout: VPP\'s timeout lines', () => {
    const { cli } = runCli(2, [SERVER, 'test echo client bytes 100m test-timeout 0.001 uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    const [t0] = match(l[1], `Test started at ${F6}`);
    const [at, n] = match(l[2], `Timeout at ${F6} with (\\d+) sessions still active\\.\\.\\.`);
    expect(num(at) - num(t0)).to.be.closeTo(0.001, 2e-6);
    expect(l.slice(3)).to.deep.equal(['test failed', `test echo clients: failed: timeout with ${n} sessions`]);
    expect(num(n)).to.equal(1);
  });

  it('without a server the control connect is refused: VPP\'s unexpected-event failure', () => {
    const { r, cli } = runCli(2, ['test echo client syn-timeout 2 uri tcp://6.0.1.1/1234']);
    expect(cli.lines).to.deep.equal([
      'unexpected event while waiting for EC_CLI_CFG_SYNC: 2', 'test failed', 'test echo clients: failed: unexpected event: 2',
    ]);
    expect(echoAppLog(r.sm).lines).to.include('ec_session_connected_callback: connection -1 failed! refused');
  });

  it('reports once a second with report-interval (hs-test EchoBuiltinPeriodicReportTest, shortened)', () => {
    const { cli } = runCli(1, [SERVER, 'test echo client bytes 2300k throughput 16m report-interval 1 uri tcp://6.0.1.1/1234']);
    const l = cli.lines;
    const [t0] = match(l[1], `Test started at ${F6}`);
    expect(l[2]).to.equal('-'.repeat(61));
    expect(l[3]).to.equal('Interval (s)  Transmitted   Received   Throughput   Roundtrip');
    const row = `${F2.replace('{2}', '{1}')}-${'(\\d*\\.\\d) *'} (\\S+) +(\\S+) + (\\S+)b/s +(\\S+)ms`;
    const r1 = match(l[4], row);
    expect(r1.slice(0, 2).map(num)).to.deep.equal([0, 1]);
    expect(r1[3]).to.equal('0');
    const r2 = match(l[5], row);
    expect(num(r2[0])).to.equal(1);
    expect(l[6]).to.equal('-'.repeat(61));
    // paced at 16 Mb/s: 2.00M sent in the first second
    expect(num((r1[2] as string).replace('M', ''))).to.be.closeTo(2.0, 0.05);
    // each report row adds a sample per open session to the rtt statistics (as VPP's does)
    expectFinalStats(l, 7, num(t0), 2300 << 10, 'half', { rttSamples: 'many' });
    expect(num(match(l[9], `\\d+ bytes \\(\\d+ mbytes, \\d+ gbytes\\) in ${F2} seconds`)[0])).to.be.closeTo(2300 * 1024 * 8 / 16e6, 0.05);
  });

  it('attaches in the namespace appns/secret name; a wrong secret fails the server loudly and the client silently, as in VPP', () => {
    const ok = (): SessionRun => {
      const { r, cli } = runCli(1, ['test echo server appns blue secret 5 uri tcp://0.0.0.0/1234', 'test echo client appns blue secret 5 uri tcp://6.0.1.1/1234']);
      expect(cli.lines.some((x) => x.includes('failed'))).to.equal(false);
      match(cli.lines[4], '8192 bytes \\(0 mbytes, 0 gbytes\\) in .* seconds');
      return r;
    };
    addNamespace = ['blue', 5];
    try {
      ok();
      const { r, cli } = runCli(1, ['test echo server appns blue secret 6 uri tcp://0.0.0.0/1234', 'test echo client appns blue secret 6 uri tcp://6.0.1.1/1234']);
      // the server's error is the command's; the client's attach error goes to the log only
      // (clib_error_report clears it) and the command returns without a word
      expect(cli.lines).to.deep.equal(['test echo server: failed: server_create returned -1']);
      expect(echoAppLog(r.sm).lines).to.deep.equal([
        'echo_server_attach: failed to attach server', 'echo_server_create: failed to attach server', 'ec_attach: attach returned -38',
      ]);
    } finally {
      addNamespace = null;
    }
  });

  it('stop detaches the server; a second stop finds none', () => {
    const { r, cli } = runCli(1, [SERVER, 'test echo server stop', 'test echo server stop']);
    expect(cli.lines).to.deep.equal(['server not running', 'test echo server: failed: server not running']);
    expect(cli.appNames).to.deep.equal(new Set(['echo_server']));
    expect(r.sm.am.apps.filter((a) => a !== undefined)).to.deep.equal([]);
  });
});

describe('vperf server / vperf client (HEAD), in virtual time', () => {
  it('attaches vperf_srv_builtin and vperf_cln_builtin and prints HEAD\'s lines', () => {
    const { r, cli } = runCli(1, ['vperf server uri tcp://0.0.0.0/1234', 'vperf client nclients 2 bytes 64k verbose uri tcp://6.0.1.1/1234']);
    expect(cli.appNames).to.deep.equal(new Set(['vperf_srv_builtin', 'vperf_cln_builtin']));
    const l = cli.lines;
    match(l[0], `2 connections established in ${F2} seconds ${F2}/s`);
    const [t0] = match(l[1], `Test started at ${F6}`);
    const [t1] = match(l[2], `Test finished at ${F6}`);
    // HEAD prints the statistics after STOP and the post-test SYNC, 1 s (VP_TEST_DELAY_DISCONNECT) later
    expectFinalStats(l, 2, num(t0), 2 * (64 << 10), 'half', { rttSamples: 'many' });
    expect(l.length).to.equal(7, l.join('\n'));
    expect(r.vms[0]!.clock.now() / 1e9 - num(t1)).to.be.at.least(1);
  });
  it('fails a test that outlasts test-timeout with HEAD\'s words, after its 1 s pause', () => {
    const { r, cli } = runCli(1, ['vperf server uri tcp://0.0.0.0/1234', 'vperf client bytes 100m test-timeout 0.001 uri tcp://6.0.1.1/1234']);
    const [at] = match(cli.lines[0], `Timeout at ${F6} with 1 sessions still active\\.\\.\\.`);
    expect(cli.lines.slice(1)).to.deep.equal(['test failed', 'vperf client: failed: test timeout']);
    expect(r.vms[0]!.clock.now() / 1e9 - num(at)).to.be.at.least(1);
  });
});
