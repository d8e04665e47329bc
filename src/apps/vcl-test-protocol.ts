// src/apps/vcl-test-protocol.ts: the hs_test protocol the VCL test apps speak on their control
// session: the packed `hs_test_cfg_t` (84 bytes, little-endian as on x86) that the client sends
// and the server echoes back, its commands and test types, and `hs_test_cfg_dump`, which both
// tools print. The data sessions connect to the control port + 1 (`hs_make_data_port`).
// Models: v26.02 src/plugins/hs_apps/hs_test.h (HS_TEST_CFG_*, hs_test_cmd_t, hs_test_t,
// hs_test_param_t, hs_test_cfg_t, hs_test_cfg_init, hs_test_cfg_verify, hs_test_cfg_dump,
// hs_make_data_port) and vcl/vcl_test.h (VCL_TEST_*). HEAD's src/plugins/vperf/vperf_test.h has
// the same layout under VPERF_* names (num_writes there is a union with num_reads).

import { cPointer } from './vcl-test-printf.js';
import { type HsTestCfg, HsTestType, hsTestCmdStr, hsTestParamStr, hsTestTypeStr } from './hs-test-cfg.js';

export * from './hs-test-cfg.js';

/** `HS_TEST_SEPARATOR_STRING` without its newline. */
export const HS_TEST_SEPARATOR = '  -----------------------------';

/** `VCL_TEST_CFG_MAX_SELECT_SESS`: above this many sessions the client uses epoll, not select. */
export const VCL_TEST_CFG_MAX_SELECT_SESS = 512;
/** `VCL_TEST_CFG_INIT_TEST_SESS`: the server's first connection pool size is this + 1. */
export const VCL_TEST_CFG_INIT_TEST_SESS = 512;
/** `VCL_TEST_DELAY_DISCONNECT`: seconds the client waits before closing its data sessions. */
export const VCL_TEST_DELAY_DISCONNECT = 1;

const hex8 = (v: number): string => v.toString(16).padStart(8, '0');
const u32 = (v: number): number => v >>> 0;
const i32 = (v: number): number => v | 0;

/**
 * `hs_test_cfg_dump`: the block both tools print, one string per line. `addr` is the struct's
 * address for the `%p` (vppsim prints a synthetic one, see {@link cPointer}). The client marks
 * the fields its interactive tokens set (`'#U'`, `'#I:'`, …).
 */
export function formatHsTestCfg (cfg: HsTestCfg, isClient: boolean, addr: number): string[] {
  const spc = '     ';
  const tok = (t: string): string => (isClient ? `'${t}'` : spc).padEnd(5);
  const testTok = isClient && cfg.test === HsTestType.Uni ? "'#U'" : isClient && cfg.test === HsTestType.Bi ? "'#B'" : spc;
  return [
    `  test config (${cPointer(addr)}):`,
    HS_TEST_SEPARATOR,
    `               command: ${hsTestCmdStr(cfg.cmd)}`,
    `                 magic:  0x${hex8(u32(cfg.magic))}`,
    `               seq_num:  0x${hex8(u32(cfg.seqNum))}`,
    `            test bytes:  ${cfg.testBytes !== 0 ? 'yes' : 'no'}`,
    `${testTok.padEnd(5)}             test:  ${hsTestTypeStr(cfg.test)} (${i32(cfg.test)})`,
    `  additional parameter:  ${hsTestParamStr(cfg.testParam)} (${i32(cfg.testParam)})`,
    `           ctrl handle:  ${i32(cfg.ctrlHandle)} (0x${u32(cfg.ctrlHandle).toString(16)})`,
    `${tok('#I:')} num test sockets:  ${u32(cfg.numTestSessions)} (0x${hex8(u32(cfg.numTestSessions))})`,
    `${tok('#V')}          verbose:  ${cfg.verbose !== 0 ? 'on' : 'off'} (${i32(cfg.verbose)})`,
    `${tok('#R:')}       rxbuf size:  ${cfg.rxbufSize} (0x${hex8(cfg.rxbufSize)})`,
    `${tok('#T:')}       txbuf size:  ${cfg.txbufSize} (0x${hex8(cfg.txbufSize)})`,
    `${tok('#N:')}       num writes:  ${cfg.numWrites} (0x${hex8(cfg.numWrites)})`,
    `       client tx bytes:  ${cfg.totalBytes} (0x${hex8(cfg.totalBytes)})`,
    HS_TEST_SEPARATOR,
  ];
}
