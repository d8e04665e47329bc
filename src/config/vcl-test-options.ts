// src/config/vcl-test-options.ts: the command-line options of VPP's VCL test apps, read as the
// apps read them, with their defaults and their messages. vppsim runs these apps (src/app) when a
// script or scenario starts them. Models: v26.02 src/plugins/hs_apps/vcl/vcl_test_client.c
// (main, vtc_process_opts), vcl_test_server.c (main, vcl_test_server_process_opts),
// hs_test.h hs_test_cfg_init, vcl_test.h, src/vcl/vppcom.c vppcom_unformat_proto. HEAD's
// vperf_client / vperf_server (src/plugins/vperf/vcl) take the same options.

import { isIPv4, isIPv6 } from 'node:net';
import { ERR_CONFIG_VPPSIM_LIMIT } from './startup-conf-context.js';
import { type ArgWord, atoi, getopt, scanInteger } from './cli-getopt.js';

/** VPPCOM_PROTO_* as `-p` spells them (vppcom_unformat_proto takes lower or upper case). */
export const VPPCOM_PROTOS = ['tcp', 'udp', 'tls', 'quic', 'dtls', 'srtp', 'http'] as const;

/** A VCL transport. */
export type VppcomProto = typeof VPPCOM_PROTOS[number];

/** The external tools vppsim can start. */
export const VCL_TEST_TOOLS = ['vcl_test_server', 'vcl_test_client'] as const;

/** An external tool name. */
export type VclTestTool = typeof VCL_TEST_TOOLS[number];

/** `VCL_TEST_SERVER_PORT`: the server's port and the client's default (vcl_test.h). */
export const VCL_TEST_SERVER_PORT = 22000;
/** `VCL_TEST_CFG_BUF_SIZE_MIN`: smallest `-R` / `-T` (vcl_test.h). */
export const VCL_TEST_CFG_BUF_SIZE_MIN = 128;
/** `VCL_TEST_CFG_MAX_TEST_SESS`: most sessions for `-s` / `-q` (vcl_test.h). */
export const VCL_TEST_CFG_MAX_TEST_SESS = 1_000_000;
/** `HS_TEST_CFG_TXBUF_SIZE_DEF` (hs_test.h). */
export const HS_TEST_CFG_TXBUF_SIZE_DEF = 8192;
/** `HS_TEST_CFG_RXBUF_SIZE_DEF` = 64 × the tx buffer (hs_test.h). */
export const HS_TEST_CFG_RXBUF_SIZE_DEF = 64 * HS_TEST_CFG_TXBUF_SIZE_DEF;
/** `HS_TEST_CFG_NUM_WRITES_DEF` (hs_test.h). */
export const HS_TEST_CFG_NUM_WRITES_DEF = 1_000_000;
/** vppsim limit: app worker threads per external app (`-w`). */
export const VPPSIM_MAX_APP_WORKERS = 64;
/** vppsim limit: a VCL test buffer (`-R`, `-T`) in bytes. */
export const VPPSIM_MAX_VCL_BUF_SIZE = 1 << 30;

/** `vcl_test_server [-6] [-D|-L|-p proto] [-B addr] [-w n] [-s] [-S] [port]`. */
export interface VclTestServerOptions {
  /** Which tool. */
  readonly tool: 'vcl_test_server';
  /** The arguments as given (after quote removal). */
  readonly argv: readonly string[];
  /** `-p` / `-D` (udp) / `-L` (tls). Default tcp. */
  readonly proto: VppcomProto;
  /** `-6`. */
  readonly ip6: boolean;
  /** `-B addr`: the address to listen on; null = any (`0.0.0.0` / `::`). */
  readonly bindAddress: string | null;
  /** `-w n`: worker threads (VCL workers), only taken when above 1. Default 1. */
  readonly nWorkers: number;
  /** `-s`: select() instead of epoll. */
  readonly useSelect: boolean;
  /** `-S`: incremental stats. */
  readonly incrementalStats: boolean;
  /** The listen port (control session; data on port + 1). Default 22000. */
  readonly port: number;
}

