// src/bench/dispatch-floor.ts: the plain-JS floor of node dispatch: what one vlib main loop of
// bench/graph-dispatch.ts's graph costs with no engine at all. Four "nodes" (an input node and
// three internal nodes, as in that graph) are plain functions called one after the other through
// a table (an indirect call per node, as vlib_node_runtime_t's `function` pointer is); the input
// copies its source into the first frame, two internal nodes copy their frame to the next with
// +1 per element (the work a trivial VPP node does: read each buffer index, write it into the
// next frame), the last sums its frame into a sink. Frames are preallocated Uint32Arrays of
// VLIB_FRAME_SIZE; a loop allocates nothing.
//
//   source ─input─▶ frame 0 ─copy─▶ frame 1 ─copy─▶ frame 2 ─sum─▶ sink
//
// Single thread: the instruction cost of a call and of an element, no cache-line transfer.

/** vlib's frame size: the largest vector a frame holds (src/vlib/node.h VLIB_FRAME_SIZE). */
export const DISPATCH_FLOOR_FRAME_SIZE = 256;

/** A floor node: handles `n` elements of `from` into `to`, returns the elements for the next. */
type FloorNodeFn = (from: Uint32Array, to: Uint32Array, n: number) => number;

let sink = 0;

const inputNode: FloorNodeFn = (from, to, n) => { for (let e = 0; e < n; e++) to[e] = from[e] as number; return n; };
const copyNode: FloorNodeFn = (from, to, n) => { for (let e = 0; e < n; e++) to[e] = (from[e] as number) + 1; return n; };
const sumNode: FloorNodeFn = (from, _to, n) => { let s = 0; for (let e = 0; e < n; e++) s += from[e] as number; sink ^= s; return n; };

/** The node functions in call order; `frames[i]` feeds node i, which writes `frames[i + 1]`. */
const kNodes: readonly FloorNodeFn[] = [inputNode, copyNode, copyNode, sumNode];

/** Node calls per floor main loop: 1 input + 3 internal. */
export const DISPATCH_FLOOR_CALLS_PER_LOOP = kNodes.length;

/** One floor graph for frames of a fixed vector count. */
export class DispatchFloor {
  /** Elements each call handles. */
  readonly vectorsPerFrame: number;
  /** Node calls per `loop()`. */
  readonly callsPerLoop = DISPATCH_FLOOR_CALLS_PER_LOOP;
  /** Elements read and written per `loop()`, over all calls. */
  readonly elementsPerLoop: number;
  private readonly frames: Uint32Array[];

  /** A floor whose frames carry `vectorsPerFrame` (1 … 256) elements. */
  constructor (vectorsPerFrame: number) {
    if (!Number.isInteger(vectorsPerFrame) || vectorsPerFrame < 1 || vectorsPerFrame > DISPATCH_FLOOR_FRAME_SIZE) {
      throw new RangeError(`vectorsPerFrame must be an integer in 1..${DISPATCH_FLOOR_FRAME_SIZE}, got ${vectorsPerFrame}`);
    }
    this.vectorsPerFrame = vectorsPerFrame;
    this.elementsPerLoop = vectorsPerFrame * kNodes.length;
    this.frames = Array.from({ length: kNodes.length + 1 }, () => new Uint32Array(DISPATCH_FLOOR_FRAME_SIZE));
    const src = this.frames[0] as Uint32Array;
    for (let e = 0; e < DISPATCH_FLOOR_FRAME_SIZE; e++) src[e] = e;
  }

  /** One main loop: every node once, through the table. Returns the sink so no work is dead. */
  loop (): number {
    const frames = this.frames;
    let n = this.vectorsPerFrame;
    for (let i = 0; i < kNodes.length; i++) n = (kNodes[i] as FloorNodeFn)(frames[i] as Uint32Array, frames[i + 1] as Uint32Array, n);
    return sink;
  }
}
