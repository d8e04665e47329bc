// graph/file-poll.ts: the epoll analogue. Files with read callbacks registered on a thread,
// and the decision whether the thread may sleep.
// Models: src/vlib/file.c vlib_file_poll, vlib_file_poll_init, wake_read_fn;
// src/vppinfra/file.h clib_file_t.

import { GraphError } from '../src/errors.js';
import {
  kSleeping, kStatEpolls, kStatFdWakeups, kStatSleeps, kTimeLastBarrierReleaseNs, kWaitAtBarrier,
  kWakeSeq, kWakeupFd, kWakeupPending,
} from './shared-layout.js';
import { NodeState } from './node.js';
import { VLIB_TW_TICKS_PER_SECOND } from './timer-wheel.js';
import type { VlibMain } from './main-loop.js';

/**
 * What the file poll needs of a file descriptor: level-triggered read readiness (epoll EPOLLIN)
 * and, for timers, when it becomes readable by itself. svm eventfds and timerfds satisfy it.
 */
export interface FileDescriptor {
  /** True while the fd has something to read at `nowNs`. */
  isReadable (nowNs: number): boolean;
  /** When the fd becomes readable without anyone writing it (timers), ns; Infinity otherwise. */
  readonly readyAtNs: number;
}

/** A read callback (`clib_file_t.read_function`). */
export type FileReadFunction = (vm: VlibMain, file: ClibFile) => void;

/** A file registered on one thread's poll. Models: src/vppinfra/file.h clib_file_t. */
export class ClibFile {
  /** Read callbacks made (`read_events`, `show files`). */
  readEvents = 0;
  /** Index in the thread's file list while registered, else -1. */
  index = -1;
  /** Id on its thread, stable after deletion (event log names files by it); -1 until added. */
  id = -1;

  constructor (
    /** As `show files` prints it: `wakeup thread 1`, `session-wrk-tfd-1`, `app-0-rx-mq-1`. */
    readonly description: string,
    readonly fd: FileDescriptor,
    readonly readFunction: FileReadFunction,
    /** Opaque value for the callback (`private_data`). */
    readonly privateData = 0,
  ) {}
}

/** Files returned by one epoll_wait (`epoll_events[16]` in vlib_file_poll). */
export const MAX_EPOLL_EVENTS = 16;
/** How ERR_VPP_LIVELOCK messages end (they keep it across threads, where the code is lost). */
export const VPP_LIVELOCK_WORDS = 'would spin here for ever';
/** Loops to skip polling when busy (`file_poll_skip_loops = 1024`). */
export const FILE_POLL_SKIP_LOOPS = 1024;
/** Longest sleep, ms (`max_timeout_ms = 10`). */
export const MAX_SLEEP_TIMEOUT_MS = 10;
/** Workers do not sleep for this long after a barrier release, ns (`time_last_barrier_release + 0.5`). */
export const BARRIER_RELEASE_NO_SLEEP_NS = 0.5e9;
/** What {@link FilePoll.decide} found. */
export const PollDecision = {
  /** `poll-sleep-usec`: main sleeps a fixed time, then polls. */
  FixedSleep: 0,
  /** Busy, or a worker just after a barrier release: poll now, then skip 1024 loops. */
  Skip: 1,
  /** Poll now with timeout 0 (an interrupt is pending, or the barrier is closing). */
  PollNow: 2,
  /** A handoff's no-sleep polls: count one down, then as Skip. */
  NoSleepSkip: 3,
  /** Publish `thread_sleeps` and sleep if nothing turned up. */
  TrySleep: 4,
} as const;
export type PollDecision = (typeof PollDecision)[keyof typeof PollDecision];

/** Consecutive full epoll rounds taken as VPP's endless re-poll (see FilePoll.epoll). */
export const EPOLL_LIVELOCK_ROUNDS = 100_000;

/** The eventfd each thread's wakeups are written to (`vm->wakeup_fd`), in the run's SAB. */
class WakeupFd implements FileDescriptor {
  readonly readyAtNs = Infinity;
  constructor (private readonly i32: Int32Array, private readonly word: number) {}
  isReadable (_nowNs: number): boolean { return Atomics.load(this.i32, this.word) !== 0; }
  /** `wake_read_fn`: reads (zeroes) the counter. */
  read (): void { Atomics.exchange(this.i32, this.word, 0); }
}

/**
 * One thread's file poll: its files, VPP's counters, and the sleep decision. The thread's
 * `step` calls {@link FilePoll.poll}; when it returns true the thread sleeps (the driver waits on
 * the wake word until `vm.sleepDeadlineNs`) and then calls {@link FilePoll.epoll} with
 * `slept = true`.
 */
