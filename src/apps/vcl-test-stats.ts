// src/apps/vcl-test-stats.ts: a VCL test session's counters and the blocks the tools print from
// them: the "RESULTS" block (bytes streamed, seconds, Gbit/s, tx and rx counters) and the
// incremental `-S` line. Times are the app clock's ns (virtual or real), read where the C code
// calls clock_gettime (CLOCK_REALTIME); the arithmetic on them is the C code's, on timespecs.
// Models: v26.02 src/plugins/hs_apps/vcl/vcl_test.h (vcl_test_stats_t,
// vcl_test_stats_accumulate, vcl_test_stats_dump, vcl_test_time_diff, vcl_test_stats_dump_inc,
// vcl_comp_tspec). HEAD: src/plugins/vperf/vcl/vperf.h (vperf_stats_*), same output.

import { HS_TEST_SEPARATOR } from './vcl-test-protocol.js';
import { cFixed, cPointer } from './vcl-test-printf.js';

const NS_PER_S = 1_000_000_000;

/** `vcl_test_stats_t`. Byte and transaction counters are u64, the others u32 in C. */
export class VclTestStats {
  /** Read calls (`vppcom_session_read`), EAGAIN ones included. */
  rxXacts = 0;
  /** Bytes read. */
  rxBytes = 0;
  /** Reads that returned EAGAIN. */
  rxEagain = 0;
  /** Reads that returned less than asked. */
  rxIncomp = 0;
  /** Write calls, EAGAIN ones included. */
  txXacts = 0;
  /** Bytes written. */
  txBytes = 0;
  /** Writes that returned EAGAIN. */
  txEagain = 0;
  /** Writes that returned less than what was then left (vcl_test_write's own test). */
  txIncomp = 0;
  /** Resets vpp reported. */
  resetCount = 0;
  /** Closes vpp reported. */
  closeCount = 0;
  /** Start, ns on the app clock. */
  startNs = 0;
  /** Stop, ns on the app clock. */
  stopNs = 0;

  /** `memset (stats, 0, …)`. */
  reset (): this {
    this.rxXacts = 0; this.rxBytes = 0; this.rxEagain = 0; this.rxIncomp = 0;
    this.txXacts = 0; this.txBytes = 0; this.txEagain = 0; this.txIncomp = 0;
    this.resetCount = 0; this.closeCount = 0; this.startNs = 0; this.stopNs = 0;
    return this;
  }

  /** Struct assignment. */
  copyFrom (o: VclTestStats): this {
    this.rxXacts = o.rxXacts; this.rxBytes = o.rxBytes; this.rxEagain = o.rxEagain; this.rxIncomp = o.rxIncomp;
    this.txXacts = o.txXacts; this.txBytes = o.txBytes; this.txEagain = o.txEagain; this.txIncomp = o.txIncomp;
    this.resetCount = o.resetCount; this.closeCount = o.closeCount; this.startNs = o.startNs; this.stopNs = o.stopNs;
    return this;
  }

  /** `vcl_test_stats_accumulate`: adds the counters of `incr` (not its times). */
  accumulate (incr: VclTestStats): this {
    this.rxXacts += incr.rxXacts; this.rxBytes += incr.rxBytes; this.rxEagain += incr.rxEagain; this.rxIncomp += incr.rxIncomp;
    this.txXacts += incr.txXacts; this.txBytes += incr.txBytes; this.txEagain += incr.txEagain; this.txIncomp += incr.txIncomp;
    this.resetCount += incr.resetCount; this.closeCount += incr.closeCount;
    return this;
  }
}

/** A snapshot of {@link VclTestStats} (plain data, for results sent between threads). */
export type VclTestStatsSnapshot = { -readonly [K in keyof VclTestStats as VclTestStats[K] extends number ? K : never]: number };

/** Copies the counters and times of `s`. */
export const snapshotVclTestStats = (s: VclTestStats): VclTestStatsSnapshot => ({
  rxXacts: s.rxXacts, rxBytes: s.rxBytes, rxEagain: s.rxEagain, rxIncomp: s.rxIncomp,
  txXacts: s.txXacts, txBytes: s.txBytes, txEagain: s.txEagain, txIncomp: s.txIncomp,
  resetCount: s.resetCount, closeCount: s.closeCount, startNs: s.startNs, stopNs: s.stopNs,
});

/** A time as `struct timespec` {tv_sec, tv_nsec}, from ns. */
const tvSec = (ns: number): number => Math.floor(ns / NS_PER_S);
const tvNsec = (ns: number): number => ns - tvSec(ns) * NS_PER_S;

/**
 * The duration `vcl_test_stats_dump` computes: a signed timespec difference turned into
 * `tv_sec + 1e-9 * tv_nsec` seconds.
 */
