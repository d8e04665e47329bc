// src/runtime/external-app-module.ts: the app module (app-module.ts) of a run's external apps on
// real app threads: one app per thread, so the module's state is that app's.

import type { AppProgram } from '../app/app-thread.js';
import { createExternalApp, type ExternalApp, type ExternalAppResult, type ExternalAppUser } from '../run/external-app.js';
import type { AppEnv } from './app-module.js';

let app: ExternalApp | null = null;

/** The app's program (see createExternalApp). */
export function program (env: AppEnv, user: unknown): AppProgram {
  app = createExternalApp(env, user as ExternalAppUser);
  return app.program;
}

/** The app's report when the thread ends. */
export function result (): ExternalAppResult | null {
  return app?.report() ?? null;
}
