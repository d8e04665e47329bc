// src/apps/echo-test-cfg.ts: what the builtin echo apps add to the hs_test configuration they
// exchange on their control session (hs-test-cfg.ts, shared with the VCL test tools): the control
// session's handle, and a preallocated message buffer.
// Models: v26.02 src/plugins/hs_apps/hs_test.h (HS_CTRL_HANDLE); HEAD
// src/plugins/vperf/vperf_test.h (VPERF_CTRL_HANDLE).

import { HS_TEST_CFG_BYTES } from './hs-test-cfg.js';

export { HS_TEST_CFG_BYTES, HsTestCfg, HsTestCmd, HsTestType, hsMakeDataPort, hsTestCfgVerify } from './hs-test-cfg.js';

/**
 * `HS_CTRL_HANDLE` (`~0`): the connect context of the control session and the opaque the client
 * gives it. VPP's u32 ~0 is −1 in vppsim's Int32 session opaque.
 */
export const HS_CTRL_HANDLE = -1;

/** A preallocated message buffer for one realm's control messages (84 bytes and its view). */
export class HsTestCfgBuf {
  readonly u8 = new Uint8Array(HS_TEST_CFG_BYTES);
  readonly dv = new DataView(this.u8.buffer);
}
