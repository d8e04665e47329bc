// Every real VPP startup config in ../shared/vpp-configs/ gets the verdict VPP HEAD gives it:
// accepted (with the worker count the README states), or refused with VPP's exact message at
// the original file:line:col. EXPECTED mirrors the README's verdict column; a second test reads
// the README table and fails if the two drift apart or a file is not covered.
import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { ConfigError } from '../src/errors.js';
import { parseStartupConfig, parseStartupConfigArgs } from '../src/config/startup-conf.js';
import type { StartupConfig } from '../src/config/startup-config-types.js';
import { formatBitmapList } from '../src/config/unformat-values.js';

/** The shared configs, next to the repository (from dist/test: ../../../shared/vpp-configs/). */
const CONFIG_DIR = new URL('../../../shared/vpp-configs/', import.meta.url);

type Expectation =
  | { readonly verdict: 'OK'; readonly workers?: number; readonly check?: (cfg: StartupConfig) => void }
  | { readonly verdict: 'ERROR'; readonly message: string; readonly template?: boolean };

const ok = (workers?: number, check?: (cfg: StartupConfig) => void): Expectation =>
  ({ verdict: 'OK', ...(workers === undefined ? {} : { workers }), ...(check === undefined ? {} : { check }) });

/** Verdicts by file number, as the README gives them; messages are VPP's, with vppsim's position. */
const EXPECTED: Readonly<Record<string, Expectation>> = {
  '01': ok(0),
  '02': ok(undefined, (c) => expect(c.unix.interactive).to.equal(true)),
  '04': ok(1, (c) => expect(c.notSimulated).to.include.members(['dpdk', 'linux-cp'])),
  '05': ok(2),
  // Template as is: `{{` opens a group whose body starts with `{`, so the stanzas split, but the
  // final `{tcp}` is a name without a value and nothing resets vlib_plugin_config's error.
  '06': {
    verdict: 'ERROR', template: true,
    message: "06-vpp-config-template.conf:193:1: vlib_plugin_config: unknown input '{tcp}'",
  },
  // The `{:d}` placeholders would fail too, but `heapsize` (removed in 2025) is refused first.
  '07': { verdict: 'ERROR', message: "07-vpp-config-autoconfig-tcp.conf:10:1: vlib_call_all_config_functions: unknown input `heapsize 4g'" },
  '08': ok(undefined, (c) => {
    expect(formatBitmapList(c.cpu.corelistWorkers ?? [])).to.equal('5-6, 9-10');
    expect(c.cpu).to.include({ schedulerPolicy: 'fifo', schedulerPriority: 50 });
  }),
  '09': ok(),
  '10': ok(undefined, (c) => expect(c.cpu.lcores).to.deep.equal([1, 4, 5, 20, 21])),
  '11': { verdict: 'ERROR', message: '11-docs-multithread-auto.conf:6:3: cpu_config: main-core must be specified when using skip-cores attribute' },
  '12': ok(undefined, (c) => expect(c.cpu).to.include({ relative: true, workers: 2 })),
  '13': { verdict: 'ERROR', message: "13-dpdk-hqos-deprecated.conf:23:3: cpu_config: no such thread type 'hqos-threads'" },
  // README: OK. VPP HEAD itself stops at the quic stanza (quic_config_fn: unknown input
  // ' default-crypto-engine quicly ...'), but vppsim does not simulate quic and leaves its body
  // unchecked, so vppsim accepts the file as the README says.
  '14': ok(undefined, (c) => expect(c.notSimulated).to.include('quic')),
  '15': ok(undefined, (c) => expect(c.session).to.include({ enable: true, useAppSocketApi: true })),
  // Template as is: `${ADDITIONAL_VPP_CONFIG}` is a last word without a value. The plugin entry
  // `calico_plugin.so { enable }` clears vlib_plugin_config's error, so VPP reports it as an
  // unknown stanza whose value pointer is NULL (hence the blank before the quote).
  '16': {
    verdict: 'ERROR', template: true,
    message: '16-calicovpp-kind-template.conf:26:1: vlib_call_all_config_functions: unknown input `${ADDITIONAL_VPP_CONFIG} \'',
  },
  '17': ok(2),
  '18': ok(undefined, (c) => expect(c.unix).to.include({ interactive: true, pollSleepUsec: 0 })),
  '19': ok(undefined, (c) => expect(c.unix).to.include({ interactive: true, pollSleepUsec: 0 })),
  // Template as is: every %[n]s is a word unix_config accepts as a value, except %[5]s which
  // stands alone.
  '20': { verdict: 'ERROR', template: true, message: "20-hs-test-template-raw.conf:12:3: unix_config: unknown input `%[5]s'" },
  '21': ok(undefined, (c) => expect(c.session.wrkMqLength).to.equal(100000)),
  '22': ok(2),
  '23': ok(undefined, (c) => expect(c.session).to.include({ usePrivateRxMqs: true, adaptive: true })),
  '24': ok(2),
  '25': ok(undefined, (c) => expect(c.session).to.include({ usePrivateRxMqs: true, adaptive: true })),
  // The session stanza is never closed; its body runs to the end of the file.
  '26': ok(undefined, (c) => expect(c.session).to.include({ enable: true, wrkMqLength: 100000 })),
  '27': ok(),
  '28': ok(),
  '29': ok(),
  '30': ok(),
  '31': ok(),
  '32': ok(),
  '33': ok(),
  '34': ok(),
  '35': ok(),
  '36': ok(undefined, (c) => expect(c.session).to.include({ usePrivateRxMqs: true, adaptive: true, enable: false })),
  '37': ok(undefined, (c) => expect(c.session).to.include({ pollMain: true, usePrivateRxMqs: false })),
  '38': ok(2),
  '39': ok(undefined, (c) => expect(c.session).to.include({ preallocatedSessions: 1024, wrkMqLength: 16384, wrkMqsSegmentSize: 64 << 20 })),
};

