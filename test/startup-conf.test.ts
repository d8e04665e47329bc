// startup.conf parsing as VPP HEAD does it: pre-processing, the `name value` split, stanza
// dispatch and the unix / cpu / session parsers, with VPP's exact messages and the original
// file:line:col. Expected texts were derived from the C source (src/vpp/vnet/main.c,
// src/vlib/init.c, src/vlib/unix/{main,plugin}.c, src/vlib/threads.c,
// src/vnet/session/session_cli.c, src/vppinfra/unformat.c); see the comments per case.
import { expect } from 'chai';
import { ConfigError } from '../src/errors.js';
import { COMMAND_LINE_FILE, STARTUP_CONFIG_MAX_SIZE, preprocessStartupConfigFile, splitStanzas } from '../src/config/startup-conf-lexer.js';
import { parseStartupConfig, parseStartupConfigArgs, readStartupConfigFile } from '../src/config/startup-conf.js';
import { explainStartupConfig } from '../src/config/startup-conf-explain.js';
import type { StartupConfig } from '../src/config/startup-config-types.js';
import { UnformatInput, formatUnformatError, numberAt, stringAt, unformat } from '../src/config/unformat.js';
import { formatBitmapList, unformatBitmapList, unformatMemorySize } from '../src/config/unformat-values.js';

const parse = (text: string): StartupConfig => parseStartupConfig(text, 't.conf');

/** The message of the ConfigError `fn` throws (fails the test when it throws nothing else). */
function errorOf (fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  expect.fail('expected a ConfigError');
}

const input = (text: string): UnformatInput => new UnformatInput(text, [...text].map((_, i) => i), text.length);

describe('startup.conf: unformat engine', () => {
  it('matches keywords as prefixes: `enable` takes `enabled` and leaves `d`', () => {
    const i = input('enabled');
    expect(unformat(i, 'enable').ok).to.equal(true);
    expect(i.rest()).to.equal('d');
  });

  it('lets a keyword run into its number (`main-core5`) as VPP does', () => {
    const m = unformat(input('main-core5'), 'main-core %u');
    expect(m.ok).to.equal(true);
    expect(numberAt(m, 0)).to.equal(5);
  });

  it('rewinds on failure, and shows at most 30 characters of context followed by ...', () => {
    const i = input('  this-is-a-long-unknown-option-name 1');
    expect(unformat(i, 'workers %u').ok).to.equal(false);
    expect(i.index).to.equal(0);
    expect(formatUnformatError(i)).to.equal('  this-is-a-long-unknown-optio...');
  });

  it('reads %u as a u32: refuses a sign and values above 4294967295', () => {
    expect(unformat(input('-1'), '%u').ok).to.equal(false);
    expect(unformat(input('4294967296'), '%u').ok).to.equal(false);
    expect(numberAt(unformat(input('+7'), '%u'), 0)).to.equal(7);
  });

  it('reads SIZE with k/m/g suffixes and leaves what follows a partial match', () => {
    const read = (t: string): [bigint | null, string] => {
      const i = input(t);
      const m = unformat(i, '%U', unformatMemorySize);
      return [m.ok ? (m.values[0] as bigint) : null, i.rest()];
    };
    expect(read('64M')).to.deep.equal([64n << 20n, '']);
    expect(read('3g')).to.deep.equal([3n << 30n, '']);
    expect(read('1.5m')).to.deep.equal([1n, '.5m']);
    expect(read('64KB')).to.deep.equal([64n << 10n, 'B']);
    expect(read('x')).to.deep.equal([null, 'x']);
  });

  it('reads bitmap lists with blanks after commas or between items, and prints them canonically', () => {
    const bits = (t: string): readonly number[] => unformat(input(t), '%U', unformatBitmapList).values[0] as readonly number[];
    expect(bits('2-3,18-19')).to.deep.equal([2, 3, 18, 19]);
    expect(bits('1, 2, 3, 4')).to.deep.equal([1, 2, 3, 4]);
    expect(bits('2 3')).to.deep.equal([2, 3]);
    expect(bits('9-10,5-6')).to.deep.equal([5, 6, 9, 10]);
    expect(formatBitmapList([2, 3, 18, 19])).to.equal('2-3, 18-19');
    expect(formatBitmapList([5])).to.equal('5');
    expect(unformat(input('3-2'), '%U', unformatBitmapList).ok).to.equal(false);
  });

  it('keeps `{…}` groups whole, counts nested braces and drops the outer pair', () => {
    const m = unformat(input('plugin x.so { enable } rest'), '%s %s %v');
    expect(stringAt(m, 2).text).to.equal(' enable ');
  });
});

