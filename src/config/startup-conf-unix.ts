// src/config/startup-conf-unix.ts: the `unix { }` stanza. Options are tried in VPP's order
// (keywords match as prefixes, so the order decides who wins); anything else is fatal.
// Models: src/vlib/unix/main.c unix_config and src/vlib/unix/util.c vlib_unix_validate_runtime_file.

import type { StartupConfContext } from './startup-conf-context.js';
import { UNIX_DEFAULTS, type UnixConfig } from './startup-config-types.js';
import { SourceString, type UnformatInput, bigintAt, formatUnformatError, numberAt, stringAt, unformat, type UnformatFunction } from './unformat.js';
import { unformatMemorySize } from './unformat-values.js';

/**
 * A group id or name. VPP resolves it (getgrgid / getgrnam) and fails the option when the group
 * does not exist on the host; vppsim keeps the word as written and does not look it up.
 * Models: src/vppinfra/unix-formats.c unformat_unix_gid (the parsing part).
 */
const unformatUnixGid: UnformatFunction = (input) => {
  input.skipWhiteSpace();
  const start = input.index;
  if (unformat(input, '%d').ok) {
    // The number as written; "12abc" leaves "abc" for the next option, as in VPP.
    const text = input.buffer.slice(start, input.index).trimEnd();
    return new SourceString(text, input.pos.slice(start, start + text.length), input.pos[start + text.length] ?? input.endPos);
  }
  const m = unformat(input, '%s');
  return m.ok ? stringAt(m, 0) : null;
};

/**
 * Parses `unix { }`. Errors, in VPP's words: `unix_config: unknown input `…'`, `unix_config:
 * invalid coredump-size parameter `…'`, and the pidfile checks of
 * vlib_unix_validate_runtime_file. vppsim assumes VPP runs as root (runtime dir `/run/vpp`).
 */
export function unixConfig (input: UnformatInput, ctx: StartupConfContext): UnixConfig {
  const u = { ...UNIX_DEFAULTS };
  let runtimeDir: string | null = null;
  let pidfileAt = -1;
  let m;

  while (!input.atEnd()) {
    if (unformat(input, 'interactive').ok) u.interactive = true;
    else if (unformat(input, 'nodaemon').ok) u.nodaemon = true;
    else if (unformat(input, 'nosyslog').ok) u.nosyslog = true;
    else if (unformat(input, 'nocolor').ok) u.nocolor = true;
    else if (unformat(input, 'nobanner').ok) u.nobanner = true;
    else if ((m = unformat(input, 'cli-prompt %s')).ok) u.cliPrompt = stringAt(m, 0).text;
    else if ((m = unformat(input, 'cli-listen %s')).ok) u.cliListen = stringAt(m, 0).text;
    else if (unformat(input, 'use-current-dir').ok) u.useCurrentDir = true;
    else if ((m = unformat(input, 'runtime-dir %s')).ok) runtimeDir = stringAt(m, 0).text;
    else if (unformat(input, 'cli-line-mode').ok) u.cliLineMode = true;
    else if (unformat(input, 'cli-no-banner').ok) u.cliNoBanner = true;
    else if (unformat(input, 'cli-no-pager').ok) u.cliNoPager = true;
    else if ((m = unformat(input, 'poll-sleep-usec %d')).ok) u.pollSleepUsec = numberAt(m, 0) >>> 0;
    else if ((m = unformat(input, 'cli-pager-buffer-limit %d')).ok) u.cliPagerBufferLimit = numberAt(m, 0) >>> 0;
    else if ((m = unformat(input, 'cli-history-limit %d')).ok) u.cliHistoryLimit = numberAt(m, 0) >>> 0;
    else if (unformat(input, 'coredump-size').ok) {
      if (unformat(input, 'unlimited').ok) {
        u.coredumpSize = 'unlimited';
      } else if ((m = unformat(input, '%U', unformatMemorySize)).ok) {
        u.coredumpSize = Number(bigintAt(m, 0));
      } else {
        throw ctx.error(`unix_config: invalid coredump-size parameter \`${formatUnformatError(input)}'`, input.errorPos());
      }
    } else if (unformat(input, 'full-coredump').ok) u.fullCoredump = true;
    else if ((m = unformat(input, 'startup-config %s')).ok) u.exec = stringAt(m, 0).text;
    else if ((m = unformat(input, 'exec %s')).ok) u.exec = stringAt(m, 0).text;
    else if ((m = unformat(input, 'log %s')).ok) u.log = stringAt(m, 0).text;
    else if ((m = unformat(input, 'gid %U', unformatUnixGid)).ok) u.gid = stringAt(m, 0).text;
    else if ((m = unformat(input, 'pidfile %s')).ok) {
      const s = stringAt(m, 0);
      u.pidfile = s.text;
      pidfileAt = s.startPos;
    } else {
      throw ctx.error(`unix_config: unknown input \`${formatUnformatError(input)}'`, input.errorPos());
    }
  }

  // use-current-dir appends the cwd after runtime-dir's terminating NUL: runtime-dir wins.
  u.runtimeDir = runtimeDir ?? (u.useCurrentDir ? null : UNIX_DEFAULTS.runtimeDir);
  u.daemonize = !(u.interactive || u.nosyslog) && !u.nodaemon;
  if (u.pidfile !== null) validateRuntimeFile(u.pidfile, u.runtimeDir, ctx, pidfileAt);
  return u;
}

/**
 * VPP's checks on `pidfile`: not empty, no `..`, and an absolute path must start with the
 * runtime dir (a plain string prefix). Skipped when the runtime dir is the (unknown) current
 * directory. Models: src/vlib/unix/util.c vlib_unix_validate_runtime_file.
 */
function validateRuntimeFile (path: string, runtimeDir: string | null, ctx: StartupConfContext, at: number): void {
  const fn = 'vlib_unix_validate_runtime_file';
  if (path === '') throw ctx.error(`${fn}: path is an empty string`, at);
  if (path.startsWith('../') || path.includes('/../')) throw ctx.error(`${fn}: '..' not allowed in runtime path`, at);
  if (path.startsWith('/') && runtimeDir !== null && !path.startsWith(runtimeDir)) {
    throw ctx.error(`${fn}: file ${path} is not in runtime directory ${runtimeDir}`, at);
  }
}
