// `show session` with its options, byte for byte as VPP HEAD prints it, over real TCP sessions
// between two builtin apps in virtual time. Expected texts are built from the format strings of
// src/vnet/session/session_cli.c (show_session_command_fn, session_cli_show_all_sessions,
// session_cli_show_session_filter, format_session), src/vnet/tcp/tcp_cli.c (format_tcp_vars …),
// src/svm/svm_fifo.c format_svm_fifo; VPP's format() pads `%-Ns` with spaces to N columns and
// vlib_cli_output ends each call's text with `\n`. Values (ports, sequence numbers, fifo
// positions) are read from the session and TCP tables; the layout around them is written out.
import { expect } from 'chai';
import { defineRpc } from '../graph/rpc.js';
import { parseCliScript } from '../src/config/cli-script.js';
import type { ShowSessionCommand } from '../src/config/cli-command-types.js';
import { vnetConnect, vnetListen } from '../src/session/app-interface.js';
import type { AppWorker } from '../src/session/app-worker.js';
import { vnetApplicationAttach } from '../src/session/application.js';
import { formatIp4, parseIp4 } from '../src/session/net.js';
import { SessionFlag } from '../src/session/session-flags.js';
import { formatShowSession, formatShowSessionSummary, type ShowSessionOptions } from '../src/session/session-format.js';
import { TransportProto } from '../src/session/session-lookup.js';
import { kSessionMain } from '../src/session/session-main.js';
import { kSessConnection, kSessFlags, kSessOpaque, kSessState } from '../src/session/session-table.js';
import { SessionState } from '../src/session/session-types.js';
import {
  kTcIrs, kTcIss, kTcLclIp, kTcLclPort, kTcRcvNxt, kTcRcvWnd, kTcRmtIp, kTcRmtPort, kTcSegsIn, kTcSegsOut, kTcSndNxt,
  kTcSndUna, kTcSndWnd, kTcState, TcpState,
} from '../src/session/tcp-conn.js';
import { kTcpMain } from '../src/session/tcp-key.js';
import type { TcpMain } from '../src/session/tcp-main.js';
import { SessionEvtType } from '../src/svm/session-event.js';
import { rpcTtConnect, TT_CLIENT, TT_SERVER, ttState } from './fixtures/tcp-test-apps.js';
import { sessionRun, type SessionRun } from './support/session-run.js';

const ms = 1e6;

/** `%-Ns`: the value, then spaces up to N columns (every value here is shorter than N). */
function pad (s: string, n: number): string {
  expect(s.length, `"${s}" fits ${n} columns`).to.be.below(n);
  return s + ' '.repeat(n - s.length);
}
const sp = (n: number): string => ' '.repeat(n);

/**
 * The verbose-1 header, `%s%-60s%-15s%-10s%-10s`: 'Connection' (10) + 50 spaces = 60,
 * 'State' (5) + 10 = 15, 'Rx-f' (4) + 6 = 10, 'Tx-f' (4) + 6 = 10; threads > 0 start with `\n`.
 */
const HEADER = 'Connection' + sp(50) + 'State' + sp(10) + 'Rx-f' + sp(6) + 'Tx-f' + sp(6) + '\n';
const header = (t: number): string => (t > 0 ? '\n' : '') + HEADER;

/** A verbose-1 row: id `%-60`, TCP state `%-15`, rx and tx bytes queued `%-10u%-10u`. */
const row = (id: string, state: string, rx: number, tx: number): string =>
  pad(id, 60) + pad(state, 15) + pad(String(rx), 10) + pad(String(tx), 10) + '\n';

/**
 * The wildcard listener on 1234 at verbose 1, written out: `[0:0][T] 0.0.0.0:1234->0.0.0.0:0` is
 * 8 + 1 + 12 + 2 + 9 = 32 columns, + 28 spaces = 60; `LISTEN` (6) + 9 = 15; `0` + 9 twice.
 */
const LISTENER_ROW = '[0:0][T] 0.0.0.0:1234->0.0.0.0:0' + sp(28) + 'LISTEN' + sp(9) + '0' + sp(9) + '0' + sp(9) + '\n';

interface Apps { server: AppWorker; client: AppWorker }

