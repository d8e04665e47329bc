// src/session/app-format.ts: `show app`, `show app <index>`, `show app mq` and `show app ns` as
// VPP HEAD prints them, byte for byte, from main's app records.
// Models: src/vnet/session/application.c (show_app_command_fn, format_application,
// format_app_options_flags, format_app_mq, application_format_mqs), application_worker.c
// format_app_worker, application_namespace.c (show_app_ns_fn, format_app_namespace,
// app_namespace_show_api), src/svm/message_queue.c format_svm_msg_q, src/vlib/cli.c
// vlib_cli_output. The format strings below are VPP's, so they can be diffed against the C.
//
// Every function returns what the CLI writes: each vlib_cli_output call's text ended with `\n`.
// Errors a command returns (`clib_error_return`) print as `<command path>: <message>`, as
// vlib_cli_dispatch_sub_commands wraps them.
//
// VPP's namespace ids are C-terminated vectors (app_namespace_alloc: vec_dup then
// vec_terminate_c_string), so wherever VPP prints one with `%v` the NUL byte is printed too and
// takes a column: `show app` prints `default\0` and 32 spaces in its 40-column Namespace field.
// vppsim's ids are plain strings; {@link nsIdVec} adds the NUL back where VPP has it.

import { cliOutput } from '../../graph/format.js';
import { formatTable, TableAlign, vppFormat } from '../../graph/vpp-format.js';
import { formatSvmMsgQ } from '../svm/message-queue.js';
import { appEvtQCfg } from '../svm/session-mq-cfg.js';
import type { AppNamespace } from './app-namespace.js';
import type { Application } from './application.js';
import type { SessionMain } from './session-main.js';


/** A command's error as the CLI prints it. Models: src/vlib/cli.c vlib_cli_dispatch_sub_commands. */
function cliError (path: string, what: string): string {
  return cliOutput(`${path}: ${what}`);
}

/** `session_cli_return_if_not_enabled ()` (session.h). */
const SESSION_NOT_ENABLED = 'session layer is not enabled';

/** `APP_INVALID_INDEX` (~0) as `%d` prints it. */
const APP_INVALID_INDEX_D = -1;

/** `(u32) ~0`: a namespace bound to no interface (`APP_NAMESPACE_INVALID_INDEX`). */
const SW_IF_INDEX_INVALID = 0xffffffff;

/**
 * A namespace id as VPP's vector holds it, NUL included (see the file comment). Only for `%v`:
 * `%s` stops at the NUL.
 */
export const nsIdVec = (id: string): string => id + '\0';

// --- Attach option flags: one table, many views.

/**
 * `foreach_app_options_flags` (application_interface.h), in bit order: the symbol and the word
 * `show app <index>` prints. Bit i is `APP_OPTIONS_FLAGS_<sym> = 1 << i`.
 */
export const APP_OPTIONS_FLAGS_TABLE = [
  ['ACCEPT_REDIRECT', 'accept-redirect'],
  ['ADD_SEGMENT', 'add-segment'],
  ['IS_BUILTIN', 'builtin'],
  ['IS_TRANSPORT_APP', 'transport-app'],
  ['IS_PROXY', 'proxy'],
  ['USE_GLOBAL_SCOPE', 'global-scope'],
  ['USE_LOCAL_SCOPE', 'local-scope'],
  ['EVT_MQ_USE_EVENTFD', 'mq-eventfd'],
  ['MEMFD_FOR_BUILTIN', 'builtin-memfd'],
  ['USE_HUGE_PAGE', 'huge-page'],
  ['GET_ORIGINAL_DST', 'original-dst'],
  ['EVT_COLLECTOR', 'evt-collector'],
  ['NO_DUMP_SEGMENTS', 'no-dump-segments'],
] as const;

/** A symbol of {@link APP_OPTIONS_FLAGS_TABLE}. */
export type AppOptionsFlagSym = (typeof APP_OPTIONS_FLAGS_TABLE)[number][0];

