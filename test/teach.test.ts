// The teaching scenarios of configs/teach/, each run as `vppsim run` runs it: two runs give the
// same bytes and the same fingerprint, the trace of each nests and pairs its arrows, and what
// each page of docs/teach/ says the run shows is asserted here from the run's event logs.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { elogDumpRecords, type ElogRecord } from '../graph/elog.js';
import { readRunInput } from '../src/run/run-input.js';
import { planRun } from '../src/run/run-plan.js';
import { formatAppOutputs, formatCliOutput, formatRunHeader, formatSummary } from '../src/run/run-report.js';
import type { RunResult } from '../src/run/run-result.js';
import { type RunSummary, summarizeRun } from '../src/run/run-summary.js';
import { type RunVirtualOptions, runVirtual } from '../src/run/run-virtual.js';
import { runChromeTrace } from '../src/run/run-trace.js';
import { formatResultJson, runResultJson } from '../src/run/result-json.js';
import { explainRun } from '../src/explain/explain.js';
import type { ExplainInput } from '../src/explain/explain-input.js';
import { checkTraceNests } from './support/trace-check.js';

const teachDir = new URL('../../configs/teach/', import.meta.url).pathname;

interface Run { r: RunResult; s: RunSummary; text: string }

function run (name: string, o: RunVirtualOptions = {}): Run {
  const input = readRunInput(`${teachDir}${name}.yaml`, null);
  const plan = planRun({ config: input.config, script: input.script, scenario: input.scenario, defaultEndShows: input.defaultEndShows });
  const r = runVirtual(plan, o);
  const s = summarizeRun(r, r.session);
  return { r, s, text: formatRunHeader(r) + '\n' + formatCliOutput(r) + formatAppOutputs(r) + formatSummary(r, s) };
}

/** Thread `t`'s events (vlib threads by index; apps after them). */
function events (x: Run, t: number): ElogRecord[] {
  const d = x.r.threads.find((th) => th.threadIndex === t)?.elog;
  if (d === undefined) throw new Error(`no thread ${t}`);
  return elogDumpRecords(d);
}

/** Worker state transitions of thread `t`: from, to, rule, elts, vpml, sessions, time. */
function transitions (x: Run, t: number): { t: number; from: number; to: number; rule: number; elts: number; vpml: number; sessions: number }[] {
  return events(x, t).filter((e) => e.type === 'session-wrk-state').map((e) => ({
    t: e.t, from: e.a & 15, to: (e.a >> 4) & 15, rule: (e.a >> 8) & 15, elts: e.b, vpml: e.c, sessions: e.a >>> 12,
  }));
}

const W = { Polling: 0, Interrupt: 1, Idle: 2 } as const;

function nodeCalls (x: Run, t: number, node: string): number {
  return x.s.threads[t]!.nodes.find((n) => n.name === node)?.calls ?? 0;
}

/** The run's trace, as a file would hold it, checked. */
function checkTrace (x: Run): void {
  const n = checkTraceNests(JSON.parse(JSON.stringify(runChromeTrace(x.r, x.s))) as Parameters<typeof checkTraceNests>[0]);
  expect(n).to.be.greaterThan(0);
}

