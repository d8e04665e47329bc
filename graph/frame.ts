// graph/frame.ts: frames of buffer indices and their per-thread pool.
// Models: src/vlib/node.h vlib_frame_t, vlib_next_frame_t, vlib_pending_frame_t;
// src/vlib/main.c vlib_frame_alloc / vlib_frame_free.

/** Largest number of vectors in one frame (`VLIB_FRAME_SIZE`, src/vlib/node.h). */
export const VLIB_FRAME_SIZE = 256;

/** Frame flags, with VPP's values. Models: src/vlib/node.h VLIB_FRAME_*. */
export const FrameFlag = {
  /** The next-frame slot owns an allocated frame (`VLIB_FRAME_IS_ALLOCATED`). */
  IsAllocated: 1 << 1,
  /** Already on the pending list (`VLIB_FRAME_PENDING`). */
  Pending: 1 << 2,
  /** Free after dispatch: it was replaced in its slot while pending (`VLIB_FRAME_FREE_AFTER_DISPATCH`). */
  FreeAfterDispatch: 1 << 3,
  /** Do not append more vectors (`VLIB_FRAME_NO_APPEND`). */
  NoAppend: 1 << 14,
} as const;

/**
 * A frame: up to 256 u32 buffer indices. The graph does not interpret them; the session layer's
 * buffer pool does. `vectors` is allocated once per frame and reused from the pool.
 */
export class Frame {
  readonly vectors = new Uint32Array(VLIB_FRAME_SIZE);
  nVectors = 0;
  flags = 0;
}

/** A free list of frames, one per thread; grows on demand and never shrinks. */
export class FramePool {
  private readonly free: Frame[] = [];
  /** Frames handed out and not yet returned. */
  inUse = 0;

  constructor (preallocate = 16) {
    for (let i = 0; i < preallocate; i++) this.free.push(new Frame());
  }

  alloc (): Frame {
    this.inUse++;
    const f = this.free.pop();
    if (f === undefined) return new Frame();
    return f;
  }

  release (f: Frame): void {
    f.nVectors = 0;
    f.flags = 0;
    this.inUse--;
    this.free.push(f);
  }
}

/**
 * One slot per (node, next) edge: the frame being filled for that next node.
 * Models: src/vlib/node.h vlib_next_frame_t.
 */
export class NextFrame {
  frame: Frame | null = null;
  flags = 0;
  constructor (
    /** Internal runtime index of the node this edge leads to. */
    readonly nodeRuntimeIndex: number,
  ) {}
}
