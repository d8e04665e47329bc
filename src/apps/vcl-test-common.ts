// src/apps/vcl-test-common.ts: what vcl_test_server and vcl_test_client share: the app's VCL
// configuration (vcl.conf's defaults), a test session (`vcl_test_session_t`), the tools' print
// macros (vtinf, vtwrn, vterr, vtfail), and `vcl_test_read` / `vcl_test_write` with VCL's blocking
// and non-blocking session semantics over vppsim's non-blocking VclWorker: a blocking call waits
// for the app worker's events where VCL would block inside vppcom.
// Models: v26.02 src/plugins/hs_apps/vcl/vcl_test.h (vcl_test_session_t, vcl_test_read,
// vcl_test_write, vcl_test_is_done, vtinf/vtwrn/vterr/vtfail), src/vcl/vcl_cfg.c
// (vppcom_cfg_init defaults), src/vcl/vppcom.c (blocking read/write, session state waits).

import type { Elog } from '../../graph/elog.js';
import type { Clock } from '../../graph/clock.js';
import type { AppClient } from '../app/app-client.js';
import type { AppProgram, AppWait, AppWaitBuf } from '../app/app-thread.js';
import type { VclConfig, VclLatency, VclWorker } from '../app/vcl.js';
import { VclSessionFlag, VclState, Vppcom } from '../app/vcl-session.js';
import type { AppOptions } from '../session/application.js';
import { SessionE } from '../session/session-types.js';
import { SvmFifoDeqNtf } from '../svm/fifo.js';
import { HsTestCfg } from './vcl-test-protocol.js';
import { CStream, cStrerror } from './vcl-test-printf.js';
import { VclTestStats } from './vcl-test-stats.js';

/** What a VCL test app program runs on: a subset of both the real-thread and the test env. */
export interface VclTestEnv {
  /** The app's socket API client (not yet attached). */
  readonly client: AppClient;
  /** The thread's reusable wait object. */
  readonly wait: AppWaitBuf;
  /** The app's clock (ns); its time is what the tools print. */
  readonly clock: Clock;
  /** The app thread's event log, if it keeps one (the VCL logs posts and reads there). */
  readonly elog?: Elog;
}

/**
 * The app's VCL configuration (what `vcl.conf` sets), vppsim-sized. Every field defaults to VCL's
 * own default (src/vcl/vcl_cfg.c vppcom_cfg_init) except where vppsim needs its own.
 */
export interface VclTestAppConfig {
  /** `segment-size`, bytes. Default 256 MiB. */
  readonly segmentSize?: number;
  /** `rx-fifo-size`, bytes, a power of two in vppsim. Default 1 MiB. */
  readonly rxFifoSize?: number;
  /** `tx-fifo-size`, bytes, a power of two in vppsim. Default 1 MiB. */
  readonly txFifoSize?: number;
  /** `event-queue-size`, messages. Default 2048. */
  readonly evtQSize?: number;
  /** `use-mq-eventfd`: sleep on the event queue's eventfd. Default off, as in VCL. */
  readonly useMqEventfd?: boolean;
  /**
   * vppsim only: without `use-mq-eventfd`, VCL blocks on the event queue's condvar, which an app
   * thread cannot; it looks at the queue every `pollIntervalNs` instead. Default 10 µs.
   */
  readonly pollIntervalNs?: number;
  /** vppsim only: the longest VCL waits for a session state change, ns (`session-timeout`). Default 600 s. */
  readonly sessionTimeoutNs?: number;
  /** vppsim only: the app's tag in vpp's per-app latency histograms (1…2047); 0 untagged. Default 0. */
  readonly latencyTag?: number;
}

/** {@link VclTestAppConfig} with every field set. */
export type VclTestAppConfigFilled = Required<VclTestAppConfig>;

/** VCL's defaults (vcl_cfg.c vppcom_cfg_init) and vppsim's polling period. */
export const VCL_TEST_APP_DEFAULTS: VclTestAppConfigFilled = Object.freeze({
  segmentSize: 256 << 20,
  rxFifoSize: 1 << 20,
  txFifoSize: 1 << 20,
  evtQSize: 2048,
  useMqEventfd: false,
  pollIntervalNs: 10_000,
  sessionTimeoutNs: 600e9,
  latencyTag: 0,
});

/** Fills a config from {@link VCL_TEST_APP_DEFAULTS}. */
export const fillVclTestAppConfig = (c: VclTestAppConfig = {}): VclTestAppConfigFilled => ({ ...VCL_TEST_APP_DEFAULTS, ...c });

