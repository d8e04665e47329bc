// src/trace/chrome-trace.ts: a run's event logs as a Chrome Trace Event file (the JSON object
// format), which Perfetto (ui.perfetto.dev) and chrome://tracing load. vppsim only: VPP can dump
// its elog for g2 or `show event-logger`, not as a timeline of its scheduling.
//
//   pid 1 "vpp"   one track per vlib thread: node dispatches and sleeps (complete events,
//                 strictly nested), barrier holds and waits, markers where interrupts and
//                 wakeups are raised and land; one track per session worker for its state
//                 (POLLING / INTERRUPT / IDLE); counters: worker mq messages drained, event
//                 elements listed, rx mqs pending, messages drained per rx mq
//   pid 2 "apps"  one track per app thread: its runs and sleeps, posts and reads
//   flows         an arrow from each interrupt raise to the dispatch it caused, and from each
//                 wakeup (vlib_thread_wakeup, or an eventfd write that woke an epoll) to the
//                 woken thread
//
// Times are µs with ns precision (3 decimals). A flow's two ends are zero-length slices (markers)
// on their tracks, so both viewers bind them without ambiguity.

import type { ElogDump } from '../../graph/elog.js';
import { formatWrkState } from '../session/session-types.js';

/** One trace event (the fields this writer uses). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'C' | 's' | 'f' | 'M' | 'i';
  readonly pid: number;
  readonly tid?: number;
  /** µs. */
  readonly ts?: number;
  /** µs. */
  readonly dur?: number;
  readonly cat?: string;
  readonly id?: number;
  readonly bp?: 'e';
  readonly s?: 't';
  readonly args?: Readonly<Record<string, string | number | boolean>>;
}

/** The file: `{ traceEvents, displayTimeUnit, otherData }`. */
export interface ChromeTrace {
  readonly traceEvents: TraceEvent[];
  readonly displayTimeUnit: 'ns';
  readonly otherData: Readonly<Record<string, string | number | boolean>>;
}

/** What a trace is made of: the run's names and its threads' event logs. */
export interface TraceInput {
  readonly scenario: string;
  readonly clock: 'real' | 'virtual';
  readonly seed: number;
  readonly fingerprint: string;
  /** When the run ended, ns (open intervals end here). */
  readonly endNs: number;
  /** Node names by node index. */
  readonly nodeNames: readonly string[];
  /** Names by thread slot: vlib threads (`vpp_main`, `vpp_wk_0`, …), then apps. */
  readonly slotNames: readonly string[];
  /** vlib threads: slots below this are vlib threads, the rest app threads. */
  readonly nVlibThreads: number;
  /** Each thread's event log (ElogDump.thread is its slot). */
  readonly logs: readonly ElogDump[];
}

const PID_VPP = 1;
const PID_APPS = 2;
/** Session worker state tracks: tid = this + vlib thread index. */
const TID_WRK_STATE = 1000;

const us = (ns: number): number => Math.round(ns) / 1000;
/** The length from `a` to `b` (ns), µs with ns precision. */
const span = (a: number, b: number): number => (Math.round(b) - Math.round(a)) / 1000;

/** One event of a dump, with its type name resolved. */
interface Ev { t: number; type: string; a: number; b: number; c: number }

function* events (d: ElogDump): Generator<Ev, void, void> {
  const e: Ev = { t: 0, type: '', a: 0, b: 0, c: 0 };
  for (let k = 0; k < d.t.length; k++) {
    e.t = d.t[k] as number;
    e.type = d.typeNames[d.type[k] as number] ?? '?';
    e.a = d.a[k] as number;
    e.b = d.b[k] as number;
    e.c = d.c[k] as number;
    yield e;
  }
}

/**
 * A raise or wakeup, to be matched to where it landed: `node` is the raised node, or for a
 * wakeup 1 (vlib_thread_wakeup) or 0 (an fd write).
 */
interface FlowStart { readonly id: number; readonly t: number; readonly slot: number; readonly target: number; readonly node: number }

/**
 * Builds the trace. Pure: the same input gives the same events in the same order. Complete
 * events are written per track in time order, and nest by construction (a slice that would
 * overlap its parent's end is cut there; `otherData.clippedSlices` counts them).
 */
