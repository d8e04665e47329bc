// src/session/session-format-verbose.ts: `show session` with its options (verbose levels,
// filters, listeners, tree, one session, helpers) as VPP HEAD prints them, byte for byte, from
// the session workers' pools and TCP's connection tables. The no-argument form is
// formatShowSessionSummary (session-format.ts).
// Models: src/vnet/session/session_cli.c (show_session_command_fn, session_cli_show_all_sessions,
// session_cli_show_session_filter, session_cli_filter_check, session_cli_show_session_tree,
// session_cli_show_events_thread, session_cli_print_session_states, format_rt_backend,
// format_session, session_fmt_req_normalize, format_session_transport, format_session_io,
// format_session_fifos, format_session_state, format_session_flags), transport.c
// format_transport_protos, src/vlib/cli.c vlib_cli_output.
//
// Every function returns what the CLI writes: each vlib_cli_output call's text ended with `\n`.

import { cliOutput } from '../../graph/format.js';
import { justify, vppFormat } from '../../graph/vpp-format.js';
import { VppsimError } from '../errors.js';
import { formatSvmFifo } from '../svm/fifo-format.js';
import type { SvmFifo } from '../svm/fifo.js';
import { SessionEvtType, sessionHandleIndex, sessionHandleThread } from '../svm/session-event.js';
import { parseIp4 } from './net.js';
import { SessionFlag, formatSessionFlags } from './session-flags.js';
import type { SessionMain } from './session-main.js';
import {
  kSessAppWrk, kSessConnection, kSessFlags, kSessOpaque, kSessRxFifoOff, kSessRxFifoSeg, kSessState, kSessTxFifoOff,
  kSessTxFifoSeg, kSessType, type SessionTable,
} from './session-table.js';
import { foreachSessionState, formatSessionState, SessionState } from './session-types.js';
import { EvtHead } from './session-worker.js';
import { kTcSIndex } from './tcp-conn.js';
import { tcpFormatVft } from './tcp-format.js';
import type { TcpMain } from './tcp-main.js';
import { formatGetIndent, formatTransportObj, type TransportFormatVft, TransportFmtReq, TransportObj } from './transport-format.js';

/** `SESSION_CLI_ID_WIDTH`: the connection id column. */
export const SESSION_CLI_ID_WIDTH = 60;
/** `SESSION_CLI_STATE_WIDTH`: the transport state column. */
export const SESSION_CLI_STATE_WIDTH = 15;
/** Sessions per thread above which verbose output is suppressed (session_cli.c's literal 50). */
const SESSION_CLI_VERBOSE_MAX = 50;
/** At verbose > 1 a filter prints at most this many sessions (session_cli.c's literal 10). */
const SESSION_CLI_VERBOSE2_MAX = 10;

/** `foreach_transport_proto` names in `transport_proto_t` order (transport_types.h). */
const transportProtoNames = ['tcp', 'udp', 'ct', 'tls', 'quic', 'dtls', 'srtp', 'http'] as const;
const TRANSPORT_PROTO_TCP = 0;

/** `foreach_rt_engine` (session.h): what `show session rt-backend` prints for each engine. */
export const foreachRtEngine = [
  ['disable', 'disable'],
  ['rule-table', 'enable with rt-backend rule table'],
  ['none', 'enable without rt-backend'],
  ['sdl', 'enable with rt-backend sdl'],
] as const;
/** An rt-backend engine as `session enable [rt-backend …]` chose it. */
export type RtEngine = (typeof foreachRtEngine)[number][0];

/**
 * `session_fmt_req_t` bits (session_types.h): the low two bits are the level; the others ask
 * for parts explicitly (show session passes its verbose number, so only the level is set).
 */
export const SessionFmtReq = {
  LevelMask: (1 << 2) - 1,
  ConnId: 1 << 8,
  TransportState: 1 << 9,
  TransportDetail: 1 << 10,
  RxTx: 1 << 11,
  SessionDetail: 1 << 12,
  /** `conn_id_indent`: 3 bits from bit 13, in steps of 2 columns (tree output). */
  ConnIdIndentShift: 13,
  ConnIdIndentMask: 7,
} as const;
const kFmtExplicit = SessionFmtReq.ConnId | SessionFmtReq.TransportState | SessionFmtReq.TransportDetail |
  SessionFmtReq.RxTx | SessionFmtReq.SessionDetail;

