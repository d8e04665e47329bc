// External echo client and server on real threads (and the same apps in virtual time): one
// worker, use-private-rx-mqs, 10,000 round trips, every byte checked.
import { expect } from 'chai';
import { Elog } from '../graph/elog.js';
import { runRealThreads } from '../src/runtime/real-run.js';
import { createSessionInit } from '../src/session/session-main.js';
import { createTcpInit } from '../src/session/tcp-main.js';
import { defaultSimNetwork, parseIp4 } from '../src/session/net.js';
import { program, type VclEchoUser } from './fixtures/vcl-echo-app.js';
import { sessionRun } from './support/session-run.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}.js`, import.meta.url).href;
const graphModule = new URL('../src/runtime/session-graph.js', import.meta.url).href;
const ROUNDS = 10_000;
const SIZE = 100;

describe('external echo over TCP, 1 worker, private rx mqs', function () {
  this.timeout(300_000);

  it(`on real threads: ${ROUNDS} round trips of ${SIZE} bytes, every byte checked`, async () => {
    const nThreads = 2;
    const session = createSessionInit({
      nThreads, usePrivateRxMqs: true, noAdaptive: false, pollMain: false, wrkMqLength: 2048,
      eventPoolSize: 4096, ctrlDataSize: 256, sessionPoolSize: 64,
    });
    const tcp = createTcpInit({ nThreads, connCapacity: 64, net: defaultSimNetwork });
    const progress = new SharedArrayBuffer(16);
    const p = new Int32Array(progress);
    const base = { ip: parseIp4('6.0.1.1'), port: 22000, rounds: ROUNDS, size: SIZE, progress };
    const r = await runRealThreads({
      nThreads,
      graphModule,
      user: { session, enable: true, tcp },
      apps: [
        { module: fixture('vcl-echo-app'), user: { ...base, role: 'server', ip: 0 } satisfies VclEchoUser },
        { module: fixture('vcl-echo-app'), user: { ...base, role: 'client' } satisfies VclEchoUser },
      ],
      until: () => Atomics.load(p, 2) === 1,
      durationNs: 240e9,
    });
    expect(Atomics.load(p, 0)).to.equal(ROUNDS);
    expect(Atomics.load(p, 1)).to.equal(0, 'no byte differs');
    expect(Atomics.load(p, 3)).to.equal(ROUNDS * SIZE, 'the server echoed every byte');
    expect(r.threads.length).to.equal(2);
  });

  it(`in virtual time: the same apps, ${ROUNDS} round trips`, () => {
    const r = sessionRun(2, { tcp: true, apps: 2, sessionPoolSize: 64 });
    const progress = new SharedArrayBuffer(16);
    const p = new Int32Array(progress);
    const base = { ip: parseIp4('6.0.1.1'), port: 22000, rounds: ROUNDS, size: SIZE, progress };
    r.startApp(0, (env) => program({ ...env, slot: 2, elog: new Elog(1024) }, { ...base, role: 'server', ip: 0 } satisfies VclEchoUser));
    r.startApp(1, (env) => program({ ...env, slot: 3, elog: new Elog(1024) }, { ...base, role: 'client' } satisfies VclEchoUser));
    for (let t = 1; t <= 600 && Atomics.load(p, 2) === 0; t++) r.runUntil(t * 100e6);
    expect(Atomics.load(p, 0)).to.equal(ROUNDS);
    expect(Atomics.load(p, 1)).to.equal(0);
    expect(Atomics.load(p, 3)).to.equal(ROUNDS * SIZE);
  });
});
