// src/config/startup-conf-session.ts: the `session { }` stanza. Options are tried in VPP's
// order (keywords match as prefixes: `enabled` is `enable` followed by an unknown `d`); anything
// else is fatal. Models: src/vnet/session/session_cli.c session_config_fn, with the effective
// values from src/vnet/session/session.c (session_main_init, session_manager_main_enable,
// session_vpp_wrk_mqs_alloc) and session_table.c / transport.c defaults.

import type { StartupConfContext } from './startup-conf-context.js';
import {
  SESSION_DEFAULTS, SESSION_WRK_MQ_LENGTH_MIN, type SessionConfig,
} from './startup-config-types.js';
import { type UnformatInput, bigintAt, formatUnformatError, numberAt, unformat } from './unformat.js';
import { unformatMemorySize } from './unformat-values.js';

/**
 * Lines of VPP HEAD's clib_warning calls in session_config_fn; clib_warning prints
 * `function:line: message`, so they are part of the text users see.
 */
export const SESSION_CONFIG_WARNING_LINES = { wrkMqLength: 1323, bapiDeprecated: 1417, eventQueueLength: 1433 } as const;

/** Table sizes accepted as `…-memory` must stay below 4 GiB (they are stored in u32). */
const TABLE_MEMORY_LIMIT = 0x100000000n;

/** What the session stanza needs to know about the rest of the config. */
export interface SessionConfigEnv {
  /** Worker threads from `cpu { }` (session workers = 1 + workers). */
  readonly workers: number;
  /** Whether a plugin file is loaded (for `nat44-original-dst-enable`). */
  readonly isPluginLoaded: (file: string) => boolean;
}

