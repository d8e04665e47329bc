// `show app mq` per-queue text: format_svm_msg_q's " [Q:c/max] [R0:c/n] [R1:c/n]".

import { expect } from 'chai';
import { formatSvmMsgQ } from '../src/svm/message-queue.js';
import { SvmSegment } from '../src/svm/segment.js';
import { SESSION_MQ_CTRL_EVT_RING, SESSION_MQ_IO_EVT_RING, appSendIoEvtToVpp, SessionEvtType } from '../src/svm/session-event.js';
import { appEvtQCfg, appRxMqCfg, wrkMqCfg } from '../src/svm/session-mq-cfg.js';

describe('svm mq formatter', () => {
  const seg = SvmSegment.create('fmt', 32 << 20);

  it("prints a worker mq as VPP's show app mq does by default", () => {
    const mq = seg.msgQ(seg.allocMsgQ(wrkMqCfg(), { eventfd: false }));
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:0/2048] [R0:0/2048] [R1:0/1024]');
  });

  it('prints the configured lengths with wrk-mq-length 100000', () => {
    const mq = seg.msgQ(seg.allocMsgQ(wrkMqCfg(100000), { eventfd: false }));
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:0/100000] [R0:0/100000] [R1:0/50000]');
  });

  it('prints a private rx mq and an app event queue with their default geometries', () => {
    expect(formatSvmMsgQ(seg.msgQ(seg.allocMsgQ(appRxMqCfg())))).to.equal(' [Q:0/128] [R0:0/128] [R1:0/64]');
    expect(formatSvmMsgQ(seg.msgQ(seg.allocMsgQ(appEvtQCfg())))).to.equal(' [Q:0/128] [R0:0/128] [R1:0/16]');
  });

  it('counts queued messages and the elements held on each ring', () => {
    const mq = seg.msgQ(seg.allocMsgQ(appRxMqCfg()));
    for (let i = 0; i < 3; i++) appSendIoEvtToVpp(mq, i, SessionEvtType.IO_EVT_TX, true);
    mq.lock();
    const c = mq.allocMsgWRing(SESSION_MQ_CTRL_EVT_RING);
    mq.addAndUnlock(c);
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:4/128] [R0:3/128] [R1:1/64]');
    const m = mq.subRaw();
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:3/128] [R0:3/128] [R1:1/64]');
    mq.freeMsg(m);
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:3/128] [R0:2/128] [R1:1/64]');
    expect(SESSION_MQ_IO_EVT_RING).to.equal(0);
  });

  it('prints one bracket per ring for other geometries', () => {
    const mq = seg.msgQ(seg.allocMsgQ({ qNitems: 5, rings: [{ nitems: 7, elsize: 4 }] }));
    expect(formatSvmMsgQ(mq)).to.equal(' [Q:0/5] [R0:0/7]');
  });
});
