// src/session/session-types.ts: the session layer's tables, one each, with every view derived.
// Models: src/vnet/session/session_types.h (foreach_session_error, foreach_session_state),
// src/vnet/session/session.h (session_wrk_state_t, SESSION_WRK_F_*).

/**
 * Session worker scheduling states, in VPP's order (POLLING is 0).
 * Models: src/vnet/session/session.h session_wrk_state_t.
 */
export const foreachSessionWrkState = [
  ['POLLING', 'polling'],
  ['INTERRUPT', 'interrupt'],
  ['IDLE', 'idle'],
] as const;

/** Worker state codes: `WrkState.Interrupt === 1`. */
export const WrkState = { Polling: 0, Interrupt: 1, Idle: 2 } as const;
export type WrkState = (typeof WrkState)[keyof typeof WrkState];
/** Lower-case names by code, as vppsim prints them. */
export const wrkStateNames: readonly string[] = foreachSessionWrkState.map((r) => r[1]);
/** VPP's symbols by code: `SESSION_WRK_INTERRUPT`. */
export const wrkStateSymbols: readonly string[] = foreachSessionWrkState.map((r) => `SESSION_WRK_${r[0]}`);
/** The name of a worker state (`interrupt`). */
export const formatWrkState = (s: number): string => wrkStateNames[s] ?? `state ${s}`;

/** Session worker flags. Models: session.h `SESSION_WRK_F_ADAPTIVE`. */
export const SessionWrkFlag = { Adaptive: 1 << 0 } as const;

/**
 * Session layer errors: SESSION_E_<sym> = −position. Models: session_types.h foreach_session_error.
 */
export const foreachSessionError = [
  ['NONE', 'no error'],
  ['UNKNOWN', 'generic/unknown error'],
  ['REFUSED', 'refused'],
  ['TIMEDOUT', 'timedout'],
  ['ALLOC', 'obj/memory allocation error'],
  ['OWNER', 'object not owned by application'],
  ['NOROUTE', 'no route'],
  ['NOINTF', 'no resolving interface'],
  ['NOIP', 'no ip for lcl interface'],
  ['NOPORT', 'no lcl port'],
  ['NOSUPPORT', 'not supported'],
  ['NOLISTEN', 'not listening'],
  ['NOSESSION', 'session does not exist'],
  ['NOAPP', 'app not attached'],
  ['APP_ATTACHED', 'app already attached'],
  ['PORTINUSE', 'lcl port in use'],
  ['IPINUSE', 'ip in use'],
  ['ALREADY_LISTENING', 'ip port pair already listened on'],
  ['ADDR_NOT_IN_USE', 'address not in use'],
  ['INVALID', 'invalid value'],
  ['INVALID_RMT_IP', 'invalid remote ip'],
  ['INVALID_APPWRK', 'invalid app worker'],
  ['INVALID_NS', 'invalid namespace'],
  ['SEG_NO_SPACE', "Couldn't allocate a fifo pair"],
  ['SEG_NO_SPACE2', "Created segment, couldn't allocate a fifo pair"],
  ['SEG_CREATE', "Couldn't create a new segment"],
  ['FILTERED', 'session filtered'],
  ['SCOPE', 'scope not supported'],
  ['BAPI_NO_FD', "bapi doesn't have a socket fd"],
  ['BAPI_SEND_FD', "couldn't send fd over bapi socket fd"],
  ['BAPI_NO_REG', 'app bapi registration not found'],
  ['MQ_MSG_ALLOC', 'failed to alloc mq msg'],
  ['TLS_HANDSHAKE', 'failed tls handshake'],
  ['EVENTFD_ALLOC', 'failed to alloc eventfd'],
  ['NOEXTCFG', 'no extended transport config'],
  ['NOCRYPTOENG', 'no crypto engine'],
  ['NOCRYPTOCKP', 'cert key pair not found '],
  ['LOCAL_CONNECT', 'could not connect with local scope'],
  ['WRONG_NS_SECRET', 'wrong ns secret'],
  ['SYSCALL', 'system call error'],
  ['TRANSPORT_NO_REG', 'transport was not registered'],
  ['MAX_STREAMS_HIT', 'max streams hit'],
] as const;

type ErrTable = typeof foreachSessionError;
/** A session error's symbol without the `SESSION_E_` prefix. */
export type SessionErrorName = ErrTable[number][0];
/** `SESSION_E_*` codes by name: `SessionE.INVALID_NS === -22`. */
export const SessionE = Object.freeze(Object.fromEntries(foreachSessionError.map((r, i) => [r[0], -i]))) as {
  readonly [K in SessionErrorName]: number;
};
/** The description of a `SESSION_E_*` code (`invalid namespace`). Models: format_session_error. */
export const formatSessionError = (code: number): string => foreachSessionError[-code]?.[1] ?? `unknown error ${code}`;
/** The symbol of a `SESSION_E_*` code (`SESSION_E_INVALID_NS`). */
export const sessionErrorSymbol = (code: number): string => {
  const r = foreachSessionError[-code];
  return r === undefined ? `SESSION_E_${code}` : `SESSION_E_${r[0]}`;
};

/** Session states in VPP's order. Models: session_types.h foreach_session_state. */
export const foreachSessionState = [
  ['CREATED', 'created'],
  ['LISTENING', 'listening'],
  ['CONNECTING', 'connecting'],
  ['ACCEPTING', 'accepting'],
  ['READY', 'ready'],
  ['OPENED', 'opened'],
  ['TRANSPORT_CLOSING', 'transport-closing'],
  ['CLOSING', 'closing'],
  ['APP_CLOSED', 'app-closed'],
  ['TRANSPORT_CLOSED', 'transport-closed'],
  ['CLOSED', 'closed'],
  ['TRANSPORT_DELETED', 'transport-deleted'],
] as const;
type StateTable = typeof foreachSessionState;
/** `SESSION_STATE_*` codes by name. */
export const SessionState = Object.freeze(Object.fromEntries(foreachSessionState.map((r, i) => [r[0], i]))) as {
  readonly [K in StateTable[number][0]]: number;
};
/** The word `show session` prints for a session state. Models: format_session_state. */
export const formatSessionState = (s: number): string => foreachSessionState[s]?.[1] ?? `state ${s}`;

/** Budget of TX packets per session-queue dispatch (`SESSION_NODE_FRAME_SIZE`, session.h). */
export const SESSION_NODE_FRAME_SIZE = 128;
/** Elements in a fresh worker's event pool: its five list heads (session.c session_manager_main_enable). */
export const SESSION_EVT_POOL_HEADS = 5;
/** Most connects handled per RPC on the first worker (session_node.c session_mq_handle_connects_rpc). */
export const SESSION_MAX_CONNECTS_PER_RPC = 32;
/** Most app worker events flushed per dispatch of session-input (session_input.c: n_evts = 128). */
export const SESSION_INPUT_MAX_EVTS_PER_APP_WRK = 128;

/**
 * The session worker's timerfd period in each state, ns: workers 1 ms in INTERRUPT and 100 ms in
 * IDLE; main 500 ms in both when there are workers, else as a worker; 0 (disarmed) in POLLING.
 * Models: src/vnet/session/session_node.c session_wrk_tfd_timeout.
 */
export function sessionWrkTfdTimeoutNs (state: WrkState, threadIndex: number, nWorkers: number): number {
  if (state === WrkState.Interrupt) return threadIndex !== 0 ? 1e6 : nWorkers > 0 ? 5e8 : 1e6;
  if (state === WrkState.Idle) return threadIndex !== 0 ? 1e8 : nWorkers > 0 ? 5e8 : 1e8;
  return 0;
}
