// vcl_test_server and vcl_test_client (src/apps) over TCP, mostly in virtual time: VPP's
// test_vcl.py runs (echo, bi-directional with 2 sessions, uni-directional), the numbers the
// RESULTS blocks print checked against each other, the hs_test config on the wire, the glibc
// formatting of the blocks, errors, and the app modules on real threads.
import { expect } from 'chai';
import { VclTestClient, vclTestClientProgram, type VclTestClientResult } from '../src/apps/vcl-test-client.js';
import type { VclTestModuleResult } from '../src/apps/vcl-test-module.js';
import type { VclTestAppConfig } from '../src/apps/vcl-test-common.js';
import { cFixed } from '../src/apps/vcl-test-printf.js';
import {
  HS_TEST_CFG_BYTES, HS_TEST_CFG_CTRL_MAGIC, HS_TEST_CFG_FIELDS, HsTestCfg, HsTestCmd, HsTestType, formatHsTestCfg, hsMakeDataPort,
} from '../src/apps/vcl-test-protocol.js';
import { VclTestServer, vclTestServerProgram } from '../src/apps/vcl-test-server.js';
import { VclTestStats, formatVclTestStats, formatVclTestStatsInc } from '../src/apps/vcl-test-stats.js';
import { splitArgs } from '../src/config/cli-getopt.js';
import { type VclTestClientOptions, type VclTestServerOptions, parseVclTestArgs } from '../src/config/vcl-test-options.js';
import { runRealThreads } from '../src/runtime/real-run.js';
import { defaultSimNetwork } from '../src/session/net.js';
import { createSessionInit } from '../src/session/session-main.js';
import { createTcpInit } from '../src/session/tcp-main.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

const ms = 1e6;
const ECHO_TEXT = 'Hello, world! Jenny is a friend of mine.';

/** Parses a command line as a script would give it to the tool. */
function args<T extends VclTestServerOptions | VclTestClientOptions> (tool: T['tool'], line: string): T {
  const words = splitArgs(line, Array.from(line, (_, i) => i), line.length);
  const sink = { error: (m: string): Error => new Error(m), warn: (): void => {} };
  return parseVclTestArgs(tool, words, sink, 0) as T;
}

/** What one server + client run printed and counted. */
interface Pair {
  readonly r: SessionRun;
  readonly server: VclTestServer;
  readonly client: VclTestClient;
  readonly srvOut: string[];
  readonly srvErr: string[];
  readonly cliOut: string[];
  readonly cliErr: string[];
}

/**
 * Starts `vcl_test_server <srv>` and, 50 ms later (the test frameworks' pause), `vcl_test_client
 * <cli>`, on a 1-thread vpp, and runs until both exited or `untilNs`.
 */
function runPair (srv: string, cli: string, app: VclTestAppConfig = {}, untilNs = 30_000 * ms): Pair {
  const r = sessionRun(1, { tcp: true, apps: 2, sessionPoolSize: 64 });
  const srvOut: string[] = []; const srvErr: string[] = []; const cliOut: string[] = []; const cliErr: string[] = [];
  let server: VclTestServer | null = null;
  let client: VclTestClient | null = null;
  r.startApp(0, (env) => {
    server = new VclTestServer(env, args('vcl_test_server', srv), { out: (l) => srvOut.push(l), err: (l) => srvErr.push(l) }, app);
    return server.run();
  });
  r.startApp(1, (env) => {
    const c = new VclTestClient(env, args('vcl_test_client', cli), { out: (l) => cliOut.push(l), err: (l) => cliErr.push(l) }, app);
    client = c;
    return (function * () { yield env.wait.set([], 50 * ms); yield * c.run(); })();
  });
  const s = (): VclTestServer => server as unknown as VclTestServer;
  const c = (): VclTestClient => client as unknown as VclTestClient;
  r.sched.run(untilNs, () => s().result.exitStatus !== null && c().result.exitStatus !== null);
  return { r, server: s(), client: c(), srvOut, srvErr, cliOut, cliErr };
}

/** The number after `label` on the line of `lines` that contains it (VPP's vclGetLabelValue). */
function labelValue (lines: readonly string[], label: string, from = 0): number {
  const l = lines.slice(from).find((x) => x.includes(label));
  if (l === undefined) throw new Error(`no '${label}' line`);
  return Number(l.slice(l.indexOf(label) + label.length).replace(/^[:\s]+/, '').split(/\s/)[0]);
}

