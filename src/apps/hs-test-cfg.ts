// src/apps/hs-test-cfg.ts: the test configuration VPP's test apps exchange on their control
// session: the packed `hs_test_cfg_t` (84 bytes, little-endian as on x86), its commands, test
// types and params, its defaults and check, and the data port rule. The VCL test tools
// (vcl_test_server/client) and the builtin echo apps (test echo server/clients, vperf) speak it.
// Models: v26.02 src/plugins/hs_apps/hs_test.h (HS_TEST_CFG_*, hs_test_cmd_t, hs_test_t,
// hs_test_param_t, hs_test_cfg_t, hs_test_cfg_init, hs_test_cfg_verify, hs_make_data_port); HEAD
// src/plugins/vperf/vperf_test.h has the same layout under VPERF_* names (num_writes there is a
// union with num_reads).

import { HS_TEST_CFG_NUM_WRITES_DEF, HS_TEST_CFG_RXBUF_SIZE_DEF, HS_TEST_CFG_TXBUF_SIZE_DEF } from '../config/vcl-test-options.js';

/** `HS_TEST_CFG_CTRL_MAGIC`: the first word of every config message. */
export const HS_TEST_CFG_CTRL_MAGIC = 0xfeedface;

/** `hs_test_cmd_t` names, by value (`hs_test_cmd_to_str`). */
export const foreachHsTestCmd = ['SYNC', 'START', 'STOP'] as const;
/** `HS_TEST_CMD_*`. */
export const HsTestCmd = { Sync: 0, Start: 1, Stop: 2 } as const;
/** A command value. */
export type HsTestCmd = (typeof HsTestCmd)[keyof typeof HsTestCmd];
/** `hs_test_cmd_to_str`: the name, or '' for an unknown value. */
export const hsTestCmdStr = (cmd: number): string => foreachHsTestCmd[cmd] ?? '';

/** `hs_test_t` names, by value (`hs_test_type_str`). */
export const foreachHsTestType = ['NONE', 'ECHO', 'UNI', 'BI', 'EXIT', 'EXIT-CLIENT'] as const;
/** `HS_TEST_TYPE_*`. */
export const HsTestType = { None: 0, Echo: 1, Uni: 2, Bi: 3, Exit: 4, ExitClient: 5 } as const;
/** A test type value. */
export type HsTestType = (typeof HsTestType)[keyof typeof HsTestType];
/** `hs_test_type_str`: the name, or 'Unknown'. */
export const hsTestTypeStr = (t: number): string => foreachHsTestType[t] ?? 'Unknown';

/** `HS_TEST_PARAM_*` (QUIC only; TCP sends the value and ignores it). */
export const HsTestParam = { None: 0, ServerRstStream: 1, ClientRstStream: 2, ServerCloseConn: 3, ClientCloseConn: 4 } as const;
/**
 * `hs_test_param_str`. As in VPP, the two close-conn params print as 'Unknown': the switch
 * never learnt them.
 */
export const hsTestParamStr = (p: number): string => (['NONE', 'SERVER-RST-STREAM', 'CLIENT-RST-STREAM'] as const)[p] ?? 'Unknown';

/** `-t` spellings to their `HS_TEST_PARAM_*` value (vtc_unformat_test_param). */
export const hsTestParamOf = (s: string | null): number => {
  switch (s) {
    case 'server-rst-stream': return HsTestParam.ServerRstStream;
    case 'client-rst-stream': return HsTestParam.ClientRstStream;
    case 'server-close-conn': return HsTestParam.ServerCloseConn;
    case 'client-close-conn': return HsTestParam.ClientCloseConn;
    default: return HsTestParam.None;
  }
};

/**
 * The fields of the packed `hs_test_cfg_t`, in wire order: name, byte offset, width in bytes.
 * One table gives the offsets, the size and the codec, so they cannot drift.
 *
 * ```
 *  0 magic            4 seq_num          8 test            12 test_param
 * 16 cmd             20 ctrl_handle     24 num_test_sessions 28 num_test_sessions_perq
 * 32 num_test_qsessions 36 verbose      40 address_ip6     44 transport_udp
 * 48 rxbuf_size (u64) 56 txbuf_size (u64) 64 num_writes (u64) 72 total_bytes (u64)
 * 80 test_bytes      84 end (no padding: __attribute__ ((packed)))
 * ```
 */
export const HS_TEST_CFG_FIELDS = [
  ['magic', 0, 4], ['seqNum', 4, 4], ['test', 8, 4], ['testParam', 12, 4], ['cmd', 16, 4], ['ctrlHandle', 20, 4],
  ['numTestSessions', 24, 4], ['numTestSessionsPerq', 28, 4], ['numTestQsessions', 32, 4], ['verbose', 36, 4],
  ['addressIp6', 40, 4], ['transportUdp', 44, 4],
  ['rxbufSize', 48, 8], ['txbufSize', 56, 8], ['numWrites', 64, 8], ['totalBytes', 72, 8],
  ['testBytes', 80, 4],
] as const;