/**
 * What to show; the fields of the parsed `show session` command (src/config ShowSessionCommand,
 * which can be passed as is). Everything is optional: `{}` is `show session`.
 */
export interface ShowSessionOptions {
  /** `protos`, `transport`, `rt-backend` or `states`: a listing instead of sessions. */
  readonly helper?: 'protos' | 'transport' | 'rt-backend' | 'states' | null;
  /** `verbose [N]`. */
  readonly verbose?: number;
  /** `tree`. */
  readonly tree?: boolean;
  /** `listeners <proto>`: a transport protocol name (`tcp`). */
  readonly listeners?: string | null;
  /** `events`. */
  readonly events?: boolean;
  /** `<tcp|udp> [vrf N] lcl:port->rmt:port`: one session by 5-tuple (IPv4). */
  readonly sessionId?: {
    readonly proto: string; readonly vrf: number | null; readonly lcl: string; readonly lclPort: number;
    readonly rmt: string; readonly rmtPort: number; readonly errorContext: string;
  } | null;
  /** `thread N index M`: one session. */
  readonly sessionIndex?: { readonly thread: number; readonly index: number } | null;
  /** `thread N proto P index M`: the session of a transport connection. */
  readonly transportIndex?: { readonly thread: number; readonly proto: string; readonly index: number } | null;
  /** Whether a filter keyword was given (thread, state, proto, range, lcl/rmt/ep, force-print). */
  readonly filtered?: boolean;
  /** `thread N` (filter). Default 0. */
  readonly thread?: number;
  /** `state S` filters, session state names (`ready`). */
  readonly states?: readonly string[];
  /** `proto P` filter. */
  readonly proto?: string | null;
  /** `range A [B]` over session indices. Default 0 .. 2^32 − 1. */
  readonly range?: { readonly start: number; readonly end: number };
  /** `lcl|rmt|ep ip[:port]` filter (port 0: any). */
  readonly endpoint?: { readonly ip: string; readonly port: number; readonly local: boolean; readonly remote: boolean } | null;
  /** `force-print`. */
  readonly forcePrint?: boolean;
  /** vppsim: the engine `session enable` chose, for `rt-backend`. Default `none` (plain `session enable`). */
  readonly rtBackend?: RtEngine;
}

/** `session_cli_return_if_not_enabled ()` (session.h), as the CLI prints the command's error. */
const NOT_ENABLED = 'show session: session layer is not enabled\n';

/** A session's two fifos, or null when it has none (listeners, half-opens). */
interface SessionFifos { readonly rx: SvmFifo; readonly tx: SvmFifo }

/** What formatting a command needs, built once per command. */
interface ShowCtx {
  readonly sm: SessionMain;
  /** Transport formatters by `transport_proto_t` (`transport_protocol_get_vft`). */
  readonly vfts: readonly (TransportFormatVft | undefined)[];
}

function showCtx (sm: SessionMain, tm: TcpMain | null): ShowCtx {
  const vfts: (TransportFormatVft | undefined)[] = [];
  if (tm !== null) vfts[TRANSPORT_PROTO_TCP] = tcpFormatVft(tm);
  return { sm, vfts };
}

const tab = (ctx: ShowCtx, t: number): SessionTable => ctx.sm.sessions[t] as SessionTable;
/** `session_get_transport_proto`: the session type's protocol half. */
const sessionProto = (st: SessionTable, si: number): number => st.get(si, kSessType) >>> 1;

/**
 * The fifos of session `si` of thread `t`: this realm's views, else views built from the
 * session's segment words (a realm that did not allocate them, e.g. main reading a worker's
 * session with real threads).
 */
function sessionFifos (ctx: ShowCtx, t: number, si: number): SessionFifos | null {
  const ops = ctx.sm.ops;
  const rx = ops.rxFifo(t, si);
  const tx = ops.txFifo(t, si);
  if (rx !== null && tx !== null) return { rx, tx };
  const st = tab(ctx, t);
  const rxOff = st.get(si, kSessRxFifoOff);
  const txOff = st.get(si, kSessTxFifoOff);
  const rxAw = ctx.sm.am.appWrks[st.get(si, kSessRxFifoSeg)];
  const txAw = ctx.sm.am.appWrks[st.get(si, kSessTxFifoSeg)];
  if (rxOff <= 0 || txOff <= 0 || rxAw === undefined || txAw === undefined) return null;
  return { rx: rxAw.segment.fifo(rxOff), tx: txAw.segment.fifo(txOff) };
}

