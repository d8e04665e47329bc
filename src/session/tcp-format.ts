// src/session/tcp-format.ts: TCP connections as `show session` prints them: the connection id,
// the state, and at verbose 2 the variables block, byte for byte in VPP HEAD's formats.
// Models: src/vnet/tcp/tcp_cli.c (format_tcp_state, format_tcp_connection_id,
// format_tcp_connection, format_tcp_vars, format_tcp_congestion, format_tcp_scoreboard,
// format_tcp_stats, format_tcp_timers, format_tcp_cfg_flags, format_tcp_connection_flags,
// format_tcp_listener_connection), tcp.c (format_tcp_session, format_tcp_listener_session,
// format_tcp_half_open_session), tcp_inlines.h (tcp_flight_size,
// tcp_available_output_snd_space).
//
// vppsim's TCP keeps fewer variables than VPP's tcp_connection_t. Every field VPP prints is
// printed, in VPP's format; those vppsim does not model print the value a fresh VPP connection
// without that feature would show, or 0 (see UNMODELLED below).

import { vppFormat } from '../../graph/vpp-format.js';
import { formatIp4, TCP_WND_SCALE } from './net.js';
import {
  formatTcpState, kTcDupAcks, kTcFib, kTcIrs, kTcIss, kTcLclIp, kTcLclPort, kTcRcvNxt, kTcRcvWnd,
  kTcRetrans, kTcRetransBytes, kTcRmtIp, kTcRmtPort, kTcRto, kTcRtoTimer, kTcSegsIn, kTcSegsOut, kTcSIndex,
  kTcSndNxt, kTcSndUna, kTcSndWnd, kTcState, kTcWaitTimer, TcpConnFlag, type TcpConnTable, TcpState,
} from './tcp-conn.js';
import { TCP_DUPACK_THRESHOLD, TCP_MSS, type TcpMain, type TcpWorker } from './tcp-main.js';
import {
  formatGetIndent, TransportConnectionFlag, type TransportEndpoints, type TransportFormatVft, TransportFmtReq,
  TransportObj,
} from './transport-format.js';

/**
 * Fields of VPP's `tcp_connection_t` that `format_tcp_vars` prints and vppsim does not keep, with
 * what is printed for them. Kept as data so the report and tests can name them.
 */
export const UNMODELLED_TCP_VARS = [
  'snd_wl1, snd_wl2: 0',
  'tsval_recent, tsecr, tsecr_last_ack, tsval_recent_age: 0 (no timestamps)',
  'srtt, mrtt_us, rttvar, rtt_ts, rtt_seq: 0 (no RTT estimation)',
  'next_node, next_node opaque, sw_if_index: 0 (VPP\'s values for a connection without them)',
  'cwnd, ssthresh, prev_cwnd, prev_ssthresh, snd_cong, limited_tx, rxt_delivered, prev_prr_delivered, rxt_ts, prr_start, prr_delivered, prr space: 0 (no congestion control); algo: cubic (VPP\'s default)',
  'cc space, out space: the peer window minus flight size (vppsim has no cwnd)',
  'rcv_las: rcv_nxt (vppsim ACKs what it received before the dispatch ends)',
  'sboard: sacked, lost, high_sacked, high_rxt, rescue_rxt 0, cur_rxt_hole 4294967295, reorder 3 (no SACK)',
  'stats: dsegs, bytes, dupacks in/out, fr, tr, rxt segs, duration, err wnd: 0',
  'cfg: "TSO off" (vppsim has no TSO: VPP\'s default); no pacer line (no pacing)',
] as const;

/** `foreach_tcp_timer` words, in VPP's order (`tcp_conn_timers`). */
const tcpTimerWords = ['RETRANSMIT', 'PERSIST', 'WAIT CLOSE', 'RETRANSMIT SYN'] as const;
const TCP_TIMER_RETRANSMIT = 0;
const TCP_TIMER_PERSIST = 1;
const TCP_TIMER_WAITCLOSE = 2;
const TCP_TIMER_RETRANSMIT_SYN = 3;