/** `-t` values (vtc_unformat_test_param). */
export type VclTestParam = 'server-rst-stream' | 'client-rst-stream' | 'server-close-conn' | 'client-close-conn';

/**
 * `vcl_test_client [-6] [-c] [-D|-L|-p proto] [-E text|-U|-B] [-N n] [-R n] [-T n] [-b n]
 * [-s n|-I n] [-q n] [-w n] [-X] [-S] [-V] [-t param] <ip> [<port>]`.
 */
export interface VclTestClientOptions {
  /** Which tool. */
  readonly tool: 'vcl_test_client';
  /** The arguments as given (after quote removal). */
  readonly argv: readonly string[];
  /** `-p` / `-D` / `-L`. Default tcp. */
  readonly proto: VppcomProto;
  /** The test: `-U` uni (the default, hs_test_cfg_init), `-B` bi, `-E text` echo. Last one wins. */
  readonly test: 'uni' | 'bi' | 'echo';
  /** `-E`: the text the echo test sends; null when not given. */
  readonly echoText: string | null;
  /** `-N`: writes per session. Default 1 000 000. */
  readonly numWrites: number;
  /** `-T`: tx buffer bytes (each write). Default 8192. */
  readonly txbufSize: number;
  /** `-R`: rx buffer bytes. Default 524288. */
  readonly rxbufSize: number;
  /** Bytes per session: `-b`, or `-N` × `-T` as VCL recomputes it. Default 8 192 000 000. */
  readonly totalBytes: number;
  /** `-s` / `-I`: data sessions. Default 1. */
  readonly numTestSessions: number;
  /** `-q`: QUIC streams per connection. Default 1. */
  readonly numTestSessionsPerQ: number;
  /** QUIC connections: ceil(sessions / per-q) with `-p quic`, else 0 (vtc_process_opts). */
  readonly numTestQSessions: number;
  /** `-w`: worker threads, only taken when above 1. Default 1. */
  readonly nWorkers: number;
  /** After the test: `exit-client` (default: only the client exits) or `exit` (`-X`: the server too). */
  readonly postTest: 'exit-client' | 'exit';
  /** `-V`. */
  readonly verbose: boolean;
  /** `-6`. */
  readonly ip6: boolean;
  /** `-c`: print the test config before the test. */
  readonly dumpCfg: boolean;
  /** `-S`: per-session incremental stats. */
  readonly incrementalStats: boolean;
  /** `-t` (QUIC); null when not given. */
  readonly testParam: VclTestParam | null;
  /** The server address (first operand). */
  readonly serverAddress: string;
  /** The server port (second operand; default 22000). */
  readonly serverPort: number;
}

/** Where a tool's options came from, to report errors and warnings at the right place. */
export interface VclOptionSink {
  /** Builds the error to throw for a problem at an offset (ConfigError with file:line:col). */
  readonly error: (message: string, offset: number, code?: string) => Error;
  /** Records a warning (VCL prints it and goes on). */
  readonly warn: (message: string, offset: number) => void;
}

const protoOf = (s: string): VppcomProto | null => {
  for (const p of VPPCOM_PROTOS) if (s === p || s === p.toUpperCase()) return p;
  return null;
};

/**
 * Reads a VCL test tool's arguments (`args`, without the tool name; `toolOffset` is where errors
 * about the whole command line point) as the tool does. Where the
 * tool prints an error and exits (usage), vppsim throws `${tool}: <the tool's message>`; where it
 * prints a warning and goes on, vppsim records it. Where the tool would silently run with a
 * nonsensical value (negative or huge numbers, an address inet_pton refuses, a port beyond 16
 * bits), vppsim refuses it naming the option.
 */