describe('startup.conf: pre-processing and the top-level split', () => {
  it('drops # comments anywhere, even inside a word, and the line end becomes a blank', () => {
    expect(preprocessStartupConfigFile('unix {\n  nodaemon # daemon\n}\n', 'f').text).to.equal('unix { nodaemon }');
    expect(preprocessStartupConfigFile('unix { node#x\nmon }', 'f').text).to.equal('unix { node mon }');
    // The body starts with a blank, and VPP shows it when the first word is the bad one.
    expect(errorOf(() => parse('unix { node#comment\nmon }'))).to.equal("t.conf:1:8: unix_config: unknown input ` node mon'");
  });

  it('turns \\r \\n \\t into blanks, collapses runs and trims both ends', () => {
    expect(preprocessStartupConfigFile('\n\t cpu\t{\r\n  workers   2\r\n}\n\n', 'f').text).to.equal('cpu { workers 2 }');
  });

  it('maps errors back to the original line and column through CRLF and tabs', () => {
    expect(errorOf(() => parse('unix {\r\n\tnodaemon\r\n\tfoo\r\n}\r\n'))).to.equal("t.conf:3:2: unix_config: unknown input `foo'");
  });

  it('accepts 256 KiB - 1 bytes after pre-processing, refuses one more with VPP\'s message', () => {
    const conf = (n: number): string => `unix { cli-prompt ${'a'.repeat(n)} }`;
    const fits = STARTUP_CONFIG_MAX_SIZE - 1 - 'unix { cli-prompt  }'.length;
    expect(parse('#' + 'x'.repeat(300_000) + '\n' + conf(fits)).unix.cliPrompt).to.have.length(fits);
    expect(errorOf(() => parse(conf(fits + 1)))).to.equal(`t.conf:1:${STARTUP_CONFIG_MAX_SIZE}: startup config file is too large`);
  });

  it('refuses a NUL character, on which VPP would loop forever', () => {
    expect(errorOf(() => parse('unix { nodaemon }\0'))).to.equal('t.conf:1:18: NUL character in the startup config (VPP would loop forever on it)');
  });

  it('splits name/value pairs: brace groups, bare words, escapes', () => {
    const split = splitStanzas(preprocessStartupConfigFile('plugins { plugin x.so { enable } } heapsize 4g a\\ b c', 'f'));
    expect(split.stanzas.map((s) => [s.name.text, s.value.text])).to.deep.equal([
      ['plugins', ' plugin x.so { enable } '], ['heapsize', '4g'], ['a b', 'c'],
    ]);
    expect(split.failure).to.equal(null);
  });

  it('consumes a `\\` in a stanza body at the top level: `\\\\\\ ` is needed to reach the stanza parser', () => {
    expect(errorOf(() => parse('unix { cli-prompt my\\ prompt }'))).to.equal("t.conf:1:23: unix_config: unknown input `prompt'");
    expect(parse('unix { cli-prompt my\\\\\\ prompt }').unix.cliPrompt).to.equal('my prompt');
  });

  it('accepts an unclosed last brace: the body runs to the end of the input', () => {
    const cfg = parse('unix { nodaemon }\nsession {\n  enable\n  use-private-rx-mqs\n');
    expect(cfg.session.enable).to.equal(true);
    expect(cfg.session.usePrivateRxMqs).to.equal(true);
  });

  it('swallows the following stanzas into a brace left open earlier (cpu then ignores them)', () => {
    const cfg = parse('cpu { main-core 1 workers 2\nsession { enable }');
    expect(cfg.cpu.workers).to.equal(2);
    expect(cfg.session.enable).to.equal(false);
    expect(cfg.warnings).to.deep.equal([{
      message: "cpu: VPP stops reading the cpu stanza at `session { enable }'; the rest of it is ignored", line: 2, column: 1,
    }]);
  });

  it('reads a lone `{` at the very end as the value "{"', () => {
    expect(errorOf(() => parse('session {'))).to.equal("t.conf:1:9: session_config_fn: unknown input `{'");
  });

  it('refuses a name glued to its brace, as VPP fails on it', () => {
    expect(errorOf(() => parse('cpu{ workers 2 }'))).to.equal("t.conf:1:1: vlib_call_all_config_functions: unknown input `cpu{ workers'");
  });

  it('refuses a stray `}`: as a name followed by a word, or as a last word without a value', () => {
    expect(errorOf(() => parse('unix { nodaemon } } x cpu { }'))).to.equal("t.conf:1:19: vlib_call_all_config_functions: unknown input `} x'");
    expect(errorOf(() => parse('unix { nodaemon }\n}'))).to.equal("t.conf:2:1: vlib_plugin_config: unknown input '}'");
  });

  it('reports a last word without a value as an unknown stanza when a plugin entry cleared the plugin error', () => {
    // vlib_plugin_config overwrites its pending error with config_one_plugin's result.
    expect(errorOf(() => parse('plugins { plugin a.so { enable } }\nfoo'))).to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `foo '");
    expect(errorOf(() => parse('plugins { plugin default { disable } }\nfoo'))).to.equal("t.conf:2:1: vlib_plugin_config: unknown input 'foo'");
  });
});

describe('startup.conf: the command-line form', () => {
  it('joins the words with single blanks and parses them like a file', () => {
    const cfg = parseStartupConfigArgs(['unix', '{', 'interactive', '}', 'cpu', '{', 'main-core', '1', 'workers', '2', '}']);
    expect(cfg.source).to.deep.equal({ file: COMMAND_LINE_FILE, form: 'command-line' });
    expect(cfg.unix.interactive).to.equal(true);
    expect(cfg.cpu.threadNames).to.deep.equal(['vpp_main', 'vpp_wk_0', 'vpp_wk_1']);
  });

  it('has no comments: `#` is an ordinary character there', () => {
    expect(errorOf(() => parseStartupConfigArgs(['unix', '{', '#', '}']))).to.equal("<command line>:1:8: unix_config: unknown input ` #'");
  });

  it('names <command line> and the column in errors', () => {
    expect(errorOf(() => parseStartupConfigArgs(['session {use-private-rx-mqs', 'poll-mian}'])))
      .to.equal("<command line>:1:29: session_config_fn: unknown input `poll-mian'");
  });
});

