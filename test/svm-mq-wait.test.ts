// svm_msg_q waits under a virtual clock: timed sub, producer waits for space, svm_msg_q_timedwait,
// in eventfd mode and in mutex (condvar) mode, which VPP implements differently.

import { expect } from 'chai';
import { SvmMqLockKind, kMqCondSeq, kMqCondWaiters } from '../src/svm/message-queue-layout.js';
import { SvmMqWaitType, SvmQWait, type SvmMsgQ } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SvmRv } from '../src/svm/svm-codes.js';
import { VirtualSvmWaiter } from './support/virtual-svm-waiter.js';

const ms = 1e6;

function post (mq: SvmMsgQ, value: number): number {
  const msg = mq.lockAndAllocMsgWRing(0, true);
  if (msg < 0) return msg;
  mq.i32[mq.msgData(msg) >> 2] = value;
  mq.addAndUnlock(msg);
  return SvmRv.OK;
}

for (const mode of ['eventfd', 'mutex'] as const) {
  describe(`svm mq waits, ${mode} mode (virtual clock)`, () => {
    let w: VirtualSvmWaiter;
    let prod: SvmMsgQ;
    let cons: SvmMsgQ;

    beforeEach(() => {
      w = new VirtualSvmWaiter();
      const seg = SvmSegment.create('wait', 1 << 16);
      const off = seg.allocMsgQ({ qNitems: 2, rings: [{ nitems: 4, elsize: 4 }] }, { eventfd: mode === 'eventfd' });
      prod = seg.msgQ(off, { waiter: w });
      cons = seg.msgQ(off, { waiter: w });
    });

    it("returns from a consumer's 10 ms timed sub at 5 ms with the message posted then", () => {
      w.at(5 * ms, () => post(prod, 42));
      const msg = cons.sub(SvmQWait.Timedwait, 10 * ms);
      expect(msg).to.be.at.least(0);
      expect(cons.i32[cons.msgData(msg) >> 2]).to.equal(42);
      expect(w.nowNs).to.equal(5 * ms);
    });

    it("times out a consumer's 10 ms timed sub at exactly 10 ms when nothing arrives", () => {
      w.at(12 * ms, () => post(prod, 1));
      expect(cons.sub(SvmQWait.Timedwait, 10 * ms)).to.equal(SvmRv.ETIMEDOUT);
      expect(w.nowNs).to.equal(10 * ms);
      expect(cons.isEmpty()).to.equal(true);
    });

    it('keeps waiting in a timed sub after a wakeup that brought no message', () => {
      // a stray signal at 2 ms (another party's), the message at 7 ms
      w.at(2 * ms, () => {
        if (prod.eventfd !== null) prod.eventfd.write(1);
        else Atomics.add(prod.i32, prod.base + kMqCondSeq, 1);
      });
      w.at(7 * ms, () => post(prod, 9));
      const msg = cons.sub(SvmQWait.Timedwait, 10 * ms);
      expect(msg).to.be.at.least(0);
      expect(w.nowNs).to.equal(7 * ms);
    });

    it('blocks a consumer in svm_msg_q_wait(EMPTY) until the producer posts', () => {
      w.at(3 * ms, () => post(prod, 1));
      expect(cons.wait(SvmMqWaitType.Empty, 10 * ms)).to.equal(SvmRv.OK);
      expect(w.nowNs).to.equal(3 * ms);
      expect(cons.wait(SvmMqWaitType.Empty, 10 * ms)).to.equal(SvmRv.OK);
      expect(w.waits).to.have.length(1);
    });

    it('wakes a producer blocked on a full queue when the consumer leaves full at 4 ms', () => {
      post(prod, 1); post(prod, 2);
      expect(prod.isFull()).to.equal(true);
      w.at(4 * ms, () => cons.freeMsg(cons.subRaw()));
      const msg = prod.lockAndAllocMsgWRing(0, false, 10 * ms);
      expect(msg).to.be.at.least(0);
      expect(w.nowNs).to.equal(4 * ms);
      prod.addAndUnlock(msg);
      expect(prod.size()).to.equal(2);
      expect(prod.nConsSignals).to.equal(1);
    });

    it('gives up a blocking alloc at its deadline with the lock released', () => {
      post(prod, 1); post(prod, 2);
      expect(prod.lockAndAllocMsgWRing(0, false, 10 * ms)).to.equal(SvmRv.ETIMEDOUT);
      expect(w.nowNs).to.equal(10 * ms);
      expect(prod.tryLock()).to.equal(SvmRv.OK);
      prod.unlock();
    });

    it('wakes a blocking add waiting for space (svm_msg_q_add without nowait)', () => {
      prod.lock();
      const a = prod.allocMsgWRing(0);
      const b = prod.allocMsgWRing(0);
      const c = prod.allocMsgWRing(0);
      prod.unlock();
      expect(prod.add(a, false)).to.equal(SvmRv.OK);
      expect(prod.add(b, false)).to.equal(SvmRv.OK);
      w.at(6 * ms, () => { cons.subRaw(); });
      expect(prod.add(c, false, 10 * ms)).to.equal(SvmRv.OK);
      expect(w.nowNs).to.equal(6 * ms);
    });

    it('leaves no waiter registered after waits return', () => {
      w.at(1 * ms, () => post(prod, 1));
      cons.sub(SvmQWait.Timedwait, 10 * ms);
      cons.sub(SvmQWait.Timedwait, 0);
      cons.sub(SvmQWait.Timedwait, 2 * ms);
      const waitersWord = prod.eventfd !== null ? prod.eventfd.waitersWord : prod.base + kMqCondWaiters;
      expect(Atomics.load(prod.i32, waitersWord)).to.equal(0);
    });
  });
}