function attach (r: SessionRun, fifoSize: number): Apps {
  const vm = r.vms[0]!;
  const o = { isBuiltin: true, rxFifoSize: fifoSize, txFifoSize: fifoSize, segmentSize: 64 << 20 };
  const s = vnetApplicationAttach(vm, r.sm, TT_SERVER, -1, 0, o);
  const c = vnetApplicationAttach(vm, r.sm, TT_CLIENT, -1, 0, o);
  expect(s.retval).to.equal(0);
  expect(c.retval).to.equal(0);
  r.runUntil(r.sched.now() + 1 * ms);
  return { server: r.sm.am.appWrks[s.wrk!.wrkIndex]!, client: r.sm.am.appWrks[c.wrk!.wrkIndex]! };
}

function listen (r: SessionRun, aw: AppWorker, ip: number, port: number): void {
  expect(vnetListen(r.vms[0]!, r.sm, aw, { fibIndex: 0, proto: TransportProto.Tcp, ip, port })).to.be.at.least(0);
}

/** `n` connects to 6.0.1.1:`port` on the first worker, then `runMs` of virtual time. */
function connect (r: SessionRun, aw: AppWorker, n: number, port: number, runMs: number): void {
  expect(r.sm.sendEvtToThread(r.vms[0]!, 1, SessionEvtType.CTRL_EVT_RPC, rpcTtConnect, aw.wrkIndex, n, port)).to.equal(0);
  r.runUntil(r.sched.now() + runMs * ms);
}

/** A connect to 6.0.0.2:80, where nobody answers: the SYN is retransmitted, the session stays half-open. */
const rpcConnectNowhere = defineRpc('show-session-test-connect-nowhere', (vm, wrk) => {
  const sm = vm.getData(kSessionMain);
  expect(vnetConnect(vm, sm, sm.am.appWrks[wrk] as AppWorker, { fibIndex: 0, proto: TransportProto.Tcp, ip: parseIp4('6.0.0.2'), port: 80 }, 7)).to.equal(0);
});

/** Client and server sessions echoing 1000 bytes each, left open, on `nThreads` threads. */
function established (nThreads: number, nSessions: number, fifoSize = 64 << 10): { r: SessionRun; tm: TcpMain; apps: Apps } {
  const r = sessionRun(nThreads, { tcp: true, sessionPoolSize: 64 });
  ttState.reset(1000);
  ttState.closeWhenDone = false;
  const apps = attach(r, fifoSize);
  listen(r, apps.server, 0, 1234);
  connect(r, apps.client, nSessions, 1234, 300);
  expect(ttState.connectErrors).to.deep.equal([]);
  expect(ttState.connected.length).to.equal(nSessions);
  for (const cs of ttState.connected) expect(cs.received).to.equal(1000);
  return { r, tm: r.vms[0]!.getData(kTcpMain), apps };
}

/** `[thread:session][T] lcl:port->rmt:port` of session `si` of thread `t`, from its TCP connection. */
function connId (r: SessionRun, tm: TcpMain, t: number, si: number): string {
  const tab = tm.conns[t]!;
  const c = r.sm.sessions[t]!.get(si, kSessConnection);
  return `[${t}:${si}][T] ${formatIp4(tab.getU(c, kTcLclIp))}:${tab.get(c, kTcLclPort)}->${formatIp4(tab.getU(c, kTcRmtIp))}:${tab.get(c, kTcRmtPort)}`;
}

/** Verbose-1 rows of every session of thread `t`, in pool order. */
function rows (r: SessionRun, tm: TcpMain, t: number, rx = new Map<number, number>(), tx = new Map<number, number>()): string {
  return r.sm.sessions[t]!.indices().map((si) => {
    const c = r.sm.sessions[t]!.get(si, kSessConnection);
    expect(tm.conns[t]!.get(c, kTcState)).to.equal(TcpState.ESTABLISHED);
    return row(connId(r, tm, t, si), 'ESTABLISHED', rx.get(si) ?? 0, tx.get(si) ?? 0);
  }).join('');
}