/** `session_fmt_req_normalize`: the parts a bare level asks for. */
function sessionFmtReqNormalize (fmt: number): number {
  const level = fmt & SessionFmtReq.LevelMask;
  if ((fmt & kFmtExplicit) === 0) {
    fmt |= SessionFmtReq.ConnId;
    if (level >= 1) fmt |= SessionFmtReq.TransportState;
    if (level === 1) fmt |= SessionFmtReq.RxTx;
    if (level >= 2) fmt |= SessionFmtReq.TransportDetail | SessionFmtReq.SessionDetail;
  }
  if ((fmt & SessionFmtReq.TransportDetail) !== 0) fmt |= SessionFmtReq.ConnId | SessionFmtReq.TransportState;
  return fmt;
}

/** `format_session_io`: rx and tx fifo bytes ready to dequeue, `%-10u%-10u` (0 without fifos). */
function formatSessionIo (fifos: SessionFifos | null): string {
  return vppFormat('%-10u%-10u', fifos === null ? 0 : fifos.rx.maxDequeue(), fifos === null ? 0 : fifos.tx.maxDequeue());
}

/**
 * `format_session_transport`: with details and no rx/tx columns, the transport's whole text
 * (id, tab, state, variables); otherwise the id padded to 60 columns (less the tree indent),
 * the state padded to 15, the fifo columns, then any details.
 */
function formatSessionTransport (ctx: ShowCtx, t: number, si: number, fmt: number, kind: TransportObj): string {
  const st = tab(ctx, t);
  const vft = ctx.vfts[sessionProto(st, si)];
  const c = st.get(si, kSessConnection);
  const obj = (f: number, before: string): string => formatTransportObj(vft, kind, c, t, f, before);
  if ((fmt & SessionFmtReq.TransportDetail) !== 0 && (fmt & SessionFmtReq.RxTx) === 0) {
    return obj(TransportFmtReq.ConnId | TransportFmtReq.State | TransportFmtReq.Detail, '');
  }
  const indent = ((fmt >>> SessionFmtReq.ConnIdIndentShift) & SessionFmtReq.ConnIdIndentMask) * 2;
  const wantsState = (fmt & SessionFmtReq.TransportState) !== 0;
  const wantsIo = (fmt & SessionFmtReq.RxTx) !== 0;
  const useCols = wantsState || wantsIo;
  const idWidth = indent < SESSION_CLI_ID_WIDTH ? SESSION_CLI_ID_WIDTH - indent : 0;
  let s = '';
  if ((fmt & SessionFmtReq.ConnId) !== 0) {
    s += ' '.repeat(indent);
    const id = obj(TransportFmtReq.ConnId, s);
    s += useCols ? justify(id, idWidth, '-') : id;
  }
  if (wantsState) s += justify(obj(TransportFmtReq.State, s), SESSION_CLI_STATE_WIDTH, '-');
  if (wantsIo) s += formatSessionIo(sessionFifos(ctx, t, si));
  if ((fmt & SessionFmtReq.TransportDetail) !== 0) s += obj(TransportFmtReq.Detail, s);
  return s;
}

/**
 * The fifo's `app_session_index`: 0 for builtin apps (VPP never sets it for them), else the
 * session's opaque, which the external app's accept or connect reply set to its session index.
 */
function appSessionIndexOf (ctx: ShowCtx, st: SessionTable, si: number): number {
  const aw = ctx.sm.am.appWrks[st.get(si, kSessAppWrk)];
  return aw === undefined || aw.isBuiltin ? 0 : st.get(si, kSessOpaque);
}

/**
 * True if the worker of thread `t` has an IO event for session `si` on its new or old list.
 * VPP also searches the worker's mq; vppsim does not (events still in the mq count as not found).
 * Models: session_debug.c session_node_lookup_fifo_event, session_node_cmp_event.
 */
