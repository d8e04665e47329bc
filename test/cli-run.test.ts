// `vppsim run` and `vppsim validate` as a user runs them: exit codes, one-line errors naming
// where, the JSON result, a real-thread run, and a thread that throws.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceEvent } from '../src/trace/chrome-trace.js';
import { checkTraceNests } from './support/trace-check.js';

const main = new URL('../src/cli/main.js', import.meta.url).pathname;
const configs = new URL('../../configs/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vppsim-cli-'));

function vppsim (...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function file (name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A bad input: exit 2 and exactly one line on stderr that contains `where` and `what`. */
function expectBadInput (r: { code: number; err: string }, where: string, what: string): void {
  expect(r.code, r.err).to.equal(2);
  const lines = r.err.trimEnd().split('\n');
  expect(lines.length, r.err).to.equal(1);
  expect(lines[0]).to.include(where);
  expect(lines[0]).to.include(what);
}

describe('vppsim run / validate (command line)', function () {
  this.timeout(180_000);

  it('runs a scenario and writes the JSON result (docs/result-schema.md)', () => {
    const json = join(dir, 'r.json');
    const r = vppsim('run', join(configs, 'hs-echo-builtin.yaml'), '--quiet', '--json', json);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include('vpp# test echo client nclients 100 bytes 1');
    expect(r.out).to.match(/^Summary: /m);
    const j = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(j.schemaVersion).to.equal(1);
    expect(j.scenario).to.equal('hs-echo-builtin');
    expect(j.clock).to.equal('virtual');
    for (const k of ['seed', 'durationNs', 'threads', 'apps', 'invariant']) expect(j).to.have.property(k);
    const t0 = (j.threads as Record<string, unknown>[])[0]!;
    for (const k of ['index', 'name', 'loops', 'epolls', 'sleeps', 'fdWakeups', 'wakeReq', 'wakeups', 'cpuNs', 'nodes', 'sessionWorker']) expect(t0).to.have.property(k);
    expect((j.invariant as { lost: number }).lost).to.equal(0);
  });

  it('runs a bare startup.conf with the default echo workload', () => {
    const conf = file('vpp.conf', 'unix { nodaemon }\ncpu { workers 1 }\nsession { enable use-private-rx-mqs }\ndpdk { dev 0000:00:08.0 }\n');
    const r = vppsim('run', conf, '--quiet');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include('not simulated: dpdk');
    expect(r.out).to.include('vpp# vcl_test_client -N 10000 -T 256 -B -X 6.0.1.1 22000');
    expect(r.out).to.include('CLIENT RESULTS: Streamed');
  });

  it('runs hs-test EchoBuiltinTest (nclients 100 bytes 1) on real threads', () => {
    const r = vppsim('run', join(configs, 'hs-echo-builtin.yaml'), '--clock', 'real', '--quiet');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.not.include('failed:');
    expect(r.out).to.match(/^100 three-way handshakes in /m);
    expect(r.out).to.match(/^100 bytes \(0 mbytes, 0 gbytes\) in /m);
  });

  it('runs a real VPP startup.conf as it is (hs-test\'s interrupt-mode config, ../shared/vpp-configs/23)', function () {
    const conf = new URL('../../../shared/vpp-configs/23-hs-test-notopo-interrupt.conf', import.meta.url).pathname;
    if (!existsSync(conf)) this.skip(); // CI keeps ../shared beside the repo
    const r = vppsim('run', conf, '--quiet');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include('session adaptive (use-private-rx-mqs)');
    expect(r.out).to.include('not simulated: api-trace, socksvr, statseg, plugins, logging');
    expect(r.out).to.include('CLIENT RESULTS: Streamed');
  });

  it('runs on real threads with --clock real', () => {
    const r = vppsim('run', join(configs, 'asf-vcl-echo-interrupt.yaml'), '--clock', 'real', '--quiet');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include('real clock');
    expect(r.out).to.include("RX (41 bytes) - 'Hello, world! Jenny is a friend of mine.'");
    expect(r.out).to.match(/lost 0$/m);
  });

  it('writes a Chrome trace of a real-thread run from its event logs: every track nests, every arrow lands', () => {
    const trace = join(dir, 'real-trace.json');
    const r = vppsim('run', join(configs, 'asf-vcl-echo-interrupt.yaml'), '--clock', 'real', '--quiet', '--trace', trace);
    expect(r.code, r.err).to.equal(0);
    const tr = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: TraceEvent[]; otherData: Record<string, unknown> };
    expect(tr.otherData.clock).to.equal('real');
    const names = tr.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    expect(names).to.include.members(['vpp_main']);
    expect(names.length, 'vlib threads and app threads have their tracks').to.be.at.least(3);
    expect(checkTraceNests(tr)).to.be.greaterThan(100);
    expect(tr.traceEvents.some((e) => e.ph === 'X' && e.cat === 'dispatch' && e.name === 'session-queue')).to.equal(true);
    expect(tr.traceEvents.some((e) => e.ph === 'C')).to.equal(true);
  });

  it('prints the same bytes twice for a virtual run, ending with its fingerprint; wall time goes to stderr', () => {
    const a = vppsim('run', join(configs, 'teach', 'idle-worker.yaml'));
    const b = vppsim('run', join(configs, 'teach', 'idle-worker.yaml'));
    expect(a.code, a.err).to.equal(0);
    expect(a.out).to.equal(b.out);
    expect(a.out).to.match(/^Event log: \d+ events logged, \d+ kept; fingerprint [0-9a-f]{16} \(seed 0: /m);
    expect(a.err).to.match(/^vppsim: 1\.010 s simulated in \d+\.\d\d s wall$/m);
  });

  it('takes its randomness only from the seed: TCP\'s ephemeral ports and ISS change with it, nothing else does', () => {
    const run = (seed: string): string => vppsim('run', join(configs, 'default.yaml'), '--seed', seed, '--quiet').out;
    const ports = (out: string): string[] => out.split('\n').filter((l) => /^\[1:\d+\]\[T\]/.test(l));
    const fp = (out: string): string => /fingerprint ([0-9a-f]{16})/.exec(out)?.[1] ?? '';
    const [a, b, c] = [run('1'), run('1'), run('2')];
    expect(a).to.equal(b);
    expect(ports(a).length).to.be.greaterThan(0);
    expect(ports(c)).to.not.deep.equal(ports(a));
    expect(fp(c)).to.not.equal(fp(a));
    expect(a).to.include('virtual clock, seed 1');
  });

  it('prints show event-logger as VPP does: the buffer line, then the oldest events of every thread', () => {
    const script = file('el.cli', 'wait 0.5\nshow event-logger 12\n');
    const r = vppsim('run', join(configs, 'teach', 'idle-worker.yaml'), '--exec', script, '--quiet');
    expect(r.code, r.err).to.equal(0);
    const at = r.out.indexOf('vpp# show event-logger 12\n');
    const lines = r.out.slice(at).split('\n').slice(1, 14);
    expect(lines[0]).to.match(/^\d+ of 524288 events in buffer, logger running$/);
    for (const l of lines.slice(1)) {
      expect(l).to.match(/^ +\d*\.\d{9}: vpp_(main|wk_0): \S/);
      expect(l.indexOf(': '), 'time right-aligned in 18 columns (%18.9f)').to.equal(18);
    }
    expect(lines.slice(1).some((l) => l.includes('vpp_wk_0:'))).to.equal(true, 'the worker\'s events are there too');
  });

  it('explains a JSON result, and refuses a bad file or thread in one line', () => {
    const json = join(dir, 'iw.json');
    expect(vppsim('run', join(configs, 'teach', 'idle-worker.yaml'), '--quiet', '--json', json).code).to.equal(0);
    const r = vppsim('explain', json, '--thread', 'vpp_wk_0', '--to', '150ms');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^vppsim explain .*iw\.json: scenario idle-worker, virtual clock, seed 0, fingerprint [0-9a-f]{16}/);
    expect(r.out).to.include('session worker INTERRUPT -> IDLE: VPP\'s rule');
    expect(r.out).to.match(/^\d+ state transitions, \d+ interrupts, \d+ wakeups, 0 messages explained$/m);
    expectBadInput(vppsim('explain', json, '--thread', 'vpp_wk_9'), '--thread', "'vpp_wk_9' is not a thread");
    expectBadInput(vppsim('explain', join(dir, 'nope.json')), 'nope.json', 'no such file');
    expectBadInput(vppsim('explain', file('bad.json', '{\n  "schemaVersion": 1,\n  oops\n}\n')), 'bad.json:3:', 'not JSON');
    expectBadInput(vppsim('explain', file('old.json', '{"schemaVersion": 1, "scenario": "x"}')), 'old.json', 'eventLogs');
    expectBadInput(vppsim('explain', json, '--from', 'soon'), '--from', 'not a duration');
  });

  it('validates a scenario and a startup.conf, in text and JSON', () => {
    const ok = vppsim('validate', join(configs, 'default.yaml'));
    expect(ok.code).to.equal(0);
    expect(ok.out).to.include('threads: 2 (main + 1 worker');
    const bad = file('bad.conf', 'cpu { workers 2 }\nfoo { bar }\n');
    const j = vppsim('validate', bad, '--json');
    expect(j.code).to.equal(2);
    const v = JSON.parse(j.out) as { ok: boolean; errors: { message: string; line: number }[] };
    expect(v.ok).to.equal(false);
    expect(v.errors[0]!.line).to.equal(2);
  });

  it('refuses malformed YAML with file:line:col', () => {
    const y = file('bad.yaml', 'name: x\nstartup: |\n  cpu { workers 1 }\napps: [ {name: a\n');
    expectBadInput(vppsim('run', y), 'bad.yaml:', 'YAML');
  });

  it('refuses an unknown stanza with VPP\'s message and its position', () => {
    const c = file('stanza.conf', 'unix { nodaemon }\nfrobnicate { on }\n');
    expectBadInput(vppsim('run', c), 'stanza.conf:2:', 'frobnicate');
  });

  it('refuses a bad option value', () => {
    const c = file('value.conf', 'session { event-queue-length abc }\n');
    expectBadInput(vppsim('run', c), 'value.conf:1:11:', 'event-queue-length abc');
  });

  it('refuses an unknown CLI command with VPP\'s unknown input error and its line', () => {
    const c = file('ok.conf', 'cpu { workers 1 }\nsession { enable }\n');
    const s = file('script.cli', 'show runtime\nfrobnicate now\n');
    expectBadInput(vppsim('run', c, '--exec', s), 'script.cli:2:', 'unknown input');
  });

  it('refuses a missing file, an unknown clock, a seed that is not a number, and an absurd duration', () => {
    expectBadInput(vppsim('run', join(dir, 'nope.yaml')), 'nope.yaml', 'failed to open');
    const c = file('ok2.conf', 'cpu { workers 1 }\n');
    expectBadInput(vppsim('run', c, '--clock', 'sundial'), '--clock', 'sundial');
    expectBadInput(vppsim('run', c, '--seed', 'abc'), '--seed', 'abc');
    expectBadInput(vppsim('run', c, '--duration=-5s'), '--duration', '-5s');
    expectBadInput(vppsim('run', c, '--seed', '99999999999'), '--seed', '99999999999');
  });

  it('ends with exit code 1 and the thread\'s error when a thread throws (16 pending rx mqs hang VPP\'s worker)', () => {
    const apps: string[] = [];
    for (let k = 0; k < 8; k++) apps.push(`  - { name: s${k}, kind: vcl_test_server, args: '${22000 + 2 * k}' }`);
    for (let k = 0; k < 8; k++) apps.push(`  - { name: c${k}, kind: vcl_test_client, args: '-N 2000 -T 256 -B -X 6.0.1.1 ${22000 + 2 * k}', start: 20ms }`);
    const y = file('sixteen.yaml', `name: sixteen\nstartup: |\n  cpu { workers 1 }\n  session { enable use-private-rx-mqs }\napps:\n${apps.join('\n')}\n`);
    const r = vppsim('run', y, '--quiet');
    expect(r.code).to.equal(1);
    const lines = r.err.trimEnd().split('\n');
    expect(lines.length).to.equal(1);
    expect(lines[0]).to.include('thread 1');
    expect(lines[0]).to.include('would spin here for ever');
  });
});