export class FilePoll {
  readonly files: ClibFile[] = [];
  /** Loops left before the next poll (`file_poll_skip_loops`). */
  skipLoops = 0;
  /** Polls left that may not sleep (`file_poll_no_sleep_epolls`, set after handoff). */
  noSleepEpolls = 0;
  /** `epoll_waits`: the Epolls column of `show threads`. */
  epollWaits = 0;
  /** `epoll_files_ready`. */
  epollFilesReady = 0;
  /** `sleep_count`: the Sleeps column. */
  sleepCount = 0;
  /** `sleep_fd_event_count`: the FdWakeups column. */
  sleepFdEventCount = 0;
  /** The `wakeup thread N` file. */
  readonly wakeupFile: ClibFile;
  /** Descriptions of every file ever added, by id. */
  readonly descriptions: string[] = [];
  private readonly ready: ClibFile[] = [];

  constructor (private readonly vm: VlibMain) {
    const s = vm.shared;
    const wfd = new WakeupFd(s.i32, s.layout.threadBase(vm.threadIndex) + kWakeupFd);
    this.wakeupFile = this.add(new ClibFile(`wakeup thread ${vm.threadIndex}`, wfd, () => wfd.read()));
  }

  /** Registers a file on this thread (`clib_file_add` with `polling_thread_index`). */
  add (f: ClibFile): ClibFile {
    f.id = this.descriptions.length;
    this.descriptions.push(f.description);
    f.index = this.files.length;
    this.files.push(f);
    return f;
  }

  /** Unregisters a file (`clib_file_del`). */
  del (f: ClibFile): void {
    const i = this.files.indexOf(f);
    if (i < 0) return;
    this.files.splice(i, 1);
    for (let j = i; j < this.files.length; j++) (this.files[j] as ClibFile).index = j;
    f.index = -1;
  }

  /** Earliest time a registered file becomes readable by itself (timerfds), ns. */
  nextFileReadyAtNs (): number {
    let t = Infinity;
    for (const f of this.files) if (f.fd.readyAtNs < t) t = f.fd.readyAtNs;
    return t;
  }

  /** True if any registered file is readable at `nowNs`. */
  anyReadable (nowNs: number): boolean {
    for (const f of this.files) if (f.fd.isReadable(nowNs)) return true;
    return false;
  }

  /**
   * `vlib_file_poll` up to its `epoll_wait`. Returns true when the thread should sleep now, with
   * `vm.sleepDeadlineNs` and `vm.sleepExpectSeq` set; otherwise it has already polled with a
   * zero timeout. Departure from VPP, on purpose (vpp-notes §H, lost-wakeup window): after
   * publishing `thread_sleeps = 1` vppsim re-checks node interrupts as well as handoff queues.
   */
  poll (): boolean {
    const vm = this.vm;
    const i32 = vm.shared.i32;
    const tb = vm.shared.layout.threadBase(vm.threadIndex);
    const now = vm.clock.now();

    switch (this.decide(now)) {
      case PollDecision.FixedSleep:
        vm.fixedSleep(vm.pollSleepUsec * 1000);
        this.epoll(false);
        return false;
      case PollDecision.Skip:
        return this.skip();
      case PollDecision.PollNow:
        this.epoll(false);
        return false;
      case PollDecision.NoSleepSkip:
        this.noSleepEpolls--;
        return this.skip();
      default:
        break;
    }

    // Going to sleep: announce it, then look again at everything that could need us.
    Atomics.store(i32, tb + kSleeping, 1);
    const seq = Atomics.load(i32, tb + kWakeSeq);
    // VPP re-checks the handoff bitmap here; vppsim also node interrupts and the mailbox
    if (vm.handoffPending() || vm.anyInterruptPending() || vm.mailboxPending()) {
      Atomics.store(i32, tb + kSleeping, 0);
      this.epoll(false);
      return false;
    }
    const timeoutMs = this.sleepTimeoutMs(now);
    this.countSleeps(1);
    if (timeoutMs === 0 || this.anyReadable(now)) {
      // epoll_wait returns at once: a zero timeout, or a file is already readable
      this.epoll(true);
      return false;
    }
    vm.elogSleep(timeoutMs);
    vm.sleepDeadlineNs = Math.min(now + timeoutMs * 1e6, this.nextFileReadyAtNs());
    vm.sleepExpectSeq = seq;
    return true;
  }

  /**
   * What `vlib_file_poll` does at `nowNs` before it publishes `thread_sleeps`, in its order:
   * main's fixed sleep, busy skip, a worker's barrier poll or post-release skip, a pending
   * interrupt, a handoff's no-sleep polls; else it tries to sleep.
   */
  decide (nowNs: number): PollDecision {
    const vm = this.vm;
    if (vm.isMain && vm.pollSleepUsec > 0) return PollDecision.FixedSleep;
    // busy: skip some loops before polling again
    if (vm.internalNodeLastVectorsPerMainLoop >= 2 || (vm.inputNodeCountsByState[NodeState.Polling] as number) > 0) {
      return PollDecision.Skip;
    }
    if (!vm.isMain) {
      if (Atomics.load(vm.shared.i32, kWaitAtBarrier) !== 0) return PollDecision.PollNow;
      const released = vm.shared.f64[vm.shared.layout.f64Global(kTimeLastBarrierReleaseNs)] as number;
      if (released > 0 && released + BARRIER_RELEASE_NO_SLEEP_NS >= nowNs) return PollDecision.Skip;
    }
    if (vm.anyInterruptPending()) return PollDecision.PollNow;
    if (this.noSleepEpolls > 0) return PollDecision.NoSleepSkip;
    return PollDecision.TrySleep;
  }

