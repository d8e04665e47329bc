// src/config/scenario-schema.ts: the YAML scenario's schema: the `Scenario` type the rest of
// vppsim reads, its defaults, and the walk over the YAML nodes that checks a document against it.
// Every error names the YAML file:line:col of the offending node and the field's path
// (`traffic[0].phases[1].steady.rate: …`). docs/scenario-schema.md describes the format.

import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { ConfigError, type SourcePosition } from '../errors.js';
import type { CliWarning } from './cli-context.js';
import type { CliCommand } from './cli-command-types.js';
import { ArgSplitError, splitArgs } from './cli-getopt.js';
import { type CliScript, parseCliScript } from './cli-script.js';
import { parseDurationNs } from './duration.js';
import { TextOrigin } from './text-origin.js';
import { VCL_TEST_TOOLS, type VclTestClientOptions, type VclTestServerOptions, type VclTestTool, parseVclTestArgs } from './vcl-test-options.js';

/** A text the scenario holds inline or names by path, and where it sits. */
export interface ScenarioText {
  /** `inline` (in the YAML), `file` (a path in the YAML), or `none` (not given: empty text). */
  readonly source: 'inline' | 'file' | 'none';
  /** The text. */
  readonly text: string;
  /** The file errors name: the scenario for inline text, else the path (resolved against the scenario's directory). */
  readonly file: string;
  /**
   * For inline text, where it sits in the YAML: the position of the text's first character, and
   * for a literal block scalar (`|`) the column its lines start at (then every line maps
   * exactly); null for `file` and `none`.
   */
  readonly inline: { readonly line: number, readonly column: number, readonly blockColumn: number | null } | null;
}

/** An external app the scenario starts (alternatively started from the CLI script). */
export interface ScenarioApp {
  /** `name`: unique among the scenario's apps; what reports call it. */
  readonly name: string;
  /** `kind`: which VCL test tool. */
  readonly kind: VclTestTool;
  /** `args`: the tool's command line (flags and operands), as written. */
  readonly args: string;
  /** The parsed `args`. */
  readonly options: VclTestServerOptions | VclTestClientOptions;
  /** `ns`: the app namespace whose socket the app attaches through. Default `default`. */
  readonly ns: string;
  /** `start`: when the app starts, ns from the run's start. Default 0. */
  readonly startNs: number;
  /** Where the app's entry is in the YAML. */
  readonly where: SourcePosition;
}

/** One phase of a background packet stream. */
export type TrafficPhase =
  /** `{idle: D}`: no packets for D. */
  | { readonly kind: 'idle', readonly durationNs: number }
  /** `{steady: {rate, for, size}}`: evenly spaced packets at `ratePps` for D. */
  | { readonly kind: 'steady', readonly ratePps: number, readonly durationNs: number, readonly sizeBytes: number }
  /**
   * `{burst: {rate, burst, gap, for, size}}`: groups of `burstPackets` packets sent at `ratePps`,
   * separated by `gapNs` of silence, for D.
   */
  | { readonly kind: 'burst', readonly ratePps: number, readonly burstPackets: number, readonly gapNs: number, readonly durationNs: number, readonly sizeBytes: number };

/** A background packet stream into one worker's input (the pg-input analogue). */
export interface TrafficStream {
  /** `worker`: VPP's worker index (0 is `vpp_wk_0`, thread 1); the runner checks it against `cpu { workers }`. */
  readonly worker: number;
  /** `phases`, run in order; the stream ends after the last. */
  readonly phases: readonly TrafficPhase[];
  /** Where the stream's entry is in the YAML. */
  readonly where: SourcePosition;
}

/** Virtual-time costs in ns (graph/clock.ts CostModel); every field filled. */
export interface ScenarioCost {
  /** Fixed cost of one node call, ns. */
  readonly dispatchCallNs: number;
  /** Extra cost per vector a node call returns, ns. */
  readonly dispatchVectorNs: number;
  /** Fixed cost of one main-loop iteration outside node calls, ns. */
  readonly loopNs: number;
  /** One epoll_wait that does not sleep, ns. */
  readonly epollNs: number;
  /** From a notify to the woken thread running again, ns. */
  readonly wakeLatencyNs: number;
  /** Handling one message (mq element, session event), ns. */
  readonly messageNs: number;
  /** An app thread's work between two waits, ns. */
  readonly appResumeNs: number;
  /** How late a timed sleep ends (epoll timeout, timerfd, app wait), ns. */
  readonly sleepGranularityNs: number;
}

