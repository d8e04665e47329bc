// src/apps/echo-test-cfg.ts: the test configuration the builtin echo client and server exchange on
// their control session (one packed 84-byte struct per message, both directions), and the port
// rule that puts the data sessions next to the control one.
// Models: v26.02 src/plugins/hs_apps/hs_test.h (hs_test_cfg_t, hs_test_cfg_init,
// hs_test_cfg_verify, hs_make_data_port, HS_CTRL_HANDLE); HEAD src/plugins/vperf/vperf_test.h
// (vperf_cfg_t: the same layout, `num_writes` doubling as `num_reads`; vperf_cfg_init,
// vperf_cfg_verify, vperf_make_data_port, VPERF_CTRL_HANDLE).
//
//   offset  0 magic | 4 seq_num | 8 test | 12 test_param | 16 cmd | 20 ctrl_handle
//          24 num_test_sessions | 28 num_test_sessions_perq | 32 num_test_qsessions
//          36 verbose | 40 address_ip6 | 44 transport_udp | 48 rxbuf_size (u64)
//          56 txbuf_size (u64) | 64 num_writes/num_reads (u64) | 72 total_bytes (u64)
//          80 test_bytes | 84 end        (all little-endian, packed)

/** `HS_TEST_CFG_CTRL_MAGIC` / `VPERF_CFG_CTRL_MAGIC`. */
export const HS_TEST_CFG_CTRL_MAGIC = 0xfeedface;
/** `HS_TEST_CFG_TXBUF_SIZE_DEF`, bytes. */
export const HS_TEST_CFG_TXBUF_SIZE_DEF = 8192;
/** `HS_TEST_CFG_RXBUF_SIZE_DEF` (64 × the tx buffer), bytes. */
export const HS_TEST_CFG_RXBUF_SIZE_DEF = 64 * HS_TEST_CFG_TXBUF_SIZE_DEF;
/** `HS_TEST_CFG_NUM_WRITES_DEF`. */
export const HS_TEST_CFG_NUM_WRITES_DEF = 1_000_000;
/** Bytes of one packed config message (`sizeof (hs_test_cfg_t)`). */
export const HS_TEST_CFG_BYTES = 84;

/**
 * `HS_CTRL_HANDLE` (`~0`): the connect context of the control session and the opaque the client
 * gives it. VPP's u32 ~0 is −1 in vppsim's Int32 session opaque.
 */
export const HS_CTRL_HANDLE = -1;

/** `hs_test_cmd_t` / `vperf_cmd_t`. */
export const HsTestCmd = { Sync: 0, Start: 1, Stop: 2 } as const;
export type HsTestCmd = (typeof HsTestCmd)[keyof typeof HsTestCmd];

/** `hs_test_t` / `vperf_test_t`. */
export const HsTestType = { None: 0, Echo: 1, Uni: 2, Bi: 3, Exit: 4, ExitClient: 5 } as const;
export type HsTestType = (typeof HsTestType)[keyof typeof HsTestType];

/** `hs_make_data_port` / `vperf_make_data_port`: data sessions use the control port + 1 (u16). */
export const hsMakeDataPort = (port: number): number => (port + 1) & 0xffff;

const k2p32 = 2 ** 32;

/**
 * One test configuration (`hs_test_cfg_t`), as plain numbers: u32 fields as unsigned numbers,
 * u64 fields as numbers (exact up to 2^53). Encoding and decoding go through a caller's
 * DataView, so a message costs no allocation.
 */
export class HsTestCfg {
  magic = 0;
  seqNum = 0;
  test = 0;
  testParam = 0;
  cmd = 0;
  ctrlHandle = 0;
  numTestSessions = 0;
  numTestSessionsPerq = 0;
  numTestQsessions = 0;
  verbose = 0;
  addressIp6 = 0;
  transportUdp = 0;
  /** bytes */
  rxbufSize = 0;
  /** bytes */
  txbufSize = 0;
  /** `num_writes` (HEAD: also `num_reads`, the server's datagrams received in a final sync). */
  numWrites = 0;
  /** bytes (HEAD: the server's bytes received in a final sync). */
  totalBytes = 0;
  testBytes = 0;

  /** Defaults of a fresh config (`hs_test_cfg_init`); the fields it does not set are kept. */
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

