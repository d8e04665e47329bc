// Every scenario in configs/, run in virtual time as `vppsim run` runs it, with its key outcomes:
// what VPP's own test asserts for the scenarios that mirror one, and what each is meant to show.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { readRunInput } from '../src/run/run-input.js';
import { planRun } from '../src/run/run-plan.js';
import type { RunResult } from '../src/run/run-result.js';
import { type RunSummary, summarizeRun } from '../src/run/run-summary.js';
import { runVirtual } from '../src/run/run-virtual.js';
import type { VclTestServerResult } from '../src/apps/vcl-test-server.js';

const configsDir = new URL('../../configs/', import.meta.url).pathname;

function run (name: string): { r: RunResult; s: RunSummary; out: string } {
  const input = readRunInput(`${configsDir}${name}.yaml`, null);
  const plan = planRun({ config: input.config, script: input.script, scenario: input.scenario, defaultEndShows: input.defaultEndShows });
  const r = runVirtual(plan);
  return { r, s: summarizeRun(r, r.session), out: r.main.output.map((o) => o.text).join('') };
}

/** What every scenario must show: its script ran through, its clients ended well, no message lost. */
function expectClean (x: { r: RunResult; s: RunSummary }): void {
  expect(x.r.cliFailed, 'the script ran to its end').to.equal(false);
  expect(x.r.stuck).to.equal(false);
  expect(x.s.invariant.lost, 'every message handled, dropped with a reason, or pending').to.equal(0);
  expect(x.s.invariant.dropped).to.equal(0);
  for (const a of x.s.apps) {
    expect(a.started, a.name).to.equal(true);
    if (a.tool === 'vcl_test_client') {
      expect(a.finished, `${a.name} finished`).to.equal(true);
      expect(a.exitStatus, `${a.name} exit status`).to.equal(0);
    }
  }
}

describe('configs/ scenarios (virtual time)', function () {
  this.timeout(120_000);

  it('has a test below for every scenario in configs/', () => {
    const names = readdirSync(configsDir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(names).to.deep.equal([
      'adaptive', 'asf-vcl-echo', 'asf-vcl-echo-interrupt', 'default', 'eight-apps-one-worker', 'hs-echo-builtin',
      'hs-echo-builtin-interrupt', 'polling',
    ]);
  });

  it('default: one worker passes through IDLE, POLLING and INTERRUPT; the apps move every byte', () => {
    const x = run('default');
    expectClean(x);
    const w1 = x.s.threads[1]!.sessionWorker;
    expect(w1.adaptive).to.equal(true);
    const seen = new Set(w1.transitions.flatMap((t) => [t.from, t.to]));
    expect([...seen].sort()).to.deep.equal(['idle', 'interrupt', 'polling']);
    expect(w1.timeInStateNs.idle).to.be.greaterThan(0);
    expect(w1.timeInStateNs.interrupt).to.be.greaterThan(0);
    const burst = x.s.apps.find((a) => a.name === 'burst-client')!;
    expect(burst.bytesSent).to.equal(20000 * 128);
    expect(burst.bytesReceived).to.equal(burst.bytesSent, 'bidirectional: everything came back');
    expect(x.out).to.include('vpp# show session verbose');
    // latency by stage: every stage measured, and the burst client's round trips
    for (const st of [x.s.stages.appToRxMqDrain, x.s.stages.drainToSessionQueue, x.s.stages.sessionQueueToPeerApp]) {
      expect(st).to.not.equal(null);
      expect(st!.samples).to.be.greaterThan(0);
      expect(st!.p50).to.be.at.most(st!.p99);
      expect(st!.p99).to.be.at.most(st!.max);
    }
    expect(burst.latencyNs!.samples).to.be.greaterThan(0);
  });

  for (const name of ['hs-echo-builtin', 'hs-echo-builtin-interrupt']) {
    it(`${name}: 100 sessions of 1 byte, no "failed:" (hs-test EchoBuiltinTest's check)`, () => {
      const x = run(name);
      expectClean(x);
      expect(x.out).to.not.include('failed:');
      expect(x.out).to.match(/^100 three-way handshakes in /m);
      expect(x.out).to.match(/^100 bytes \(0 mbytes, 0 gbytes\) in /m);
      expect(x.s.threads.length).to.equal(1, 'main only, as hs-test gives each VPP one CPU');
    });
  }

  for (const name of ['asf-vcl-echo', 'asf-vcl-echo-interrupt']) {
    it(`${name}: the client's text comes back from the server in namespace 1`, () => {
      const x = run(name);
      expectClean(x);
      const srv = x.r.apps.find((a) => a.name === 'server')!;
      expect((srv.result as VclTestServerResult).echoes).to.deep.equal(['Hello, world! Jenny is a friend of mine.']);
      expect(x.out).to.include('vpp# show app mq');
    });
  }

  it('polling vs adaptive: the same bytes; polling workers never change state, adaptive ones do', () => {
    const p = run('polling');
    const a = run('adaptive');
    expectClean(p);
    expectClean(a);
    const pc = p.s.apps.find((x) => x.name === 'client')!;
    const ac = a.s.apps.find((x) => x.name === 'client')!;
    expect(pc.bytesSent).to.equal(20000 * 256);
    expect(ac.bytesSent).to.equal(pc.bytesSent);
    expect(ac.bytesReceived).to.equal(pc.bytesReceived);
    const pw = p.s.threads[1]!.sessionWorker;
    const aw = a.s.threads[1]!.sessionWorker;
    expect(pw.adaptive).to.equal(false);
    expect(pw.transitions).to.deep.equal([]);
    expect(pw.state).to.equal('polling');
    expect(aw.adaptive).to.equal(true);
    expect(aw.transitions.length).to.be.greaterThan(0);
    expect(aw.timeInStateNs.interrupt).to.be.greaterThan(aw.timeInStateNs.polling);
    expect(a.s.threads[1]!.sleeps).to.be.greaterThan(p.s.threads[1]!.sleeps, 'an adaptive worker sleeps, a polling one does not');
  });

  it('eight-apps-one-worker: 4 pairs on one worker, each pair\'s bytes both ways', () => {
    const x = run('eight-apps-one-worker');
    expectClean(x);
    expect(x.s.apps.length).to.equal(8);
    for (const c of x.s.apps.filter((a) => a.tool === 'vcl_test_client')) {
      expect(c.bytesSent, c.name).to.equal(2000 * 256);
      expect(c.bytesReceived, c.name).to.equal(2000 * 256);
    }
    expect(x.s.threads.length).to.equal(2);
  });
});