/**
 * Defaults of {@link ScenarioCost}: the values of graph/clock.ts defaultCostModel (src/config
 * imports nothing from graph/; a test keeps the two equal).
 */
export const SCENARIO_COST_DEFAULTS: ScenarioCost = Object.freeze({
  dispatchCallNs: 75, dispatchVectorNs: 1, loopNs: 80, epollNs: 90, wakeLatencyNs: 28_000, messageNs: 55, appResumeNs: 13_000, sleepGranularityNs: 96_000,
});

/** Session-layer sizes VPP grows on demand and vppsim fixes per worker. */
export interface ScenarioSessionSizes {
  /** Event elements per worker (≥ 8). */
  readonly eventPoolSize: number;
  /** Control-message data slots per worker. */
  readonly ctrlDataSize: number;
  /** Sessions per worker. */
  readonly sessionPoolSize: number;
}

/**
 * Defaults of {@link ScenarioSessionSizes}: src/session/session-main.ts SESSION_*_DEFAULT
 * (kept equal by a test).
 */
export const SCENARIO_SESSION_DEFAULTS: ScenarioSessionSizes = Object.freeze({
  eventPoolSize: 1 << 16, ctrlDataSize: 4096, sessionPoolSize: 16384,
});

/** A `show …` (or `clear runtime`) to run, and when. */
export interface ScenarioShow {
  /** The parsed command. */
  readonly command: CliCommand;
  /** `end` (after the run), or ns from the run's start. */
  readonly at: 'end' | number;
  /** Where the entry is in the YAML. */
  readonly where: SourcePosition;
}

/** A loaded scenario: one frozen, fully filled object. */
export interface Scenario {
  /** The scenario file, as given. */
  readonly file: string;
  /** `name`. */
  readonly name: string;
  /** `description`; null when not given. */
  readonly description: string | null;
  /** `startup` / `startupFile`: startup.conf text, parsed by the caller (see {@link scenarioTextOrigin}). */
  readonly startup: ScenarioText;
  /** `cli` / `cliFile`: where the script came from. */
  readonly cliSource: ScenarioText;
  /** The parsed CLI script (positions in the YAML for inline text). */
  readonly cli: CliScript;
  /** `apps`. Default none. */
  readonly apps: readonly ScenarioApp[];
  /** `traffic`. Default none. */
  readonly traffic: readonly TrafficStream[];
  /** `clock`. Default `virtual` (reproducible). */
  readonly clock: 'real' | 'virtual';
  /** `seed`. Default 0. */
  readonly seed: number;
  /** `duration` in ns; null (the default) = until the script has run and every client app has finished. */
  readonly durationNs: number | null;
  /** `cost`, defaults filled in. */
  readonly cost: ScenarioCost;
  /** `shows`. Default none. */
  readonly shows: readonly ScenarioShow[];
  /** `dispatchOrder`: VPP HEAD's main loop (`head`, the default) or VPP ≤ v25.02's (`legacy`). */
  readonly dispatchOrder: 'head' | 'legacy';
  /** `session`, defaults filled in. */
  readonly session: ScenarioSessionSizes;
  /** Warnings from the CLI script, the shows and the apps' arguments. */
  readonly warnings: readonly CliWarning[];
}

/** The top-level keys, in the order the docs list them. */
export const SCENARIO_KEYS = [
  'name', 'description', 'startup', 'startupFile', 'cli', 'cliFile', 'apps', 'traffic', 'clock', 'seed',
  'duration', 'cost', 'shows', 'session', 'dispatchOrder',
] as const;

/** vppsim bounds. */
const MAX_RATE_PPS = 1e9;
const MAX_PACKET_SIZE = 65_535;
const MAX_WORKER = 1023;
const MAX_COST_NS = 1e12;
const MAX_POOL_SIZE = 1 << 24;

/** What the schema walk needs from outside: reading the files a scenario names. */
export interface ScenarioIo {
  /** The text of `path`, or throws. */
  readonly readText: (path: string) => string;
  /** `rel` resolved against the scenario's directory. */
  readonly resolve: (rel: string) => string;
}

