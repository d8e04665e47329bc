// src/svm/message-queue-layout.ts: where the words of one svm_msg_q sit in shared memory.
// Models: src/svm/message_queue.h svm_msg_q_shared_t, svm_msg_q_shared_queue_t,
// svm_msg_q_ring_shared_t (the shared part only; the private svm_msg_q_t is the view object in
// message-queue.ts).
//
// The same fields as VPP, regrouped by who writes them, one 64-byte line per group, so that the
// producer's and the consumer's indices never share a line and only the cursize line (which VPP's
// signalling rule needs both sides to update atomically) moves between cores per message.
//
//   Int32 words from the mq's base (the base is 64-byte aligned)
//   +---------------------------------------------------------------+ word 0
//   | read-only after init (2 lines)                                |
//   |  0 magic  1 n_rings  2 maxsize (q_nitems)  3 elsize (4 B)      |
//   |  4 eventfd byte offset in the SAB, −1: none (mutex mode)       |
//   |  5 lock kind (0 local, 1 shared)  6 byte length  7 q data word |
//   |  8 + 4r: ring r {nitems, elsize, data byte offset, −}, r < 4   |
//   +---------------------------------------------------------------+ word 32
//   | cursizes (both sides, atomic RMW)                              |
//   |  32 q.cursize   33 + r ring r cursize                          |
//   +---------------------------------------------------------------+ word 48
//   | consumer-owned                                                 |
//   |  48 q.head   49 + r ring r head                                |
//   |  56 consumer signals  57 malformed  58 last malformed code     |
//   |  59 last malformed event type                                  |
//   +---------------------------------------------------------------+ word 64
//   | producer-owned                                                 |
//   |  64 q.tail   65 + r ring r tail                                |
//   |  72 producer signals  73 lock word  74 try-lock failures (−1)  |
//   |  75 full rejects (−2)                                          |
//   +---------------------------------------------------------------+ word 80
//   | condvar (mutex mode: no eventfd)                               |
//   |  80 cond seq (futex word)  81 cond waiters                     |
//   +---------------------------------------------------------------+ word 96
//   | q data: maxsize entries, one Int32 each: ring << 24 | elt      |
//   +---------------------------------------------------------------+ (64-byte aligned)
//   | ring 0 data: nitems × elsize bytes                             |
//   +---------------------------------------------------------------+ (64-byte aligned)
//   | ring 1 data …                                                  |
//   +---------------------------------------------------------------+
//
// Differences from VPP, on purpose:
// - A q entry is one Int32 (ring index in bits 24..31, element index in bits 0..23) instead of
//   VPP's 8-byte svm_msg_q_msg_t {u32 ring_index, u32 elt_index}: one aligned store per add.
//   Hence at most 2^24 elements per ring and 4 rings (VPP's session mqs have 2).
// - Capacities are VPP's configured numbers, not rounded to powers of two, and indices wrap by
//   compare-and-reset as VPP's `% nitems` does. VPP's defaults are powers of two (128/64,
//   2048/1024, 128/16) but `wrk-mq-length 100000` gives rings of 100000 and 50000, which
//   `show app mq` prints; a mask would change what the user configured.
// - Ring element sizes must be multiples of 4 so slots are Int32-addressable.

/** Bytes per cache line: the unit of the groups above. */
export const kMqLineBytes = 64;
/** Most rings per mq. */
export const SVM_MQ_MAX_RINGS = 4;
/** Bits of the element index in a message reference. */
export const SVM_MQ_MSG_ELT_BITS = 24;
/** Mask of the element index in a message reference. */
export const SVM_MQ_MSG_ELT_MASK = (1 << SVM_MQ_MSG_ELT_BITS) - 1;
/** Most elements per ring and entries per queue (2^24). */
export const SVM_MQ_MAX_NITEMS = 1 << SVM_MQ_MSG_ELT_BITS;
/** `SVM_MQ_INVALID_MSG` (~0 in VPP). */
export const SVM_MQ_INVALID_MSG = -1;
/** `magic` of an initialised mq ("SMQ1"). */
export const SVM_MQ_MAGIC = 0x534d5131;
/** Bytes of one q entry (VPP: 8, `sizeof (svm_msg_q_msg_t)`). */
export const kMqEntryBytes = 4;

/** Read-only words. */
export const kMqMagic = 0;  /**< `SVM_MQ_MAGIC` once initialised */
export const kMqNRings = 1;  /**< `svm_msg_q_shared_t.n_rings` */
export const kMqMaxsize = 2;  /**< `q.maxsize` (q_nitems), messages */
export const kMqElsize = 3;  /**< `q.elsize`, bytes per entry (4; VPP 8) */
export const kMqEventfdOffset = 4;  /**< byte offset of the eventfd in the SAB (VPP: `evtfd`), −1 none */
export const kMqLockKind = 5;  /**< {@link SvmMqLockKind} */
export const kMqByteLength = 6;  /**< bytes the mq occupies */
export const kMqQDataWord = 7;  /**< word offset of q data from the base */
/** Ring r's read-only descriptor starts at kMqRingDesc + r * kMqRingDescWords. */
export const kMqRingDesc = 8;
export const kMqRingDescWords = 4;  /**< words per ring descriptor */
export const kMqRingDescNitems = 0;  /**< `ring.nitems`, elements */
export const kMqRingDescElsize = 1;  /**< `ring.elsize`, bytes */
export const kMqRingDescDataByte = 2;  /**< byte offset of `ring.data` from the mq base */