/** `foreach_tcp_cfg_flag` words in bit order (`tcp_cfg_flags_str`). */
const tcpCfgFlagWords = ['Byte tracker', 'No csum offload', 'TSO off', 'TSO', 'No endpoint', 'Tracked connection'] as const;
const TCP_CFG_F_NO_TSO = 1 << 2;
const TCP_CFG_F_NO_ENDPOINT = 1 << 4;

/** `foreach_tcp_connection_flag` words in bit order (`tcp_connection_flags_str`, VPP's spelling). */
const tcpConnectionFlagWords = [
  'Send ACK', 'FIN sent', 'Recovery', 'Fast Recovery', 'Disconnect pending', 'Half-open completed',
  'FIN pending', 'Retransmit pending', 'Retransmit first', 'Dequeue pending ', 'PSH pending', 'FIN received',
  'Zero RWND sent',
] as const;

/** vppsim connection flag → VPP's TCP_CONN_* bit (flags VPP has no word for are not listed). */
const tcpConnFlagToVpp: readonly (readonly [number, number])[] = [
  [TcpConnFlag.SndAck, 0],
  [TcpConnFlag.FinSent, 1],
  [TcpConnFlag.Recovery, 3], // fast retransmit after 3 dup ACKs: VPP's fast recovery
  [TcpConnFlag.HalfOpenDone, 5],
  [TcpConnFlag.FinPending, 6],
  [TcpConnFlag.ZeroRwndSent, 12],
];

/** `SACK hole index` none (`TCP_INVALID_SACK_HOLE_INDEX`, ~0). */
const TCP_INVALID_SACK_HOLE_INDEX = 0xffffffff;
/** VPP's default congestion control algorithm (tcp_cfg.cc_algo = TCP_CC_CUBIC). */
const TCP_CC_ALGO_DEFAULT = 'cubic';

/** Words of the set bits, `, `-separated, the last without a comma (VPP's flag formatters). */
function formatBits (bits: number, words: readonly string[], sep: string): string {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) if ((bits & (1 << i)) !== 0) out.push(words[i] as string);
  return out.join(sep);
}

/** u32 difference of two sequence numbers (`tc->snd_una - tc->iss`). */
const seqOff = (a: number, b: number): number => (a - b) >>> 0;

/**
 * `[thread:session][T] lcl:port->rmt:port` of connection `c` in thread `t`'s table.
 * Models: tcp_cli.c format_tcp_connection_id (IPv4).
 */
export function formatTcpConnectionId (tab: TcpConnTable, c: number, t: number): string {
  return vppFormat('[%d:%d][%s] %s:%d->%s:%d', t, tab.get(c, kTcSIndex), 'T',
    formatIp4(tab.getU(c, kTcLclIp)), tab.get(c, kTcLclPort), formatIp4(tab.getU(c, kTcRmtIp)), tab.get(c, kTcRmtPort));
}

/** VPP's TCP_CONN_* bits of connection `c`. */
function vppConnFlags (tab: TcpConnTable, c: number): number {
  let f = 0;
  for (const [sim, bit] of tcpConnFlagToVpp) if (tab.hasFlag(c, sim)) f |= 1 << bit;
  return f;
}

/**
 * Which `foreach_tcp_timer` timers of connection `c` run, as bits. vppsim keeps two timer
 * handles: the retransmit slot (RETRANSMIT, PERSIST or RETRANSMIT SYN, told apart by state: a
 * half-open retransmits its SYN, a descheduled connection with nothing in flight probes) and the
 * wait slot (WAIT CLOSE; in CLOSED it is the delete timer, which VPP keeps on a cleanup list).
 * Whether a handle still runs is asked of the thread's wheel when this realm has it.
 */