export function parseVclTestArgs (tool: VclTestTool, args: readonly ArgWord[], sink: VclOptionSink, toolOffset: number): VclTestServerOptions | VclTestClientOptions {
  return tool === 'vcl_test_server' ? parseServer(args, sink) : parseClient(args, sink, toolOffset);
}

function parseServer (args: readonly ArgWord[], sink: VclOptionSink): VclTestServerOptions {
  const tool = 'vcl_test_server';
  const fail = (msg: string, at: number, code?: string): Error => sink.error(`${tool}: ${msg}`, at, code);
  const r = getopt(args, '6DLsw:hp:SB:');
  let proto: VppcomProto = 'tcp';
  let ip6 = false;
  let bindAddress: string | null = null;
  let nWorkers = 1;
  let useSelect = false;
  let incrementalStats = false;
  for (const o of r.options) {
    switch (o.opt) {
      case '6': ip6 = true; break;
      case 'p': {
        const p = protoOf(o.arg!);
        if (p === null) sink.warn(`${tool}: Invalid vppcom protocol ${o.arg!}, defaulting to TCP`, o.argOffset);
        else proto = p;
        break;
      }
      case 'B':
        if (ip6 ? !isIPv6(o.arg!) : !isIPv4(o.arg!)) {
          sink.warn(`${tool}: couldn't parse ipv${ip6 ? 6 : 4} addr ${o.arg!}`, o.argOffset);
          bindAddress = null;
        } else {
          bindAddress = o.arg!;
        }
        break;
      case 'D': proto = 'udp'; break;
      case 'L': proto = 'tls'; break;
      case 'w': {
        const v = atoi(o.arg!);
        if (v > VPPSIM_MAX_APP_WORKERS) throw fail(`option -w: at most ${VPPSIM_MAX_APP_WORKERS} workers in vppsim (got ${v})`, o.argOffset, ERR_CONFIG_VPPSIM_LIMIT);
        if (v > 1) nWorkers = v;
        else sink.warn(`${tool}: Invalid number of workers ${v}`, o.argOffset);
        break;
      }
      case 's': useSelect = true; break;
      case 'S': incrementalStats = true; break;
      default: throw fail('-h prints the usage and exits', o.offset);
    }
  }
  if (r.failure !== null) {
    const f = r.failure;
    throw fail(f.kind === 'missing-argument' ? `Option \`-${f.opt}' requires an argument.` : `Unknown option \`-${f.opt}'.`, f.offset);
  }
  if (r.operands.length > 1) throw fail('Incorrect number of arguments!', r.operands[1]!.offset);
  let port = VCL_TEST_SERVER_PORT;
  const portWord = r.operands[0];
  if (portWord !== undefined) {
    const v = scanInteger(portWord.text);
    if (v === null) throw fail(`Invalid port (${portWord.text})!`, portWord.offset);
    if (v < 0n || v > 0xffffn) throw fail(`port ${v} is out of range (0 to 65535)`, portWord.offset);
    port = Number(v);
  }
  return {
    tool, argv: args.map((a) => a.text), proto, ip6, bindAddress, nWorkers, useSelect, incrementalStats, port,
  };
}