/**
 * An idle ESTABLISHED session at verbose 2 (and 3): `format_tcp_connection` with conn id, a tab,
 * the state, `\n`, then format_tcp_vars (fields vppsim does not model print 0, see
 * UNMODELLED_TCP_VARS), ` transport: flags: ` (indent 0 + 1), the two fifos (format_svm_fifo at
 * level 2: lines after the first start at column 10, under the text after ` Rx fifo: `), and
 * the session line.
 */
function establishedBlock (r: SessionRun, tm: TcpMain, apps: Apps, t: number, si: number): string {
  const sess = r.sm.sessions[t]!;
  const tab = tm.conns[t]!;
  const c = sess.get(si, kSessConnection);
  const rel = (k: number, base: number): number => (tab.get(c, k) - tab.get(c, base)) >>> 0;
  const sndWnd = tab.get(c, kTcSndWnd);
  const rcvWnd = tab.get(c, kTcRcvWnd);
  expect(tab.get(c, kTcSndNxt)).to.equal(tab.get(c, kTcSndUna), 'nothing in flight');
  const fifo = (label: string, f: { size: number; head: number; tail: number; maxDequeue (): number }): string =>
    `${label}cursize ${f.maxDequeue()} nitems ${f.size} has_event 0 want_deq 0 has_deq 0\n` +
    // ' Rx fifo: ' is 10 columns; 64 KiB fifos: min_alloc = 65536 >> 3 = 8192; segment manager:
    // vppsim's segment is the app worker's (its index)
    `${sp(10)}head ${f.head} tail ${f.tail} segment manager ${segOwner(apps, t, si)} min_alloc 8192\n` +
    `${sp(10)}vpp session ${si} thread ${t} app session 0 thread 0\n` +
    `${sp(10)}ooo pool 0 active elts newest 0\n`;
  return `${connId(r, tm, t, si)}\tESTABLISHED\n` +
    // cfg: TSO off (no TSO); flags and timers empty: 'flags: ' + '' + ' timers: ' + ''
    ` index: ${c} cfg: TSO off flags:  timers: \n` +
    ` snd_una ${rel(kTcSndUna, kTcIss)} snd_nxt ${rel(kTcSndNxt, kTcIss)} rcv_nxt ${rel(kTcRcvNxt, kTcIrs)} rcv_las ${rel(kTcRcvNxt, kTcIrs)}\n` +
    ` snd_wnd ${sndWnd} rcv_wnd ${rcvWnd} rcv_wscale 6 snd_wl1 0 snd_wl2 0\n` +
    ` flight size 0 out space ${sndWnd} rcv_wnd_av ${rcvWnd} tsval_recent 0\n` +
    ' tsecr 0 tsecr_last_ack 0 tsval_recent_age 0 snd_mss 1460\n' +
    // rto in ms (VPP: rto / 1000 of µs ticks); %.1f, %.3f, %.1f, %.4f of 0
    ' rto 200 rto_boff 0 srtt 0.0 us 0.000 rttvar 0.0 rtt_ts 0.0000 rtt_seq 0\n' +
    ' next_node 0 opaque 0x0 fib_index 0 sw_if_index 0\n' +
    // format_tcp_congestion indents its next lines to its start column: ' cong:   ' is 9
    ' cong:   none algo cubic cwnd 0 ssthresh 0\n' +
    `${sp(9)}cc space ${sndWnd} prev_cwnd 0 prev_ssthresh 0\n` +
    `${sp(9)}snd_cong 0 dupack 0 limited_tx 0\n` +
    `${sp(9)}rxt_bytes 0 rxt_delivered 0 prev_prr_delivered 0 rxt_ts 0\n` +
    `${sp(9)}prr_start 0 prr_delivered 0 prr space 0\n` +
    // ' sboard: ' is 9 columns; no SACK holes: cur_rxt_hole is ~0
    ' sboard: sacked 0 lost 0 high_sacked 0 is_reneging 0 reorder 3\n' +
    `${sp(9)}cur_rxt_hole 4294967295 high_rxt 0 rescue_rxt 0\n` +
    // ' stats: ' is 8 columns
    ` stats: in segs ${tab.get(c, kTcSegsIn)} dsegs 0 bytes 0 dupacks 0\n` +
    `${sp(8)}out segs ${tab.get(c, kTcSegsOut)} dsegs 0 bytes 0 dupacks 0\n` +
    `${sp(8)}fr 0 tr 0 rxt segs 0 bytes 0 duration 0.000\n` +
    `${sp(8)}err wnd data below 0 above 0 ack below 0 above 0\n` +
    ' transport: flags: \n' +
    fifo(' Rx fifo: ', r.sm.ops.rxFifo(t, si)!) +
    fifo(' Tx fifo: ', r.sm.ops.txFifo(t, si)!) +
    ` session: state: ready opaque: 0x${sess.get(si, kSessOpaque).toString(16)} flags: rx-ready\n`;
}

