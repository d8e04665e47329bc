// src/svm/fifo-layout.ts: the shared words of one byte fifo.
// Models: src/svm/fifo_types.h svm_fifo_shared_t (size, head, tail, and the svm_fifo_signals_t
// words), with one contiguous data ring instead of VPP's chunk list.
//
//   Int32 words from the fifo's base (64-byte aligned), one 64-byte line per group
//   +----------------------------------------------------------+ word 0
//   | read-only: 0 magic  1 size (bytes, power of two)         |
//   |            2 mask (size − 1)  3 data byte offset         |
//   +----------------------------------------------------------+ word 16
//   | signals (svm_fifo_signals_t): 16 has_event               |
//   |   17 want_deq_ntf  18 has_deq_ntf  19 deq_thresh (bytes) |
//   +----------------------------------------------------------+ word 32
//   | consumer: 32 head (free-running byte position, u32)     |
//   +----------------------------------------------------------+ word 48
//   | producer: 48 tail (free-running byte position, u32)     |
//   |   50–51 vppsim: sent stamp of the oldest unread data (f64) |
//   +----------------------------------------------------------+ byte 256
//   | data: size bytes; byte at position p is data[p & mask]  |
//   +----------------------------------------------------------+
//
// As in VPP, head and tail are free-running 32-bit positions: cursize = tail − head (mod 2^32),
// free = size − cursize. VPP's fifos grow by chunks (4 KiB .. 4 MiB, fifo_types.h
// FS_MIN_LOG2_CHUNK_SZ); vppsim models a single contiguous ring of a power-of-two size, so the
// byte index is a mask, and sizes from 16 B are allowed for tests.

export const kFifoMagic = 0;  /**< `SVM_FIFO_MAGIC` once initialised */
export const kFifoSize = 1;  /**< `size`, bytes */
export const kFifoMask = 2;  /**< size − 1 */
export const kFifoDataByte = 3;  /**< byte offset of data from the fifo base */
export const kFifoHasEvent = 16;  /**< `has_event` */
export const kFifoWantDeqNtf = 17;  /**< `want_deq_ntf` (svm_fifo_deq_ntf_t bits) */
export const kFifoHasDeqNtf = 18;  /**< `has_deq_ntf` */
export const kFifoDeqThresh = 19;  /**< `deq_thresh`, bytes */
export const kFifoHead = 32;  /**< `head`, consumer */
export const kFifoTail = 48;  /**< `tail`, producer */
/** vppsim: when the oldest unread data left its sender (ns, Float64 at word 50, producer sets, consumer clears). */
export const kFifoSentStampF64Word = 50;
/** Header bytes; data starts here (relative to the fifo's base). */
export const kFifoHeaderBytes = 256;
/** `magic` of an initialised fifo ("FIF1"). */
export const SVM_FIFO_MAGIC = 0x46494631;
/** Smallest fifo (bytes). */
export const SVM_FIFO_MIN_SIZE = 16;
/** Largest fifo (bytes): positions are compared as signed 32-bit differences. */
export const SVM_FIFO_MAX_SIZE = 1 << 30;

/** Bytes one fifo of `size` data bytes takes (header + data, a multiple of 64). */
export const svmFifoSizeToAlloc = (size: number): number => kFifoHeaderBytes + Math.ceil(size / 64) * 64;
