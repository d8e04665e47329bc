// src/bench/raw-ring-layout.ts: where the words of the raw SAB SPSC ring sit in shared memory.
// The raw ring is the floor every svm message queue figure is measured against: the least a
// single-producer single-consumer ring of 20-byte messages needs (two free-running indices, a
// sleeping flag per side), with none of svm_msg_q's rings, locks, cursize or eventfd.
//
//   Int32 words from the SAB's start; every group on its own 64-byte line
//   +-------------------------------------------------------------+ word 0
//   | 0 head: consumer's free-running index (int32, wraps)        |
//   +-------------------------------------------------------------+ word 16
//   | 16 tail: producer's free-running index (int32, wraps)       |
//   +-------------------------------------------------------------+ word 32
//   | 32 consumer sleeping (1 while it waits on the tail word)    |
//   +-------------------------------------------------------------+ word 48
//   | 48 producer sleeping (1 while it waits on the head word)    |
//   +-------------------------------------------------------------+ word 64
//   | slots: capacity × 5 words (20 bytes, a session event's size)|
//   |   slot i of index x is at 64 + (x & mask) × 5              |
//   +-------------------------------------------------------------+
//
// Capacity is a power of two so an index maps to its slot by a mask, and the int32 indices may
// wrap: (tail − head) | 0 is the fill level for any capacity below 2^31.

/** Consumer's index word. */
export const kRawRingHead = 0;
/** Producer's index word. */
export const kRawRingTail = 16;
/** 1 while the consumer sleeps (or is about to) on the tail word. */
export const kRawRingConsSleeping = 32;
/** 1 while the producer sleeps (or is about to) on the head word. */
export const kRawRingProdSleeping = 48;
/** First slot word. */
export const kRawRingSlots = 64;
/** Words per slot: 20 bytes, the size of a session event in an app's rx mq ring 0. */
export const RAW_RING_SLOT_WORDS = 5;
/** Payload bytes per message. */
export const RAW_RING_MSG_BYTES = RAW_RING_SLOT_WORDS * 4;

/** True if `capacity` is a power of two a raw ring can hold (1 … 2^24 slots). */
export const rawRingCapacityOk = (capacity: number): boolean =>
  Number.isInteger(capacity) && capacity >= 1 && capacity <= (1 << 24) && (capacity & (capacity - 1)) === 0;

/** Bytes of a raw ring of `capacity` slots (a power of two). */
export const rawRingBytes = (capacity: number): number => (kRawRingSlots + capacity * RAW_RING_SLOT_WORDS) * 4;
