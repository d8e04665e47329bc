// Control messages in the ctrl ring's 256-byte slots: the layout table and its views, encode and
// decode of every message, and rejection and counting of malformed ones without throwing.

import { expect } from 'chai';
import {
  CtrlField, CtrlMsg, N_CTRL_FIELDS, appSendCtrlEvtToVpp, ctrlFieldNames, ctrlMsgBodyBytes, ctrlMsgDecode,
  ctrlMsgEncode, ctrlMsgField, ctrlMsgFieldOffset, ctrlMsgHasLayout, ctrlMsgTable, ctrlMsgTypes, formatCtrlMsg,
} from '../src/svm/ctrl-messages.js';
import { type SvmMsgQ } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import {
  SESSION_CTRL_BODY_MAX, SESSION_INVALID_HANDLE, SESSION_MQ_CTRL_EVT_RING, SESSION_MQ_IO_EVT_RING, SessionEvtType,
  appSendIoEvtToVpp, kEvtData, kEvtMsgLen, kEvtPostponed, kEvtType, sessionHandle,
} from '../src/svm/session-event.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import { SvmRv } from '../src/svm/svm-codes.js';

function rxMq (): SvmMsgQ {
  const seg = SvmSegment.create('ctrl', 1 << 20);
  return seg.msgQ(seg.allocMsgQ(appRxMqCfg()));
}

/** A value that fits field `name` of width `kind`, different per field and per message. */
function sample (kind: string, i: number): number {
  switch (kind) {
    case 'u8': return (i * 7 + 3) & 1;
    case 'u16': return 1000 + i * 13;
    case 'i32': return -(i + 1);
    case 'u64': return sessionHandle(i + 1, 0x80000000 + i);
    case 'ip4': return 0xc0a80000 + i;
    default: return 0x80000000 + i * 101;
  }
}

function fill (type: number, seed: number): CtrlMsg {
  const m = new CtrlMsg().reset(type);
  const row = ctrlMsgTable.find((r) => SessionEvtType[r.type] === type);
  row?.fields.forEach((f, i) => m.set(CtrlField[f[0]], sample(f[1], seed + i)));
  return m;
}

/** Allocates a ctrl element, encodes `m`, lets `corrupt` scribble, adds it. */
function postCtrl (mq: SvmMsgQ, m: CtrlMsg, corrupt: (off: number) => void = () => {}): void {
  const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_CTRL_EVT_RING, true);
  expect(msg).to.be.at.least(0);
  expect(ctrlMsgEncode(mq, msg, m)).to.equal(SvmRv.OK);
  corrupt(mq.msgData(msg));
  mq.addAndUnlock(msg);
}