describe('startup.conf: stanza names', () => {
  it('refuses an unknown stanza with its name and whole value', () => {
    expect(errorOf(() => parse('unix { nodaemon }\nfoo { a b }'))).to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `foo  a b '");
    expect(errorOf(() => parse('heapsize 4g'))).to.equal("t.conf:1:1: vlib_call_all_config_functions: unknown input `heapsize 4g'");
  });

  it('refuses an unknown stanza before looking at any stanza body', () => {
    expect(errorOf(() => parse('cpu { workers 2 workers 3 }\nfoo bar'))).to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `foo bar'");
  });

  it('knows plugin stanzas only while their plugin is loaded', () => {
    expect(parse('dpdk { no-pci }').notSimulated).to.deep.equal(['dpdk']);
    expect(errorOf(() => parse('plugins { plugin dpdk_plugin.so { disable } }\ndpdk { no-pci }')))
      .to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `dpdk  no-pci '");
    expect(errorOf(() => parse('plugins { plugin default { disable } }\nquic { }'))).to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `quic  '");
    expect(parse('plugins { plugin default { disable } plugin quic_plugin.so { enable } }\nquic { }').notSimulated).to.deep.equal(['plugins', 'quic']);
  });

  it('loads default-disabled plugins only when enabled by name (api-fuzz is unittest_plugin.so)', () => {
    expect(errorOf(() => parse('api-fuzz { off }'))).to.equal("t.conf:1:1: vlib_call_all_config_functions: unknown input `api-fuzz  off '");
    expect(parse('plugins { plugin unittest_plugin.so { enable } }\napi-fuzz { off }').notSimulated).to.deep.equal(['plugins', 'api-fuzz']);
  });

  it('knows linux-cp through any plugin linked with liblcp, and honours an exact name-filter', () => {
    expect(errorOf(() => parse('linux-cp { lcp-sync }'))).to.equal("t.conf:1:1: vlib_call_all_config_functions: unknown input `linux-cp  lcp-sync '");
    expect(parse('plugins { plugin linux_nl_plugin.so { enable } }\nlinux-cp { lcp-sync }').notSimulated).to.include('linux-cp');
    expect(parse('plugins { name-filter quic_plugin.so }\nquic { }').notSimulated).to.include('quic');
    expect(errorOf(() => parse('plugins { name-filter quic_plugin.so }\nhttp { }'))).to.equal("t.conf:2:1: vlib_call_all_config_functions: unknown input `http  '");
  });

  it('lists stanzas not simulated in file order, once each, and merges repeated stanzas', () => {
    const cfg = parse('tcp { mtu 1460 }\ncpu { main-core 1 }\napi-trace { on }\ntcp { }\ncpu { workers 2 }');
    expect(cfg.notSimulated).to.deep.equal(['tcp', 'api-trace']);
    expect(cfg.cpu.lcores).to.deep.equal([1, 2, 3]);
  });

  it('gives the last count when an earlier one was 0 (`workers 0` … `workers 2`)', () => {
    expect(parse('cpu { workers 0 }\ncpu { workers 2 }').cpu.workers).to.equal(2);
  });

  it('refuses bad plugin entries with config_one_plugin\'s and vlib_plugin_config\'s messages', () => {
    expect(errorOf(() => parse('plugins { plugin a.so { enable disable } }')))
      .to.equal("t.conf:1:18: config_one_plugin: please specify either enable or disable for plugin 'a.so'");
    expect(errorOf(() => parse('plugins { plugin a.so { enable } plugin a.so { disable } }')))
      .to.equal("t.conf:1:41: config_one_plugin: plugin 'a.so' already configured");
    expect(errorOf(() => parse('plugins { plugin a.so { on } }'))).to.equal("t.conf:1:25: config_one_plugin: unknown input ' on'");
    expect(errorOf(() => parse('plugins {\n}'))).to.equal("t.conf:2:1: vlib_plugin_config: unknown input ''");
  });
});

