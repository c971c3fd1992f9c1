/**
 * undo (pure): restores what an applied command replaced (protocol.md, `undo`).
 * - not applied (rejected or unknown) → not_found; undone before → already_undone;
 * - an incident.state (it changed no row) → wrong_status: there is nothing to restore;
 * - a row the command named that has changed since (its version is no longer the command's) →
 *   conflict listing those rows;
 * - named rows get back every field the command changed; consequence rows (an order's crewId)
 *   get back each field that still holds the value the command wrote (a later change to that
 *   field is kept); texts it queued that are still `queued` or `sending` are cancelled (a `sending`
 *   one may already be with the gateway: the outbox marks it `sent` if the gateway took it, and
 *   never tries it again otherwise); a crew text that did leave means the crew believes the
 *   change, so the crews of that job are texted again about the restored booking (crew-texts.ts);
 * - a job the target created (job.create) is cancelled: its image reads `status: cancelled → booked`;
 * - business rules are not re-checked; events and texts it created stay (a job it created is cancelled, above); each touched order gets an `undo` event.
 */
import type { UndoPayload } from '@shared/protocol';
import type { Draft } from '@server/commands/draft';
import { sameValue } from '@server/commands/draft';
import { CREW_RECIPIENT_PREFIX } from '@server/commands/crew-texts';

/** The reason on a text an undo cancelled while it was being handed to the gateway. */
export const SENDING_WHEN_CANCELLED = 'cancelled while it was being handed to the gateway: the customer may have it';
import { mutationKey, type MutableEntity } from '@server/commands/types';

const MUTABLE: readonly string[] = ['order', 'job', 'crew', 'notification', 'carrier', 'line', 'promotion_template', 'customer_request'];
/** A crew text that left, or may have left: the crew believes it, so an undo tells the crew again. */
const TOLD = ['sent', 'sending'];

export function planUndo(d: Draft, p: UndoPayload): void {
  const key = mutationKey(p.clientId, p.mutationId);
  const target = d.world.mutations.get(key);
  d.named++;
  if (!target || target.status !== 'applied') return d.fail('not_found', `no applied command ${key} to undo`);
  // incident.state changed no row: there is nothing to restore, and an "applied" undo would let a
  // desk believe the incident went back to its earlier state. The way back is another incident.state.
  if (target.type === 'autoRule.set') return d.fail('wrong_status', `command ${key} is an autoRule.set: it changed no business row; send autoRule.set with the earlier settings instead`);
  if (target.type === 'incident.state') return d.fail('wrong_status', `command ${key} is an incident.state: it changed no row, so there is nothing to undo; send incident.state with the earlier state instead`);
  if (target.undoneBy || d.undoes.includes(key)) return d.fail('already_undone', `command ${key} was already undone${target.undoneBy ? ` by ${target.undoneBy}` : ''}`);
  const images = (target.images ?? []).filter((img) => MUTABLE.includes(img.entity));
  let stale = false;
  for (const img of images) {
    if (!img.named) continue;
    const row = d.original(img.entity, img.id);
    if (row && row.version === target.version) continue;
    stale = true;
    d.fail('conflict', `${img.entity} ${img.id} changed since command ${key}`, { entity: img.entity, id: img.id, version: row?.version ?? 0, expectedVersion: target.version });
  }
  if (stale) return;
  const orders = new Set<string>();
  for (const img of images) {
    const row = d.get(img.entity, img.id);
    if (!row) continue;
    const restore: Record<string, unknown> = {};
    for (const [field, before] of Object.entries(img.before)) {
      if (img.named || sameValue(row[field], img.after[field])) restore[field] = before;
    }
    if (Object.keys(restore).length > 0) d.set(img.entity as MutableEntity, img.id, restore, img.named);
    if (img.entity === 'order') orders.add(img.id);
    else if (typeof row.orderId === 'string') orders.add(row.orderId);
  }
  for (const id of target.queued ?? []) {
    const n = d.get('notification', id);
    if (!n) continue;
    orders.add(String(n.orderId));
    const jobId = (n.params as Record<string, unknown> | null)?.jobId;
    if (String(n.recipient ?? '').startsWith(CREW_RECIPIENT_PREFIX) && TOLD.includes(String(n.status)) && typeof jobId === 'string') d.crewTold.add(jobId);
    if (n.status === 'queued') d.set('notification', id, { status: 'cancelled' }, false);
    // a text being handed over (or left so by a crash) may already be with the customer: cancelled,
    // saying so; the outbox's answer for it, if one comes, says which (sent, or refused)
    else if (n.status === 'sending') d.set('notification', id, { status: 'cancelled', error: SENDING_WHEN_CANCELLED }, false);
  }
  d.undoes.push(key);
  for (const orderId of orders) {
    const order = d.get('order', orderId);
    d.event({ orderId, kind: 'undo', stage: order ? Number(order.stage) : null, note: `undo of ${target.type} ${key}`, cause: null });
  }
}
