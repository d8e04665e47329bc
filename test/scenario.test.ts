// YAML scenarios: a full example written to a temp dir, defaults, relative paths, and every kind
// of error with its YAML line:col (docs/scenario-schema.md).
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCostModel } from '../graph/clock.js';
import { ConfigError } from '../src/errors.js';
import { ERR_CONFIG_YAML, loadScenario, parseScenario } from '../src/config/scenario.js';
import { SCENARIO_COST_DEFAULTS, SCENARIO_SESSION_DEFAULTS, scenarioTextOrigin } from '../src/config/scenario-schema.js';
import { parseStartupConfig } from '../src/config/startup-conf.js';
import { SESSION_CTRL_DATA_SIZE_DEFAULT, SESSION_EVENT_POOL_SIZE_DEFAULT, SESSION_POOL_SIZE_DEFAULT } from '../src/session/session-main.js';

/** `[code, message]` of the ConfigError parsing `text` as `s.yaml` throws. */
function errorOf (text: string): [string, string] {
  try {
    parseScenario(text, 's.yaml');
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return [(err as ConfigError).code, (err as ConfigError).message];
  }
  expect.fail(`expected a ConfigError for ${JSON.stringify(text)}`);
}
const msg = (text: string): string => errorOf(text)[1];

const FULL = `name: echo-interrupt
description: builtin echo over private rx mqs
startupFile: conf/vpp.conf
cliFile: run.cli
apps:
  - name: srv
    kind: vcl_test_server
    args: -p tcp 22000
    ns: '1'
  - name: cli
    kind: vcl_test_client
    args: '-E "Hello, world" -X 127.0.0.1 22000'
    ns: '2'
    start: 50ms
traffic:
  - worker: 1
    phases:
      - idle: 1s
      - steady: { rate: 100k, for: 2s, size: 128 }
      - burst: { rate: 1.5m, burst: 32, gap: 1ms, for: 500ms }
clock: real
seed: 42
duration: 5s
cost: { wakeLatencyNs: 15000, loopNs: 0 }
shows:
  - show runtime
  - { command: sh sess verbose, at: 2s }
  - { command: clear runtime, at: 1s }
session: { sessionPoolSize: 1024 }
`;

describe('scenario: loading a file', () => {
  it('loads a full scenario with files relative to its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vppsim-scn-'));
    writeFileSync(join(dir, 's.yaml'), FULL);
    mkdirp(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'vpp.conf'), 'cpu { workers 2 }\nsession { enable use-private-rx-mqs }\n');
    writeFileSync(join(dir, 'run.cli'), 'test echo server uri tcp://127.0.0.1/1234\nwait 100ms\ntest echo client bytes 2m uri tcp://127.0.0.1/1234\n');
    const s = loadScenario(join(dir, 's.yaml'));
    expect(s).to.deep.include({ name: 'echo-interrupt', description: 'builtin echo over private rx mqs', clock: 'real', seed: 42, durationNs: 5e9 });
    expect(s.startup).to.deep.equal({ source: 'file', text: 'cpu { workers 2 }\nsession { enable use-private-rx-mqs }\n', file: join(dir, 'conf', 'vpp.conf'), inline: null });
    expect(parseStartupConfig(s.startup.text, s.startup.file).cpu.workers).to.equal(2);
    expect(s.cli.file).to.equal(join(dir, 'run.cli'));
    expect(s.cli.commands.map((c) => [c.kind, c.where.line])).to.deep.equal([['echo-server', 1], ['wait', 2], ['echo-client', 3]]);
    expect(s.apps.map((a) => [a.name, a.kind, a.ns, a.startNs])).to.deep.equal([['srv', 'vcl_test_server', '1', 0], ['cli', 'vcl_test_client', '2', 50e6]]);
    expect(s.apps[1]!.options).to.deep.include({ test: 'echo', echoText: 'Hello, world', postTest: 'exit', serverAddress: '127.0.0.1' });
    expect(s.traffic).to.have.length(1);
    expect(s.traffic[0]!.worker).to.equal(1);
    expect(s.traffic[0]!.phases).to.deep.equal([
      { kind: 'idle', durationNs: 1e9 },
      { kind: 'steady', ratePps: 100e3, durationNs: 2e9, sizeBytes: 128 },
      { kind: 'burst', ratePps: 1.5e6, burstPackets: 32, gapNs: 1e6, durationNs: 500e6, sizeBytes: 64 },
    ]);
    expect(s.cost).to.deep.equal({ ...SCENARIO_COST_DEFAULTS, wakeLatencyNs: 15000, loopNs: 0 });
    expect(s.session).to.deep.equal({ ...SCENARIO_SESSION_DEFAULTS, sessionPoolSize: 1024 });
    expect(s.shows.map((x) => [x.command.kind, x.at])).to.deep.equal([['show-runtime', 'end'], ['show-session', 2e9], ['clear-runtime', 1e9]]);
    expect(Object.isFrozen(s) && Object.isFrozen(s.traffic[0]!.phases[1]) && Object.isFrozen(s.cost)).to.equal(true);
  });

  it('names errors in a cliFile by that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vppsim-scn-'));
    writeFileSync(join(dir, 's.yaml'), 'name: x\ncliFile: run.cli\n');
    writeFileSync(join(dir, 'run.cli'), 'show threads\nshow foo\n');
    expect(() => loadScenario(join(dir, 's.yaml'))).to.throw(ConfigError, `${join(dir, 'run.cli')}:2:6: show: unknown input \`foo'`);
  });

  it('refuses a scenario or a named file that cannot be read', () => {
    expect(() => loadScenario('/nonexistent/s.yaml')).to.throw(ConfigError, "failed to open scenario file '/nonexistent/s.yaml'");
    const [code, m] = errorOf('name: x\nstartupFile: nope.conf\n');
    expect(code).to.equal('ERR_CONFIG_OPEN');
    expect(m).to.match(/^s\.yaml:2:14: startupFile: cannot read 'nope\.conf': ENOENT/);
  });
});

