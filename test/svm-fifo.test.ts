// svm_fifo: enqueue/dequeue/peek/drop with VPP's return codes, wrap-around of the ring and of the
// 32-bit positions, the has-event flag, and dequeue notifications (svm_fifo_needs_deq_ntf).

import { expect } from 'chai';
import { SvmFifo, SvmFifoDeqNtf, copyBytes, kFifoLoopCopyMax, kFifoWholeSetMin } from '../src/svm/fifo.js';
import { kFifoHead, kFifoTail } from '../src/svm/fifo-layout.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SvmRv } from '../src/svm/svm-codes.js';

function makeFifo (size: number): SvmFifo {
  const seg = SvmSegment.create('fifo', 1 << 20);
  return seg.fifo(seg.allocFifo(size));
}

const bytes = (n: number, from = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (from + i) & 255);

describe('svm fifo', () => {
  describe('data', () => {
    it('dequeues what was enqueued, in order', () => {
      const f = makeFifo(64);
      expect(f.enqueue(10, bytes(10))).to.equal(10);
      expect(f.maxDequeue()).to.equal(10);
      expect(f.maxEnqueue()).to.equal(54);
      const out = new Uint8Array(10);
      expect(f.dequeue(10, out)).to.equal(10);
      expect(Array.from(out)).to.deep.equal(Array.from(bytes(10)));
      expect(f.isEmpty()).to.equal(true);
    });

    it('enqueues only what fits and returns −2 (SVM_FIFO_EFULL) when full', () => {
      const f = makeFifo(16);
      expect(f.enqueue(20, bytes(20))).to.equal(16);
      expect(f.isFull()).to.equal(true);
      expect(f.enqueue(1, bytes(1))).to.equal(SvmRv.FIFO_EFULL);
      expect(SvmRv.FIFO_EFULL).to.equal(-2);
    });

    it('dequeues at most what is there and returns −3 (SVM_FIFO_EEMPTY) when empty', () => {
      const f = makeFifo(16);
      const out = new Uint8Array(16);
      expect(f.dequeue(4, out)).to.equal(SvmRv.FIFO_EEMPTY);
      f.enqueue(3, bytes(3));
      expect(f.dequeue(10, out)).to.equal(3);
      expect(SvmRv.FIFO_EEMPTY).to.equal(-3);
    });

    it('copies from and to the given offsets of the caller buffers', () => {
      const f = makeFifo(32);
      const src = bytes(20, 100);
      expect(f.enqueue(5, src, 7)).to.equal(5);
      const out = new Uint8Array(12).fill(0xee);
      expect(f.dequeue(5, out, 4)).to.equal(5);
      expect(Array.from(out)).to.deep.equal([0xee, 0xee, 0xee, 0xee, 107, 108, 109, 110, 111, 0xee, 0xee, 0xee]);
    });

    it('wraps around the ring with chunks of odd sizes and keeps the byte order', () => {
      const f = makeFifo(16);
      let wrote = 0;
      let read = 0;
      const out = new Uint8Array(16);
      for (let i = 0; i < 500; i++) {
        const n = f.enqueue(1 + (i % 7), bytes(16, wrote), 0);
        if (n > 0) wrote += n;
        const m = f.dequeue(1 + (i % 5), out);
        if (m > 0) {
          for (let k = 0; k < m; k++) expect(out[k]).to.equal((read + k) & 255);
          read += m;
        }
      }
      expect(read).to.be.above(1000);
      expect(f.tail).to.equal(wrote);
    });

    it('wraps around the ring with copies long enough to take the set(subarray) path', () => {
      const f = makeFifo(1024);
      const src = bytes(4096);
      const out = new Uint8Array(700);
      let pos = 0;
      for (let i = 0; i < 20; i++) {
        expect(f.enqueue(700, src, pos & 2047)).to.equal(700);
        expect(f.dequeue(700, out)).to.equal(700);
        for (let k = 0; k < 700; k += 97) expect(out[k]).to.equal(src[(pos & 2047) + k]);
        pos += 700;
      }
      expect(700).to.be.above(kFifoLoopCopyMax);
    });

    it('keeps working when the 32-bit head and tail positions wrap past 2^32', () => {
      const f = makeFifo(64);
      Atomics.store(f.i32, f.base + kFifoHead, -20);
      Atomics.store(f.i32, f.base + kFifoTail, -20);
      const out = new Uint8Array(48);
      expect(f.enqueue(48, bytes(48))).to.equal(48);
      expect(f.maxDequeue()).to.equal(48);
      expect(f.maxEnqueue()).to.equal(16);
      expect(f.dequeue(48, out)).to.equal(48);
      expect(Array.from(out)).to.deep.equal(Array.from(bytes(48)));
      expect(f.head).to.equal(28);
    });

    it('peeks at an offset without freeing, with VPP\'s 0 and −3 edge returns', () => {
      const f = makeFifo(32);
      const out = new Uint8Array(8);
      expect(f.peek(0, 4, out)).to.equal(SvmRv.FIFO_EEMPTY);
      expect(f.peek(3, 4, out)).to.equal(0);
      f.enqueue(10, bytes(10));
      expect(f.peek(4, 8, out)).to.equal(6);
      expect(Array.from(out.subarray(0, 6))).to.deep.equal([4, 5, 6, 7, 8, 9]);
      expect(f.peek(10, 1, out)).to.equal(0);
      expect(f.maxDequeue()).to.equal(10);
    });

    it('peeks across the wrap', () => {
      const f = makeFifo(16);
      f.enqueue(12, bytes(12));
      f.dequeueDrop(12);
      f.enqueue(10, bytes(10, 50));
      const out = new Uint8Array(6);
      expect(f.peek(2, 6, out)).to.equal(6);
      expect(Array.from(out)).to.deep.equal([52, 53, 54, 55, 56, 57]);
    });

    it('drops bytes without copying (dequeue_drop) and all of them (dequeue_drop_all)', () => {
      const f = makeFifo(32);
      expect(f.dequeueDrop(4)).to.equal(SvmRv.FIFO_EEMPTY);
      f.enqueue(10, bytes(10));
      expect(f.dequeueDrop(4)).to.equal(4);
      const out = new Uint8Array(2);
      f.dequeue(2, out);
      expect(Array.from(out)).to.deep.equal([4, 5]);
      expect(f.dequeueDrop(100)).to.equal(4);
      f.enqueue(5, bytes(5));
      f.dequeueDropAll();
      expect(f.isEmpty()).to.equal(true);
    });

    it('moves the tail over bytes written in place (enqueue_nocopy)', () => {
      const f = makeFifo(16);
      f.u8[f.dataByte] = 77;
      f.enqueueNocopy(1);
      const out = new Uint8Array(1);
      expect(f.dequeue(1, out)).to.equal(1);
      expect(out[0]).to.equal(77);
    });

    it('copies the same bytes by loop, by set(subarray) and by set of a whole source array', () => {
      for (const n of [0, 1, 3, 4, 5, kFifoLoopCopyMax - 1, kFifoLoopCopyMax, 1000]) {
        const src = bytes(n + 9, 3);
        const dst = new Uint8Array(n + 20);
        copyBytes(dst, 5, src, 2, n);
        expect(Array.from(dst.subarray(5, 5 + n))).to.deep.equal(Array.from(src.subarray(2, 2 + n)));
        expect(dst[4]).to.equal(0);
        expect(dst[5 + n]).to.equal(0);
      }
      for (const n of [kFifoWholeSetMin - 1, kFifoWholeSetMin, 300]) { // a whole source array
        const src = bytes(n, 1);
        const dst = new Uint8Array(n + 2);
        copyBytes(dst, 1, src, 0, n);
        expect(Array.from(dst.subarray(1, 1 + n))).to.deep.equal(Array.from(src));
        expect([dst[0], dst[n + 1]]).to.deep.equal([0, 0]);
      }
    });
  });

  describe('event flag', () => {
    it('returns true from setEvent only when the flag goes from 0 to 1', () => {
      const f = makeFifo(16);
      expect(f.hasEvent()).to.equal(false);
      expect(f.setEvent()).to.equal(true);
      expect(f.setEvent()).to.equal(false);
      expect(f.hasEvent()).to.equal(true);
      f.unsetEvent();
      expect(f.hasEvent()).to.equal(false);
      expect(f.setEvent()).to.equal(true);
    });
  });

  describe('dequeue notifications', () => {
    it('never asks for a notification when none is wanted', () => {
      const f = makeFifo(16);
      f.enqueue(16, bytes(16));
      expect(f.dequeueDrop(16)).to.equal(16);
      expect(f.needsDeqNtf(16)).to.equal(false);
    });

    it('asks with WANT_DEQ_NOTIF once deq_thresh bytes are free, and clearDeqNtf clears WANT', () => {
      const f = makeFifo(16);
      f.deqThresh = 8;
      f.addWantDeqNtf(SvmFifoDeqNtf.Want);
      f.enqueue(16, bytes(16));
      f.dequeueDrop(4);
      expect(f.needsDeqNtf(4)).to.equal(false);
      f.dequeueDrop(4);
      expect(f.needsDeqNtf(4)).to.equal(true);
      f.clearDeqNtf();
      expect(f.getWantDeqNtf()).to.equal(SvmFifoDeqNtf.None);
      expect(f.hasDeqNtf()).to.equal(false);
      expect(f.needsDeqNtf(4)).to.equal(false);
    });

    it('asks with IF_FULL only for the dequeue that leaves full, once until reset', () => {
      const f = makeFifo(16);
      f.addWantDeqNtf(SvmFifoDeqNtf.IfFull);
      f.enqueue(12, bytes(12));
      f.dequeueDrop(2);
      expect(f.needsDeqNtf(2)).to.equal(false);
      f.enqueue(6, bytes(6));
      expect(f.isFull()).to.equal(true);
      f.dequeueDrop(3);
      expect(f.needsDeqNtf(3)).to.equal(true);
      f.clearDeqNtf();
      expect(f.hasDeqNtf()).to.equal(true);
      expect(f.getWantDeqNtf()).to.equal(SvmFifoDeqNtf.IfFull);
      f.enqueue(3, bytes(3));
      f.dequeueDrop(1);
      expect(f.needsDeqNtf(1)).to.equal(false);
      f.resetHasDeqNtf();
      f.enqueue(1, bytes(1));
      f.dequeueDrop(1);
      expect(f.needsDeqNtf(1)).to.equal(true);
    });

    it('asks with IF_EMPTY when a dequeue empties the fifo, once until reset', () => {
      const f = makeFifo(16);
      f.addWantDeqNtf(SvmFifoDeqNtf.IfEmpty);
      f.enqueue(5, bytes(5));
      f.dequeueDrop(3);
      expect(f.needsDeqNtf(3)).to.equal(false);
      f.dequeueDrop(2);
      expect(f.needsDeqNtf(2)).to.equal(true);
      f.clearDeqNtf();
      expect(f.needsDeqNtf(0)).to.equal(false);
      f.resetHasDeqNtf();
      expect(f.needsDeqNtf(0)).to.equal(true);
      f.delWantDeqNtf(SvmFifoDeqNtf.IfEmpty);
      expect(f.needsDeqNtf(0)).to.equal(false);
    });

    it("lets WANT_DEQ_NOTIF decide alone when it is set with IF_FULL (VPP's else-if)", () => {
      const f = makeFifo(16);
      f.deqThresh = 16;
      f.addWantDeqNtf(SvmFifoDeqNtf.Want | SvmFifoDeqNtf.IfFull);
      f.enqueue(16, bytes(16));
      f.dequeueDrop(1);
      expect(f.needsDeqNtf(1)).to.equal(false);
    });
  });
});
