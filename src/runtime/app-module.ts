// src/runtime/app-module.ts: what an app thread imports to learn what to run: a program over an
// AppClient, given the run's user data. Every app thread of a run imports its own module.

import type { AppClient } from '../app/app-client.js';
import type { AppProgram, AppWaitBuf } from '../app/app-thread.js';
import type { Clock } from '../../graph/clock.js';
import type { Elog } from '../../graph/elog.js';
import { VppsimError } from '../errors.js';

/** What an app program gets. */
export interface AppEnv {
  readonly client: AppClient;
  /** A reusable wait object: `yield env.wait.set(fds, timeoutNs)`. */
  readonly wait: AppWaitBuf;
  readonly clock: Clock;
  /** The app's thread slot. */
  readonly slot: number;
  /** The app thread's event log (src/app/app-elog.ts types; the VCL logs its posts and reads). */
  readonly elog: Elog;
}

/** An app module: `program(env, user)` and optionally `result()`, returned when the thread ends. */
export interface AppModule {
  readonly program: (env: AppEnv, user: unknown) => AppProgram;
  readonly result?: () => unknown;
}

function isAppModule (m: unknown): m is AppModule {
  return typeof m === 'object' && m !== null && typeof Reflect.get(m, 'program') === 'function';
}

/** Imports an app module by URL. Throws VppsimError `ERR_APP_MODULE` if it exports no `program`. */
export async function loadAppModule (url: string): Promise<AppModule> {
  const m: unknown = await import(url);
  if (!isAppModule(m)) throw new VppsimError('ERR_APP_MODULE', `${url} does not export 'program'`);
  return m;
}
