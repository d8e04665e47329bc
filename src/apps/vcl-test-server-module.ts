// src/apps/vcl-test-server-module.ts: `vcl_test_server` as an app module for a real app thread
// (src/runtime/app-module.ts): the thread imports it, runs `program (env, user)` and returns
// `result ()` when the program ends. Each app thread imports its own copy, so the module's state
// is that one server's.

import type { AppEnv } from '../runtime/app-module.js';
import type { AppProgram } from '../app/app-thread.js';
import type { VclTestServerOptions } from '../config/vcl-test-options.js';
import { VppsimError } from '../errors.js';
import type { VclTestAppConfig } from './vcl-test-common.js';
import { VclTestServer, type VclTestServerResult } from './vcl-test-server.js';

/** The module's user data: the parsed arguments and the app's VCL configuration. */
export interface VclTestServerUser {
  readonly options: VclTestServerOptions;
  /** vcl.conf values; VCL's defaults when left out. */
  readonly app?: VclTestAppConfig;
  /**
   * Optional: word 0 (an Int32Array view) is incremented, and notified, when the program ends,
   * so whoever runs the threads can stop once the apps are done.
   */
  readonly done?: SharedArrayBuffer;
}

/** What `result ()` returns: the tool's output lines and its counters. */
export interface VclTestServerModuleResult {
  readonly tool: 'vcl_test_server';
  /** stdout, line by line. */
  readonly stdout: readonly string[];
  /** stderr, line by line. */
  readonly stderr: readonly string[];
  /** The run's counters; null if the program never started. */
  readonly result: VclTestServerResult | null;
}

const stdout: string[] = [];
const stderr: string[] = [];
let server: VclTestServer | null = null;

function isUser (u: unknown): u is VclTestServerUser {
  if (typeof u !== 'object' || u === null) return false;
  const o: unknown = Reflect.get(u, 'options');
  return typeof o === 'object' && o !== null && Reflect.get(o, 'tool') === 'vcl_test_server';
}

/**
 * The app program. Throws VppsimError `ERR_APP_USER` when `user` is not a
 * {@link VclTestServerUser}, and what {@link VclTestServer}'s constructor throws.
 */
export function program (env: AppEnv, user: unknown): AppProgram {
  if (!isUser(user)) throw new VppsimError('ERR_APP_USER', 'vcl_test_server module: user must be { options: VclTestServerOptions, app?, done? }');
  server = new VclTestServer(env, user.options, { out: (l) => stdout.push(l), err: (l) => stderr.push(l) }, user.app);
  return withDone(server.run(), user.done);
}

function * withDone (p: AppProgram, done: SharedArrayBuffer | undefined): AppProgram {
  yield * p;
  if (done !== undefined) {
    const w = new Int32Array(done);
    Atomics.add(w, 0, 1);
    Atomics.notify(w, 0);
  }
}

/** The output and counters so far (all of them once the program ended). */
export function result (): VclTestServerModuleResult {
  return { tool: 'vcl_test_server', stdout, stderr, result: server?.result ?? null };
}
