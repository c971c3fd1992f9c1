/**
 * order.tagCause, order.note and notify.customers (pure). A finished order (stage 12) takes no
 * new cause tag (wrong_stage); notes and texts are allowed at any stage. A note becomes the
 * order's `note` (its latest note) and an event in its history.
 */
import type { NotifyCustomersPayload, OrderNotePayload, OrderTagCausePayload } from '@shared/protocol';
import type { Draft } from '@server/commands/draft';

export function draftTagCause(d: Draft, p: OrderTagCausePayload): void {
  if (!d.expect('order', p.orderId, p.expectedVersion)) return;
  const order = d.get('order', p.orderId);
  if (!order) return d.fail('not_found', `order ${p.orderId} not found`);
  if (Number(order.stage) >= 12) return d.fail('wrong_stage', `order ${p.orderId} is finished (stage 12); causes explain orders in flight`);
  const causes = order.causes as string[];
  d.set('order', order.id, { causes: causes.includes(p.cause) ? causes : [...causes, p.cause] }, true);
  d.event({ orderId: order.id, kind: 'cause', stage: Number(order.stage), note: p.note ?? null, cause: p.cause });
}

export function draftNote(d: Draft, p: OrderNotePayload): void {
  if (!d.expect('order', p.orderId, p.expectedVersion)) return;
  const order = d.get('order', p.orderId);
  if (!order) return d.fail('not_found', `order ${p.orderId} not found`);
  d.set('order', order.id, { note: p.text }, true);
  d.event({ orderId: order.id, kind: 'note', stage: Number(order.stage), note: p.text, cause: null });
}

export function planNotify(d: Draft, p: NotifyCustomersPayload): void {
  const seen = new Set<string>();
  for (const orderId of p.orderIds) {
    d.named++;
    if (seen.has(orderId)) continue;
    seen.add(orderId);
    if (!d.get('order', orderId)) {
      d.fail('not_found', `order ${orderId} not found`);
      continue;
    }
    d.notifications.push({ orderId, template: p.template, params: p.params ?? null });
  }
}