function sessionNodeHasEvent (ctx: ShowCtx, t: number, si: number): boolean {
  const pool = ctx.sm.worker(t).pool;
  for (const head of [EvtHead.New, EvtHead.Old]) {
    for (let e = pool.next(head); e !== head && e >= 0; e = pool.next(e)) {
      // RX, TX, TX_FLUSH, BUILTIN_RX, TX_MAIN name their session by index
      if (pool.type(e) <= SessionEvtType.IO_EVT_TX_MAIN && pool.w(e, 0) === si) return true;
    }
  }
  return false;
}

/**
 * `format_session_fifos`: ` Rx fifo: ` and ` Tx fifo: ` with `format_svm_fifo` at `level`
 * (indented to where each starts, given the text `before` them); at level > 2, after a fifo
 * with its event flag set, whether the session node has the event.
 */
function formatSessionFifos (ctx: ShowCtx, t: number, si: number, fifos: SessionFifos, level: number, before: string): string {
  const st = tab(ctx, t);
  const owner = {
    segmentManager: st.get(si, kSessRxFifoSeg), vppSessionIndex: si, masterThreadIndex: t,
    appSessionIndex: appSessionIndexOf(ctx, st, si), clientThreadIndex: 0,
  };
  let s = '';
  for (const [label, f] of [[' Rx fifo: ', fifos.rx], [' Tx fifo: ', fifos.tx]] as const) {
    s += label;
    s += formatSvmFifo(f, level, formatGetIndent(before + s), owner);
    if (level > 2 && f.hasEvent()) {
      s += vppFormat(' session node event: %s\n', sessionNodeHasEvent(ctx, t, si) ? 'found' : 'not found');
    }
  }
  return s;
}

/**
 * Session `si` of thread `t` as `format_session` prints it for `verbose` (a session_fmt_req_t:
 * show session passes its verbose number, of which the low two bits are the level). Level 1:
 * the id padded to 60, the transport state padded to 15, the fifo columns. Level 2 and 3: the
 * transport's text with its variables, the fifos, then ` session: state: … opaque: 0x… flags: …`
 * (not for listeners). A session past TRANSPORT_DELETED is `[t:i] CLOSED`; a migrating half-open
 * prints nothing. Models: session_cli.c format_session.
 */
function formatSessionEntry (ctx: ShowCtx, t: number, si: number, verbose: number): string {
  const st = tab(ctx, t);
  const state = st.get(si, kSessState);
  if (state >= SessionState.TRANSPORT_DELETED) return vppFormat('[%u:%u] CLOSED', t, si);
  const fmt = sessionFmtReqNormalize(verbose >>> 0);
  const level = fmt & SessionFmtReq.LevelMask;
  const sessionDetail = (fmt & SessionFmtReq.SessionDetail) !== 0;
  const flags = st.get(si, kSessFlags);
  let kind: TransportObj;
  let meta = sessionDetail;
  if (state >= SessionState.ACCEPTING || state === SessionState.CREATED) {
    kind = TransportObj.Connection;
  } else if (state === SessionState.LISTENING) {
    kind = TransportObj.Listener;
    meta = false;
  } else {
    // CONNECTING: transports of migrating half-opens may be gone already
    if ((flags & SessionFlag.IS_MIGRATING) !== 0 && (flags & SessionFlag.HALF_OPEN) !== 0) return '';
    kind = (flags & SessionFlag.HALF_OPEN) !== 0 ? TransportObj.HalfOpen : TransportObj.Connection;
  }
  let s = formatSessionTransport(ctx, t, si, fmt, kind);
  const fifos = sessionDetail ? sessionFifos(ctx, t, si) : null;
  if (fifos !== null) {
    if ((fmt & SessionFmtReq.TransportDetail) === 0) s += '\n';
    s += formatSessionFifos(ctx, t, si, fifos, level, s);
  }
  if (meta) {
    s += vppFormat(' session: state: %s opaque: 0x%x flags: %s\n', formatSessionState(state), st.get(si, kSessOpaque),
      formatSessionFlags(flags));
  }
  return s;
}