describe('svm mq timedwait specifics (virtual clock)', () => {
  it('returns at once in eventfd mode when the fd is already readable, and reads it', () => {
    const w = new VirtualSvmWaiter();
    const seg = SvmSegment.create('tw', 1 << 16);
    const mq = seg.msgQ(seg.allocMsgQ({ qNitems: 4, rings: [{ nitems: 4, elsize: 4 }] }), { waiter: w });
    mq.eventfd?.write(1);
    expect(mq.timedwait(10 * ms)).to.equal(SvmRv.OK);
    expect(w.nowNs).to.equal(0);
    expect(mq.eventfd?.count()).to.equal(0);
    expect(mq.timedwait(10 * ms)).to.equal(SvmRv.ETIMEDOUT);
    expect(w.nowNs).to.equal(10 * ms);
  });

  it('returns at once in mutex mode when the size is neither 0 nor full', () => {
    const w = new VirtualSvmWaiter();
    const seg = SvmSegment.create('tw', 1 << 16);
    const mq = seg.msgQ(seg.allocMsgQ({ qNitems: 4, rings: [{ nitems: 4, elsize: 4 }] }, { eventfd: false }), { waiter: w });
    post(mq, 1);
    expect(mq.timedwait(10 * ms)).to.equal(SvmRv.OK);
    expect(w.nowNs).to.equal(0);
  });

  it('does not consume the eventfd when a producer waits for space, so a polling vlib thread still sees it', () => {
    const w = new VirtualSvmWaiter();
    const seg = SvmSegment.create('tw', 1 << 16);
    const off = seg.allocMsgQ({ qNitems: 1, rings: [{ nitems: 4, elsize: 4 }] });
    const prod = seg.msgQ(off, { waiter: w });
    const cons = seg.msgQ(off, { waiter: w });
    post(prod, 1);
    expect(prod.eventfd?.count()).to.equal(1);
    w.at(2 * ms, () => cons.freeMsg(cons.subRaw()));
    const msg = prod.lockAndAllocMsgWRing(0, false, 10 * ms);
    expect(msg).to.be.at.least(0);
    prod.addAndUnlock(msg);
    expect(prod.eventfd?.isReadable(0)).to.equal(true);
    expect(prod.eventfd?.count()).to.equal(3);
  });

  it('lets other producers take a shared lock while one sleeps waiting for space', () => {
    const w = new VirtualSvmWaiter();
    const seg = SvmSegment.create('tw', 1 << 16);
    const off = seg.allocMsgQ({ qNitems: 1, rings: [{ nitems: 4, elsize: 4 }] }, { eventfd: false });
    const p1 = seg.msgQ(off, { waiter: w });
    const p2 = seg.msgQ(off, { waiter: w });
    const cons = seg.msgQ(off, { waiter: w });
    expect(p1.lockKind).to.equal(SvmMqLockKind.Shared);
    post(p1, 1);
    let p2Lock = -99;
    w.at(1 * ms, () => { p2Lock = p2.tryLock(); if (p2Lock === SvmRv.OK) p2.unlock(); });
    w.at(3 * ms, () => cons.freeMsg(cons.subRaw()));
    const msg = p1.lockAndAllocMsgWRing(0, false, 10 * ms);
    expect(msg).to.be.at.least(0);
    expect(p2Lock).to.equal(SvmRv.OK);
    expect(p2.tryLock()).to.equal(SvmRv.MQ_LOCK_FAILED);
    p1.addAndUnlock(msg);
    expect(p2.tryLock()).to.equal(SvmRv.OK);
    p2.unlock();
  });
});
