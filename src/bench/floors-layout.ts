// src/bench/floors-layout.ts: the control words one two-thread floor measurement shares (a fresh
// SAB per measurement; the raw ring has its own, raw-ring-layout.ts).
//
//   Int32 words; every word on its own 64-byte line so the ping and the pong never share one
//   +-----------------------------------------------------------+ word 0
//   | 0 abort: main sets 1 when the other side failed           |
//   +-----------------------------------------------------------+ word 16
//   | 16 ready: each side adds 1 at its start (start barrier)    |
//   +-----------------------------------------------------------+ word 32
//   | 32 ping: round k's number, written by the initiator        |
//   |    (−1: the initiator stopped; the responder returns)      |
//   +-----------------------------------------------------------+ word 48
//   | 48 pong: round k's number, written back by the responder   |
//   +-----------------------------------------------------------+ word 64

/** Set to 1 by main when one side failed: the other gives up at its next check. */
export const kFloorCtlAbort = 0;
/** Start barrier: each side adds 1, then waits for 2. */
export const kFloorCtlReady = 16;
/** Ping-pong: the initiator's round number. */
export const kFloorCtlPing = 32;
/** Ping-pong: the responder's echo of it. */
export const kFloorCtlPong = 48;
/** Words of the control SAB. */
export const kFloorCtlWords = 64;
/** `ping` value by which the initiator tells the responder it stopped early. */
export const FLOOR_PING_STOP = -1;

/** A fresh control SAB, all words 0. */
export const floorCtlSab = (): SharedArrayBuffer => new SharedArrayBuffer(kFloorCtlWords * 4);
