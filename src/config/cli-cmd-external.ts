// src/config/cli-cmd-external.ts: the vppsim extension that starts an external VCL app from a
// script, as VPP's test frameworks start `vcl_test_server` / `vcl_test_client` next to VPP:
//
//   vcl_test_server [@ns <ns-id>] <flags…> [<port>]
//   vcl_test_client [@ns <ns-id>] <flags…> <ip> [<port>]
//
// The rest of the logical line is split like a shell command line ('…' and "…" quote; note that
// VPP's line reader has already dropped `#` comments and `\` escapes). `@ns <id>` names the app
// namespace whose socket the app attaches through (what VCL reads from `namespace-id` in the
// VCL_CONFIG file); without it, the `default` namespace.

import type { CliCommandBody, CliInvocation } from './cli-context.js';
import { ArgSplitError, splitArgs } from './cli-getopt.js';
import type { UnformatInput } from './unformat.js';
import { type VclTestTool, parseVclTestArgs } from './vcl-test-options.js';

/** App namespace of an external app started without `@ns`. */
export const EXTERNAL_APP_DEFAULT_NS = 'default';

/** Parses an external app line; consumes the whole rest of the input. */
export function parseExternalApp (tool: VclTestTool, input: UnformatInput, inv: CliInvocation): CliCommandBody {
  const from = input.index === Infinity ? input.buffer.length : input.index;
  const text = input.buffer.slice(from);
  const pos = input.pos.slice(from);
  input.index = Infinity;
  let words;
  try {
    words = splitArgs(text, pos, input.endPos);
  } catch (err) {
    if (err instanceof ArgSplitError) throw inv.ctx.error(`${tool}: ${err.message}`, err.offset);
    throw err;
  }
  let ns = EXTERNAL_APP_DEFAULT_NS;
  if (words[0]?.text === '@ns') {
    const id = words[1];
    if (id === undefined || id.text === '') throw inv.ctx.error(`${tool}: @ns needs an app namespace id`, words[0].offset);
    ns = id.text;
    words = words.slice(2);
  }
  const app = parseVclTestArgs(tool, words, {
    error: (message, offset, code) => inv.ctx.error(message, offset, code),
    warn: (message, offset) => inv.ctx.warn(message, offset),
  }, inv.offset);
  return { kind: 'external-app', ns, app };
}
