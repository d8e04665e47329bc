// src/config/startup-conf-cpu.ts: the `cpu { }` stanza and the thread layout it gives.
// Models: src/vlib/threads.c cpu_config (parsing, checks) and vlib_thread_init / start_workers
// (placement, names), as far as they depend on the configuration alone.
//
// Departure from VPP: cpu numbers are labels. VPP checks them against the host (online cpus or
// the affinity set in `relative` mode) and refuses cpus it cannot use ("cpu N is not available to
// be used for …", "no available cpus …", "skip-core value greater or equal to available cpus").
// vppsim does not pin threads and does not look at this machine, so it raises none of those —
// except a main core also listed for a worker, which VPP refuses on every host. To label
// automatically placed workers vppsim assumes a host whose cpus 0, 1, 2, … are all usable (in
// `relative` mode: an affinity set equal to those cpus); when `main-core` is unset, thread 0
// stays where VPP was started, so thread 0 and automatically placed workers get -1 (unknown).

import type { StartupConfContext } from './startup-conf-context.js';
import { ERR_CONFIG_VPPSIM_LIMIT } from './startup-conf-context.js';
import type { CpuConfig } from './startup-config-types.js';
import {
  type UnformatInput, bigintAt, bitsAt, formatUnformatError, numberAt, stringAt, unformat,
} from './unformat.js';
import {
  SCHED_POLICIES, type SchedPolicyName, formatBitmapList, unformatBitmapList, unformatBitmapMask,
  unformatMemorySize, unformatSchedPolicy,
} from './unformat-values.js';

/** The only thread registration at HEAD: name `workers`, short name `wk` (src/vlib/main.c worker_thread_reg). */
export const WORKER_THREAD_TYPE = { name: 'workers', shortName: 'wk' } as const;

/** Default thread name prefix (threads.c cpu_config). */
export const DEFAULT_THREAD_PREFIX = 'vpp';

/** Most worker threads vppsim accepts (CPU_SETSIZE): VPP could not place more on any host it pins to. */
export const VPPSIM_MAX_WORKERS = 1024;

/**
 * Priority range Linux gives SCHED_FIFO and SCHED_RR (sched_get_priority_min / _max); VPP
 * clamps `scheduler-priority` into it.
 */
export const SCHED_RT_PRIORITY_MIN = 1;
/** Upper end of the SCHED_FIFO / SCHED_RR priority range on Linux. */
export const SCHED_RT_PRIORITY_MAX = 99;

/**
 * Line of the `clib_error` call in VPP HEAD's cpu_config for relative mode without main-core.
 * clib_error (unlike clib_error_return) prints `function:line: message` and exits.
 */
export const CPU_CONFIG_RELATIVE_ERROR_LINE = 1234;

/** VPP's u32 "unset" value (~0) for main_lcore, sched_policy and sched_priority. */
const U32_UNSET = 0xffffffff;

/** `cpu { }` as cpu_config leaves it, before placement. */
interface CpuOptions {
  usePthreads: boolean;
  threadPrefix: string;
  mainLcore: number;
  skipCores: number;
  relative: boolean;
  numaHeapSize: number | null;
  count: number;
  coremask: readonly number[] | null;
  placement: CpuConfig['workersPlacement'];
  schedPolicy: number;
  schedPriority: number;
  /** Offsets of options that later checks point at. */
  corelistAt: number;
  countAt: number;
  skipAt: number;
}

/**
 * Parses `cpu { }` and lays out the threads. Unknown words end the parse silently in VPP
 * (`else break;`); vppsim records a warning. Errors are VPP's, prefixed `cpu_config: `.
 */
export function cpuConfig (input: UnformatInput, ctx: StartupConfContext): CpuConfig {
  const o = parseCpuOptions(input, ctx);
  return placeThreads(o, ctx);
}