  /**
   * Virtual time: true if a poll at `nowNs` would be an `epoll_wait` with timeout 0 that finds
   * nothing (the thread is within 1 ms of its next timer and has nothing to do), so that
   * {@link countEmptyZeroTimeoutPolls} may account several at once.
   */
  isEmptyZeroTimeoutPoll (nowNs: number): boolean {
    const vm = this.vm;
    return this.decide(nowNs) === PollDecision.TrySleep && !vm.handoffPending() && !vm.mailboxPending() &&
      this.sleepTimeoutMs(nowNs) === 0 && !this.anyReadable(nowNs);
  }

  /**
   * Accounts `n` polls like the one {@link isEmptyZeroTimeoutPoll} describes: each is a sleep and
   * an epoll in `show threads` and costs `epollNs` (charged by the caller with its loops).
   */
  countEmptyZeroTimeoutPolls (n: number): void {
    this.countSleeps(n);
    this.epollWaits += n;
    this.vm.shared.f64[this.vm.shared.layout.threadStatsBase(this.vm.threadIndex) + kStatEpolls] = this.epollWaits;
  }

  private countSleeps (n: number): void {
    this.sleepCount += n;
    this.vm.shared.f64[this.vm.shared.layout.threadStatsBase(this.vm.threadIndex) + kStatSleeps] = this.sleepCount;
  }

  /** The sleep timeout in whole ms from the next vlib timer, capped at 10 ms (sub-ms → 0). */
  private sleepTimeoutMs (now: number): number {
    const next = this.vm.timers.nextDeadlineNs();
    if (next === Infinity) return MAX_SLEEP_TIMEOUT_MS;
    const ticks = Math.max(0, Math.floor((next - now) * VLIB_TW_TICKS_PER_SECOND / 1e9));
    return Math.min(Math.floor(ticks / (VLIB_TW_TICKS_PER_SECOND / 1000)), MAX_SLEEP_TIMEOUT_MS);
  }

  private skip (): false {
    this.skipLoops = FILE_POLL_SKIP_LOOPS;
    this.epoll(false);
    return false;
  }

  /**
   * The `epoll_wait` result: clears `thread_sleeps` and `wakeup_pending`, counts, and calls the
   * read function of each readable file, at most 16 per wait, polling again while 16 came back.
   * Throws GraphError `ERR_VPP_LIVELOCK` when 16 files stay readable round after round (VPP
   * spins for ever there: 16 app rx mqs pending on one thread, whose read function does not read
   * a pending mq's eventfd, do it), so the run ends with the reason instead of hanging.
   */
  epoll (slept: boolean): void {
    const vm = this.vm;
    const i32 = vm.shared.i32;
    const tb = vm.shared.layout.threadBase(vm.threadIndex);
    Atomics.store(i32, tb + kSleeping, 0);
    Atomics.store(i32, tb + kWakeupPending, 0);
    const stats = vm.shared.layout.threadStatsBase(vm.threadIndex);
    let n: number;
    let rounds = 0;
    do {
      if (++rounds > EPOLL_LIVELOCK_ROUNDS) {
        const names = this.ready.slice(0, MAX_EPOLL_EVENTS).map((f) => f.description).join(', ');
        throw new GraphError('ERR_VPP_LIVELOCK', `vlib_file_poll on thread ${vm.threadIndex}: ${MAX_EPOLL_EVENTS} files stay readable and their read functions do not read them ` +
          `(${names}); VPP re-polls while all ${MAX_EPOLL_EVENTS} epoll slots fill (src/vlib/file.c), so it ${VPP_LIVELOCK_WORDS}`);
      }
      vm.clock.spend(vm.cost.epollNs);
      const now = vm.clock.now();
      const ready = this.ready;
      n = 0;
      for (const f of this.files) {
        if (n === MAX_EPOLL_EVENTS) break;
        if (f.fd.isReadable(now)) ready[n++] = f;
      }
      this.epollWaits++;
      this.epollFilesReady += n;
      if (slept && n > 0) this.sleepFdEventCount++;
      vm.shared.f64[stats + kStatEpolls] = this.epollWaits;
      vm.shared.f64[stats + kStatFdWakeups] = this.sleepFdEventCount;
      for (let i = 0; i < n; i++) {
        const f = ready[i] as ClibFile;
        f.readEvents++;
        if (f !== this.wakeupFile) vm.elogFileRead(f);
        vm.elogSrcFile = f.id;
        vm.noteFileRead();
        f.readFunction(vm, f);
        vm.elogSrcFile = -1;
      }
    } while (n === MAX_EPOLL_EVENTS);
  }
}