/** Positions and errors within one YAML file. */
export class YamlContext {
  /** `file` names the YAML in errors; `src` is its text; `lc` the parser's line counter. */
  constructor (readonly file: string, readonly src: string, readonly lc: LineCounter) {}

  /** file:line:col of a source offset. */
  where (offset: number): SourcePosition {
    const p = this.lc.linePos(offset);
    return { file: this.file, line: p.line, column: p.col };
  }

  /** `<path>: <message>` at a node (or a fallback offset). */
  error (path: string, message: string, node: Node | null | undefined, fallback = 0, code?: string): ConfigError {
    return new ConfigError(path === '' ? message : `${path}: ${message}`, this.where(node?.range?.[0] ?? fallback), code);
  }

  /** Where a scalar's text maps in the file (see {@link ScenarioText.inline}). */
  inlineOf (node: Scalar): ScenarioText['inline'] {
    const [start, valueEnd] = node.range!;
    if (node.type === 'BLOCK_LITERAL') {
      const nl = this.src.indexOf('\n', start);
      const first = nl < 0 ? valueEnd : nl + 1;
      let i = first;
      // the block's indentation: blanks before its first non-empty line
      for (;;) {
        let j = i;
        while (this.src[j] === ' ') j++;
        if (this.src[j] === '\n' && j < valueEnd) { i = j + 1; continue; }
        const p = this.where(i);
        return { line: this.where(first).line, column: p.column + (j - i), blockColumn: j - i + 1 };
      }
    }
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const raw = this.src.slice(start + (quoted ? 1 : 0), valueEnd - (quoted ? 1 : 0));
    const p = this.where(start + (quoted ? 1 : 0));
    return { line: p.line, column: p.column, blockColumn: raw === String(node.value) ? null : -1 };
  }
}

/**
 * The origin of a scenario text, for parsers that report positions in the text itself
 * (`relocate` a startup.conf ConfigError into the YAML, for instance).
 */
export function scenarioTextOrigin (t: ScenarioText): TextOrigin {
  const inl = t.inline;
  if (inl === null) return new TextOrigin(t.file, t.text);
  if (inl.blockColumn === null) return new TextOrigin(t.file, t.text, (line, column) => (line === 1 ? { line: inl.line, column: inl.column + column - 1 } : { line: inl.line, column: inl.column }));
  if (inl.blockColumn < 0) return new TextOrigin(t.file, t.text, () => ({ line: inl.line, column: inl.column }));
  const bc = inl.blockColumn;
  return new TextOrigin(t.file, t.text, (line, column) => ({ line: inl.line + line - 1, column: bc + column - 1 }));
}

type Entries = Map<string, { readonly key: Scalar, readonly value: Node | null, readonly pair: Pair }>;

/** The walk. Throws the first ConfigError met. */
export class ScenarioValidator {
  /** Warnings met so far (CLI script, shows, app arguments). */
  readonly warnings: CliWarning[] = [];

  /** `nodeNames` are passed to the CLI parser (see parseCliScript). */
  constructor (readonly y: YamlContext, readonly io: ScenarioIo, readonly nodeNames: Iterable<string> | undefined) {}

  /** Checks a document's contents and builds the Scenario (not yet frozen). */
  scenario (contents: Node | null): Scenario {
    const top = this.map(contents, '', SCENARIO_KEYS, 0);
    const name = this.requiredString(top, 'name', contents);
    const description = top.has('description') ? this.string(top.get('description')!.value, 'description') : null;
    const startup = this.text(top, 'startup', 'startupFile');
    const cliSource = this.text(top, 'cli', 'cliFile');
    const cli = parseCliScript(cliSource.text, cliSource.file, {
      nodeNames: this.nodeNames, origin: scenarioTextOrigin(cliSource),
    });
    this.warnings.push(...cli.warnings);
    return {
      file: this.y.file,
      name,
      description,
      startup,
      cliSource,
      cli,
      apps: this.apps(top.get('apps')?.value ?? null),
      traffic: this.traffic(top.get('traffic')?.value ?? null),
      clock: top.has('clock') ? this.oneOf(top.get('clock')!.value, 'clock', ['real', 'virtual'] as const) : 'virtual',
      seed: top.has('seed') ? this.integer(top.get('seed')!.value, 'seed', 0, Number.MAX_SAFE_INTEGER) : 0,
      durationNs: top.has('duration') ? this.duration(top.get('duration')!.value, 'duration', /* positive */ true) : null,
      cost: this.numbers(top.get('cost')?.value ?? null, 'cost', SCENARIO_COST_DEFAULTS, (v, p) => this.integer(v, p, 0, MAX_COST_NS)),
      shows: this.shows(top.get('shows')?.value ?? null),
      dispatchOrder: top.has('dispatchOrder') ? this.oneOf(top.get('dispatchOrder')!.value, 'dispatchOrder', ['head', 'legacy'] as const) : 'head',
      session: this.numbers(top.get('session')?.value ?? null, 'session', SCENARIO_SESSION_DEFAULTS, (v, p, n) => this.integer(v, p, n === 'eventPoolSize' ? 8 : 1, MAX_POOL_SIZE)),
      warnings: this.warnings,
    };
  }