/** `session_cli_show_all_sessions`: every thread's sessions at `verbose`. */
function showAllSessions (ctx: ShowCtx, verbose: number): string {
  let out = '';
  for (const [t, st] of ctx.sm.sessions.entries()) {
    const n = st.count;
    if (n === 0) { out += cliOutput(vppFormat('Thread %d: no sessions', t)); continue; }
    if (verbose === 0) { out += cliOutput(vppFormat('Thread %d: %d sessions', t, n)); continue; }
    if (n > SESSION_CLI_VERBOSE_MAX) {
      out += cliOutput(vppFormat('Thread %u: %d sessions. Verbose output suppressed. For more details use filters.', t, n));
      continue;
    }
    if (verbose === 1) out += cliOutput(vppFormat('%s%-60s%-15s%-10s%-10s', t !== 0 ? '\n' : '', 'Connection', 'State', 'Rx-f', 'Tx-f'));
    let nClosed = 0;
    for (const si of st.indices()) {
      if (st.get(si, kSessState) >= SessionState.TRANSPORT_DELETED) { nClosed++; continue; }
      out += cliOutput(formatSessionEntry(ctx, t, si, verbose));
    }
    out += cliOutput(nClosed === 0
      ? vppFormat('Thread %d: active sessions %u', t, n - nClosed)
      : vppFormat('Thread %d: active sessions %u closed %u', t, n - nClosed, nClosed));
  }
  return out;
}

/** A parsed filter (`session_cli_filter_t`). */
interface SessionFilter {
  readonly states: readonly number[];
  /** `transport_proto_t`, −1 for any. */
  readonly proto: number;
  /** IPv4 as u32, or NaN for an address no IPv4 endpoint can equal. */
  readonly ip: number;
  readonly port: number;
  readonly local: boolean;
  readonly remote: boolean;
}

/** `session_cli_filter_check`: state, then protocol, then (if asked) the local or remote endpoint. */
function filterCheck (ctx: ShowCtx, t: number, si: number, sf: SessionFilter): boolean {
  const st = tab(ctx, t);
  const state = st.get(si, kSessState);
  if (sf.states.length > 0 && !sf.states.includes(state)) return false;
  if (sf.proto >= 0 && sessionProto(st, si) !== sf.proto) return false;
  if (!sf.local && !sf.remote) return true;
  if (state >= SessionState.TRANSPORT_DELETED) return false;
  // session_get_transport: the listener for listeners, else the connection (a half-open's too)
  const kind = state === SessionState.LISTENING ? TransportObj.Listener : TransportObj.Connection;
  const ep = ctx.vfts[sessionProto(st, si)]?.endpoints(kind, st.get(si, kSessConnection), t) ?? null;
  if (ep === null) return false;
  if (sf.local && sf.ip === ep.lclIp && (sf.port === 0 || sf.port === ep.lclPort)) return true;
  if (sf.remote && sf.ip === ep.rmtIp && (sf.port === 0 || sf.port === ep.rmtPort)) return true;
  return false;
}

/** `session_cli_show_session_filter`: the matching sessions of one thread and their count. */
function showSessionFilter (ctx: ShowCtx, o: ShowSessionOptions, verbose: number): string {
  const thread = o.thread ?? 0;
  const range = o.range ?? { start: 0, end: 0xffffffff };
  if (range.end < range.start) return cliOutput(vppFormat('invalid range start: %u end: %u', range.start, range.end));
  const st = ctx.sm.sessions[thread];
  if (st === undefined) return cliOutput(vppFormat('invalid thread index %u', thread));
  const states = (o.states ?? []).map((name) => foreachSessionState.findIndex((r) => r[1] === name));
  const proto = o.proto === null || o.proto === undefined ? -1 : transportProtoNames.findIndex((n) => n === o.proto);
  if (proto < 0 && states.length === 0 && verbose === 0 && range.start === 0 && range.end === 0xffffffff) {
    return cliOutput(vppFormat('Thread %d: %u sessions', thread, st.count));
  }
  const ep = o.endpoint ?? null;
  const sf: SessionFilter = {
    states, proto, ip: ep === null ? NaN : parseIp4(ep.ip), port: ep?.port ?? 0, local: ep?.local ?? false, remote: ep?.remote ?? false,
  };
  let out = '';
  let count = 0;
  let suppressed = false;
  for (const si of st.indices()) {
    if (si < range.start || si > range.end) continue;
    if (!filterCheck(ctx, thread, si, sf)) continue;
    count++;
    if (verbose === 0) continue;
    if (o.forcePrint !== true && (count > SESSION_CLI_VERBOSE_MAX || (verbose > 1 && count > SESSION_CLI_VERBOSE2_MAX))) {
      suppressed = true;
      continue;
    }
    // sessions whose transport is gone are counted, not printed
    if (st.get(si, kSessState) >= SessionState.TRANSPORT_DELETED) continue;
    out += cliOutput(formatSessionEntry(ctx, thread, si, verbose));
  }
  out += cliOutput(suppressed
    ? vppFormat('Thread %d: %u sessions matched filter. Not all shown. Use finer grained filter.', thread, count)
    : vppFormat('Thread %d: %u sessions matched filter', thread, count));
  return out;
}