/** A field name of `hs_test_cfg_t`. */
export type HsTestCfgField = (typeof HS_TEST_CFG_FIELDS)[number][0];

/** `sizeof (hs_test_cfg_t)`: 84 bytes. */
export const HS_TEST_CFG_BYTES = 84;

const rd32 = (b: Uint8Array, o: number): number =>
  ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;
const wr32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v & 255; b[o + 1] = (v >>> 8) & 255; b[o + 2] = (v >>> 16) & 255; b[o + 3] = (v >>> 24) & 255;
};

/**
 * `hs_test_cfg_t` as numbers. u32 fields hold 0…2³²−1 (`ctrlHandle` ~0 is 4294967295); u64 fields
 * hold integers up to 2⁵³ (the option parser refuses more). {@link HsTestCfg.encode} and
 * {@link HsTestCfg.decode} move it to and from the wire without allocating.
 */
export class HsTestCfg {
  magic = HS_TEST_CFG_CTRL_MAGIC;
  seqNum = 0;
  test: number = HsTestType.Uni;
  testParam = 0;
  cmd: number = HsTestCmd.Sync;
  ctrlHandle = 0xffffffff;
  numTestSessions = 1;
  numTestSessionsPerq = 1;
  numTestQsessions = 0;
  verbose = 0;
  addressIp6 = 0;
  transportUdp = 0;
  rxbufSize = HS_TEST_CFG_RXBUF_SIZE_DEF;
  txbufSize = HS_TEST_CFG_TXBUF_SIZE_DEF;
  numWrites = HS_TEST_CFG_NUM_WRITES_DEF;
  totalBytes = HS_TEST_CFG_NUM_WRITES_DEF * HS_TEST_CFG_TXBUF_SIZE_DEF;
  testBytes = 0;

  /**
   * `hs_test_cfg_init`: VPP's defaults (uni test, 1 session, 512 KiB rx / 8 KiB tx buffers,
   * 1 000 000 writes). Fields it does not touch keep their value, as in C (callers start from a
   * zeroed struct).
   */
  init (): this {
    this.magic = HS_TEST_CFG_CTRL_MAGIC;
    this.test = HsTestType.Uni;
    this.ctrlHandle = 0xffffffff;
    this.numTestSessions = 1;
    this.numTestSessionsPerq = 1;
    this.verbose = 0;
    this.rxbufSize = HS_TEST_CFG_RXBUF_SIZE_DEF;
    this.numWrites = HS_TEST_CFG_NUM_WRITES_DEF;
    this.txbufSize = HS_TEST_CFG_TXBUF_SIZE_DEF;
    this.totalBytes = this.numWrites * this.txbufSize;
    this.testBytes = 0;
    return this;
  }

  /** `*this = *o` (struct assignment). */
  copyFrom (o: HsTestCfg): this {
    for (const [f] of HS_TEST_CFG_FIELDS) this[f] = o[f];
    return this;
  }

  /** Writes the 84 wire bytes at `dst[off…]` (little-endian). */
  encode (dst: Uint8Array, off = 0): void {
    for (const [f, o, w] of HS_TEST_CFG_FIELDS) {
      const v = this[f];
      if (w === 4) wr32(dst, off + o, v >>> 0);
      else {
        wr32(dst, off + o, v % 4294967296);
        wr32(dst, off + o + 4, Math.floor(v / 4294967296));
      }
    }
  }

  /**
   * Reads the 84 bytes at `src[off…]` as the C code does by casting its rx buffer: whatever the
   * buffer holds there, whether or not the last read filled it.
   */
  decode (src: Uint8Array, off = 0): this {
    for (const [f, o, w] of HS_TEST_CFG_FIELDS) {
      this[f] = w === 4 ? rd32(src, off + o) : rd32(src, off + o) + rd32(src, off + o + 4) * 4294967296;
    }
    return this;
  }
}

/** The first word of `buf` as the u32 the C code compares against the magic (`rx_cfg->magic`). */
export const hsTestCfgMagicOf = (buf: Uint8Array): number => rd32(buf, 0);

/**
 * `hs_test_cfg_verify`: what the client checks in the server's reply. txbuf_size is left out: the
 * server replies with its own (its rx and tx buffer are one).
 */
export function hsTestCfgVerify (cfg: HsTestCfg, valid: HsTestCfg): boolean {
  return cfg.magic === valid.magic && cfg.test === valid.test && cfg.verbose === valid.verbose &&
    cfg.rxbufSize === valid.rxbufSize && cfg.numWrites === valid.numWrites && cfg.totalBytes === valid.totalBytes;
}

/** `hs_make_data_port`: the data sessions' port, the control port + 1 (u16 arithmetic). */
export const hsMakeDataPort = (port: number): number => (port + 1) & 0xffff;
