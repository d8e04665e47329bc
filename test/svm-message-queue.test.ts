// svm_msg_q: alloc/add/sub/free in VPP's order, wrap-around, full and empty edges, the
// non-blocking codes, the lock kinds, and VPP's signalling rules with their counters.

import { expect } from 'chai';
import { SvmMqLockKind, kMqCondSeq, type SvmMsgQCfg } from '../src/svm/message-queue-layout.js';
import { SvmMsgQ, SvmQWait, svmMsgQMsgElt, svmMsgQMsgRing } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SvmRv } from '../src/svm/svm-codes.js';

function makeMq (cfg: SvmMsgQCfg, opts: { eventfd?: boolean; lockKind?: SvmMqLockKind } = {}): { seg: SvmSegment; mq: SvmMsgQ; off: number } {
  const seg = SvmSegment.create('mq-test', 1 << 20);
  const off = seg.allocMsgQ(cfg, opts);
  return { seg, mq: seg.msgQ(off), off };
}

/** Producer side in VPP's order: lock+alloc (noblock), write a word, add_and_unlock. */
function post (mq: SvmMsgQ, ring: number, value: number): number {
  const msg = mq.lockAndAllocMsgWRing(ring, true);
  if (msg < 0) return msg;
  mq.i32[mq.msgData(msg) >> 2] = value;
  mq.addAndUnlock(msg);
  return SvmRv.OK;
}

/** Consumer side: sub_raw, read the word, free_msg. */
function take (mq: SvmMsgQ): number {
  const msg = mq.subRaw();
  const v = mq.i32[mq.msgData(msg) >> 2] as number;
  expect(mq.freeMsg(msg)).to.equal(SvmRv.OK);
  return v;
}

const small: SvmMsgQCfg = { qNitems: 3, rings: [{ nitems: 5, elsize: 8 }, { nitems: 2, elsize: 64 }] };