describe('scenario: defaults', () => {
  it('fills every field of a scenario that only has a name', () => {
    const s = parseScenario('name: minimal\n', 's.yaml');
    expect(s).to.deep.include({
      name: 'minimal', description: null, apps: [], traffic: [], clock: 'virtual', seed: 0, durationNs: null, shows: [], warnings: [],
    });
    expect(s.startup).to.deep.equal({ source: 'none', text: '', file: 's.yaml', inline: null });
    expect(s.cli.commands).to.deep.equal([]);
    expect(s.cost).to.deep.equal(SCENARIO_COST_DEFAULTS);
    expect(s.session).to.deep.equal(SCENARIO_SESSION_DEFAULTS);
  });

  it('keeps its defaults equal to graph/clock.ts and src/session/session-main.ts', () => {
    expect(SCENARIO_COST_DEFAULTS).to.deep.equal({ ...defaultCostModel });
    expect(SCENARIO_SESSION_DEFAULTS).to.deep.equal({
      eventPoolSize: SESSION_EVENT_POOL_SIZE_DEFAULT, ctrlDataSize: SESSION_CTRL_DATA_SIZE_DEFAULT, sessionPoolSize: SESSION_POOL_SIZE_DEFAULT,
    });
  });
});

describe('scenario: inline texts keep YAML positions', () => {
  it('places inline cli errors at their line and column in the YAML', () => {
    expect(msg('name: x\ncli: |\n  show threads\n  show  foo\n')).to.equal("s.yaml:4:9: show: unknown input ` foo'");
    expect(msg('name: x\ncli: "sh runtime; show"\n')).to.equal("s.yaml:2:17: unknown input `; show'");
  });

  it('relocates a startup.conf error from the inline text into the YAML', () => {
    const s = parseScenario('name: a\nstartup: |\n  cpu { workers 2 }\n  bogus { x }\n', 's.yaml');
    let relocated = '';
    try {
      parseStartupConfig(s.startup.text, 'inline');
    } catch (err) {
      relocated = scenarioTextOrigin(s.startup).relocate(err as ConfigError).message;
    }
    expect(relocated).to.equal("s.yaml:4:3: vlib_call_all_config_functions: unknown input `bogus  x '");
  });

  it('places app argument errors inside the args scalar', () => {
    expect(msg('name: a\napps:\n  - name: c\n    kind: vcl_test_client\n    args: "-N 10 -s 0 1.2.3.4"\n'))
      .to.equal('s.yaml:5:21: apps[0].args: vcl_test_client: Invalid number of sessions (0) specified for option -s! Valid range is 1 - 1000000');
  });
});

