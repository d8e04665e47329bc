// src/app/app-env.ts: builds what an app program runs with (src/runtime/app-module.ts AppEnv):
// its socket API client, its reusable wait, its clock and its event log, with a notifier that
// logs each write of the app's that woke a sleeping vlib thread. The same on a real app thread
// and in virtual time.

import type { Clock } from '../../graph/clock.js';
import { Elog, ElogEvent } from '../../graph/elog.js';
import type { VlibShared } from '../../graph/shared-layout.js';
import { VlibFdNotifier, type Waiter } from '../../graph/waiter.js';
import type { SapiEndpointInit } from '../svm/sapi-channel.js';
import type { AppEnv } from '../runtime/app-module.js';
import { AppClient } from './app-client.js';
import { AppWaitBuf } from './app-thread.js';

/** Events an app thread's log keeps by default. */
export const APP_ELOG_CAPACITY = 1 << 16;

/** What {@link createAppEnv} needs. */
export interface AppEnvInit {
  readonly shared: VlibShared;
  /** How this realm wakes threads (the real waiter, or the virtual scheduler). */
  readonly waiter: Waiter;
  /** The app's end of its socket API connection. */
  readonly sapi: SapiEndpointInit;
  /** The app thread's slot (after the vlib threads). */
  readonly slot: number;
  readonly clock: Clock;
  /** Events kept (default {@link APP_ELOG_CAPACITY}). */
  readonly elogCapacity?: number;
}

/** An app's environment; the AppThread that runs its program should log to `env.elog`. */
export function createAppEnv (o: AppEnvInit): AppEnv {
  const elog = new Elog(o.elogCapacity ?? APP_ELOG_CAPACITY);
  const clock = o.clock;
  const notifier = new VlibFdNotifier(o.shared, o.waiter, (t) => elog.add(clock.now(), ElogEvent.FdWake, t, 0, 0));
  const wait = new AppWaitBuf();
  const client = new AppClient(o.sapi, o.slot, notifier, wait);
  return { client, wait, clock, slot: o.slot, elog };
}
