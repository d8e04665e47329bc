// src/config/cli-cmd-session.ts: the session layer's commands: `session enable|disable`,
// `app ns`, `show session [stats]`, `show app`, `show app ns`. Models (identical in v26.02 and
// HEAD): src/vnet/session/session_cli.c session_enable_disable_fn, show_session_command_fn,
// show_session_stats_fn; application_namespace.c app_ns_fn, show_app_ns_fn; application.c
// show_app_command_fn.

import { type CliCommandBody, type CliInvocation, ERR_CONFIG_CLI_MESSAGE } from './cli-context.js';
import { SESSION_STATE_NAMES, type SessionEndpointFilter, type SessionStateName, type ShowSessionCommand } from './cli-command-types.js';
import { unformatLineInput } from './cli-unformat.js';
import { TRANSPORT_PROTOS, type TransportProtoName, formatIpAddress, unformatIp46Address, unformatIp4Address, unformatIp6Address, unformatTransportProto } from './cli-unformat-net.js';
import { ERR_CONFIG_VPPSIM_LIMIT } from './startup-conf-context.js';
import { type UnformatInput, type UnformatFunction, type UnformatMatch, bigintAt, bitsAt, formatUnformatError, numberAt, stringAt, unformat } from './unformat.js';

const U32_INVALID = 0xffffffff;

/** `session [enable [rt-backend sdl|rule-table]] [disable]…`. Error: `unknown input `…'`. */
export function parseSessionEnableDisable (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  let isEnable = false;
  let rtBackend: 'none' | 'rule-table' | 'sdl' | 'disable' = 'disable'; // args = {}: RT_BACKEND_ENGINE_DISABLE is 0
  while (!input.atEnd()) {
    if (unformat(input, 'enable').ok) {
      isEnable = true;
      if (unformat(input, 'rt-backend').ok) {
        if (unformat(input, 'sdl').ok) rtBackend = 'sdl';
        else if (unformat(input, 'rule-table').ok) rtBackend = 'rule-table';
        else throw inv.unknownInput(input, formatUnformatError(input));
      } else {
        rtBackend = 'none';
      }
    } else if (unformat(input, 'disable').ok) {
      rtBackend = 'disable';
      isEnable = false;
    } else {
      throw inv.unknownInput(input, formatUnformatError(input));
    }
  }
  return { kind: 'session', isEnable, rtBackend };
}

/**
 * `app ns [add|del] id <id> secret <n> [sw_if_index <n>|if <name>] [ip4-fib-id <n>]
 * [ip6-fib-id <n>] [sock-name <path>]` from one line. With no argument VPP does nothing (null).
 * Errors: `unknown input `…'`; and what VPP prints (then does nothing) as errors without the
 * command prefix: `namespace-id must be provided`, `secret and interface or fib-id must be provided`.
 */
export function parseAppNs (input: UnformatInput, inv: CliInvocation): CliCommandBody | null {
  const line = unformatLineInput(input);
  if (line === null) return null;
  let isAdd = false;
  let nsId: string | null = null;
  let secret: number | null = null;
  let swIfIndex: number | null = null;
  let interfaceName: string | null = null;
  let ip4FibId: number | null = null;
  let ip6FibId: number | null = null;
  let sockName: string | null = null;
  const u32 = (field: string, v: number, at: number): number => inv.range(field, v >>> 0, 0, U32_INVALID - 1, at);
  let m;
  while (!line.atEnd()) {
    const at = line.errorPos();
    if (unformat(line, 'add').ok) isAdd = true;
    else if (unformat(line, 'del').ok) isAdd = false;
    else if ((m = unformat(line, 'id %_%v%_')).ok) nsId = stringAt(m, 0).text;
    else if ((m = unformat(line, 'secret %lu')).ok) secret = inv.range('secret', bigintAt(m, 0), 0, Number.MAX_SAFE_INTEGER, at, ERR_CONFIG_VPPSIM_LIMIT);
    else if ((m = unformat(line, 'sw_if_index %u')).ok) { swIfIndex = u32('sw_if_index', numberAt(m, 0), at); interfaceName = null; }
    else if ((m = unformat(line, 'if %s')).ok) { interfaceName = stringAt(m, 0).text; swIfIndex = null; }
    else if ((m = unformat(line, 'ip4-fib-id %u')).ok) ip4FibId = u32('ip4-fib-id', numberAt(m, 0), at);
    else if ((m = unformat(line, 'ip6-fib-id %u')).ok) ip6FibId = u32('ip6-fib-id', numberAt(m, 0), at);
    else if ((m = unformat(line, 'sock-name %_%v%_')).ok) sockName = stringAt(m, 0).text;
    else throw inv.unknownInput(line, formatUnformatError(line));
  }
  if (nsId === null) throw inv.ctx.error('namespace-id must be provided', inv.offset, ERR_CONFIG_CLI_MESSAGE);
  if (isAdd && (secret === null || (swIfIndex === null && interfaceName === null && ip4FibId === null && ip6FibId === null))) {
    throw inv.ctx.error('secret and interface or fib-id must be provided', inv.offset, ERR_CONFIG_CLI_MESSAGE);
  }
  return { kind: 'app-ns', isAdd, nsId, secret: secret ?? 0, swIfIndex, interfaceName, ip4FibId, ip6FibId, sockName };
}

