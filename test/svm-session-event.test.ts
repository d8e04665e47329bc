// Session event types (one table, many views) and ring-0 events: encode/decode, handles, and the
// rejection and counting of malformed events without disturbing the consumer.

import { expect } from 'chai';
import { type SvmMsgQ } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import {
  N_SESSION_EVT_TYPES, SESSION_INVALID_HANDLE, SESSION_MQ_CTRL_EVT_RING, SESSION_MQ_IO_EVT_RING, SessionEvent,
  SessionEvtType, appSendIoEvtToVpp, formatSessionEvtType, kEvtMsgLen, kEvtPostponed, kEvtType, sessionEvtDecode,
  sessionEvtEncode, sessionEvtHasBody, sessionEvtIsCtrl, sessionEvtSessionIndex, sessionEvtType, sessionEvtTypeSymbols,
  sessionHandle, sessionHandleIndex, sessionHandleThread, u64FromWords, u64Hi, u64Lo,
} from '../src/svm/session-event.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import { SvmRv } from '../src/svm/svm-codes.js';

function rxMq (): SvmMsgQ {
  const seg = SvmSegment.create('evt', 1 << 20);
  return seg.msgQ(seg.allocMsgQ(appRxMqCfg()));
}

/** Posts a ring-0 event and lets `corrupt` scribble on its slot before it is added. */
function postRaw (mq: SvmMsgQ, type: number, w0: number, corrupt: (off: number) => void = () => {}): void {
  const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_IO_EVT_RING, true);
  expect(msg).to.be.at.least(0);
  sessionEvtEncode(mq, msg, type, w0);
  corrupt(mq.msgData(msg));
  mq.addAndUnlock(msg);
}

