// src/app/app-elog.ts: the event types app threads log (vppsim only: VPP's apps keep no event
// log). An app thread's log has the engine's fd-wake events too (an eventfd write that woke a
// sleeping vlib thread), so a trace can draw the arrow from the app to the thread it woke.

import { defineElogType } from '../../graph/elog.js';

/** The app's program ran: t = start, a = duration ns, b = why (see {@link AppRunReason}). */
export const ElogAppRun = defineElogType('app-run', (_n, a, b) =>
  `app runs ${a} ns (${['start', 'fd ready', 'timeout'][b] ?? b})`);

/** Why an app thread ran. */
export const AppRunReason = { Start: 0, FdReady: 1, Timeout: 2 } as const;

/** The app thread goes to sleep: a = timeout ms (-1: none). */
export const ElogAppSleep = defineElogType('app-sleep', (_n, a) =>
  a < 0 ? 'app sleeps' : `app sleeps timeout ${a} ms`);

/** An IO event to vpp: a = vpp thread, b = session index, c = event type (SessionEvtType). */
export const ElogAppPost = defineElogType('app-post', (n, a, b, c) =>
  `post io event ${c} for session ${b} to ${n.thread(a)}'s rx mq`);

/** The app read data: a = bytes, b = ns since the peer's data was enqueued (-1: not stamped), c = vpp session index. */
export const ElogAppRead = defineElogType('app-read', (_n, a, b, c) =>
  `read ${a} bytes of session ${c}${b >= 0 ? `, ${b} ns after the peer sent them` : ''}`);

/** Clamps a duration in ns to the event log's 32-bit arguments. */
export const elogNs = (ns: number): number => (ns > 0x7fffffff ? 0x7fffffff : ns < 0 ? -1 : Math.round(ns));