const configFiles = readdirSync(CONFIG_DIR).filter((f) => f !== 'README.md').sort();
const numberOf = (file: string): string => file.slice(0, 2);

/**
 * Files named `*-cmdline.conf` hold what VPP gets as command-line words (the README's "command
 * line" kind): their `#` lines are the collector's notes, the remaining line is the argv.
 */
function parseConfigFile (file: string): StartupConfig {
  const text = readFileSync(new URL(file, CONFIG_DIR), 'utf8');
  if (!file.includes('cmdline')) return parseStartupConfig(text, file);
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  expect(lines, `${file}: one command line`).to.have.length(1);
  return parseStartupConfigArgs(lines);
}

describe('real VPP configs (../shared/vpp-configs)', () => {
  it('finds the shared configs next to the repository', () => {
    expect(configFiles.length).to.be.greaterThan(30);
  });

  for (const file of configFiles) {
    const want = EXPECTED[numberOf(file)];
    const title = want === undefined ? 'has a verdict' : want.verdict === 'OK'
      ? `is accepted${want.workers === undefined ? '' : ` with ${want.workers} worker${want.workers === 1 ? '' : 's'}`}`
      : `is refused: ${want.message.replace(/^[^ ]+ /, '')}`;
    it(`${file} ${title}`, () => {
      expect(want, `no expectation for ${file}`).to.not.equal(undefined);
      if (want === undefined) return;
      if (want.verdict === 'ERROR') {
        expect(() => parseConfigFile(file)).to.throw(ConfigError).with.property('message', want.message);
        return;
      }
      const cfg = parseConfigFile(file);
      if (want.workers !== undefined) expect(cfg.cpu.workers).to.equal(want.workers);
      expect(cfg.cpu.threadNames).to.have.length(cfg.cpu.workers + 1);
      want.check?.(cfg);
    });
  }

  it('parses the command-line files the same way when read as files', () => {
    for (const file of configFiles.filter((f) => f.includes('cmdline'))) {
      const asArgs = parseConfigFile(file);
      const asFile = parseStartupConfig(readFileSync(new URL(file, CONFIG_DIR), 'utf8'), file);
      expect({ cpu: asFile.cpu, session: asFile.session, unix: asFile.unix }, file)
        .to.deep.equal({ cpu: asArgs.cpu, session: asArgs.session, unix: asArgs.unix });
    }
  });

  it('mirrors the README verdict column, and covers exactly the files present', () => {
    const readme = readFileSync(new URL('README.md', CONFIG_DIR), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\|\s*\d/.test(l));
    const seen = new Set<string>();
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const verdict = cells.at(-1)!;
      for (const n of fileNumbers(cells[0]!)) {
        seen.add(n);
        const want = EXPECTED[n];
        expect(want, `README row ${n}`).to.not.equal(undefined);
        if (want === undefined) continue;
        if (/^(all )?OK\b/.test(verdict)) {
          expect(want.verdict, `README says ${n} is OK`).to.equal('OK');
          const workers = /^OK, (\d+) workers?/.exec(verdict);
          if (workers !== null && want.verdict === 'OK') expect(want.workers, `README worker count of ${n}`).to.equal(Number(workers[1]));
        } else if (verdict === 'template') {
          expect(want, `README says ${n} is a template`).to.include({ verdict: 'ERROR', template: true });
        } else {
          const quoted = /`([^`]+)`/.exec(verdict)?.[1] ?? /\(([^)]+)\)/.exec(verdict)?.[1];
          expect(want.verdict, `README says ${n} fails`).to.equal('ERROR');
          expect(quoted, `README verdict of ${n}`).to.be.a('string');
          if (want.verdict === 'ERROR' && quoted !== undefined) expect(want.message).to.include(quoted);
        }
      }
    }
    expect([...seen].sort()).to.deep.equal(configFiles.map(numberOf));
  });
});

/** "01", "28–32, 34", "33, 35" → the two-digit file numbers they name. */
function fileNumbers (cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(',')) {
    const [a, b] = part.split(/[–-]/).map((x) => Number(x.trim()));
    for (let i = a!; i <= (b ?? a!); i++) out.push(String(i).padStart(2, '0'));
  }
  return out;
}