/** The app worker whose segment holds the session's fifos: the client's for its own sessions. */
function segOwner (apps: Apps, t: number, si: number): number {
  return ttState.connected.some((cs) => cs.t === t && cs.si === si) ? apps.client.wrkIndex : apps.server.wrkIndex;
}

/** The options of one parsed `show session …` line. */
function parsed (line: string): ShowSessionCommand {
  const s = parseCliScript(line + '\n', 't.cli');
  expect(s.commands.map((c) => c.kind)).to.deep.equal(['show-session']);
  return s.commands[0] as ShowSessionCommand;
}

describe('show session (verbose, filters, listeners)', () => {
  it('prints listeners on thread 0 with the remote side 0.0.0.0:0, under the header, with the active count', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    const tm = r.vms[0]!.getData(kTcpMain);
    const a = attach(r, 64 << 10);
    listen(r, a.server, 0, 1234);
    listen(r, a.server, parseIp4('6.0.1.1'), 1235);
    // '[0:1][T] 6.0.1.1:1235->0.0.0.0:0' is 32 columns too: + 28 spaces
    const second = '[0:1][T] 6.0.1.1:1235->0.0.0.0:0' + sp(28) + 'LISTEN' + sp(9) + '0' + sp(9) + '0' + sp(9) + '\n';
    expect(formatShowSession(r.sm, tm, { verbose: 1 })).to.equal(
      HEADER + LISTENER_ROW + second +
      'Thread 0: active sessions 2\n' +
      'Thread 1: no sessions\n');
    // no verbose: the summary
    expect(formatShowSession(r.sm, tm, {})).to.equal(formatShowSessionSummary(r.sm));
    expect(formatShowSession(r.sm, tm, {})).to.equal('Thread 0: 2 sessions\nThread 1: no sessions\n');
  });

  it('lists `show session listeners tcp`: Listener (60) and App (24) header, id padded to 60, app name to 25', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    const a = attach(r, 64 << 10);
    listen(r, a.server, 0, 1234);
    listen(r, a.server, parseIp4('6.0.1.1'), 1235);
    // 'Listener' (8) + 52 = 60; 'App' (3) + 21 = 24; 'tt-echo-server' (14) + 11 = 25
    expect(formatShowSession(r.sm, r.vms[0]!.getData(kTcpMain), parsed('show session listeners tcp'))).to.equal(
      'Listener' + sp(52) + 'App' + sp(21) + '\n' +
      '[0:0][T] 0.0.0.0:1234->0.0.0.0:0' + sp(28) + 'tt-echo-server' + sp(11) + '\n' +
      '[0:1][T] 6.0.1.1:1235->0.0.0.0:0' + sp(28) + 'tt-echo-server' + sp(11) + '\n');
    expect(formatShowSession(r.sm, null, { listeners: 'udp' })).to.equal('Listener' + sp(52) + 'App' + sp(21) + '\n');
  });

  it('lists established sessions on the workers that own them, with the bytes queued in their fifos', () => {
    const { r, tm } = established(3, 4);
    // data the apps have not read / TCP has not sent: 100 bytes in one rx fifo, 45 in one tx fifo
    const cs = ttState.connected[0]!;
    const srv = ttState.accepted[0]!;
    expect(r.sm.ops.rxFifo(cs.t, cs.si)!.enqueue(100, new Uint8Array(100))).to.equal(100);
    expect(r.sm.ops.txFifo(srv.t, srv.si)!.enqueue(45, new Uint8Array(45))).to.equal(45);
    let expected = HEADER + LISTENER_ROW + 'Thread 0: active sessions 1\n';
    for (const t of [1, 2]) {
      const n = r.sm.sessions[t]!.count;
      if (n === 0) { expected += `Thread ${t}: no sessions\n`; continue; }
      const rx = new Map(cs.t === t ? [[cs.si, 100]] : []);
      const tx = new Map(srv.t === t ? [[srv.si, 45]] : []);
      expected += header(t) + rows(r, tm, t, rx, tx) + `Thread ${t}: active sessions ${n}\n`;
    }
    expect(r.sm.sessions[1]!.count + r.sm.sessions[2]!.count).to.equal(8, 'both ends of 4 flows, all on workers');
    expect(formatShowSession(r.sm, tm, parsed('show session verbose'))).to.equal(expected);
  });

  it('shows a half-open session on the connecting thread: SYN_SENT at verbose 1, flags half-open at verbose 2', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    const tm = r.vms[0]!.getData(kTcpMain);
    const a = attach(r, 64 << 10);
    r.sm.sendEvtToThread(r.vms[0]!, 1, SessionEvtType.CTRL_EVT_RPC, rpcConnectNowhere, a.client.wrkIndex);
    r.runUntil(r.sched.now() + 2000 * ms);
    const t1 = r.sm.sessions[1]!;
    expect(t1.indices()).to.deep.equal([0]);
    expect(t1.get(0, kSessFlags)).to.equal(SessionFlag.HALF_OPEN);
    const c = t1.get(0, kSessConnection);
    const id = `[1:0][T] 6.0.0.1:${tm.conns[1]!.get(c, kTcLclPort)}->6.0.0.2:80`;
    expect(formatShowSession(r.sm, tm, { verbose: 1 })).to.equal(
      'Thread 0: no sessions\n' +
      header(1) + row(id, 'SYN_SENT', 0, 0) + 'Thread 1: active sessions 1\n');
    // format_tcp_half_open_session: id, tab, state, '\n' (no variables); then ' transport: flags: '
    // (indent 0 + 1); no fifos; the session line with the connect's opaque (7)
    expect(formatShowSession(r.sm, tm, { verbose: 2 })).to.equal(
      'Thread 0: no sessions\n' +
      `${id}\tSYN_SENT\n transport: flags: \n session: state: connecting opaque: 0x7 flags: half-open\n` +
      'Thread 1: active sessions 1\n');
    expect(formatShowSession(r.sm, tm, parsed('show session verbose thread 1 state connecting'))).to.equal(
      row(id, 'SYN_SENT', 0, 0) + 'Thread 1: 1 sessions matched filter\n');
  });

  it('prints an established session\'s TCP variables, fifos and session line at verbose 2 (no header)', () => {
    const { r, tm, apps } = established(2, 1);
    const cs = ttState.connected[0]!;
    const srv = ttState.accepted[0]!;
    expect(cs.t).to.equal(1);
    expect(r.sm.sessions[1]!.get(cs.si, kSessFlags)).to.equal(SessionFlag.RX_READY);
    expect(r.sm.sessions[1]!.get(srv.si, kSessFlags)).to.equal(SessionFlag.RX_READY);
    // the listener at verbose 2: format_tcp_listener_connection (cfg No endpoint: 0.0.0.0;
    // snd_mss 0: a listener never sets it), then ' transport: flags: '; no fifos, no session line
    const listener = '[0:0][T] 0.0.0.0:1234->0.0.0.0:0\tLISTEN\n' +
      ' index: 0 cfg_flags: No endpoint cong_algo: cubic snd_mss: 0\n' +
      ' next_node 0 opaque 0x0 fib_index 0 sw_if_index 0\n' +
      ' transport: flags: \n';
    const blocks = r.sm.sessions[1]!.indices().map((si) => establishedBlock(r, tm, apps, 1, si)).join('');
    expect(formatShowSession(r.sm, tm, { verbose: 2 })).to.equal(
      listener + 'Thread 0: active sessions 1\n' +
      blocks + 'Thread 1: active sessions 2\n');
    // 100 unread bytes in the client's rx fifo: cursize 100, tail 100 past head
    const rx = r.sm.ops.rxFifo(1, cs.si)!;
    rx.enqueue(100, new Uint8Array(100));
    const one = formatShowSession(r.sm, tm, { filtered: true, thread: 1, verbose: 2, range: { start: cs.si, end: cs.si } });
    expect(one).to.equal(establishedBlock(r, tm, apps, 1, cs.si) + 'Thread 1: 1 sessions matched filter\n');
    expect(one).to.contain(` Rx fifo: cursize 100 nitems 65536 has_event 0 want_deq 0 has_deq 0\n${sp(10)}head ${rx.head} tail ${rx.head + 100} `);
  });

  it('suppresses verbose output above 50 sessions on a thread, and limits filters to 50 rows (10 at verbose 2)', () => {
    const { r, tm } = established(2, 26, 4 << 10);
    expect(r.sm.sessions[1]!.count).to.equal(52);
    expect(formatShowSession(r.sm, tm, { verbose: 1 })).to.equal(
      HEADER + LISTENER_ROW + 'Thread 0: active sessions 1\n' +
      'Thread 1: 52 sessions. Verbose output suppressed. For more details use filters.\n');
    // a filter counts every match but prints the first 50 (in pool order)
    const out = formatShowSession(r.sm, tm, parsed('show session verbose thread 1 state ready'));
    const lines = out.split('\n');
    expect(lines.length).to.equal(52, '50 rows, the footer, and the empty string after the last \\n');
    expect(lines[0] + '\n').to.equal(row(connId(r, tm, 1, 0), 'ESTABLISHED', 0, 0));
    expect(lines[50]).to.equal('Thread 1: 52 sessions matched filter. Not all shown. Use finer grained filter.');
    // at verbose 2, ten sessions
    const v2 = formatShowSession(r.sm, tm, { filtered: true, thread: 1, verbose: 2 });
    expect(v2.split(' session: state: ').length - 1).to.equal(10);
    expect(v2.endsWith('\nThread 1: 52 sessions matched filter. Not all shown. Use finer grained filter.\n')).to.equal(true);
    // force-print: all of them
    const all = formatShowSession(r.sm, tm, parsed('show session verbose thread 1 force-print'));
    expect(all).to.equal(rows(r, tm, 1) + 'Thread 1: 52 sessions matched filter\n');
  });

  it('filters by thread, protocol, state, local/remote endpoint and index range', () => {
    const { r, tm } = established(2, 2);
    const show = (line: string): string => formatShowSession(r.sm, tm, parsed(line));
    const t1 = r.sm.sessions[1]!;
    const byLclPort = (port: number): number[] => t1.indices().filter((si) => tm.conns[1]!.get(t1.get(si, kSessConnection), kTcLclPort) === port);
    const servers = byLclPort(1234);
    const clients = t1.indices().filter((si) => !servers.includes(si));
    expect(servers.length).to.equal(2);
    const rowsOf = (sis: number[]): string => sis.map((si) => row(connId(r, tm, 1, si), 'ESTABLISHED', 0, 0)).join('');
    // a thread alone, without verbose, state or proto: the count
    expect(show('show session thread 1')).to.equal('Thread 1: 4 sessions\n');
    // proto without verbose: counted, not printed
    expect(show('show session thread 1 proto tcp')).to.equal('Thread 1: 4 sessions matched filter\n');
    expect(show('show session thread 1 proto udp')).to.equal('Thread 1: 0 sessions matched filter\n');
    // no header in filtered output
    expect(show('show session verbose thread 1 lcl 6.0.1.1:1234')).to.equal(rowsOf(servers) + 'Thread 1: 2 sessions matched filter\n');
    expect(show('show session verbose thread 1 rmt 6.0.1.1:1234')).to.equal(rowsOf(clients) + 'Thread 1: 2 sessions matched filter\n');
    expect(show('show session verbose thread 1 ep 6.0.1.1:1234')).to.equal(rowsOf(t1.indices()) + 'Thread 1: 4 sessions matched filter\n');
    expect(show('show session verbose thread 1 lcl 6.0.1.1')).to.equal(rowsOf(t1.indices()) + 'Thread 1: 4 sessions matched filter\n');
    expect(show('show session verbose thread 1 lcl 6.0.0.1')).to.equal('Thread 1: 0 sessions matched filter\n');
    // thread 0 is the default; the listener's remote side is 0.0.0.0:0
    expect(show('show session verbose rmt 0.0.0.0')).to.equal(LISTENER_ROW + 'Thread 0: 1 sessions matched filter\n');
    expect(show('show session verbose state listening')).to.equal(LISTENER_ROW + 'Thread 0: 1 sessions matched filter\n');
    expect(show('show session verbose thread 1 state listening state ready')).to.equal(rowsOf(t1.indices()) + 'Thread 1: 4 sessions matched filter\n');
    // a range walks pool indices: free ones (here the first half-open's) are skipped
    const inRange = t1.indices().filter((si) => si >= 1 && si <= 2);
    expect(inRange.length).to.be.at.least(1);
    expect(show('show session verbose thread 1 range 1 2')).to.equal(rowsOf(inRange) + `Thread 1: ${inRange.length} sessions matched filter\n`);
    expect(show('show session thread 1 range 1 2')).to.equal(`Thread 1: ${inRange.length} sessions matched filter\n`);
    expect(show('show session thread 5')).to.equal('invalid thread index 5\n');
    expect(show('show session range 3 1')).to.equal('invalid range start: 3 end: 1\n');
  });

  it('counts sessions whose transport is gone as closed, without a row', () => {
    const { r, tm } = established(2, 2);
    const t1 = r.sm.sessions[1]!;
    const gone = t1.indices()[1]!;
    t1.set(gone, kSessState, SessionState.TRANSPORT_DELETED);
    const others = t1.indices().filter((si) => si !== gone);
    expect(formatShowSession(r.sm, tm, { verbose: 1 })).to.equal(
      HEADER + LISTENER_ROW + 'Thread 0: active sessions 1\n' +
      header(1) + others.map((si) => row(connId(r, tm, 1, si), 'ESTABLISHED', 0, 0)).join('') +
      'Thread 1: active sessions 3 closed 1\n');
    // a filter counts it but does not print it; one session by index prints `[t:i] CLOSED`
    expect(formatShowSession(r.sm, tm, parsed('show session verbose thread 1 state transport-deleted'))).to.equal('Thread 1: 1 sessions matched filter\n');
    expect(formatShowSession(r.sm, tm, parsed(`show session thread 1 index ${gone}`))).to.equal(`[1:${gone}] CLOSED\n`);
  });

  it('shows an actively closed client in TIME_WAIT, its FIN sent and the WAIT CLOSE timer running', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    const tm = r.vms[0]!.getData(kTcpMain);
    ttState.reset(1000); // the client closes once its 1000 bytes came back
    const a = attach(r, 64 << 10);
    listen(r, a.server, 0, 1234);
    connect(r, a.client, 1, 1234, 300);
    const cs = ttState.connected[0]!;
    const t1 = r.sm.sessions[1]!;
    expect(t1.indices()).to.deep.equal([cs.si], 'the server\'s session is gone, the client\'s waits');
    const c = t1.get(cs.si, kSessConnection);
    expect(tm.conns[1]!.get(c, kTcState)).to.equal(TcpState.TIME_WAIT);
    expect(t1.get(cs.si, kSessState)).to.equal(SessionState.CLOSED);
    expect(t1.get(cs.si, kSessFlags)).to.equal(SessionFlag.APP_CLOSED | SessionFlag.RX_READY);
    const id = connId(r, tm, 1, cs.si);
    expect(formatShowSession(r.sm, tm, { verbose: 1 })).to.equal(
      HEADER + LISTENER_ROW + 'Thread 0: active sessions 1\n' +
      header(1) + row(id, 'TIME_WAIT', 0, 0) + 'Thread 1: active sessions 1\n');
    const v2 = formatShowSession(r.sm, tm, { filtered: true, thread: 1, verbose: 2 });
    // TCP_CONN_FINSNT is 'FIN sent'; the TIME_WAIT timer is foreach_tcp_timer's WAITCLOSE, 'WAIT CLOSE';
    // session flags in bit order: app-closed (7), rx-ready (9)
    expect(v2.startsWith(`${id}\tTIME_WAIT\n index: ${c} cfg: TSO off flags: FIN sent timers: WAIT CLOSE\n`)).to.equal(true);
    expect(v2.endsWith(` session: state: closed opaque: 0x0 flags: app-closed, rx-ready\nThread 1: 1 sessions matched filter\n`)).to.equal(true);
  });

  it('prints one session at level 3 by index, by transport connection or by 5-tuple, or says why not', () => {
    const { r, tm, apps } = established(2, 1);
    const cs = ttState.connected[0]!;
    const block = establishedBlock(r, tm, apps, 1, cs.si);
    const c = r.sm.sessions[1]!.get(cs.si, kSessConnection);
    const tab = tm.conns[1]!;
    expect(formatShowSession(r.sm, tm, parsed(`show session thread 1 index ${cs.si}`))).to.equal(block);
    expect(formatShowSession(r.sm, tm, parsed(`show session thread 1 proto tcp index ${c}`))).to.equal(block);
    const tuple = `tcp ${formatIp4(tab.getU(c, kTcLclIp))}:${tab.get(c, kTcLclPort)}->${formatIp4(tab.getU(c, kTcRmtIp))}:${tab.get(c, kTcRmtPort)}`;
    expect(formatShowSession(r.sm, tm, parsed(`show session ${tuple}`))).to.equal(block);
    // the 5-tuple of the listener (wildcard) finds it
    expect(formatShowSession(r.sm, tm, parsed('show session tcp 6.0.0.1:1234->1.2.3.4:5'))).to.equal(
      '[0:0][T] 0.0.0.0:1234->0.0.0.0:0\tLISTEN\n' +
      ' index: 0 cfg_flags: No endpoint cong_algo: cubic snd_mss: 0\n' +
      ' next_node 0 opaque 0x0 fib_index 0 sw_if_index 0\n' +
      ' transport: flags: \n');
    expect(formatShowSession(r.sm, tm, parsed('show session tcp 6.0.0.1:99->1.2.3.4:5'))).to.equal(
      'show session: unknown input `tcp 6.0.0.1:99->1.2.3.4:5\'\n');
    expect(formatShowSession(r.sm, tm, parsed('show session thread 1 index 40'))).to.equal('session is not allocated\n');
    expect(formatShowSession(r.sm, tm, parsed('show session thread 1 proto tcp index 40'))).to.equal(
      'transport connection 40 thread 1 is not allocated\n');
  });

  it('prints the session tree: each thread\'s count, then its sessions at level 1 without header or footer', () => {
    const { r, tm } = established(2, 1);
    expect(formatShowSession(r.sm, tm, parsed('show session tree'))).to.equal(
      'Thread 0: 1 sessions\n' + LISTENER_ROW +
      'Thread 1: 2 sessions\n' + rows(r, tm, 1));
  });

  it('lists the session states, the registered transports, the rt-backend and thread 0\'s event elements', () => {
    const r = sessionRun(2, { tcp: true, sessionPoolSize: 16 });
    const tm = r.vms[0]!.getData(kTcpMain);
    expect(formatShowSession(r.sm, tm, parsed('show session states'))).to.equal(
      'created\nlistening\nconnecting\naccepting\nready\nopened\ntransport-closing\nclosing\napp-closed\n' +
      'transport-closed\nclosed\ntransport-deleted\n');
    // format_transport_protos: indent = format_get_indent ("") + 1; vppsim registers TCP only
    expect(formatShowSession(r.sm, tm, parsed('show session protos'))).to.equal(' tcp\n');
    expect(formatShowSession(r.sm, tm, parsed('show session rt-backend'))).to.equal('enable without rt-backend\n');
    expect(formatShowSession(r.sm, tm, { helper: 'rt-backend', rtBackend: 'sdl' })).to.equal('enable with rt-backend sdl\n');
    // five list heads, no control data
    expect(formatShowSession(r.sm, tm, parsed('show session events'))).to.equal(
      'Thread 0:\n evt elements alloc: 5\n ctrl evt elt data alloc: 0\n');
  });

  it('prints the command error when the session layer is not enabled, whatever the options', () => {
    const r = sessionRun(2, { enable: false, tcp: true });
    for (const o of [{}, { verbose: 2 }, { listeners: 'tcp' }, { filtered: true, thread: 1 }] as ShowSessionOptions[]) {
      expect(formatShowSession(r.sm, null, o)).to.equal('show session: session layer is not enabled\n');
    }
  });
});
