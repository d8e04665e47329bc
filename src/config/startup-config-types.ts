// src/config/startup-config-types.ts: the parsed startup.conf as the rest of vppsim sees it,
// and VPP HEAD's defaults for every field. One frozen, fully filled plain-data object: nothing
// below the config layer re-checks or re-defaults it.

import type { StartupConfigForm } from './startup-conf-lexer.js';
import type { SchedPolicyName } from './unformat-values.js';

/** Thread placement options and the threads they give. Models: src/vlib/threads.c cpu_config, vlib_thread_init. */
export interface CpuConfig {
  /** `main-core N`: the cpu label of thread 0, or null when unset (VPP then stays on the cpu it started on). */
  readonly mainCore: number | null;
  /** Number of worker threads (thread 1..workers), from `workers N`, `corelist-workers` or `coremask-workers`. */
  readonly workers: number;
  /** How the worker count was given: none, `workers N` (automatic placement), a corelist or a coremask. */
  readonly workersPlacement: 'none' | 'auto' | 'corelist' | 'coremask';
  /** Cpu labels from `corelist-workers` / `coremask-workers`, ascending; null when not given. */
  readonly corelistWorkers: readonly number[] | null;
  /** `skip-cores N`: first N cpus left out of automatic placement. Default 0. */
  readonly skipCores: number;
  /** `relative`: cpu numbers index the process's affinity set instead of naming host cpus. */
  readonly relative: boolean;
  /** `scheduler-policy`: null when unset (threads keep the policy they inherit, normally `other`). */
  readonly schedulerPolicy: SchedPolicyName | null;
  /** `scheduler-priority`, clamped to 1..99 as Linux allows for fifo/rr; null when unset. */
  readonly schedulerPriority: number | null;
  /** `thread-prefix S`: prefix of thread names. Default `vpp` (threads.c cpu_config). */
  readonly threadPrefix: string;
  /** `use-pthreads`: workers are plain pthreads; VPP then starts every worker on cpu 0. */
  readonly usePthreads: boolean;
  /** `numa-heap-size SIZE` in bytes, or null when unset. */
  readonly numaHeapSize: number | null;
  /** Name of each thread, index = thread index: `vpp_main`, `vpp_wk_0`, … (empty when the prefix is empty). */
  readonly threadNames: readonly string[];
  /** Cpu label of each thread, index = thread index; -1 when it depends on the host (see startup-conf-cpu.ts). */
  readonly lcores: readonly number[];
}

/** Session layer options. Models: src/vnet/session/session_cli.c session_config_fn and their uses in session.c. */
export interface SessionConfig {
  /** `enable …`: the session layer is enabled when the main loop starts (session_main_loop_init). Default off. */
  readonly enable: boolean;
  /** Rule engine chosen with `enable rt-backend rule-table|sdl`; `none` for plain `enable` or when disabled. */
  readonly rtBackend: 'none' | 'rule-table' | 'sdl';
  /** Apps attach over the app socket API. On by default (session_main_init); `use-bapi-socket-api` turns it off. */
  readonly useAppSocketApi: boolean;
  /** `use-bapi-socket-api` (deprecated): binary-API attachment instead of the socket API. */
  readonly useBapiSocketApi: boolean;
  /** `use-private-rx-mqs`: per-app rx mqs with eventfds; `appsl-rx-mqs-input` in interrupt mode on all threads. */
  readonly usePrivateRxMqs: boolean;
  /** `no-adaptive`: keep session-queue polling on workers even with private rx mqs. */
  readonly noAdaptive: boolean;
  /** Effective adaptive polling/interrupt mode of session workers: `usePrivateRxMqs && !noAdaptive` (session.c session_manager_main_enable). */
  readonly adaptive: boolean;
  /** `poll-main`: with workers, the main thread polls session-queue too (session.c session_node_enable_disable). */
  readonly pollMain: boolean;
  /** Effective per-thread vpp event mq length in messages: max(2048, configured) (session.c session_vpp_wrk_mqs_alloc). */
  readonly wrkMqLength: number;
  /** `wrk-mq-length` / `event-queue-length` as accepted (values < 2048 are ignored with a warning); 0 when unset. */
  readonly configuredWrkMqLength: number;
  /** `wrk-mqs-segment-size` / `evt_qs_seg_size` in bytes; used only when larger than the computed size. 0 = computed. */
  readonly wrkMqsSegmentSize: number;
  /** `preallocated-sessions N`. Default 0 (no preallocation). */
  readonly preallocatedSessions: number;
  /** Sessions preallocated per thread that gets any: all on thread 0 without workers, else 1.1·N/workers on each worker. */
  readonly preallocatedSessionsPerThread: number;
  /** `v4-session-table-buckets`. Default 20000 (session_table.c foreach_hash_table_parameter). */
  readonly v4SessionTableBuckets: number;
  /** `v4-session-table-memory` in bytes. Default 64 MiB. */
  readonly v4SessionTableMemory: number;
  /** `v4-halfopen-table-buckets`. Default 20000. */
  readonly v4HalfopenTableBuckets: number;
  /** `v4-halfopen-table-memory` in bytes. Default 64 MiB. */
  readonly v4HalfopenTableMemory: number;
  /** `v6-session-table-buckets`. Default 20000. */
  readonly v6SessionTableBuckets: number;
  /** `v6-session-table-memory` in bytes. Default 64 MiB. */
  readonly v6SessionTableMemory: number;
  /** `v6-halfopen-table-buckets`. Default 20000. */
  readonly v6HalfopenTableBuckets: number;
  /** `v6-halfopen-table-memory` in bytes. Default 64 MiB. */
  readonly v6HalfopenTableMemory: number;
  /** `local-endpoints-table-buckets`. Default 250000 (transport.c transport_init). */
  readonly localEndpointsTableBuckets: number;
  /** `local-endpoints-table-memory` in bytes. Default 512 MiB (transport.c transport_init). */
  readonly localEndpointsTableMemory: number;
  /** `min-src-port` (kept as u16, as VPP stores it). Default 1024 (session.c session_main_init). */
  readonly minSrcPort: number;
  /** `max-src-port` (u16). Default 65535. */
  readonly maxSrcPort: number;
  /** `use-dma`. */
  readonly useDma: boolean;
  /** `nat44-original-dst-enable`: look up nat44-ed sessions for the original destination. */
  readonly nat44OriginalDstEnable: boolean;
  /** `no-dump-segments`: leave fifo segments out of core dumps. */
  readonly noDumpSegments: boolean;
}