export function buildChromeTrace (input: TraceInput): ChromeTrace {
  const out: TraceEvent[] = [];
  const name = (slot: number): string => input.slotNames[slot] ?? `thread ${slot}`;
  const node = (i: number): string => input.nodeNames[i] ?? `node ${i}`;
  out.push({ name: 'process_name', ph: 'M', pid: PID_VPP, args: { name: 'vpp' } });
  out.push({ name: 'process_sort_index', ph: 'M', pid: PID_VPP, args: { sort_index: 0 } });
  out.push({ name: 'process_name', ph: 'M', pid: PID_APPS, args: { name: 'apps' } });
  out.push({ name: 'process_sort_index', ph: 'M', pid: PID_APPS, args: { sort_index: 1 } });

  // per track slices, emitted after the nesting pass
  const slices = new Map<string, TraceEvent[]>();
  const addSlice = (e: TraceEvent): void => {
    const key = `${e.pid}:${e.tid}`;
    let l = slices.get(key);
    if (l === undefined) { l = []; slices.set(key, l); }
    l.push(e);
  };
  const trackOf = (slot: number): { pid: number; tid: number } =>
    slot < input.nVlibThreads ? { pid: PID_VPP, tid: slot } : { pid: PID_APPS, tid: slot };
  const marker = (slot: number, t: number, label: string, cat: string, args?: TraceEvent['args']): void => {
    addSlice({ name: label, ph: 'X', ...trackOf(slot), ts: us(t), dur: 0, cat, ...(args !== undefined ? { args } : {}) });
  };

  // pass 1: what landed where (dispatch starts per thread and node; wakes per thread)
  const dispatchStarts = new Map<number, number[]>(); // key thread * 65536 + node
  const wakeTimes = new Map<number, number[]>(); // vlib: wake events; apps: runs after a sleep
  for (const d of input.logs) {
    const isApp = d.thread >= input.nVlibThreads;
    const wakes: number[] = [];
    for (const e of events(d)) {
      if (e.type === 'dispatch') {
        const key = d.thread * 65536 + e.a;
        let l = dispatchStarts.get(key);
        if (l === undefined) { l = []; dispatchStarts.set(key, l); }
        l.push(e.t);
      } else if ((!isApp && e.type === 'wake') || (isApp && e.type === 'app-run' && e.b === 1)) {
        wakes.push(e.t);
      }
    }
    wakeTimes.set(d.thread, wakes);
  }

  let nextFlowId = 1;
  const raises: FlowStart[] = [];
  const wakeups: FlowStart[] = [];

  for (const d of input.logs) {
    const slot = d.thread;
    const track = trackOf(slot);
    out.push({ name: 'thread_name', ph: 'M', ...track, args: { name: name(slot) } });
    out.push({ name: 'thread_sort_index', ph: 'M', ...track, args: { sort_index: slot * 2 } });
    let sleepAt = -1;
    let sleepArg = 0;
    let barrierAt = -1;
    let parkedAt = -1;
    let wrkState = -1;
    let wrkSince = d.t.length > 0 ? (d.total > d.t.length ? (d.t[0] as number) : 0) : 0;
    const counter = (label: string, t: number, value: number): void => {
      out.push({ name: `${name(slot)} ${label}`, ph: 'C', pid: PID_VPP, ts: us(t), args: { value } });
    };
    for (const e of events(d)) {
      switch (e.type) {
        case 'dispatch':
          addSlice({ name: node(e.a), ph: 'X', ...track, ts: us(e.t), dur: span(e.t, e.t + e.c), cat: 'dispatch', args: { vectors: e.b } });
          break;
        case 'sleep':
        case 'app-sleep':
          sleepAt = e.t;
          sleepArg = e.a;
          break;
        case 'wake':
          if (sleepAt >= 0) {
            addSlice({ name: 'sleep', ph: 'X', ...track, ts: us(sleepAt), dur: span(sleepAt, e.t), cat: 'sleep',
              args: { timeoutMs: sleepArg, fdEvent: e.b !== 0, timedOut: e.c !== 0 } });
          }
          sleepAt = -1;
          break;
        case 'app-run':
          if (sleepAt >= 0) {
            addSlice({ name: 'sleep', ph: 'X', ...track, ts: us(sleepAt), dur: span(sleepAt, e.t), cat: 'sleep',
              args: { timeoutMs: sleepArg, woke: e.b === 1 ? 'fd ready' : 'timeout' } });
            sleepAt = -1;
          }
          addSlice({ name: 'run', ph: 'X', ...track, ts: us(e.t), dur: span(e.t, e.t + e.a), cat: 'app',
            args: { why: ['start', 'fd ready', 'timeout'][e.b] ?? String(e.b) } });
          break;
        case 'interrupt':
          raises.push({ id: nextFlowId++, t: e.t, slot, target: e.b, node: e.a });
          break;
        case 'wakeup':
        case 'fd-wake':
          wakeups.push({ id: nextFlowId++, t: e.t, slot, target: e.a, node: e.type === 'wakeup' ? 1 : 0 });
          break;
        case 'barrier':
          if (e.a === 0 && e.b === 1) barrierAt = e.t;
          else if (e.a === 1 && e.b === 0 && barrierAt >= 0) {
            addSlice({ name: 'barrier', ph: 'X', ...track, ts: us(barrierAt), dur: span(barrierAt, e.t), cat: 'barrier' });
            barrierAt = -1;
          }
          break;
        case 'barrier-wait':
          if (e.b === 0) parkedAt = e.t;
          else if (parkedAt >= 0) {
            addSlice({ name: 'at barrier', ph: 'X', ...track, ts: us(parkedAt), dur: span(parkedAt, e.t), cat: 'barrier' });
            parkedAt = -1;
          }
          break;
        case 'session-wrk-state': {
          const from = e.a & 15;
          const to = (e.a >> 4) & 15;
          const tid = TID_WRK_STATE + slot;
          if (e.t > wrkSince) {
            addSlice({ name: formatWrkState(from).toUpperCase(), ph: 'X', pid: PID_VPP, tid, ts: us(wrkSince), dur: span(wrkSince, e.t), cat: 'session-worker' });
          }
          wrkState = to;
          wrkSince = e.t;
          break;
        }
        case 'session-queue-run':
          counter('worker mq msgs drained', e.t, e.a);
          counter('event elts listed', e.t, (e.c & 0xffff) - 5);
          break;
        case 'app-rx-mq-read-ready':
          if (e.b !== 0) counter('rx mqs pending', e.t, e.c);
          break;
        case 'appsl-rx-mqs-input':
          counter('rx mqs pending', e.t, e.c >>> 8);
          counter(`app-${e.a}-rx-mq msgs drained`, e.t, e.b);
          break;
        case 'app-post':
          marker(slot, e.t, `post io event ${e.c} to ${name(e.a)}`, 'app');
          break;
        case 'app-read':
          marker(slot, e.t, `read ${e.a} B`, 'app', e.b >= 0 ? { bytes: e.a, waitedNs: e.b } : { bytes: e.a });
          break;
        default:
          break;
      }
    }
    if (sleepAt >= 0 && input.endNs > sleepAt) {
      addSlice({ name: 'sleep', ph: 'X', ...track, ts: us(sleepAt), dur: span(sleepAt, input.endNs), cat: 'sleep', args: { timeoutMs: sleepArg } });
    }
    if (wrkState >= 0) {
      const tid = TID_WRK_STATE + slot;
      out.push({ name: 'thread_name', ph: 'M', pid: PID_VPP, tid, args: { name: `${name(slot)} session worker` } });
      out.push({ name: 'thread_sort_index', ph: 'M', pid: PID_VPP, tid, args: { sort_index: slot * 2 + 1 } });
      if (input.endNs > wrkSince) {
        addSlice({ name: formatWrkState(wrkState).toUpperCase(), ph: 'X', pid: PID_VPP, tid, ts: us(wrkSince), dur: span(wrkSince, input.endNs), cat: 'session-worker' });
      }
    }
  }

  // flow ends: the dispatch an interrupt caused (the node's first dispatch on the target at or
  // after the raise), and the wake a wakeup caused (the target's first wake at or after it)
  const landed = new Set<string>();
  const land = (slot: number, t: number, label: string, cat: string, id: number): void => {
    const key = `${slot}:${t}:${cat}`;
    if (!landed.has(key)) { landed.add(key); marker(slot, t, label, cat); }
    out.push({ name: cat, ph: 'f', bp: 'e', ...trackOf(slot), ts: us(t), id, cat });
  };
  // an arrow only where both ends are known; a raise that never ran says so (≤ v25.02 drops
  // interrupts for nodes not in INTERRUPT state)
  let unmatched = 0;
  const start = (f: FlowStart, label: string, cat: string): void => {
    marker(f.slot, f.t, label, cat);
    out.push({ name: cat, ph: 's', ...trackOf(f.slot), ts: us(f.t), id: f.id, cat });
  };
  for (const r of raises) {
    const starts = dispatchStarts.get(r.target * 65536 + r.node);
    const t = starts === undefined ? -1 : firstAtOrAfter(starts, r.t);
    const label = `raise ${node(r.node)}${r.target !== r.slot ? ` on ${name(r.target)}` : ''}`;
    if (t < 0) { unmatched++; marker(r.slot, r.t, `${label} (never dispatched)`, 'interrupt'); continue; }
    start(r, label, 'interrupt');
    land(r.target, t, `${node(r.node)} (interrupt)`, 'interrupt', r.id);
  }
  for (const w of wakeups) {
    const wakes = wakeTimes.get(w.target);
    const t = wakes === undefined ? -1 : firstAtOrAfter(wakes, w.t);
    const label = w.node === 1 ? `wake ${name(w.target)}` : `fd write wakes ${name(w.target)}`;
    if (t < 0) { unmatched++; marker(w.slot, w.t, `${label} (no wake followed)`, 'wakeup'); continue; }
    start(w, label, 'wakeup');
    land(w.target, t, 'woken', 'wakeup', w.id);
  }

  // nest each track's slices: sort by start, longest first; cut what overlaps its parent's end
  let clipped = 0;
  for (const list of slices.values()) {
    list.sort((x, y) => (x.ts as number) - (y.ts as number) || (y.dur as number) - (x.dur as number));
    const stack: number[] = []; // end times, ns
    for (let k = 0; k < list.length; k++) {
      let e = list[k] as TraceEvent;
      const ts = Math.round((e.ts as number) * 1000);
      const zero = e.dur === 0;
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as number;
        if (top > ts || (top === ts && zero)) break;
        stack.pop();
      }
      const end = ts + Math.round((e.dur as number) * 1000);
      const parentEnd = stack.length > 0 ? stack[stack.length - 1] as number : Infinity;
      if (end > parentEnd) { e = { ...e, dur: (parentEnd - ts) / 1000 }; clipped++; }
      out.push(e);
      stack.push(Math.min(end, parentEnd));
    }
  }

  // metadata first, then everything by time (stable: a track's slices stay parent first)
  const meta = out.filter((e) => e.ph === 'M');
  const timed = out.filter((e) => e.ph !== 'M').sort((x, y) => (x.ts as number) - (y.ts as number));
  const truncated = input.logs.filter((d) => d.total > d.t.length).map((d) => name(d.thread));
  return {
    traceEvents: [...meta, ...timed],
    displayTimeUnit: 'ns',
    otherData: {
      generator: 'vppsim', scenario: input.scenario, clock: input.clock, seed: input.seed, fingerprint: input.fingerprint,
      endNs: input.endNs, clippedSlices: clipped, unmatchedFlows: unmatched,
      truncatedThreads: truncated.join(', '),
    },
  };
}

/** The first value ≥ `t` in ascending `l`, or -1. */
function firstAtOrAfter (l: readonly number[], t: number): number {
  let lo = 0;
  let hi = l.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((l[mid] as number) < t) lo = mid + 1; else hi = mid;
  }
  return lo < l.length ? l[lo] as number : -1;
}

/** The trace as JSON text, one event per line (diffable, and loads in both viewers). */
export function formatChromeTrace (tr: ChromeTrace): string {
  const lines = tr.traceEvents.map((e) => JSON.stringify(e));
  return `{"displayTimeUnit":"ns","otherData":${JSON.stringify(tr.otherData)},"traceEvents":[\n${lines.join(',\n')}\n]}\n`;
}
