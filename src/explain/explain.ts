// src/explain/explain.ts: `vppsim explain RESULT.json`: the run's event logs told in plain words,
// in time order: each session worker state transition with VPP's rule and the values it saw, who
// raised each interrupt and when the node ran, what woke each sleeping thread and how long the
// wakeup took, and how long each app message waited and where. vppsim only: VPP records none of
// this in a form that says why.

import { elogSourceIndex, elogSourceKind } from '../../graph/elog.js';
import { formatWrkState, WrkState } from '../session/session-types.js';
import type { ExplainInput, ExplainLog } from './explain-input.js';

/** What to explain: one thread (slot), a time window (ns since the run's start). */
export interface ExplainOptions {
  /** Only events of this thread slot (and raises and wakeups aimed at it); null: all. */
  readonly slot: number | null;
  readonly fromNs: number;
  readonly toNs: number;
}

/** One event of the run, resolved. */
interface Ev {
  readonly t: number;
  readonly slot: number;
  readonly type: string;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** The rule text of each WrkTransitionRule, as VPP's session_wrk_update_state has it. */
const RULES: readonly { readonly rule: string; readonly then: string }[] = [
  { rule: 'POLLING -> INTERRUPT when elts == 5 && last_vpml < 1', then: 'session-queue goes back to INTERRUPT and the timerfd is armed' },
  { rule: 'INTERRUPT -> POLLING when elts > 5 || last_vpml > 1', then: 'session-queue polls every loop and the timerfd is disarmed' },
  { rule: 'INTERRUPT -> IDLE when (not the above and) the worker has no sessions', then: 'the timerfd slows down' },
  { rule: 'IDLE -> INTERRUPT when elts != 0', then: 'which always holds: the 5 list heads are elements, so the first session-queue run in IDLE leaves it' },
];

const fmtT = (ns: number): string => (ns / 1e9).toFixed(9).padStart(14);

/** ns as µs or ms with a unit. */
function dur (ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 3 : 1)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

/** Per-thread events, resolved, in log order. */
class RunEvents {
  readonly bySlot = new Map<number, Ev[]>();
  readonly logs = new Map<number, ExplainLog>();
  constructor (readonly input: ExplainInput) {
    for (const l of input.logs) {
      this.logs.set(l.slot, l);
      this.bySlot.set(l.slot, l.events.map((e) => ({
        t: e[0] as number, slot: l.slot, type: l.types[e[1] as number] ?? '?', a: e[2] as number, b: e[3] as number, c: e[4] as number,
      })));
    }
  }

  name (slot: number): string { return this.logs.get(slot)?.name ?? `thread ${slot}`; }
  node (i: number): string { return this.input.nodeNames[i] ?? `node ${i}`; }
  file (slot: number, id: number): string { return this.logs.get(slot)?.files[id] ?? `file ${id}`; }

  /** Who an event's packed source (graph/elog.ts elogSource) names, on `slot`. */
  source (slot: number, src: number): string {
    const k = elogSourceKind(src);
    if (k === 1) return this.node(elogSourceIndex(src));
    if (k === 2) return `the epoll read callback of ${this.file(slot, elogSourceIndex(src))}`;
    return slot >= this.input.nThreads ? 'the app' : 'the main loop';
  }

  /** First event of `type` on `slot` at or after `t` matching `ok`, or undefined. */
  next (slot: number, t: number, type: string, ok: (e: Ev) => boolean = () => true): Ev | undefined {
    const l = this.bySlot.get(slot);
    if (l === undefined) return undefined;
    let lo = 0;
    let hi = l.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if ((l[m] as Ev).t < t) lo = m + 1; else hi = m; }
    for (let k = lo; k < l.length; k++) { const e = l[k] as Ev; if (e.type === type && ok(e)) return e; }
    return undefined;
  }

  /** Last event of `type` on `slot` before `t` (strictly), or undefined. */
  prev (slot: number, t: number, type: string, ok: (e: Ev) => boolean = () => true): Ev | undefined {
    const l = this.bySlot.get(slot);
    if (l === undefined) return undefined;
    let lo = 0;
    let hi = l.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if ((l[m] as Ev).t < t) lo = m + 1; else hi = m; }
    for (let k = lo - 1; k >= 0; k--) { const e = l[k] as Ev; if (e.type === type && ok(e)) return e; }
    return undefined;
  }
}

/** A line of the account. */
interface Line { readonly t: number; readonly slot: number; readonly text: string; readonly kind: 'state' | 'interrupt' | 'wakeup' | 'message' }

