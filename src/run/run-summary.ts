// src/run/run-summary.ts: the figures a run's summary and its JSON result are made of, read from
// the threads' results, their event logs and the session layer's shared counters: per thread,
// loops, sleeps, wakeups, CPU and the session worker's time in each state with every
// transition and its reason; per app, what it sent and received; and the invariant that every
// message an app posted was handled, dropped with a reason, or is still queued.

import { combineFingerprints, type ElogDump, elogDumpRecords } from '../../graph/elog.js';
import type { ThreadCountersRow } from '../../graph/runtime-stats.js';
import type { RunThreadExtra } from '../runtime/run-graph.js';
import type { VlibThreadResult } from '../runtime/thread-entry.js';
import { SessionShared, kWrkCtrlEvts, kWrkDropMalformed, kWrkDropNoSession, kWrkDropUnhandled, kWrkIoEvts, kWrkLocalEvts, kWrkMqMsgs, kWrkPostFull } from '../session/session-shared.js';
import type { SessionInit } from '../session/session-main.js';
import { SessionEvtPool } from '../session/event-elts.js';
import { formatWrkState } from '../session/session-types.js';
import { EvtHead } from '../session/session-worker.js';
import type { ExternalAppResult } from './external-app.js';
import { LatencyHistogram, type LatencyPercentiles } from '../stats/latency-histogram.js';
import { SessionLatency, SessionLatencyStage } from '../session/session-latency.js';
import type { RunResult } from './run-result.js';

/** Why the adaptive rule moved a worker, by its code (session-worker.ts WrkTransitionRule). */
const RULE_REASONS = [
  'no events and vectors per main loop < 1',
  'events listed or vectors per main loop > 1',
  'no sessions',
  'timer in IDLE (always)',
];

/** One worker state transition. */
export interface TransitionSummary {
  readonly atNs: number;
  readonly from: string;
  readonly to: string;
  /** The rule, in words, with the values it saw. */
  readonly reason: string;
}

/** One node's figures. */
export interface NodeSummary {
  readonly name: string;
  readonly type: 'internal' | 'input' | 'pre-input' | 'process' | 'sched';
  readonly state: string;
  readonly calls: number;
  readonly vectors: number;
  readonly suspends: number;
  readonly clocksNs: number;
}

/** One thread's figures. */
export interface ThreadSummary {
  readonly index: number;
  readonly name: string;
  readonly loops: number;
  readonly epolls: number;
  readonly sleeps: number;
  readonly fdWakeups: number;
  readonly wakeReq: number;
  readonly wakeups: number;
  /** CPU time, ns; −1 in virtual time. */
  readonly cpuNs: number;
  readonly nodes: readonly NodeSummary[];
  readonly sessionWorker: {
    readonly state: string;
    readonly adaptive: boolean;
    readonly timeInStateNs: { readonly polling: number; readonly interrupt: number; readonly idle: number };
    readonly transitions: readonly TransitionSummary[];
    /** Transitions the event log no longer held (its ring wrapped). */
    readonly transitionsLost: number;
  };
}

/** One external app's figures. */
export interface AppSummary {
  readonly name: string;
  readonly tool: string;
  readonly started: boolean;
  readonly finished: boolean;
  readonly exitStatus: number | null;
  /** Writes and reads (messages), and bytes, of its data sessions. */
  readonly sent: number;
  readonly received: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Echo and bidirectional clients: requests answered. */
  readonly roundTrips: number;
  /** Round-trip latency (a write with nothing outstanding to the next read that returns data), ns; null without samples. */
  readonly latencyNs: LatencyPercentiles | null;
  /** From the peer's session-queue sending data to this app reading it (stage 3), ns; null without samples. */
  readonly peerToAppNs: LatencyPercentiles | null;
  /** This app's TX events: stage 1 (post → the worker takes it off the mq) and 2 (→ session-queue sends), ns. */
  readonly appToRxMqDrainNs: LatencyPercentiles | null;
  readonly drainToSessionQueueNs: LatencyPercentiles | null;
  /** Its thread's CPU time, ns (-1 in virtual time), its program's resumes and its sleeps. */
  readonly cpuNs: number;
  readonly resumes: number;
  readonly sleeps: number;
}

/**
 * Where apps' data waited, all apps together, ns: (1) from the app posting a TX event to the
 * worker taking it off the mq (rx mq wait and `appsl-rx-mqs-input`), (2) from there to
 * `session-queue` sending the data, (3) from there to the peer app reading it.
 */
