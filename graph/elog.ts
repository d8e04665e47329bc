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
  /** Hash of the name: what the fingerprint mixes in (indices differ between realms). */
  readonly nameHash: number;
}

const elogTypes: ElogTypeDef[] = [];
const elogTypeIndex = new Map<string, number>();

/** FNV-1a of a string's UTF-16 units, 32 bits. */
function hashName (name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Declares an event type once per realm (`ELOG_TYPE_DECLARE`) and returns its index for
 * {@link Elog.add}. Declaring a name again returns the first index.
 */
export function defineElogType (name: string, format: ElogTypeDef['format']): number {
  const i = elogTypeIndex.get(name);
  if (i !== undefined) return i;
  elogTypes.push({ name, format, nameHash: hashName(name) });
  elogTypeIndex.set(name, elogTypes.length - 1);
  return elogTypes.length - 1;
}

/** The formatter of the event type called `name` in this realm, or undefined. */
export function elogTypeByName (name: string): ElogTypeDef | undefined {
  const i = elogTypeIndex.get(name);
  return i === undefined ? undefined : elogTypes[i];
}

/** The engine's own event types. */
export const ElogEvent = {
  /** a = node index, b = vectors, c = duration ns (t is the start). */
  Dispatch: defineElogType('dispatch', (n, a, b, c) => `${n.node(a)} vectors ${b} ${c} ns`),
  /** a = node index, b = from state, c = to state. */
  NodeState: defineElogType('node-state', (n, a, b, c) => `${n.node(a)} state ${stateName(b)} -> ${stateName(c)}`),
  /** a = node index, b = target thread, c = 1 if cross-thread | raiser ({@link elogSource}) << 1. */
  InterruptRaise: defineElogType('interrupt', (n, a, b, c) =>
    `raise ${n.node(a)} on ${n.thread(b)}${(c & 1) !== 0 ? ' (remote)' : ''}${formatElogSource(n, c >>> 1)}`),
  /** a = timeout ms. Logged only when the thread really goes to sleep. */
  Sleep: defineElogType('sleep', (_n, a) => `sleep timeout ${a} ms`),
  /** a = ns slept, b = 1 if an fd was ready (FdWakeup), c = 1 if the deadline passed. */
  Wake: defineElogType('wake', (_n, a, b, c) => `wake after ${a} ns${b !== 0 ? ' fd event' : ''}${c !== 0 ? ' timeout' : ''}`),
  /** a = target thread, b = 1 if its wakeup eventfd was written (no wakeup was pending), c = waker ({@link elogSource}). */
  WakeupSend: defineElogType('wakeup', (n, a, b, c) => `wake ${n.thread(a)}${b !== 0 ? '' : ' (wakeup already pending)'}${formatElogSource(n, c)}`),
  /** a = target thread: a write to a file it polls woke it from its sleep (epoll); c = writer ({@link elogSource}). */
  FdWake: defineElogType('fd-wake', (n, a, _b, c) => `fd write wakes ${n.thread(a)}${formatElogSource(n, c)}`),
  /** a = 0 sync, 1 release; b = recursion level. */
  Barrier: defineElogType('barrier', (_n, a, b) => `barrier ${a === 0 ? 'sync' : 'release'} level ${b}`),
  /** a = thread, b = 0 arrives at the barrier, 1 leaves it. */
  BarrierWait: defineElogType('barrier-wait', (n, a, b) => `barrier-${b === 0 ? 'wait' : 'leave'}-${n.thread(a)}`),
  /** a = node index, b = 1 suspended, 0 returned. */
  Process: defineElogType('process', (n, a, b) => `${n.node(a)} ${b !== 0 ? 'suspend' : 'return'}`),
  /** a = file id, b = read events so far. A timerfd firing is a read of its file. */
  FileRead: defineElogType('file-read', (n, a, b) => `read ${n.file(a)} (${b} so far)`),
  /** a = rpc id, b = thread that posted it. */
  Rpc: defineElogType('rpc', (n, a, b) => `rpc ${a >>> 0} from ${n.thread(b)}`),
} as const;

/**
 * Who did something, packed in an event argument: 0 nobody known, `1 | node << 2` a node being
 * dispatched (process nodes included), `2 | file << 2` a file's read callback in the epoll.
 */
export const elogSource = (kind: 0 | 1 | 2, index: number): number => (kind === 0 ? 0 : kind | (index << 2));
/** The kind of an {@link elogSource} value: 0 none, 1 node, 2 file. */
export const elogSourceKind = (src: number): number => src & 3;
/** The node or file index of an {@link elogSource} value. */
export const elogSourceIndex = (src: number): number => src >>> 2;

function formatElogSource (n: ElogNames, src: number): string {
  const k = src & 3;
  return k === 1 ? ` from ${n.node(src >>> 2)}` : k === 2 ? ` from the read of ${n.file(src >>> 2)}` : '';
}

function stateName (s: number): string {
  return ['polling', 'interrupt', 'disabled'][s] ?? String(s);
}

/** One event, exported as plain data, formatted. */
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

/**
 * A thread's event log as plain data (structured-clonable; crosses threads; feeds `--trace`, the
 * JSON result and `vppsim explain`). Columns hold the newest `t.length` events, oldest first.
 */
export interface ElogDump {
  /** The logging thread's slot: vlib threads first, then app threads. */
  readonly thread: number;
  /** Events ever logged; more than `t.length` when the ring wrapped. */
  readonly total: number;
  /** {@link Elog.fingerprint} at the time of the dump. */
  readonly fingerprint: string;
  /** Type names, by the numbers in `type`. */
  readonly typeNames: readonly string[];
  /** Descriptions of the thread's files by id (what `file-read` events name). */
  readonly files: readonly string[];
  readonly t: Float64Array;
  readonly type: Uint16Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
}

const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);