describe('startup.conf: unix { }', () => {
  it('fills VPP\'s defaults when the stanza is absent', () => {
    const u = parse('cpu { }').unix;
    expect(u).to.include({ pollSleepUsec: 0, cliPagerBufferLimit: 100000, cliHistoryLimit: 50, cliPrompt: 'vpp# ', runtimeDir: '/run/vpp', daemonize: true });
  });

  it('reads every option, the last of exec / startup-config winning', () => {
    const u = parse('unix { interactive nodaemon nosyslog nocolor nobanner cli-prompt {vpp> } cli-listen /run/vpp/cli.sock ' +
      'runtime-dir /run/vpp cli-line-mode cli-no-banner cli-no-pager poll-sleep-usec 100 cli-pager-buffer-limit 10 ' +
      'cli-history-limit 5 coredump-size 1g full-coredump startup-config a.cli exec b.cli log /tmp/vpp.log gid 1000 ' +
      'pidfile /run/vpp/vpp.pid use-current-dir }').unix;
    expect(u).to.deep.equal({
      interactive: true, nodaemon: true, nosyslog: true, daemonize: false, nocolor: true, nobanner: true,
      useCurrentDir: true, cliLineMode: true, cliNoBanner: true, cliNoPager: true, fullCoredump: true,
      cliPrompt: 'vpp> ', cliListen: '/run/vpp/cli.sock', runtimeDir: '/run/vpp', pollSleepUsec: 100,
      cliPagerBufferLimit: 10, cliHistoryLimit: 5, coredumpSize: 1 << 30, exec: 'b.cli', log: '/tmp/vpp.log',
      gid: '1000', pidfile: '/run/vpp/vpp.pid',
    });
  });

  it('does not daemonize with nosyslog alone (VPP skips daemon() then)', () => {
    expect(parse('unix { nosyslog }').unix.daemonize).to.equal(false);
  });

  it('refuses a body of blanks only (`unix { }`), as strict VPP parsers do', () => {
    expect(errorOf(() => parse('unix { }'))).to.equal("t.conf:1:8: unix_config: unknown input `'");
  });

  it('refuses unknown words; the context keeps a leading blank when the first word is bad', () => {
    expect(errorOf(() => parse('unix { interactive2 }'))).to.equal("t.conf:1:19: unix_config: unknown input `2'");
    expect(errorOf(() => parse('unix { foo }'))).to.equal("t.conf:1:8: unix_config: unknown input ` foo'");
  });

  it('refuses a bad coredump-size', () => {
    expect(errorOf(() => parse('unix { coredump-size big }'))).to.equal("t.conf:1:22: unix_config: invalid coredump-size parameter `big'");
  });

  it('checks the pidfile against the runtime dir', () => {
    expect(errorOf(() => parse('unix { pidfile /tmp/vpp.pid }')))
      .to.equal('t.conf:1:16: vlib_unix_validate_runtime_file: file /tmp/vpp.pid is not in runtime directory /run/vpp');
    expect(errorOf(() => parse('unix { pidfile a/../b }')))
      .to.equal("t.conf:1:16: vlib_unix_validate_runtime_file: '..' not allowed in runtime path");
    expect(parse('unix { runtime-dir /tmp/x pidfile /tmp/x/vpp.pid }').unix.pidfile).to.equal('/tmp/x/vpp.pid');
  });
});

