#!/usr/bin/env node
// src/cli/main.ts: the `vppsim` command.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseDurationNs } from '../config/duration.js';
import { ConfigError, ThreadCrashError, VppsimError } from '../errors.js';
import { runDemo } from './demo.js';

/** Exit codes: 0 ok, 1 a run failed (a thread crashed), 2 bad input. */
const EXIT_RUN_FAILED = 1;
const EXIT_BAD_INPUT = 2;

function fail (e: unknown): never {
  if (e instanceof ConfigError || (e instanceof VppsimError && e.code.startsWith('ERR_CONFIG'))) {
    process.stderr.write(`vppsim: ${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  if (e instanceof ThreadCrashError) {
    process.stderr.write(`vppsim: ${e.message}\n`);
    process.exit(EXIT_RUN_FAILED);
  }
  process.stderr.write(`vppsim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(EXIT_RUN_FAILED);
}

async function main (): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('vppsim')
    .strict()
    .command('demo', 'run the demo graph on two threads and print show runtime / show threads', (y) => y
      .option('clock', { choices: ['real', 'virtual'] as const, default: 'real' as const, describe: 'real threads or virtual time' })
      .option('duration', { type: 'string', default: '1s', describe: 'how long to run (e.g. 500ms, 2s)' })
      .option('threads', { type: 'number', default: 2, describe: 'vlib threads, main included' })
      .option('legacy', { type: 'boolean', default: false, describe: 'VPP ≤ v25.02 dispatch order' }),
    async (a) => {
      const durationNs = parseDurationNs(a.duration, '--duration');
      if (!Number.isInteger(a.threads) || a.threads < 1 || a.threads > 64) throw new ConfigError(`--threads: '${a.threads}' is not an integer from 1 to 64`);
      process.stdout.write(await runDemo({ clock: a.clock, durationNs, threads: a.threads, legacy: a.legacy }));
    })
    .demandCommand(1, 'name a command: vppsim demo')
    .fail((msg, err) => {
      if (err !== undefined && err !== null) fail(err);
      process.stderr.write(`vppsim: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exit(EXIT_BAD_INPUT);
    })
    .help()
    .parseAsync();
}

main().catch(fail);