/** The RESULTS block that `header` starts: its lines up to the closing rule. */
function resultsBlock (lines: readonly string[], header: string): string[] {
  const i = lines.findIndex((l) => l.startsWith(`${header}: Streamed `));
  expect(i, `${header} printed`).to.be.greaterThan(0);
  expect(lines[i - 1]).to.equal('', 'the block starts with an empty line');
  const end = lines.indexOf('  -----------------------------', lines.indexOf('    close count:  0', i));
  return lines.slice(i, end + 1);
}

/** Checks a RESULTS block's first two lines against its counters: bytes, seconds, Gbit/s. */
function checkRate (block: readonly string[], startNs: number, stopNs: number, duplex: 'full' | 'half'): void {
  const bytes = Number(/Streamed (\d+) bytes/.exec(block[0]!)![1]);
  const m = /^ {2}in (\d+\.\d{6}) seconds \((\d+\.\d{6}) Gbps (full|half)-duplex\)!$/.exec(block[1]!);
  expect(m, block[1]).to.not.equal(null);
  const secs = Number(m![1]);
  const gbps = Number(m![2]);
  expect(m![3]).to.equal(duplex);
  expect(Math.abs(secs - (stopNs - startNs) / 1e9)).to.be.at.most(5e-7 + 1e-12, 'seconds = stop − start, rounded to 6 decimals');
  expect(secs).to.be.greaterThan(0);
  expect(Math.abs(gbps - bytes * 8 / secs / 1e9) / gbps).to.be.below(1e-3, 'Gbps = bytes × 8 / seconds / 1e9');
}