function parseCpuOptions (input: UnformatInput, ctx: StartupConfContext): CpuOptions {
  const o: CpuOptions = {
    usePthreads: false,
    threadPrefix: DEFAULT_THREAD_PREFIX,
    mainLcore: U32_UNSET,
    skipCores: 0,
    relative: false,
    numaHeapSize: null,
    count: 0,
    coremask: null,
    placement: 'none',
    schedPolicy: U32_UNSET,
    schedPriority: U32_UNSET,
    corelistAt: -1,
    countAt: -1,
    skipAt: -1,
  };
  let priorityAt = -1;
  let relativeAt = -1;
  let prefix: string | null = null;
  let m;
  let core;

  while (!input.atEnd()) {
    const at = input.errorPos();
    if (unformat(input, 'use-pthreads').ok) {
      o.usePthreads = true;
    } else if ((m = unformat(input, 'thread-prefix %v')).ok) {
      // An empty `{}` leaves VPP's vector pointer NULL, and the default applies.
      prefix = stringAt(m, 0).text === '' ? null : stringAt(m, 0).text;
    } else if ((m = unformat(input, 'main-core %u')).ok) {
      o.mainLcore = numberAt(m, 0);
    } else if ((m = unformat(input, 'skip-cores %u')).ok) {
      o.skipCores = numberAt(m, 0);
      o.skipAt = at;
    } else if (unformat(input, 'relative').ok) {
      o.relative = true;
      relativeAt = at;
    } else if ((m = unformat(input, 'numa-heap-size %U', unformatMemorySize)).ok) {
      o.numaHeapSize = Number(bigintAt(m, 0));
    } else if ((core = unformatCoreOption(input)) !== null) {
      if (core.name !== WORKER_THREAD_TYPE.name) throw ctx.error(`cpu_config: no such thread type '${core.name}'`, at);
      if (o.count !== 0) throw ctx.error(`cpu_config: core placement of '${core.name}' threads is already configured`, at);
      o.coremask = core.bits;
      o.count = core.bits.length;
      o.placement = core.kind;
      o.corelistAt = at;
      o.countAt = at;
    } else if ((m = unformat(input, 'scheduler-policy %U', unformatSchedPolicy)).ok) {
      o.schedPolicy = numberAt(m, 0);
    } else if ((m = unformat(input, 'scheduler-priority %u')).ok) {
      o.schedPriority = numberAt(m, 0);
      priorityAt = at;
    } else if ((m = unformat(input, '%s %u')).ok) {
      const name = stringAt(m, 0).text;
      if (name !== WORKER_THREAD_TYPE.name) throw ctx.error(`cpu_config: no such thread type 3 '${name}'`, at);
      if (o.count !== 0) throw ctx.error(`cpu_config: number of '${name}' threads is already configured`, at);
      o.count = numberAt(m, 1);
      o.placement = o.count > 0 ? 'auto' : 'none';
      o.countAt = at;
    } else {
      // VPP stops silently (`else break;`); say so unless only blanks are left.
      if (input.errorPos() !== input.endPos) {
        ctx.warn(`cpu: VPP stops reading the cpu stanza at \`${formatUnformatError(input)}'; the rest of it is ignored`, at);
      }
      break;
    }
  }

  const hasMain = o.mainLcore !== U32_UNSET;
  if (o.coremask !== null && !hasMain) {
    throw ctx.error('cpu_config: main-core must be specified when using corelist-* or coremask-* attribute', o.corelistAt);
  }
  if (o.skipCores !== 0 && !hasMain) {
    throw ctx.error('cpu_config: main-core must be specified when using skip-cores attribute', o.skipAt);
  }
  if (o.schedPriority !== U32_UNSET) {
    if (o.schedPolicy === policyValue('fifo') || o.schedPolicy === policyValue('rr')) {
      o.schedPriority = Math.min(Math.max(o.schedPriority, SCHED_RT_PRIORITY_MIN), SCHED_RT_PRIORITY_MAX);
    } else {
      throw ctx.error(`cpu_config: scheduling priority (${o.schedPriority | 0}) is not allowed for \`normal\` scheduling policy`, priorityAt);
    }
  }
  if (prefix !== null) o.threadPrefix = prefix;
  if (o.relative && !hasMain) {
    throw ctx.error(`cpu_config:${CPU_CONFIG_RELATIVE_ERROR_LINE}: main-core must be specified in relative mode`, relativeAt);
  }
  return o;
}

/**
 * `coremask-<type> MASK` or `corelist-<type> LIST` (tried in that order, as VPP does); the type
 * is the rest of the keyword word.
 */
