// src/bench/floors-pool.ts: running floors-worker.ts tasks on a two-thread piscina pool, one side
// of a pair per thread, so that a side that throws ends the measurement with its own error and
// the other side stops too (the abort word, then the watchdog, then pool.destroy()), never hangs.

import { Piscina } from 'piscina';
import { ThreadCrashError, VppsimError } from '../errors.js';
import { kFloorCtlAbort, kFloorCtlPing, kFloorCtlPong, kFloorCtlReady } from './floors-layout.js';
import type { FloorSide, FloorTask } from './floors-worker.js';

/** A pool of two floor threads. */
export type FloorPool = Piscina<FloorTask, FloorSide>;

/** Main gives up on a task after this long (ms): past the thread side's own `hangMs` give-up. */
export const FLOOR_WATCHDOG_MS = 35_000;

/** Two threads, one task each at a time: the two sides of a pair always run on different threads. */
export function createFloorPool (): FloorPool {
  return new Piscina<FloorTask, FloorSide>({
    filename: new URL('./floors-worker.js', import.meta.url).href,
    minThreads: 2,
    maxThreads: 2,
    concurrentTasksPerWorker: 1,
    idleTimeout: 10_000,
  });
}

/** Rejects after `ms` (calling `onTimeout` first) unless `p` settles before; the timer never keeps the process alive. */
function withWatchdog<T> (p: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const dog = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new VppsimError('ERR_BENCH_HANG', `${what}: no result after ${ms} ms`));
    }, ms);
    timer.unref();
  });
  return Promise.race([p, dog]).finally(() => clearTimeout(timer));
}

const crash = (what: string, e: unknown): ThreadCrashError =>
  new ThreadCrashError(-1, `floors: ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });

/**
 * Runs a single-thread task on one pool thread and checks the result is of the task's kind.
 * Throws ThreadCrashError (the thread's error as `cause`).
 */
export async function runFloorTask<K extends FloorTask['kind']> (
  pool: FloorPool, task: FloorTask & { kind: K }, what: string, watchdogMs = FLOOR_WATCHDOG_MS,
): Promise<FloorSide & { kind: K }> {
  let r: FloorSide;
  try {
    r = await withWatchdog(pool.run(task), watchdogMs, what, () => {});
  } catch (e) {
    throw crash(what, e);
  }
  if (r.kind !== task.kind) throw new VppsimError('ERR_BENCH_RESULT', `floors: ${what}: got a ${r.kind} result`);
  return r as FloorSide & { kind: K };
}

/**
 * Runs the two sides of a two-thread task at once, sharing the control SAB `ctlSab`. When a side
 * throws, the abort word (and a notify on every control word) tells the other to give up; the
 * first error thrown ends the pair as a ThreadCrashError with that error as `cause`.
 */
export async function runFloorPair (
  pool: FloorPool, a: FloorTask, b: FloorTask, ctlSab: SharedArrayBuffer, what: string, watchdogMs = FLOOR_WATCHDOG_MS,
): Promise<[FloorSide, FloorSide]> {
  const ctl = new Int32Array(ctlSab);
  const abort = (): void => {
    Atomics.store(ctl, kFloorCtlAbort, 1);
    for (const w of [kFloorCtlReady, kFloorCtlPing, kFloorCtlPong]) Atomics.notify(ctl, w);
  };
  const errors: unknown[] = []; // in the order thrown: the first is the root cause, not the other side's abort
  const side = (t: FloorTask): Promise<FloorSide> => pool.run(t).catch((e: unknown) => {
    errors.push(e);
    abort();
    throw e;
  });
  let settled: PromiseSettledResult<FloorSide>[];
  try {
    settled = await withWatchdog(Promise.allSettled([side(a), side(b)]), watchdogMs, what, abort);
  } catch (e) {
    throw crash(what, e);
  }
  if (errors.length > 0) throw crash(what, errors[0]);
  const [ra, rb] = settled;
  if (ra?.status !== 'fulfilled' || rb?.status !== 'fulfilled') throw crash(what, new Error('a side neither returned nor threw'));
  return [ra.value, rb.value];
}
