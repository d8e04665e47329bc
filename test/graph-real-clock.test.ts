// Twins of scheduling behaviours under the REAL clock, on one thread: what must hold whatever
// the timing (counts and order, never durations).
import { expect } from 'chai';
import { buildGraph } from '../graph/build.js';
import { RealClock } from '../graph/clock.js';
import { VlibMain } from '../graph/main-loop.js';
import { defineNode, type NodeDef, NodeState, NodeType } from '../graph/node.js';
import { VlibShared } from '../graph/shared-layout.js';
import { RealWaiter } from '../graph/waiter.js';
import { formatShowRuntime } from '../graph/format.js';

function realVm (nodes: NodeDef<unknown>[]): VlibMain {
  const graph = buildGraph(nodes);
  const shared = VlibShared.forGraph(graph, 1, 2);
  return new VlibMain({ threadIndex: 0, threadNames: ['vpp_main'], graph, shared, clock: new RealClock(process.hrtime.bigint()), waiter: new RealWaiter(shared) });
}

describe('graph under the real clock', () => {
  it('never sleeps while an input node polls', () => {
    const vm = realVm([defineNode({ name: 'spin', type: NodeType.Input, dispatch: () => 0 }) as NodeDef<unknown>]);
    for (let i = 0; i < 5000; i++) expect(vm.step()).to.equal(0);
    const c = vm.countersRow();
    expect(c.sleeps).to.equal(0);
    expect(c.loops).to.equal(5000);
    expect(c.epolls).to.equal(5, 'loops 0, 1025, 2050, 3075 and 4100 poll');
  });

  it('gives one call for several raises before the node runs', () => {
    let calls = 0;
    const n = defineNode({ name: 'n', type: NodeType.Input, state: NodeState.Interrupt, dispatch () { calls++; return 0; } });
    const vm = realVm([n as NodeDef<unknown>]);
    vm.setInterruptPending(n.index);
    vm.setInterruptPending(n.index);
    expect(vm.step()).to.equal(0);
    expect(calls).to.equal(1);
  });

  it('asks to sleep, with a deadline at most 10 ms away, when only interrupt nodes are left', () => {
    const n = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const vm = realVm([n as NodeDef<unknown>]);
    expect(vm.step()).to.equal(1); // StepResult.Sleep
    expect(vm.sleepDeadlineNs - vm.clock.now()).to.be.at.most(10e6);
    expect(vm.elogRecords().filter((e) => e.type === 'sleep').map((e) => e.a)).to.deep.equal([10], 'a 10 ms epoll timeout');
    expect(vm.countersRow().sleeps).to.equal(1);
  });

  it('prints its own stats in VPP\'s show runtime layout', () => {
    const n = defineNode({ name: 'my-input', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 3 });
    const vm = realVm([n as NodeDef<unknown>]);
    vm.setInterruptPending(n.index);
    vm.step();
    const text = formatShowRuntime([vm.runtimeStats()]);
    const row = text.split('\n').find((l) => l.startsWith('my-input'));
    // name %-30, state %=12 (truncated), calls/vectors/suspends %16Ld, clocks %16.2e, vectors/call %16.2f
    expect(row).to.match(/^my-input {22}interrupt wa {15}1 {15}3 {15}0 +\d\.\d\de\d+ {12}3\.00$/);
  });
});