function unformatCoreOption (input: UnformatInput): { kind: 'coremask' | 'corelist'; name: string; bits: readonly number[] } | null {
  let m = unformat(input, 'coremask-%s %U', unformatBitmapMask);
  if (m.ok) return { kind: 'coremask', name: stringAt(m, 0).text, bits: bitsAt(m, 1) };
  m = unformat(input, 'corelist-%s %U', unformatBitmapList);
  if (m.ok) return { kind: 'corelist', name: stringAt(m, 0).text, bits: bitsAt(m, 1) };
  return null;
}

function policyValue (name: SchedPolicyName): number {
  return SCHED_POLICIES.find((p) => p.name === name)!.value;
}

/**
 * Thread names and cpu labels. Names: `<prefix>_main`, `<prefix>_wk_<i>`. Labels: thread 0 on
 * main-core; corelist workers on their cpus in ascending order; `workers N` on the lowest free
 * cpus after skip-cores and main, never cpu 0 while another is free (see the file comment for
 * the host vppsim assumes); with `use-pthreads` VPP starts every worker on cpu 0.
 * Models: src/vlib/threads.c vlib_thread_init, start_workers, vlib_worker_thread_bootstrap_fn.
 */
function placeThreads (o: CpuOptions, ctx: StartupConfContext): CpuConfig {
  if (o.count > VPPSIM_MAX_WORKERS) {
    throw ctx.error(`cpu: ${o.count} worker threads is more than vppsim supports (${VPPSIM_MAX_WORKERS})`,
      o.countAt, ERR_CONFIG_VPPSIM_LIMIT);
  }
  const hasMain = o.mainLcore !== U32_UNSET;
  const main = hasMain ? o.mainLcore : -1;
  const skipped = (c: number): boolean => c < o.skipCores;

  if (hasMain && skipped(main)) {
    ctx.warn(`cpu: main-core ${main} is among the ${o.skipCores} skipped cpus; on a host whose first cpus are online ` +
      `VPP stops with "cpu ${main} is not available to be used for the main thread"`, o.skipAt);
  }

  let workerLcores: number[];
  if (o.coremask !== null && o.coremask.length !== o.count) {
    // `coremask-workers 00` then `workers N`: VPP counts N workers but starts one per mask bit,
    // none here, and then waits for them at the first barrier.
    throw ctx.error(`cpu: the workers coremask names no cpu but ${o.count} workers are configured; VPP would never start them`, o.countAt);
  }
  if (o.coremask !== null) {
    const clash = o.coremask.find((c) => c === main);
    if (clash !== undefined) {
      const msg = `cpu ${clash} is not available to be used for the 'workers' thread`;
      if (!o.relative) throw ctx.error(`vlib_thread_init: ${msg}`, o.corelistAt);
      ctx.warn(`cpu: relative cpu ${clash} is both main-core and a worker cpu; VPP refuses this ("${msg} in relative mode")`, o.corelistAt);
    }
    const skippedListed = o.coremask.filter(skipped);
    if (skippedListed.length > 0) {
      ctx.warn(`cpu: worker cpus ${formatBitmapList(skippedListed)} are among the ${o.skipCores} skipped cpus; ` +
        'on a host whose first cpus are online VPP refuses them', o.corelistAt);
    }
    workerLcores = [...o.coremask];
  } else if (!hasMain) {
    workerLcores = new Array<number>(o.count).fill(-1);
  } else {
    workerLcores = [];
    for (let c = Math.max(1, o.skipCores); workerLcores.length < o.count; c++) {
      if (c !== main) workerLcores.push(c);
    }
  }
  if (o.usePthreads) workerLcores = workerLcores.map(() => 0);

  const threadNames = [`${o.threadPrefix}_main`];
  for (let i = 0; i < o.count; i++) threadNames.push(`${o.threadPrefix}_${WORKER_THREAD_TYPE.shortName}_${i}`);

  const policy = SCHED_POLICIES.find((p) => p.value === o.schedPolicy)?.name ?? null;
  return {
    mainCore: hasMain ? o.mainLcore : null,
    workers: o.count,
    workersPlacement: o.placement,
    corelistWorkers: o.coremask,
    skipCores: o.skipCores,
    relative: o.relative,
    schedulerPolicy: policy,
    schedulerPriority: o.schedPriority === U32_UNSET ? null : o.schedPriority,
    threadPrefix: o.threadPrefix,
    usePthreads: o.usePthreads,
    numaHeapSize: o.numaHeapSize,
    threadNames,
    lcores: [main, ...workerLcores],
  };
}
