// src/apps/echo-client-stats.ts: what the builtin echo client prints about a test: the periodic
// report rows, the timeout summary, the final statistics. Every line goes through vppFormat with
// VPP's own format string. Models: v26.02 src/plugins/hs_apps/echo_client.c
// (ec_print_periodic_stats, ec_print_timeout_stats, ec_print_final_stats); HEAD
// src/plugins/vperf/builtin/vperf_stats.c (vp_print_periodic_stats, vp_print_footer,
// vp_print_final_stats), vperf_client.c (vp_client_print_timeout_stats);
// src/vppinfra/std-formats.c format_base10; src/vppinfra/clib.h flt_round_nearest.

import { vppFormat } from '../../graph/vpp-format.js';
import type { SessionMain } from '../session/session-main.js';
import { type EcCfg, type EcShared, EsField } from './echo-client-main.js';

/** One line of CLI output (vlib_cli_output). */
export type CliOut = (line: string) => void;

/** `format_base10`: 999, `1.00K`, `2.10M`, `3.00G` (powers of 1000). */
export function formatBase10 (n: number): string {
  if (n < 1000) return vppFormat('%d', n);
  if (n < 1e6) return vppFormat('%.2fK', n / 1000);
  if (n < 1e9) return vppFormat('%.2fM', n / 1e6);
  return vppFormat('%.2fG', n / 1e9);
}

/** `flt_round_nearest`: (uword) (x + .5). */
export const fltRoundNearest = (x: number): number => Math.floor(x + 0.5);

/** The 61-dash rule of the TCP report table (`ECHO_SEPARATOR`). */
export const EC_REPORT_RULE = '-'.repeat(61);

/** The reporting state the command keeps between rows (`ecm` / `vp_stats_t` fields), times in s. */
export interface EcReportState {
  testStartTime: number;
  lastPrintTime: number;
  lastTotalTxBytes: number;
  lastTotalRxBytes: number;
}

/** Bytes sent and received so far by every session of every thread (main reads the pools). */
export function ecSessionByteSums (sh: EcShared): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (let t = 0; t < sh.nThreads; t++) {
    const bS = sh.fieldBase(t, EsField.BytesSent);
    const bR = sh.fieldBase(t, EsField.BytesReceived);
    for (let i = 0, n = sh.nSessions(t); i < n; i++) {
      sent += sh.f64[bS + i] as number;
      received += sh.f64[bR + i] as number;
    }
  }
  return { sent, received };
}

/**
 * One periodic report row, with the header first when asked (TCP layout; vppsim has no UDP
 * transport). For TCP each session still open adds its rtt sample to the statistics and to
 * the row's rtt (v26.02 prints the sum; HEAD the mean per session).
 */