describe('configs/teach/ scenarios (virtual time)', function () {
  this.timeout(300_000);
  const names = readdirSync(teachDir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

  it('has a test below for every teaching scenario', () => {
    expect(names).to.deep.equal([
      'bursts', 'dispatch-order-head', 'dispatch-order-legacy', 'dispatch-order-legacy-poll-main', 'idle-worker',
      'interrupt-tick', 'no-lost-wakeups', 'pending-apps',
    ]);
  });

  for (const name of names) {
    it(`${name}: two runs print the same bytes and the same fingerprint, and its trace nests`, () => {
      const a = run(name);
      const b = run(name);
      expect(a.text).to.equal(b.text);
      expect(a.s.events.fingerprint).to.match(/^[0-9a-f]{16}$/);
      expect(a.s.events.fingerprint).to.equal(b.s.events.fingerprint);
      expect(formatResultJson({ ...runResultJson(a.r, a.s), wallNs: 0 })).to.equal(formatResultJson({ ...runResultJson(b.r, b.s), wallNs: 0 }));
      expect(a.s.invariant.lost).to.equal(0);
      checkTrace(run(name, { elogDispatch: true }));
    });
  }

  it('taking idle loops in one step changes nothing: the same output and fingerprint step by step', () => {
    for (const name of ['idle-worker', 'interrupt-tick']) {
      const a = run(name);
      const b = run(name, { batchIdleLoops: false });
      expect(a.text, name).to.equal(b.text);
      expect(a.s.events.fingerprint, name).to.equal(b.s.events.fingerprint);
    }
  });

  it('idle-worker: without sessions the worker cycles INTERRUPT (one 1 ms tick) and IDLE (100 ms) by VPP\'s two rules', () => {
    const x = run('idle-worker');
    const g = x.r.plan.cost.sleepGranularityNs;
    const tr = transitions(x, 1);
    expect(tr[0]).to.include({ from: W.Polling, to: W.Interrupt, elts: 5, vpml: 0 });
    const rest = tr.slice(1);
    expect(rest.length).to.be.within(16, 20);
    rest.forEach((t, i) => {
      if (i % 2 === 0) expect(t, `transition ${i + 1}`).to.include({ from: W.Interrupt, to: W.Idle, rule: 2, elts: 5, sessions: 0 });
      else expect(t, `transition ${i + 1}`).to.include({ from: W.Idle, to: W.Interrupt, rule: 3, sessions: 0 });
    });
    // INTERRUPT lasts one tick of its 1 ms timerfd, IDLE one tick of its 100 ms one; each tick ends late by the sleep granularity
    for (let i = 1; i + 1 < rest.length; i += 2) {
      const idle = (rest[i] as { t: number }).t - (rest[i - 1] as { t: number }).t;
      const interrupt = (rest[i + 1] as { t: number }).t - (rest[i] as { t: number }).t;
      expect(idle).to.be.within(100e6 + g, 100e6 + g + 20e3);
      expect(interrupt).to.be.within(1e6 + g, 1e6 + g + 20e3);
    }
    // every session-queue run but the first (at enable, in POLLING) came from the worker's timerfd
    const runs = nodeCalls(x, 1, 'session-queue');
    const tfdReads = events(x, 1).filter((e) => e.type === 'file-read' && e.text.includes('session-wrk-tfd-1')).length;
    expect(runs).to.equal(tfdReads + 1);
    expect(x.s.threads[1]!.sessionWorker.timeInStateNs.idle).to.be.greaterThan(0.9 * x.r.endNs);
  });

  it('idle-worker: explain names each rule and the values it saw', () => {
    const x = run('idle-worker');
    const j = runResultJson(x.r, x.s);
    const input: ExplainInput = {
      file: 'idle-worker.json', scenario: j.scenario, clock: j.clock, seed: j.seed, durationNs: j.durationNs, fingerprint: j.fingerprint,
      nodeNames: j.nodeNames, nThreads: j.threads.length, logs: j.eventLogs,
    };
    const text = explainRun(input, { slot: 1, fromNs: 0, toNs: Infinity });
    expect(text).to.include('session worker INTERRUPT -> IDLE: VPP\'s rule "INTERRUPT -> IDLE when (not the above and) the worker has no sessions"; it saw elts 5 (no events listed, only the 5 list heads), last_vpml 0, 0 sessions');
    expect(text).to.include('session worker IDLE -> INTERRUPT: VPP\'s rule "IDLE -> INTERRUPT when elts != 0"');
    expect(text).to.include('timerfd armed every 100.0 ms');
    expect(text).to.include('interrupt for session-queue on vpp_wk_0 raised by the epoll read callback of session-wrk-tfd-1');
    const first = text.split('\n').find((l) => l.includes('POLLING -> INTERRUPT'));
    expect(first).to.include('it saw elts 5 (no events listed, only the 5 list heads), last_vpml 0, 0 sessions: both held');
  });

  it('interrupt-tick: sessions without work keep the worker in INTERRUPT, and its timerfd wakes it every 1 ms for nothing', () => {
    const x = run('interrupt-tick');
    const g = x.r.plan.cost.sleepGranularityNs;
    expect(transitions(x, 1).filter((t) => t.t >= 1e9), 'no state change after the echo').to.deep.equal([]);
    expect(x.s.threads[1]!.sessionWorker.state).to.equal('interrupt');
    // from 2 s to 3 s (past the apps' detach at ~1.1 s and the half second of spinning after it)
    const ev = events(x, 1).filter((e) => e.t >= 2e9 && e.t < 3e9);
    const ticks = ev.filter((e) => e.type === 'file-read' && e.text.includes('session-wrk-tfd-1'));
    expect(ticks.length).to.be.within(999, 1001);
    const wakes = ev.filter((e) => e.type === 'wake');
    expect(wakes.length).to.equal(ticks.length, 'one sleep and one wakeup per tick');
    for (const w of wakes) expect(w.b, 'woken by the timerfd').to.equal(1);
    // the periodic timerfd expires every 1 ms whenever it is read; each wake is the sleep granularity late
    for (let i = 1; i < wakes.length; i++) expect((wakes[i] as ElogRecord).t - (wakes[i - 1] as ElogRecord).t).to.be.closeTo(1e6, 1e3);
    const slept = events(x, 1).filter((e) => e.type === 'sleep' && e.t >= 2e9 - 2e6 && e.t < 3e9);
    void g;
    expect(slept.length).to.be.at.least(wakes.length);
    const sq = x.r.graph.nodes.findIndex((n) => n.name === 'session-queue');
    const runs = ev.filter((e) => e.type === 'interrupt' && e.a === sq && e.b === 1).length;
    expect(runs).to.equal(ticks.length, 'each tick raises session-queue');
    expect(ev.filter((e) => e.type === 'session-queue-run'), 'and each run finds nothing to do').to.deep.equal([]);
  });

  it('bursts: the worker polls only inside bursts, entering POLLING when events stay listed and leaving it when none do', () => {
    const x = run('bursts');
    const tr = transitions(x, 1);
    const toPolling = tr.filter((t) => t.to === W.Polling);
    for (const t of toPolling) expect(t.elts, 'INTERRUPT -> POLLING saw events listed').to.be.greaterThan(5);
    const within = (a: number, b: number): number => toPolling.filter((t) => t.t >= a && t.t < b).length;
    // each burst's 4 MB both ways, starting at 100, 500 and 900 ms: hundreds of switches to POLLING
    for (const s of [100e6, 500e6, 900e6]) expect(within(s, s + 150e6), `burst at ${s / 1e6} ms`).to.be.greaterThan(100);
    // between bursts none, until each client's teardown a second after its test (a few control events at once)
    expect(within(250e6, 500e6) + within(650e6, 900e6) + within(1050e6, 1140e6)).to.equal(0);
    expect(within(1140e6, x.r.endNs), 'teardowns').to.be.within(3, 12);
    for (const t of tr.filter((t) => t.from === W.Polling)) expect(t).to.include({ to: W.Interrupt, elts: 5, vpml: 0 });
    for (const a of x.s.apps) if (a.tool === 'vcl_test_client') expect(a.bytesReceived, a.name).to.equal(4000 * 1024);
  });

  it('pending-apps: rx mqs are served in the order their eventfds were seen, one per appsl-rx-mqs-input dispatch', () => {
    const x = run('pending-apps', { elogDispatch: true });
    const ev = events(x, 1);
    const queue: number[] = [];
    let longest = 0;
    let serves = 0;
    for (const e of ev) {
      if (e.type === 'app-rx-mq-read-ready' && e.b === 1) { queue.push(e.a); longest = Math.max(longest, queue.length); }
      if (e.type === 'appsl-rx-mqs-input') {
        serves++;
        expect(e.a, `serve ${serves}: the head of the pending list`).to.equal(queue.shift());
        expect(e.c >>> 8, 'the pending list after it').to.equal(queue.length);
        if ((e.c & 4) !== 0) queue.push(e.a);
      }
    }
    expect(longest, 'all eight rx mqs were pending at once').to.equal(8);
    const appsl = x.r.graph.nodes.findIndex((n) => n.name === 'appsl-rx-mqs-input');
    const dispatches = ev.filter((e) => e.type === 'dispatch' && e.a === appsl).length;
    expect(dispatches).to.equal(serves, 'one mq per dispatch');
  });

  it('no-lost-wakeups: every write or wakeup aimed at a sleeping thread wakes it after the wake latency, never at a timeout', () => {
    const x = run('no-lost-wakeups');
    const lat = x.r.plan.cost.wakeLatencyNs;
    const slots = [...x.r.threads.map((t) => t.elog), ...x.r.apps.map((a) => a.elog)];
    let checked = 0;
    for (const t of [1, 2]) {
      const wakes = events(x, t).filter((e) => e.type === 'wake');
      const sleeps = events(x, t).filter((e) => e.type === 'sleep');
      const sends = slots.flatMap((d) => elogDumpRecords(d)).filter((e) => (e.type === 'wakeup' || e.type === 'fd-wake') && e.a === t);
      expect(sends.length, `writes that found ${t === 1 ? 'vpp_wk_0' : 'vpp_wk_1'} asleep`).to.be.greaterThan(0);
      for (const s of sends) {
        // the sleep the send found ended at most one wake latency after the send, not at its
        // timeout (or before the send: a step runs whole, so a thread woken by an earlier write
        // may still look asleep to a thread whose step began before that wake)
        const slept = sleeps.filter((e) => e.t <= s.t).pop();
        expect(slept, `a sleep before the send at ${s.t}`).to.not.equal(undefined);
        const w = wakes.find((e) => e.t >= (slept as ElogRecord).t);
        expect(w, `a wake after the send at ${s.t}`).to.not.equal(undefined);
        expect((w as ElogRecord).t - s.t).to.be.at.most(lat);
        checked++;
      }
    }
    expect(checked).to.be.at.least(8);
    for (const a of x.s.apps) expect(a.exitStatus, a.name).to.equal(0);
    for (const t of x.s.threads) expect(t.wakeReq).to.be.at.least(t.wakeups);
  });

  it('dispatch-order: HEAD runs main\'s DISABLED session-input on interrupt, v25.02 drops the interrupt and the listen reply with it; poll-main fixes v25.02', () => {
    const head = run('dispatch-order-head');
    const legacy = run('dispatch-order-legacy');
    const fixed = run('dispatch-order-legacy-poll-main');
    const sessionInput = head.r.graph.nodes.findIndex((n) => n.name === 'session-input');
    const raisedOnMain = (x: Run): number => events(x, 0).filter((e) => e.type === 'interrupt' && e.a === sessionInput && e.b === 0).length;

    expect(head.s.threads[0]!.nodes.find((n) => n.name === 'session-input')).to.include({ state: 'disabled' });
    expect(nodeCalls(head, 0, 'session-input')).to.be.greaterThan(0);
    const echoed = (x: Run): boolean => x.s.apps.find((a) => a.name === 'server')!.exitStatus === 0 &&
      x.r.apps.find((a) => a.name === 'echo')!.stdout.join('\n').includes('Sending exit cfg to server');
    expect(echoed(head), 'the echo went through and the client told the server to exit').to.equal(true);

    expect(raisedOnMain(legacy)).to.be.greaterThan(0);
    expect(nodeCalls(legacy, 0, 'session-input'), 'every interrupt for it dropped').to.equal(0);
    const server = legacy.s.apps.find((a) => a.name === 'server')!;
    expect(server.finished, 'the server waits for BOUND for ever').to.equal(false);
    expect(legacy.s.apps.find((a) => a.name === 'echo')!.exitStatus).to.equal(1);
    const serverOut = legacy.r.apps.find((a) => a.name === 'server')!.stdout.join('\n');
    expect(serverOut).to.include('Initializing main ctrl session');
    expect(serverOut).to.not.include('Waiting for client ctrl connection');

    expect(fixed.s.threads[0]!.nodes.find((n) => n.name === 'session-input')).to.include({ state: 'interrupt wait' });
    expect(nodeCalls(fixed, 0, 'session-input')).to.be.greaterThan(0);
    expect(echoed(fixed)).to.equal(true);
  });
});