/**
 * The account of `input` as text: a header, one line per explained event in time order, and
 * counts. Pure: the same result and options give the same text.
 */
export function explainRun (input: ExplainInput, o: ExplainOptions): string {
  const ev = new RunEvents(input);
  const lines: Line[] = [];
  const inWindow = (t: number): boolean => t >= o.fromNs && t <= o.toNs;
  const mine = (...slots: number[]): boolean => o.slot === null || slots.includes(o.slot);
  const appByTag = (tag: number): string => ev.name(input.nThreads + tag - 1);
  const isVlib = (slot: number): boolean => slot < input.nThreads;

  for (const [slot, list] of ev.bySlot) {
    let sleepStart = -1;
    let sleepTimeout = 0;
    for (let k = 0; k < list.length; k++) {
      const e = list[k] as Ev;
      if (e.type === 'sleep' || e.type === 'app-sleep') { sleepStart = e.t; sleepTimeout = e.a; continue; }
      if (!inWindow(e.t)) {
        if (e.type === 'wake' || e.type === 'app-run') sleepStart = -1;
        continue;
      }
      switch (e.type) {
        case 'session-wrk-state': {
          if (!mine(slot)) break;
          const from = e.a & 15;
          const to = (e.a >> 4) & 15;
          const rule = (e.a >> 8) & 15;
          const sessions = e.a >>> 12;
          const r = RULES[rule];
          const listed = e.b - 5;
          const saw = `it saw elts ${e.b} (${listed === 0 ? 'no events listed, only the 5 list heads' : `${listed} event${listed === 1 ? '' : 's'} listed besides the 5 list heads`}), last_vpml ${e.c}, ${sessions} session${sessions === 1 ? '' : 's'}`;
          const why = rule === 1 ? (listed > 0 && e.c > 1 ? 'both held' : listed > 0 ? 'elts > 5 held' : 'last_vpml > 1 held') : rule === 0 ? 'both held' : rule === 2 ? 'no event, and no session' : 'elts is never 0';
          const tfd = ev.next(slot, e.t, 'session-wrk-tfd', (x) => x.t === e.t);
          const armed = tfd === undefined ? '' : tfd.a === 0 ? '; timerfd disarmed' : `; timerfd armed every ${dur(tfd.a * 1000)}`;
          const raised = ev.input.logs.map((l) => ev.prev(l.slot, e.t + 1, 'interrupt', (x) => x.b === slot && ev.node(x.a) === 'session-queue'))
            .filter((x): x is Ev => x !== undefined).sort((x, y) => y.t - x.t)[0];
          const ran = to !== WrkState.Polling && from === WrkState.Polling ? '' : raised === undefined ? '' :
            ` (session-queue ran after ${raised.slot === slot ? '' : `${ev.name(raised.slot)}'s `}${ev.source(raised.slot, raised.c >>> 1)} raised it at ${(raised.t / 1e9).toFixed(9)} s)`;
          lines.push({ t: e.t, slot, kind: 'state', text:
            `session worker ${formatWrkState(from).toUpperCase()} -> ${formatWrkState(to).toUpperCase()}: VPP's rule "${r?.rule ?? `rule ${rule}`}"; ${saw}: ${why}; ${r?.then ?? ''}${armed}${ran}` });
          break;
        }
        case 'interrupt': {
          if (!mine(slot, e.b)) break;
          const node = ev.node(e.a);
          const target = e.b;
          const ran = ev.next(target, e.t, 'dispatch', (x) => x.a === e.a);
          const runs = ran === undefined ? '' : `; it ran at ${(ran.t / 1e9).toFixed(9)} s, ${dur(ran.t - e.t)} later`;
          lines.push({ t: e.t, slot, kind: 'interrupt', text:
            `interrupt for ${node} on ${ev.name(target)} raised by ${ev.source(slot, e.c >>> 1)}${target !== slot ? ` on ${ev.name(slot)} (a remote raise: an atomic OR, then vlib_thread_wakeup)` : ''}${runs}` });
          break;
        }
        case 'wake': {
          if (!mine(slot) || sleepStart < 0) { sleepStart = -1; break; }
          const slept = e.t - sleepStart;
          let cause: string;
          const senders = [...ev.bySlot.keys()].map((s) => ev.next(s, sleepStart, 'wakeup', (x) => x.a === slot && x.t <= e.t) ?? ev.next(s, sleepStart, 'fd-wake', (x) => x.a === slot && x.t <= e.t))
            .filter((x): x is Ev => x !== undefined).sort((x, y) => x.t - y.t);
          const first = senders[0];
          const read = ev.next(slot, e.t, 'file-read', (x) => x.t === e.t || x.t - e.t < 2000);
          if (first !== undefined && e.b !== 0) {
            const how = first.type === 'wakeup' ? 'vlib_thread_wakeup' : 'a write to an fd it polls';
            cause = `woken by ${ev.name(first.slot)} (${ev.source(first.slot, first.c)}, ${how}) at ${(first.t / 1e9).toFixed(9)} s: the wakeup took ${dur(e.t - first.t)}`;
          } else if (e.b !== 0) {
            cause = `woken by ${read !== undefined ? `${ev.file(slot, read.a)} becoming readable` : 'a readable fd'}`;
          } else {
            cause = `its epoll timeout of ${sleepTimeout} ms ran out${read !== undefined ? `; then ${ev.file(slot, read.a)} was read` : ''}`;
          }
          lines.push({ t: e.t, slot, kind: 'wakeup', text: `slept ${dur(slept)} (epoll timeout ${sleepTimeout} ms), ${cause}` });
          sleepStart = -1;
          break;
        }
        case 'app-run': {
          if (sleepStart < 0) break;
          const start = sleepStart;
          sleepStart = -1;
          if (e.b !== 1 || !mine(slot)) break;
          const w = [...ev.bySlot.keys()].filter(isVlib).map((s) => ev.next(s, start, 'fd-wake', (x) => x.a === slot && x.t <= e.t))
            .filter((x): x is Ev => x !== undefined).sort((x, y) => x.t - y.t)[0];
          lines.push({ t: e.t, slot, kind: 'wakeup', text: `app slept ${dur(e.t - start)}, woken by ${w === undefined ? 'its event queue eventfd' : `${ev.name(w.slot)} (${ev.source(w.slot, w.c)} wrote its event queue) at ${(w.t / 1e9).toFixed(9)} s: the wakeup took ${dur(e.t - w.t)}`}` });
          break;
        }
        case 'session-tx-stages': {
          const tag = e.a & 2047;
          const appSlot = input.nThreads + tag - 1;
          if (!mine(slot, appSlot)) break;
          const total = e.b + e.c;
          lines.push({ t: e.t, slot, kind: 'message', text:
            `TX event of ${tag === 0 ? 'an untagged app' : appByTag(tag)} (session ${e.a >>> 11}) posted at ${((e.t - total) / 1e9).toFixed(9)} s: ${dur(e.b)} in its rx mq until ${ev.name(slot)} took it off, then ${dur(e.c)} in the worker's lists until session-queue sent the data` });
          break;
        }
        case 'app-read': {
          if (!mine(slot) || e.b < 0) break;
          lines.push({ t: e.t, slot, kind: 'message', text: `read ${e.a} B of session ${e.c}, ${dur(e.b)} after the peer's session-queue sent them` });
          break;
        }
        default:
          break;
      }
    }
  }
  lines.sort((x, y) => x.t - y.t || x.slot - y.slot);

  const names = (slots: Iterable<number>): string => [...slots].map((s) => ev.name(s)).join(', ');
  const wrapped = input.logs.filter((l) => l.total > l.events.length);
  let out = `vppsim explain ${input.file}: scenario ${input.scenario}, ${input.clock} clock, seed ${input.seed}` +
    `${input.fingerprint !== '' ? `, fingerprint ${input.fingerprint}` : ''}, ${(input.durationNs / 1e9).toFixed(6)} s\n`;
  out += `window ${(o.fromNs / 1e9).toFixed(6)} s to ${(Math.min(o.toNs, input.durationNs) / 1e9).toFixed(6)} s; ` +
    `threads: ${o.slot === null ? `all (${names(ev.bySlot.keys())})` : ev.name(o.slot)}\n`;
  for (const l of wrapped) {
    const first = l.events[0]?.[0] ?? 0;
    out += `note: ${l.name}'s event log kept its last ${l.events.length} of ${l.total} events: it is explained from ${(first / 1e9).toFixed(6)} s\n`;
  }
  const w = Math.max(6, ...[...ev.bySlot.keys()].map((s) => ev.name(s).length));
  out += `\n${'time (s)'.padStart(14)}  ${'thread'.padEnd(w)}  what happened and why\n`;
  for (const l of lines) out += `${fmtT(l.t)}  ${ev.name(l.slot).padEnd(w)}  ${l.text}\n`;
  const count = (k: Line['kind']): number => lines.filter((l) => l.kind === k).length;
  out += `\n${count('state')} state transitions, ${count('interrupt')} interrupts, ${count('wakeup')} wakeups, ${count('message')} messages explained\n`;
  return out;
}