/** The attach options VCL sends for a config (`vppcom_app_send_attach`). */
export const vclTestAttachOptions = (c: VclTestAppConfigFilled): AppOptions => ({
  segmentSize: c.segmentSize, rxFifoSize: c.rxFifoSize, txFifoSize: c.txFifoSize, evtQSize: c.evtQSize, useMqEventfd: c.useMqEventfd,
});

/**
 * How an app's VclWorker waits and measures, from its config: polls unless `use-mq-eventfd`,
 * on the app's clock, event log and latency tag; `latency` where it records (default its own).
 */
export const vclTestWorkerConfig = (c: VclTestAppConfigFilled, env: VclTestEnv, latency?: VclLatency): VclConfig => ({
  poll: !c.useMqEventfd, pollIntervalNs: c.pollIntervalNs, clock: env.clock, latencyTag: c.latencyTag, elog: env.elog,
  ...(latency === undefined ? {} : { latency }),
});

/** Thrown inside a program for exit(3): unwinds to its run loop, which ends the program. */
export class VclTestExit extends Error {
  /** @param status the process exit status (0…255). */
  constructor (readonly status: number) {
    super(`exit(${status})`);
    this.name = 'VclTestExit';
  }
}

/**
 * The tool's stdout and stderr, and its print macros. `vtinf` goes to stdout as
 * `vt<w0>: …`; `vtwrn` / `vterr` / `vtfail` to stderr with VPP's leading empty line.
 */
export class VclTestIo {
  /** stdout. */
  readonly out: CStream;
  /** stderr. */
  readonly err: CStream;
  /** Worker index printed by vtinf (`__wrk_index`). */
  wrkIndex = 0;

  /**
   * @param out receives stdout lines.
   * @param err receives stderr lines (default: dropped).
   */
  constructor (out: (line: string) => void, err: (line: string) => void = () => {}) {
    this.out = new CStream(out);
    this.err = new CStream(err);
  }

  /** `vtinf (fmt, …)`: `vt<w%u>: <text>\n` on stdout. */
  inf (text: string): void { this.out.write(`vt<w${this.wrkIndex}>: ${text}\n`); }

  /** `vtwrn (fmt, …)`: `\nERROR: <text>\n` on stderr. */
  wrn (text: string): void { this.err.write(`\nERROR: ${text}\n`); }

  /** `vterr (fn, rv)`: `\nERROR: <fn> failed (errno = <-rv>)!\n` on stderr. */
  errFn (fn: string, rv: number): void { this.err.write(`\nERROR: ${fn} failed (errno = ${-rv})!\n`); }

  /** `vtfail (fn, rv)`: perror, the vterr line, exit(1). */
  fail (fn: string, rv: number): never {
    this.err.write(`ERROR when calling ${fn}: ${cStrerror(-rv)}\n`);
    this.errFn(fn, rv);
    throw new VclTestExit(1);
  }

  /** Writes lines to stdout. */
  print (lines: readonly string[]): void { this.out.lines(lines); }

  /** Flushes both streams (exit). */
  flush (): void { this.out.flush(); this.err.flush(); }
}

/**
 * `vcl_test_session_t`: one session of a test, its config, buffers and counters. `fd` is the
 * VCL session handle (worker 0: the session index).
 */
export class VclTestSession {
  /** `is_done`. */
  isDone = false;
  /** `is_alloc` (server pool). */
  isAlloc = false;
  /** `is_open`. */
  isOpen = false;
  /** The VCL session handle, −1 before one exists. */
  fd = -1;
  /** VCL_SESS_ATTR_NONBLOCK: calls return EAGAIN instead of waiting. */
  nonblocking = false;
  /** The session's copy of the test config. */
  readonly cfg = new HsTestCfg();
  /** Counters of the running test. */
  readonly stats = new VclTestStats();
  /** Counters at the last incremental report (`-S`). */
  readonly oldStats = new VclTestStats();
  /** Index in the tool's session array or pool. */
  sessionIndex = 0;
  /** Receive buffer: `rxbufSize` bytes are used. */
  rxbuf: Uint8Array = EMPTY;
  /** Transmit buffer: `txbufSize` bytes are used. */
  txbuf: Uint8Array = EMPTY;
  /** `rxbuf_size`. */
  rxbufSize = 0;
  /** `txbuf_size`. */
  txbufSize = 0;
  /** `errno` of the last failed call (a VPPCOM code, negative), 0 if none. */
  lastError = 0;