function parseClient (args: readonly ArgWord[], sink: VclOptionSink, toolOffset: number): VclTestClientOptions {
  const tool = 'vcl_test_client';
  const fail = (msg: string, at: number, code?: string): Error => sink.error(`${tool}: ${msg}`, at, code);
  const r = getopt(args, 'chnp:w:xXE:I:N:R:T:b:UBV6DLs:q:St:');
  let proto: VppcomProto = 'tcp';
  let test: VclTestClientOptions['test'] = 'uni';
  let echoText: string | null = null;
  let numWrites = BigInt(HS_TEST_CFG_NUM_WRITES_DEF);
  let txbufSize = BigInt(HS_TEST_CFG_TXBUF_SIZE_DEF);
  let rxbufSize = BigInt(HS_TEST_CFG_RXBUF_SIZE_DEF);
  let totalBytes = numWrites * txbufSize;
  let numTestSessions = 1;
  let numTestSessionsPerQ = 1;
  let nWorkers = 1;
  let postTest: VclTestClientOptions['postTest'] = 'exit-client';
  let verbose = false;
  let ip6 = false;
  let dumpCfg = false;
  let incrementalStats = false;
  let testParam: VclTestParam | null = null;

  const invalid = (c: string, at: number): Error => fail(`Invalid value for option -${c}!`, at);
  /** sscanf "0x%lx" then "%ld" into a u64, refusing what would wrap. */
  const u64Arg = (c: string, s: string, at: number, hexDigits = true): bigint => {
    const v = scanInteger(s, { hexPrefix: true, hexDigits });
    if (v === null) throw invalid(c, at);
    if (v < 0n) throw fail(`option -${c}: ${v} is negative`, at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`option -${c}: ${v} is beyond what vppsim handles (${Number.MAX_SAFE_INTEGER})`, at, ERR_CONFIG_VPPSIM_LIMIT);
    return v;
  };
  /** sscanf "0x%x" then "%u" into a u32 (a negative value wraps, as in C). */
  const u32Arg = (c: string, s: string, at: number): number => {
    const v = scanInteger(s, { hexPrefix: true });
    if (v === null) throw invalid(c, at);
    return Number(BigInt.asIntN(32, v));
  };
  const bufArg = (c: 'R' | 'T', s: string, at: number): bigint => {
    const v = u64Arg(c, s, at);
    if (v < BigInt(VCL_TEST_CFG_BUF_SIZE_MIN)) {
      throw fail(`${c === 'R' ? 'rxbuf' : 'txbuf'} size (${v}) less than minumum (${VCL_TEST_CFG_BUF_SIZE_MIN})${c === 'T' ? '!' : ''}`, at);
    }
    if (v > BigInt(VPPSIM_MAX_VCL_BUF_SIZE)) throw fail(`option -${c}: at most ${VPPSIM_MAX_VCL_BUF_SIZE} bytes in vppsim (got ${v})`, at, ERR_CONFIG_VPPSIM_LIMIT);
    return v;
  };

  for (const o of r.options) {
    const arg = o.arg ?? '';
    switch (o.opt) {
      case 'c': dumpCfg = true; break;
      case 'I':
      case 's': {
        const v = u32Arg(o.opt, arg, o.argOffset);
        if (v === 0 || (v >>> 0) > VCL_TEST_CFG_MAX_TEST_SESS) {
          throw fail(`Invalid number of sessions (${v}) specified for option -${o.opt}! Valid range is 1 - ${VCL_TEST_CFG_MAX_TEST_SESS}`, o.argOffset);
        }
        numTestSessions = v;
        break;
      }
      case 'q': {
        const v = u32Arg(o.opt, arg, o.argOffset);
        if (v === 0 || (v >>> 0) > VCL_TEST_CFG_MAX_TEST_SESS) {
          throw fail(`Invalid number of Stream sessions (${v}) per Qsessionfor option -q! Valid range is 1 - ${VCL_TEST_CFG_MAX_TEST_SESS}`, o.argOffset);
        }
        numTestSessionsPerQ = v;
        break;
      }
      case 'w': {
        const v = scanInteger(arg);
        if (v === null) throw invalid('w', o.argOffset);
        if (v < 0n) throw fail(`option -w: ${v} is negative`, o.argOffset);
        if (v > BigInt(VPPSIM_MAX_APP_WORKERS)) throw fail(`option -w: at most ${VPPSIM_MAX_APP_WORKERS} workers in vppsim (got ${v})`, o.argOffset, ERR_CONFIG_VPPSIM_LIMIT);
        if (v > 1n) nWorkers = Number(v);
        break;
      }
      case 'X': postTest = 'exit'; break;
      case 'x': throw fail('-x (an interactive session after the test) is not simulated', o.offset, 'ERR_CONFIG_NOT_SIMULATED');
      case 'E':
        if (BigInt(arg.length) > txbufSize) throw fail(`Option -E value larger than txbuf size (${txbufSize})!`, o.argOffset);
        echoText = arg;
        test = 'echo';
        break;
      case 'N':
        numWrites = u64Arg('N', arg, o.argOffset);
        totalBytes = numWrites * txbufSize;
        break;
      case 'R': rxbufSize = bufArg('R', arg, o.argOffset); break;
      case 'T':
        txbufSize = bufArg('T', arg, o.argOffset);
        totalBytes = numWrites * txbufSize;
        break;
      case 'b':
        totalBytes = u64Arg('b', arg, o.argOffset, /* hexDigits */ false);
        if (totalBytes % txbufSize !== 0n) throw fail(`total bytes must be mutliple of txbuf size(0x${txbufSize})!`, o.argOffset);
        numWrites = totalBytes / txbufSize;
        break;
      case 'U': test = 'uni'; break;
      case 'B': test = 'bi'; break;
      case 'V': verbose = true; break;
      case '6': ip6 = true; break;
      case 'p': {
        const p = protoOf(arg);
        if (p === null) sink.warn(`${tool}: Invalid vppcom protocol ${arg}, defaulting to TCP`, o.argOffset);
        else proto = p;
        break;
      }
      case 'D': proto = 'udp'; break;
      case 'L': proto = 'tls'; break;
      case 'S': incrementalStats = true; break;
      case 't':
        if (arg !== 'server-rst-stream' && arg !== 'client-rst-stream' && arg !== 'server-close-conn' && arg !== 'client-close-conn') {
          throw invalid('t', o.argOffset);
        }
        testParam = arg;
        break;
      default: // 'h', and 'n', which the option string lists but the tool does not handle
        throw fail(`-${o.opt} prints the usage and exits`, o.offset);
    }
  }
  if (r.failure !== null) {
    const f = r.failure;
    throw fail(f.kind === 'missing-argument' ? `Option -${f.opt} requires an argument.` : `Unknown option \`-${f.opt}'.`, f.offset);
  }
  if (r.operands.length < 1) throw fail('Invalid number of arguments!', toolOffset);
  if (totalBytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw fail(`-N × -T is ${totalBytes} bytes, beyond what vppsim handles (${Number.MAX_SAFE_INTEGER})`, toolOffset, ERR_CONFIG_VPPSIM_LIMIT);
  }
  const addr = r.operands[0]!;
  if (ip6 ? !isIPv6(addr.text) : !isIPv4(addr.text)) {
    throw fail(`'${addr.text}' is not an IPv${ip6 ? 6 : 4} address (inet_pton refuses it${ip6 ? '' : '; -6 for IPv6'})`, addr.offset);
  }
  let serverPort = VCL_TEST_SERVER_PORT;
  if (r.operands.length === 2) {
    const p = r.operands[1]!;
    const v = scanInteger(p.text);
    if (v === null || v < 0n || v > 0xffffn) throw fail(`'${p.text}' is not a port (0 to 65535)`, p.offset);
    serverPort = Number(v);
  } else if (r.operands.length > 2) {
    sink.warn(`${tool}: more than two arguments: VCL ignores the port and uses ${VCL_TEST_SERVER_PORT}`, r.operands[2]!.offset);
  }
  const numTestQSessions = proto !== 'quic' ? 0 : Math.ceil(numTestSessions / numTestSessionsPerQ);
  return {
    tool,
    argv: args.map((a) => a.text),
    proto, test, echoText,
    numWrites: Number(numWrites), txbufSize: Number(txbufSize), rxbufSize: Number(rxbufSize), totalBytes: Number(totalBytes),
    numTestSessions, numTestSessionsPerQ, numTestQSessions, nWorkers, postTest, verbose, ip6, dumpCfg, incrementalStats, testParam,
    serverAddress: addr.text, serverPort,
  };
}
