// src/run/run-result.ts: what a run gives back, whichever the clock: the plan, every vlib
// thread's statistics and event log, main's CLI output, every external app's report, and the
// shared memory to read what the threads left there.

import type { Graph } from '../../graph/build.js';
import type { VlibShared } from '../../graph/shared-layout.js';
import type { RunMainResult } from '../runtime/run-graph.js';
import type { VlibThreadResult } from '../runtime/thread-entry.js';
import type { ExternalAppResult } from './external-app.js';
import type { RunPlan } from './run-plan.js';
import type { SessionInit } from '../session/session-main.js';

/** A finished run. */
export interface RunResult {
  readonly plan: RunPlan;
  readonly clock: 'real' | 'virtual';
  /** When it stopped: virtual ns, or wall ns since the epoch for real runs. */
  readonly endNs: number;
  /** Wall time the run took, ns. */
  readonly wallNs: number;
  /** Stopped at the safety cap, not by its script or duration. */
  readonly stuck: boolean;
  readonly threads: readonly VlibThreadResult[];
  readonly main: RunMainResult;
  readonly apps: readonly ExternalAppResult[];
  readonly shared: VlibShared;
  readonly graph: Graph;
  /** A command failed and the script stopped there (VPP's exec does). */
  readonly cliFailed: boolean;
  /** The session layer's shared memory (its counters feed the invariant). */
  readonly session: SessionInit;
}