  /** Copies every field of `o`. */
  copyFrom (o: HsTestCfg): this {
    this.magic = o.magic; this.seqNum = o.seqNum; this.test = o.test; this.testParam = o.testParam;
    this.cmd = o.cmd; this.ctrlHandle = o.ctrlHandle; this.numTestSessions = o.numTestSessions;
    this.numTestSessionsPerq = o.numTestSessionsPerq; this.numTestQsessions = o.numTestQsessions;
    this.verbose = o.verbose; this.addressIp6 = o.addressIp6; this.transportUdp = o.transportUdp;
    this.rxbufSize = o.rxbufSize; this.txbufSize = o.txbufSize; this.numWrites = o.numWrites;
    this.totalBytes = o.totalBytes; this.testBytes = o.testBytes;
    return this;
  }

  /** Writes the packed struct at `dv[at…at+84)`. */
  encode (dv: DataView, at: number): void {
    dv.setUint32(at, this.magic >>> 0, true);
    dv.setUint32(at + 4, this.seqNum >>> 0, true);
    dv.setUint32(at + 8, this.test >>> 0, true);
    dv.setUint32(at + 12, this.testParam >>> 0, true);
    dv.setUint32(at + 16, this.cmd >>> 0, true);
    dv.setUint32(at + 20, this.ctrlHandle >>> 0, true);
    dv.setUint32(at + 24, this.numTestSessions >>> 0, true);
    dv.setUint32(at + 28, this.numTestSessionsPerq >>> 0, true);
    dv.setUint32(at + 32, this.numTestQsessions >>> 0, true);
    dv.setUint32(at + 36, this.verbose >>> 0, true);
    dv.setUint32(at + 40, this.addressIp6 >>> 0, true);
    dv.setUint32(at + 44, this.transportUdp >>> 0, true);
    setU64(dv, at + 48, this.rxbufSize);
    setU64(dv, at + 56, this.txbufSize);
    setU64(dv, at + 64, this.numWrites);
    setU64(dv, at + 72, this.totalBytes);
    dv.setUint32(at + 80, this.testBytes >>> 0, true);
  }

  /** Reads the packed struct from `dv[at…at+84)`. */
  decode (dv: DataView, at: number): this {
    this.magic = dv.getUint32(at, true);
    this.seqNum = dv.getUint32(at + 4, true);
    this.test = dv.getUint32(at + 8, true);
    this.testParam = dv.getUint32(at + 12, true);
    this.cmd = dv.getUint32(at + 16, true);
    this.ctrlHandle = dv.getUint32(at + 20, true);
    this.numTestSessions = dv.getUint32(at + 24, true);
    this.numTestSessionsPerq = dv.getUint32(at + 28, true);
    this.numTestQsessions = dv.getUint32(at + 32, true);
    this.verbose = dv.getUint32(at + 36, true);
    this.addressIp6 = dv.getUint32(at + 40, true);
    this.transportUdp = dv.getUint32(at + 44, true);
    this.rxbufSize = getU64(dv, at + 48);
    this.txbufSize = getU64(dv, at + 56);
    this.numWrites = getU64(dv, at + 64);
    this.totalBytes = getU64(dv, at + 72);
    this.testBytes = dv.getUint32(at + 80, true);
    return this;
  }

  /**
   * `hs_test_cfg_verify`: what the client checks in the server's reply to its first SYNC (the
   * tx buffer size is left out: the server's rx and tx buffers are one).
   */
  verify (valid: HsTestCfg): boolean {
    return this.magic === valid.magic && this.test === valid.test && this.verbose === valid.verbose &&
      this.rxbufSize === valid.rxbufSize && this.numWrites === valid.numWrites && this.totalBytes === valid.totalBytes;
  }
}

function setU64 (dv: DataView, at: number, v: number): void {
  dv.setUint32(at, v % k2p32, true);
  dv.setUint32(at + 4, Math.floor(v / k2p32), true);
}

function getU64 (dv: DataView, at: number): number {
  return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * k2p32;
}

/** A preallocated message buffer for one realm's control messages (84 bytes and its view). */
export class HsTestCfgBuf {
  readonly u8 = new Uint8Array(HS_TEST_CFG_BYTES);
  readonly dv = new DataView(this.u8.buffer);
}