  /** `vcl_test_session_buf_alloc` for the receive side: grows `rxbuf` to `cfg.rxbufSize` (realloc keeps the bytes). */
  allocRxbuf (): void {
    this.rxbuf = realloc(this.rxbuf, this.cfg.rxbufSize);
    this.rxbufSize = this.cfg.rxbufSize;
  }

  /** The transmit side of `vcl_test_session_buf_alloc`. */
  allocTxbuf (): void {
    this.txbuf = realloc(this.txbuf, this.cfg.txbufSize);
    this.txbufSize = this.cfg.txbufSize;
  }

  /**
   * `vcl_test_is_done`: the uni test is done when `total_bytes` were sent, the others when they
   * were received; then `stats.stop` is now.
   */
  done (checkRx: boolean, nowNs: number): boolean {
    if ((!checkRx && this.stats.txBytes >= this.cfg.totalBytes) || (checkRx && this.stats.rxBytes >= this.cfg.totalBytes)) {
      this.stats.stopNs = nowNs;
      this.isDone = true;
      return true;
    }
    return false;
  }
}

const EMPTY = new Uint8Array(0);

/** `realloc`: a buffer of `size` bytes holding the old one's first bytes; the same one if it is that size. */
function realloc (b: Uint8Array, size: number): Uint8Array {
  if (b.length === size) return b;
  const n = new Uint8Array(size);
  n.set(size >= b.length ? b : b.subarray(0, size));
  return n;
}

/**
 * What VCL does on meeting an empty rx fifo, in `vppcom_session_read_internal` (a read that finds
 * nothing) and `vcl_fifo_rx_evt_valid_or_break` (an RX event for an empty fifo, which vpp sends
 * when the app drained the fifo between vpp's enqueue and the event's delivery): it clears the
 * fifo's event flag, so vpp's next enqueue sends a new RX event. vppsim's VclWorker leaves the
 * flag set in both cases (its read returns EAGAIN, its event handler marks the session), and vpp
 * then never signals that session again; the apps call this where VCL would clear it. Returns
 * the bytes readable after clearing (data may have come in meanwhile).
 */
export function vclRxEmptyUnsetEvent (vcl: VclWorker, fd: number): number {
  const s = vcl.session(fd);
  if (s === undefined || s.rx === null) return 0;
  if (s.rx.maxDequeueCons() > 0) return s.rx.maxDequeueCons();
  s.flags &= ~VclSessionFlag.RxEvt;
  s.rx.unsetEvent();
  return s.rx.maxDequeueCons();
}

/**
 * `vcl_fifo_rx_evt_valid_or_break` for session `fd` if an RX event marked it: with its fifo
 * empty, it loses the mark and its fifo's event flag (see {@link vclRxEmptyUnsetEvent}).
 */
export function vclRxEvtValidate (vcl: VclWorker, fd: number): void {
  const s = vcl.session(fd);
  if (s !== undefined && s.rx !== null && (s.flags & VclSessionFlag.RxEvt) !== 0 && s.rx.maxDequeueCons() === 0) vclRxEmptyUnsetEvent(vcl, fd);
}

/**
 * A read's result as vppcom_session_read gives it: a drained session the peer closed
 * (VPP_CLOSING) reads 0, end of file (`vcl_session_closing_error`), where vppsim's VclWorker
 * returns ENOTCONN.
 */
function vclReadRv (vcl: VclWorker, fd: number, rv: number): number {
  return rv === Vppcom.ENOTCONN && vcl.session(fd)?.state === VclState.VppClosing ? 0 : rv;
}

/**
 * One attempt of `vcl_test_read`'s loop, without waiting: reads up to `nbytes` into `buf`.
 * Returns the bytes read (counted: reads, bytes, short reads), 0 when there was nothing (a
 * non-blocking session counts the EAGAIN, as VPP's spin does; a blocking one would wait inside
 * vppcom and counts nothing), or −1 after `vterr` when the session failed or hit end of file
 * (`ts.lastError` has the VPPCOM code, 0 for end of file). Allocates nothing.
 */
export function vclTestReadOnce (vcl: VclWorker, io: VclTestIo, ts: VclTestSession, buf: Uint8Array, nbytes: number): number {
  const stats = ts.stats;
  const rv = vclReadRv(vcl, ts.fd, vcl.read(ts.fd, buf, 0, nbytes));
  if (rv === Vppcom.EAGAIN) {
    if (ts.nonblocking) { stats.rxXacts++; stats.rxEagain++; }
    vclRxEmptyUnsetEvent(vcl, ts.fd);
    return 0;
  }
  stats.rxXacts++;
  if (rv <= 0) {
    ts.lastError = rv;
    io.errFn('vppcom_session_read()', rv);
    return -1;
  }
  if (rv < nbytes) stats.rxIncomp++;
  stats.rxBytes += rv;
  return rv;
}