describe('svm session events', () => {
  describe('event type table', () => {
    it("numbers the types in VPP's order, IO first, then control from RPC", () => {
      expect([SessionEvtType.IO_EVT_RX, SessionEvtType.IO_EVT_TX, SessionEvtType.IO_EVT_TX_FLUSH, SessionEvtType.IO_EVT_BUILTIN_RX, SessionEvtType.IO_EVT_TX_MAIN])
        .to.deep.equal([0, 1, 2, 3, 4]);
      expect(SessionEvtType.CTRL_EVT_RPC).to.equal(5);
      expect(SessionEvtType.CTRL_EVT_RESET).to.equal(8);
      expect(SessionEvtType.CTRL_EVT_BOUND).to.equal(9);
      expect(SessionEvtType.CTRL_EVT_LISTEN).to.equal(24);
      expect(SessionEvtType.CTRL_EVT_TERMINATE).to.equal(38);
      expect(N_SESSION_EVT_TYPES).to.equal(39);
    });

    it("derives VPP's symbols and the ctrl and body predicates from the same table", () => {
      expect(sessionEvtTypeSymbols[1]).to.equal('SESSION_IO_EVT_TX');
      expect(formatSessionEvtType(SessionEvtType.CTRL_EVT_CONNECTED)).to.equal('SESSION_CTRL_EVT_CONNECTED');
      expect(formatSessionEvtType(200)).to.equal('unknown 200');
      expect(sessionEvtIsCtrl(SessionEvtType.IO_EVT_TX_MAIN)).to.equal(false);
      expect(sessionEvtIsCtrl(SessionEvtType.CTRL_EVT_RPC)).to.equal(true);
      expect(sessionEvtHasBody(SessionEvtType.CTRL_EVT_RESET)).to.equal(false);
      expect(sessionEvtHasBody(SessionEvtType.CTRL_EVT_BOUND)).to.equal(true);
    });
  });

  describe('handles', () => {
    it('packs thread and session index as VPP does and round-trips through two words', () => {
      const h = sessionHandle(3, 0xfffffffe);
      expect(sessionHandleThread(h)).to.equal(3);
      expect(sessionHandleIndex(h)).to.equal(0xfffffffe);
      expect(u64FromWords(u64Lo(h), u64Hi(h))).to.equal(h);
      expect(u64FromWords(-1, -1)).to.equal(SESSION_INVALID_HANDLE);
      expect([u64Lo(SESSION_INVALID_HANDLE), u64Hi(SESSION_INVALID_HANDLE)]).to.deep.equal([-1, -1]);
      expect(u64FromWords(0, 1 << 21)).to.be.NaN;
    });
  });

  describe('ring-0 events', () => {
    it('round-trips an IO event with its session index through encode and decode', () => {
      const mq = rxMq();
      expect(appSendIoEvtToVpp(mq, 12345, SessionEvtType.IO_EVT_TX, true)).to.equal(SvmRv.OK);
      const msg = mq.subRaw();
      expect(sessionEvtType(mq, msg)).to.equal(SessionEvtType.IO_EVT_TX);
      expect(sessionEvtSessionIndex(mq, msg)).to.equal(12345);
      const evt = new SessionEvent();
      expect(sessionEvtDecode(mq, msg, evt)).to.equal(SessionEvtType.IO_EVT_TX);
      expect([evt.eventType, evt.postponed, evt.sessionIndex]).to.deep.equal([SessionEvtType.IO_EVT_TX, 0, 12345]);
      expect(mq.freeMsg(msg)).to.equal(SvmRv.OK);
      expect(mq.nMalformed).to.equal(0);
    });

    it('carries a session handle in the union for internal ctrl events', () => {
      const mq = rxMq();
      const h = sessionHandle(2, 99);
      postRaw(mq, SessionEvtType.CTRL_EVT_CLOSE, u64Lo(h));
      const evt = new SessionEvent();
      const msg = mq.subRaw();
      mq.i32[(mq.msgData(msg) + 8) >> 2] = u64Hi(h);
      expect(sessionEvtDecode(mq, msg, evt)).to.equal(SessionEvtType.CTRL_EVT_CLOSE);
      expect(evt.sessionHandle).to.equal(h);
      expect(evt.threadIndex).to.equal(2);
    });

    it('returns −1 and −2 from appSendIoEvtToVpp when locked and when the IO ring is full', () => {
      const mq = rxMq();
      mq.lock();
      expect(appSendIoEvtToVpp(mq, 1, SessionEvtType.IO_EVT_TX, true)).to.equal(SvmRv.MQ_LOCK_FAILED);
      mq.unlock();
      for (let i = 0; i < 128; i++) expect(appSendIoEvtToVpp(mq, i, SessionEvtType.IO_EVT_TX, true)).to.equal(SvmRv.OK);
      expect(appSendIoEvtToVpp(mq, 1, SessionEvtType.IO_EVT_TX, true)).to.equal(SvmRv.MQ_FULL);
    });
  });

  describe('malformed events', () => {
    const cases: Array<[string, number, (mq: SvmMsgQ, off: number) => void, number]> = [
      ['an unknown event type', 200, () => {}, SvmRv.MSG_UNKNOWN_TYPE],
      ['a ctrl type with a body on the IO ring', SessionEvtType.CTRL_EVT_CONNECT, () => {}, SvmRv.MSG_WRONG_RING],
      ['postponed above 1', SessionEvtType.IO_EVT_RX, (mq, off) => { mq.u8[off + kEvtPostponed] = 7; }, SvmRv.MSG_BAD_FIELD],
      ['a non-zero body length', SessionEvtType.IO_EVT_RX, (mq, off) => { mq.u8[off + kEvtMsgLen] = 16; }, SvmRv.MSG_BAD_LENGTH],
    ];
    for (const [what, type, corrupt, code] of cases) {
      it(`rejects ${what} with ${code}, counts it, and decodes the next event normally`, () => {
        const mq = rxMq();
        postRaw(mq, type, 5, (off) => corrupt(mq, off));
        appSendIoEvtToVpp(mq, 6, SessionEvtType.IO_EVT_RX, true);
        const evt = new SessionEvent();
        const bad = mq.subRaw();
        expect(sessionEvtDecode(mq, bad, evt)).to.equal(code);
        expect(mq.freeMsg(bad)).to.equal(SvmRv.OK);
        expect(mq.nMalformed).to.equal(1);
        expect(mq.lastMalformedCode).to.equal(code);
        expect(mq.lastMalformedType).to.equal(mq.u8[mq.msgData(bad) + kEvtType]);
        const good = mq.subRaw();
        expect(sessionEvtDecode(mq, good, evt)).to.equal(SessionEvtType.IO_EVT_RX);
        expect(evt.sessionIndex).to.equal(6);
        expect(mq.nMalformed).to.equal(1);
      });
    }

    it('rejects references that are out of range or point at the ctrl ring', () => {
      const mq = rxMq();
      const evt = new SessionEvent();
      expect(sessionEvtDecode(mq, (3 << 24) | 0, evt)).to.equal(SvmRv.MQ_BAD_MSG);
      expect(sessionEvtDecode(mq, 1000, evt)).to.equal(SvmRv.MQ_BAD_MSG);
      expect(sessionEvtDecode(mq, -1, evt)).to.equal(SvmRv.MQ_BAD_MSG);
      expect(sessionEvtDecode(mq, (SESSION_MQ_CTRL_EVT_RING << 24) | 0, evt)).to.equal(SvmRv.MSG_WRONG_RING);
      expect(mq.nMalformed).to.equal(4);
    });
  });
});
