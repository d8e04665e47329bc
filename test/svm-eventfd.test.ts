// The eventfd analogue: counter semantics, EAGAIN, level-triggered readiness, registration with
// a vlib thread's file poll and its notifier, waiter-counted notifies, blocking reads in
// virtual time.

import { expect } from 'chai';
import { SvmEventfd, type FdNotifier } from '../src/svm/eventfd.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SvmRv } from '../src/svm/svm-codes.js';
import { VirtualSvmWaiter } from './support/virtual-svm-waiter.js';

/** The engine's interface (graph/file-poll.ts), restated: the eventfd must satisfy it structurally. */
interface FileDescriptor {
  isReadable (nowNs: number): boolean;
  readonly readyAtNs: number;
}

const ms = 1e6;

function makeEfd (notifier: FdNotifier | null = null, waiter = new VirtualSvmWaiter()): { efd: SvmEventfd; seg: SvmSegment; off: number; waiter: VirtualSvmWaiter } {
  const seg = SvmSegment.create('efd', 4096);
  const off = seg.allocEventfd();
  return { efd: seg.eventfd(off, { notifier, waiter }), seg, off, waiter };
}

describe('svm eventfd', () => {
  it('returns EAGAIN (−11) from a read of a zero counter', () => {
    const { efd } = makeEfd();
    expect(efd.read()).to.equal(SvmRv.EAGAIN);
    expect(SvmRv.EAGAIN).to.equal(-11);
  });

  it('adds writes up and returns their sum from one read, which zeroes the counter', () => {
    const { efd } = makeEfd();
    efd.write(1);
    efd.write(5);
    expect(efd.count()).to.equal(6);
    expect(efd.read()).to.equal(6);
    expect(efd.read()).to.equal(SvmRv.EAGAIN);
    expect([efd.nWritten, efd.nReads]).to.deep.equal([6, 1]);
  });

  it('is readable exactly while the counter is non-zero (level-triggered) and never by itself', () => {
    const { efd } = makeEfd();
    const fd: FileDescriptor = efd;
    expect(fd.readyAtNs).to.equal(Infinity);
    expect(fd.isReadable(0)).to.equal(false);
    efd.write(1);
    expect(fd.isReadable(0)).to.equal(true);
    expect(fd.isReadable(1e12)).to.equal(true);
    efd.read();
    expect(fd.isReadable(0)).to.equal(false);
  });

  it('returns each unit to only one of two readers', () => {
    const { efd, seg, off } = makeEfd();
    const other = seg.eventfd(off);
    efd.write(3);
    expect(other.read()).to.equal(3);
    expect(efd.read()).to.equal(SvmRv.EAGAIN);
    efd.write(2);
    expect(efd.read()).to.equal(2);
    expect(other.read()).to.equal(SvmRv.EAGAIN);
  });

  it('calls the notifier with the polling thread only while registered, after the fd is readable', () => {
    const calls: Array<[number, boolean]> = [];
    let efd: SvmEventfd | null = null;
    const notifier: FdNotifier = { fileReady: (t) => calls.push([t, efd?.isReadable(0) ?? false]) };
    efd = makeEfd(notifier).efd;
    efd.write(1);
    expect(calls).to.deep.equal([]);
    expect(efd.pollThreadIndex).to.equal(-1);
    efd.register(2);
    efd.write(1);
    expect(calls).to.deep.equal([[2, true]]);
    efd.unregister();
    efd.write(1);
    expect(calls).to.have.length(1);
  });

  it('keeps the registration in shared memory and the notifier in each view', () => {
    const { efd, seg, off } = makeEfd();
    const seen: number[] = [];
    const writer = seg.eventfd(off, { notifier: { fileReady: (t) => seen.push(t) } });
    efd.register(1);
    expect(writer.pollThreadIndex).to.equal(1);
    efd.write(1);
    expect(seen).to.deep.equal([]);
    writer.write(1);
    expect(seen).to.deep.equal([1]);
  });

  it('calls Atomics.notify only when someone waits on the fd', () => {
    const { efd, waiter } = makeEfd();
    efd.write(1);
    efd.read();
    expect(efd.nNotifies).to.equal(0);
    waiter.at(1 * ms, () => efd.write(1));
    expect(efd.readBlocking(10 * ms)).to.equal(1);
    expect(efd.nNotifies).to.equal(1);
    expect(efd.nWaiters).to.equal(0);
  });

  it('returns a blocking read at 5 ms when written then, with the count', () => {
    const { efd, waiter } = makeEfd();
    waiter.at(5 * ms, () => efd.write(2));
    expect(efd.readBlocking(10 * ms)).to.equal(2);
    expect(waiter.nowNs).to.equal(5 * ms);
  });

  it('times out a 10 ms blocking read at exactly 10 ms when nothing is written', () => {
    const { efd, waiter } = makeEfd();
    expect(efd.readBlocking(10 * ms)).to.equal(SvmRv.ETIMEDOUT);
    expect(waiter.nowNs).to.equal(10 * ms);
  });

  it('waits for readability without reading, and returns at once if already readable', () => {
    const { efd, waiter } = makeEfd();
    waiter.at(3 * ms, () => efd.write(1));
    expect(efd.waitReadable(10 * ms)).to.equal(SvmRv.OK);
    expect(waiter.nowNs).to.equal(3 * ms);
    expect(efd.count()).to.equal(1);
    expect(efd.waitReadable(10 * ms)).to.equal(SvmRv.OK);
    expect(waiter.nowNs).to.equal(3 * ms);
  });

  it('keeps sleeping when another reader takes the count first', () => {
    const { efd, seg, off, waiter } = makeEfd();
    const thief = seg.eventfd(off);
    waiter.at(2 * ms, () => { efd.write(1); thief.read(); });
    waiter.at(6 * ms, () => efd.write(4));
    expect(efd.readBlocking(10 * ms)).to.equal(4);
    expect(waiter.nowNs).to.equal(6 * ms);
  });

  it('refuses to attach where no eventfd was initialised', () => {
    expect(() => new SvmEventfd(new SharedArrayBuffer(64), 0)).to.throw(/no eventfd at offset 0/);
  });
});
