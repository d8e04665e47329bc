// src/runtime/cpu-time.ts: CPU time and Linux thread id of the calling thread, from /proc.
// Each worker thread reads its own /proc/thread-self; nothing here crosses threads.

import { readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time the calling thread has used, ns: the first field of /proc/thread-self/schedstat
 * (time on CPU). Returns -1 where /proc is not available.
 */
export function threadCpuNs (): number {
  try {
    const s = readFileSync('/proc/thread-self/schedstat', 'utf8');
    const ns = Number(s.slice(0, s.indexOf(' ')));
    return Number.isFinite(ns) ? ns : -1;
  } catch {
    return -1;
  }
}

/** The calling thread's Linux thread id (LWP), from the /proc/thread-self link; 0 if unknown. */
export function threadLwp (): number {
  try {
    const link = readlinkSync('/proc/thread-self'); // "<pid>/task/<tid>"
    const tid = Number(link.slice(link.lastIndexOf('/') + 1));
    return Number.isInteger(tid) ? tid : 0;
  } catch {
    return 0;
  }
}
