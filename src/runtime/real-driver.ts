// src/runtime/real-driver.ts: runs one vlib thread's steps on a real thread, blocking with
// Atomics.wait where the step machine asks to sleep or to park at the barrier.

import { StepResult } from '../../graph/main-loop.js';
import { kStop, kWaitAtBarrier, kWakeSeq, type VlibShared } from '../../graph/shared-layout.js';
import type { Steppable } from '../../graph/steppable.js';

/** Longest single Atomics.wait while parked, ms: the stop word is re-checked this often. */
const kParkRecheckMs = 50;

/**
 * Runs a thread (vlib or app) until it exits (the run's stop word, or an app that is done).
 * Sleep: `Atomics.wait` on the thread's wake word with the step's deadline; Parked: wait on
 * `wait_at_barrier` until it is 0. Throws whatever the thread throws.
 */
export function runRealThread (vm: Steppable, shared: VlibShared): void {
  const i32 = shared.i32;
  const seqWord = shared.layout.threadBase(vm.threadIndex) + kWakeSeq;
  for (;;) {
    const r = vm.step();
    if (r === StepResult.Continue) continue;
    if (r === StepResult.Exit) return;
    if (r === StepResult.Sleep) {
      const ms = (vm.sleepDeadlineNs - vm.clock.now()) / 1e6;
      if (ms > 0) Atomics.wait(i32, seqWord, vm.sleepExpectSeq, ms);
      continue;
    }
    // Parked at the barrier
    while (Atomics.load(i32, kWaitAtBarrier) !== 0 && Atomics.load(i32, kStop) === 0) {
      Atomics.wait(i32, kWaitAtBarrier, 1, kParkRecheckMs);
    }
  }
}

/** Sets the run's stop word and wakes every thread so each leaves its loop. */
export function stopAllThreads (vmShared: VlibShared): void {
  const { i32 } = vmShared;
  Atomics.store(i32, kStop, 1);
  Atomics.notify(i32, kWaitAtBarrier);
  for (let t = 0; t < vmShared.layout.nSlots; t++) {
    const w = vmShared.layout.threadBase(t) + kWakeSeq;
    Atomics.add(i32, w, 1);
    Atomics.notify(i32, w);
  }
}