/** `unix { }` options. Models: src/vlib/unix/main.c unix_config. */
export interface UnixConfig {
  /** `interactive` (or `vpp -i`): CLI on stdin/stdout. */
  readonly interactive: boolean;
  /** `nodaemon`. */
  readonly nodaemon: boolean;
  /** `nosyslog`. */
  readonly nosyslog: boolean;
  /** VPP forks into the background: none of interactive, nosyslog, nodaemon is set. */
  readonly daemonize: boolean;
  /** `nocolor`. */
  readonly nocolor: boolean;
  /** `nobanner`. */
  readonly nobanner: boolean;
  /** `use-current-dir`: the runtime dir is the current directory. */
  readonly useCurrentDir: boolean;
  /** `cli-line-mode`. */
  readonly cliLineMode: boolean;
  /** `cli-no-banner`. */
  readonly cliNoBanner: boolean;
  /** `cli-no-pager`. */
  readonly cliNoPager: boolean;
  /** `full-coredump`. */
  readonly fullCoredump: boolean;
  /** `cli-prompt S`. Default `vpp# ` (release build; src/vpp/vnet/main.c). */
  readonly cliPrompt: string;
  /** `cli-listen S`, or null. */
  readonly cliListen: string | null;
  /** Effective runtime dir: `runtime-dir S`, else `/run/vpp` (VPP's default for root); null for `use-current-dir` alone. */
  readonly runtimeDir: string | null;
  /** `poll-sleep-usec N`: main thread sleeps N µs every loop before polling files. Default 0 (u32). */
  readonly pollSleepUsec: number;
  /** `cli-pager-buffer-limit N` in lines. Default 100000 (UNIX_CLI_DEFAULT_PAGER_LIMIT). */
  readonly cliPagerBufferLimit: number;
  /** `cli-history-limit N` in lines. Default 50 (UNIX_CLI_DEFAULT_HISTORY). */
  readonly cliHistoryLimit: number;
  /** `coredump-size unlimited|SIZE`: bytes, `unlimited`, or null when unset. */
  readonly coredumpSize: number | 'unlimited' | null;
  /** `exec F` / `startup-config F` (aliases; the last wins): CLI script run at startup, or null. */
  readonly exec: string | null;
  /** `log F`, or null. */
  readonly log: string | null;
  /** `gid N|name` as written (vppsim does not resolve group names), or null. */
  readonly gid: string | null;
  /** `pidfile F`, or null. */
  readonly pidfile: string | null;
}

/** One `plugin NAME { … }` entry of the `plugins { }` stanza. Models: src/vlib/unix/plugin.c config_one_plugin. */
export interface PluginConfigEntry {
  /** Plugin file name, e.g. `dpdk_plugin.so`. */
  readonly name: string;
  /** `enable`: load it even when plugins are disabled by default or it is default-disabled. */
  readonly enable: boolean;
  /** `disable`: do not load it. */
  readonly disable: boolean;
  /** `skip-version-check`: load it even when built for another VPP version. */
  readonly skipVersionCheck: boolean;
}

/** What `plugins { }` says; it decides which plugin stanzas VPP knows. Models: src/vlib/unix/plugin.c vlib_plugin_config. */
export interface PluginsConfig {
  /** `plugin default { disable }`: plugins load only when enabled one by one. */
  readonly defaultDisabled: boolean;
  /** `name-filter S`: only the plugin file named exactly S loads (VPP compares the terminating NUL too). */
  readonly nameFilter: string | null;
  /** `plugin NAME { … }` entries in order. */
  readonly plugins: readonly PluginConfigEntry[];
}

