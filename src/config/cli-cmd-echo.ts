// src/config/cli-cmd-echo.ts: the builtin echo apps' commands, in both generations:
// `test echo server|clients` (v26.02, src/plugins/hs_apps/echo_server.c
// echo_server_create_command_fn, echo_client.c ec_command_fn / ec_reset_runtime_config) and
// `vperf server|client` (HEAD, src/plugins/vperf/builtin/vperf_cli.c, vperf_client.c
// vp_client_reset_runtime_config, vperf_server.c vp_server_init). Keywords are tried in each
// function's order, as prefixes; what VPP refuses is refused with its message.

import { type CliCommandBody, type CliInvocation, ERR_CONFIG_VALUE } from './cli-context.js';
import type { AttachScope, EchoClientCommand, EchoFlavor, EchoServerCommand } from './cli-command-types.js';
import { unformatBase10, unformatFloat, unformatLineInput } from './cli-unformat.js';
import { SESSION_E_INVALID, type SessionEndpoint, parseSessionUri } from './cli-unformat-net.js';
import { ERR_CONFIG_VPPSIM_LIMIT } from './startup-conf-context.js';
import { type UnformatInput, bigintAt, formatUnformatError, numberAt, stringAt, unformat } from './unformat.js';
import { unformatMemorySize } from './unformat-values.js';

/** Default server uri of both generations (`default_uri`). */
export const ECHO_SERVER_DEFAULT_URI = 'tcp://0.0.0.0/1234';
/** Default client uri of both generations (`default_uri`). */
export const ECHO_CLIENT_DEFAULT_URI = 'tcp://6.0.1.1/1234';
/** CRYPTO_ENGINE_OPENSSL, the apps' default `tls-engine` (application_crypto.h). */
export const CRYPTO_ENGINE_OPENSSL = 1;
/** CRYPTO_ENGINE_LAST (mbedtls) in v26.02 and HEAD. */
export const CRYPTO_ENGINE_LAST = 4;
/** Size of the clients' test data buffer (4 MiB, `connect_test_data`); HEAD caps `max-tx-chunk` at it. */
export const ECHO_CLIENT_TEST_DATA_SIZE = 4 << 20;
/** TRANSPORT_PACER_MAX_BURST = 43 × TRANSPORT_PACER_MIN_MSS 1460 (src/vnet/session/transport.h): HEAD's default `max-tx-chunk`. */
export const TRANSPORT_PACER_MAX_BURST = 43 * 1460;
/** vppsim's bounds for values VPP takes unchecked. */
const MAX_SESSIONS = 1_000_000;
const MAX_SECONDS = 86_400;
const U32_MAX = 0xffffffff;
const I32_MAX = 0x7fffffff;

type ServerBody = Omit<EchoServerCommand, 'path' | 'where' | 'text'>;
type ClientBody = Omit<EchoClientCommand, 'path' | 'where' | 'text'>;

/** Server defaults per generation (v26.02 echo_server_create_command_fn; HEAD vp_server_init). */
export const ECHO_SERVER_DEFAULTS: Readonly<Record<EchoFlavor, Omit<ServerBody, 'endpoint' | 'uri' | 'uriDefaulted'>>> = Object.freeze({
  'test-echo': Object.freeze({
    kind: 'echo-server', flavor: 'test-echo', appName: 'echo_server', fifoSize: 64 << 10, rcvBufSize: 128 << 10,
    preallocFifos: 0, privateSegmentCount: 0, privateSegmentSize: 512 << 20, appnsId: null, appnsSecret: 0,
    scope: Object.freeze({ local: false, global: false }), stop: false, tlsEngine: CRYPTO_ENGINE_OPENSSL,
    reportInterval: 0, httpConnectProto: 'none',
  }),
  vperf: Object.freeze({
    kind: 'echo-server', flavor: 'vperf', appName: 'vperf_srv_builtin', fifoSize: 4 << 20, rcvBufSize: 128 << 10,
    preallocFifos: 0, privateSegmentCount: 0, privateSegmentSize: 512 << 20, appnsId: null, appnsSecret: 0,
    scope: Object.freeze({ local: false, global: false }), stop: false, tlsEngine: CRYPTO_ENGINE_OPENSSL,
    reportInterval: 0, httpConnectProto: 'none',
  }),
});