describe('vcl_test_server / vcl_test_client over TCP', function () {
  this.timeout(120_000);

  describe('the hs_test config message', () => {
    it('is hs_test_cfg_t packed: 84 bytes, fields back to back, little-endian, as the C struct lays them out', () => {
      let at = 0;
      for (const [name, off, w] of HS_TEST_CFG_FIELDS) {
        expect(off, name).to.equal(at);
        at += w;
      }
      expect(at).to.equal(HS_TEST_CFG_BYTES);
      expect(HS_TEST_CFG_BYTES).to.equal(84);
      const c = new HsTestCfg();
      Object.assign(c, {
        seqNum: 7, test: HsTestType.Bi, testParam: 2, cmd: HsTestCmd.Start, ctrlHandle: 0xffffffff, numTestSessions: 5, numTestSessionsPerq: 1,
        numTestQsessions: 0, verbose: 1, rxbufSize: 524288, txbufSize: 8192, numWrites: 0x123456789, totalBytes: 0x1f0000000000, testBytes: 1,
      });
      const b = new Uint8Array(HS_TEST_CFG_BYTES);
      c.encode(b);
      // what gcc's x86-64 packed struct holds for these values
      expect(Buffer.from(b).toString('hex')).to.equal(
        'cefaedfe07000000030000000200000001000000ffffffff050000000100000000000000010000000000000000000000' +
        '00000800000000000020000000000000896745230100000000000000001f000001000000',
      );
      const d = new HsTestCfg().decode(b);
      for (const [name] of HS_TEST_CFG_FIELDS) expect(d[name], name).to.equal(c[name]);
      expect(d.magic).to.equal(HS_TEST_CFG_CTRL_MAGIC);
    });

    it('puts the data sessions on the control port + 1 (hs_make_data_port), in 16 bits', () => {
      expect(hsMakeDataPort(22000)).to.equal(22001);
      expect(hsMakeDataPort(65535)).to.equal(0);
    });
  });

  describe('output formatting (glibc printf, checked against gcc)', () => {
    it('prints %lf rounded half to even on the exact value, 0/0 as -nan', () => {
      expect(cFixed(0.0078125, 6)).to.equal('0.007812');
      expect(cFixed(0.125, 2)).to.equal('0.12');
      expect(cFixed(2.5, 0)).to.equal('2');
      expect(cFixed(123456.0000005, 6)).to.equal('123456.000001');
      expect(cFixed(1 / 3, 6)).to.equal('0.333333');
      expect(cFixed(-0, 6)).to.equal('-0.000000');
      expect(cFixed(0 / 0, 6)).to.equal('-nan');
      expect(cFixed(1 / 0, 6)).to.equal('inf');
    });

    it('prints vcl_test_stats_dump and hs_test_cfg_dump as the C code does', () => {
      const st = new VclTestStats();
      Object.assign(st, { rxXacts: 113, rxBytes: 16391908, rxIncomp: 113, txXacts: 2004, txBytes: 16393136, txEagain: 2, txIncomp: 1, startNs: 50390000, stopNs: 1051451500 });
      expect(formatVclTestStats('CLIENT RESULTS', st, true, true, true, 0x7ffd1000)).to.deep.equal([
        '',
        'CLIENT RESULTS: Streamed 32785044 bytes',
        '  in 1.001062 seconds (0.262002 Gbps full-duplex)!',
        '  -----------------------------',
        '  tx stats (0x0x7ffd1000):',
        '  -----------------------------',
        '         writes:  2004 (0x000007d4)',
        '       tx bytes:  16393136 (0x00fa23b0)',
        '      tx eagain:  2 (0x00000002)',
        '  tx incomplete:  1 (0x00000001)',
        '  -----------------------------',
        '  rx stats (0x0x7ffd1000):',
        '  -----------------------------',
        '          reads:  113 (0x00000071)',
        '       rx bytes:  16391908 (0x00fa1ee4)',
        '      rx eagain:  0 (0x00000000)',
        '  rx incomplete:  113 (0x00000071)',
        '    reset count:  0',
        '    close count:  0',
        '   start.tv_sec:  0',
        '  start.tv_nsec:  50390000',
        '    stop.tv_sec:  1',
        '   stop.tv_nsec:  51451500',
        '  -----------------------------',
      ]);
      const cfg = new HsTestCfg().init();
      Object.assign(cfg, { seqNum: 3, cmd: HsTestCmd.Stop, test: HsTestType.Bi, numTestSessions: 2, numWrites: 1000, totalBytes: 8192000, ctrlHandle: 0 });
      expect(formatHsTestCfg(cfg, true, 0x7ffd2000)).to.deep.equal([
        '  test config (0x7ffd2000):',
        '  -----------------------------',
        '               command: STOP',
        '                 magic:  0xfeedface',
        '               seq_num:  0x00000003',
        '            test bytes:  no',
        "'#B'              test:  BI (3)",
        '  additional parameter:  NONE (0)',
        '           ctrl handle:  0 (0x0)',
        "'#I:' num test sockets:  2 (0x00000002)",
        "'#V'           verbose:  off (0)",
        "'#R:'       rxbuf size:  524288 (0x00080000)",
        "'#T:'       txbuf size:  8192 (0x00002000)",
        "'#N:'       num writes:  1000 (0x000003e8)",
        '       client tx bytes:  8192000 (0x007d0000)',
        '  -----------------------------',
      ]);
      Object.assign(cfg, { cmd: HsTestCmd.Start, test: HsTestType.Uni, ctrlHandle: 0xffffffff, testParam: 3 });
      const srv = formatHsTestCfg(cfg, false, 1);
      expect(srv[6]).to.equal('                  test:  UNI (2)');
      expect(srv[7]).to.equal('  additional parameter:  Unknown (3)', 'hs_test_param_str does not know the close-conn params');
      expect(srv[8]).to.equal('           ctrl handle:  -1 (0xffffffff)');
      expect(srv[9]).to.equal('      num test sockets:  2 (0x00000002)');
    });

    it('prints the -S line: whole Mbytes (1e6) since the last report, %.2lf seconds and Gbps', () => {
      const old = Object.assign(new VclTestStats(), { rxBytes: 1_000_000, txBytes: 0, stopNs: 1e9 });
      const cur = Object.assign(new VclTestStats(), { rxBytes: 4_500_000, txBytes: 2_999_999, stopNs: 3.5e9 });
      expect(formatVclTestStatsInc(4, cur, old, true)).to.equal('4: Received 3 Mbytes in 2.50 seconds 0.01 Gbps');
      expect(formatVclTestStatsInc(4, cur, old, false)).to.equal('4: Sent 2 Mbytes in 2.50 seconds 0.01 Gbps');
    });
  });

  it('VCLThruHostStackEcho: the client sends the text on the control session, the server prints it and echoes it with its NUL, then exits (-X)', () => {
    const p = runPair('22000', `-E "${ECHO_TEXT}" -X 6.0.1.1 22000`);
    const n = Buffer.byteLength(ECHO_TEXT) + 1;
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.server.result.exitStatus).to.equal(0);
    expect(p.client.result.echoReply).to.equal(ECHO_TEXT, 'the text came back');
    expect(p.server.result.echoes).to.deep.equal([ECHO_TEXT]);
    expect(p.srvOut).to.deep.equal([
      'vt<w0>: Initializing main ctrl session ...',
      'vt<w0>: Waiting for client ctrl connection on port 22000 ...',
      'vt<w0>: Initializing worker ...',
      'vt<w0>: Waiting for client data connections on port 22001 ...',
      'vt<w0>: CTRL accepted fd = 3 (0x00000003) on listener fd = 0 (0x00000000)',
      `vt<w0>: (fd 3): RX (${n} bytes) - '${ECHO_TEXT}'`,
      `vt<w0>: (fd 3): TX (${n} bytes) - '${ECHO_TEXT}'`,
      'vt<w0>: Ctrl session fd 3 closing!',
      'vt<w0>: All client connections closed',
      '',
    ]);
    // v26.02's vtc_echo_client reads the reply and prints nothing of it
    expect(p.cliOut).to.deep.equal([
      'vt<w0>: Connecting to server...',
      'vt<w0>: Control session (fd 0) connected.',
      'vt<w0>: (fd 0): Sending exit cfg to server...',
    ]);
    expect(p.srvErr.concat(p.cliErr)).to.deep.equal([]);
    expect(p.client.result.cfgSyncs).to.equal(1, 'one SYNC before the echo');
    expect(p.server.result.cfgMsgs).to.equal(2, 'SYNC, then EXIT');
    // both apps detached: vpp let go of them
    p.r.runUntil(p.r.vms[0]!.clock.now() + 100 * ms);
    expect(p.r.sm.am.apps.filter((a) => a !== undefined)).to.deep.equal([]);
  });

  it('VCLThruHostStackBidirNsock (-N 1000 -B -X -I 2): 2 sessions each way; the server echoes every byte it counts, the client counts what it sent and got back', () => {
    const N = 1000;
    const p = runPair('22000', `-N ${N} -B -X -I 2 6.0.1.1 22000`);
    const o = args<VclTestClientOptions>('vcl_test_client', `-N ${N} -B -X -I 2 6.0.1.1 22000`);
    const perSession = N * o.txbufSize;
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.server.result.exitStatus).to.equal(0);
    expect(p.srvErr.concat(p.cliErr)).to.deep.equal([]);
    expect(p.cliOut.slice(0, 12)).to.deep.equal([
      'vt<w0>: Connecting to server...',
      'vt<w0>: Control session (fd 0) connected.',
      'vt<w0>: Bi-directional Stream Test Starting!',
      'vt<w0>: Initializing worker 0 ...',
      'vt<w0>: All test sessions (2) initialized!',
      'vt<w0>: Worker 0 starting test ...',
      'vt<w0>: Test session 0 (fd 1) connected.',
      'vt<w0>: Test session 1 (fd 2) connected.',
      'vt<w0>: All test sessions (2) connected!',
      'vt<w0>: Worker 0 starting transfer ...',
      'vt<w0>: Worker 0 done ...',
      'vt<w0>: Sending config on ctrl session (fd 0) for stats...',
    ]);
    expect(p.srvOut).to.include.members([
      'vt<w0>: Set control fd 3 for test!',
      'vt<w0>: Starting Bi-directional Stream Test (fd 3)!',
      'vt<w0>: Got a connection -- fd = 4 (0x00000004) on listener fd = 2 (0x00000002)',
      'vt<w0>: Got a connection -- fd = 5 (0x00000005) on listener fd = 2 (0x00000002)',
      'vt<w0>: deleting 1 (fd 4)',
      'vt<w0>: deleting 2 (fd 5)',
    ]);
    expect(p.srvOut.some((l) => l.includes('still open'))).to.equal(false, 'the client closed its sessions before STOP');

    // each session: at least N writes of T bytes went out and as many came back (vcl_test_write
    // resends the whole buffer after a short write, so a session may overshoot, as in VPP)
    const sess = p.client.result.sessions;
    expect(sess).to.have.length(2);
    for (const s of sess) {
      expect(s.txBytes).to.be.at.least(perSession);
      expect(s.txBytes).to.be.below(perSession + o.txbufSize);
      expect(s.rxBytes).to.be.at.least(perSession);
      expect(s.rxBytes).to.be.at.most(s.txBytes);
      expect(s.txXacts).to.be.at.least(N);
    }
    const sum = (f: (s: (typeof sess)[number]) => number): number => sess.reduce((a, s) => a + f(s), 0);
    const cliTx = sum((s) => s.txBytes);
    const cliRx = sum((s) => s.rxBytes);

    // the client's block: the sums of its sessions
    const cb = resultsBlock(p.cliOut, 'CLIENT RESULTS');
    expect(cb[0]).to.equal(`CLIENT RESULTS: Streamed ${cliTx + cliRx} bytes`);
    expect(labelValue(cb, 'writes:')).to.equal(sum((s) => s.txXacts));
    expect(labelValue(cb, 'tx bytes:')).to.equal(cliTx);
    expect(labelValue(cb, 'tx eagain:')).to.equal(sum((s) => s.txEagain));
    expect(labelValue(cb, 'reads:')).to.equal(sum((s) => s.rxXacts));
    expect(labelValue(cb, 'rx bytes:')).to.equal(cliRx);
    const cr = p.client.result.results!;
    checkRate(cb, cr.startNs, cr.stopNs, 'full');
    expect(cr.stopNs).to.equal(Math.max(...sess.map((s) => s.stopNs)), 'the last session to finish ends the test');
    const cliCfg = p.cliOut.slice(p.cliOut.indexOf(cb[cb.length - 1]!, p.cliOut.indexOf(cb[0]!)) + 1);
    expect(labelValue(cliCfg, 'num writes:')).to.equal(N);
    expect(labelValue(cliCfg, 'client tx bytes:')).to.equal(perSession);
    expect(labelValue(cliCfg, 'num test sockets:')).to.equal(2);

    // the server's block: every byte the client sent was read, and written back
    const sb = resultsBlock(p.srvOut, 'SERVER RESULTS');
    const sr = p.server.result.results;
    expect(sr).to.have.length(1);
    expect(labelValue(sb, 'rx bytes:')).to.equal(cliTx, 'the server read every byte the client wrote');
    expect(labelValue(sb, 'tx bytes:')).to.equal(cliTx, 'and echoed each');
    expect(sb[0]).to.equal(`SERVER RESULTS: Streamed ${2 * cliTx} bytes`);
    expect(labelValue(sb, 'reads:')).to.equal(sr[0]!.rxXacts);
    checkRate(sb, sr[0]!.startNs, sr[0]!.stopNs, 'full');
    expect(cliRx).to.be.at.most(cliTx, 'the client stops reading once it has its N × T back');
  });

  it('-N 1000 -U -X with use-mq-eventfd (hs-test\'s vcl.conf): half-duplex, the client shows tx only and the server rx only, the same bytes', () => {
    const N = 1000;
    const p = runPair('22000', `-N ${N} -U -X 6.0.1.1 22000`, { useMqEventfd: true });
    const T = args<VclTestClientOptions>('vcl_test_client', '-U 6.0.1.1').txbufSize;
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.server.result.exitStatus).to.equal(0);
    expect(p.srvErr.concat(p.cliErr)).to.deep.equal([]);
    const cb = resultsBlock(p.cliOut, 'CLIENT RESULTS');
    const sb = resultsBlock(p.srvOut, 'SERVER RESULTS');
    expect(cb.some((l) => l.includes('rx stats'))).to.equal(false);
    expect(sb.some((l) => l.includes('tx stats'))).to.equal(false);
    const tx = labelValue(cb, 'tx bytes:');
    expect(tx).to.be.at.least(N * T);
    expect(tx).to.be.below((N + 1) * T);
    expect(cb[0]).to.equal(`CLIENT RESULTS: Streamed ${tx} bytes`);
    expect(labelValue(sb, 'rx bytes:')).to.equal(tx, 'the server read every byte');
    expect(sb[0]).to.equal(`SERVER RESULTS: Streamed ${tx} bytes`);
    checkRate(cb, p.client.result.results!.startNs, p.client.result.results!.stopNs, 'half');
    checkRate(sb, p.server.result.results[0]!.startNs, p.server.result.results[0]!.stopNs, 'half');
    // VPP's check (vcl_test.go): server rx bytes ≥ the config's client tx bytes
    expect(labelValue(p.srvOut, 'rx bytes:')).to.be.at.least(labelValue(p.srvOut, 'client tx bytes:'));
    expect(labelValue(p.srvOut, 'client tx bytes:')).to.equal(N * T);
  });

  it('LDPThruHostStackNsock\'s arguments (-N 100 -U -X -I 5): five sessions, one connection line each, the server deletes each', () => {
    const p = runPair('22000', '-N 100 -U -X -I 5 6.0.1.1 22000', { useMqEventfd: true });
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.server.result.exitStatus).to.equal(0);
    for (let i = 0; i < 5; i++) {
      expect(p.cliOut).to.include(`vt<w0>: Test session ${i} (fd ${i + 1}) connected.`);
      expect(p.srvOut).to.include(`vt<w0>: deleting ${i + 1} (fd ${i + 4})`);
    }
    expect(p.server.result.dataAccepted).to.equal(5);
    const tx = p.client.result.sessions.reduce((a, s) => a + s.txBytes, 0);
    expect(labelValue(resultsBlock(p.srvOut, 'SERVER RESULTS'), 'rx bytes:')).to.equal(tx);
  });

  it('-V: both print each config they send and get, and the server its per-control-session block', () => {
    const p = runPair('22000', '-N 10 -U -V -X 6.0.1.1 22000', { useMqEventfd: true });
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.cliOut.filter((l) => l === 'vt<w0>: (fd 0): Sending config to server.')).to.have.length(4, 'SYNC, START, STOP, post-test SYNC');
    expect(p.cliOut.filter((l) => l === 'vt<w0>: (fd 0): Got config back from server.')).to.have.length(4);
    expect(p.srvOut.filter((l) => l === 'vt<w0>: (fd 3): Received a cfg msg!')).to.have.length(5, 'and EXIT');
    const own = resultsBlock(p.srvOut, 'SERVER (fd 3) RESULTS');
    const all = resultsBlock(p.srvOut, 'SERVER RESULTS');
    expect(own.slice(1)).to.deep.equal(all.slice(1));
    expect(all.some((l) => l.startsWith('   start.tv_sec:  '))).to.equal(true, 'verbose adds the times');
    expect(p.cliOut.filter((l) => l.startsWith('vt<w0>:   ctrl session info'))).to.have.length(1);
  });

  it('without -X the server outlives the client: it hears the control session go and waits for the next one', () => {
    const p = runPair('22000', '-N 10 -U 6.0.1.1 22000', { useMqEventfd: true }, 5_000 * ms);
    expect(p.client.result.exitStatus).to.equal(0);
    expect(p.cliOut.some((l) => l.includes('Sending exit cfg'))).to.equal(false);
    p.r.runUntil(p.r.vms[0]!.clock.now() + 200 * ms);
    expect(p.srvOut).to.include('vt<w0>: ctrl session went away');
    expect(p.server.result.exitStatus).to.equal(null, 'still running');
  });

  it('the program-generator form prints the same lines', () => {
    const r = sessionRun(1, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const so: string[] = []; const co: string[] = [];
    const line = `-E "${ECHO_TEXT}" -X 6.0.1.1 22000`;
    const ts = r.startApp(0, (env) => vclTestServerProgram(env, args('vcl_test_server', '22000'), (l) => so.push(l)));
    const tc = r.startApp(1, (env) => (function * () { yield env.wait.set([], 50 * ms); yield * vclTestClientProgram(env, args('vcl_test_client', line), (l) => co.push(l)); })());
    r.sched.run(30_000 * ms, () => ts.finished && tc.finished);
    const p = runPair('22000', line);
    expect(so).to.deep.equal(p.srvOut);
    expect(co).to.deep.equal(p.cliOut);
  });

  it('a client with no server: connect refused, VPP\'s vterr and vtfail lines on stderr, exit status 1', () => {
    const r = sessionRun(1, { tcp: true, apps: 1, sessionPoolSize: 16 });
    const out: string[] = []; const err: string[] = [];
    let c: VclTestClient | null = null;
    r.startApp(0, (env) => { c = new VclTestClient(env, args('vcl_test_client', '-E hi 6.0.1.1 22000'), { out: (l) => out.push(l), err: (l) => err.push(l) }); return c.run(); });
    r.sched.run(5_000 * ms, () => (c as unknown as VclTestClient).result.exitStatus !== null);
    expect((c as unknown as VclTestClient).result.exitStatus).to.equal(1);
    expect(out).to.deep.equal(['vt<w0>: Connecting to server...']);
    expect(err).to.deep.equal([
      '',
      'ERROR: vppcom_session_connect() failed (errno = 111)!',
      'ERROR when calling vppcom_session_create() ctrl session: Connection refused',
      '',
      'ERROR: vppcom_session_create() ctrl session failed (errno = 111)!',
    ]);
  });

  it('an attach vpp refuses (a fifo size that is no power of two): vtfail on vppcom_app_create, exit status 1', () => {
    const r = sessionRun(1, { tcp: true, apps: 1, sessionPoolSize: 16 });
    const err: string[] = [];
    let s: VclTestServer | null = null;
    r.startApp(0, (env) => { s = new VclTestServer(env, args('vcl_test_server', '22000'), { out: () => {}, err: (l) => err.push(l) }, { rxFifoSize: 1000 }); return s.run(); });
    r.sched.run(1_000 * ms, () => (s as unknown as VclTestServer).result.exitStatus !== null);
    expect((s as unknown as VclTestServer).result.exitStatus).to.equal(1);
    expect(err).to.deep.equal(['ERROR when calling vppcom_app_create(): Operation not permitted', '', 'ERROR: vppcom_app_create() failed (errno = 1)!']);
  });

  it('refuses what it does not simulate, naming the option', () => {
    const fake = {} as never;
    const out = { out: (): void => {} };
    expect(() => new VclTestClient(fake, args('vcl_test_client', '-p udp 6.0.1.1'), out)).to.throw('vcl_test_client: -p udp is not simulated');
    expect(() => new VclTestClient(fake, args('vcl_test_client', '-s 600 6.0.1.1'), out)).to.throw(/-s 600 \(above 512 sessions: the epoll loop\) is not simulated/);
    expect(() => new VclTestServer(fake, args('vcl_test_server', '-w 2'), out)).to.throw('vcl_test_server: -w 2 (server workers) is not simulated');
  });

  it('on real threads, through the app modules: the echo comes back, both exit, the output is the virtual run\'s', async () => {
    const nThreads = 1;
    const session = createSessionInit({
      nThreads, usePrivateRxMqs: true, noAdaptive: false, pollMain: false, wrkMqLength: 2048, eventPoolSize: 4096, ctrlDataSize: 256, sessionPoolSize: 64,
    });
    const tcp = createTcpInit({ nThreads, connCapacity: 64, net: defaultSimNetwork });
    const done = new SharedArrayBuffer(4);
    const app: VclTestAppConfig = { useMqEventfd: true, segmentSize: 32 << 20 };
    const mod = (name: string): string => new URL(`../src/apps/${name}.js`, import.meta.url).href;
    const r = await runRealThreads({
      nThreads,
      graphModule: new URL('../src/runtime/session-graph.js', import.meta.url).href,
      user: { session, enable: true, tcp },
      apps: [
        { module: mod('vcl-test-module'), user: { options: args('vcl_test_server', '22000'), app, done } },
        { module: mod('vcl-test-module'), user: { options: args('vcl_test_client', `-E "${ECHO_TEXT}" -X 6.0.1.1 22000`), app, done } },
      ],
      until: () => Atomics.load(new Int32Array(done), 0) === 2,
      durationNs: 60e9,
    });
    const srv = r.apps[0]!.result as VclTestModuleResult;
    const cli = r.apps[1]!.result as VclTestModuleResult;
    expect(cli.result!.exitStatus).to.equal(0);
    expect(srv.result!.exitStatus).to.equal(0);
    expect((cli.result as VclTestClientResult).echoReply).to.equal(ECHO_TEXT);
    const virt = runPair('22000', `-E "${ECHO_TEXT}" -X 6.0.1.1 22000`, app);
    expect(srv.stdout).to.deep.equal(virt.srvOut);
    expect(cli.stdout).to.deep.equal(virt.cliOut);
  });
});