export function vclTestStatsDuration (startNs: number, stopNs: number): number {
  let sec = tvSec(stopNs) - tvSec(startNs);
  let nsec = tvNsec(stopNs) - tvNsec(startNs);
  if (nsec < 0) { sec -= 1; nsec += 1e9; }
  return sec + 1e-9 * nsec;
}

/**
 * `vcl_test_time_diff`: seconds from `oldNs` to `newNs` as the C code computes them, in u64
 * fields (a negative difference wraps to about 1.8e19 s, as there).
 */
export function vclTestTimeDiff (oldNs: number, newNs: number): number {
  let sec = tvSec(newNs) - tvSec(oldNs);
  let nsec = tvNsec(newNs) - tvNsec(oldNs);
  if (nsec < 0) { sec -= 1; nsec += 1e9; }
  if (sec < 0) sec += 2 ** 64;
  return sec + 1e-9 * nsec;
}

/** `vcl_comp_tspec (a, b) < 0`. */
export const vclTimeBefore = (aNs: number, bNs: number): boolean => aNs < bNs;

const hex8 = (v: number): string => v.toString(16).padStart(8, '0');
const u32 = (v: number): number => v % 4294967296;

/**
 * `vcl_test_stats_dump`: the RESULTS block, one string per line (it starts with an empty line).
 * `Streamed` counts tx + rx bytes whatever is shown; the rate is bits / duration / 1e9 and the
 * duplex word is "full" only when both directions are shown. `addr` is the stats' address for
 * the `(0x%p)` (which prints `0x0x…`, as in VPP). `verbose` adds the raw start and stop times.
 */
export function formatVclTestStats (header: string, s: VclTestStats, showRx: boolean, showTx: boolean, verbose: boolean, addr: number): string[] {
  const duration = vclTestStatsDuration(s.startNs, s.stopNs);
  const totalBytes = s.txBytes + s.rxBytes;
  const rate = totalBytes * 8 / duration / 1e9;
  const out = [
    '',
    `${header}: Streamed ${totalBytes} bytes`,
    `  in ${cFixed(duration, 6)} seconds (${cFixed(rate, 6)} Gbps ${showRx && showTx ? 'full' : 'half'}-duplex)!`,
  ];
  if (showTx) {
    out.push(HS_TEST_SEPARATOR, `  tx stats (0x${cPointer(addr)}):`, HS_TEST_SEPARATOR,
      `         writes:  ${s.txXacts} (0x${hex8(s.txXacts)})`,
      `       tx bytes:  ${s.txBytes} (0x${hex8(s.txBytes)})`,
      `      tx eagain:  ${u32(s.txEagain)} (0x${hex8(u32(s.txEagain))})`,
      `  tx incomplete:  ${u32(s.txIncomp)} (0x${hex8(u32(s.txIncomp))})`);
  }
  if (showRx) {
    out.push(HS_TEST_SEPARATOR, `  rx stats (0x${cPointer(addr)}):`, HS_TEST_SEPARATOR,
      `          reads:  ${s.rxXacts} (0x${hex8(s.rxXacts)})`,
      `       rx bytes:  ${s.rxBytes} (0x${hex8(s.rxBytes)})`,
      `      rx eagain:  ${u32(s.rxEagain)} (0x${hex8(u32(s.rxEagain))})`,
      `  rx incomplete:  ${u32(s.rxIncomp)} (0x${hex8(u32(s.rxIncomp))})`);
  }
  out.push(`    reset count:  ${u32(s.resetCount)}`, `    close count:  ${u32(s.closeCount)}`);
  if (verbose) {
    out.push(`   start.tv_sec:  ${tvSec(s.startNs)}`, `  start.tv_nsec:  ${tvNsec(s.startNs)}`,
      `    stop.tv_sec:  ${tvSec(s.stopNs)}`, `   stop.tv_nsec:  ${tvNsec(s.stopNs)}`);
  }
  out.push(HS_TEST_SEPARATOR);
  return out;
}

/**
 * `vcl_test_stats_dump_inc`: `<fd>: Sent|Received <MB> Mbytes in <s> seconds <Gbps> Gbps`, the
 * bytes since `old` over the time since `old.stop` (MB truncated to an integer, 1e6 bytes).
 */
export function formatVclTestStatsInc (fd: number, cur: VclTestStats, old: VclTestStats, isRx: boolean): string {
  const duration = vclTestTimeDiff(old.stopNs, cur.stopNs);
  const totalBytes = isRx ? cur.rxBytes - old.rxBytes : cur.txBytes - old.txBytes;
  const rate = totalBytes * 8 / duration / 1e9;
  return `${fd | 0}: ${isRx ? 'Received' : 'Sent'} ${Math.trunc(totalBytes / 1e6)} Mbytes in ${cFixed(duration, 2)} seconds ${cFixed(rate, 2)} Gbps`;
}