const protoName = (m: UnformatMatch, i: number): TransportProtoName => TRANSPORT_PROTOS[numberAt(m, i)]!;

/** `%U:%d` or `%U` with an IPv4/IPv6 address (port 0). Models: session_cli.c unformat_ip_port. */
const unformatIpPort: UnformatFunction = (input) => {
  let m = unformat(input, '%U:%d', unformatIp46Address);
  if (m.ok) return [...bitsAt(m, 0), numberAt(m, 1)];
  m = unformat(input, '%U', unformatIp46Address);
  return m.ok ? [...bitsAt(m, 0), 0] : null;
};

/** `state %U`: each state name in table order, as a prefix (session_cli.c unformat_session_state). */
const unformatSessionState: UnformatFunction = (input) => {
  for (let i = 0; i < SESSION_STATE_NAMES.length; i++) if (unformat(input, SESSION_STATE_NAMES[i]!).ok) return i;
  return null;
};

/**
 * `show session …` until the end of the input; a helper keyword (`protos`, `transport`,
 * `rt-backend`, `states`) ends the parse, and the rest of the line is the next command.
 * Error: `unknown input `…'`.
 */
export function parseShowSession (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  type Body = Omit<ShowSessionCommand, 'path' | 'where' | 'text'>;
  const s: { -readonly [K in keyof Body]: Body[K] } = {
    kind: 'show-session', helper: null, verbose: 0, tree: false, listeners: null, events: false, elog: false,
    sessionId: null, sessionIndex: null, transportIndex: null, filtered: false, thread: 0, states: [],
    proto: null, range: { start: 0, end: U32_INVALID }, endpoint: null, forcePrint: false,
  };
  const states: SessionStateName[] = [];
  const endpoint = (local: boolean, remote: boolean, v: readonly number[]): SessionEndpointFilter => {
    const prev = s.endpoint;
    return {
      ip: formatIpAddress(v.slice(0, -1)), port: v[v.length - 1]!,
      local: local || (prev?.local ?? false), remote: remote || (prev?.remote ?? false),
    };
  };
  let m;
  while (!input.atEnd()) {
    const at = input.errorPos();
    const helper = (['protos', 'transport', 'rt-backend', 'states'] as const).find((h) => unformat(input, h).ok);
    if (helper !== undefined) { s.helper = helper; break; }
    if ((m = unformat(input, 'verbose %d')).ok) s.verbose = inv.range('verbose', numberAt(m, 0), 0, 0x7fffffff, at);
    else if (unformat(input, 'verbose').ok) s.verbose = 1;
    else if (unformat(input, 'tree').ok) s.tree = true;
    else if ((m = unformat(input, 'listeners %U', unformatTransportProto)).ok) s.listeners = protoName(m, 0);
    else if (unformat(input, 'events').ok) s.events = true;
    else if (tryStreamSessionId(input, s)) { /* one session by 5-tuple */ }
    else if ((m = unformat(input, 'thread %u index %u')).ok) s.sessionIndex = { thread: numberAt(m, 0), index: numberAt(m, 1) };
    else if ((m = unformat(input, 'thread %u proto %U index %u', unformatTransportProto)).ok) {
      s.transportIndex = { thread: numberAt(m, 0), proto: protoName(m, 1), index: numberAt(m, 2) };
    } else if (unformat(input, 'elog').ok) s.elog = true;
    else if ((m = unformat(input, 'thread %u')).ok) { s.thread = numberAt(m, 0); s.filtered = true; }
    else if ((m = unformat(input, 'state %U', unformatSessionState)).ok) { states.push(SESSION_STATE_NAMES[numberAt(m, 0)]!); s.filtered = true; }
    else if ((m = unformat(input, 'proto %U', unformatTransportProto)).ok) { s.proto = protoName(m, 0); s.filtered = true; }
    else if ((m = unformat(input, 'range %u %u')).ok) { s.range = { start: numberAt(m, 0), end: numberAt(m, 1) }; s.filtered = true; }
    else if ((m = unformat(input, 'range %u')).ok) { const a = numberAt(m, 0); s.range = { start: a, end: (a + 50) >>> 0 }; s.filtered = true; }
    else if ((m = unformat(input, 'lcl %U', unformatIpPort)).ok) { s.endpoint = endpoint(true, false, bitsAt(m, 0)); s.filtered = true; }
    else if ((m = unformat(input, 'rmt %U', unformatIpPort)).ok) { s.endpoint = endpoint(false, true, bitsAt(m, 0)); s.filtered = true; }
    else if ((m = unformat(input, 'ep %U', unformatIpPort)).ok) { s.endpoint = endpoint(true, true, bitsAt(m, 0)); s.filtered = true; }
    else if (unformat(input, 'force-print').ok) { s.forcePrint = true; s.filtered = true; }
    else throw inv.unknownInput(input, formatUnformatError(input));
  }
  s.states = states;
  return s;
}