describe('svm ctrl messages', () => {
  describe('layout table', () => {
    it('has a layout for every app↔vpp message of vpp-notes §D', () => {
      const want = ['LISTEN', 'BOUND', 'UNLISTEN', 'UNLISTEN_REPLY', 'CONNECT', 'CONNECTED', 'ACCEPTED', 'ACCEPTED_REPLY',
        'DISCONNECT', 'DISCONNECTED', 'DISCONNECTED_REPLY', 'RESET', 'RESET_REPLY', 'SHUTDOWN', 'CLEANUP',
        'WORKER_UPDATE', 'WORKER_UPDATE_REPLY', 'APP_DETACH'] as const;
      for (const w of want) expect(ctrlMsgHasLayout(SessionEvtType[`CTRL_EVT_${w}`]), w).to.equal(true);
      expect(ctrlMsgHasLayout(SessionEvtType.IO_EVT_TX)).to.equal(false);
      expect(ctrlMsgHasLayout(SessionEvtType.CTRL_EVT_RPC)).to.equal(false);
      expect(ctrlMsgTypes).to.have.length(ctrlMsgTable.length);
    });

    it('gives a field the same id in every message and aligns it naturally after the 4-byte header', () => {
      expect(ctrlFieldNames).to.have.length(N_CTRL_FIELDS);
      const ctx = CtrlField.context;
      expect(ctrlMsgFieldOffset(SessionEvtType.CTRL_EVT_CONNECTED, ctx)).to.equal(kEvtData);
      expect(ctrlMsgFieldOffset(SessionEvtType.CTRL_EVT_LISTEN, ctx)).to.equal(kEvtData + 4);
      expect(ctrlMsgFieldOffset(SessionEvtType.CTRL_EVT_CLEANUP, ctx)).to.equal(-1);
      for (const row of ctrlMsgTable) {
        const t = SessionEvtType[row.type];
        expect(ctrlMsgBodyBytes(t) % 4).to.equal(0);
        expect(ctrlMsgBodyBytes(t)).to.be.at.most(SESSION_CTRL_BODY_MAX);
        for (const f of row.fields) {
          const o = ctrlMsgFieldOffset(t, CtrlField[f[0]]);
          const align = f[1] === 'u8' ? 1 : f[1] === 'u16' ? 2 : 4;
          expect(o % align, `${row.type}.${f[0]}`).to.equal(0);
        }
      }
      expect(ctrlMsgBodyBytes(SessionEvtType.CTRL_EVT_APP_DETACH)).to.equal(8);
      expect(ctrlMsgBodyBytes(SessionEvtType.CTRL_EVT_CLEANUP)).to.equal(12);
    });
  });

  describe('encode and decode', () => {
    it('round-trips every message type with its fields', () => {
      const mq = rxMq();
      const out = new CtrlMsg();
      for (const [i, row] of ctrlMsgTable.entries()) {
        const t = SessionEvtType[row.type];
        const m = fill(t, i * 3);
        postCtrl(mq, m);
        const msg = mq.subRaw();
        expect(ctrlMsgDecode(mq, msg, out), row.type).to.equal(t);
        expect(out.eventType).to.equal(t);
        for (const f of row.fields) expect(out.get(CtrlField[f[0]]), `${row.type}.${f[0]}`).to.equal(m.get(CtrlField[f[0]]));
        expect(mq.freeMsg(msg)).to.equal(SvmRv.OK);
      }
      expect(mq.nMalformed).to.equal(0);
    });

    it('keeps an invalid (~0) handle and a negative retval', () => {
      const mq = rxMq();
      const m = new CtrlMsg().reset(SessionEvtType.CTRL_EVT_CONNECTED)
        .set(CtrlField.context, 7).set(CtrlField.retval, -7).set(CtrlField.handle, SESSION_INVALID_HANDLE);
      postCtrl(mq, m);
      const out = new CtrlMsg();
      expect(ctrlMsgDecode(mq, mq.subRaw(), out)).to.equal(SessionEvtType.CTRL_EVT_CONNECTED);
      expect([out.get(CtrlField.context), out.get(CtrlField.retval), out.get(CtrlField.handle)]).to.deep.equal([7, -7, -1]);
    });

    it('reads single fields straight from the slot', () => {
      const mq = rxMq();
      const h = sessionHandle(1, 42);
      postCtrl(mq, new CtrlMsg().reset(SessionEvtType.CTRL_EVT_ACCEPTED).set(CtrlField.handle, h).set(CtrlField.rmtPort, 8080));
      const msg = mq.subRaw();
      expect(ctrlMsgField(mq, msg, CtrlField.handle)).to.equal(h);
      expect(ctrlMsgField(mq, msg, CtrlField.rmtPort)).to.equal(8080);
      expect(ctrlMsgField(mq, msg, CtrlField.retval)).to.be.NaN;
    });

    it('sends a ctrl message to vpp on the ctrl ring (app_send_ctrl_evt_to_vpp)', () => {
      const mq = rxMq();
      const m = fill(SessionEvtType.CTRL_EVT_LISTEN, 1);
      expect(appSendCtrlEvtToVpp(mq, m, true)).to.equal(SvmRv.OK);
      expect(mq.ringSize(SESSION_MQ_CTRL_EVT_RING)).to.equal(1);
      expect(appSendCtrlEvtToVpp(mq, new CtrlMsg().reset(SessionEvtType.CTRL_EVT_RPC), true)).to.equal(SvmRv.MSG_UNKNOWN_TYPE);
      for (let i = 1; i < 64; i++) expect(appSendCtrlEvtToVpp(mq, m, true)).to.equal(SvmRv.OK);
      expect(appSendCtrlEvtToVpp(mq, m, true)).to.equal(SvmRv.MQ_FULL);
    });

    it("formats a message with VPP's symbol, fields in order, hex handles and dotted IPv4", () => {
      const m = new CtrlMsg().reset(SessionEvtType.CTRL_EVT_UNLISTEN_REPLY)
        .set(CtrlField.context, 3).set(CtrlField.handle, sessionHandle(1, 2)).set(CtrlField.retval, -1);
      expect(formatCtrlMsg(m)).to.equal('SESSION_CTRL_EVT_UNLISTEN_REPLY context 3 handle 0x100000002 retval -1');
      const l = new CtrlMsg().reset(SessionEvtType.CTRL_EVT_CLEANUP).set(CtrlField.handle, -1).set(CtrlField.type, 1);
      expect(formatCtrlMsg(l)).to.equal('SESSION_CTRL_EVT_CLEANUP handle ~0 type 1');
      const b = new CtrlMsg().reset(SessionEvtType.CTRL_EVT_LISTEN).set(CtrlField.ip, 0x0a000001).set(CtrlField.port, 1234);
      expect(formatCtrlMsg(b)).to.contain('ip 10.0.0.1').and.to.contain('port 1234');
    });
  });

  describe('malformed messages', () => {
    const connect = (): CtrlMsg => fill(SessionEvtType.CTRL_EVT_CONNECT, 5);
    const cases: Array<[string, (mq: SvmMsgQ, off: number) => void, number]> = [
      ['an unknown event type', (mq, off) => { mq.u8[off + kEvtType] = 250; }, SvmRv.MSG_UNKNOWN_TYPE],
      ['an event type without a body', (mq, off) => { mq.u8[off + kEvtType] = SessionEvtType.IO_EVT_TX; }, SvmRv.MSG_UNKNOWN_TYPE],
      ['a body length that is not the type\'s', (mq, off) => { mq.u8[off + kEvtMsgLen] += 4; }, SvmRv.MSG_BAD_LENGTH],
      ['postponed above 1', (mq, off) => { mq.u8[off + kEvtPostponed] = 2; }, SvmRv.MSG_BAD_FIELD],
      ['is_ip4 above 1', (mq, off) => { mq.u8[off + ctrlMsgFieldOffset(SessionEvtType.CTRL_EVT_CONNECT, CtrlField.isIp4)] = 2; }, SvmRv.MSG_BAD_FIELD],
      ['a handle beyond 2^53 that is not ~0', (mq, off) => { mq.i32[((off + ctrlMsgFieldOffset(SessionEvtType.CTRL_EVT_CONNECT, CtrlField.parentHandle)) >> 2) + 1] = 0x7fffffff; }, SvmRv.MSG_BAD_FIELD],
    ];
    for (const [what, corrupt, code] of cases) {
      it(`rejects ${what} with ${code}, counts it, and decodes the next message normally`, () => {
        const mq = rxMq();
        postCtrl(mq, connect(), (off) => corrupt(mq, off));
        postCtrl(mq, connect());
        const out = new CtrlMsg();
        const bad = mq.subRaw();
        expect(ctrlMsgDecode(mq, bad, out)).to.equal(code);
        expect(mq.nMalformed).to.equal(1);
        expect(mq.lastMalformedCode).to.equal(code);
        expect(mq.freeMsg(bad)).to.equal(SvmRv.OK);
        expect(ctrlMsgDecode(mq, mq.subRaw(), out)).to.equal(SessionEvtType.CTRL_EVT_CONNECT);
        expect(mq.nMalformed).to.equal(1);
      });
    }

    it('rejects a reference to the IO ring', () => {
      const mq = rxMq();
      appSendIoEvtToVpp(mq, 1, SessionEvtType.IO_EVT_TX, true);
      expect(ctrlMsgDecode(mq, mq.subRaw(), new CtrlMsg())).to.equal(SvmRv.MSG_WRONG_RING);
      expect(SESSION_MQ_IO_EVT_RING).to.equal(0);
      expect(mq.nMalformed).to.equal(1);
    });

    it('never throws on random slot contents, and counts every rejection', () => {
      const mq = rxMq();
      const out = new CtrlMsg();
      let seed = 12345;
      const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
      let rejected = 0;
      let accepted = 0;
      for (let i = 0; i < 20000; i++) {
        const msg = mq.lockAndAllocMsgWRing(SESSION_MQ_CTRL_EVT_RING, true);
        const off = mq.msgData(msg);
        for (let b = 0; b < 64; b++) mq.u8[off + b] = rnd() & 255;
        if (i % 3 === 0) { // a plausible header now and then, so some get past the first checks
          mq.u8[off + kEvtType] = ctrlMsgTypes[rnd() % ctrlMsgTypes.length] as number;
          mq.u8[off + kEvtPostponed] = 0;
          const len = ctrlMsgBodyBytes(mq.u8[off + kEvtType] as number);
          mq.u8[off + kEvtMsgLen] = len & 255;
          mq.u8[off + kEvtMsgLen + 1] = 0;
        }
        mq.addAndUnlock(msg);
        const m = mq.subRaw();
        const rv = ctrlMsgDecode(mq, m, out);
        if (rv < 0) rejected++; else accepted++;
        expect(mq.freeMsg(m)).to.equal(SvmRv.OK);
      }
      expect(mq.nMalformed).to.equal(rejected);
      expect(rejected).to.be.above(0);
      expect(accepted).to.be.above(0);
    });
  });
});
