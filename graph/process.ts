// graph/process.ts: process nodes. VPP runs them as coroutines on their own stacks on the main
// thread; vppsim runs them as generators that yield what they wait for.
// Models: src/vlib/main.c dispatch_process, dispatch_suspended_process, process_expired_timers;
// src/vlib/node_funcs.h vlib_process_wait_for_event_or_clock, vlib_process_signal_event_helper;
// src/vlib/node.h vlib_process_t, VLIB_PROCESS_STATE_*.

import type { NodeRuntime, ProcessEvent, ProcessResume, ProcessWait } from './node.js';
import { TIMER_HANDLE_INVALID, type TimerHandle } from './timer-wheel.js';

/** Process states, in VPP's order, with `show runtime`'s words. Models: foreach_vlib_process_state. */
export const ProcessState = {
  NotStarted: 0, Running: 1, Suspended: 2, WaitForEvent: 3, WaitForClock: 4,
  WaitForEventOrClock: 5, WaitForOneTimeEvent: 6, Yield: 7,
} as const;
export type ProcessState = (typeof ProcessState)[keyof typeof ProcessState];
/** `show runtime` strings, by ProcessState. */
export const processStateStrings: readonly string[] = [
  'not started', 'running', 'suspended', 'event wait', 'clock wait', 'any wait', 'one time event wait', 'yield',
];

/** Why a suspended process is resumed. Models: vlib_process_restore_reason_t. */
export const RestoreReason = { Yield: 0, Clock: 1, Event: 2, TimedEvent: 3 } as const;
export type RestoreReason = (typeof RestoreReason)[keyof typeof RestoreReason];

/** Which states each restore reason may resume (`resume_permissons` in dispatch_suspended_process). */
const resumePermitted: readonly (readonly ProcessState[])[] = [
  [ProcessState.Yield],
  [ProcessState.WaitForClock, ProcessState.WaitForEventOrClock, ProcessState.Suspended],
  [ProcessState.WaitForEvent, ProcessState.WaitForEventOrClock],
  [ProcessState.WaitForEvent, ProcessState.WaitForEventOrClock],
];

/** Returns true if `reason` may resume a process in `state`. */
export function mayResume (reason: RestoreReason, state: ProcessState): boolean {
  return (resumePermitted[reason] as readonly ProcessState[]).includes(state);
}

/** One process on the main thread. Models: src/vlib/node.h vlib_process_t. */
export class VlibProcess {
  state: ProcessState = ProcessState.NotStarted;
  gen: Generator<ProcessWait, void, ProcessResume> | null = null;
  /** Events signalled and not yet handed to the process. */
  pendingEvents: ProcessEvent[] = [];
  /** Timer of a clock wait, or TIMER_HANDLE_INVALID (`stop_timer_handle`). */
  timerHandle: TimerHandle = TIMER_HANDLE_INVALID;
  /** Seconds of the current clock wait, -1 for none. */
  waitClockSeconds = -1;
  /** A restore with reason EVENT is already queued (`event_resume_pending`). */
  eventResumePending = false;

  constructor (readonly rt: NodeRuntime<unknown>, readonly processIndex: number) {}

  /** True while suspended in any wait. */
  get isSuspended (): boolean { return this.state >= ProcessState.Suspended && this.state !== ProcessState.Yield; }
}

/** The state a wait puts the process in. */
export function waitState (w: ProcessWait): ProcessState {
  if (w.event && w.clockSeconds >= 0) return ProcessState.WaitForEventOrClock;
  if (w.event) return ProcessState.WaitForEvent;
  if (w.clockSeconds >= 0) return ProcessState.WaitForClock;
  return ProcessState.Suspended;
}

/** Yield this to wait for an event (`vlib_process_wait_for_event`). */
export const waitForEvent = (): ProcessWait => ({ event: true, clockSeconds: -1 });
/** Yield this to sleep for `seconds` (`vlib_process_suspend`, VPP's clock wait). */
export const waitForClock = (seconds: number): ProcessWait => ({ event: false, clockSeconds: seconds });
/** Yield this to wait for an event or until `seconds` pass (`vlib_process_wait_for_event_or_clock`). */
export const waitForEventOrClock = (seconds: number): ProcessWait => ({ event: true, clockSeconds: seconds });