export function ecPrintPeriodicStats (out: CliOut, sm: SessionMain, sh: EcShared, cfg: EcCfg, rs: EcReportState, nowS: number,
  o: { readonly total: boolean; readonly header: boolean; readonly footer: boolean }): void {
  let sent = 0;
  let received = 0;
  let rtt = 0;
  let nSessions = 0;
  for (let t = 0; t < sh.nThreads; t++) {
    const tab = sm.sessions[t];
    for (let i = 0, n = sh.nSessions(t); i < n; i++) {
      sent += sh.f64[sh.fieldBase(t, EsField.BytesSent) + i] as number;
      received += sh.f64[sh.fieldBase(t, EsField.BytesReceived) + i] as number;
      nSessions++;
      if (!cfg.isTcp) continue;
      const valid = (sh.f64[sh.fieldBase(t, EsField.HandleValid) + i] as number) !== 0 &&
        tab !== undefined && tab.isValid(sh.f64[sh.fieldBase(t, EsField.Si) + i] as number);
      if (valid) {
        sh.rttUpdate(sh.f64[sh.fieldBase(t, EsField.Rtt) + i] as number);
        rtt += sh.rttLast;
      }
    }
  }
  const intervalEnd = nowS - rs.testStartTime;
  const intervalStart = rs.lastPrintTime - rs.testStartTime;
  const total = received + sent;
  const lastTotal = rs.lastTotalTxBytes + rs.lastTotalRxBytes;
  const printDelta = nowS - rs.lastPrintTime;
  if (o.header) {
    out(EC_REPORT_RULE);
    out(o.total ? 'Run time (s)  Transmitted   Received   Throughput   Roundtrip' : 'Interval (s)  Transmitted   Received   Throughput   Roundtrip');
  }
  if (cfg.flavor === 'vperf' && cfg.isTcp) rtt = nSessions > 0 ? rtt / nSessions : 0;
  if (o.total) {
    out(vppFormat('%-13.1f %-13s %-10s %+9sb/s %+7.3fms', intervalEnd, formatBase10(sent), formatBase10(received),
      formatBase10(fltRoundNearest(total / (nowS - rs.testStartTime)) * 8), rtt * 1000));
  } else {
    out(vppFormat('%.1f-%-9.1f %-13s %-10s %+9sb/s %+7.3fms', intervalStart, intervalEnd, formatBase10(sent - rs.lastTotalTxBytes),
      formatBase10(received - rs.lastTotalRxBytes), formatBase10(fltRoundNearest((total - lastTotal) / printDelta) * 8), rtt * 1000));
  }
  if (o.footer) out(EC_REPORT_RULE);
  rs.lastPrintTime = nowS;
  rs.lastTotalTxBytes = sent;
  rs.lastTotalRxBytes = received;
}

/**
 * The timeout summary (`ec_print_timeout_stats` / `vp_client_print_timeout_stats`): when, and
 * how many sessions were still up; HEAD adds the bytes when echoing.
 */
export function ecPrintTimeoutStats (out: CliOut, sh: EcShared, cfg: EcCfg, nowS: number): void {
  out(vppFormat('Timeout at %.6f with %d sessions still active...', nowS, sh.ready));
  if (cfg.flavor === 'vperf' && cfg.echoBytes) {
    const s = ecSessionByteSums(sh);
    out(vppFormat('Received %llu bytes out of %llu sent (%llu target)', s.received, s.sent, cfg.bytesToSend * cfg.expected));
  }
}

/** Bytes the closed sessions sent and received, all threads (`tx_total`, `rx_total`). */
export function ecTotals (sh: EcShared): { tx: number; rx: number } {
  let tx = 0;
  let rx = 0;
  for (let t = 0; t < sh.nThreads; t++) { tx += sh.wrkTxTotal(t); rx += sh.wrkRxTotal(t); }
  return { tx, rx };
}

/**
 * The final statistics: the round trip line (TCP), then the bytes moved (received when
 * echoing, else sent) over `deltaS` seconds, as bytes and as a base-10 rate.
 */
export function ecPrintFinalStats (out: CliOut, sh: EcShared, cfg: EcCfg, deltaS: number): void {
  if (cfg.isTcp) {
    const n = sh.rttN;
    if (n === 1) out(vppFormat('%.05fms roundtrip', sh.rttMin * 1000));
    else if (n > 1) out(vppFormat('%.05fms/%.05fms/%.05fms min/avg/max roundtrip', sh.rttMin * 1000, sh.rttSum / n * 1000, sh.rttMax * 1000));
    else out('error measuring roundtrip time');
  }
  const totals = ecTotals(sh);
  const total = cfg.echoBytes ? totals.rx : totals.tx;
  const type = cfg.echoBytes ? 'full-duplex' : 'half-duplex';
  out(vppFormat('%lld bytes (%lld mbytes, %lld gbytes) in %.2f seconds', total, Math.floor(total / 2 ** 20), Math.floor(total / 2 ** 30), deltaS));
  const rate = fltRoundNearest(total / deltaS);
  out(vppFormat('%u bytes/second %s', rate, type));
  out(vppFormat('%sB/s %s', formatBase10(rate), type));
}