/** `APP_OPTIONS_FLAGS_*` bit values by symbol, derived from the table. */
export const AppOptionsFlag = Object.fromEntries(
  APP_OPTIONS_FLAGS_TABLE.map(([sym], i) => [sym, 1 << i]),
) as { readonly [K in AppOptionsFlagSym]: number };

/**
 * The words of the set flags, `, `-separated in bit order, or `none`.
 * Models: application.c format_app_options_flags.
 */
export function formatAppOptionsFlags (flags: number): string {
  const words = APP_OPTIONS_FLAGS_TABLE.filter((_, i) => (flags & (1 << i)) !== 0).map(([, str]) => str);
  return words.length > 0 ? words.join(', ') : 'none';
}

/**
 * `app->flags` of a vppsim app: the attach flags vppsim models (builtin, mq-eventfd), plus
 * global-scope, which application_alloc_and_init adds when the app asked for no scope (vppsim's
 * attach options have none).
 */
export function appOptionsFlags (app: Application): number {
  let f = AppOptionsFlag.USE_GLOBAL_SCOPE;
  if (app.isBuiltin) f |= AppOptionsFlag.IS_BUILTIN;
  if (app.useMqEventfd) f |= AppOptionsFlag.EVT_MQ_USE_EVENTFD;
  return f;
}

/**
 * Whether `app` has `APP_OPTIONS_FLAGS_IS_TRANSPORT_APP`. Only transport protocols built as apps
 * (tls, quic, http, srtp) set it, and vppsim has none, so never: builtin is not the criterion.
 */
function appIsTransportApp (app: Application): boolean {
  return (appOptionsFlags(app) & AppOptionsFlag.IS_TRANSPORT_APP) !== 0;
}

/**
 * A byte size as VPP prints it: whole units as `%d` (`4k`, `1m`, `512`), otherwise `%.2f` of the
 * unit (`1.50m`; VPP's `%.2f` has no leading zero below 1). The unit is the largest of k, m, g not
 * above the size's highest bit. Models: src/vppinfra/std-formats.c format_memory_size.
 */
export function formatMemorySize (size: number): string {
  const l = size > 0 ? Math.floor(Math.log2(size)) : 0;
  const logU = l < 10 ? 0 : l < 20 ? 10 : l < 30 ? 20 : 30;
  const u = 2 ** logU;
  const s = size % u !== 0 ? vppFormat('%.2f', size / u) : vppFormat('%d', Math.floor(size / u));
  return logU !== 0 ? s + ' kmg'.charAt(logU / 10) : s;
}

// --- show app

/** `show app` arguments vppsim takes. Models: application.c show_app_command_fn. */
export interface ShowAppOptions {
  /** `transports`: list ONLY the transport apps (VPP's `do_transports`), not all apps. */
  readonly transports?: boolean;
}

/** Apps in pool (index) order, skipping freed slots (`pool_foreach (app, app_pool)`). */
function appPool (sm: SessionMain): Application[] {
  return sm.am.apps.filter((a): a is Application => a !== undefined);
}

/** A namespace's id (`app_namespace_id_from_index`); '' if the namespace is gone. */
function nsId (sm: SessionMain, nsIndex: number): string {
  return sm.am.namespaces.get(nsIndex)?.id ?? '';
}

/**
 * One `show app` row, `%-10u%-20v%-40v`: index, name cut at 20, and the namespace id with its
 * NUL; or, given null, the header `%-10s%-20s%-40s` (Index, Name, Namespace; the line ends in 31
 * spaces). Models: application.c format_application (verbose 0).
 */
export function formatApplication (sm: SessionMain, app: Application | null): string {
  if (app === null) return vppFormat('%-10s%-20s%-40s', 'Index', 'Name', 'Namespace');
  return vppFormat('%-10u%-20v%-40v', app.index, app.name, nsIdVec(nsId(sm, app.nsIndex)));
}

/**
 * `show app [transports]`: the header, then one {@link formatApplication} row per app in index
 * order. Transport apps are listed only with `transports`, and then only they. With no apps VPP
 * prints the header alone (`No active apps` is `show app client`'s).
 * Models: application.c show_app_command_fn.
 */
