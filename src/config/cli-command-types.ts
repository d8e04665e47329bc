// src/config/cli-command-types.ts: the commands of a CLI script as the rest of vppsim sees them:
// one plain, frozen, fully filled object per command, with its source position. Defaults name
// the VPP source they come from. vppsim extensions (wait units, external apps) are marked.

import type { SourcePosition } from '../errors.js';
import type { SessionEndpoint, TransportProtoName } from './cli-unformat-net.js';
import type { VclTestClientOptions, VclTestServerOptions } from './vcl-test-options.js';

/** What every command carries. */
export interface CliCommandBase {
  /**
   * VPP's command path, e.g. `test echo clients` (the full words, whatever prefixes the script
   * used); runtime errors print as `<path>: <message>` as VPP's dispatcher does. For external
   * apps, the tool name.
   */
  readonly path: string;
  /** Position of the command's first word. */
  readonly where: SourcePosition;
  /** The command as VPP read it (after comments, continuations and macros), blanks collapsed. */
  readonly text: string;
}

/** Scope flags an app asks for at attach (APP_OPTIONS_FLAGS_USE_LOCAL_SCOPE / _GLOBAL_SCOPE); none set = VPP's default. */
export interface AttachScope {
  /** `local-scope` (or `all-scope`): APP_OPTIONS_FLAGS_USE_LOCAL_SCOPE. */
  readonly local: boolean;
  /** `global-scope` (or `all-scope`): APP_OPTIONS_FLAGS_USE_GLOBAL_SCOPE. */
  readonly global: boolean;
}

/**
 * `session [enable [rt-backend sdl|rule-table]] [disable]` (no argument at all disables).
 * Models: src/vnet/session/session_cli.c session_enable_disable_fn. The state checks VPP makes
 * when the command runs are the runtime's (see {@link SESSION_CLI_MESSAGES}).
 */
export interface SessionEnableDisableCommand extends CliCommandBase {
  readonly kind: 'session';
  /** `args.is_en`. */
  readonly isEnable: boolean;
  /** `args.rt_engine_type`: `none` for plain `enable`, `disable` for `disable` (RT_BACKEND_ENGINE_*). */
  readonly rtBackend: 'none' | 'rule-table' | 'sdl' | 'disable';
}

/**
 * `app ns [add|del] id <id> secret <n> [sw_if_index <n> | if <name>] [ip4-fib-id <n>]
 * [ip6-fib-id <n>] [sock-name <path>]`. Without `add` VPP deletes. Models: v26.02 and HEAD
 * src/vnet/session/application_namespace.c app_ns_fn.
 */
export interface AppNsCommand extends CliCommandBase {
  readonly kind: 'app-ns';
  /** `add` (1) or `del`/nothing (0). */
  readonly isAdd: boolean;
  /** `id`: the namespace id. */
  readonly nsId: string;
  /** `secret` (u64 in VPP; vppsim keeps it a safe integer). 0 when not given (deletes need none). */
  readonly secret: number;
  /** `sw_if_index N`; null when not given. */
  readonly swIfIndex: number | null;
  /** `if <name>`: an interface name the runtime must resolve; null when not given. */
  readonly interfaceName: string | null;
  /** `ip4-fib-id N`; null when not given (the runtime checks the table exists). */
  readonly ip4FibId: number | null;
  /** `ip6-fib-id N`; null when not given. */
  readonly ip6FibId: number | null;
  /** `sock-name <path>`; null = VPP's default `<runtime dir>/app_ns_sockets/<id>`. */
  readonly sockName: string | null;
}

/** Which generation of VPP's builtin echo apps a command names. */
export type EchoFlavor = 'test-echo' | 'vperf';

/** `http_connect_proto` of the vperf apps (VP_HTTP_CONNECT_PROTO_*). */
export type HttpConnectProto = 'none' | 'tcp' | 'udp';

/**
 * `test echo server …` (v26.02, src/plugins/hs_apps/echo_server.c
 * echo_server_create_command_fn) or `vperf server …` (HEAD,
 * src/plugins/vperf/builtin/vperf_cli.c vp_server_create_command_fn). Parameters a flavor does
 * not have keep that flavor's default.
 */
