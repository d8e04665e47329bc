// src/svm/eventfd-layout.ts: the shared words of one eventfd analogue.
//
//   Int32 words from the eventfd's base (one 64-byte line, written by both sides)
//   +----------------+
//   | +0 writes      |  units ever written, wrapping at 2^32; the futex word sleepers wait on
//   | +1 readMark    |  `writes` as of the last read; counter = writes − readMark
//   | +2 waiters     |  threads blocked on `writes` (a writer notifies only if non-zero)
//   | +3 pollThread  |  vlib thread whose file poll has the fd registered, −1 if none
//   | +4 reads       |  successful reads (counter was non-zero)
//   | +5 notifies    |  Atomics.notify calls writers made (someone was asleep)
//   | +6 magic       |  kEfdMagic once initialised
//   | +7 reserved    |
//   +----------------+
//
// Why a write count and a read mark rather than one counter that read() zeroes: sleepers wait on
// a word that only ever grows, so "wait while it still equals what I saw" has no ABA. With a
// zeroed counter, a second reader (VPP's one eventfd is read by both sides of an mq, vpp-notes §H)
// could zero it and a writer raise it back to the old value between a sleeper's check and its
// wait, and the wakeup would be lost.

/** Int32 word offsets relative to the eventfd's base word. */
export const kEfdWrites = 0;  /**< units ever written; futex word of sleepers */
export const kEfdReadMark = 1;  /**< `writes` at the last read */
export const kEfdWaiters = 2;  /**< threads blocked on `writes` */
export const kEfdPollThread = 3;  /**< vlib thread polling the fd (`clib_file_t.polling_thread_index`), −1 none */
export const kEfdReads = 4;  /**< reads that returned a count */
export const kEfdNotifies = 5;  /**< Atomics.notify calls by writers */
export const kEfdMagic = 6;  /**< `EFD_MAGIC` once initialised */
/** Words in the shared part. */
export const kEfdWords = 8;
/** Bytes to allocate for one eventfd: a cache line of its own. */
export const kEfdBytes = 64;
/** `magic` of an initialised eventfd ("EFD1"). */
export const EFD_MAGIC = 0x45464431;
/** `pollThread` when no vlib thread polls the fd. */
export const EFD_POLL_THREAD_NONE = -1;