export function formatShowApp (sm: SessionMain, opts: ShowAppOptions = {}): string {
  if (!sm.isEnabled) return cliError('show app', SESSION_NOT_ENABLED);
  const transports = opts.transports === true;
  let out = cliOutput(formatApplication(sm, null));
  for (const app of appPool(sm)) {
    if (appIsTransportApp(app) === transports) out += cliOutput(formatApplication(sm, app));
  }
  return out;
}

// --- show app <index>

/** `segment_manager_main_init` defaults (segment_manager.c), for what vppsim's apps do not set. */
const SM_DEFAULT_SEGMENT_SIZE = 1 << 20;
const SM_DEFAULT_MAX_FIFO_SIZE = 4 << 20;
const SM_DEFAULT_HIGH_WATERMARK = 80;
const SM_DEFAULT_LOW_WATERMARK = 50;

/** `api_client_index` of an app's workers: the socket API connection that attached it, ~0 for builtins. */
function appApiClient (sm: SessionMain, app: Application): number {
  if (app.isBuiltin) return APP_INVALID_INDEX_D; // builtin apps attach with api_client_index ~0
  for (const [client, idx] of sm.am.apiClients) if (idx === app.index) return client;
  return APP_INVALID_INDEX_D;
}

/** `mq_congested` of an app worker: how many vpp threads found its mq congested. */
function appWrkMqCongested (sm: SessionMain, wrkIndex: number): number {
  const aw = sm.am.appWrks[wrkIndex];
  if (aw === undefined) return 0;
  let n = 0;
  for (let t = 0; t < sm.cfg.nThreads; t++) if (aw.isWrkMqCongested(t)) n++;
  return n;
}

/** An app's worker maps in pool order: [wrk map index, global app worker index]. */
function workerMaps (app: Application): [number, number][] {
  return [...app.workerMaps].sort((a, b) => a[0] - b[0]);
}

/**
 * `show app <index>`: format_application at verbose 1. The lines, each ended with `\n`:
 * ```
 * app:\t %v app-index %u ns %u:%v
 * flags:\t <format_app_options_flags>
 * runtime: tls-engine none evt-collector 0
 * memory:\t seg-size <size> add-seg-size 1m mq-size <evt q size> max-segments 0
 * \t rx-fifo-size 4k tx-fifo-size 4k max-fifo-size 4m
 * \t segment-type memfd|private prealloc-fifos 0 prealloc-fifo-hdrs 0
 * \t high-watermark 80 low-watermark 50 pct-first-alloc 0
 * workers:
 *   wrk-index %u app-index %u map-index %u api-client-index %d mq-cong %u
 * ```
 * one worker line per worker map, in map order. What vppsim models: name, index, namespace,
 * flags (see {@link appOptionsFlags}), seg-size, mq-size, segment type (private for builtins, as
 * they never ask for builtin-memfd here), the workers, their api client and mq congestion. The
 * rest are the values VPP has when the app's attach options leave them 0: tls-engine none
 * (CRYPTO_ENGINE_NONE), evt-collector 0 (zeroed app), segment_manager_props_init's defaults
 * (add-seg-size 1m, fifo sizes 4k, max-fifo-size 4m, watermarks 80/50) and 0 for max-segments,
 * prealloc-fifos, prealloc-fifo-hdrs, pct-first-alloc. An unknown index is the command's error
 * `No app with index %u`. Models: application.c show_app_command_fn, format_application,
 * app_segment_type_str; application_worker.c format_app_worker; application_crypto.c
 * format_crypto_engine.
 */
