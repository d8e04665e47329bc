// A scenario's background traffic (phases idle, steady, burst) reaches the worker it names as
// pg-input streams, and `show errors` counts where the packets went.
import { expect } from 'chai';
import { parseScenario } from '../src/config/scenario.js';
import { parseStartupConfig } from '../src/config/startup-conf.js';
import { planRun } from '../src/run/run-plan.js';
import { RUN_NODE_NAMES } from '../src/run/run-input.js';
import { runVirtual } from '../src/run/run-virtual.js';
import { pgInputNode } from '../nodes/pg-input.js';

describe('scenario traffic (virtual time)', function () {
  this.timeout(60_000);

  it('runs each phase on its worker and the packets are counted where they are dropped', () => {
    const sc = parseScenario(`name: traffic
startup: |
  cpu { workers 2 }
  session { enable use-private-rx-mqs }
traffic:
  - worker: 1
    phases:
      - idle: 10ms
      - steady: { rate: 100k, for: 20ms, size: 64 }
      - burst: { rate: 1m, burst: 50, gap: 950us, for: 10ms, size: 128 }
duration: 50ms
shows:
  - show errors
`, 'traffic.yaml', { nodeNames: RUN_NODE_NAMES });
    const plan = planRun({ config: parseStartupConfig(sc.startup.text, 'traffic.yaml'), script: sc.cli, scenario: sc });
    expect(plan.traffic).to.have.length(1);
    expect(plan.traffic[0]!.thread).to.equal(2, 'worker 1 is thread 2');
    const r = runVirtual(plan);
    // 100k pps × 20 ms + 10 bursts of 50 = 2000 + 500 packets, all on thread 2
    const made = r.threads.map((t) => t.runtime.nodes.find((n) => n.name === pgInputNode.name)?.vectors ?? 0);
    expect(made).to.deep.equal([0, 0, 2500]);
    const out = r.main.output.map((o) => o.text).join('');
    expect(out).to.match(/^\s+2500\s+ip4-input\s+ip4 destination lookup miss\s+error\s*$/m);
  });
});