export interface EchoServerCommand extends CliCommandBase {
  readonly kind: 'echo-server';
  readonly flavor: EchoFlavor;
  /** Name the app attaches with (`echo_server` / `vperf_srv_builtin`), as `show app` prints it. */
  readonly appName: string;
  /** `uri`, as given, or the default (`tcp://0.0.0.0/1234`). */
  readonly uri: string;
  /** No `uri` given: VPP prints "No uri provided! Using default: …". */
  readonly uriDefaulted: boolean;
  /** The parsed uri: control session on `port`, data sessions on `port + 1` (hs_make_data_port). */
  readonly endpoint: SessionEndpoint;
  /** `fifo-size` in bytes. Default 64 KiB (v26.02) / 4 MiB (HEAD vp_server_init). */
  readonly fifoSize: number;
  /** `rcv-buf-size` in bytes (test echo only); VPP uses max(rcv-buf-size, fifo-size). Default 128 KiB. */
  readonly rcvBufSize: number;
  /** `prealloc-fifos N` (fifo pairs; 0 = VPP attaches with 1). Default 0. */
  readonly preallocFifos: number;
  /** `private-segment-count` (test echo only; parsed, unused by VPP). Default 0. */
  readonly privateSegmentCount: number;
  /** `private-segment-size` in bytes. Default 512 MiB. */
  readonly privateSegmentSize: number;
  /** `appns <id>`; null = the default namespace (secret and scope are then not passed). */
  readonly appnsId: string | null;
  /** `secret N`. Default 0. */
  readonly appnsSecret: number;
  /** `all-scope` / `local-scope` / `global-scope`, OR-ed. */
  readonly scope: AttachScope;
  /** `stop`: detach the running server instead of starting one. */
  readonly stop: boolean;
  /** `tls-engine N` (CRYPTO_ENGINE_*). Default 1, CRYPTO_ENGINE_OPENSSL. */
  readonly tlsEngine: number;
  /** `report-interval [N]` in seconds (vperf only; bare keyword = 1). Default 0 (no reports). */
  readonly reportInterval: number;
  /** `connect-tcp` / `connect-udp` (vperf only). Default `none`. */
  readonly httpConnectProto: HttpConnectProto;
}

/**
 * `test echo clients …` (v26.02, src/plugins/hs_apps/echo_client.c ec_command_fn) or `vperf
 * client …` (HEAD, src/plugins/vperf/builtin/vperf_cli.c vp_client_command_fn). Both read their
 * arguments from one line (unformat_line_input). Parameters a flavor does not have keep that
 * flavor's default.
 */
