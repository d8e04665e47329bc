// `show session` with no arguments, byte for byte as VPP HEAD prints it: one line per session
// worker from session_cli.c session_cli_show_all_sessions at verbose 0, `Thread %d: no sessions`
// or `Thread %d: %d sessions` with the pool's element count.
import { expect } from 'chai';
import { formatShowSessionSummary } from '../src/session/session-format.js';
import { kSessState } from '../src/session/session-table.js';
import { SessionState } from '../src/session/session-types.js';
import { sessionRun } from './support/session-run.js';

describe('show session (summary)', () => {
  it('prints one line per thread, main included, counting every allocated session', () => {
    const r = sessionRun(3);
    const t1 = r.sm.sessions[1]!;
    for (let i = 0; i < 3; i++) t1.alloc();
    expect(formatShowSessionSummary(r.sm)).to.equal(
      'Thread 0: no sessions\n' +
      'Thread 1: 3 sessions\n' +
      'Thread 2: no sessions\n');
  });

  it('counts listeners and closed sessions too (pool_elts, whatever the state), and drops freed ones', () => {
    const r = sessionRun(2);
    const t0 = r.sm.sessions[0]!;
    const a = t0.alloc();
    const b = t0.alloc();
    t0.set(b, kSessState, SessionState.LISTENING); // a listener counts too
    t0.set(a, kSessState, SessionState.TRANSPORT_DELETED); // so does a session on its way out
    expect(formatShowSessionSummary(r.sm)).to.equal('Thread 0: 2 sessions\nThread 1: no sessions\n');
    t0.free(a);
    t0.free(b);
    expect(formatShowSessionSummary(r.sm)).to.equal('Thread 0: no sessions\nThread 1: no sessions\n');
  });

  it('prints the command error when the session layer is not enabled', () => {
    const r = sessionRun(2, { enable: false });
    expect(formatShowSessionSummary(r.sm)).to.equal('show session: session layer is not enabled\n');
  });
});
