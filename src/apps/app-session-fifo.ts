// src/apps/app-session-fifo.ts: a session's tx fifo as a builtin app on any vpp thread reaches it.
// VPP's apps read `s->tx_fifo` of any thread's session (the echo apps send control messages on
// a session of another thread from main); vppsim's fifo views are per realm, so a thread that
// never saw the session makes one from the session's fifo segment and offset.

import type { SessionMain } from '../session/session-main.js';
import { kSessTxFifoOff, kSessTxFifoSeg } from '../session/session-table.js';
import type { SvmFifo } from '../svm/fifo.js';

/**
 * Session `si` of thread `t`'s tx fifo: this realm's view when it has one (no allocation), else
 * a new view over the app worker's segment (rare: control messages with real threads); null if
 * the session is gone.
 */
export function sessionTxFifoAnyThread (sm: SessionMain, t: number, si: number): SvmFifo | null {
  const f = sm.ops.txFifo(t, si);
  if (f !== null) return f;
  const tab = sm.sessions[t];
  if (tab === undefined || !tab.isValid(si)) return null;
  const aw = sm.am.appWrks[tab.get(si, kSessTxFifoSeg)];
  return aw === undefined ? null : aw.segment.fifo(tab.get(si, kSessTxFifoOff));
}