export interface EchoClientCommand extends CliCommandBase {
  readonly kind: 'echo-client';
  readonly flavor: EchoFlavor;
  /** Name the app attaches with (`echo_client` / `vperf_cln_builtin`). */
  readonly appName: string;
  /** `uri`, as given, or the default (`tcp://6.0.1.1/1234`). */
  readonly uri: string;
  /** No `uri` given: VPP prints "No uri provided. Using default: …". */
  readonly uriDefaulted: boolean;
  /** The parsed uri (control session on `port`, data sessions on `port + 1`). */
  readonly endpoint: SessionEndpoint;
  /** `nclients`. Default 1. */
  readonly nClients: number;
  /** `quic-streams` (v26.02) / `nstreams` (HEAD): streams per connection. Default 1. */
  readonly nStreams: number;
  /** `bytes` to send per session. Default 8192. */
  readonly bytesToSend: number;
  /** `test-timeout` in seconds (a timed run sets it to `run-time`). Default 20. */
  readonly testTimeoutSec: number;
  /** `syn-timeout` in seconds: how long the connects may take. Default 20. */
  readonly synTimeoutSec: number;
  /** `run-time` in seconds; 0 = not a timed run. Default 0. */
  readonly runTimeSec: number;
  /** `echo-bytes`: the server echoes (bidirectional test, "full-duplex"). Default off. */
  readonly echoBytes: boolean;
  /** `fifo-size` in bytes. Default 64 KiB (v26.02) / 4 MiB (HEAD). */
  readonly fifoSize: number;
  /** `private-segment-count` (test echo only). Default 0. */
  readonly privateSegmentCount: number;
  /** `private-segment-size` in bytes. Default 256 MiB. */
  readonly privateSegmentSize: number;
  /** `throughput` as given in bits/s (base-10 suffixes); 0 = not paced. VPP paces at this / 8 bytes/s. */
  readonly throughputBitsPerSec: number;
  /** `max-tx-chunk` in bytes. Default 128 KiB (v26.02) / 43 × 1460 (HEAD TRANSPORT_PACER_MAX_BURST); HEAD caps it at 4 MiB. */
  readonly maxTxChunk: number;
  /** `preallocate-fifos`. */
  readonly preallocFifos: boolean;
  /** `preallocate-sessions`. */
  readonly preallocSessions: boolean;
  /** `client-batch`: connects per batch. Default 1000 (HEAD parses and ignores the value). */
  readonly clientBatch: number;
  /** `report-interval[-total] [N]` in seconds; 0 = no periodic report. Default 0 (HEAD: 1 for timed and default-mode runs). */
  readonly reportInterval: number;
  /** `report-interval-total`: rows show totals since the start. */
  readonly reportIntervalTotal: boolean;
  /** `report-jitter`: rows show jitter instead of round trip. */
  readonly reportJitter: boolean;
  /** `appns <id>`; null = the default namespace. */
  readonly appnsId: string | null;
  /** `secret N`. Default 0. */
  readonly appnsSecret: number;
  /** `all-scope` / `local-scope` / `global-scope` (v26.02 assigns, HEAD ORs). */
  readonly scope: AttachScope;
  /** `verbose`. */
  readonly verbose: boolean;
  /** `test-bytes`: check the received bytes. */
  readonly testBytes: boolean;
  /** `tls-engine N`. Default 1 (CRYPTO_ENGINE_OPENSSL). */
  readonly tlsEngine: number;
  /** `http1|http2|http3` (vperf only). Default 1. */
  readonly httpVersion: 1 | 2 | 3;
  /** `connect-tcp|connect-udp` (vperf only). Default `none`. */
  readonly httpConnectProto: HttpConnectProto;
  /** `uso`: UDP segmentation offload (vperf only). */
  readonly uso: boolean;
  /**
   * HEAD's default mode: arguments given but none of `bytes`, `run-time`, `echo-bytes`, so vperf
   * runs a 10 s upload with 1 s reports (already applied to the fields above). False for v26.02.
   */
  readonly defaultMode: boolean;
}

/**
 * `show runtime [<node>] [time|t] [brief|b] [verbose|v] [max|m] [summary|sum|su]`: a node name is
 * tried first; the flags are then tried once each in that order, and whatever is left is the
 * next command (VPP's dispatcher loop). Models: src/vlib/node_cli.c show_node_runtime.
 */
export interface ShowRuntimeCommand extends CliCommandBase {
  readonly kind: 'show-runtime';
  /** One node to show (only that node's row); null = all nodes, per thread. */
  readonly node: string | null;
  /** `time`: clocks column in time units. */
  readonly useTime: boolean;
  /** Hide nodes with no calls and no suspends: on unless `verbose`. */
  readonly brief: boolean;
  /** `max`: the max-clocks columns. */
  readonly max: boolean;
  /** `summary`. */
  readonly summary: boolean;
}

/** `show threads` (takes no arguments; anything after it is the next command). Models: src/vlib/threads_cli.c. */
export interface ShowThreadsCommand extends CliCommandBase {
  readonly kind: 'show-threads';
}

/** The 12 session states, as `show session state <s>` spells them (session_types.h foreach_session_state). */
export const SESSION_STATE_NAMES = [
  'created', 'listening', 'connecting', 'accepting', 'ready', 'opened', 'transport-closing',
  'closing', 'app-closed', 'transport-closed', 'closed', 'transport-deleted',
] as const;

/** A session state name. */
export type SessionStateName = typeof SESSION_STATE_NAMES[number];

