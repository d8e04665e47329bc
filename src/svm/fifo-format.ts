// src/svm/fifo-format.ts: a fifo as `show session verbose 2` prints it, byte for byte.
// Models: src/svm/svm_fifo.c format_svm_fifo (format_ooo_list never prints: vppsim's TCP drops
// out-of-order segments, so a fifo never holds ooo data), svm_fifo_init (min_alloc).

import { vppFormat } from '../../graph/vpp-format.js';
import type { SvmFifo } from './fifo.js';

/**
 * What `svm_fifo_t` keeps beside the shared header that the session layer fills in: who owns the
 * fifo. vppsim's fifos do not record it; the caller gives it from the session.
 */
export interface SvmFifoOwner {
  /** `segment_manager`: the session layer's segment manager index. */
  readonly segmentManager: number;
  /** `vpp_session_index`. */
  readonly vppSessionIndex: number;
  /** `master_thread_index`: the session's vpp thread. */
  readonly masterThreadIndex: number;
  /** `app_session_index`: the app's index for the session (set from the app's reply). */
  readonly appSessionIndex: number;
  /** `client_thread_index`. */
  readonly clientThreadIndex: number;
}

/**
 * `min_alloc` as svm_fifo_init sets it for a fifo of `size` bytes: an eighth of fifos over
 * 32 KiB, else 4 KiB, at most 64 KiB. Models: svm_fifo.c svm_fifo_init.
 */
export function svmFifoMinAlloc (size: number): number {
  return Math.min(size > 32 << 10 ? size >>> 3 : 4096, 64 << 10);
}

/**
 * The lines `format_svm_fifo` appends for fifo `f` at `verbose` (the session format level),
 * each ended with `\n`: cursize, size and the event/notification flags; head, tail, segment
 * manager and min_alloc; at verbose > 1 the owning sessions; at verbose ≥ 1 the ooo pool (always
 * empty in vppsim: `ooo pool 0 active elts newest 0`, the zeroed fifo's values). Lines after the
 * first are indented by `indent` spaces, the column the first line starts at (VPP's
 * format_get_indent of the text before it).
 * Models: src/svm/svm_fifo.c format_svm_fifo.
 */
export function formatSvmFifo (f: SvmFifo, verbose: number, indent: number, owner: SvmFifoOwner): string {
  const pad = ' '.repeat(indent);
  let s = vppFormat('cursize %u nitems %u has_event %d want_deq %d has_deq %d\n',
    f.maxDequeue(), f.size, f.hasEvent() ? 1 : 0, f.getWantDeqNtf(), f.hasDeqNtf() ? 1 : 0);
  s += pad + vppFormat('head %u tail %u segment manager %u min_alloc %u\n',
    f.head, f.tail, owner.segmentManager, svmFifoMinAlloc(f.size));
  if (verbose > 1) {
    s += pad + vppFormat('vpp session %d thread %d app session %d thread %d\n',
      owner.vppSessionIndex, owner.masterThreadIndex, owner.appSessionIndex, owner.clientThreadIndex);
  }
  if (verbose !== 0) s += pad + vppFormat('ooo pool %d active elts newest %u\n', 0, 0);
  return s;
}
