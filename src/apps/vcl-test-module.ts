// src/apps/vcl-test-module.ts: `vcl_test_server` or `vcl_test_client` (by `options.tool`) as an
// app module for a real app thread (src/runtime/app-module.ts): the thread imports it, runs
// `program (env, user)` and returns `result ()` when the program ends. Each app thread imports
// its own copy, so the module's state is that one tool's.

import type { AppEnv } from '../runtime/app-module.js';
import type { AppProgram } from '../app/app-thread.js';
import type { VclTestClientOptions, VclTestServerOptions } from '../config/vcl-test-options.js';
import { VppsimError } from '../errors.js';
import type { VclTestAppConfig } from './vcl-test-common.js';
import { VclTestClient, type VclTestClientResult } from './vcl-test-client.js';
import { VclTestServer, type VclTestServerResult } from './vcl-test-server.js';

/** The module's user data: the parsed arguments and the app's VCL configuration. */
export interface VclTestModuleUser {
  readonly options: VclTestServerOptions | VclTestClientOptions;
  /** vcl.conf values; VCL's defaults when left out. */
  readonly app?: VclTestAppConfig;
  /**
   * Optional: word 0 (an Int32Array view) is incremented, and notified, when the program ends,
   * so whoever runs the threads can stop once the apps are done.
   */
  readonly done?: SharedArrayBuffer;
}

/** What `result ()` returns: the tool's output lines and its counters. */
export interface VclTestModuleResult {
  readonly tool: 'vcl_test_server' | 'vcl_test_client';
  /** stdout, line by line. */
  readonly stdout: readonly string[];
  /** stderr, line by line. */
  readonly stderr: readonly string[];
  /** The run's counters; null if the program never started. */
  readonly result: VclTestServerResult | VclTestClientResult | null;
}

const stdout: string[] = [];
const stderr: string[] = [];
let tool: VclTestServer | VclTestClient | null = null;
let toolName: VclTestModuleResult['tool'] = 'vcl_test_server';

function isUser (u: unknown): u is VclTestModuleUser {
  if (typeof u !== 'object' || u === null) return false;
  const o: unknown = Reflect.get(u, 'options');
  if (typeof o !== 'object' || o === null) return false;
  const t: unknown = Reflect.get(o, 'tool');
  return t === 'vcl_test_server' || t === 'vcl_test_client';
}

/**
 * The app program. Throws VppsimError `ERR_APP_USER` when `user` is not a
 * {@link VclTestModuleUser}, and what the tools' constructors throw.
 */
export function program (env: AppEnv, user: unknown): AppProgram {
  if (!isUser(user)) throw new VppsimError('ERR_APP_USER', 'vcl test module: user must be { options: VclTestServerOptions | VclTestClientOptions, app?, done? }');
  const io = { out: (l: string) => stdout.push(l), err: (l: string) => stderr.push(l) };
  toolName = user.options.tool;
  tool = user.options.tool === 'vcl_test_server'
    ? new VclTestServer(env, user.options, io, user.app)
    : new VclTestClient(env, user.options, io, user.app);
  return withDone(tool.run(), user.done);
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
export function result (): VclTestModuleResult {
  return { tool: toolName, stdout, stderr, result: tool?.result ?? null };
}