/**
 * `vcl_test_read`: {@link vclTestReadOnce} until some data came, waiting up to `waitNs` for the
 * app worker's events between attempts. Returns the bytes read or −1.
 */
export function * vclTestRead (vcl: VclWorker, io: VclTestIo, ts: VclTestSession, buf: Uint8Array, nbytes: number, waitNs: number): Generator<AppWait, number, void> {
  for (;;) {
    const rv = vclTestReadOnce(vcl, io, ts, buf, nbytes);
    if (rv !== 0) return rv;
    if (vcl.readable(ts.fd) <= 0) yield * vcl.waitEvents(waitNs);
  }
}

/**
 * One pass of `vcl_test_write` over `buf[off, off + nbytes)`, without waiting: writes until all is
 * written or the tx fifo is full. A non-blocking session counts the full fifo as tx_eagain and,
 * as vcl_test_write, gives up there; for a blocking one vppcom would wait (see
 * {@link vclTestWrite}). `tx_incomp` counts a write shorter than what is left after it (VPP's
 * own test). Returns the bytes written (added to tx_bytes), or −1 after `vterr`. Allocates nothing.
 */
export function vclTestWriteOnce (vcl: VclWorker, io: VclTestIo, ts: VclTestSession, buf: Uint8Array, off: number, nbytes: number): number {
  const stats = ts.stats;
  let txBytes = 0;
  let left = nbytes;
  while (txBytes !== nbytes) {
    const rv = vcl.write(ts.fd, buf, off + txBytes, left);
    if (rv === Vppcom.EAGAIN) {
      if (ts.nonblocking) { stats.txXacts++; stats.txEagain++; }
      break;
    }
    stats.txXacts++;
    if (rv < 0) {
      ts.lastError = rv;
      io.errFn('vpcom_session_write', rv);
      return -1;
    }
    txBytes += rv;
    left -= rv;
    if (rv < left) stats.txIncomp++;
  }
  stats.txBytes += txBytes;
  return txBytes;
}

/**
 * `vcl_test_write`: {@link vclTestWriteOnce}, and for a blocking session, waits for room (up to
 * `waitNs` per wait) and goes on until all `nbytes` are written. Returns the bytes written or −1.
 */
export function * vclTestWrite (vcl: VclWorker, io: VclTestIo, ts: VclTestSession, buf: Uint8Array, off: number, nbytes: number, waitNs: number): Generator<AppWait, number, void> {
  let done = 0;
  for (;;) {
    const rv = vclTestWriteOnce(vcl, io, ts, buf, off + done, nbytes - done);
    if (rv < 0) return -1;
    done += rv;
    if (done === nbytes || ts.nonblocking) return done;
    yield * vcl.waitEvents(waitNs);
  }
}

/**
 * A busy pass of an app loop that spins in VCL (`vppcom_epoll_wait` / `vppcom_select` with a
 * zero timeout): the wait to yield, costing one app resume and letting vpp run. After it, call
 * {@link vclAfterPass}. Allocates nothing.
 */
export const vclPassWait = (wait: AppWaitBuf): AppWait => wait.set(NO_FDS, 0);

/** After a {@link vclPassWait}: consumes the queue's eventfd signal and handles the events. */
export function vclAfterPass (vcl: VclWorker): void {
  vcl.wrk.evtQEfd?.read();
  vcl.handleEvents();
}

const NO_FDS: readonly never[] = [];

/** A blocking `vppcom_session_read` (no counters): waits for data, returns bytes or a VPPCOM error. */
export function * vclBlockingRead (vcl: VclWorker, fd: number, buf: Uint8Array, nbytes: number, waitNs: number): Generator<AppWait, number, void> {
  for (;;) {
    const rv = vclReadRv(vcl, fd, vcl.read(fd, buf, 0, nbytes));
    if (rv !== Vppcom.EAGAIN) return rv;
    if (vclRxEmptyUnsetEvent(vcl, fd) === 0) yield * vcl.waitEvents(waitNs);
  }
}

