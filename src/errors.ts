// src/errors.ts: every error class vppsim throws, in one place.
// A leaf module: it imports nothing, so every layer (graph/, src/svm/, …) may import it.

/** Base of all vppsim errors. `code` is stable and meant for programs; `message` for people. */
export class VppsimError extends Error {
  constructor (readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VppsimError';
  }
}

/** A graph that cannot be built: duplicate node, unknown next node, bad registration. */
export class GraphError extends VppsimError {
  constructor (code: string, message: string) {
    super(code, message);
    this.name = 'GraphError';
  }
}

/** Where in an input file something went wrong (1-based line and column). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Bad input: a config, a CLI script, a flag value. The message is VPP's wording where VPP has
 * one; `toString()` gives the one-line form `file:line:col: message`.
 */
export class ConfigError extends VppsimError {
  constructor (message: string, readonly where: SourcePosition | null = null, code = 'ERR_CONFIG') {
    super(code, where === null ? message : `${where.file}:${where.line}:${where.column}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** A session-layer call that failed with one of VPP's SESSION_E_* codes. */
export class SessionError extends VppsimError {
  constructor (readonly sessionErrorCode: number, message: string) {
    super('ERR_SESSION', message);
    this.name = 'SessionError';
  }
}

/**
 * A simulated thread threw, or the engine found a condition VPP would panic on (a barrier
 * deadlock). Ends the run; `threadIndex` says which thread (-1: not a vlib thread).
 */
export class ThreadCrashError extends VppsimError {
  constructor (readonly threadIndex: number, message: string, options?: { cause?: unknown }) {
    super('ERR_THREAD_CRASH', message, options);
    this.name = 'ThreadCrashError';
  }
}

/**
 * A shared-memory setup that cannot be honoured: a segment out of space, a geometry VPP would
 * refuse, a view attached at an offset that holds no such object. Raised at the API edge only;
 * svm hot paths return VPP's negative codes instead. `code` is `ERR_SVM_*`.
 */
export class SvmError extends VppsimError {
  constructor (code: string, message: string) {
    super(code, message);
    this.name = 'SvmError';
  }
}