  /** A mapping with only `keys` (string keys, no duplicates: yaml refuses those). */
  private map (node: Node | null, path: string, keys: readonly string[], fallback: number): Entries {
    if (!isMap(node)) throw this.y.error(path, `expected a mapping${path === '' ? ' (the scenario\'s top level)' : ''}`, node, fallback);
    const out: Entries = new Map();
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') throw this.y.error(path, 'keys must be plain strings', key as Node, node.range?.[0] ?? fallback);
      if (!keys.includes(key.value)) {
        throw this.y.error(path === '' ? key.value : `${path}.${key.value}`, `unknown key (expected one of: ${keys.join(', ')})`, key);
      }
      out.set(key.value, { key, value: (pair.value ?? null) as Node | null, pair: pair as Pair });
    }
    return out;
  }

  private requiredString (m: Entries, key: string, parent: Node | null, path = ''): string {
    const e = m.get(key);
    const p = path === '' ? key : `${path}.${key}`;
    if (e === undefined) throw this.y.error(p, 'is required', parent);
    return this.string(e.value, p, e.key);
  }

  private string (node: Node | null, path: string, keyNode?: Node): string {
    if (!isScalar(node) || typeof node.value !== 'string') throw this.y.error(path, 'expected a string', node ?? keyNode);
    return node.value;
  }

  private oneOf<T extends string> (node: Node | null, path: string, values: readonly T[]): T {
    const s = isScalar(node) ? node.value : undefined;
    const v = values.find((x) => x === s);
    if (v === undefined) throw this.y.error(path, `expected one of ${values.join(', ')}${s === undefined ? '' : ` (got ${JSON.stringify(s)})`}`, node);
    return v;
  }

  private number (node: Node | null, path: string, min: number, max: number): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.y.error(path, `expected a number${v === undefined ? '' : ` (got ${JSON.stringify(v)})`}`, node);
    if (v < min || v > max) throw this.y.error(path, `must be from ${min} to ${max} (got ${v})`, node);
    return v;
  }

  private integer (node: Node | null, path: string, min: number, max: number): number {
    const v = this.number(node, path, -Infinity, Infinity);
    if (!Number.isInteger(v)) throw this.y.error(path, `expected an integer (got ${v})`, node);
    if (v < min || v > max) throw this.y.error(path, `must be from ${min} to ${max} (got ${v})`, node);
    return v;
  }

  /** `500ms`, `2s`, `100us`, `1m`, or a number of seconds. */
  private duration (node: Node | null, path: string, positive: boolean): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw this.y.error(path, 'expected a duration (examples: 500ms, 2s, 100us)', node);
    let ns: number;
    try {
      ns = parseDurationNs(String(v), path);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(err.message, this.y.where(node!.range![0]), err.code);
      throw err;
    }
    if (positive && ns <= 0) throw this.y.error(path, `must be longer than 0 (got ${JSON.stringify(v)})`, node);
    return ns;
  }

  /** Packets per second: a number or `<n>[k|m]` (`100k`, `1.5m`). */
  private rate (node: Node | null, path: string): number {
    const v = isScalar(node) ? node.value : undefined;
    let pps: number;
    if (typeof v === 'number') pps = v;
    else if (typeof v === 'string' && /^\d+(?:\.\d+)?[km]?$/.test(v)) {
      const mult = v.endsWith('k') ? 1e3 : v.endsWith('m') ? 1e6 : 1;
      pps = Number(v.replace(/[km]$/, '')) * mult;
    } else throw this.y.error(path, `expected packets per second: a number or <n>k / <n>m${v === undefined ? '' : ` (got ${JSON.stringify(v)})`}`, node);
    if (!(pps > 0 && pps <= MAX_RATE_PPS)) throw this.y.error(path, `must be above 0 and at most ${MAX_RATE_PPS} packets/s (got ${JSON.stringify(v)})`, node);
    return pps;
  }

  /** `key` (inline text) or `fileKey` (a path), not both. */
  private text (top: Entries, key: string, fileKey: string): ScenarioText {
    const inline = top.get(key);
    const file = top.get(fileKey);
    if (inline !== undefined && file !== undefined) throw this.y.error(fileKey, `give either ${key} or ${fileKey}, not both`, file.key);
    if (inline !== undefined) {
      const node = inline.value;
      if (!isScalar(node) || typeof node.value !== 'string') throw this.y.error(key, 'expected a string (a YAML block scalar `|` keeps the lines)', node ?? inline.key);
      return { source: 'inline', text: node.value, file: this.y.file, inline: this.y.inlineOf(node) };
    }
    if (file !== undefined) {
      const rel = this.string(file.value, fileKey, file.key);
      const path = this.io.resolve(rel);
      let text: string;
      try {
        text = this.io.readText(path);
      } catch (err) {
        throw this.y.error(fileKey, `cannot read '${path}': ${err instanceof Error ? err.message : String(err)}`, file.value, 0, 'ERR_CONFIG_OPEN');
      }
      return { source: 'file', text, file: path, inline: null };
    }
    return { source: 'none', text: '', file: this.y.file, inline: null };
  }

  private seq (node: Node | null, path: string): readonly (Node | null)[] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) throw this.y.error(path, 'expected a list', node);
    return node.items as (Node | null)[];
  }

  private apps (node: Node | null): ScenarioApp[] {
    const out: ScenarioApp[] = [];
    this.seq(node, 'apps').forEach((item, i) => {
      const path = `apps[${i}]`;
      const m = this.map(item, path, ['name', 'kind', 'args', 'ns', 'start'], node?.range?.[0] ?? 0);
      const name = this.requiredString(m, 'name', item, path);
      if (out.some((a) => a.name === name)) throw this.y.error(`${path}.name`, `'${name}' is already the name of another app`, m.get('name')!.value);
      const kindEntry = m.get('kind');
      if (kindEntry === undefined) throw this.y.error(`${path}.kind`, 'is required', item);
      const kind = this.oneOf(kindEntry.value, `${path}.kind`, VCL_TEST_TOOLS);
      const argsNode = m.get('args')?.value ?? null;
      const args = argsNode === null ? '' : this.string(argsNode, `${path}.args`);
      const origin = argsNode !== null && isScalar(argsNode)
        ? scenarioTextOrigin({ source: 'inline', text: args, file: this.y.file, inline: this.y.inlineOf(argsNode) })
        : new TextOrigin(this.y.file, args, () => ({ line: this.y.where(item!.range![0]).line, column: this.y.where(item!.range![0]).column }));
      const err = (message: string, offset: number, code?: string): ConfigError => new ConfigError(`${path}.args: ${message}`, origin.where(offset), code);
      let words;
      try {
        words = splitArgs(args, args.split('').map((_, k) => k), args.length);
      } catch (e) {
        if (e instanceof ArgSplitError) throw err(`${kind}: ${e.message}`, e.offset);
        throw e;
      }
      const options = parseVclTestArgs(kind, words, {
        error: err,
        warn: (message, offset) => { this.warnings.push({ message, where: origin.where(offset) }); },
      }, 0);
      const ns = m.has('ns') ? this.string(m.get('ns')!.value, `${path}.ns`) : 'default';
      if (ns === '') throw this.y.error(`${path}.ns`, 'must not be empty', m.get('ns')!.value);
      const startNs = m.has('start') ? this.duration(m.get('start')!.value, `${path}.start`, false) : 0;
      out.push({ name, kind, args, options, ns, startNs, where: this.y.where(item!.range![0]) });
    });
    return out;
  }

  private traffic (node: Node | null): TrafficStream[] {
    return this.seq(node, 'traffic').map((item, i) => {
      const path = `traffic[${i}]`;
      const m = this.map(item, path, ['worker', 'phases'], node?.range?.[0] ?? 0);
      const w = m.get('worker');
      if (w === undefined) throw this.y.error(`${path}.worker`, 'is required', item);
      const worker = this.integer(w.value, `${path}.worker`, 0, MAX_WORKER);
      const p = m.get('phases');
      if (p === undefined) throw this.y.error(`${path}.phases`, 'is required', item);
      const phases = this.seq(p.value, `${path}.phases`).map((ph, k) => this.phase(ph, `${path}.phases[${k}]`, p.value));
      if (phases.length === 0) throw this.y.error(`${path}.phases`, 'needs at least one phase', p.value ?? p.key);
      return { worker, phases, where: this.y.where(item!.range![0]) };
    });
  }

  private phase (node: Node | null, path: string, parent: Node | null): TrafficPhase {
    const m = this.map(node, path, ['idle', 'steady', 'burst'], parent?.range?.[0] ?? 0);
    if (m.size !== 1) throw this.y.error(path, 'a phase is exactly one of idle, steady, burst', node);
    const [kind, e] = [...m][0]!;
    const p = `${path}.${kind}`;
    if (kind === 'idle') return { kind: 'idle', durationNs: this.duration(e.value, p, true) };
    const keys = kind === 'steady' ? ['rate', 'for', 'size'] : ['rate', 'burst', 'gap', 'for', 'size'];
    const f = this.map(e.value, p, keys, e.key.range![0]);
    const need = (k: string): Node | null => {
      const x = f.get(k);
      if (x === undefined) throw this.y.error(`${p}.${k}`, 'is required', e.value);
      return x.value;
    };
    const ratePps = this.rate(need('rate'), `${p}.rate`);
    const durationNs = this.duration(need('for'), `${p}.for`, true);
    const sizeBytes = f.has('size') ? this.integer(f.get('size')!.value, `${p}.size`, 1, MAX_PACKET_SIZE) : 64;
    if (kind === 'steady') return { kind: 'steady', ratePps, durationNs, sizeBytes };
    const burstPackets = this.integer(need('burst'), `${p}.burst`, 1, MAX_RATE_PPS);
    const gapNs = this.duration(need('gap'), `${p}.gap`, false);
    return { kind: 'burst', ratePps, burstPackets, gapNs, durationNs, sizeBytes };
  }

  private numbers<T extends object> (node: Node | null, path: string, defaults: T, check: (v: Node | null, p: string, key: string) => number): T {
    if (node === null) return { ...defaults };
    const m = this.map(node, path, Object.keys(defaults), 0);
    const out: Record<string, number> = { ...(defaults as Record<string, number>) };
    for (const [k, e] of m) out[k] = check(e.value, `${path}.${k}`, k);
    return out as T;
  }

  private shows (node: Node | null): ScenarioShow[] {
    return this.seq(node, 'shows').map((item, i) => {
      const path = `shows[${i}]`;
      let cmdNode: Node | null = item;
      let at: 'end' | number = 'end';
      if (isMap(item)) {
        const m = this.map(item, path, ['command', 'at'], 0);
        const c = m.get('command');
        if (c === undefined) throw this.y.error(`${path}.command`, 'is required', item);
        cmdNode = c.value;
        const a = m.get('at');
        if (a !== undefined) at = isScalar(a.value) && a.value.value === 'end' ? 'end' : this.duration(a.value, `${path}.at`, false);
      }
      const cpath = isMap(item) ? `${path}.command` : path;
      const text = this.string(cmdNode, cpath);
      const script = parseCliScript(text, this.y.file, {
        nodeNames: this.nodeNames,
        origin: scenarioTextOrigin({ source: 'inline', text, file: this.y.file, inline: this.y.inlineOf(cmdNode as Scalar) }),
      });
      this.warnings.push(...script.warnings);
      const cmds = script.commands;
      if (cmds.length !== 1 || !(cmds[0]!.kind.startsWith('show-') || cmds[0]!.kind === 'clear-runtime')) {
        throw this.y.error(cpath, `'${text}' is not one show command (or clear runtime); put other commands in cli`, cmdNode);
      }
      return { command: cmds[0]!, at, where: this.y.where(item!.range![0]) };
    });
  }
}

