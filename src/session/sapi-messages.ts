// src/session/sapi-messages.ts: the app socket API messages, plain data. Models:
// src/vnet/session/application_interface.h app_sapi_msg_t (APP_SAPI_MSG_TYPE_ATTACH,
// _ATTACH_REPLY, _ADD_DEL_WORKER, _ADD_DEL_WORKER_REPLY); the segment and eventfd fds VPP
// sends with SEND_FDS travel inside the replies as SharedArrayBuffers and offsets.

import type { AppOptions, AppWorkerSetup, AttachResult } from './application.js';

/** APP_SAPI_MSG_TYPE_ATTACH (+ the binary API's namespace id and secret, used with `use-bapi-socket-api`). */
export interface SapiAttachMsg {
  readonly type: 'attach';
  readonly name: string;
  readonly options: AppOptions;
  /** Binary API only: `namespace_id`; the socket API takes the socket's namespace. */
  readonly nsId?: string;
  /** Binary API only: `APP_OPTIONS_NAMESPACE_SECRET`. */
  readonly secret?: number;
}

/** APP_SAPI_MSG_TYPE_ATTACH_REPLY: the attach result, and what the app needs to use it. */
export interface SapiAttachReplyMsg extends AttachResult {
  readonly type: 'attach-reply';
  /** vpp threads (`n_workers + 1`). */
  readonly nThreads: number;
  /** This connection's API client index (`client_index` in ctrl messages). */
  readonly apiClient: number;
}

/** APP_SAPI_MSG_TYPE_ADD_DEL_WORKER. */
export interface SapiAddDelWorkerMsg {
  readonly type: 'add-del-worker';
  readonly appIndex: number;
  readonly isAdd: boolean;
  readonly wrkMapIndex: number;
}

/** APP_SAPI_MSG_TYPE_ADD_DEL_WORKER_REPLY (VPP sends none for a delete; vppsim does, retval only). */
export interface SapiAddDelWorkerReplyMsg {
  readonly type: 'add-del-worker-reply';
  readonly retval: number;
  readonly isAdd: boolean;
  readonly wrk: AppWorkerSetup | null;
}

/** The app closed its socket: VPP detaches the app. */
export interface SapiCloseMsg {
  readonly type: 'close';
}

/** Any socket API message. */
export type SapiMsg = SapiAttachMsg | SapiAttachReplyMsg | SapiAddDelWorkerMsg | SapiAddDelWorkerReplyMsg | SapiCloseMsg;

/** Checks a received message's shape; returns it typed, or null if it is not one of ours. */
export function asSapiMsg (m: unknown): SapiMsg | null {
  if (typeof m !== 'object' || m === null) return null;
  const type: unknown = Reflect.get(m, 'type');
  switch (type) {
    case 'attach': return typeof Reflect.get(m, 'name') === 'string' ? m as SapiAttachMsg : null;
    case 'attach-reply': return m as SapiAttachReplyMsg;
    case 'add-del-worker': return typeof Reflect.get(m, 'appIndex') === 'number' ? m as SapiAddDelWorkerMsg : null;
    case 'add-del-worker-reply': return m as SapiAddDelWorkerReplyMsg;
    case 'close': return m as SapiCloseMsg;
    default: return null;
  }
}