function tcpTimerBits (tm: TcpMain, tab: TcpConnTable, c: number, t: number): number {
  const w = tm.wrk(t) as TcpWorker | undefined;
  const running = (h: number): boolean => (w === undefined ? h >= 0 : w.tw.isRunning(h));
  const st = tab.get(c, kTcState);
  let bits = 0;
  if (running(tab.get(c, kTcRtoTimer))) {
    if (st === TcpState.SYN_SENT) bits |= 1 << TCP_TIMER_RETRANSMIT_SYN;
    else if (tab.hasFlag(c, TcpConnFlag.Desched) && tab.get(c, kTcSndNxt) === tab.get(c, kTcSndUna)) bits |= 1 << TCP_TIMER_PERSIST;
    else bits |= 1 << TCP_TIMER_RETRANSMIT;
  }
  if (st !== TcpState.CLOSED && running(tab.get(c, kTcWaitTimer))) bits |= 1 << TCP_TIMER_WAITCLOSE;
  return bits;
}

/** `format_tcp_timers`: the running timers' words, `,`-separated (no space). */
function formatTcpTimers (bits: number): string {
  return formatBits(bits, tcpTimerWords, ',');
}

/** `tcp_flight_size`: bytes sent and not acknowledged (no SACK, so nothing is subtracted). */
function tcpFlightSize (tab: TcpConnTable, c: number): number {
  return Math.max(0, (tab.get(c, kTcSndNxt) - tab.get(c, kTcSndUna)) | 0);
}

/** The peer's window minus flight size: VPP's output space with no cwnd limit. */
function tcpOutSpace (tab: TcpConnTable, c: number): number {
  return Math.max(0, tab.get(c, kTcSndWnd) - tcpFlightSize(tab, c));
}

/**
 * `format_tcp_congestion` at column `indent`: status, algorithm, and four more lines indented
 * to `indent`, each ended with `\n`. Models: tcp_cli.c format_tcp_congestion.
 */
function formatTcpCongestion (tab: TcpConnTable, c: number, indent: number): string {
  const pad = ' '.repeat(indent);
  const status = tab.hasFlag(c, TcpConnFlag.Recovery) ? 'fastrecovery' : 'none';
  let s = vppFormat('%s ', status);
  s += vppFormat('algo %s cwnd %u ssthresh %u\n', TCP_CC_ALGO_DEFAULT, 0, 0);
  s += pad + vppFormat('cc space %u prev_cwnd %u prev_ssthresh %u\n', tcpOutSpace(tab, c), 0, 0);
  s += pad + vppFormat('snd_cong %u dupack %u limited_tx %u\n', 0, tab.get(c, kTcDupAcks), 0);
  s += pad + vppFormat('rxt_bytes %u rxt_delivered %u prev_prr_delivered %u rxt_ts %u\n', tab.get(c, kTcRetransBytes), 0, 0, 0);
  s += pad + vppFormat('prr_start %u prr_delivered %u prr space %u\n', 0, 0, 0);
  return s;
}

/**
 * `format_tcp_scoreboard` at column `indent` (two lines, the last without `\n`; no holes: vppsim
 * has no SACK). Models: tcp_cli.c format_tcp_scoreboard.
 */
function formatTcpScoreboard (indent: number): string {
  let s = vppFormat('sacked %u lost %u high_sacked %u is_reneging %u reorder %u\n', 0, 0, 0, 0, TCP_DUPACK_THRESHOLD);
  s += ' '.repeat(indent) + vppFormat('cur_rxt_hole %u high_rxt %u rescue_rxt %u', TCP_INVALID_SACK_HOLE_INDEX, 0, 0);
  return s;
}