/**
 * A thread's event ring. Preallocated; adding an event allocates nothing. Besides the ring it
 * keeps a fingerprint: a 64-bit hash (two 32-bit lanes) of every event ever added, in order,
 * including events only {@link note}d, so two runs log the same events exactly when their
 * fingerprints match, whatever the ring kept.
 */
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
  private h1 = 0x9e3779b9;
  private h2 = 0x85ebca6b;

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

  /** Adds an event at time `t` ns (and to the fingerprint). */
  add (t: number, type: number, a: number, b: number, c: number): void {
    const i = this.n++ & this.mask;
    this.t[i] = t;
    this.type[i] = type;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.mix(t, type, a, b, c);
  }

  /** Adds an event to the fingerprint only (a dispatch when dispatches are not logged). */
  note (t: number, type: number, a: number, b: number, c: number): void {
    this.mix(t, type, a, b, c);
  }

  private mix (t: number, type: number, a: number, b: number, c: number): void {
    scratchF64[0] = t;
    this.mixWord(scratchU32[0] as number);
    this.mixWord(scratchU32[1] as number);
    this.mixWord((elogTypes[type] as ElogTypeDef).nameHash);
    this.mixWord(a);
    this.mixWord(b);
    this.mixWord(c);
  }

  private mixWord (w: number): void {
    const h1 = Math.imul(this.h1 ^ w, 0x5bd1e995);
    this.h1 = h1 ^ (h1 >>> 15);
    const h2 = Math.imul(this.h2 ^ w, 0x27d4eb2f);
    this.h2 = h2 ^ (h2 >>> 13);
  }

  /** The fingerprint of every event so far: 16 hex digits. */
  fingerprint (): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
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

  /** The ring as plain data, oldest first; `files` names the thread's files by id. */
  dump (thread: number, files: readonly string[]): ElogDump {
    const first = Math.max(0, this.n - this.capacity);
    const m = this.n - first;
    const d = {
      thread, total: this.n, fingerprint: this.fingerprint(), typeNames: elogTypes.map((x) => x.name), files: [...files],
      t: new Float64Array(m), type: new Uint16Array(m), a: new Int32Array(m), b: new Int32Array(m), c: new Int32Array(m),
    };
    for (let k = 0; k < m; k++) {
      const i = (first + k) & this.mask;
      d.t[k] = this.t[i] as number;
      d.type[k] = this.type[i] as number;
      d.a[k] = this.a[i] as number;
      d.b[k] = this.b[i] as number;
      d.c[k] = this.c[i] as number;
    }
    return d;
  }
}

const numericNames: Pick<ElogNames, 'node' | 'thread'> = { node: (i) => `node ${i}`, thread: (t) => `thread ${t}` };

/**
 * The events of a dump as formatted records, with the formatters of this realm (a type this realm
 * does not know prints its arguments). `names.file` is ignored: the dump names its own files.
 */
export function elogDumpRecords (d: ElogDump, names: Pick<ElogNames, 'node' | 'thread'> = numericNames): ElogRecord[] {
  const own: ElogNames = { node: names.node, thread: names.thread, file: (id) => d.files[id] ?? `file ${id}` };
  const out: ElogRecord[] = [];
  for (let k = 0; k < d.t.length; k++) {
    const type = d.typeNames[d.type[k] as number] ?? '?';
    const a = d.a[k] as number;
    const b = d.b[k] as number;
    const c = d.c[k] as number;
    const def = elogTypeByName(type);
    out.push({ t: d.t[k] as number, thread: d.thread, type, a, b, c, text: def !== undefined ? def.format(own, a, b, c) : `${type} ${a} ${b} ${c}` });
  }
  return out;
}

/**
 * The fingerprint of a whole run: its threads' fingerprints in slot order, hashed together.
 * 16 hex digits.
 */
export function combineFingerprints (fps: readonly string[]): string {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  for (const fp of fps) {
    for (let k = 0; k < fp.length; k += 8) {
      const w = parseInt(fp.slice(k, k + 8), 16) | 0;
      h1 = Math.imul(h1 ^ w, 0x5bd1e995); h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 ^ w, 0x27d4eb2f); h2 ^= h2 >>> 13;
    }
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
