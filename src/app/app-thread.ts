// src/app/app-thread.ts: an app thread as a step machine, so the same app code runs on a real
// thread and in virtual time. The app is a generator (like a VPP process node) that yields what
// it waits for: some fds to become readable, or a timeout. The thread sleeps with the engine's
// protocol: publish `sleeping`, re-check the fds, wait on its wake word.

import { type Clock, VirtualClock } from '../../graph/clock.js';
import { StepResult } from '../../graph/main-loop.js';
import { kAppSleeps, kSleeping, kStop, kWakeSeq, type VlibShared } from '../../graph/shared-layout.js';
import type { Steppable } from '../../graph/steppable.js';
import type { Elog } from '../../graph/elog.js';
import { AppRunReason, ElogAppRun, ElogAppSleep, elogNs } from './app-elog.js';

/** Anything an app can wait on: svm eventfds, socket API ends, message queues' eventfds. */
export interface AppFd {
  isReadable (nowNs: number): boolean;
}

/** What an app yields: wait until one of `fds` is readable or `timeoutNs` passed (Infinity: no timeout). */
export interface AppWait {
  fds: readonly AppFd[];
  timeoutNs: number;
}

/** An app's body. */
export type AppProgram = Generator<AppWait, void, void>;

/** A reusable wait object per thread, so yielding allocates nothing. */
export class AppWaitBuf implements AppWait {
  fds: readonly AppFd[] = [];
  timeoutNs = Infinity;
  /** Fills and returns this object. */
  set (fds: readonly AppFd[], timeoutNs: number): AppWait {
    this.fds = fds;
    this.timeoutNs = timeoutNs;
    return this;
  }
}

/** Runs one app program in thread slot `threadIndex` (≥ the run's vlib threads). */
export class AppThread implements Steppable {
  sleepDeadlineNs = 0;
  sleepExpectSeq = 0;
  /** Unused: an app thread takes one resume per step. */
  horizonNs = 0;
  /** True after a step that ran the program; false after one that went to sleep. */
  stepVisible = true;
  /** An app thread promises nothing. */
  readonly quietUntilNs = 0;
  private wait: AppWait | null = null;
  private deadline = Infinity;
  private done = false;
  private readonly sleepingWord: number;
  private readonly seqWord: number;
  private readonly sleepsWord: number;
  /** Steps that resumed the program. */
  resumes = 0;

  constructor (
    readonly threadIndex: number,
    readonly clock: Clock,
    readonly shared: VlibShared,
    private readonly program: AppProgram,
    /** Where the thread logs its runs and sleeps (null: nowhere). */
    readonly elog: Elog | null = null,
  ) {
    this.sleepingWord = shared.layout.threadBase(threadIndex) + kSleeping;
    this.seqWord = shared.layout.threadBase(threadIndex) + kWakeSeq;
    this.sleepsWord = shared.layout.threadBase(threadIndex) + kAppSleeps;
  }

  /** Sleeps so far (kept in the thread's shared word, where other threads read it too). */
  get sleeps (): number { return Atomics.load(this.shared.i32, this.sleepsWord) >>> 0; }

  /** True once the program returned. */
  get finished (): boolean { return this.done; }

  private ready (now: number): boolean {
    const w = this.wait as AppWait;
    if (now >= this.deadline) return true;
    for (const fd of w.fds) if (fd.isReadable(now)) return true;
    return false;
  }

  step (): StepResult {
    const i32 = this.shared.i32;
    if (this.done || Atomics.load(i32, kStop) !== 0) return StepResult.Exit;
    let reason: number = AppRunReason.Start;
    if (this.wait !== null) {
      const now = this.clock.now();
      if (!this.ready(now)) {
        Atomics.store(i32, this.sleepingWord, 1);
        const seq = Atomics.load(i32, this.seqWord);
        if (!this.ready(now)) {
          Atomics.add(i32, this.sleepsWord, 1);
          this.sleepDeadlineNs = this.deadline;
          this.sleepExpectSeq = seq;
          const t = this.wait.timeoutNs;
          this.elog?.add(now, ElogAppSleep, t === Infinity ? -1 : Math.floor(t / 1e6), 0, 0);
          this.stepVisible = false;
          return StepResult.Sleep;
        }
      }
      Atomics.store(i32, this.sleepingWord, 0);
      reason = now >= this.deadline ? AppRunReason.Timeout : AppRunReason.FdReady;
    }
    this.resumes++;
    this.stepVisible = true;
    const start = this.clock.now();
    // virtual time: the program's work between two waits costs appResumeNs (a polling app advances)
    if (this.clock instanceof VirtualClock) this.clock.spend(this.clock.cost.appResumeNs);
    const r = this.program.next();
    this.elog?.add(start, ElogAppRun, elogNs(this.clock.now() - start), reason, 0);
    if (r.done === true) {
      this.done = true;
      return StepResult.Exit;
    }
    this.wait = r.value;
    this.deadline = r.value.timeoutNs === Infinity ? Infinity : this.clock.now() + r.value.timeoutNs;
    return StepResult.Continue;
  }
}
