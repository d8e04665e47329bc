// src/svm/svm-codes.ts: the negative return codes of svm hot paths, in one table.
// VPP's own numbers where VPP has them (svm_msg_q −1/−2, svm_fifo_err_t, errno), vppsim's
// below −200 where VPP would ASSERT or has no check at all (malformed messages).
// Hot paths return these numbers; nothing on them throws.

/**
 * One row per code: symbol, value, text. Values may repeat where VPP reuses one (−2 is both
 * "mq full" and "mq empty" for `svm_msg_q_sub` SVM_Q_NOWAIT, and SVM_FIFO_EFULL).
 * Models: src/svm/message_queue.c (svm_msg_q_lock_and_alloc_msg_w_ring, svm_msg_q_add,
 * svm_msg_q_sub), src/svm/svm_fifo.h svm_fifo_err_t, errno.h.
 */
const svmCodeTable = [
  ['OK', 0, 'ok'],
  ['MQ_LOCK_FAILED', -1, 'could not lock the message queue'],
  ['MQ_FULL', -2, 'message queue or ring full'],
  ['MQ_EMPTY', -2, 'message queue empty'],
  ['FIFO_EFULL', -2, 'fifo full'],
  ['FIFO_EEMPTY', -3, 'fifo empty'],
  ['EAGAIN', -11, 'resource temporarily unavailable'],
  ['ETIMEDOUT', -110, 'timed out'],
  ['MQ_OUT_OF_ORDER', -201, 'message freed out of order'],
  ['MQ_BAD_MSG', -202, 'message reference out of range'],
  ['MSG_UNKNOWN_TYPE', -210, 'unknown event type'],
  ['MSG_WRONG_RING', -211, 'event type not allowed on this ring'],
  ['MSG_BAD_LENGTH', -212, 'message length does not match its type'],
  ['MSG_BAD_FIELD', -213, 'message field out of range'],
] as const;

type SvmCodeName = (typeof svmCodeTable)[number][0];

/** The codes by symbol: `SvmRv.MQ_FULL === -2`. */
export const SvmRv = Object.freeze(Object.fromEntries(svmCodeTable.map(([n, v]) => [n, v]))) as {
  readonly [K in SvmCodeName]: Extract<(typeof svmCodeTable)[number], readonly [K, number, string]>[1];
};

/**
 * Text for a code, e.g. for a counter's reason column. For values VPP reuses (−2) the first
 * row wins: "message queue or ring full". Unknown values print as `error <n>`.
 */
export function formatSvmRv (rv: number): string {
  for (const [, v, text] of svmCodeTable) if (v === rv) return text;
  return `error ${rv}`;
}

/** Symbol of a code (first row with that value), or `UNKNOWN`. */
export function svmRvName (rv: number): string {
  for (const [n, v] of svmCodeTable) if (v === rv) return n;
  return 'UNKNOWN';
}
