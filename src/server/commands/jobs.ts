/**
 * job.reassign and job.reschedule (pure): rules in protocol order, then the changes.
 * A job can be planned from the moment its order ships (stage 9, when the hand-off books it
 * provisionally from the carrier's expected arrival; issue 14) until acceptance (stages 9-11);
 * done or cancelled jobs are wrong_status. Crews must have the job's skill, be available on the
 * date (Asia/Shanghai) and stay within their capacity that day, capacityPerDay + overtime (checked
 * on the command's final state).
 */
import type { JobReassignPayload, JobReschedulePayload } from '@shared/protocol';
import { capacityOn, countsTowardLoad, isOnLeave, type LoadJob } from '@shared/crew-rules';
import type { OvertimeDay } from '@server/db/schema';
import type { Draft } from '@server/commands/draft';
import { loadKey, type Row } from '@server/commands/types';

const CLOSED = ['done', 'cancelled'];

interface JobRef {
  job: Row;
  order: Row | undefined;
}

/** not_found, wrong_status and wrong_stage for one named job; null when any fails. */
function checkJob(d: Draft, jobId: string): JobRef | null {
  const job = d.get('job', jobId);
  if (!job) {
    d.fail('not_found', `job ${jobId} not found`);
    return null;
  }
  const order = d.get('order', String(job.orderId));
  if (CLOSED.includes(String(job.status))) {
    d.fail('wrong_status', `job ${jobId} is ${String(job.status)}`);
    return null;
  }
  const stage = Number(order?.stage ?? 0);
  if (stage < 9 || stage >= 12) {
    d.fail('wrong_stage', `job ${jobId}: its order is at stage ${stage}; installation jobs are planned at stages 9-11`);
    return null;
  }
  return { job, order };
}

function checkCrewOn(d: Draft, crew: Row, date: string, skill: string | null, jobId: string): boolean {
  if (skill !== null && !(crew.skills as string[]).includes(skill)) {
    d.fail('missing_skill', `crew ${crew.id} lacks skill ${skill} for job ${jobId}`);
    return false;
  }
  if (isOnLeave({ unavailable: crew.unavailable as { from: string; to: string }[] }, date)) {
    d.fail('crew_unavailable', `crew ${crew.id} is unavailable on ${date} (job ${jobId})`);
    return false;
  }
  return true;
}

function move(d: Draft, ref: JobRef, crewId: string | null, date: string, kind: 'reassign' | 'reschedule'): void {
  const { job, order } = ref;
  const status = job.status === 'unbooked' && crewId ? 'booked' : String(job.status);
  d.set('job', job.id, { crewId, date, status }, true);
  d.moved.add(job.id);
  d.crewTold.add(job.id);
  if (order) {
    const slot = [date, job.window].filter(Boolean).join(' ');
    d.set('order', order.id, { crewId, bookedSlot: slot }, false);
    d.event({ orderId: order.id, kind, stage: Number(order.stage), note: `${job.id} → ${crewId ?? '-'} ${date}`, cause: null });
  }
}

export function planReassign(d: Draft, p: JobReassignPayload): void {
  for (const item of p.jobs) {
    if (!d.expect('job', item.jobId, item.expectedVersion)) continue;
    const crew = d.get('crew', item.crewId);
    const ref = checkJob(d, item.jobId);
    if (!crew) d.fail('not_found', `crew ${item.crewId} not found`);
    if (!ref || !crew) continue;
    if (!checkCrewOn(d, crew, item.date, String(ref.job.skill), item.jobId)) continue;
    move(d, ref, crew.id, item.date, 'reassign');
  }
}

export function planReschedule(d: Draft, p: JobReschedulePayload): void {
  const orders = new Set<string>();
  for (const item of p.jobs) {
    if (!d.expect('job', item.jobId, item.expectedVersion)) continue;
    const ref = checkJob(d, item.jobId);
    if (!ref) continue;
    const crewId = (ref.job.crewId as string | null) ?? null;
    const crew = crewId ? d.get('crew', crewId) : undefined;
    if (crew && !checkCrewOn(d, crew, item.date, null, item.jobId)) continue;
    move(d, ref, crewId, item.date, 'reschedule');
    if (ref.order) orders.add(ref.order.id);
  }
  if (p.compensation) {
    for (const orderId of orders) d.notifications.push({ orderId, template: p.compensation.template, params: { amountYuan: p.compensation.amountYuan } });
  }
}

/**
 * over_capacity on the final state: every (crew, date) a moved job enters, and every (crew, date)
 * whose overtime the command set, must hold no more jobs than the crew's capacity that day
 * (capacityPerDay + overtime) as the command leaves the crew, so overtime set earlier in the
 * same batch counts.
 */
export function checkCapacity(d: Draft): void {
  const delta = new Map<string, number>();
  const bump = (job: Row | undefined, by: number) => {
    if (!job || !countsTowardLoad(job as unknown as LoadJob)) return;
    const k = loadKey(String(job.crewId), String(job.date));
    delta.set(k, (delta.get(k) ?? 0) + by);
  };
  for (const jobId of d.moved) {
    bump(d.original('job', jobId), -1);
    bump(d.get('job', jobId), +1);
  }
  const check = new Set([...[...delta].filter(([, n]) => n > 0).map(([k]) => k), ...d.overtimeDays]);
  for (const k of check) {
    const [crewId, date] = k.split('|') as [string, string];
    const crew = d.get('crew', crewId);
    const load = (d.world.loads.get(k) ?? 0) + (delta.get(k) ?? 0);
    const cap = crew ? capacityOn({ capacityPerDay: Number(crew.capacityPerDay), overtime: crew.overtime as OvertimeDay[] | undefined }, date) : 0;
    if (load > cap) d.fail('over_capacity', `crew ${crewId} would have ${load} jobs on ${date}, capacity ${cap}`);
  }
}