/** Client defaults per generation (v26.02 ec_reset_runtime_config; HEAD vp_client_reset_runtime_config). */
export const ECHO_CLIENT_DEFAULTS: Readonly<Record<EchoFlavor, Omit<ClientBody, 'endpoint' | 'uri' | 'uriDefaulted'>>> = Object.freeze({
  'test-echo': Object.freeze({
    kind: 'echo-client', flavor: 'test-echo', appName: 'echo_client', nClients: 1, nStreams: 1, bytesToSend: 8192,
    testTimeoutSec: 20, synTimeoutSec: 20, runTimeSec: 0, echoBytes: false, fifoSize: 64 << 10, privateSegmentCount: 0,
    privateSegmentSize: 256 << 20, throughputBitsPerSec: 0, maxTxChunk: 128 << 10, preallocFifos: false,
    preallocSessions: false, clientBatch: 1000, reportInterval: 0, reportIntervalTotal: false, reportJitter: false,
    appnsId: null, appnsSecret: 0, scope: Object.freeze({ local: false, global: false }), verbose: false,
    testBytes: false, tlsEngine: CRYPTO_ENGINE_OPENSSL, httpVersion: 1, httpConnectProto: 'none', uso: false,
    defaultMode: false,
  }),
  vperf: Object.freeze({
    kind: 'echo-client', flavor: 'vperf', appName: 'vperf_cln_builtin', nClients: 1, nStreams: 1, bytesToSend: 8192,
    testTimeoutSec: 20, synTimeoutSec: 20, runTimeSec: 0, echoBytes: false, fifoSize: 4 << 20, privateSegmentCount: 0,
    privateSegmentSize: 256 << 20, throughputBitsPerSec: 0, maxTxChunk: TRANSPORT_PACER_MAX_BURST, preallocFifos: false,
    preallocSessions: false, clientBatch: 1000, reportInterval: 0, reportIntervalTotal: false, reportJitter: false,
    appnsId: null, appnsSecret: 0, scope: Object.freeze({ local: false, global: false }), verbose: false,
    testBytes: false, tlsEngine: CRYPTO_ENGINE_OPENSSL, httpVersion: 1, httpConnectProto: 'none', uso: false,
    defaultMode: false,
  }),
});

/** format_memory_size: `4m`, `64k`, `1.50m`. */
export function formatMemorySize (size: number): string {
  const l = size > 0 ? Math.floor(Math.log2(size)) : 0;
  const logU = l < 10 ? 0 : l < 20 ? 10 : l < 30 ? 20 : 30;
  const u = 2 ** logU;
  const n = size % u !== 0 ? (size / u).toFixed(2) : String(Math.floor(size / u));
  return logU === 0 ? n : n + ' kmg'[logU / 10]!;
}

/** The uri's endpoint, or VPP's "Uri parse error: -19" (vppsim: a port beyond 16 bits too). */
function endpointOf (inv: CliInvocation, uri: string, offset: number): SessionEndpoint {
  const ep = parseSessionUri(uri);
  if ('kind' in ep) {
    if (ep.kind === 'port-range') throw inv.fail(`uri: port ${ep.port} is out of range (0 to 65535)`, offset, ERR_CONFIG_VALUE);
    throw inv.fail(`Uri parse error: ${SESSION_E_INVALID}`, offset);
  }
  return ep;
}

/** A SIZE keyword's value as a number, refusing what vppsim cannot hold exactly. */
function sizeValue (inv: CliInvocation, field: string, v: bigint, min: number, max: number, at: number): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? inv.range(field, v, min, max, at, ERR_CONFIG_VPPSIM_LIMIT) : inv.range(field, v, min, max, at);
}

/** `secret %lu`: a u64 that vppsim keeps as a safe integer. */
function secretValue (inv: CliInvocation, v: bigint, at: number): number {
  return inv.range('secret', v, 0, Number.MAX_SAFE_INTEGER, at, ERR_CONFIG_VPPSIM_LIMIT);
}

/**
 * `test echo server …` / `vperf server …`: arguments until the end of the input. Errors:
 * `failed: unknown input `…'`, `Uri parse error: -19`.
 */