/** `format_tcp_stats` at column `indent` (four lines, the last without `\n`). Models: tcp_cli.c format_tcp_stats. */
function formatTcpStats (tab: TcpConnTable, c: number, indent: number): string {
  const pad = ' '.repeat(indent);
  let s = vppFormat('in segs %lu dsegs %lu bytes %lu dupacks %u\n', tab.get(c, kTcSegsIn), 0, 0, 0);
  s += pad + vppFormat('out segs %lu dsegs %lu bytes %lu dupacks %u\n', tab.get(c, kTcSegsOut), 0, 0, 0);
  s += pad + vppFormat('fr %u tr %u rxt segs %lu bytes %lu duration %.3f\n', 0, 0, 0, tab.get(c, kTcRetransBytes), 0);
  s += pad + vppFormat('err wnd data below %u above %u ack below %u above %u', 0, 0, 0, 0);
  return s;
}

/**
 * The variables block of connection `c` of thread `t`, starting at column 0, as
 * `format_tcp_vars` prints it: index, cfg, flags and timers; sequence numbers relative to
 * iss/irs; windows; flight size; timestamps; RTO; next node; congestion; from ESTABLISHED on the
 * SACK scoreboard and the stats; before ESTABLISHED an empty line. Fields vppsim does not keep
 * print as {@link UNMODELLED_TCP_VARS} says.
 * Models: tcp_cli.c format_tcp_vars.
 */
export function formatTcpVars (tm: TcpMain, tab: TcpConnTable, c: number, t: number): string {
  const iss = tab.get(c, kTcIss);
  const irs = tab.get(c, kTcIrs);
  const rcvNxt = tab.get(c, kTcRcvNxt);
  const rcvWnd = tab.getU(c, kTcRcvWnd);
  const st = tab.get(c, kTcState);
  let s = vppFormat(' index: %u cfg: %s flags: %s timers: %s\n', c, formatBits(TCP_CFG_F_NO_TSO, tcpCfgFlagWords, ', '),
    formatBits(vppConnFlags(tab, c), tcpConnectionFlagWords, ', '), formatTcpTimers(tcpTimerBits(tm, tab, c, t)));
  s += vppFormat(' snd_una %u snd_nxt %u', seqOff(tab.get(c, kTcSndUna), iss), seqOff(tab.get(c, kTcSndNxt), iss));
  s += vppFormat(' rcv_nxt %u rcv_las %u\n', seqOff(rcvNxt, irs), seqOff(rcvNxt, irs));
  s += vppFormat(' snd_wnd %u rcv_wnd %u rcv_wscale %u ', tab.getU(c, kTcSndWnd), rcvWnd, TCP_WND_SCALE);
  s += vppFormat('snd_wl1 %u snd_wl2 %u\n', 0, 0);
  // rcv_wnd_av = rcv_wnd - (rcv_nxt - rcv_las), with rcv_las = rcv_nxt
  s += vppFormat(' flight size %u out space %u rcv_wnd_av %u', tcpFlightSize(tab, c), tcpOutSpace(tab, c), rcvWnd);
  s += vppFormat(' tsval_recent %u\n', 0);
  s += vppFormat(' tsecr %u tsecr_last_ack %u tsval_recent_age %u', 0, 0, 0);
  s += vppFormat(' snd_mss %u\n', TCP_MSS);
  s += vppFormat(' rto %u rto_boff %u srtt %.1f us %.3f rttvar %.1f', tab.get(c, kTcRto), tab.get(c, kTcRetrans), 0, 0, 0);
  s += vppFormat(' rtt_ts %.4f rtt_seq %u\n', 0, 0);
  s += vppFormat(' next_node %u opaque 0x%x fib_index %u sw_if_index %d\n', 0, 0, tab.get(c, kTcFib), 0);
  s += ' cong:   ';
  s += formatTcpCongestion(tab, c, formatGetIndent(s));
  if (st >= TcpState.ESTABLISHED) {
    s += ' sboard: ';
    s += formatTcpScoreboard(formatGetIndent(s)) + '\n';
    s += ' stats: ';
    s += formatTcpStats(tab, c, formatGetIndent(s)) + '\n';
  } else {
    s += '\n';
  }
  return s;
}