/** A blocking `vppcom_session_write` (no counters): waits for room, returns bytes or a VPPCOM error. */
export function * vclBlockingWrite (vcl: VclWorker, fd: number, buf: Uint8Array, nbytes: number, waitNs: number): Generator<AppWait, number, void> {
  for (;;) {
    const rv = vcl.write(fd, buf, 0, nbytes);
    if (rv !== Vppcom.EAGAIN) return rv;
    yield * vcl.waitEvents(waitNs);
  }
}

/**
 * `vppcom_wait_for_session_state_change`: handles events until session `si` is in `state`
 * (VPPCOM_OK), failed (EADDRINUSE for a listen vpp refused with ALREADY_LISTENING, else
 * ECONNREFUSED) or `timeoutNs` passed (ETIMEDOUT).
 */
export function * vclWaitState (vcl: VclWorker, si: number, state: VclState, timeoutNs: number, clock: Clock): Generator<AppWait, number, void> {
  const s = (): ReturnType<VclWorker['session']> => vcl.session(si);
  yield * vcl.waitFor(() => s() === undefined || s()?.state === state || s()?.state === VclState.Detached, timeoutNs, () => clock.now());
  const cur = s();
  if (cur === undefined) return Vppcom.EBADFD;
  if (cur.state === state) return Vppcom.OK;
  if (cur.state === VclState.Detached) return cur.vppError === SessionE.ALREADY_LISTENING ? VPPCOM_EADDRINUSE : Vppcom.ECONNREFUSED;
  return Vppcom.ETIMEDOUT;
}

/** `VPPCOM_EADDRINUSE`. */
export const VPPCOM_EADDRINUSE = -98;

/**
 * `sleep (s)`: waits `ns` on the app clock. First it sends what vppsim's VCL still holds for vpp
 * (VCL would have blocked until vpp took it); doing so it also handles the events queued so far,
 * which VCL leaves in the queue until its next call: nothing the tools print depends on when.
 */
export function * vclTestSleep (vcl: VclWorker, wait: AppWaitBuf, clock: Clock, ns: number): Generator<AppWait, void, void> {
  const end = clock.now() + ns;
  while (clock.now() < end) {
    vcl.handleEvents();
    yield wait.set(NO_FDS, end - clock.now());
  }
}

/**
 * `select ()` write readiness of a session with a tx fifo (vcl_session_write_ready): free space;
 * without it, asks vpp for a TX event once 3 % of the fifo is free
 * (vcl_session_add_want_deq_ntf), as vppcom_select does.
 */
export function vclSelectWritable (vcl: VclWorker, fd: number): boolean {
  const s = vcl.session(fd);
  if (s === undefined || s.tx === null) return true; // vppcom_select sets the bit for what it does not know
  if (s.state !== VclState.Ready && s.state !== VclState.VppClosing) return true; // the write fails
  if (s.tx.maxEnqueueProd() > 0) return true;
  s.tx.addWantDeqNtf(SvmFifoDeqNtf.Want);
  s.tx.deqThresh = Math.floor(0.03 * s.tx.size);
  return false;
}

/** `select ()` read readiness (vcl_session_read_ready2): bytes to read, or a session no longer open. */
export function vclSelectReadable (vcl: VclWorker, fd: number): boolean {
  const s = vcl.session(fd);
  if (s === undefined || s.rx === null) return true;
  if (s.state !== VclState.Ready && s.state !== VclState.VppClosing) return true;
  return s.rx.maxDequeueCons() > 0;
}

/** An app program that ends with a result: run it with {@link toAppProgram}. */
export type VclTestProgram = Generator<AppWait, number, void>;

/**
 * Runs a tool's main: returns when it does or calls exit (a {@link VclTestExit}), flushing its
 * streams and giving the exit status to `onExit`. Any other throw propagates (a vppsim bug).
 */
export function * toAppProgram (main: () => VclTestProgram, io: VclTestIo, onExit: (status: number) => void): AppProgram {
  let status = 0;
  try {
    status = yield * main();
  } catch (e) {
    if (!(e instanceof VclTestExit)) throw e;
    status = e.status;
  }
  io.flush();
  onExit(status & 0xff);
}

/**
 * Synthetic addresses for `%p`: vppsim has no process memory, so the tools print these stand-ins
 * (fixed, so outputs compare) where VPP's print a struct's real address.
 */
export const VclTestAddr = {
  /** `.bss` of the tool (its `*_main_t`). */
  bss: 0x5555_5556_0000,
  /** First heap block (pools, buffers). */
  heap: 0x5555_5557_a000,
  /** Bytes between two pool elements (a stand-in for `sizeof (vcl_test_session_t)`). */
  sessionBytes: 0x2f8,
} as const;
