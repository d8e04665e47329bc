// src/svm/segment-layout.ts: the header of a segment and of each object in it.
// Models (loosely): src/svm/fifo_segment.h fifo_segment_header_t (n_mqs, n_reserved_bytes,
// byte_index) and src/svm/ssvm.h (a named shared region); VPP's segment heap is replaced by a
// bump allocator.
//
//   Int32 words from byte 0 of the SAB
//   +-------------------------------------------------------------+ word 0
//   | 0 magic  1 version  2 byte length  3 cursor (next free byte) |
//   | 4 objects  5 alloc lock  6 first object header (byte, 0: none)|
//   | 7 last object header (byte)  8 name length (bytes)           |
//   | 16..31: name, UTF-8, at most 64 bytes                        |
//   +-------------------------------------------------------------+ byte 128
//   | [hdr][object][pad][hdr][object] …                            |
//   +-------------------------------------------------------------+
//
//   object header: 16 bytes right before the object (which is 64-byte aligned)
//   +0 kind  +1 size (bytes)  +2 next object header (byte, 0: last)  +3 magic

export const kSegMagic = 0;  /**< `SVM_SEGMENT_MAGIC` once initialised */
export const kSegVersion = 1;  /**< layout version */
export const kSegByteLength = 2;  /**< segment size, bytes */
export const kSegCursor = 3;  /**< next free byte (bump pointer) */
export const kSegNObjects = 4;  /**< objects allocated */
export const kSegLock = 5;  /**< allocation lock (setup only) */
export const kSegFirstObj = 6;  /**< byte offset of the first object header, 0 none */
export const kSegLastObj = 7;  /**< byte offset of the last object header */
export const kSegNameLength = 8;  /**< name bytes */
/** First word of the name bytes. */
export const kSegName = 16;
/** Longest name, in UTF-8 bytes. */
export const SVM_SEGMENT_NAME_MAX = 64;
/** Bytes of the segment header; the first object header may start here. */
export const kSegHeaderBytes = 128;
/** `magic` of a segment ("SEG1") and its layout version. */
export const SVM_SEGMENT_MAGIC = 0x53454731;
export const SVM_SEGMENT_VERSION = 1;  /**< bumped when this layout changes */

/** Object header words, relative to the header (16 bytes before the object). */
export const kObjKind = 0;  /**< {@link SvmObjKind} */
export const kObjSize = 1;  /**< bytes reserved for the object */
export const kObjNext = 2;  /**< byte offset of the next object header, 0 last */
export const kObjMagic = 3;  /**< `SVM_OBJ_MAGIC` */
export const kObjHeaderBytes = 16;  /**< bytes of an object header */
/** `magic` of an object header ("OBJ1"). */
export const SVM_OBJ_MAGIC = 0x4f424a31;
/** Default alignment of objects: a cache line. */
export const kSegObjAlign = 64;

/** What an object is, stored in its header so a thread given the segment can find it. */
export const SvmObjKind = { Raw: 0, MsgQ: 1, Eventfd: 2, Fifo: 3 } as const;
/** A {@link SvmObjKind} value. */
export type SvmObjKind = (typeof SvmObjKind)[keyof typeof SvmObjKind];
/** Names for {@link SvmObjKind}, by value. */
export const svmObjKindNames: readonly string[] = ['raw', 'mq', 'eventfd', 'fifo'];
