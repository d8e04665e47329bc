// src/session/app-main.ts: the application side of the session layer as one realm sees it.
// Models: src/vnet/session/application.h app_main_t (its per-thread appsl workers) and the
// app worker pool; on main also the apps, their API clients and the namespaces.

import { AppNamespaces } from './app-namespace.js';
import { AppslWrk } from './app-rx-mqs.js';
import { type AppEvtDeliverFn, type AppWorker, AppWrksPendingNtf } from './app-worker.js';
import type { Application } from './application.js';

/** Apps, app workers and per-thread app state of one realm. */
export class AppMain {
  /** Each vpp thread's private rx mq state (`app_main.wrk`). */
  private readonly appslWrks: AppslWrk[];
  /** Each vpp thread's `app_wrks_pending_ntf`. */
  private readonly pending: AppWrksPendingNtf[];
  /** App worker views by global index (`app_workers` pool). */
  readonly appWrks: (AppWorker | undefined)[] = [];
  /** How each event type reaches an app (`cb_fns`, `mq_send_*`), by session event type. */
  readonly deliver: (AppEvtDeliverFn | undefined)[] = [];

  // main only
  /** Apps by index (`app_pool`). */
  readonly apps: (Application | undefined)[] = [];
  /** API client → app index (`application_lookup`). */
  readonly apiClients = new Map<number, number>();
  readonly namespaces = new AppNamespaces();
  nextAppWrkIndex = 0;

  constructor (nThreads: number) {
    this.appslWrks = Array.from({ length: nThreads }, () => new AppslWrk());
    this.pending = Array.from({ length: nThreads }, () => new AppWrksPendingNtf());
  }

  /**
   * The app worker with map index `wrkMapIndex` of the app attached by API client `client`
   * (`application_lookup` + `application_get_worker`), from any thread; undefined if none.
   */
  appWorkerOf (client: number, wrkMapIndex: number): AppWorker | undefined {
    for (const aw of this.appWrks) if (aw !== undefined && aw.apiClient === client && aw.wrkMapIndex === wrkMapIndex) return aw;
    return undefined;
  }

  /** The app index attached by API client `client` (any of its workers), or −1. */
  appOfClient (client: number): number {
    for (const aw of this.appWrks) if (aw !== undefined && aw.apiClient === client) return aw.appIndex;
    return -1;
  }

  /** Thread `t`'s private rx mq state. */
  appsl (t: number): AppslWrk { return this.appslWrks[t] as AppslWrk; }
  /** Thread `t`'s pending app workers bitmap. */
  pendingNtf (t: number): AppWrksPendingNtf { return this.pending[t] as AppWrksPendingNtf; }
}
