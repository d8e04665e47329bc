// graph/elog.ts: the event logger (elog analogue): a bounded ring per thread of typed,
// timestamped events with three integer arguments. Preallocated; adding an event allocates
// nothing. Models: src/vppinfra/elog.h (elog_main_t, ELOG_TYPE_DECLARE, ELOG_TRACK_DATA).
//
//   t:    Float64Array  time, ns
//   type: Uint16Array   index into the realm's ElogType table
//   a,b,c:Int32Array    arguments, meaning given by the type
//   slot = n & mask; the ring keeps the newest `capacity` events

/** How an event type prints. `names` resolves node indices and thread indices. */
export interface ElogNames {
  node (index: number): string;
  thread (index: number): string;
  /** A file of the logging thread, by its id (`show files` description). */
  file (id: number): string;
}

/** An event type: a stable name (travels with exported events) and its formatter. */
export interface ElogTypeDef {
  readonly name: string;
  readonly format: (names: ElogNames, a: number, b: number, c: number) => string;
}

const elogTypes: ElogTypeDef[] = [];
const elogTypeIndex = new Map<string, number>();

/**
 * Declares an event type once per realm (`ELOG_TYPE_DECLARE`) and returns its index for
 * {@link Elog.add}. Declaring a name again returns the first index.
 */
export function defineElogType (name: string, format: ElogTypeDef['format']): number {
  const i = elogTypeIndex.get(name);
  if (i !== undefined) return i;
  elogTypes.push({ name, format });
  elogTypeIndex.set(name, elogTypes.length - 1);
  return elogTypes.length - 1;
}

/** The engine's own event types. */
export const ElogEvent = {
  /** a = node index, b = vectors, c = duration ns (t is the start). */
  Dispatch: defineElogType('dispatch', (n, a, b, c) => `${n.node(a)} vectors ${b} ${c} ns`),
  /** a = node index, b = from state, c = to state. */
  NodeState: defineElogType('node-state', (n, a, b, c) => `${n.node(a)} state ${stateName(b)} -> ${stateName(c)}`),
  /** a = node index, b = target thread, c = 1 if cross-thread. */
  InterruptRaise: defineElogType('interrupt', (n, a, b, c) => `raise ${n.node(a)} on ${n.thread(b)}${c !== 0 ? ' (remote)' : ''}`),
  /** a = timeout ms. */
  Sleep: defineElogType('sleep', (_n, a) => `sleep timeout ${a} ms`),
  /** a = ns slept, b = 1 if an fd was ready (FdWakeup), c = 1 if the deadline passed. */
  Wake: defineElogType('wake', (_n, a, b, c) => `wake after ${a} ns${b !== 0 ? ' fd event' : ''}${c !== 0 ? ' timeout' : ''}`),
  /** a = 0 sync, 1 release; b = recursion level. */
  Barrier: defineElogType('barrier', (_n, a, b) => `barrier ${a === 0 ? 'sync' : 'release'} level ${b}`),
  /** a = thread. */
  BarrierWait: defineElogType('barrier-wait', (n, a) => `barrier-wait-${n.thread(a)}`),
  /** a = node index, b = 1 suspended, 0 returned. */
  Process: defineElogType('process', (n, a, b) => `${n.node(a)} ${b !== 0 ? 'suspend' : 'return'}`),
  /** a = file id, b = read events so far. A timerfd firing is a read of its file. */
  FileRead: defineElogType('file-read', (n, a, b) => `read ${n.file(a)} (${b} so far)`),
  /** a = rpc id, b = thread that posted it. */
  Rpc: defineElogType('rpc', (n, a, b) => `rpc ${a >>> 0} from ${n.thread(b)}`),
} as const;

function stateName (s: number): string {
  return ['polling', 'interrupt', 'disabled'][s] ?? String(s);
}

/** One event, exported as plain data (crosses threads; goes into JSON results). */
export interface ElogRecord {
  /** ns since the run's epoch. */
  readonly t: number;
  readonly thread: number;
  readonly type: string;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** The formatted text. */
  readonly text: string;
}

/** A thread's event ring. */
export class Elog {
  readonly capacity: number;
  private readonly mask: number;
  private readonly t: Float64Array;
  private readonly type: Uint16Array;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly c: Int32Array;
  /** Events added since start (the ring keeps the newest `capacity`). */
  n = 0;

  /** `capacity` is rounded up to a power of two (at least 16). */
  constructor (capacity: number) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    this.t = new Float64Array(cap);
    this.type = new Uint16Array(cap);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.c = new Int32Array(cap);
  }

  /** Adds an event at time `t` ns. */
  add (t: number, type: number, a: number, b: number, c: number): void {
    const i = this.n++ & this.mask;
    this.t[i] = t;
    this.type[i] = type;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
  }

  /** Events still in the ring, oldest first, as plain records formatted with `names`. */
  records (thread: number, names: ElogNames): ElogRecord[] {
    const out: ElogRecord[] = [];
    const first = Math.max(0, this.n - this.capacity);
    for (let k = first; k < this.n; k++) {
      const i = k & this.mask;
      const def = elogTypes[this.type[i] as number] as ElogTypeDef;
      const a = this.a[i] as number;
      const b = this.b[i] as number;
      const c = this.c[i] as number;
      out.push({ t: this.t[i] as number, thread, type: def.name, a, b, c, text: def.format(names, a, b, c) });
    }
    return out;
  }
}
