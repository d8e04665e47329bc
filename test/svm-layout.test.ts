// The shared-memory layouts of src/svm: named word offsets, one cache line per writer, sizes,
// capacities and masks (style.md "Hot paths").

import { expect } from 'chai';
import * as efd from '../src/svm/eventfd-layout.js';
import * as fifo from '../src/svm/fifo-layout.js';
import * as mq from '../src/svm/message-queue-layout.js';
import * as seg from '../src/svm/segment-layout.js';
import { SvmFifo } from '../src/svm/fifo.js';
import { SvmSegment } from '../src/svm/segment.js';
import { appEvtQCfg, appRxMqCfg, wrkMqCfg } from '../src/svm/session-mq-cfg.js';
import {
  SESSION_CTRL_SLOT_BYTES, SESSION_EVT_BYTES_VPP, SESSION_EVT_SLOT_BYTES, kEvtData, kEvtMsgLen, kEvtPostponed, kEvtType,
} from '../src/svm/session-event.js';

const line = (word: number): number => Math.floor(word * 4 / 64);
const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

describe('svm layouts', () => {
  describe('eventfd', () => {
    it('puts its eight words on one 64-byte line at fixed offsets', () => {
      expect([efd.kEfdWrites, efd.kEfdReadMark, efd.kEfdWaiters, efd.kEfdPollThread, efd.kEfdReads, efd.kEfdNotifies, efd.kEfdMagic])
        .to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
      expect(efd.kEfdWords).to.equal(8);
      expect(efd.kEfdBytes).to.equal(64);
      expect(efd.EFD_POLL_THREAD_NONE).to.equal(-1);
    });
  });

  describe('message queue', () => {
    it('names every header word at the offset its diagram shows', () => {
      expect({
        magic: mq.kMqMagic, nRings: mq.kMqNRings, maxsize: mq.kMqMaxsize, elsize: mq.kMqElsize,
        eventfd: mq.kMqEventfdOffset, lockKind: mq.kMqLockKind, byteLength: mq.kMqByteLength, qData: mq.kMqQDataWord,
        ringDesc: mq.kMqRingDesc, cursize: mq.kMqCursize, ringCursize: mq.kMqRingCursize, head: mq.kMqHead,
        ringHead: mq.kMqRingHead, consSignals: mq.kMqConsSignals, malformed: mq.kMqMalformed, tail: mq.kMqTail,
        ringTail: mq.kMqRingTail, prodSignals: mq.kMqProdSignals, lock: mq.kMqLock, condSeq: mq.kMqCondSeq,
        condWaiters: mq.kMqCondWaiters, header: mq.kMqHeaderWords,
      }).to.deep.equal({
        magic: 0, nRings: 1, maxsize: 2, elsize: 3, eventfd: 4, lockKind: 5, byteLength: 6, qData: 7, ringDesc: 8,
        cursize: 32, ringCursize: 33, head: 48, ringHead: 49, consSignals: 56, malformed: 57, tail: 64, ringTail: 65,
        prodSignals: 72, lock: 73, condSeq: 80, condWaiters: 81, header: 96,
      });
    });

    it('keeps read-only, shared, consumer, producer and condvar words on separate cache lines', () => {
      const lastRing = mq.SVM_MQ_MAX_RINGS - 1;
      expect(line(mq.kMqRingDesc + mq.SVM_MQ_MAX_RINGS * mq.kMqRingDescWords - 1)).to.be.below(line(mq.kMqCursize));
      expect(line(mq.kMqCursize)).to.equal(line(mq.kMqRingCursize + lastRing));
      const consumer = [mq.kMqHead, mq.kMqRingHead + lastRing, mq.kMqConsSignals, mq.kMqMalformed, mq.kMqLastMalformedCode, mq.kMqLastMalformedType];
      const producer = [mq.kMqTail, mq.kMqRingTail + lastRing, mq.kMqProdSignals, mq.kMqLock, mq.kMqLockFailed, mq.kMqFullRejects];
      expect(new Set(consumer.map(line))).to.deep.equal(new Set([line(mq.kMqHead)]));
      expect(new Set(producer.map(line))).to.deep.equal(new Set([line(mq.kMqTail)]));
      const lines = [line(mq.kMqMagic), line(mq.kMqCursize), line(mq.kMqHead), line(mq.kMqTail), line(mq.kMqCondSeq), line(mq.kMqHeaderWords)];
      expect(new Set(lines).size).to.equal(lines.length);
      expect(line(mq.kMqCondSeq)).to.equal(line(mq.kMqCondWaiters));
    });

    it('packs a message reference as ring << 24 | elt', () => {
      expect(mq.SVM_MQ_MSG_ELT_BITS).to.equal(24);
      expect(mq.SVM_MQ_MSG_ELT_MASK).to.equal(0xffffff);
      expect(mq.SVM_MQ_MAX_NITEMS).to.equal(1 << 24);
      expect(mq.SVM_MQ_INVALID_MSG).to.equal(-1);
      expect(mq.kMqEntryBytes).to.equal(4);
    });

    it('sizes an mq as header, q data and 64-byte aligned rings', () => {
      const cfg = appRxMqCfg();
      expect(mq.kMqQDataByte).to.equal(384);
      expect(mq.svmMsgQRingDataByte(cfg, 0)).to.equal(384 + 128 * 4);
      expect(mq.svmMsgQRingDataByte(cfg, 1)).to.equal(384 + 512 + 128 * 20);
      expect(mq.svmMsgQSizeToAlloc(cfg)).to.equal(384 + 512 + 2560 + 64 * 256);
      expect(mq.svmMsgQSizeToAlloc({ qNitems: 3, rings: [{ nitems: 3, elsize: 20 }] }) % 64).to.equal(0);
    });

    it("uses VPP's default geometries, all powers of two", () => {
      const rx = appRxMqCfg();
      expect([rx.qNitems, rx.rings[0]?.nitems, rx.rings[1]?.nitems]).to.deep.equal([128, 128, 64]);
      const rxBig = appRxMqCfg(2048);
      expect([rxBig.qNitems, rxBig.rings[0]?.nitems, rxBig.rings[1]?.nitems]).to.deep.equal([2048, 2048, 1024]);
      expect(appRxMqCfg(16).qNitems).to.equal(128);
      const wrk = wrkMqCfg();
      expect([wrk.qNitems, wrk.rings[0]?.nitems, wrk.rings[1]?.nitems]).to.deep.equal([2048, 2048, 1024]);
      expect(wrkMqCfg(100).qNitems).to.equal(2048);
      const evq = appEvtQCfg();
      expect([evq.qNitems, evq.rings[0]?.nitems, evq.rings[1]?.nitems]).to.deep.equal([128, 128, 16]);
      expect(appEvtQCfg(2048).rings[1]?.nitems).to.equal(128);
      for (const c of [rx, rxBig, wrk, evq]) {
        expect(isPow2(c.qNitems)).to.equal(true);
        for (const r of c.rings) expect(isPow2(r.nitems)).to.equal(true);
        expect(c.rings.map((r) => r.elsize)).to.deep.equal([SESSION_EVT_SLOT_BYTES, SESSION_CTRL_SLOT_BYTES]);
      }
    });

    it('keeps a configured capacity that is not a power of two (wrk-mq-length 100000)', () => {
      const c = wrkMqCfg(100000);
      expect([c.qNitems, c.rings[0]?.nitems, c.rings[1]?.nitems]).to.deep.equal([100000, 100000, 50000]);
    });

    it('refuses geometries VPP could not hold, naming the field', () => {
      expect(() => mq.svmMsgQCheckCfg({ qNitems: 0, rings: [{ nitems: 1, elsize: 4 }] })).to.throw(RangeError, /cfg.qNitems/);
      expect(() => mq.svmMsgQCheckCfg({ qNitems: 1, rings: [] })).to.throw(RangeError, /cfg.rings must have 1..4/);
      expect(() => mq.svmMsgQCheckCfg({ qNitems: 1, rings: [{ nitems: 1, elsize: 18 }] })).to.throw(RangeError, /cfg.rings\[0\].elsize/);
      expect(() => mq.svmMsgQCheckCfg({ qNitems: 1, rings: [{ nitems: 1 << 25, elsize: 4 }] })).to.throw(RangeError, /cfg.rings\[0\].nitems/);
    });
  });

  describe('session event slot', () => {
    it("pads VPP's 18-byte packed event to a 20-byte slot with a 4-byte header", () => {
      expect(SESSION_EVT_BYTES_VPP).to.equal(18);
      expect(SESSION_EVT_SLOT_BYTES).to.equal(20);
      expect(SESSION_CTRL_SLOT_BYTES).to.equal(256);
      expect([kEvtType, kEvtPostponed, kEvtMsgLen, kEvtData]).to.deep.equal([0, 1, 2, 4]);
    });
  });

  describe('fifo', () => {
    it('names its words and keeps signals, head and tail on separate lines', () => {
      expect([fifo.kFifoMagic, fifo.kFifoSize, fifo.kFifoMask, fifo.kFifoDataByte]).to.deep.equal([0, 1, 2, 3]);
      expect([fifo.kFifoHasEvent, fifo.kFifoWantDeqNtf, fifo.kFifoHasDeqNtf, fifo.kFifoDeqThresh]).to.deep.equal([16, 17, 18, 19]);
      expect([fifo.kFifoHead, fifo.kFifoTail]).to.deep.equal([32, 48]);
      const lines = [line(fifo.kFifoMagic), line(fifo.kFifoHasEvent), line(fifo.kFifoHead), line(fifo.kFifoTail)];
      expect(new Set(lines).size).to.equal(4);
      expect(fifo.kFifoHeaderBytes).to.equal(256);
      expect(fifo.svmFifoSizeToAlloc(4096)).to.equal(256 + 4096);
    });

    it('has a power-of-two size and the matching mask', () => {
      const s = SvmSegment.create('layout', 1 << 16);
      for (const size of [16, 1024, 8192]) {
        const f = s.fifo(s.allocFifo(size));
        expect(f.size).to.equal(size);
        expect(f.mask).to.equal(size - 1);
        expect(isPow2(f.size)).to.equal(true);
      }
      expect(() => SvmFifo.init(new SharedArrayBuffer(4096), 0, 1000)).to.throw(RangeError, /power of two/);
    });
  });

  describe('segment', () => {
    it('names its header words and keeps a 16-byte header before each 64-byte aligned object', () => {
      expect([seg.kSegMagic, seg.kSegVersion, seg.kSegByteLength, seg.kSegCursor, seg.kSegNObjects, seg.kSegLock, seg.kSegFirstObj, seg.kSegLastObj, seg.kSegNameLength, seg.kSegName])
        .to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 16]);
      expect(seg.kSegHeaderBytes).to.equal(128);
      expect(seg.SVM_SEGMENT_NAME_MAX).to.equal(64);
      expect([seg.kObjKind, seg.kObjSize, seg.kObjNext, seg.kObjMagic, seg.kObjHeaderBytes]).to.deep.equal([0, 1, 2, 3, 16]);
      expect(seg.kSegObjAlign).to.equal(64);
    });
  });
});
