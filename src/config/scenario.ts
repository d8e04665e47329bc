// src/config/scenario.ts: loading a YAML scenario (`vppsim run scenario.yaml`): read the file,
// parse it with the `yaml` package keeping line:col for every node, check it against the schema
// (scenario-schema.ts), read the files it names (relative to the scenario's directory), parse its
// CLI script and shows, and return one frozen Scenario. The startup.conf text is returned as is,
// with its origin, for the caller to parse (see scenarioTextOrigin to place its errors).

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { type Scenario, ScenarioValidator, YamlContext } from './scenario-schema.js';

/** Options of {@link loadScenario} / {@link parseScenario}. */
export interface ScenarioOptions {
  /** Node names for `show runtime <node>` in the scenario's script and shows (see parseCliScript). */
  readonly nodeNames?: Iterable<string>;
  /** Reads a file the scenario names; default: readFileSync as UTF-8. */
  readonly readText?: (path: string) => string;
}

/** ConfigError code of a YAML syntax error. */
export const ERR_CONFIG_YAML = 'ERR_CONFIG_YAML';

/**
 * Parses a scenario's text; `file` names it in errors and anchors relative paths. Throws a
 * ConfigError `file:line:col: message` for malformed YAML (the parser's message) and for any
 * schema violation (`<field path>: <problem>`).
 */
export function parseScenario (text: string, file: string, options: ScenarioOptions = {}): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const y = new YamlContext(file, text, lc);
  const first = doc.errors[0];
  if (first !== undefined) {
    throw new ConfigError(`YAML: ${first.message}`, y.where(first.pos[0]), ERR_CONFIG_YAML);
  }
  const dir = dirname(file);
  const validator = new ScenarioValidator(y, {
    readText: options.readText ?? ((p) => readFileSync(p, 'utf8')),
    resolve: (rel) => (isAbsolute(rel) ? rel : join(dir, rel)),
  }, options.nodeNames);
  return deepFreeze(validator.scenario(doc.contents));
}

/**
 * Reads and parses a scenario file. A file that cannot be read gives
 * "failed to open scenario file '…'" (code ERR_CONFIG_OPEN).
 */
export function loadScenario (file: string, options: ScenarioOptions = {}): Scenario {
  let text: string;
  try {
    text = (options.readText ?? ((p: string) => readFileSync(p, 'utf8')))(file);
  } catch {
    throw new ConfigError(`failed to open scenario file '${file}'`, null, 'ERR_CONFIG_OPEN');
  }
  return parseScenario(text, file, options);
}

function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
