// Segments: the bump allocator, the object walk, and views rebuilt from (SAB, offset) that share
// state with the originals, as a thread given the segment at attach would build them.

import { expect } from 'chai';
import { SvmError } from '../src/errors.js';
import { SvmEventfd } from '../src/svm/eventfd.js';
import { SvmFifo } from '../src/svm/fifo.js';
import { SvmMqLockKind } from '../src/svm/message-queue-layout.js';
import { SvmMsgQ } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SvmObjKind } from '../src/svm/segment-layout.js';
import { SESSION_MQ_IO_EVT_RING, SessionEvent, SessionEvtType, appSendIoEvtToVpp, sessionEvtDecode } from '../src/svm/session-event.js';
import { appRxMqCfg } from '../src/svm/session-mq-cfg.js';
import { SvmRv } from '../src/svm/svm-codes.js';

describe('svm segment', () => {
  it('allocates 64-byte aligned objects and walks them in order with kind and size', () => {
    const seg = SvmSegment.create('app-0-rx-mqs-seg', 1 << 20);
    const mq = seg.allocMsgQ(appRxMqCfg());
    const fifo = seg.allocFifo(4096);
    const raw = seg.alloc(SvmObjKind.Raw, 10);
    const objs = seg.objects();
    expect(objs.map((o) => o.kind)).to.deep.equal([SvmObjKind.Eventfd, SvmObjKind.MsgQ, SvmObjKind.Fifo, SvmObjKind.Raw]);
    expect(objs.map((o) => o.offset)).to.deep.equal([objs[0]?.offset, mq, fifo, raw]);
    for (const o of objs) expect(o.offset % 64).to.equal(0);
    for (let i = 1; i < objs.length; i++) {
      const prev = objs[i - 1];
      expect(objs[i]?.offset).to.be.at.least((prev?.offset ?? 0) + (prev?.size ?? 0) + 16);
    }
    expect(seg.nObjects).to.equal(4);
    expect(seg.kindAt(mq)).to.equal(SvmObjKind.MsgQ);
    expect(seg.kindAt(mq + 64)).to.equal(-1);
  });

  it('honours a larger alignment', () => {
    const seg = SvmSegment.create('align', 1 << 16);
    seg.alloc(SvmObjKind.Raw, 1);
    expect(seg.alloc(SvmObjKind.Raw, 1, 4096) % 4096).to.equal(0);
  });

  it('returns −1 from tryAlloc and throws ERR_SVM_SEGMENT_FULL from alloc when out of space', () => {
    const seg = SvmSegment.create('tiny', 1024);
    expect(seg.tryAlloc(SvmObjKind.Raw, 2000)).to.equal(-1);
    expect(() => seg.allocFifo(4096)).to.throw(SvmError, /segment "tiny" has no room for 4352 bytes/)
      .with.property('code', 'ERR_SVM_SEGMENT_FULL');
    expect(seg.alloc(SvmObjKind.Raw, 100)).to.be.above(0);
  });

  it('reads its name back when attached from the bare SAB', () => {
    const seg = SvmSegment.create('session: wrk-mqs-segment', 4096);
    const again = SvmSegment.attach(seg.sab);
    expect(again.name).to.equal('session: wrk-mqs-segment');
    expect(again.descriptor.sab).to.equal(seg.sab);
  });

  it('refuses a buffer that is not a segment, a bad name, and a view of the wrong kind', () => {
    expect(() => SvmSegment.attach(new SharedArrayBuffer(4096))).to.throw(SvmError, /not an svm segment/);
    expect(() => SvmSegment.create('x'.repeat(65), 4096)).to.throw(RangeError, /segment name must be at most 64 bytes/);
    expect(() => SvmSegment.create('odd', 1000)).to.throw(RangeError, /multiple of 64/);
    const seg = SvmSegment.create('kinds', 1 << 16);
    const fifo = seg.allocFifo(64);
    expect(() => seg.msgQ(fifo)).to.throw(SvmError, /no mq at offset/);
    expect(() => new SvmMsgQ(seg.sab, fifo)).to.throw(SvmError, /no message queue/);
  });

  it('gives an mq its own eventfd and a local lock by default, neither with eventfd: false', () => {
    const seg = SvmSegment.create('modes', 1 << 20);
    const withFd = seg.msgQ(seg.allocMsgQ(appRxMqCfg()));
    expect(withFd.eventfd).to.be.instanceOf(SvmEventfd);
    expect(withFd.lockKind).to.equal(SvmMqLockKind.Local);
    const without = seg.msgQ(seg.allocMsgQ(appRxMqCfg(), { eventfd: false }));
    expect(without.eventfd).to.equal(null);
    expect(without.lockKind).to.equal(SvmMqLockKind.Shared);
    const forced = seg.msgQ(seg.allocMsgQ(appRxMqCfg(), { lockKind: SvmMqLockKind.Shared }));
    expect(forced.lockKind).to.equal(SvmMqLockKind.Shared);
    expect(forced.eventfd).to.not.equal(null);
  });

  it('rebuilds an mq view from (SAB, offset) that sees what the first view posted', () => {
    const seg = SvmSegment.create('app-1-rx-mqs-seg', 1 << 20);
    const offs = [seg.allocMsgQ(appRxMqCfg()), seg.allocMsgQ(appRxMqCfg())];
    const prod = seg.msgQ(offs[1] as number);
    expect(appSendIoEvtToVpp(prod, 77, SessionEvtType.IO_EVT_TX, true)).to.equal(SvmRv.OK);

    // what crosses to the other thread: plain data
    const handoff = structuredClone({ seg: seg.descriptor, mqs: offs });
    const there = SvmSegment.attach(handoff.seg.sab);
    const cons = new SvmMsgQ(there.sab, handoff.mqs[1] as number);
    expect(cons.size()).to.equal(1);
    expect(cons.eventfd?.read()).to.equal(1);
    const msg = cons.subRaw();
    expect(msg >>> 24).to.equal(SESSION_MQ_IO_EVT_RING);
    const evt = new SessionEvent();
    expect(sessionEvtDecode(cons, msg, evt)).to.equal(SessionEvtType.IO_EVT_TX);
    expect(evt.sessionIndex).to.equal(77);
    expect(cons.freeMsg(msg)).to.equal(SvmRv.OK);
    expect(prod.ringSize(0)).to.equal(0);
    expect(new SvmMsgQ(there.sab, offs[0] as number).size()).to.equal(0);
  });

  it('rebuilds fifo and eventfd views from (SAB, offset) that share their state', () => {
    const seg = SvmSegment.create('fifos', 1 << 16);
    const fOff = seg.allocFifo(256);
    const eOff = seg.allocEventfd();
    const f1 = seg.fifo(fOff);
    const f2 = new SvmFifo(SvmSegment.attach(seg.sab).sab, fOff);
    f1.enqueue(3, Uint8Array.of(1, 2, 3));
    expect(f2.setEvent()).to.equal(true);
    expect(f1.hasEvent()).to.equal(true);
    const out = new Uint8Array(3);
    expect(f2.dequeue(3, out)).to.equal(3);
    expect(Array.from(out)).to.deep.equal([1, 2, 3]);
    expect(f1.isEmpty()).to.equal(true);
    const e1 = seg.eventfd(eOff);
    const e2 = new SvmEventfd(seg.sab, eOff);
    e1.register(4);
    e1.write(2);
    expect(e2.pollThreadIndex).to.equal(4);
    expect(e2.read()).to.equal(2);
  });
});
