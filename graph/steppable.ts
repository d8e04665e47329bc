// graph/steppable.ts: what a driver runs: a vlib thread (VlibMain) or an app thread. One step
// runs until the thread finishes a unit of work or must block; see StepResult.

import type { Clock } from './clock.js';
import type { StepResult } from './main-loop.js';

/** A thread as the real driver and the virtual scheduler see it. */
export interface Steppable {
  /** Slot in the run's per-thread words: vlib threads 0..n-1, then app threads. */
  readonly threadIndex: number;
  readonly clock: Clock;
  /** One step. */
  step (): StepResult;
  /** After a Sleep result: the latest wake time, ns. */
  readonly sleepDeadlineNs: number;
  /** After a Sleep result: the wake word value seen before deciding to sleep. */
  readonly sleepExpectSeq: number;
  /**
   * Set by the virtual scheduler before each step: the earliest time another thread can act, ns
   * (0: unknown). A thread may take several idle iterations in one step up to it.
   */
  horizonNs: number;
  /** After a step: did it do anything another thread could see? (false: it only slept or spun) */
  readonly stepVisible: boolean;
  /**
   * After a step: the time until which the thread will do nothing another thread could see
   * unless given work (0: none promised).
   */
  readonly quietUntilNs: number;
}
