// src/run/cli-exec.ts: runs the parsed VPP CLI commands on the main thread, inside a process
// node, the way VPP's CLI runs them: `show` commands read every thread's state (under the
// barrier where VPP takes it), `session enable` and `app ns add` change the session layer,
// `wait` suspends the process, the echo apps run their commands, and external apps are started.
// Output goes to the run's CLI log, as `vlib_cli_output` prints it.
// Models: src/vlib/cli.c (vlib_cli_dispatch_sub_commands: errors as `<path>: <message>`),
// src/vlib/unix/cli.c unix_wait_cmd, src/vnet/session/session_cli.c session_enable_disable_fn,
// src/vnet/session/application_namespace.c app_ns_fn.

import type { Graph } from '../../graph/build.js';
import { formatShowRuntime, formatShowThreads } from '../../graph/format.js';
import { formatShowErrors } from '../../graph/format-errors.js';
import type { VlibMain } from '../../graph/main-loop.js';
import { VlibFdNotifier } from '../../graph/waiter.js';
import type { ProcessResume, ProcessWait } from '../../graph/node.js';
import { waitForClock } from '../../graph/process.js';
import { clearThreadRuntime, threadCountersRow, threadRuntimeStats } from '../../graph/runtime-snapshot.js';
import { formatShowEventLogger } from '../../graph/format-event-logger.js';
import { vppFormat } from '../../graph/vpp-format.js';
import type { CliCommand } from '../config/cli-command-types.js';
import { SESSION_CLI_MESSAGES } from '../config/cli-command-types.js';
import { formatShowApp, formatShowAppDetail, formatShowAppMq, formatShowAppNs } from '../session/app-format.js';
import { interfaceByIndex } from '../session/net.js';
import { formatShowSession } from '../session/session-format-verbose.js';
import type { SessionMain } from '../session/session-main.js';
import type { TcpMain } from '../session/tcp-main.js';
import { kRunAppsFinished, type RunControl } from './run-control.js';

/** One line (or block) of CLI output, with when it was printed. */
export interface CliOutputRecord {
  /** Main's clock when printed, ns. */
  readonly atNs: number;
  /** The text, ending with `\n`. */
  readonly text: string;
}

/** How an external app the script starts is known to the run. */
export interface RunAppRef {
  /** Its slot among the run's external apps. */
  readonly k: number;
  /** Whether the run waits for it to finish (clients). */
  readonly isClient: boolean;
}

/** Runs an echo app command; yields process waits; returns an error message or null. */
export type EchoCommandRunner = (cli: RunCli, cmd: CliCommand) => Generator<ProcessWait, string | null, ProcessResume>;

/** What the CLI needs of the run, on main. */
export interface RunCliContext {
  readonly vm: VlibMain;
  readonly sm: SessionMain;
  readonly tm: TcpMain | null;
  readonly graph: Graph;
  readonly threadNames: readonly string[];
  readonly cpuIds: readonly number[];
  readonly control: RunControl;
  /** The external apps started by `external-app` commands, in script order. */
  readonly scriptApps: readonly RunAppRef[];
  /** The echo apps (builtin); null when not linked in. */
  readonly echo: EchoCommandRunner | null;
}

/** The CLI of a run: its output and the command runner. */
export class RunCli {
  readonly output: CliOutputRecord[] = [];
  /** `vpplog` lines and the like: VPP's log, not the CLI. */
  readonly log: CliOutputRecord[] = [];
  private nextScriptApp = 0;
  /** Wakes an app thread sleeping on its start eventfd. */
  private readonly notifier: VlibFdNotifier;

  constructor (readonly ctx: RunCliContext) {
    this.notifier = new VlibFdNotifier(ctx.vm.shared, ctx.vm.waiter);
  }

  /** `vlib_cli_output`: adds `text` (a `\n` is added if missing). */
  print (text: string): void {
    if (text.length === 0) return;
    this.output.push({ atNs: this.ctx.vm.clock.now(), text: text.endsWith('\n') ? text : text + '\n' });
  }