/** An `lcl|rmt|ep <ip>[:<port>]` filter of `show session`. */
export interface SessionEndpointFilter {
  /** The address, canonical text. */
  readonly ip: string;
  /** The port; 0 when not given. */
  readonly port: number;
  /** Match the local endpoint (`lcl`, `ep`). */
  readonly local: boolean;
  /** Match the remote endpoint (`rmt`, `ep`). */
  readonly remote: boolean;
}

/**
 * `show session [protos|transport|rt-backend|states] [verbose [N]] [tree] [listeners <proto>]
 * [events] [<proto> <lcl>-><rmt>] [thread N index M] [thread N proto P index M] [elog]
 * [thread N] [state S]… [proto P] [range A [B]] [lcl|rmt|ep IP[:PORT]] [force-print]`.
 * Models: src/vnet/session/session_cli.c show_session_command_fn (the runtime refuses it with
 * "session layer is not enabled" when the session layer is off).
 */
export interface ShowSessionCommand extends CliCommandBase {
  readonly kind: 'show-session';
  /** A helper listing printed instead of sessions (`protos`, `transport`, `rt-backend`, `states`); parsing stops there. */
  readonly helper: 'protos' | 'transport' | 'rt-backend' | 'states' | null;
  /** `verbose [N]`: 0, 1, 2… */
  readonly verbose: number;
  /** `tree`. */
  readonly tree: boolean;
  /** `listeners <proto>`; null when not asked. */
  readonly listeners: TransportProtoName | null;
  /** `events`. */
  readonly events: boolean;
  /** `elog` (with one session). */
  readonly elog: boolean;
  /**
   * `<tcp|udp> [vrf N] <lcl ip:port>-><rmt ip:port>`: one session by its 5-tuple; null when not
   * given. When the runtime finds no such session, VPP's error is `show session: unknown input
   * `<errorContext>'` (it goes on with the other keywords, which all fail).
   */
  readonly sessionId: {
    readonly proto: 'tcp' | 'udp', readonly vrf: number | null, readonly lcl: string, readonly lclPort: number,
    readonly rmt: string, readonly rmtPort: number, readonly errorContext: string,
  } | null;
  /** `thread N index M`: one session by index; null when not given. */
  readonly sessionIndex: { readonly thread: number, readonly index: number } | null;
  /** `thread N proto P index M`: one session by transport connection; null when not given. */
  readonly transportIndex: { readonly thread: number, readonly proto: TransportProtoName, readonly index: number } | null;
  /** Whether any filter keyword was given (then rows plus "Thread N: M sessions matched filter"). */
  readonly filtered: boolean;
  /** `thread N` filter. Default 0. */
  readonly thread: number;
  /** `state S` filters (any of them). */
  readonly states: readonly SessionStateName[];
  /** `proto P` filter; null = any. */
  readonly proto: TransportProtoName | null;
  /** `range A [B]` over session indices (B defaults to A + 50); default 0..4294967295. */
  readonly range: { readonly start: number, readonly end: number };
  /** `lcl|rmt|ep` filter; null when not given. */
  readonly endpoint: SessionEndpointFilter | null;
  /** `force-print`: no 50-row limit. */
  readonly forcePrint: boolean;
}

/** `show session stats`: per-thread error counters. Models: session_cli.c show_session_stats_fn. */
export interface ShowSessionStatsCommand extends CliCommandBase {
  readonly kind: 'show-session-stats';
}

/**
 * `show app [server|listeners] [client] [transports] [mq] [verbose] [<index>|<name>]`.
 * Models: src/vnet/session/application.c show_app_command_fn.
 */
export interface ShowAppCommand extends CliCommandBase {
  readonly kind: 'show-app';
  /** `server` / `listeners`. */
  readonly server: boolean;
  /** `client`. */
  readonly client: boolean;
  /** `transports`: show transport apps instead of the others. */
  readonly transports: boolean;
  /** `mq`: the message queues. */
  readonly mq: boolean;
  /** `verbose`. */
  readonly verbose: boolean;
  /**
   * One app by index, or by a name the runtime must find; when it finds none, VPP's error is
   * `show app: unknown input `<errorContext>'` (and for an index: "No app with index N").
   */
  readonly app: { readonly index: number } | { readonly name: string, readonly errorContext: string } | null;
}

