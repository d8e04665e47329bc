// src/explain/explain-input.ts: reads a `vppsim run --json` result for `vppsim explain`, checking
// the parts explain reads; every problem is one line naming the file and the field (or the line
// and column of a JSON syntax error).

import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { RESULT_SCHEMA_VERSION } from '../run/result-json.js';

/** One thread's events, as explain reads them. */
export interface ExplainLog {
  readonly slot: number;
  readonly name: string;
  readonly total: number;
  readonly files: readonly string[];
  readonly types: readonly string[];
  /** `[tNs, type, a, b, c]`, oldest first. */
  readonly events: readonly (readonly number[])[];
}

/** The parts of a result explain uses. */
export interface ExplainInput {
  readonly file: string;
  readonly scenario: string;
  readonly clock: string;
  readonly seed: number;
  readonly durationNs: number;
  readonly fingerprint: string;
  readonly nodeNames: readonly string[];
  /** vlib threads: slots below this. */
  readonly nThreads: number;
  readonly logs: readonly ExplainLog[];
}

type Json = unknown;

function isObject (v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Line and column (1-based) of character `pos` of `text`. */
function lineCol (text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; col = 1; } else col++;
  }
  return { line, column: col };
}

/**
 * Reads and checks `file`. Throws ConfigError (one line): a missing or unreadable file, JSON
 * that does not parse (with its line and column), another schema version, or a field explain
 * needs that is missing or has the wrong type.
 */
export function readExplainInput (file: string): ExplainInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(e)})`}`);
  }
  let j: Json;
  try {
    j = JSON.parse(text) as Json;
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const where = m !== null ? lineCol(text, Number(m[1])) : { line: 1, column: 1 };
    throw new ConfigError(`not JSON: ${(e as Error).message}`, { file, ...where });
  }
  const bad = (field: string, want: string): ConfigError => new ConfigError(`${file}: field '${field}' is not ${want} (is it a \`vppsim run --json\` result?)`);
  if (!isObject(j)) throw bad('(top level)', 'an object');
  if (j.schemaVersion !== RESULT_SCHEMA_VERSION) throw bad('schemaVersion', String(RESULT_SCHEMA_VERSION));
  const str = (k: string): string => { const v = j[k]; if (typeof v !== 'string') throw bad(k, 'a string'); return v; };
  const num = (k: string): number => { const v = j[k]; if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(k, 'a number'); return v; };
  if (!Array.isArray(j.eventLogs)) throw bad('eventLogs', 'an array (results of vppsim before event logs cannot be explained)');
  if (!Array.isArray(j.nodeNames) || !j.nodeNames.every((n) => typeof n === 'string')) throw bad('nodeNames', 'an array of strings');
  if (!Array.isArray(j.threads)) throw bad('threads', 'an array');
  const logs: ExplainLog[] = j.eventLogs.map((l: Json, i: number) => {
    const f = `eventLogs[${i}]`;
    if (!isObject(l)) throw bad(f, 'an object');
    if (typeof l.slot !== 'number' || typeof l.name !== 'string' || typeof l.total !== 'number') throw bad(`${f}.slot/name/total`, 'a number, a string and a number');
    if (!Array.isArray(l.files) || !Array.isArray(l.types) || !Array.isArray(l.events)) throw bad(`${f}.files/types/events`, 'arrays');
    for (let k = 0; k < l.events.length; k++) {
      const e = l.events[k] as Json;
      if (!Array.isArray(e) || e.length !== 5 || !e.every((x) => typeof x === 'number')) throw bad(`${f}.events[${k}]`, '[tNs, type, a, b, c]');
    }
    return {
      slot: l.slot, name: l.name, total: l.total,
      files: l.files.map(String), types: l.types.map(String), events: l.events as number[][],
    };
  });
  return {
    file, scenario: str('scenario'), clock: str('clock'), seed: num('seed'), durationNs: num('durationNs'),
    fingerprint: typeof j.fingerprint === 'string' ? j.fingerprint : '', nodeNames: j.nodeNames as string[],
    nThreads: j.threads.length, logs,
  };
}