describe('startup.conf: cpu { }', () => {
  it('places corelist workers on their cpus in ascending order', () => {
    const c = parse('cpu { main-core 8 corelist-workers 9-10,5-6 scheduler-policy fifo scheduler-priority 50 }').cpu;
    expect(c).to.deep.include({
      mainCore: 8, workers: 4, workersPlacement: 'corelist', corelistWorkers: [5, 6, 9, 10], schedulerPolicy: 'fifo', schedulerPriority: 50,
    });
    expect(c.lcores).to.deep.equal([8, 5, 6, 9, 10]);
    expect(c.threadNames).to.deep.equal(['vpp_main', 'vpp_wk_0', 'vpp_wk_1', 'vpp_wk_2', 'vpp_wk_3']);
  });

  it('places `workers N` on the lowest free cpus after skip-cores and main, never cpu 0', () => {
    expect(parse('cpu { main-core 0 workers 2 }').cpu.lcores).to.deep.equal([0, 1, 2]);
    expect(parse('cpu { main-core 1 workers 2 }').cpu.lcores).to.deep.equal([1, 2, 3]);
    expect(parse('cpu { skip-cores 2 main-core 3 workers 2 }').cpu.lcores).to.deep.equal([3, 2, 4]);
  });

  it('leaves cpus unknown (-1) when main-core is unset', () => {
    expect(parse('cpu { workers 2 }').cpu.lcores).to.deep.equal([-1, -1, -1]);
  });

  it('reads coremasks as hex with an even digit count', () => {
    expect(parse('cpu { main-core 0 coremask-workers 0c }').cpu).to.deep.include({ workersPlacement: 'coremask', corelistWorkers: [2, 3] });
    // "6" is not a hex string; the generic `<type> N` form then reads it as a count of "coremask-workers".
    expect(errorOf(() => parse('cpu { main-core 0 coremask-workers 6 }'))).to.equal("t.conf:1:19: cpu_config: no such thread type 3 'coremask-workers'");
  });

  it('refuses an empty coremask followed by a worker count, which VPP would never start', () => {
    expect(parse('cpu { main-core 0 coremask-workers 00 }').cpu.workers).to.equal(0);
    expect(errorOf(() => parse('cpu { main-core 0 coremask-workers 00 workers 2 }')))
      .to.equal('t.conf:1:39: cpu: the workers coremask names no cpu but 2 workers are configured; VPP would never start them');
  });

  it('starts every worker on cpu 0 with use-pthreads, and honours thread-prefix', () => {
    const c = parse('cpu { main-core 1 workers 2 use-pthreads thread-prefix abc }').cpu;
    expect(c.lcores).to.deep.equal([1, 0, 0]);
    expect(c.threadNames).to.deep.equal(['abc_main', 'abc_wk_0', 'abc_wk_1']);
    expect(parse('cpu { thread-prefix {} }').cpu.threadPrefix).to.equal('vpp');
  });

  it('clamps the priority of fifo/rr into 1..99', () => {
    expect(parse('cpu { scheduler-policy rr scheduler-priority 500 }').cpu.schedulerPriority).to.equal(99);
    expect(parse('cpu { scheduler-policy fifo scheduler-priority 0 }').cpu.schedulerPriority).to.equal(1);
  });

  it('stops silently at an unknown word (a warning in vppsim)', () => {
    const cfg = parse('cpu { main-core 1 workers two corelist-workers 2 }');
    expect(cfg.cpu.workers).to.equal(0);
    expect(cfg.warnings).to.deep.equal([{
      // 31 characters are left (the body ends in a blank), so VPP's context ends in `...`.
      message: "cpu: VPP stops reading the cpu stanza at `workers two corelist-workers 2...'; the rest of it is ignored", line: 1, column: 19,
    }]);
    expect(parse('cpu {\n}').warnings).to.deep.equal([]);
  });

  it('refuses what cpu_config refuses, with its messages', () => {
    const cases: [string, string][] = [
      ['cpu { main-core 1 workers 2 workers 3 }', "t.conf:1:29: cpu_config: number of 'workers' threads is already configured"],
      ['cpu { main-core 1 corelist-workers 2 corelist-workers 3 }', "t.conf:1:38: cpu_config: core placement of 'workers' threads is already configured"],
      ['cpu { workers 2 corelist-workers 3 }', "t.conf:1:17: cpu_config: core placement of 'workers' threads is already configured"],
      ['cpu { corelist-workers 2 }', 't.conf:1:7: cpu_config: main-core must be specified when using corelist-* or coremask-* attribute'],
      ['cpu { skip-cores 1 workers 3 }', 't.conf:1:7: cpu_config: main-core must be specified when using skip-cores attribute'],
      ['cpu { scheduler-priority 50 }', 't.conf:1:7: cpu_config: scheduling priority (50) is not allowed for `normal` scheduling policy'],
      ['cpu { scheduler-policy batch scheduler-priority 4294967290 }', 't.conf:1:30: cpu_config: scheduling priority (-6) is not allowed for `normal` scheduling policy'],
      ['cpu { foo 2 }', "t.conf:1:7: cpu_config: no such thread type 3 'foo'"],
      ['cpu { main-core 0 corelist-hqos-threads 5, 6 }', "t.conf:1:19: cpu_config: no such thread type 'hqos-threads'"],
      // clib_error, not clib_error_return: VPP prints function:line and exits.
      ['cpu { relative workers 2 }', 't.conf:1:7: cpu_config:1234: main-core must be specified in relative mode'],
      ['cpu { main-core 1 corelist-workers 1-2 }', "t.conf:1:19: vlib_thread_init: cpu 1 is not available to be used for the 'workers' thread"],
    ];
    for (const [conf, msg] of cases) expect(errorOf(() => parse(conf)), conf).to.equal(msg);
  });

  it('refuses counts and cpu ids vppsim cannot represent, with its own code', () => {
    const err = (conf: string): ConfigError => { try { parse(conf); } catch (e) { return e as ConfigError; } throw new Error('no error'); };
    expect(err('cpu { workers 5000 }')).to.include({ code: 'ERR_CONFIG_VPPSIM_LIMIT', message: 't.conf:1:7: cpu: 5000 worker threads is more than vppsim supports (1024)' });
    expect(err('cpu { main-core 1 corelist-workers 0-5000 }')).to.include({
      code: 'ERR_CONFIG_VPPSIM_LIMIT', message: 't.conf:1:36: cpu 5000 is beyond the highest cpu id vppsim accepts (1023)',
    });
  });
});