/**
 * `show session listeners <proto>`: thread 0's listening sessions of that protocol (IPv4 and
 * IPv6 session types), the id padded to 60 columns, the app name to 25, under a
 * `Listener`/`App` header (60 and 24 columns).
 */
function showListeners (ctx: ShowCtx, proto: string): string {
  const tp = transportProtoNames.findIndex((n) => n === proto);
  const sst4 = (tp << 1) | 1;
  const sst6 = tp << 1;
  let out = cliOutput(vppFormat('%-60s%-24s', 'Listener', 'App'));
  const st = tab(ctx, 0);
  for (const si of st.indices()) {
    const type = st.get(si, kSessType);
    if (st.get(si, kSessState) !== SessionState.LISTENING || (type !== sst4 && type !== sst6)) continue;
    const aw = ctx.sm.am.appWrks[st.get(si, kSessAppWrk)];
    const name = aw === undefined ? '' : (ctx.sm.am.apps[aw.appIndex]?.name ?? '');
    out += cliOutput(vppFormat('%-60s%-25v', formatSessionEntry(ctx, 0, si, 0), name));
  }
  return out;
}

/**
 * `show session tree`: per thread its count, then (unless more than 50 and no `force-print`)
 * each session between CREATED and TRANSPORT_DELETED at level 1. TCP has no next transport, so
 * every session is a root and they print in pool order.
 */
function showSessionTree (ctx: ShowCtx, forcePrint: boolean): string {
  let out = '';
  for (const [t, st] of ctx.sm.sessions.entries()) {
    out += cliOutput(vppFormat('Thread %d: %u sessions', t, st.count));
    if (st.count > SESSION_CLI_VERBOSE_MAX && !forcePrint) {
      out += cliOutput('output suppressed due to number of sessions');
      continue;
    }
    for (const si of st.indices()) {
      const state = st.get(si, kSessState);
      if (state >= SessionState.TRANSPORT_DELETED || state <= SessionState.CREATED) continue;
      out += cliOutput(formatSessionEntry(ctx, t, si, 1));
    }
  }
  return out;
}

/** `show session events`: thread 0's event elements (list heads included) and control data slots. */
function showSessionEvents (ctx: ShowCtx): string {
  const wrk = ctx.sm.worker(0);
  return cliOutput(vppFormat('Thread %d:\n', 0)) +
    cliOutput(vppFormat(' evt elements alloc: %u', wrk.pool.elts)) +
    cliOutput(vppFormat(' ctrl evt elt data alloc: %d', wrk.pool.ctrlAllocated));
}

/** `format_transport_protos`: each registered transport's name, indented one column. */
function formatTransportProtos (ctx: ShowCtx): string {
  let s = '';
  for (const [tp, name] of transportProtoNames.entries()) {
    const registered = ctx.sm.ops.transports[(tp << 1) | 1] !== undefined || ctx.sm.ops.transports[tp << 1] !== undefined;
    if (registered) s += vppFormat(' %s\n', name);
  }
  return s;
}