export function formatShowAppDetail (sm: SessionMain, appIndex: number): string {
  if (!sm.isEnabled) return cliError('show app', SESSION_NOT_ENABLED);
  const app = sm.am.apps[appIndex];
  if (app === undefined) return cliError('show app', vppFormat('No app with index %u', appIndex));
  let s = vppFormat('app:\t %v app-index %u ns %u:%v\n', app.name, app.index, app.nsIndex, nsIdVec(nsId(sm, app.nsIndex)));
  s += vppFormat('flags:\t %s\n', formatAppOptionsFlags(appOptionsFlags(app)));
  s += vppFormat('runtime: tls-engine %s evt-collector %u\n', 'none', 0);
  s += vppFormat('memory:\t seg-size %s add-seg-size %s mq-size %u max-segments %u\n',
    formatMemorySize(app.segmentSize), formatMemorySize(SM_DEFAULT_SEGMENT_SIZE), app.evtQSize, 0);
  s += vppFormat('\t rx-fifo-size %s tx-fifo-size %s max-fifo-size %s\n',
    formatMemorySize(app.rxFifoSize), formatMemorySize(app.txFifoSize), formatMemorySize(SM_DEFAULT_MAX_FIFO_SIZE));
  // builtins get SSVM_SEGMENT_PRIVATE unless they set builtin-memfd (application_alloc_and_init)
  s += vppFormat('\t segment-type %s prealloc-fifos %u prealloc-fifo-hdrs %u\n', app.isBuiltin ? 'private' : 'memfd', 0, 0);
  s += vppFormat('\t high-watermark %u low-watermark %u pct-first-alloc %u\n', SM_DEFAULT_HIGH_WATERMARK, SM_DEFAULT_LOW_WATERMARK, 0);
  s += 'workers:\n';
  const apiClient = appApiClient(sm, app);
  for (const [mapIndex, wrkIndex] of workerMaps(app)) {
    // format_white_space, 2, then format_app_worker; socket API workers share the app's connection
    s += '  ' + vppFormat('wrk-index %u app-index %u map-index %u api-client-index %d mq-cong %u\n',
      wrkIndex, app.index, mapIndex, apiClient, appWrkMqCongested(sm, wrkIndex));
  }
  return cliOutput(s);
}

// --- show app mq

/**
 * ` [Q:c/max] [R0:c/n] [R1:c/n]` of an app worker's event queue. vppsim gives builtin apps no
 * event queue, while VPP allocates one for every app worker (segment_manager_init_first) and,
 * builtins being served by callbacks, never fills it; so a missing queue prints as VPP's empty
 * one of the app's size.
 */
function formatAppWrkEvtQ (sm: SessionMain, app: Application, wrkIndex: number): string {
  const mq = sm.am.appWrks[wrkIndex]?.evtQ;
  if (mq !== undefined && mq !== null) return formatSvmMsgQ(mq);
  const cfg = appEvtQCfg(app.evtQSize);
  let s = vppFormat(' [Q:%d/%d]', 0, cfg.qNitems);
  cfg.rings.forEach((r, i) => { s += vppFormat(' [R%d:%d/%d]', i, 0, r.nitems); });
  return s;
}

/**
 * One app's `show app mq` line: `[A%d][%d]` + the mq for each worker map in map order — the second
 * number is the map's `wrk_index`, the GLOBAL app worker index, not the map index — then
 * `[A%d][R%d]` + the mq for each vpp thread's private rx mq. All on one line, no separators
 * beyond the mq format's leading spaces. Models: application.c format_app_mq.
 */
function formatAppMq (sm: SessionMain, app: Application): string {
  let s = '';
  for (const [, wrkIndex] of workerMaps(app)) {
    s += vppFormat('[A%d][%d]', app.index, wrkIndex) + formatAppWrkEvtQ(sm, app, wrkIndex);
  }
  if (app.rxMqs !== null) {
    const { segment, offsets } = app.rxMqs;
    offsets.forEach((off, t) => { s += vppFormat('[A%d][R%d]', app.index, t) + formatSvmMsgQ(segment.msgQ(off)); });
  }
  return s;
}

/**
 * `show app mq`: one `[Ctrl%d]` line per vlib thread (main included) with that thread's session
 * worker mq, then one line per app in index order (transport apps too) with all its mqs (see
 * {@link formatAppMq}); an app with no mqs prints nothing, as vlib_cli_output drops empty text.
 * Models: application.c application_format_mqs (no app given), format_app_mq; message_queue.c
 * format_svm_msg_q.
 */
