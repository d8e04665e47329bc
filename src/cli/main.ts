#!/usr/bin/env node
// src/cli/main.ts: the `vppsim` command.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseDurationNs } from '../config/duration.js';
import { ConfigError, ThreadCrashError, VppsimError } from '../errors.js';
import { benchCommand } from './bench.js';
import { runDemo } from './demo.js';
import { explainCommand } from './explain.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';

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

/** `--clock`: real or virtual. */
function parseClock (v: string): 'real' | 'virtual' {
  if (v !== 'real' && v !== 'virtual') throw new ConfigError(`--clock: '${v}' is not real or virtual`);
  return v;
}

/** `--seed`: a non-negative integer below 2^32. */
function parseSeed (v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new ConfigError(`--seed: '${v}' is not an integer from 0 to 4294967295`);
  return Number(v);
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
    .command('run <file>', 'run a scenario (.yaml) or a VPP startup.conf with its CLI script', (y) => y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario.yaml or startup.conf' })
      .option('exec', { type: 'string', describe: 'VPP CLI script to run (default: the config\'s unix { exec }, the scenario\'s, or the default echo workload)' })
      .option('clock', { type: 'string', describe: 'real (worker threads) or virtual (deterministic time); default: the scenario\'s, else virtual' })
      .option('seed', { type: 'string', describe: 'seed of the virtual run\'s randomness (an integer)' })
      .option('duration', { type: 'string', describe: 'stop after this long (e.g. 500ms, 2s); default: when the script and its client apps are done' })
      .option('json', { type: 'string', describe: 'write the result as JSON to this file (docs/result-schema.md)' })
      .option('trace', { type: 'string', describe: 'write a Chrome trace event file (Perfetto, chrome://tracing) of the run\'s event logs' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' }),
    async (a) => {
      const clock = a.clock === undefined ? undefined : parseClock(a.clock);
      const seed = a.seed === undefined ? undefined : parseSeed(a.seed);
      const durationNs = a.duration === undefined ? undefined : parseDurationNs(a.duration, '--duration');
      const r = await runCommand({ file: a.file as string, exec: a.exec ?? null, clock, seed, durationNs, json: a.json ?? null, trace: a.trace ?? null, quiet: a.quiet });
      process.stdout.write(r.text);
      process.exitCode = r.exitCode;
    })
    .command('validate <file>', 'check a scenario or startup.conf without running it and print its effective configuration', (y) => y
      .positional('file', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'print {ok, errors, workers, session, notSimulated} as JSON' }),
    (a) => {
      const r = validateCommand(a.file as string, a.json);
      process.stdout.write(r.text);
      process.exitCode = r.exitCode;
    })
    .command('explain <file>', 'tell, in time order, why each worker state change, interrupt, wakeup and message wait happened in a run (a `vppsim run --json` result)', (y) => y
      .positional('file', { type: 'string', demandOption: true, describe: 'RESULT.json from vppsim run --json' })
      .option('thread', { type: 'string', describe: 'only this thread: its slot number or name (vpp_wk_0, an app\'s name)' })
      .option('from', { type: 'string', describe: 'start of the window, time since the run\'s start (e.g. 1.5s, 200ms)' })
      .option('to', { type: 'string', describe: 'end of the window' }),
    (a) => {
      const fromNs = a.from === undefined ? 0 : parseDurationNs(a.from, '--from');
      const toNs = a.to === undefined ? Infinity : parseDurationNs(a.to, '--to');
      process.stdout.write(explainCommand({ file: a.file as string, thread: a.thread ?? null, fromNs, toNs }));
    })
    .command('bench', 'run the echo workload in each scheduling mode on real threads, beside this machine\'s floors measured in the same run', (y) => y
      .option('quick', { type: 'boolean', default: false, describe: 'one repetition, 1 worker, 1 pair, short windows: under 60 s' })
      .option('reps', { type: 'number', describe: 'repetitions of every case (default 3; --quick 1)' })
      .option('out', { type: 'string', describe: 'write bench.md, bench.json, bench.csv and SVG plots to this directory' })
      .option('modes', { type: 'string', describe: 'comma-separated: polling, rx-mqs-polling, adaptive (default all)' })
      .option('app-wait', { type: 'string', describe: 'comma-separated: eventfd, poll (default both)' })
      .option('workers', { type: 'string', describe: 'comma-separated worker counts (default 1,2; --quick 1)' })
      .option('pairs', { type: 'string', describe: 'comma-separated client/server pair counts (default 1,8; --quick 1)' })
      .option('size', { type: 'number', describe: 'echo message size, bytes (default 64)' })
      .option('in-flight', { type: 'number', describe: 'messages each client keeps in flight when unpaced (default 256)' })
      .option('window', { type: 'string', describe: 'measurement window per load (default 1s; --quick 250ms)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' }),
    async (a) => {
      process.stdout.write(await benchCommand({
        quick: a.quick, reps: a.reps, out: a.out ?? null, modes: a.modes, appWait: a['app-wait'], workers: a.workers, pairs: a.pairs,
        sizeBytes: a.size, inFlight: a['in-flight'], windowNs: a.window === undefined ? undefined : parseDurationNs(a.window, '--window'), quiet: a.quiet,
      }));
    })
    .demandCommand(1, 'name a command: vppsim run <file>, vppsim validate <file>, vppsim explain <result.json>, vppsim bench, vppsim demo')
    .fail((msg, err) => {
      if (err !== undefined && err !== null) fail(err);
      process.stderr.write(`vppsim: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exit(EXIT_BAD_INPUT);
    })
    .help()
    .parseAsync();
}

// `vppsim … | head`: a closed pipe ends the output, not with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  fail(e);
});

main().catch(fail);