describe('startup.conf: session { }', () => {
  it('fills VPP\'s defaults when the stanza is absent', () => {
    const s = parse('unix {}').session;
    expect(s).to.include({
      enable: false, useAppSocketApi: true, adaptive: false, pollMain: false, wrkMqLength: 2048, configuredWrkMqLength: 0,
      v4SessionTableBuckets: 20000, v4SessionTableMemory: 64 << 20, localEndpointsTableBuckets: 250000,
      localEndpointsTableMemory: 512 << 20, minSrcPort: 1024, maxSrcPort: 65535,
    });
  });

  it('reads every option', () => {
    const cfg = parse('cpu { main-core 1 workers 2 }\nsession { enable rt-backend sdl use-private-rx-mqs no-adaptive poll-main ' +
      'wrk-mq-length 4096 wrk-mqs-segment-size 64M preallocated-sessions 1000 v4-session-table-buckets 1 ' +
      'v4-session-table-memory 2m v4-halfopen-table-buckets 3 v4-halfopen-table-memory 4m v6-session-table-buckets 5 ' +
      'v6-session-table-memory 6m v6-halfopen-table-buckets 7 v6-halfopen-table-memory 8m local-endpoints-table-buckets 9 ' +
      'local-endpoints-table-memory 10m min-src-port 2000 max-src-port 3000 use-dma no-dump-segments use-app-socket-api }');
    expect(cfg.session).to.deep.equal({
      enable: true, rtBackend: 'sdl', useAppSocketApi: true, useBapiSocketApi: false, usePrivateRxMqs: true,
      noAdaptive: true, adaptive: false, pollMain: true, wrkMqLength: 4096, configuredWrkMqLength: 4096,
      wrkMqsSegmentSize: 64 << 20, preallocatedSessions: 1000, preallocatedSessionsPerThread: 550,
      v4SessionTableBuckets: 1, v4SessionTableMemory: 2 << 20, v4HalfopenTableBuckets: 3, v4HalfopenTableMemory: 4 << 20,
      v6SessionTableBuckets: 5, v6SessionTableMemory: 6 << 20, v6HalfopenTableBuckets: 7, v6HalfopenTableMemory: 8 << 20,
      localEndpointsTableBuckets: 9, localEndpointsTableMemory: 10 << 20, minSrcPort: 2000, maxSrcPort: 3000,
      useDma: true, nat44OriginalDstEnable: false, noDumpSegments: true,
    });
    expect(cfg.warnings).to.deep.equal([]);
  });

  it('turns adaptive mode on with private rx mqs unless no-adaptive', () => {
    expect(parse('session { use-private-rx-mqs }').session.adaptive).to.equal(true);
    expect(parse('session { use-private-rx-mqs no-adaptive }').session.adaptive).to.equal(false);
  });

  it('ignores an mq length below 2048 with VPP\'s warning, under either name', () => {
    const cfg = parse('session { event-queue-length 100 wrk-mq-length 10 }');
    expect(cfg.session.wrkMqLength).to.equal(2048);
    expect(cfg.warnings.map((w) => w.message)).to.deep.equal([
      'session_config_fn:1433: event queue length 100 too small, ignored',
      'session_config_fn:1323: event queue length 10 too small, ignored',
    ]);
  });

  it('accepts a negative mq length, which wraps to a huge u32 as in VPP', () => {
    expect(parse('session { wrk-mq-length -1 }').session.wrkMqLength).to.equal(4294967295);
  });

  it('warns on the deprecated binary API and turns the socket API off', () => {
    const cfg = parse('session { use-bapi-socket-api use-app-socket-api }');
    expect(cfg.session).to.include({ useBapiSocketApi: true, useAppSocketApi: false });
    expect(cfg.warnings[0]!.message).to.equal('session_config_fn:1417: App attachment using binary-api is deprecated in favor of socket api. ' +
      'Support for bapi may be removed in the future.');
  });

  it('accepts evt_qs_memfd_seg, segment-baseva and evt_qs_seg_size, warning on the ignored ones', () => {
    const cfg = parse('session { evt_qs_memfd_seg segment-baseva 0x200000000 evt_qs_seg_size 1g }');
    expect(cfg.session.wrkMqsSegmentSize).to.equal(1 << 30);
    expect(cfg.warnings.map((w) => w.column)).to.deep.equal([11, 28]);
  });

  it('refuses unknown words, including a keyword with extra letters', () => {
    expect(errorOf(() => parse('session { enabled }'))).to.equal("t.conf:1:17: session_config_fn: unknown input `d'");
    expect(errorOf(() => parse('session { enable rt-backend foo }'))).to.equal("t.conf:1:18: session_config_fn: unknown input `rt-backend foo'");
    expect(errorOf(() => parse('session { wrk-mqs-segment-size 1.5m }'))).to.equal("t.conf:1:33: session_config_fn: unknown input `.5m'");
    expect(errorOf(() => parse('session { foo }'))).to.equal("t.conf:1:11: session_config_fn: unknown input ` foo'");
  });

  it('refuses a body of blanks only, but not an empty one', () => {
    expect(errorOf(() => parse('session {\n}'))).to.equal("t.conf:2:1: session_config_fn: unknown input `'");
    expect(parse('session {}').session.enable).to.equal(false);
  });

  it('refuses table memory of 4 GiB or more', () => {
    expect(errorOf(() => parse('session { v4-session-table-memory 4g }'))).to.equal('t.conf:1:11: session_config_fn: memory size 100000000 (4294967296) too large');
  });

  it('preallocates sessions on thread 0 without workers, 1.1·N/workers per worker otherwise', () => {
    expect(parse('session { preallocated-sessions 1024 }').session.preallocatedSessionsPerThread).to.equal(1024);
    expect(parse('cpu { main-core 1 corelist-workers 2 } session { preallocated-sessions 1024 }').session.preallocatedSessionsPerThread).to.equal(1126);
  });
});