export function formatShowAppMq (sm: SessionMain): string {
  if (!sm.isEnabled) return cliError('show app', SESSION_NOT_ENABLED);
  let out = '';
  for (let t = 0; t < sm.cfg.nThreads; t++) out += cliOutput(vppFormat('[Ctrl%d]', t) + formatSvmMsgQ(sm.wrkMq(t)));
  for (const app of appPool(sm)) out += cliOutput(formatAppMq(sm, app));
  return out;
}

// --- show app ns

/** `show app ns` arguments. Models: application_namespace.c show_app_ns_fn. */
export interface ShowAppNsOptions {
  /**
   * `id <id>`: one namespace. VPP's keyword has been `id` since v21.10 (commit 1a9e2f96d48);
   * `table <id>` is the older spelling of the same argument.
   */
  readonly id?: string;
  /** `api-clients`: the socket API connections of namespace `id` (needs `id`). */
  readonly apiClients?: boolean;
}

/**
 * An interface name as format_vnet_sw_if_index_name gives it. vppsim models no interfaces, so
 * every index is one with no interface, which VPP prints as `DELETED (%u)`; the default
 * namespace's `~0` prints `DELETED (4294967295)`.
 */
function formatSwIfIndexName (swIfIndex: number): string {
  return vppFormat('DELETED (%u)', swIfIndex);
}

/** `sw_if_index` as VPP's u32 holds it (vppsim writes ~0 as -1). */
const swIfIndexU32 = (ns: AppNamespace): number => ns.swIfIndex >>> 0;

/**
 * `sock_name` as VPP's vector holds it: appns_sapi_add_ns_socket builds it with
 * `format (0, "%s%v%c", dir, ns_id, 0)`, and ns_id carries its own NUL, so it ends in two NULs.
 * (A `sock-name` given to `app ns add` would end in one; vppsim always derives the path.)
 */
const sockNameVec = (ns: AppNamespace): string => ns.sockName + '\0\0';

/**
 * The API clients of a namespace, as VPP's `app_ns->app_sockets` lists them: vppsim has no
 * per-namespace socket list, so they are derived from `am.apiClients` (each socket API connection
 * is one api client) and each app's nsIndex, in api client order (the order the connections were
 * accepted). Only attached connections appear: an accepted socket that has not attached yet,
 * which VPP lists as `-1 -1 fd`, is not in `am.apiClients`. With `use-bapi-socket-api` vppsim
 * still lists them by the namespace the app attached to.
 */
function nsApiClients (sm: SessionMain, nsIndex: number): { apiClient: number; app: Application }[] {
  const out: { apiClient: number; app: Application }[] = [];
  for (const [apiClient, appIndex] of sm.am.apiClients) {
    const app = sm.am.apps[appIndex];
    if (app !== undefined && app.nsIndex === nsIndex) out.push({ apiClient, app });
  }
  return out.sort((a, b) => a.apiClient - b.apiClient);
}

/**
 * `show app ns id <id> api-clients`: `socket: %v\n` of the namespace's socket path (with its two
 * NULs, see {@link sockNameVec}; the format's own `\n` ends the line, so vlib_cli_output adds
 * none); then, if any connection is listed, the header
 * `%12s%12s%5s` (app index, wrk index, fd) and one `%12d%12d%5u` row per connection: the app, the
 * map index of the app worker the connection attached (its lowest), and the fd. vppsim has no
 * file descriptors: the fd column shows the connection's api client index (main's
 * `app-sapi-<client>` file). The app socket API is always on in vppsim, so VPP's
 * `app socket api not enabled!` never prints.
 * Models: application_namespace.c app_namespace_show_api.
 */