export interface StageLatencySummary {
  readonly appToRxMqDrain: LatencyPercentiles | null;
  readonly drainToSessionQueue: LatencyPercentiles | null;
  readonly sessionQueueToPeerApp: LatencyPercentiles | null;
}

/** Messages apps (and vpp) posted to the session workers, and what became of them. */
export interface InvariantSummary {
  /** Events the workers took from their mqs and apps' rx mqs, or listed themselves (TX reschedules, closes). */
  readonly sent: number;
  /** Control and io events dispatched. */
  readonly handled: number;
  /** Dropped, with the reason. */
  readonly dropped: number;
  readonly droppedByReason: { readonly malformed: number; readonly unhandled: number; readonly noSession: number };
  /** Still on a worker's lists or in an mq when the run stopped. */
  readonly pending: number;
  /** sent − handled − dropped − pending: 0 unless a message went missing. */
  readonly lost: number;
  /** Posts refused because a queue was full (the sender kept them and retried; not messages). */
  readonly refusedFull: number;
}

/** Everything the summary and the JSON result show. */
export interface RunSummary {
  readonly threads: readonly ThreadSummary[];
  readonly apps: readonly AppSummary[];
  readonly stages: StageLatencySummary;
  readonly invariant: InvariantSummary;
  /** The run's event logs: what was logged and its fingerprint (graph/elog.ts). */
  readonly events: EventLogSummary;
}

/** The event logs of a run, vlib threads then apps. */
export interface EventLogSummary {
  /** Events logged over the run, all threads (dispatches count only when logged). */
  readonly logged: number;
  /** Events still in the rings (what `--trace`, the JSON result and `explain` can show). */
  readonly kept: number;
  /**
   * 16 hex digits: the hash of every thread's fingerprint in slot order. In virtual time the same
   * scenario and seed always give the same fingerprint, and any difference in what happened
   * (down to one node dispatch's time) gives another.
   */
  readonly fingerprint: string;
}

/** The event logs of `r`, vlib threads by index then apps by index. */
export function runEventLogs (r: RunResult): ElogDump[] {
  return [
    ...[...r.threads].sort((a, b) => a.threadIndex - b.threadIndex).map((t) => t.elog),
    ...[...r.apps].sort((a, b) => a.k - b.k).map((a) => a.elog),
  ];
}

const typeNames: readonly NodeSummary['type'][] = ['internal', 'input', 'pre-input', 'process', 'sched'];

function transitionsOf (r: VlibThreadResult): { list: TransitionSummary[]; lost: number } {
  const list: TransitionSummary[] = [];
  for (const e of elogDumpRecords(r.elog)) {
    if (e.type !== 'session-wrk-state') continue;
    const rule = (e.a >> 8) & 15;
    list.push({
      atNs: e.t,
      from: formatWrkState(e.a & 15),
      to: formatWrkState((e.a >> 4) & 15),
      reason: `${RULE_REASONS[rule] ?? `rule ${rule}`} (elts ${e.b}, vpml ${e.c}, sessions ${e.a >>> 12})`,
    });
  }
  const counted = (r.extra as RunThreadExtra | null)?.sessionWorker.transitions ?? list.length;
  return { list, lost: Math.max(0, counted - list.length) };
}