describe('scenario: errors with line:col', () => {
  it('reports malformed YAML with the parser\'s message', () => {
    expect(errorOf('name: "a\n')).to.deep.equal([ERR_CONFIG_YAML, 's.yaml:2:1: YAML: Missing closing "quote']);
    expect(errorOf('name: a\nname: b\n')).to.deep.equal([ERR_CONFIG_YAML, 's.yaml:2:1: YAML: Map keys must be unique']);
  });

  it('refuses a top level that is not a mapping, a missing name, unknown keys', () => {
    expect(msg('- a\n')).to.equal("s.yaml:1:1: expected a mapping (the scenario's top level)");
    expect(msg('description: x\n')).to.equal('s.yaml:1:1: name: is required');
    expect(msg('name: a\nfoo: 1\n')).to.equal('s.yaml:2:1: foo: unknown key (expected one of: name, description, startup, startupFile, cli, cliFile, apps, traffic, clock, seed, duration, cost, shows, session, dispatchOrder)');
    expect(msg('name: [a]\n')).to.equal('s.yaml:1:7: name: expected a string');
  });

  it('refuses both a text and its file', () => {
    expect(msg('name: a\nstartup: x\nstartupFile: y\n')).to.equal('s.yaml:3:1: startupFile: give either startup or startupFile, not both');
  });

  it('refuses bad values naming the field', () => {
    expect(msg('name: a\nclock: fast\n')).to.equal('s.yaml:2:8: clock: expected one of real, virtual (got "fast")');
    expect(msg('name: a\nseed: -1\n')).to.equal('s.yaml:2:7: seed: must be from 0 to 9007199254740991 (got -1)');
    expect(msg('name: a\nseed: 1.5\n')).to.equal('s.yaml:2:7: seed: expected an integer (got 1.5)');
    expect(msg('name: a\nduration: 0s\n')).to.equal('s.yaml:2:11: duration: must be longer than 0 (got "0s")');
    expect(msg('name: a\ncost: { loopNs: -1 }\n')).to.equal('s.yaml:2:17: cost.loopNs: must be from 0 to 1000000000000 (got -1)');
    expect(msg('name: a\ncost: { fooNs: 1 }\n')).to.equal('s.yaml:2:9: cost.fooNs: unknown key (expected one of: dispatchCallNs, dispatchVectorNs, loopNs, epollNs, wakeLatencyNs, messageNs, appResumeNs, sleepGranularityNs)');
    expect(msg('name: a\nsession: { eventPoolSize: 4 }\n')).to.equal('s.yaml:2:27: session.eventPoolSize: must be from 8 to 16777216 (got 4)');
  });

  it('checks traffic streams and their phases', () => {
    expect(msg('name: a\ntraffic: { worker: 0 }\n')).to.equal('s.yaml:2:10: traffic: expected a list');
    expect(msg('name: a\ntraffic:\n  - phases: [ { idle: 1s } ]\n')).to.equal('s.yaml:3:5: traffic[0].worker: is required');
    expect(msg('name: a\ntraffic:\n  - worker: 0\n    phases:\n      - { idle: 1s, steady: { rate: 1, for: 1s } }\n'))
      .to.equal('s.yaml:5:9: traffic[0].phases[0]: a phase is exactly one of idle, steady, burst');
    expect(msg('name: a\ntraffic:\n  - worker: 0\n    phases:\n      - burst: { rate: 1k, burst: 4, for: 1s }\n'))
      .to.equal('s.yaml:5:16: traffic[0].phases[0].burst.gap: is required');
    expect(msg('name: a\ntraffic:\n  - worker: 0\n    phases:\n      - steady: { rate: -5, for: 1s }\n'))
      .to.equal('s.yaml:5:25: traffic[0].phases[0].steady.rate: must be above 0 and at most 1000000000 packets/s (got -5)');
    expect(msg('name: a\ntraffic:\n  - worker: 0\n    phases:\n      - steady: { rate: 5k, for: 1 fortnight }\n'))
      .to.equal("s.yaml:5:34: traffic[0].phases[0].steady.for: '1 fortnight' is not a duration (examples: 500ms, 2s, 100us)");
  });

  it('checks apps', () => {
    expect(msg('name: a\napps:\n  - { name: s, kind: vcl_test_server }\n  - { name: s, kind: vcl_test_server }\n'))
      .to.equal("s.yaml:4:13: apps[1].name: 's' is already the name of another app");
    expect(msg('name: a\napps:\n  - { name: s, kind: vpp_echo }\n')).to.equal('s.yaml:3:22: apps[0].kind: expected one of vcl_test_server, vcl_test_client (got "vpp_echo")');
  });

  it('checks shows: one show command each, at end or a time', () => {
    expect(msg('name: a\nshows: [session enable]\n')).to.equal("s.yaml:2:9: shows[0]: 'session enable' is not one show command (or clear runtime); put other commands in cli");
    expect(msg('name: a\nshows: [ { command: show threads, at: soon } ]\n')).to.equal("s.yaml:2:39: shows[0].at: 'soon' is not a duration (examples: 500ms, 2s, 100us)");
    expect(msg('name: a\nshows: [ show foo ]\n')).to.equal("s.yaml:2:15: show: unknown input `foo'");
  });
});

function mkdirp (p: string): void {
  mkdirSync(p, { recursive: true });
}
