// An svm eventfd registered on a vlib thread's file poll: a write wakes the thread if it sleeps;
// the fd stays readable until read (level-triggered). Virtual time, then real threads.
import { expect } from 'chai';
import { ClibFile } from '../graph/file-poll.js';
import { defineNode, type NodeDef, NodeState, NodeType } from '../graph/node.js';
import { VlibFdNotifier } from '../graph/waiter.js';
import { runRealThreads } from '../src/runtime/real-run.js';
import { createVirtualRun } from '../src/runtime/virtual-run.js';
import { SvmSegment } from '../src/svm/segment.js';

const ms = 1e6;

describe('graph: svm eventfds on the file poll', function () {
  this.timeout(120_000);

  it('wakes a sleeping thread when another thread writes an eventfd registered on it', () => {
    const idle = defineNode({ name: 'idle', type: NodeType.Input, state: NodeState.Interrupt, dispatch: () => 0 });
    const r = createVirtualRun([idle as NodeDef<unknown>], 2);
    const seg = SvmSegment.create('test', 1 << 16);
    const off = seg.allocEventfd();
    const notifier = new VlibFdNotifier(r.shared, r.sched);
    const efd = seg.eventfd(off, { notifier });
    efd.register(1);
    const reads: number[] = [];
    const w = r.vms[1]!;
    w.files.add(new ClibFile('app-0-rx-mq-1', efd, (vm) => { reads.push(vm.clock.now()); efd.read(); }));
    r.runUntil(5 * ms);
    const before = w.countersRow();
    efd.write(1); // from "outside", at virtual 5 ms: thread 1 sleeps until ~10 ms
    r.runUntil(6 * ms);
    expect(reads.length).to.equal(1, 'woken by the write, not by its 10 ms timeout');
    expect(reads[0]).to.be.within(5 * ms, 5 * ms + 0.1 * ms);
    const after = w.countersRow();
    expect(after.fdWakeups - before.fdWakeups).to.equal(1);
    expect(after.wakeReq - before.wakeReq).to.equal(0, 'an fd wakeup is not a vlib wakeup request');
  });

  it('delivers every write of 100,000 across real threads to the polling thread, none lost', async () => {
    const total = 100_000;
    const seg = SvmSegment.create('efd', 1 << 16);
    const efd = seg.allocEventfd();
    const counters = new SharedArrayBuffer(16);
    const c = new Int32Array(counters);
    const r = await runRealThreads({
      nThreads: 3,
      graphModule: new URL('./fixtures/eventfd-graph.js', import.meta.url).href,
      user: { seg: seg.sab, efd, total, counters },
      until: () => Atomics.load(c, 2) === 1 && Atomics.load(c, 1) === total,
      durationNs: 100e9,
    });
    expect(Atomics.load(c, 0)).to.equal(total);
    expect(Atomics.load(c, 1)).to.equal(total, 'every unit read exactly once');
    const t2 = r.threads.find((t) => t.threadIndex === 2)!;
    expect(t2.counters.fdWakeups).to.be.greaterThan(0, 'thread 2 slept and was woken by the fd');
    expect(t2.counters.wakeReq).to.equal(0);
  });
});
