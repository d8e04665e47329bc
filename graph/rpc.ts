// graph/rpc.ts: RPCs from workers to the main thread, run there under the barrier.
// Models: src/vlib/threads.c vlib_rpc_call_main_thread, vlib_rpc_call_main_thread_process.
//
// Functions cannot cross threads, so an RPC is (handler id, a, b, c): the id names a handler
// registered under the same name in every realm, so ids agree without a shared registry.
//
//   ring of worker t (t ≥ 1), in the run's SAB, one producer (worker t), one consumer (main):
//   [head][tail][id a b c][id a b c]…   size records, power of two; head/tail count records

import { GraphError } from '../src/errors.js';
import type { VlibMain } from './main-loop.js';
import { kRpcHead, kRpcHeaderWords, kRpcRecordWords, kRpcTail, type VlibShared } from './shared-layout.js';

/** An RPC handler, run on the main thread under the barrier. */
export type RpcHandler = (vm: VlibMain, a: number, b: number, c: number) => void;

/** RPC id: a 31-bit hash of the handler's name. */
export type RpcId = number;

const rpcHandlers = new Map<RpcId, { name: string; fn: RpcHandler }>();

/** FNV-1a, 31 bits: stable across realms for the same name. */
function rpcHash (name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}

/**
 * Registers an RPC handler under `name` and returns its id. Registering the same name again
 * (another import of the module) returns the same id. Throws GraphError
 * `ERR_RPC_HASH_COLLISION` if two names hash alike.
 */
export function defineRpc (name: string, fn: RpcHandler): RpcId {
  const id = rpcHash(name);
  const had = rpcHandlers.get(id);
  if (had !== undefined && had.name !== name) throw new GraphError('ERR_RPC_HASH_COLLISION', `rpc '${name}' collides with '${had.name}'`);
  rpcHandlers.set(id, { name, fn });
  return id;
}

/** The handler of an id, or undefined. */
export function rpcHandler (id: RpcId): RpcHandler | undefined {
  return rpcHandlers.get(id)?.fn;
}

/** A worker's view of its ring to main, or main's view of one worker's ring. */
export class RpcRing {
  private readonly i32: Int32Array;
  private readonly base: number;
  private readonly mask: number;

  constructor (shared: VlibShared, worker: number) {
    this.i32 = shared.i32;
    this.base = shared.layout.rpcRingBase(worker);
    this.mask = shared.params.rpcRingSize - 1;
  }

  /** Producer: appends a record; false if the ring is full. */
  push (id: number, a: number, b: number, c: number): boolean {
    const i32 = this.i32;
    const tail = Atomics.load(i32, this.base + kRpcTail);
    if (((tail - Atomics.load(i32, this.base + kRpcHead)) | 0) > this.mask) return false;
    const r = this.base + kRpcHeaderWords + (tail & this.mask) * kRpcRecordWords;
    i32[r] = id; i32[r + 1] = a; i32[r + 2] = b; i32[r + 3] = c;
    Atomics.store(i32, this.base + kRpcTail, (tail + 1) | 0);
    return true;
  }

  /**
   * Consumer: moves every queued record into `out` as flat [id, a, b, c] quadruples and
   * returns how many records it took.
   */
  drainInto (out: number[]): number {
    const i32 = this.i32;
    const head = Atomics.load(i32, this.base + kRpcHead);
    const tail = Atomics.load(i32, this.base + kRpcTail);
    let k = 0;
    for (let h = head; h !== tail; h = (h + 1) | 0, k++) {
      const r = this.base + kRpcHeaderWords + (h & this.mask) * kRpcRecordWords;
      out.push(i32[r] as number, i32[r + 1] as number, i32[r + 2] as number, i32[r + 3] as number);
    }
    Atomics.store(i32, this.base + kRpcHead, tail);
    return k;
  }
}