/** The one session a `thread N index M`, `thread N proto P index M` or 5-tuple asks for. */
function oneSession (ctx: ShowCtx, tm: TcpMain | null, o: ShowSessionOptions): { t: number; si: number } | string {
  const sm = ctx.sm;
  if (o.sessionId !== null && o.sessionId !== undefined) {
    const id = o.sessionId;
    const proto = transportProtoNames.findIndex((n) => n === id.proto);
    const fib = id.vrf ?? 0;
    const lcl = parseIp4(id.lcl);
    const rmt = parseIp4(id.rmt);
    // session_lookup_safe4: the established table, then a listener (wildcard allowed)
    for (let t = 0; t < sm.sessions.length; t++) {
      const h = sm.lookup.connection(t, fib, proto, lcl, id.lclPort, rmt, id.rmtPort);
      if (h >= 0) return { t: sessionHandleThread(h), si: sessionHandleIndex(h) };
    }
    const h = Number.isNaN(lcl) ? -1 : sm.lookup.listener(fib, proto, lcl, id.lclPort);
    if (h >= 0) return { t: sessionHandleThread(h), si: sessionHandleIndex(h) };
    return cliOutput(`show session: unknown input \`${id.errorContext}'`);
  }
  if (o.sessionIndex !== null && o.sessionIndex !== undefined) {
    const { thread, index } = o.sessionIndex;
    if (sm.sessions[thread]?.isValid(index) !== true) return cliOutput('session is not allocated');
    return { t: thread, si: index };
  }
  const ti = o.transportIndex as { readonly thread: number; readonly proto: string; readonly index: number };
  const conns = ti.proto === 'tcp' && tm !== null ? tm.conns[ti.thread] : undefined;
  if (conns === undefined || !conns.isValid(ti.index)) {
    return cliOutput(vppFormat('transport connection %u thread %u is not allocated', ti.index, ti.thread));
  }
  const si = conns.get(ti.index, kTcSIndex);
  if (sm.sessions[ti.thread]?.isValid(si) !== true) {
    return cliOutput(vppFormat('session for transport connection %u thread %u does not exist', ti.index, ti.thread));
  }
  return { t: ti.thread, si };
}

/**
 * `show session …` as VPP HEAD prints it, for the options of a parsed command (`{}` with no
 * `verbose` is the summary, the same as formatShowSessionSummary (session-format.ts)):
 * - the session layer disabled: `show session: session layer is not enabled`;
 * - `states`, `protos` (vppsim's registered transports), `rt-backend`; `transport` is not
 *   modelled (throws VppsimError `ERR_NOT_MODELLED`);
 * - one session (`thread N index M`, `thread N proto tcp index M`, a 5-tuple) at level 3, or the
 *   command's message when there is none;
 * - `listeners <proto>`, `events` (thread 0), `tree`;
 * - with filter keywords, one thread's matching sessions and `Thread %d: %u sessions matched
 *   filter` (`… Not all shown. Use finer grained filter.` past 50 rows, or 10 at verbose > 1);
 * - else every thread: `Thread %d: no sessions`, the suppressed message above 50 sessions, or
 *   (verbose 1) the `Connection State Rx-f Tx-f` header, a row per session (those past
 *   TRANSPORT_DELETED counted as closed) and `Thread %d: active sessions %u[ closed %u]`.
 * `tm` is the run's TCP (null without TCP: TCP sessions then print no transport text).
 * Models: session_cli.c show_session_command_fn.
 */
export function formatShowSession (sm: SessionMain, tm: TcpMain | null, o: ShowSessionOptions = {}): string {
  if (!sm.isEnabled) return NOT_ENABLED;
  const ctx = showCtx(sm, tm);
  const verbose = o.verbose ?? 0;
  const wantsOne = (o.sessionId ?? o.sessionIndex ?? o.transportIndex ?? null) !== null;
  // the parse stops at a helper, so an error about a session named before it comes first
  const one = wantsOne ? oneSession(ctx, tm, o) : null;
  if (typeof one === 'string') return one;
  switch (o.helper ?? null) {
    case 'states': return foreachSessionState.map((r) => cliOutput(r[1])).join('');
    case 'protos': return cliOutput(formatTransportProtos(ctx));
    case 'rt-backend': {
      const e = o.rtBackend ?? 'none';
      return cliOutput(foreachRtEngine.find((r) => r[0] === e)?.[1] ?? 'unknown');
    }
    case 'transport': throw new VppsimError('ERR_NOT_MODELLED', 'show session transport: the transport port allocator is not modelled by vppsim');
    default:
  }
  if (one !== null) return cliOutput(formatSessionEntry(ctx, one.t, one.si, 3));
  if (o.listeners !== null && o.listeners !== undefined) return showListeners(ctx, o.listeners);
  if (o.events === true) return showSessionEvents(ctx);
  if (o.tree === true) return showSessionTree(ctx, o.forcePrint === true);
  if (o.filtered === true) return showSessionFilter(ctx, o, verbose);
  return showAllSessions(ctx, verbose);
}