function formatAppNsApi (sm: SessionMain, ns: AppNamespace): string {
  let out = cliOutput(vppFormat('socket: %v\n', sockNameVec(ns)));
  const clients = nsApiClients(sm, ns.index);
  if (clients.length === 0) return out;
  out += cliOutput(vppFormat('%12s%12s%5s', 'app index', 'wrk index', 'fd'));
  for (const { apiClient, app } of clients) {
    const maps = workerMaps(app);
    const wrkMap = maps.length > 0 ? (maps[0] as [number, number])[0] : APP_INVALID_INDEX_D;
    out += cliOutput(vppFormat('%12d%12d%5u', app.index, wrkMap, apiClient));
  }
  return out;
}

/**
 * One namespace: `Application namespace [%u]`, `id:        %s`, `secret:    %lu`, then
 * `Interface: …` if it is bound to one and `Socket:    %s`. Models: application_namespace.c
 * format_app_namespace.
 */
export function formatAppNamespace (ns: AppNamespace): string {
  let s = vppFormat('Application namespace [%u]\nid:        %s\nsecret:    %lu', ns.index, ns.id, ns.secret);
  if (swIfIndexU32(ns) !== SW_IF_INDEX_INVALID) s += vppFormat('\nInterface: %s', formatSwIfIndexName(swIfIndexU32(ns)));
  s += vppFormat('\nSocket:    %s', ns.sockName);
  return s;
}

/**
 * `show app ns [id <id> [api-clients]]`.
 * - No arguments: a format_table table with header `Index Secret Interface Id Socket` and one row
 *   per namespace in index order (`%u`, `%lu`, the interface name, `%s` id, `%s` socket), every
 *   cell left-aligned (show_app_ns_fn sets TTAA_LEFT for both header and body), columns as wide as
 *   their widest cell and one space apart. VPP leaves `no_ansi` clear, so its header cells are
 *   also wrapped in `ESC[33m … ESC[0m` and body cells end in `ESC[0m`; vppsim prints plain text,
 *   as its `show threads` does.
 * - `id <id>`: {@link formatAppNamespace}, then the local table's listeners under the header
 *   `%-30s%-30s` (Listener, Application). vppsim models no session lookup tables, so the header
 *   is all; `ns %v not found` for an unknown id.
 * - `id <id> api-clients`: see {@link formatAppNsApi}; without `id`, `must specify a table for
 *   api`. For an unknown id VPP HEAD dereferences a NULL namespace (a crash); vppsim prints the
 *   `ns %v not found` the `id` form prints.
 * Models: application_namespace.c show_app_ns_fn; src/vppinfra/format_table.c format_table;
 * session_lookup.c session_lookup_show_table_entries (is_local).
 */
export function formatShowAppNs (sm: SessionMain, opts: ShowAppNsOptions = {}): string {
  if (!sm.isEnabled) return cliError('show app ns', SESSION_NOT_ENABLED);
  const nss = sm.am.namespaces;
  if (opts.apiClients === true && opts.id === undefined) return cliOutput('must specify a table for api');
  if (opts.id !== undefined) {
    const ns = nss.byId(opts.id);
    if (ns === undefined) return cliOutput(vppFormat('ns %v not found', opts.id));
    if (opts.apiClients === true) return formatAppNsApi(sm, ns);
    return cliOutput(formatAppNamespace(ns)) + cliOutput(vppFormat('%-30s%-30s', 'Listener', 'Application'));
  }
  const left = (text: string): { text: string; align: TableAlign } => ({ text, align: TableAlign.Left });
  const rows = nss.all().map((ns) => [
    left(vppFormat('%u', ns.index)),
    left(vppFormat('%lu', ns.secret)),
    left(formatSwIfIndexName(swIfIndexU32(ns))),
    left(vppFormat('%s', ns.id)),
    left(vppFormat('%s', ns.sockName)),
  ]);
  // formatTable centres header cells; VPP's are left-aligned here, so the header goes in as a
  // left-aligned first row (same column widths) and formatTable's empty header line is dropped.
  const hdr = ['Index', 'Secret', 'Interface', 'Id', 'Socket'].map(left);
  const table = formatTable({ header: [], rows: [hdr, ...rows] });
  return cliOutput(table.slice(table.indexOf('\n') + 1));
}
