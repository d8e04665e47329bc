// src/run/run-control.ts: the words a run's orchestrator, its CLI process on main and its app
// threads share: whether the script is done, how many apps finished, whether the run was asked
// to end; and one eventfd per external app that the script writes to start it (so a sleeping
// app thread wakes, in real and in virtual time).

import type { FdNotifier } from '../svm/eventfd.js';
import { SvmEventfd } from '../svm/eventfd.js';
import { SvmSegment } from '../svm/segment.js';

/** Words of the control block. */
export const kRunScriptDone = 0;     /**< 1 once the script, the waits for apps and the end shows are done */
export const kRunEndRequested = 1;   /**< 1 when the run's duration is up: main runs the end shows, then sets done */
export const kRunAppsFinished = 2;   /**< app programs that returned */
export const kRunClientsFinished = 3; /**< client apps (the ones the run waits for) that returned */
export const kRunCliFailed = 4;      /**< 1 if a command failed and the script stopped (VPP's exec stops there) */
const kRunWords = 8;

/** What crosses to threads (plain data). */
export interface RunControlInit {
  readonly sab: SharedArrayBuffer;
  /** The segment holding the apps' start eventfds. */
  readonly segment: SharedArrayBuffer;
  /** Offset of app k's start eventfd. */
  readonly startEfds: readonly number[];
}

/** A view of a run's control block. */
export class RunControl {
  readonly i32: Int32Array;
  private readonly seg: SvmSegment;

  constructor (readonly init: RunControlInit) {
    this.i32 = new Int32Array(init.sab);
    this.seg = SvmSegment.attach(init.segment);
  }

  /** Lays out a control block for `nApps` external apps. */
  static create (nApps: number): RunControlInit {
    const seg = SvmSegment.create('vppsim-run-control', 4096 + nApps * 256);
    const startEfds = Array.from({ length: nApps }, () => seg.allocEventfd());
    return { sab: new SharedArrayBuffer(kRunWords * 4), segment: seg.sab, startEfds };
  }

  /** Word `k`. */
  get (k: number): number { return Atomics.load(this.i32, k); }
  /** Sets word `k`. */
  set (k: number, v: number): void { Atomics.store(this.i32, k, v); }
  /** Adds 1 to word `k`. */
  bump (k: number): void { Atomics.add(this.i32, k, 1); }

  /**
   * App `k`'s start eventfd, for the writer (`notifier` wakes the app if it sleeps) or the app
   * (register it on its slot).
   */
  startEventfd (k: number, notifier: FdNotifier | null): SvmEventfd {
    return this.seg.eventfd(this.init.startEfds[k] as number, { notifier });
  }
}
