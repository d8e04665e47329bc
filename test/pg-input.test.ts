// Background packet streams (pg-input) in virtual time: they keep their worker polling (it never
// sleeps), every packet ends up dropped and its buffer back in the pool, and — VPP's quirk — the
// session worker's adaptive rule never sees them: vlib_last_vectors_per_main_loop is reset at the
// end of each loop and session-queue, an input node, reads it before any internal node ran.
import { expect } from 'chai';
import { pgDue, pgInputNode, type PgInputData, pgSteady } from '../nodes/pg-input.js';
import { Ip4InputError, ip4InputNode } from '../nodes/ip4-input.js';
import { parseIp4 } from '../src/session/net.js';
import { kTcpMain } from '../src/session/tcp-key.js';
import { sessionRun, transitions } from './support/session-run.js';

const ms = 1e6;

describe('pg-input background streams', () => {
  it('a 10 Mpps stream on worker 1: the thread never sleeps, no buffer is lost, and the session worker still goes IDLE (vpml reads 0)', () => {
    const r = sessionRun(3, {
      tcp: true,
      pg: [pgSteady(1, 10e6, 64, parseIp4('10.0.0.1'), parseIp4('10.0.0.2'))],
    });
    r.runUntil(20 * ms);
    const w1 = r.vms[1]!;
    const d = w1.nodeRuntime(pgInputNode.index).data as PgInputData;
    expect(d.made).to.be.within(190_000, 200_001, 'about 10 Mpps over 20 ms of virtual time');
    expect(d.noBuffer).to.equal(0);
    expect(w1.nodeRuntime(ip4InputNode.index).errorCount(Ip4InputError.DstLookupMiss)).to.equal(d.made, 'each packet dropped at ip4-input');
    const tm = w1.getData(kTcpMain);
    expect(tm.bp.counters().nAvail + r.vms.reduce((n, v) => n + tm.wrk(v.threadIndex).bpt.nCached, 0)).to.equal(16384, 'every buffer is back');
    // the graph is busy (about 2 vectors per ip4-input call) but the rule reads vpml 0 every time
    expect(transitions(w1).every((t) => t.vpml === 0)).to.equal(true);
    expect(transitions(w1).at(-1)!.to).to.equal('idle');
    expect(w1.countersRow().sleeps).to.equal(0, 'a polling input node keeps the thread awake');
    expect(r.vms[2]!.countersRow().sleeps).to.be.greaterThan(0, 'the worker without a stream sleeps');
    expect(r.vms[2]!.nodeRuntime(pgInputNode.index).calls).to.equal(0, 'no stream, node disabled');
  });

  it('counts due packets per phase: idle, steady, bursts with gaps', () => {
    const st = {
      thread: 1, src: 1, dst: 2,
      phases: [
        { durationNs: 1e6, ratePps: 0, burstPackets: 0, gapNs: 0, payloadBytes: 10 },
        { durationNs: 2e6, ratePps: 1e6, burstPackets: 0, gapNs: 0, payloadBytes: 10 },
        // bursts of 100 at 1 Mpps (100 µs) every 1 ms
        { durationNs: 10e6, ratePps: 1e6, burstPackets: 100, gapNs: 900e3, payloadBytes: 10 },
      ],
    };
    expect(pgDue(st, 1e6)).to.equal(0);
    expect(pgDue(st, 2e6)).to.be.closeTo(1000, 1e-6);
    expect(pgDue(st, 3e6)).to.be.closeTo(2000, 1e-6);
    expect(pgDue(st, 3e6 + 50e3)).to.be.closeTo(2050, 1e-6, 'half a burst');
    expect(pgDue(st, 3e6 + 500e3)).to.be.closeTo(2100, 1e-6, 'in the gap');
    expect(pgDue(st, 13e6)).to.be.closeTo(3000, 1e-6, '10 bursts');
    expect(pgDue(st, 20e6)).to.be.closeTo(3000, 1e-6, 'after the last phase');
  });

  it('a stream past its last phase disables the node, and the worker sleeps again', () => {
    const r = sessionRun(2, { tcp: true, pg: [pgSteady(1, 1e6, 64, parseIp4('10.0.0.1'), parseIp4('10.0.0.2'), 5e6)] });
    r.runUntil(5 * ms);
    const w1 = r.vms[1]!;
    const sleeps0 = w1.countersRow().sleeps;
    r.runUntil(30 * ms);
    const d = w1.nodeRuntime(pgInputNode.index).data as PgInputData;
    expect(d.made).to.equal(5000);
    expect(w1.nodeStateString(w1.nodeRuntime(pgInputNode.index))).to.equal('disabled');
    expect(w1.countersRow().sleeps).to.be.greaterThan(sleeps0);
  });
});
