// src/config/startup-conf-explain.ts: a short human-readable account of what a startup.conf
// configures, for `vppsim validate`: threads with names and cpus, the session options that
// decide scheduling (and why), and what vppsim does not simulate.

import type { StartupConfig } from './startup-config-types.js';
import { formatBitmapList } from './unformat-values.js';

/**
 * Explains a parsed startup config in a few lines: threads (name, cpu label), placement and
 * scheduler options, whether the session layer starts enabled, adaptive mode on/off and why,
 * private rx mqs, what the main thread does with session-queue, the worker mq length, notable
 * unix options, stanzas not simulated and warnings (with file:line:col). Ends with a newline.
 */
export function explainStartupConfig (cfg: StartupConfig): string {
  const out: string[] = [];
  const { cpu, session: s, unix } = cfg;
  out.push(`startup config: ${cfg.source.file}${cfg.source.form === 'command-line' ? ' (command line)' : ''}`);

  const how = cpu.workersPlacement === 'auto' ? `workers ${cpu.workers}`
    : cpu.workersPlacement === 'none' ? 'no workers'
      : `${cpu.workersPlacement}-workers ${formatBitmapList(cpu.corelistWorkers ?? [])}`;
  out.push(`threads: ${cpu.workers + 1} (main + ${cpu.workers} worker${cpu.workers === 1 ? '' : 's'}; ${how})`);
  const width = Math.max(...cpu.threadNames.map((n) => n.length));
  cpu.threadNames.forEach((name, i) => {
    const lcore = cpu.lcores[i]!;
    const where = lcore >= 0 ? `cpu ${lcore}${cpu.relative ? ' (relative)' : ''}`
      : i === 0 ? 'cpu unknown (no main-core: the cpu VPP starts on)'
        : 'cpu unknown (placed after the main thread\'s cpu)';
    out.push(`  ${String(i).padStart(2)}  ${name.padEnd(width)}  ${where}`);
  });
  const cpuNotes: string[] = [];
  if (cpu.skipCores > 0) cpuNotes.push(`skip-cores ${cpu.skipCores}`);
  if (cpu.schedulerPolicy !== null) cpuNotes.push(`scheduler-policy ${cpu.schedulerPolicy}`);
  if (cpu.schedulerPriority !== null) cpuNotes.push(`scheduler-priority ${cpu.schedulerPriority}`);
  if (cpu.usePthreads) cpuNotes.push('use-pthreads (VPP starts every worker on cpu 0)');
  if (cpuNotes.length > 0) out.push(`  ${cpuNotes.join(', ')}`);

  out.push(s.enable
    ? `session: enabled at startup (rt-backend ${s.rtBackend})`
    : 'session: not enabled at startup (needs `session enable` from the CLI or API)');
  out.push(`  app attachment: ${s.useAppSocketApi ? 'app socket API' : 'binary API (use-bapi-socket-api, deprecated)'}`);
  out.push(s.usePrivateRxMqs
    ? '  private rx mqs: on (one mq + eventfd per app and thread; appsl-rx-mqs-input in interrupt mode)'
    : '  private rx mqs: off (apps post to the vpp threads\' event mqs)');
  out.push(s.adaptive
    ? '  adaptive mode: on (use-private-rx-mqs without no-adaptive): session-queue switches polling/interrupt/idle'
    : `  adaptive mode: off (${s.usePrivateRxMqs ? 'no-adaptive' : 'needs use-private-rx-mqs'}): session-queue keeps polling`);
  if (cpu.workers === 0) out.push(`  main thread: the only thread; session-queue ${s.adaptive ? 'adaptive' : 'polling'}`);
  else if (s.pollMain) out.push('  main thread: polls session-queue too (poll-main)');
  else out.push('  main thread: session-queue in interrupt mode, driven by session-queue-process (no poll-main)');
  out.push(`  wrk mq length: ${s.wrkMqLength}${s.configuredWrkMqLength === 0 ? ' (default)' : ''}`);
  if (s.preallocatedSessions > 0) {
    out.push(`  preallocated sessions: ${s.preallocatedSessions} (${s.preallocatedSessionsPerThread} per ${cpu.workers === 0 ? 'main thread' : 'worker'})`);
  }

  const unixNotes = [`poll-sleep-usec ${unix.pollSleepUsec}`];
  if (unix.interactive) unixNotes.push('interactive');
  else if (!unix.daemonize) unixNotes.push('foreground');
  if (unix.exec !== null) unixNotes.push(`exec ${unix.exec}`);
  out.push(`unix: ${unixNotes.join(', ')}`);

  out.push(`not simulated: ${cfg.notSimulated.length > 0 ? cfg.notSimulated.join(', ') : '(none)'}`);
  if (cfg.warnings.length > 0) {
    out.push('warnings:');
    for (const w of cfg.warnings) out.push(`  ${cfg.source.file}:${w.line}:${w.column}: ${w.message}`);
  }
  return out.join('\n') + '\n';
}