describe('startup.conf: the result', () => {
  it('reads a file, or fails with VPP\'s message when it cannot', () => {
    expect(readStartupConfigFile(new URL('../../../shared/vpp-configs/05-srv6-mobile-j2.conf', import.meta.url).pathname).cpu.workers).to.equal(2);
    expect(errorOf(() => readStartupConfigFile('/nonexistent/startup.conf'))).to.equal("failed to open configuration file '/nonexistent/startup.conf'");
  });

  it('is deeply frozen', () => {
    const cfg = parse('cpu { main-core 1 workers 1 }');
    expect(Object.isFrozen(cfg)).to.equal(true);
    expect(Object.isFrozen(cfg.cpu.lcores)).to.equal(true);
    expect(Object.isFrozen(cfg.session)).to.equal(true);
  });

  it('explains threads, session scheduling options and what is not simulated', () => {
    const cfg = parse('cpu { main-core 1 corelist-workers 2-3 }\nsession { enable use-private-rx-mqs }\napi-trace { on }\nsession { event-queue-length 10 }');
    expect(explainStartupConfig(cfg)).to.equal([
      'startup config: t.conf',
      'threads: 3 (main + 2 workers; corelist-workers 2-3)',
      '   0  vpp_main  cpu 1',
      '   1  vpp_wk_0  cpu 2',
      '   2  vpp_wk_1  cpu 3',
      'session: enabled at startup (rt-backend none)',
      '  app attachment: app socket API',
      '  private rx mqs: on (one mq + eventfd per app and thread; appsl-rx-mqs-input in interrupt mode)',
      '  adaptive mode: on (use-private-rx-mqs without no-adaptive): session-queue switches polling/interrupt/idle',
      '  main thread: session-queue in interrupt mode, driven by session-queue-process (no poll-main)',
      '  wrk mq length: 2048 (default)',
      'unix: poll-sleep-usec 0',
      'not simulated: api-trace',
      'warnings:',
      '  t.conf:4:11: session_config_fn:1433: event queue length 10 too small, ignored',
      '',
    ].join('\n'));
  });
});