function threadSummary (r: VlibThreadResult): ThreadSummary {
  const c: ThreadCountersRow = r.counters;
  const extra = r.extra as RunThreadExtra | null;
  const tr = transitionsOf(r);
  return {
    index: r.threadIndex,
    name: c.name,
    loops: c.loops,
    epolls: c.epolls,
    sleeps: c.sleeps,
    fdWakeups: c.fdWakeups,
    wakeReq: c.wakeReq,
    wakeups: c.wakeups,
    cpuNs: r.cpuNs,
    nodes: r.runtime.nodes.map((n) => ({
      name: n.name, type: typeNames[n.type] ?? 'internal', state: n.state, calls: n.calls, vectors: n.vectors, suspends: n.suspends, clocksNs: n.clocks,
    })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    sessionWorker: {
      state: extra?.sessionWorker.state ?? 'polling',
      adaptive: extra?.sessionWorker.adaptive ?? false,
      timeInStateNs: extra?.sessionWorker.timeInStateNs ?? { polling: 0, interrupt: 0, idle: 0 },
      transitions: tr.list,
      transitionsLost: tr.lost,
    },
  };
}

function appSummary (a: ExternalAppResult, lat: SessionLatency): AppSummary {
  const res = a.result;
  let sent = 0; let received = 0; let bytesSent = 0; let bytesReceived = 0; let roundTrips = 0;
  if (res !== null && 'tool' in res) {
    if (res.tool === 'echo_bench_client') { sent = res.sent; received = res.received; roundTrips = res.received; } else { bytesSent = res.bytes; bytesReceived = res.bytes; }
  } else {
    const blocks = res === null ? [] : 'sessions' in res ? (res.results === null ? res.sessions : [res.results]) : res.results;
    for (const s of blocks) {
      sent += s.txXacts; received += s.rxXacts; bytesSent += s.txBytes; bytesReceived += s.rxBytes;
    }
    if (res !== null && 'sessions' in res) roundTrips = Math.min(sent, received);
  }
  return {
    name: a.name, tool: a.tool, started: a.started, finished: a.finished, exitStatus: res?.exitStatus ?? null,
    sent, received, bytesSent, bytesReceived, roundTrips,
    latencyNs: a.latency === null ? null : new LatencyHistogram(a.latency.roundTrip).percentiles(),
    peerToAppNs: a.latency === null ? null : new LatencyHistogram(a.latency.peerToApp).percentiles(),
    appToRxMqDrainNs: lat.merged(SessionLatencyStage.AppToList, a.k + 1).percentiles(),
    drainToSessionQueueNs: lat.merged(SessionLatencyStage.ListToDispatch, a.k + 1).percentiles(),
    cpuNs: a.thread.cpuNs,
    resumes: a.thread.resumes,
    sleeps: a.thread.sleeps,
  };
}

/**
 * The invariant over the session workers' shared counters (`session`: the run's SessionInit):
 * every message taken from an mq was dispatched, dropped with a reason, or is still listed.
 */
export function sessionInvariant (session: SessionInit): InvariantSummary {
  const shared = new SessionShared(session.sharedSab, session.sharedParams);
  let taken = 0; let handled = 0; let malformed = 0; let unhandled = 0; let noSession = 0; let pending = 0; let refusedFull = 0;
  for (let t = 0; t < session.cfg.nThreads; t++) {
    const b = shared.layout.wrkBase(t);
    const w = (k: number): number => Atomics.load(shared.i32, b + k) >>> 0;
    taken += w(kWrkMqMsgs) + w(kWrkLocalEvts);
    handled += w(kWrkCtrlEvts) + w(kWrkIoEvts);
    malformed += w(kWrkDropMalformed);
    unhandled += w(kWrkDropUnhandled);
    noSession += w(kWrkDropNoSession);
    refusedFull += w(kWrkPostFull);
    // events waiting: to be dispatched, or parked for main or for the connects RPC
    const pool = new SessionEvtPool(shared, t);
    pending += pool.listLength(EvtHead.Ctrl) + pool.listLength(EvtHead.New) + pool.listLength(EvtHead.Old) +
      pool.listLength(EvtHead.PendingMain) + pool.listLength(EvtHead.PendingConnects);
  }
  const dropped = malformed + unhandled + noSession;
  return {
    sent: taken, handled, dropped, droppedByReason: { malformed, unhandled, noSession }, pending,
    lost: taken - handled - dropped - pending, refusedFull,
  };
}

/** The summary of a run; `session` is the run's SessionInit (its counters' shared memory). */
export function summarizeRun (r: RunResult, session: SessionInit): RunSummary {
  const lat = new SessionLatency(session.latencySab, session.cfg.nThreads, session.cfg.latencyTags ?? 0);
  const peer = new LatencyHistogram();
  for (const a of r.apps) if (a.latency !== null) peer.merge(new LatencyHistogram(a.latency.peerToApp));
  return {
    threads: [...r.threads].sort((a, b) => a.threadIndex - b.threadIndex).map(threadSummary),
    apps: r.apps.map((a) => appSummary(a, lat)),
    stages: {
      appToRxMqDrain: lat.merged(SessionLatencyStage.AppToList).percentiles(),
      drainToSessionQueue: lat.merged(SessionLatencyStage.ListToDispatch).percentiles(),
      sessionQueueToPeerApp: peer.percentiles(),
    },
    invariant: sessionInvariant(session),
    events: eventLogSummary(runEventLogs(r)),
  };
}

function eventLogSummary (logs: readonly ElogDump[]): EventLogSummary {
  return {
    logged: logs.reduce((n, d) => n + d.total, 0),
    kept: logs.reduce((n, d) => n + d.t.length, 0),
    fingerprint: combineFingerprints(logs.map((d) => d.fingerprint)),
  };
}
