/**
 * job.create (pure; issue 14, the missing hand-off plan): an order that has shipped and is not yet
 * accepted (stages 9-11) and has no active installation job gets one, booked to the crew on the
 * date. Rules in protocol order: conflict (the order's expectedVersion, when given), not_found,
 * wrong_status (the order already has an active job), wrong_stage, missing_skill, out_of_area (the
 * crew does not serve the order's district), crew_unavailable, over_capacity (checkCapacity).
 */
import type { JobCreatePayload } from '@shared/protocol';
import { isOnLeave } from '@shared/crew-rules';
import { skillFor } from '@server/domain/booking';
import { windowForLoad } from '@shared/crew-rules';
import type { Draft } from '@server/commands/draft';
import { loadKey } from '@server/commands/types';

const INACTIVE = ['cancelled'];

/** The job the order already has that is not cancelled (done counts: the order was installed). */
function activeJobOf(d: Draft, orderId: string): string | null {
  for (const id of d.world.jobsOfOrder?.get(orderId) ?? []) {
    const job = d.get('job', id);
    if (job && !INACTIVE.includes(String(job.status))) return `${job.id} (${String(job.status)})`;
  }
  const made = d.createdJobsOf(orderId)[0];
  return made ? `${made.id} (created earlier in this command)` : null;
}

export function planCreateJob(d: Draft, p: JobCreatePayload): void {
  /** jobs this command puts on each (crew, date) so far: the default window rotates like the hand-off's */
  const added = new Map<string, number>();
  for (const item of p.jobs) {
    if (item.expectedVersion !== undefined && !d.expect('order', item.orderId, item.expectedVersion)) continue;
    if (item.expectedVersion === undefined) d.named++;
    const order = d.get('order', item.orderId);
    const crew = d.get('crew', item.crewId);
    if (!order) d.fail('not_found', `orderId: order ${item.orderId} not found`);
    if (!crew) d.fail('not_found', `crewId: crew ${item.crewId} not found (order ${item.orderId})`);
    if (!order || !crew) continue;
    const active = activeJobOf(d, order.id);
    if (active) {
      d.fail('wrong_status', `orderId: order ${order.id} already has installation job ${active}; move it with job.reassign instead`);
      continue;
    }
    const stage = Number(order.stage);
    if (stage < 9 || stage >= 12) {
      d.fail('wrong_stage', `orderId: order ${order.id} is at stage ${stage}; installation jobs are made from shipping to acceptance (stages 9-11)`);
      continue;
    }
    const skill = skillFor(String(order.productType));
    if (!(crew.skills as string[]).includes(skill)) {
      d.fail('missing_skill', `crewId: crew ${crew.id} lacks skill ${skill} (order ${order.id})`);
      continue;
    }
    if (!(crew.districts as string[]).includes(String(order.district))) {
      d.fail('out_of_area', `crewId: crew ${crew.id} does not serve ${String(order.district)} (order ${order.id})`);
      continue;
    }
    if (isOnLeave({ unavailable: crew.unavailable as { from: string; to: string }[] }, item.date)) {
      d.fail('crew_unavailable', `date: crew ${crew.id} is unavailable on ${item.date} (order ${order.id})`);
      continue;
    }
    const k = loadKey(crew.id, item.date);
    const n = (d.world.loads.get(k) ?? 0) + (added.get(k) ?? 0);
    added.set(k, (added.get(k) ?? 0) + 1);
    const window = item.window ?? windowForLoad(n);
    const job = d.createJob({ orderId: order.id, crewId: crew.id, date: item.date, window, skill, status: 'booked' });
    d.moved.add(job.id);
    d.crewTold.add(job.id);
    d.set('order', order.id, { crewId: crew.id, bookedSlot: [item.date, window].filter(Boolean).join(' ') }, false);
    d.event({ orderId: order.id, kind: 'createJob', stage, note: `${job.id} → ${crew.id} ${item.date} ${window ?? ''}`.trim(), cause: null });
  }
}