/** `show app ns [id <id> [api-clients]]`. Models: src/vnet/session/application_namespace.c show_app_ns_fn. */
export interface ShowAppNsCommand extends CliCommandBase {
  readonly kind: 'show-app-ns';
  /** `id <id>`: one namespace and its table; null = the list. */
  readonly nsId: string | null;
  /** `api-clients` (with an id). */
  readonly apiClients: boolean;
}

/** `show errors [verbose [N]]`. Models: src/vlib/error.c show_errors. */
export interface ShowErrorsCommand extends CliCommandBase {
  readonly kind: 'show-errors';
  /** 0, or the `verbose` level. */
  readonly verbose: number;
}

/** `show event-logger [N|all]`: the newest N events (default 250). Models: src/vlib/main.c elog_show_buffer. */
export interface ShowEventLoggerCommand extends CliCommandBase {
  readonly kind: 'show-event-logger';
  /** How many events to print; `all` for every one. VPP's default 250. */
  readonly count: number | 'all';
}

/** `clear runtime` (no arguments). Models: src/vlib/node_cli.c clear_node_runtime. */
export interface ClearRuntimeCommand extends CliCommandBase {
  readonly kind: 'clear-runtime';
}

/**
 * `wait [<sec>]` (VPP: src/vlib/unix/cli.c unix_wait_cmd, default 1 s, positive, below a day,
 * millisecond precision), and the vppsim extension `wait <n><unit>` with `ns us ms s m`
 * (`wait 2s`, `wait 250us`), any precision. VPP prints `waited %.3f sec.` after it.
 */
export interface WaitCommand extends CliCommandBase {
  readonly kind: 'wait';
  /** How long, in ns. */
  readonly durationNs: number;
  /** The value in seconds (as VPP prints it). */
  readonly seconds: number;
  /** Given with a unit (a vppsim extension VPP would refuse). */
  readonly withUnit: boolean;
}

/** `vpplog <text>`: a notice in VPP's log, `CLI: <text>`. Models: src/vlib/cli.c vlib_cli_dispatch_sub_commands. */
export interface VpplogCommand extends CliCommandBase {
  readonly kind: 'vpplog';
  /** The text, leading blanks removed. */
  readonly message: string;
}

/**
 * vppsim extension: start an external VCL app (what `vcl_test_server` / `vcl_test_client` are
 * in VPP's tests). `<tool> [@ns <id>] <tool flags and arguments>`; the app attaches through the
 * socket of app namespace `ns` (VCL's `namespace-id`). The script does not wait for it.
 */
export interface ExternalAppCommand extends CliCommandBase {
  readonly kind: 'external-app';
  /** App namespace the app attaches in. Default `default`. */
  readonly ns: string;
  /** The tool and its parsed options. */
  readonly app: VclTestServerOptions | VclTestClientOptions;
}

/** One command of a script. */
export type CliCommand =
  | SessionEnableDisableCommand | AppNsCommand | EchoServerCommand | EchoClientCommand
  | ShowRuntimeCommand | ShowThreadsCommand | ShowSessionCommand | ShowSessionStatsCommand
  | ShowAppCommand | ShowAppNsCommand | ShowErrorsCommand | ShowEventLoggerCommand
  | ClearRuntimeCommand | WaitCommand | VpplogCommand | ExternalAppCommand;

/** The kind of a command. */
export type CliCommandKind = CliCommand['kind'];

/**
 * Messages VPP prints when a parsed command meets the run's state; the runtime raises them
 * (prefixed with the command path, as VPP's dispatcher does).
 */
export const SESSION_CLI_MESSAGES = {
  /** session.h session_cli_return_if_not_enabled (show session, show app, app ns). */
  notEnabled: 'session layer is not enabled',
  /** session_enable_disable_fn: `enable` with another rt-backend while enabled. */
  alreadyEnabled: 'session is already enable. Must disable first',
  /** session_enable_disable_fn: `disable` while disabled. */
  alreadyDisabled: 'session is already disabled',
} as const;