  /**
   * Runs one command. Returns null on success or the error VPP's dispatcher prints
   * (`<command path>: <message>`), which stops the script as `exec` does.
   */
  * exec (cmd: CliCommand): Generator<ProcessWait, string | null, ProcessResume> {
    const { vm, sm } = this.ctx;
    switch (cmd.kind) {
      case 'session': return this.session(cmd.isEnable, cmd.path);
      case 'app-ns': return this.appNs(cmd);
      case 'echo-server':
      case 'echo-client': {
        if (this.ctx.echo === null) return `${cmd.path}: not available in this build`;
        return yield * this.ctx.echo(this, cmd);
      }
      case 'show-runtime': {
        vm.barrierSync();
        const now = vm.clock.now();
        const threads = this.threads().map((t) => threadRuntimeStats(vm.shared, this.ctx.graph, t, this.who(t), now));
        vm.barrierRelease();
        const one = cmd.node;
        const shown = one === null ? threads : threads.map((t) => ({ ...t, nodes: t.nodes.filter((n) => n.name === one) }));
        this.print(formatShowRuntime(shown, { brief: cmd.brief, verbose: !cmd.brief, max: cmd.max, time: cmd.useTime, summary: cmd.summary }));
        return null;
      }
      case 'show-threads':
        this.print(formatShowThreads(this.threads().map((t) => threadCountersRow(vm.shared, t, this.who(t)))));
        return null;
      case 'show-session':
        this.print(formatShowSession(sm, this.ctx.tm, cmd));
        return null;
      case 'show-session-stats':
        if (!sm.isEnabled) return `${cmd.path}: ${SESSION_CLI_MESSAGES.notEnabled}`;
        return null;
      case 'show-app':
        if (cmd.mq) { this.print(formatShowAppMq(sm)); return null; }
        if (cmd.app !== null) {
          if ('index' in cmd.app) { this.print(formatShowAppDetail(sm, cmd.app.index)); return null; }
          const name = cmd.app.name;
          const app = sm.am.apps.find((a) => a !== undefined && a.name === name);
          if (app === undefined) return `${cmd.path}: unknown input \`${cmd.app.errorContext}'`;
          this.print(formatShowAppDetail(sm, app.index));
          return null;
        }
        this.print(formatShowApp(sm, { transports: cmd.transports }));
        return null;
      case 'show-app-ns':
        this.print(formatShowAppNs(sm, { id: cmd.nsId ?? undefined, apiClients: cmd.apiClients }));
        return null;
      case 'show-errors':
        this.print(formatShowErrors(vm.shared, this.ctx.graph, this.ctx.threadNames, cmd.verbose));
        return null;
      case 'show-event-logger':
        this.print(this.eventLogger(cmd.count));
        return null;
      case 'clear-runtime': {
        vm.barrierSync();
        const now = vm.clock.now();
        for (const t of this.threads()) clearThreadRuntime(vm.shared, t, now);
        vm.barrierRelease();
        return null;
      }
      case 'wait': {
        const t0 = vm.clock.now();
        yield waitForClock(cmd.durationNs / 1e9);
        this.print(vppFormat('waited %.3f sec.', (vm.clock.now() - t0) / 1e9));
        return null;
      }
      case 'vpplog':
        this.log.push({ atNs: vm.clock.now(), text: `CLI: ${cmd.message}\n` });
        return null;
      case 'external-app': {
        const ref = this.ctx.scriptApps[this.nextScriptApp++];
        if (ref === undefined) return `${cmd.path}: no app slot (internal)`;
        this.ctx.control.startEventfd(ref.k, this.notifier).write(1);
        return null;
      }
      default:
        return null;
    }
  }

  /** Thread indices of the run. */
  private threads (): number[] { return Array.from({ length: this.ctx.vm.nThreads }, (_, t) => t); }
  private who (t: number): { name: string; cpuId: number } {
    return { name: this.ctx.threadNames[t] ?? '', cpuId: this.ctx.cpuIds[t] ?? -1 };
  }

  /** `session enable|disable` (session_enable_disable_fn, vnet_session_enable_disable). */
  private session (isEnable: boolean, path: string): string | null {
    const { vm, sm } = this.ctx;
    if (isEnable === sm.isEnabled) return isEnable ? null : `${path}: ${SESSION_CLI_MESSAGES.alreadyDisabled}`;
    vm.barrierSync();
    sm.nodeEnableDisable(vm, isEnable);
    vm.barrierRelease();
    return null;
  }

  /** `app ns add|del id …` (app_ns_fn → vnet_app_namespace_add_del). */
  private appNs (cmd: Extract<CliCommand, { kind: 'app-ns' }>): string | null {
    const { sm, tm } = this.ctx;
    if (!sm.isEnabled) return `${cmd.path}: ${SESSION_CLI_MESSAGES.notEnabled}`;
    if (!cmd.isAdd) return `${cmd.path}: namespace delete is not simulated`;
    let swIfIndex = cmd.swIfIndex ?? -1;
    if (cmd.interfaceName !== null) {
      const itf = tm?.net.interfaces.find((i) => i.name === cmd.interfaceName);
      if (itf === undefined) return `${cmd.path}: unknown interface \`${cmd.interfaceName}'`;
      swIfIndex = itf.swIfIndex;
    }
    let fib = cmd.ip4FibId ?? 0;
    if (swIfIndex >= 0) {
      const itf = tm === null ? null : interfaceByIndex(tm.net, swIfIndex);
      if (itf === null) return `${cmd.path}: sw_if_index ${swIfIndex} does not exist`;
      fib = itf.fibIndex;
    }
    sm.am.namespaces.add(cmd.nsId, cmd.secret, swIfIndex, fib);
    return null;
  }

  /** `show event-logger [N|all]`: every thread's events this realm can read, merged by time. */
  private eventLogger (count: number | 'all'): string {
    const vm = this.ctx.vm;
    const peers = vm.realmPeers();
    const threads = [];
    const missing = [];
    for (const t of this.threads()) {
      const p = peers[t];
      if (p === undefined) { missing.push(this.ctx.threadNames[t] ?? `thread ${t}`); continue; }
      threads.push({ name: p.name, records: p.elogRecords(), wrapped: p.elog.n > p.elog.capacity, capacity: p.elog.capacity });
    }
    return formatShowEventLogger(threads, count, missing);
  }

  /** Apps that returned so far. */
  get appsFinished (): number { return this.ctx.control.get(kRunAppsFinished); }
}