describe('svm message queue', () => {
  describe('alloc, add, sub, free', () => {
    it('delivers messages in order with the data written into their ring elements', () => {
      const { mq } = makeMq(small);
      for (let i = 0; i < 3; i++) expect(post(mq, 0, 100 + i)).to.equal(SvmRv.OK);
      expect(mq.size()).to.equal(3);
      expect([take(mq), take(mq), take(mq)]).to.deep.equal([100, 101, 102]);
      expect(mq.isEmpty()).to.equal(true);
      expect(mq.ringSize(0)).to.equal(0);
    });

    it('wraps the queue and ring indices at capacities that are not powers of two', () => {
      const { mq } = makeMq(small);
      const seen: number[] = [];
      const elts: number[] = [];
      for (let i = 0; i < 40; i++) {
        const msg = mq.lockAndAllocMsgWRing(0, true);
        expect(msg).to.be.at.least(0);
        elts.push(svmMsgQMsgElt(msg));
        mq.i32[mq.msgData(msg) >> 2] = i;
        mq.addAndUnlock(msg);
        if (i % 2 === 1) { seen.push(take(mq)); seen.push(take(mq)); }
      }
      expect(seen).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
      expect(elts.slice(0, 11)).to.deep.equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0]);
    });

    it('returns message references that name their ring and element', () => {
      const { mq } = makeMq(small);
      expect(mq.lock()).to.equal(SvmRv.OK);
      const a = mq.allocMsgWRing(1);
      const b = mq.allocMsgWRing(1);
      mq.unlock();
      expect([svmMsgQMsgRing(a), svmMsgQMsgElt(a), svmMsgQMsgRing(b), svmMsgQMsgElt(b)]).to.deep.equal([1, 0, 1, 1]);
      expect(mq.msgData(b) - mq.msgData(a)).to.equal(64);
      expect(mq.msgIsValid(a)).to.equal(true);
      expect(mq.msgIsValid((1 << 24) | 1)).to.equal(true);
      expect(mq.msgIsValid(0)).to.equal(false);
      expect(mq.msgIsValid((3 << 24) | 0)).to.equal(false);
    });

    it('allocates by size on the first ring whose elements fit and that has room', () => {
      const { mq } = makeMq(small);
      mq.lock();
      expect(svmMsgQMsgRing(mq.allocMsg(8))).to.equal(0);
      expect(svmMsgQMsgRing(mq.allocMsg(9))).to.equal(1);
      expect(svmMsgQMsgRing(mq.allocMsg(64))).to.equal(1);
      expect(mq.allocMsg(64)).to.equal(-1);
      expect(mq.allocMsg(65)).to.equal(-1);
      mq.unlock();
    });

    it('dequeues a batch with sub_raw_batch, across the wrap, at most what is queued', () => {
      const { mq } = makeMq({ qNitems: 4, rings: [{ nitems: 8, elsize: 4 }] });
      const out = new Int32Array(8);
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 3; i++) post(mq, 0, round * 10 + i);
        expect(mq.subRawBatch(out, 8)).to.equal(3);
        const vals = Array.from(out.subarray(0, 3), (m) => mq.i32[mq.msgData(m) >> 2]);
        expect(vals).to.deep.equal([round * 10, round * 10 + 1, round * 10 + 2]);
        for (let i = 0; i < 3; i++) expect(mq.freeMsg(out[i] as number)).to.equal(SvmRv.OK);
      }
      expect(mq.subRawBatch(out, 8)).to.equal(0);
      post(mq, 0, 1); post(mq, 0, 2);
      expect(mq.subRawBatch(out, 1)).to.equal(1);
      expect(mq.size()).to.equal(1);
    });
  });

  describe('full and empty edges, non-blocking codes', () => {
    it('returns −2 from a non-blocking alloc when the queue is full, with the lock free again', () => {
      const { mq } = makeMq(small);
      for (let i = 0; i < 3; i++) expect(post(mq, 0, i)).to.equal(SvmRv.OK);
      expect(mq.isFull()).to.equal(true);
      expect(mq.lockAndAllocMsgWRing(0, true)).to.equal(SvmRv.MQ_FULL);
      expect(mq.tryLock()).to.equal(SvmRv.OK);
      mq.unlock();
      expect(mq.nFullRejects).to.equal(1);
      take(mq);
      expect(mq.lockAndAllocMsgWRing(0, true)).to.be.at.least(0);
    });

    it('returns −2 from a non-blocking alloc when the ring is full though the queue is not', () => {
      const { mq } = makeMq(small);
      expect(post(mq, 1, 1)).to.equal(SvmRv.OK);
      expect(post(mq, 1, 2)).to.equal(SvmRv.OK);
      expect(mq.ringIsFull(1)).to.equal(true);
      expect(mq.isFull()).to.equal(false);
      expect(mq.orRingIsFull(1)).to.equal(true);
      expect(post(mq, 1, 3)).to.equal(SvmRv.MQ_FULL);
      expect(post(mq, 0, 3)).to.equal(SvmRv.OK);
    });

    it('returns −2 from add nowait on a full queue and releases the lock (VPP keeps it)', () => {
      const { mq } = makeMq({ qNitems: 1, rings: [{ nitems: 4, elsize: 4 }] });
      mq.lock();
      const a = mq.allocMsgWRing(0);
      const b = mq.allocMsgWRing(0);
      mq.unlock();
      expect(mq.add(a, true)).to.equal(SvmRv.OK);
      expect(mq.add(b, true)).to.equal(SvmRv.MQ_FULL);
      expect(mq.tryLock()).to.equal(SvmRv.OK);
      mq.unlock();
    });

    it('returns −2 from sub with NOWAIT on an empty queue', () => {
      const { mq } = makeMq(small);
      expect(mq.sub(SvmQWait.Nowait)).to.equal(SvmRv.MQ_EMPTY);
      post(mq, 0, 7);
      const msg = mq.sub(SvmQWait.Nowait);
      expect(mq.i32[mq.msgData(msg) >> 2]).to.equal(7);
    });

    it('returns −1 from a try-lock while this thread holds a local lock, and counts it', () => {
      const { mq } = makeMq(small);
      expect(mq.lockKind).to.equal(SvmMqLockKind.Local);
      expect(mq.tryLock()).to.equal(SvmRv.OK);
      expect(mq.lockAndAllocMsgWRing(0, true)).to.equal(SvmRv.MQ_LOCK_FAILED);
      expect(mq.add(0, true)).to.equal(SvmRv.MQ_LOCK_FAILED);
      expect(mq.lock()).to.equal(SvmRv.MQ_LOCK_FAILED);
      expect(mq.nLockFailed).to.equal(2);
      mq.unlock();
      expect(post(mq, 0, 1)).to.equal(SvmRv.OK);
    });

    it('returns −1 from a try-lock while another view holds a shared lock', () => {
      const { seg, mq, off } = makeMq(small, { eventfd: false });
      expect(mq.lockKind).to.equal(SvmMqLockKind.Shared);
      const other = seg.msgQ(off);
      expect(other.tryLock()).to.equal(SvmRv.OK);
      expect(mq.tryLock()).to.equal(SvmRv.MQ_LOCK_FAILED);
      expect(mq.lockAndAllocMsgWRing(0, true)).to.equal(SvmRv.MQ_LOCK_FAILED);
      other.unlock();
      expect(post(mq, 0, 5)).to.equal(SvmRv.OK);
      expect(mq.nLockFailed).to.equal(2);
    });

    it('refuses to free a message out of order and changes nothing', () => {
      const { mq } = makeMq(small);
      post(mq, 0, 1); post(mq, 0, 2);
      const first = mq.subRaw();
      const second = mq.subRaw();
      expect(mq.freeMsg(second)).to.equal(SvmRv.MQ_OUT_OF_ORDER);
      expect(mq.ringSize(0)).to.equal(2);
      expect(mq.freeMsg(first)).to.equal(SvmRv.OK);
      expect(mq.freeMsg(second)).to.equal(SvmRv.OK);
      expect(mq.ringSize(0)).to.equal(0);
    });

    it('refuses to free a reference to a ring that does not exist', () => {
      const { mq } = makeMq(small);
      expect(mq.freeMsg((2 << 24) | 0)).to.equal(SvmRv.MQ_BAD_MSG);
      expect(mq.freeMsg(-1)).to.equal(SvmRv.MQ_BAD_MSG);
    });
  });

  describe('batch extensions', () => {
    it('allocates, adds and frees a batch like the same calls one by one, across the wrap', () => {
      const { mq } = makeMq({ qNitems: 5, rings: [{ nitems: 6, elsize: 4 }] });
      const refs = new Int32Array(8);
      const out = new Int32Array(8);
      let next = 0;
      let expect0 = 0;
      for (let round = 0; round < 7; round++) {
        mq.lock();
        const k = Math.min(mq.prodRoom(0), 4);
        expect(k).to.equal(4);
        mq.allocMsgsWRing(0, k, refs);
        for (let i = 0; i < k; i++) mq.i32[mq.msgData(refs[i] as number) >> 2] = next++;
        mq.addRawBatch(refs, k);
        mq.unlock();
        expect(mq.size()).to.equal(4);
        expect(mq.ringSize(0)).to.equal(4);
        const n = mq.subRawBatch(out, 8);
        expect(n).to.equal(4);
        for (let i = 0; i < n; i++) expect(mq.i32[mq.msgData(out[i] as number) >> 2]).to.equal(expect0++);
        expect(mq.freeMsgBatch(out, n)).to.equal(SvmRv.OK);
        expect(mq.ringSize(0)).to.equal(0);
      }
    });

    it('reports the room left as the smaller of the queue and the ring', () => {
      const { mq } = makeMq(small);
      expect(mq.prodRoom(0)).to.equal(3);
      expect(mq.prodRoom(1)).to.equal(2);
      post(mq, 1, 1);
      expect(mq.prodRoom(1)).to.equal(1);
      post(mq, 0, 1); post(mq, 0, 1);
      expect(mq.prodRoom(0)).to.equal(0);
    });

    it('signals once per batch, and only as the first call of the batch would have', () => {
      const { mq } = makeMq({ qNitems: 4, rings: [{ nitems: 4, elsize: 4 }] });
      const refs = new Int32Array(4);
      mq.lock();
      mq.allocMsgsWRing(0, 4, refs);
      mq.addRawBatch(refs, 2);
      mq.addRawBatch(refs.subarray(2), 2);
      mq.unlock();
      expect(mq.nProdSignals).to.equal(1);
      const out = new Int32Array(4);
      mq.subRawBatch(out, 4);
      expect(mq.nConsSignals).to.equal(1);
      expect(mq.freeMsgBatch(out, 4)).to.equal(SvmRv.OK);
      expect(mq.nConsSignals).to.equal(2);
    });

    it('frees nothing from a batch that is out of order or names a missing ring', () => {
      const { mq } = makeMq(small);
      post(mq, 0, 1); post(mq, 0, 2); post(mq, 1, 3);
      const out = new Int32Array(3);
      expect(mq.subRawBatch(out, 3)).to.equal(3);
      const swapped = Int32Array.of(out[1] as number, out[0] as number, out[2] as number);
      expect(mq.freeMsgBatch(swapped, 3)).to.equal(SvmRv.MQ_OUT_OF_ORDER);
      expect(mq.freeMsgBatch(Int32Array.of(3 << 24), 1)).to.equal(SvmRv.MQ_BAD_MSG);
      expect([mq.ringSize(0), mq.ringSize(1)]).to.deep.equal([2, 1]);
      expect(mq.freeMsgBatch(out, 3)).to.equal(SvmRv.OK);
      expect([mq.ringSize(0), mq.ringSize(1)]).to.deep.equal([0, 0]);
    });
  });

  describe('signalling', () => {
    it('signals only when the queue goes from empty to non-empty', () => {
      const { mq } = makeMq({ qNitems: 8, rings: [{ nitems: 8, elsize: 4 }] });
      post(mq, 0, 1); post(mq, 0, 2); post(mq, 0, 3);
      expect(mq.nProdSignals).to.equal(1);
      expect(mq.eventfd?.count()).to.equal(1);
      take(mq); take(mq);
      post(mq, 0, 4);
      expect(mq.nProdSignals).to.equal(1);
      take(mq); take(mq);
      post(mq, 0, 5);
      expect(mq.nProdSignals).to.equal(2);
      expect(mq.nConsSignals).to.equal(0);
    });

    it('signals from sub_raw only when the pre-decrement size was maxsize', () => {
      const { mq } = makeMq({ qNitems: 2, rings: [{ nitems: 8, elsize: 4 }] });
      post(mq, 0, 1); post(mq, 0, 2);
      expect(mq.isFull()).to.equal(true);
      mq.freeMsg(mq.subRaw());
      expect(mq.nConsSignals).to.equal(1);
      mq.freeMsg(mq.subRaw());
      expect(mq.nConsSignals).to.equal(1);
    });

    it('signals from free_msg only when the ring was full', () => {
      const { mq } = makeMq({ qNitems: 8, rings: [{ nitems: 2, elsize: 4 }] });
      post(mq, 0, 1); post(mq, 0, 2);
      const a = mq.subRaw();
      const b = mq.subRaw();
      expect(mq.nConsSignals).to.equal(0);
      mq.freeMsg(a);
      expect(mq.nConsSignals).to.equal(1);
      mq.freeMsg(b);
      expect(mq.nConsSignals).to.equal(1);
    });

    it('signals once from sub_raw_batch when the queue was full', () => {
      const { mq } = makeMq({ qNitems: 4, rings: [{ nitems: 8, elsize: 4 }] });
      for (let i = 0; i < 4; i++) post(mq, 0, i);
      const out = new Int32Array(4);
      expect(mq.subRawBatch(out, 4)).to.equal(4);
      expect(mq.nConsSignals).to.equal(1);
    });

    it('sends producer and consumer signals to the same eventfd', () => {
      const { mq } = makeMq({ qNitems: 1, rings: [{ nitems: 4, elsize: 4 }] });
      post(mq, 0, 1);
      take(mq);
      expect(mq.nProdSignals).to.equal(1);
      expect(mq.nConsSignals).to.equal(1);
      expect(mq.eventfd?.read()).to.equal(2);
    });

    it('broadcasts the condvar sequence instead when the mq has no eventfd', () => {
      const { mq } = makeMq({ qNitems: 1, rings: [{ nitems: 4, elsize: 4 }] }, { eventfd: false });
      expect(mq.eventfd).to.equal(null);
      const seq = (): number => Atomics.load(mq.i32, mq.base + kMqCondSeq);
      post(mq, 0, 1);
      expect(seq()).to.equal(1);
      take(mq);
      expect(seq()).to.equal(2);
      expect([mq.nProdSignals, mq.nConsSignals]).to.deep.equal([1, 1]);
    });

    it('wakes the polling vlib thread through the notifier after the eventfd is readable', () => {
      const seg = SvmSegment.create('notify', 1 << 16);
      const off = seg.allocMsgQ(small);
      const calls: Array<[number, boolean]> = [];
      let mq: SvmMsgQ | null = null;
      mq = seg.msgQ(off, { notifier: { fileReady: (t) => calls.push([t, mq?.eventfd?.isReadable(0) ?? false]) } });
      post(mq, 0, 1);
      expect(calls).to.deep.equal([]);
      take(mq);
      mq.eventfd?.register(3);
      post(mq, 0, 2);
      expect(calls).to.deep.equal([[3, true]]);
      post(mq, 0, 3);
      expect(calls).to.have.length(1);
    });
  });
});