export function parseEchoServer (flavor: EchoFlavor, input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const d = ECHO_SERVER_DEFAULTS[flavor];
  const s: { -readonly [K in keyof Omit<ServerBody, 'endpoint'>]: ServerBody[K] } = { ...d, uri: ECHO_SERVER_DEFAULT_URI, uriDefaulted: true };
  let uriAt = inv.offset;
  const scope = { local: false, global: false };
  const vp = flavor === 'vperf';
  let m;
  while (!input.atEnd()) {
    const at = input.errorPos();
    if ((m = unformat(input, 'uri %s')).ok) {
      s.uri = stringAt(m, 0).text; s.uriDefaulted = false; uriAt = stringAt(m, 0).startPos;
    } else if ((m = unformat(input, 'fifo-size %U', unformatMemorySize)).ok) {
      s.fifoSize = sizeValue(inv, 'fifo-size', bigintAt(m, 0), 1, U32_MAX, at);
    } else if (!vp && (m = unformat(input, 'rcv-buf-size %d')).ok) {
      s.rcvBufSize = inv.range('rcv-buf-size', numberAt(m, 0), 1, I32_MAX, at);
    } else if ((m = unformat(input, 'prealloc-fifos %d')).ok) {
      s.preallocFifos = inv.range('prealloc-fifos', numberAt(m, 0), 0, MAX_SESSIONS, at);
    } else if (!vp && (m = unformat(input, 'private-segment-count %d')).ok) {
      s.privateSegmentCount = inv.range('private-segment-count', numberAt(m, 0), 0, 1024, at);
    } else if ((m = unformat(input, 'private-segment-size %U', unformatMemorySize)).ok) {
      s.privateSegmentSize = sizeValue(inv, 'private-segment-size', bigintAt(m, 0), 1, Number.MAX_SAFE_INTEGER, at);
    } else if ((m = unformat(input, 'appns %_%v%_')).ok) {
      s.appnsId = stringAt(m, 0).text;
    } else if (unformat(input, 'all-scope').ok) {
      scope.local = scope.global = true;
    } else if (unformat(input, 'local-scope').ok) {
      scope.local = true;
    } else if (unformat(input, 'global-scope').ok) {
      scope.global = true;
    } else if ((m = unformat(input, 'secret %lu')).ok) {
      s.appnsSecret = secretValue(inv, bigintAt(m, 0), at);
    } else if (unformat(input, 'stop').ok) {
      s.stop = true;
    } else if ((m = unformat(input, 'tls-engine %d')).ok) {
      s.tlsEngine = inv.range('tls-engine', numberAt(m, 0), 0, CRYPTO_ENGINE_LAST, at);
    } else if (vp && (m = unformat(input, 'report-interval %u')).ok) {
      s.reportInterval = inv.range('report-interval', numberAt(m, 0), 0, MAX_SECONDS, at);
    } else if (vp && unformat(input, 'report-interval').ok) {
      s.reportInterval = 1;
    } else if (vp && unformat(input, 'connect-tcp').ok) {
      s.httpConnectProto = 'tcp';
    } else if (vp && unformat(input, 'connect-udp').ok) {
      s.httpConnectProto = 'udp';
    } else {
      throw inv.unknownInput(input, formatUnformatError(input), 'failed: ');
    }
  }
  s.scope = Object.freeze(scope);
  // VPP parses the uri only when starting a server; `stop` ignores it.
  const endpoint = s.stop ? endpointOrDefault(s.uri, ECHO_SERVER_DEFAULT_URI) : endpointOf(inv, s.uri, uriAt);
  return { ...s, endpoint };
}

function endpointOrDefault (uri: string, fallback: string): SessionEndpoint {
  const ep = parseSessionUri(uri);
  if (!('kind' in ep)) return ep;
  const d = parseSessionUri(fallback);
  if ('kind' in d) throw new Error(`bad default uri ${fallback}`);
  return d;
}

/**
 * `test echo clients …` / `vperf client …`: arguments from one line (unformat_line_input).
 * Errors: `failed: unknown input `…'`, `failed: invalid arguments for a timed run!`,
 * `failed: can't set fixed tx chunk for a throughput run!`, HEAD's `client-batch must be
 * greater than 0`, `Uri parse error: -19`.
 */
