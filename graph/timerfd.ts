// graph/timerfd.ts: the timerfd analogue, a file that becomes readable when it expires.
// Models: Linux timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK) / timerfd_settime / read, as the
// session layer uses them (src/vnet/session/session_node.c session_wrk_timerfd_update).

import type { FileDescriptor } from './file-poll.js';

/**
 * A one-shot or periodic timer on one thread's clock. Readable from its expiry until read;
 * `read` returns the number of expirations since the last read and re-arms a periodic timer,
 * as a timerfd read does. Thread-local: only the owning thread arms and reads it.
 */
export class TimerFd implements FileDescriptor {
  /** Next expiry, ns; Infinity when disarmed. */
  expiryNs = Infinity;
  /** Period, ns; 0 for one-shot. */
  intervalNs = 0;

  /**
   * Arms (`valueNs` > 0) or disarms (`valueNs` = 0) the timer, like `timerfd_settime` with
   * relative times: first expiry at `nowNs + valueNs`, then every `intervalNs` (0: once).
   */
  settime (nowNs: number, valueNs: number, intervalNs: number): void {
    if (valueNs <= 0) {
      this.expiryNs = Infinity;
      this.intervalNs = 0;
      return;
    }
    this.expiryNs = nowNs + valueNs;
    this.intervalNs = intervalNs > 0 ? intervalNs : 0;
  }

  /** True while armed. */
  get armed (): boolean { return this.expiryNs !== Infinity; }

  isReadable (nowNs: number): boolean { return nowNs >= this.expiryNs; }

  get readyAtNs (): number { return this.expiryNs; }

  /**
   * Reads the expiration count (0 means EAGAIN: not expired) and re-arms a periodic timer at
   * its next multiple of the period, as the kernel does.
   */
  read (nowNs: number): number {
    if (nowNs < this.expiryNs) return 0;
    if (this.intervalNs === 0) {
      this.expiryNs = Infinity;
      return 1;
    }
    const n = 1 + Math.floor((nowNs - this.expiryNs) / this.intervalNs);
    this.expiryNs += n * this.intervalNs;
    return n;
  }
}