/**
 * A listener's variables: index, cfg flags (`No endpoint` when it listens on 0.0.0.0),
 * congestion algorithm and snd_mss (0: a listener never sets it), next node.
 * Models: tcp_cli.c format_tcp_listener_connection; tcp.c tcp_connection_bind.
 */
export function formatTcpListenerConnection (tab: TcpConnTable, c: number): string {
  const cfg = tab.getU(c, kTcLclIp) === 0 ? TCP_CFG_F_NO_ENDPOINT : 0;
  let s = vppFormat(' index: %u cfg_flags: %s cong_algo: %s snd_mss: %u\n', c, formatBits(cfg, tcpCfgFlagWords, ', '), TCP_CC_ALGO_DEFAULT, 0);
  s += vppFormat(' next_node %u opaque 0x%x fib_index %u sw_if_index %d\n', 0, 0, tab.get(c, kTcFib), 0);
  return s;
}

/** The table a session's TCP object lives in: listeners in thread 0's, the rest in the session's thread's. */
function tcpTable (tm: TcpMain, kind: TransportObj, t: number): TcpConnTable | undefined {
  return tm.conns[kind === TransportObj.Listener ? 0 : t];
}

/**
 * TCP's answer to a transport format request (explicit TransportFmtReq bits only, which is all
 * show session asks): the id, a tab and the state, then `\n` and the variables. A connection that
 * is gone prints `empty\n` (format_tcp_session); a half-open whose connection was made on
 * another thread prints state `CLOSED` and no variables.
 * Models: tcp.c format_tcp_session, format_tcp_listener_session, format_tcp_half_open_session;
 * tcp_cli.c format_tcp_connection.
 */
export function formatTcpObj (tm: TcpMain, kind: TransportObj, c: number, t: number, fmt: number): string {
  const tab = tcpTable(tm, kind, t);
  if (tab === undefined || !tab.isValid(c)) return 'empty\n';
  const ct = kind === TransportObj.Listener ? 0 : t;
  let state = formatTcpState(tab.get(c, kTcState));
  if (kind === TransportObj.HalfOpen && tab.hasFlag(c, TcpConnFlag.HalfOpenDone)) state = 'CLOSED';
  let s = '';
  if ((fmt & TransportFmtReq.ConnId) !== 0) s += formatTcpConnectionId(tab, c, ct);
  if ((fmt & TransportFmtReq.State) !== 0) {
    if ((fmt & TransportFmtReq.ConnId) !== 0) s += '\t';
    s += state;
  }
  if ((fmt & TransportFmtReq.Detail) !== 0) {
    if (kind === TransportObj.Connection) s += '\n' + formatTcpVars(tm, tab, c, ct);
    else if (kind === TransportObj.Listener) s += '\n' + formatTcpListenerConnection(tab, c);
    else s += '\n';
  }
  return s;
}

/** TCP's formatters and getters for show session. Models: tcp.c tcp_proto (format_* and get_* members). */
export function tcpFormatVft (tm: TcpMain): TransportFormatVft {
  return {
    format: (kind, c, t, fmt) => formatTcpObj(tm, kind, c, t, fmt),
    flags (kind, c, t) {
      const tab = tcpTable(tm, kind, t);
      if (tab === undefined || !tab.isValid(c)) return null;
      return tab.hasFlag(c, TcpConnFlag.Desched) ? TransportConnectionFlag.DESCHED : 0;
    },
    endpoints (kind, c, t): TransportEndpoints | null {
      const tab = tcpTable(tm, kind, t);
      if (tab === undefined || !tab.isValid(c)) return null;
      return { lclIp: tab.getU(c, kTcLclIp), lclPort: tab.get(c, kTcLclPort), rmtIp: tab.getU(c, kTcRmtIp), rmtPort: tab.get(c, kTcRmtPort) };
    },
  };
}