/** Keyword of each table-size option and the field it sets. */
const TABLE_BUCKETS = [
  ['v4-session-table-buckets', 'v4SessionTableBuckets'],
  ['v4-halfopen-table-buckets', 'v4HalfopenTableBuckets'],
  ['v6-session-table-buckets', 'v6SessionTableBuckets'],
  ['v6-halfopen-table-buckets', 'v6HalfopenTableBuckets'],
] as const;
const TABLE_MEMORY = [
  ['v4-session-table-memory', 'v4SessionTableMemory'],
  ['v4-halfopen-table-memory', 'v4HalfopenTableMemory'],
  ['v6-session-table-memory', 'v6SessionTableMemory'],
  ['v6-halfopen-table-memory', 'v6HalfopenTableMemory'],
  ['local-endpoints-table-memory', 'localEndpointsTableMemory'],
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type TableField = typeof TABLE_BUCKETS[number][1] | typeof TABLE_MEMORY[number][1] | 'localEndpointsTableBuckets';

/**
 * Parses `session { }`. Errors, in VPP's words: `session_config_fn: unknown input `…'` and
 * `session_config_fn: memory size … too large`. Ignored values (`wrk-mq-length` < 2048, the
 * deprecated no-ops) become warnings.
 */
export function sessionConfig (input: UnformatInput, ctx: StartupConfContext, env: SessionConfigEnv): SessionConfig {
  const s: Mutable<SessionConfig> = { ...SESSION_DEFAULTS };
  // Configured table values; 0 means "use the default", as in VPP.
  const tables = new Map<TableField, number>();
  let nat44At = -1;
  let m;

  const mqLength = (value: number, line: number, at: number): void => {
    const nitems = value >>> 0; // %d into a u32: negative values wrap and pass the check
    if (nitems >= SESSION_WRK_MQ_LENGTH_MIN) s.configuredWrkMqLength = nitems;
    else ctx.warn(`session_config_fn:${line}: event queue length ${nitems | 0} too small, ignored`, at);
  };

  loop:
  while (!input.atEnd()) {
    const at = input.errorPos();
    if ((m = unformat(input, 'wrk-mq-length %d')).ok) {
      mqLength(numberAt(m, 0), SESSION_CONFIG_WARNING_LINES.wrkMqLength, at);
      continue;
    }
    if ((m = unformat(input, 'wrk-mqs-segment-size %U', unformatMemorySize)).ok) {
      s.wrkMqsSegmentSize = Number(bigintAt(m, 0));
      continue;
    }
    if ((m = unformat(input, 'preallocated-sessions %d')).ok) {
      s.preallocatedSessions = numberAt(m, 0) >>> 0;
      continue;
    }
    for (const [kw, field] of TABLE_BUCKETS) {
      if ((m = unformat(input, `${kw} %d`)).ok) {
        tables.set(field, numberAt(m, 0) >>> 0);
        continue loop;
      }
    }
    for (const [kw, field] of TABLE_MEMORY) {
      if ((m = unformat(input, `${kw} %U`, unformatMemorySize)).ok) {
        const tmp = bigintAt(m, 0);
        if (tmp >= TABLE_MEMORY_LIMIT) {
          throw ctx.error(`session_config_fn: memory size ${tmp.toString(16)} (${BigInt.asIntN(64, tmp)}) too large`, at);
        }
        tables.set(field, Number(tmp));
        continue loop;
      }
    }
    if ((m = unformat(input, 'local-endpoints-table-buckets %d')).ok) {
      tables.set('localEndpointsTableBuckets', numberAt(m, 0) >>> 0);
    } else if ((m = unformat(input, 'min-src-port %d')).ok) {
      s.minSrcPort = numberAt(m, 0) & 0xffff; // stored in a u16
    } else if ((m = unformat(input, 'max-src-port %d')).ok) {
      s.maxSrcPort = numberAt(m, 0) & 0xffff;
    } else if (unformat(input, 'enable rt-backend rule-table').ok) {
      s.enable = true;
      s.rtBackend = 'rule-table';
    } else if (unformat(input, 'enable rt-backend sdl').ok) {
      s.enable = true;
      s.rtBackend = 'sdl';
    } else if (unformat(input, 'enable').ok) {
      s.enable = true;
      s.rtBackend = 'none';
    } else if (unformat(input, 'poll-main').ok) {
      s.pollMain = true;
    } else if (unformat(input, 'use-private-rx-mqs').ok) {
      s.usePrivateRxMqs = true;
    } else if (unformat(input, 'no-adaptive').ok) {
      s.noAdaptive = true;
    } else if (unformat(input, 'use-dma').ok) {
      s.useDma = true;
    } else if (unformat(input, 'nat44-original-dst-enable').ok) {
      nat44At = at;
    } else if (unformat(input, 'no-dump-segments').ok) {
      s.noDumpSegments = true;
    } else if (unformat(input, 'use-app-socket-api').ok) {
      // Deprecated no-op: the socket API is on by default.
    } else if (unformat(input, 'use-bapi-socket-api').ok) {
      ctx.warn(`session_config_fn:${SESSION_CONFIG_WARNING_LINES.bapiDeprecated}: App attachment using binary-api is ` +
        'deprecated in favor of socket api. Support for bapi may be removed in the future.', at);
      s.useBapiSocketApi = true;
      s.useAppSocketApi = false;
    } else if (unformat(input, 'evt_qs_memfd_seg').ok) {
      ctx.warn('session: evt_qs_memfd_seg is accepted and ignored by VPP (the event queues are always in a memfd segment)', at);
    } else if (unformat(input, 'segment-baseva 0x%lx').ok) {
      ctx.warn('session: segment-baseva is accepted and ignored by VPP', at);
    } else if ((m = unformat(input, 'evt_qs_seg_size %U', unformatMemorySize)).ok) {
      s.wrkMqsSegmentSize = Number(bigintAt(m, 0));
    } else if ((m = unformat(input, 'event-queue-length %d')).ok) {
      mqLength(numberAt(m, 0), SESSION_CONFIG_WARNING_LINES.eventQueueLength, at);
    } else {
      throw ctx.error(`session_config_fn: unknown input \`${formatUnformatError(input)}'`, input.errorPos());
    }
  }

  for (const [field, value] of tables) {
    if (value !== 0) s[field] = value;
  }
  if (nat44At >= 0) {
    // VPP looks the nat44 lookup function up in nat_plugin.so; without it the option does nothing.
    s.nat44OriginalDstEnable = env.isPluginLoaded('nat_plugin.so');
    if (!s.nat44OriginalDstEnable) ctx.warn('session: nat44-original-dst-enable has no effect: nat_plugin.so is not loaded', nat44At);
  }
  s.wrkMqLength = Math.max(SESSION_WRK_MQ_LENGTH_MIN, s.configuredWrkMqLength);
  s.adaptive = s.usePrivateRxMqs && !s.noAdaptive;
  s.preallocatedSessionsPerThread = s.preallocatedSessions === 0
    ? 0
    : env.workers === 0 ? s.preallocatedSessions : Math.trunc(1.1 * s.preallocatedSessions / env.workers) >>> 0;
  return s;
}
