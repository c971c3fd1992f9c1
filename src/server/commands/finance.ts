/**
 * The finance review's decisions (issue 20), planned on the draft like any order change, so each
 * is audited and undoable (undo puts the review status, reason and time back):
 * - finance.release { orderId, reason }: a payment the check held (difference over ¥5) goes ahead;
 *   the reason is kept on the order and in a `finance_release` event.
 * - finance.pass { orderId, reason? }: an order still `pending` (written before the review
 *   existed) is passed by hand; a held order needs a release with a reason instead.
 */
import type { PassArgs, ReleaseArgs } from '@shared/promotions';
import type { Draft } from '@server/commands/draft';

export function planRelease(d: Draft, p: ReleaseArgs): void {
  d.named++;
  const order = d.get('order', p.orderId);
  if (!order) return d.fail('not_found', `order ${p.orderId} not found`);
  if (order.reviewStatus !== 'held') return d.fail('wrong_status', `order ${p.orderId} is ${String(order.reviewStatus)}, not held: only a held payment is released`);
  d.set('order', p.orderId, { reviewStatus: 'released', reviewReason: p.reason, reviewedAt: d.world.nowIso ?? null }, true);
  d.event({ orderId: p.orderId, kind: 'finance_release', stage: Number(order.stage), note: p.reason, cause: null });
  d.details.push(`${String(order.orderNo)} released: ${p.reason}`);
}

export function planPass(d: Draft, p: PassArgs): void {
  d.named++;
  const order = d.get('order', p.orderId);
  if (!order) return d.fail('not_found', `order ${p.orderId} not found`);
  if (order.reviewStatus === 'held') return d.fail('wrong_status', `order ${p.orderId} is held: release it with a reason (finance.release)`);
  if (order.reviewStatus !== 'pending') return d.fail('wrong_status', `order ${p.orderId} is ${String(order.reviewStatus)}, not pending`);
  d.set('order', p.orderId, { reviewStatus: 'passed', reviewReason: p.reason ?? null, reviewedAt: d.world.nowIso ?? null }, true);
  d.event({ orderId: p.orderId, kind: 'finance_pass', stage: Number(order.stage), note: p.reason ?? null, cause: null });
  d.details.push(`${String(order.orderNo)} passed${p.reason ? `: ${p.reason}` : ''}`);
}