/** Cursize line: q.cursize, then ring r's cursize at kMqRingCursize + r. */
export const kMqCursize = 32;  /**< `q.cursize`, messages */
export const kMqRingCursize = 33;  /**< `ring[r].cursize` at + r, elements */

/** Consumer line. */
export const kMqHead = 48;  /**< `q.head` */
export const kMqRingHead = 49;  /**< `ring[r].head` at + r */
export const kMqConsSignals = 56;  /**< signals sent by the consumer (left full) */
export const kMqMalformed = 57;  /**< messages the consumer rejected */
export const kMqLastMalformedCode = 58;  /**< SvmRv code of the last rejection */
export const kMqLastMalformedType = 59;  /**< event type byte of the last rejection */

/** Producer line. */
export const kMqTail = 64;  /**< `q.tail` */
export const kMqRingTail = 65;  /**< `ring[r].tail` at + r */
export const kMqProdSignals = 72;  /**< signals sent by producers (empty → non-empty) */
export const kMqLock = 73;  /**< shared lock word (VPP: `q.mutex`): 0 free, 1 held, 2 held with sleepers */
export const kMqLockFailed = 74;  /**< try-locks that failed (−1) */
export const kMqFullRejects = 75;  /**< non-blocking allocs/adds refused as full (−2) */

/** Condvar line (mutex mode). */
export const kMqCondSeq = 80;  /**< condvar sequence (VPP: `q.condvar`), bumped per broadcast; futex word */
export const kMqCondWaiters = 81;  /**< threads blocked on the condvar */

/** Header words; q data starts here. */
export const kMqHeaderWords = 96;

/** How producers are serialised. Stored in the shared header so every view agrees. */
export const SvmMqLockKind = {
  /**
   * VPP's eventfd mode: a `clib_spinlock_t` in the private svm_msg_q_t, so it only excludes
   * code of one process. Here: a flag in the view, i.e. per thread. For queues with one producer
   * thread (private rx mqs, app event queues); −1 means the lock was already held on this thread.
   */
  Local: 0,
  /**
   * VPP's mutex mode: the robust process-shared mutex in svm_msg_q_shared_queue_t. Here: a
   * futex word in the shared line of the producers. For queues several threads post to (the
   * session workers' event queues without private rx mqs); −1 means another thread holds it.
   */
  Shared: 1,
} as const;
/** A {@link SvmMqLockKind} value. */
export type SvmMqLockKind = (typeof SvmMqLockKind)[keyof typeof SvmMqLockKind];

/** One data ring. Models: src/svm/message_queue.h svm_msg_q_ring_cfg_t (without `data`). */
export interface SvmMsgQRingCfg {
  /** Elements, 1 ..= 2^24. */
  readonly nitems: number;
  /** Bytes per element, a multiple of 4. */
  readonly elsize: number;
}

/** A queue's geometry. Models: src/svm/message_queue.h svm_msg_q_cfg_t (without consumer_pid). */
export interface SvmMsgQCfg {
  /** Entries in the queue of references (`q_nitems`), 1 ..= 2^24. */
  readonly qNitems: number;
  /** The data rings, 1 ..= 4. */
  readonly rings: readonly SvmMsgQRingCfg[];
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Byte offset from the mq's base of q data (fixed). */
export const kMqQDataByte = kMqHeaderWords * 4;

/** Byte offset from the mq's base of ring r's data, for `cfg`. */
export function svmMsgQRingDataByte (cfg: SvmMsgQCfg, r: number): number {
  let off = align(kMqQDataByte + cfg.qNitems * kMqEntryBytes, kMqLineBytes);
  for (let i = 0; i < r; i++) {
    const ring = cfg.rings[i] as SvmMsgQRingCfg;
    off = align(off + ring.nitems * ring.elsize, kMqLineBytes);
  }
  return off;
}

/**
 * Bytes one mq with `cfg` takes, a multiple of 64. Models: src/svm/message_queue.c
 * svm_msg_q_size_to_alloc (VPP: header + q_nitems × 8 + rings, unpadded).
 */
export function svmMsgQSizeToAlloc (cfg: SvmMsgQCfg): number {
  return svmMsgQRingDataByte(cfg, cfg.rings.length);
}

/**
 * Checks a geometry once, at the edge; throws RangeError naming the field. Everything below
 * trusts it.
 */
export function svmMsgQCheckCfg (cfg: SvmMsgQCfg): void {
  const okCount = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= SVM_MQ_MAX_NITEMS;
  if (!okCount(cfg.qNitems)) throw new RangeError(`cfg.qNitems must be an integer in 1..${SVM_MQ_MAX_NITEMS} (got ${cfg.qNitems})`);
  if (cfg.rings.length < 1 || cfg.rings.length > SVM_MQ_MAX_RINGS) {
    throw new RangeError(`cfg.rings must have 1..${SVM_MQ_MAX_RINGS} rings (got ${cfg.rings.length})`);
  }
  cfg.rings.forEach((r, i) => {
    if (!okCount(r.nitems)) throw new RangeError(`cfg.rings[${i}].nitems must be an integer in 1..${SVM_MQ_MAX_NITEMS} (got ${r.nitems})`);
    if (!Number.isInteger(r.elsize) || r.elsize < 4 || (r.elsize & 3) !== 0) {
      throw new RangeError(`cfg.rings[${i}].elsize must be a positive multiple of 4 bytes (got ${r.elsize})`);
    }
  });
}
