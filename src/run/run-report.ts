// src/run/run-report.ts: what `vppsim run` prints: the CLI session (VPP's own output for every
// command), each external app's output, then vppsim's summary: per thread what it did and how
// its session worker spent its time, per app what it moved, and the invariant line.

import type { RunResult } from './run-result.js';
import type { RunSummary, ThreadSummary } from './run-summary.js';
import type { LatencyPercentiles } from '../stats/latency-histogram.js';

/** A table: left-aligned first column, the others right-aligned, two spaces apart. */
export function alignTable (header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const w = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(w[c] as number) : cell.padStart(w[c] as number))).join('  ').trimEnd()).join('\n') + '\n';
}

const ms = (ns: number): string => (ns / 1e6).toFixed(3);

/** A duration with its unit: `850 ns`, `12.4 µs`, `3.21 ms`, `1.50 s`. */
export function formatNs (ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}
const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-');

/** The run's header line. */
export function formatRunHeader (r: RunResult): string {
  const p = r.plan;
  const s = p.config.session;
  const mode = !s.enable && p.commands.every((c) => c.kind !== 'session') ? 'session layer off'
    : s.adaptive ? 'adaptive (use-private-rx-mqs)' : s.usePrivateRxMqs ? 'rx-mqs polling (use-private-rx-mqs no-adaptive)' : 'polling';
  const lines = [
    `vppsim run: ${p.name}`,
    `  ${p.nThreads} thread${p.nThreads === 1 ? '' : 's'} (${p.nThreads - 1} worker${p.nThreads === 2 ? '' : 's'}), session ${mode}${s.pollMain ? ', poll-main' : ''}; ${r.clock} clock${r.clock === 'virtual' ? `, seed ${p.seed}` : ''}`,
  ];
  if (p.config.notSimulated.length > 0) lines.push(`  not simulated: ${p.config.notSimulated.join(', ')}`);
  return lines.join('\n') + '\n';
}

/** The CLI session: each command's output, as the script ran. */
export function formatCliOutput (r: RunResult): string {
  return r.main.output.map((o) => o.text).join('');
}

/** Each external app's stdout (and stderr), under a heading. */
export function formatAppOutputs (r: RunResult): string {
  let out = '';
  for (const a of r.apps) {
    out += `\n--- ${a.name} (${a.tool}) ---\n`;
    if (!a.started) { out += '(not started)\n'; continue; }
    for (const l of a.stdout) out += l + '\n';
    for (const l of a.stderr) out += `[stderr] ${l}\n`;
  }
  return out;
}

function threadRow (t: ThreadSummary): string[] {
  const w = t.sessionWorker;
  const total = w.timeInStateNs.polling + w.timeInStateNs.interrupt + w.timeInStateNs.idle;
  return [
    `${t.index} ${t.name}`,
    String(t.loops), String(t.sleeps), String(t.wakeups), String(t.fdWakeups),
    t.cpuNs < 0 ? '-' : ms(t.cpuNs),
    pct(w.timeInStateNs.polling, total), pct(w.timeInStateNs.interrupt, total), pct(w.timeInStateNs.idle, total),
    String(w.transitions.length + w.transitionsLost), w.state,
  ];
}

/** vppsim's summary: threads, session workers, apps, invariant. */
export function formatSummary (r: RunResult, s: RunSummary): string {
  let out = `\nSummary: ${(r.endNs / 1e9).toFixed(6)} s ${r.clock === 'virtual' ? 'of virtual time' : 'wall'}\n`;
  out += alignTable(
    ['thread', 'loops', 'sleeps', 'wakeups', 'fd wakeups', 'CPU ms', 'polling', 'interrupt', 'idle', 'transitions', 'worker now'],
    s.threads.map((t) => threadRow(t)),
  );
  if (s.apps.length > 0) {
    out += '\n' + alignTable(
      ['app', 'tool', 'state', 'writes', 'reads', 'bytes out', 'bytes in', 'round trips', 'runs', 'sleeps', 'CPU ms'],
      s.apps.map((a) => [a.name, a.tool, a.finished ? `exit ${a.exitStatus ?? '?'}` : a.started ? 'running' : 'not started',
        String(a.sent), String(a.received), String(a.bytesSent), String(a.bytesReceived), String(a.roundTrips),
        String(a.resumes), String(a.sleeps), a.cpuNs < 0 ? '-' : ms(a.cpuNs)]),
    );
    const pp = (p: LatencyPercentiles | null): string => (p === null ? '-' : `${formatNs(p.p50)} / ${formatNs(p.p99)}`);
    const st = s.stages;
    out += '\nLatency, p50 / p99: (1) an app posts TX, the worker takes it off the mq; (2) session-queue sends the data; (3) the peer app reads it\n';
    out += alignTable(['app', '(1) post -> off the mq', '(2) -> session-queue', '(3) -> peer app reads', 'round trip'], [
      ...s.apps.map((a) => [a.name, pp(a.appToRxMqDrainNs), pp(a.drainToSessionQueueNs), pp(a.peerToAppNs), pp(a.latencyNs)]),
      ['all apps', pp(st.appToRxMqDrain), pp(st.drainToSessionQueue), pp(st.sessionQueueToPeerApp), '-'],
    ]);
  }
  const i = s.invariant;
  out += `\nMessages: ${i.sent} events to session workers = ${i.handled} handled + ${i.dropped} dropped` +
    ` (malformed ${i.droppedByReason.malformed}, unhandled ${i.droppedByReason.unhandled}, no session ${i.droppedByReason.noSession})` +
    ` + ${i.pending} pending; lost ${i.lost}${i.refusedFull > 0 ? `; ${i.refusedFull} posts refused (queue full) and retried` : ''}\n`;
  const ev = s.events;
  out += `Event log: ${ev.logged} events logged, ${ev.kept} kept; fingerprint ${ev.fingerprint}` +
    `${r.clock === 'virtual' ? ` (seed ${r.plan.seed}: the same scenario and seed give the same fingerprint)` : ''}\n`;
  if (r.cliFailed) out += 'The script stopped at a failed command (VPP\'s exec does).\n';
  if (r.stuck) out += 'The run did not finish by itself and was stopped at the safety cap.\n';
  return out;
}