/** A remark on input VPP accepts but vppsim wants to point out (ignored values, silently skipped text). */
export interface StartupConfigWarning {
  /** What VPP does with the input (VPP's own warning text where it prints one). */
  readonly message: string;
  /** 1-based line in the original file (1 for the command-line form). */
  readonly line: number;
  /** 1-based column in the original file. */
  readonly column: number;
}

/** A parsed startup.conf. Models: what VPP HEAD ends up configured with after reading it. */
export interface StartupConfig {
  /** Where the config came from: a file name (as given) or `<command line>`. */
  readonly source: { readonly file: string; readonly form: StartupConfigForm };
  /** Threads: count, names, cpu labels, scheduling. */
  readonly cpu: CpuConfig;
  /** Session layer options with their effective values. */
  readonly session: SessionConfig;
  /** `unix { }` options with their effective values. */
  readonly unix: UnixConfig;
  /** `plugins { }`, which decides the plugin stanzas VPP accepts (plugins are not simulated). */
  readonly plugins: PluginsConfig;
  /** Stanza names VPP knows but vppsim does not model, in file order, each once. */
  readonly notSimulated: readonly string[];
  readonly warnings: readonly StartupConfigWarning[];
}

/** Session event mq length VPP never goes below (session.c session_vpp_wrk_mqs_alloc `mq_q_length = 2048`). */
export const SESSION_WRK_MQ_LENGTH_MIN = 2048;

/** Session lookup table defaults. Models: src/vnet/session/session_table.c foreach_hash_table_parameter. */
export const SESSION_TABLE_DEFAULT_BUCKETS = 20000;
/** Session lookup table memory default in bytes (64 << 20). */
export const SESSION_TABLE_DEFAULT_MEMORY = 64 << 20;
/** Local endpoints table defaults. Models: src/vnet/session/transport.c transport_init. */
export const LOCAL_ENDPOINTS_TABLE_DEFAULT_BUCKETS = 250000;
/** Local endpoints table memory default in bytes (512 << 20). */
export const LOCAL_ENDPOINTS_TABLE_DEFAULT_MEMORY = 512 << 20;

/** Defaults of `unix { }` when absent or empty. Models: src/vlib/unix/main.c unix_config. */
export const UNIX_DEFAULTS: UnixConfig = Object.freeze({
  interactive: false,
  nodaemon: false,
  nosyslog: false,
  daemonize: true,
  nocolor: false,
  nobanner: false,
  useCurrentDir: false,
  cliLineMode: false,
  cliNoBanner: false,
  cliNoPager: false,
  fullCoredump: false,
  cliPrompt: 'vpp# ',
  cliListen: null,
  runtimeDir: '/run/vpp',
  pollSleepUsec: 0,
  cliPagerBufferLimit: 100000,
  cliHistoryLimit: 50,
  coredumpSize: null,
  exec: null,
  log: null,
  gid: null,
  pidfile: null,
});

/** Defaults of `session { }` when absent or empty. Models: session.c session_main_init and the table defaults above. */
export const SESSION_DEFAULTS: SessionConfig = Object.freeze({
  enable: false,
  rtBackend: 'none',
  useAppSocketApi: true,
  useBapiSocketApi: false,
  usePrivateRxMqs: false,
  noAdaptive: false,
  adaptive: false,
  pollMain: false,
  wrkMqLength: SESSION_WRK_MQ_LENGTH_MIN,
  configuredWrkMqLength: 0,
  wrkMqsSegmentSize: 0,
  preallocatedSessions: 0,
  preallocatedSessionsPerThread: 0,
  v4SessionTableBuckets: SESSION_TABLE_DEFAULT_BUCKETS,
  v4SessionTableMemory: SESSION_TABLE_DEFAULT_MEMORY,
  v4HalfopenTableBuckets: SESSION_TABLE_DEFAULT_BUCKETS,
  v4HalfopenTableMemory: SESSION_TABLE_DEFAULT_MEMORY,
  v6SessionTableBuckets: SESSION_TABLE_DEFAULT_BUCKETS,
  v6SessionTableMemory: SESSION_TABLE_DEFAULT_MEMORY,
  v6HalfopenTableBuckets: SESSION_TABLE_DEFAULT_BUCKETS,
  v6HalfopenTableMemory: SESSION_TABLE_DEFAULT_MEMORY,
  localEndpointsTableBuckets: LOCAL_ENDPOINTS_TABLE_DEFAULT_BUCKETS,
  localEndpointsTableMemory: LOCAL_ENDPOINTS_TABLE_DEFAULT_MEMORY,
  minSrcPort: 1024,
  maxSrcPort: 65535,
  useDma: false,
  nat44OriginalDstEnable: false,
  noDumpSegments: false,
});