export function parseEchoClient (flavor: EchoFlavor, input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const d = ECHO_CLIENT_DEFAULTS[flavor];
  const c: { -readonly [K in keyof Omit<ClientBody, 'endpoint'>]: ClientBody[K] } = { ...d, uri: ECHO_CLIENT_DEFAULT_URI, uriDefaulted: true };
  const vp = flavor === 'vperf';
  let uriAt = inv.offset;
  const scope: { local: boolean, global: boolean } = { local: false, global: false };
  let timedRunConflict = 0;
  let tputConflict = false;
  let useDefaultMode = true;
  let chunkAt = inv.offset;
  const line = unformatLineInput(input);
  if (line !== null) {
    let m;
    while (!line.atEnd()) {
      const at = line.errorPos();
      if ((m = unformat(line, 'uri %s')).ok) {
        c.uri = stringAt(m, 0).text; c.uriDefaulted = false; uriAt = stringAt(m, 0).startPos;
      } else if ((m = unformat(line, 'nclients %d')).ok) {
        c.nClients = inv.range('nclients', numberAt(m, 0), 1, MAX_SESSIONS, at);
      } else if ((m = unformat(line, vp ? 'nstreams %d' : 'quic-streams %d')).ok) {
        c.nStreams = inv.range(vp ? 'nstreams' : 'quic-streams', numberAt(m, 0), 1, MAX_SESSIONS, at);
      } else if ((m = unformat(line, 'bytes %U', unformatMemorySize)).ok) {
        c.bytesToSend = sizeValue(inv, 'bytes', bigintAt(m, 0), 0, Number.MAX_SAFE_INTEGER, at);
        timedRunConflict++;
        useDefaultMode = false;
      } else if ((m = unformat(line, 'test-timeout %U', unformatFloat)).ok) {
        c.testTimeoutSec = seconds(inv, 'test-timeout', numberAt(m, 0), at);
        timedRunConflict++;
      } else if ((m = unformat(line, 'syn-timeout %U', unformatFloat)).ok) {
        c.synTimeoutSec = seconds(inv, 'syn-timeout', numberAt(m, 0), at);
      } else if ((m = unformat(line, 'run-time %U', unformatFloat)).ok) {
        c.runTimeSec = c.testTimeoutSec = seconds(inv, 'run-time', numberAt(m, 0), at);
        useDefaultMode = false;
      } else if (unformat(line, 'echo-bytes').ok) {
        c.echoBytes = true;
        useDefaultMode = false;
      } else if ((m = unformat(line, 'fifo-size %U', unformatMemorySize)).ok) {
        c.fifoSize = sizeValue(inv, 'fifo-size', bigintAt(m, 0), 1, U32_MAX, at);
      } else if (!vp && (m = unformat(line, 'private-segment-count %d')).ok) {
        c.privateSegmentCount = inv.range('private-segment-count', numberAt(m, 0), 0, 1024, at);
      } else if ((m = unformat(line, 'private-segment-size %U', unformatMemorySize)).ok) {
        c.privateSegmentSize = sizeValue(inv, 'private-segment-size', bigintAt(m, 0), 1, Number.MAX_SAFE_INTEGER, at);
      } else if ((m = unformat(line, 'throughput %U', unformatBase10)).ok) {
        c.throughputBitsPerSec = sizeValue(inv, 'throughput', bigintAt(m, 0), 0, Number.MAX_SAFE_INTEGER, at);
      } else if ((m = unformat(line, 'max-tx-chunk %U', unformatMemorySize)).ok) {
        c.maxTxChunk = sizeValue(inv, 'max-tx-chunk', bigintAt(m, 0), 1, U32_MAX, at);
        tputConflict = true;
        chunkAt = at;
      } else if (unformat(line, 'preallocate-fifos').ok) {
        c.preallocFifos = true;
      } else if (unformat(line, 'preallocate-sessions').ok) {
        c.preallocSessions = true;
      } else if (!vp && (m = unformat(line, 'client-batch %d')).ok) {
        c.clientBatch = inv.range('client-batch', numberAt(m, 0), 1, MAX_SESSIONS, at);
      } else if (vp && (m = unformat(line, 'client-batch %u')).ok) {
        if (numberAt(m, 0) === 0) throw inv.fail('client-batch must be greater than 0', at);
        inv.range('client-batch', numberAt(m, 0), 1, MAX_SESSIONS, at);
        // HEAD checks the value and drops it (a local variable): the batch stays at its default.
      } else if (unformat(line, 'report-jitter').ok) {
        c.reportJitter = true;
      } else if ((m = unformat(line, 'report-interval-total %u')).ok) {
        c.reportInterval = inv.range('report-interval-total', numberAt(m, 0), 0, MAX_SECONDS, at);
        c.reportIntervalTotal = true;
      } else if ((m = unformat(line, 'report-interval %u')).ok) {
        c.reportInterval = inv.range('report-interval', numberAt(m, 0), 0, MAX_SECONDS, at);
      } else if (unformat(line, 'report-interval').ok) {
        c.reportInterval = 1;
      } else if ((m = unformat(line, 'appns %_%v%_')).ok) {
        c.appnsId = stringAt(m, 0).text;
      } else if (unformat(line, 'all-scope').ok) {
        scope.local = scope.global = true;
      } else if (unformat(line, 'local-scope').ok) {
        if (!vp) scope.global = false; // v26.02 assigns the flag; HEAD ORs it
        scope.local = true;
      } else if (unformat(line, 'global-scope').ok) {
        if (!vp) scope.local = false;
        scope.global = true;
      } else if ((m = unformat(line, 'secret %lu')).ok) {
        c.appnsSecret = secretValue(inv, bigintAt(m, 0), at);
      } else if (unformat(line, 'verbose').ok) {
        c.verbose = true;
      } else if (unformat(line, 'test-bytes').ok) {
        c.testBytes = true;
      } else if ((m = unformat(line, 'tls-engine %d')).ok) {
        c.tlsEngine = inv.range('tls-engine', numberAt(m, 0), 0, CRYPTO_ENGINE_LAST, at);
      } else if (vp && unformat(line, 'http1').ok) {
        c.httpVersion = 1;
      } else if (vp && unformat(line, 'http2').ok) {
        c.httpVersion = 2;
      } else if (vp && unformat(line, 'http3').ok) {
        c.httpVersion = 3;
      } else if (vp && unformat(line, 'connect-tcp').ok) {
        c.httpConnectProto = 'tcp';
      } else if (vp && unformat(line, 'connect-udp').ok) {
        c.httpConnectProto = 'udp';
      } else if (vp && unformat(line, 'uso').ok) {
        c.uso = true;
      } else {
        throw inv.unknownInput(line, formatUnformatError(line), 'failed: ');
      }
    }
    if (vp && c.maxTxChunk > ECHO_CLIENT_TEST_DATA_SIZE) {
      inv.ctx.warn(`Provided max-tx-chunk ${formatMemorySize(c.maxTxChunk)} too big, using default ${formatMemorySize(ECHO_CLIENT_TEST_DATA_SIZE)}`, chunkAt);
      c.maxTxChunk = ECHO_CLIENT_TEST_DATA_SIZE;
    }
    if (vp && useDefaultMode) {
      c.testTimeoutSec = c.runTimeSec = 10;
      c.reportInterval = 1;
      c.defaultMode = true;
    } else {
      if (timedRunConflict > 0 && c.runTimeSec !== 0) throw inv.fail('failed: invalid arguments for a timed run!', inv.offset);
      if (c.throughputBitsPerSec !== 0 && tputConflict) throw inv.fail("failed: can't set fixed tx chunk for a throughput run!", inv.offset);
      if (vp && c.runTimeSec !== 0 && c.reportInterval === 0) c.reportInterval = 1;
    }
  }
  c.scope = Object.freeze(scope satisfies AttachScope);
  return { ...c, endpoint: endpointOf(inv, c.uri, uriAt) };
}

/** A `%f` seconds value: vppsim wants it positive and at most a day. */
function seconds (inv: CliInvocation, field: string, v: number, at: number): number {
  if (!(v > 0 && v <= MAX_SECONDS)) throw inv.fail(`${field} must be a number of seconds above 0 and at most ${MAX_SECONDS} (got ${v})`, at, ERR_CONFIG_VALUE);
  return v;
}