/**
 * `<tcp|udp> [vrf N] <ip>:<port>-><ip>:<port>` (session_cli.c unformat_stream_session_id). VPP
 * then looks the session up and, when there is none, goes on trying the other keywords (which
 * fail, giving `unknown input `<errorContext>'`); the runtime does the lookup.
 */
function tryStreamSessionId (input: UnformatInput, s: { sessionId: ShowSessionCommand['sessionId'] }): boolean {
  const mark = input.index;
  const errorContext = formatUnformatError(input);
  let proto: 'tcp' | 'udp';
  if (unformat(input, 'tcp').ok) proto = 'tcp';
  else if (unformat(input, 'udp').ok) proto = 'udp';
  else return false;
  let vrf: number | null = null;
  let m = unformat(input, 'vrf %u');
  if (m.ok) vrf = numberAt(m, 0) >>> 0;
  for (const fn of [unformatIp4Address, unformatIp6Address]) {
    if ((m = unformat(input, '%U:%d->%U:%d', fn, fn)).ok) {
      s.sessionId = {
        proto, vrf, lcl: formatIpAddress(bitsAt(m, 0)), lclPort: numberAt(m, 1) & 0xffff,
        rmt: formatIpAddress(bitsAt(m, 2)), rmtPort: numberAt(m, 3) & 0xffff, errorContext,
      };
      return true;
    }
  }
  input.index = mark;
  return false;
}

/** `show session stats` (no argument; `unknown input `…'` otherwise). */
export function parseShowSessionStats (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  if (!input.atEnd()) throw inv.unknownInput(input, formatUnformatError(input));
  return { kind: 'show-session-stats' };
}

/**
 * `show app [server|listeners] [client] [transports] [mq] [verbose] [<index>|<name>]` until the
 * end of the input. Error: `unknown input `…'`.
 */
export function parseShowApp (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  let server = false;
  let client = false;
  let transports = false;
  let mq = false;
  let verbose = false;
  let app: { index: number } | { name: string, errorContext: string } | null = null;
  let m;
  while (!input.atEnd()) {
    const at = input.errorPos();
    if (unformat(input, 'server').ok || unformat(input, 'listeners').ok) server = true;
    else if (unformat(input, 'client').ok) client = true;
    else if (unformat(input, 'transports').ok) transports = true;
    else if (unformat(input, 'mq').ok) mq = true;
    else if (unformat(input, 'verbose').ok) verbose = true;
    else if ((m = unformat(input, '%d')).ok) app = { index: inv.range('app index', numberAt(m, 0), 0, 0x7fffffff, at) };
    else {
      const errorContext = formatUnformatError(input);
      if ((m = unformat(input, '%v%_')).ok) app = { name: stringAt(m, 0).text, errorContext };
      else throw inv.unknownInput(input, errorContext);
    }
  }
  return { kind: 'show-app', server, client, transports, mq, verbose, app };
}

/**
 * `show app ns [id <id> [api-clients]]` from one line. VPP prints (and does nothing else)
 * `unknown input [<text>]` and `must specify a table for api`; vppsim refuses with those texts.
 */
export function parseShowAppNs (input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const line = unformatLineInput(input);
  let nsId: string | null = null;
  let apiClients = false;
  if (line !== null) {
    let m;
    while (!line.atEnd()) {
      if ((m = unformat(line, 'id %_%v%_')).ok) nsId = stringAt(m, 0).text;
      else if (unformat(line, 'api-clients').ok) apiClients = true;
      else throw inv.ctx.error(`unknown input [${formatUnformatError(line)}]`, line.errorPos(), ERR_CONFIG_CLI_MESSAGE);
    }
    if (apiClients && nsId === null) throw inv.ctx.error('must specify a table for api', inv.offset, ERR_CONFIG_CLI_MESSAGE);
  }
  return { kind: 'show-app-ns', nsId, apiClients };
}
