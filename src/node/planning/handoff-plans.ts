/**
 * The one plan of a missing hand-off (工单未触发, issue 14): every order of the incident without an
 * active booked installation job gets one, placed by the job model (any crew with the reach and
 * the skill, capacity per crew-day) from the first slot the lead time allows, within two weeks.
 * Applying it creates the missing jobs (`job.create`), books the unbooked ones (`job.reassign`) and
 * texts each customer the booking, as one batch.
 */
import type { Plan } from '@shared/plans';
import { planId, solvePlan } from '@node/planning/generate';
import { movedJobs, uniq, type BatchCommand, type BatchCommands } from '@node/planning/plan-batch';
import { loadKey, type PlanningProblem } from '@node/planning/problem';
import { loadBeforePlan } from '@node/planning/plan-models';
import { windowForLoad } from '@shared/crew-rules';
import { renderSms } from '@shared/sms-templates';

export async function handoffPlans(p: PlanningProblem, meta: { incidentId: string; checkpoint: number }): Promise<Plan[]> {
  const plan = await solvePlan(p, 'book_missing', { ...meta, id: planId(meta.incidentId, 'book_missing', meta.checkpoint) });
  return [withWindows(plan, p)];
}

/**
 * A job to create has no window yet: it gets the one the server would give it (windowForLoad of
 * the crew-day's jobs before it, in the batch's order), sent explicitly with `job.create`, so the
 * text the card previews names the time the customer is booked for.
 */
function withWindows(plan: Plan, p: PlanningProblem): Plan {
  const load = loadBeforePlan(p);
  const created = new Set(p.jobs.filter((j) => j.create).map((j) => j.jobId));
  const moves = plan.moves.map((m) => {
    if (!m.moved || !m.to?.crewId || !m.to.date || m.window || !created.has(m.jobId)) return m;
    const key = loadKey(m.to.crewId, m.to.date);
    const n = load.get(key) ?? 0;
    load.set(key, n + 1);
    return { ...m, window: windowForLoad(n) };
  });
  const first = moves.find((m) => m.moved && m.to);
  const texts = plan.texts.map((t) => (first ? { ...t, sample: renderSms(t.template, { orderNo: first.orderNo, crewName: first.to?.crewName, date: first.to?.date, window: first.window ?? '', amountYuan: first.compensationYuan }) } : t));
  return { ...plan, moves, texts };
}

export function handoffBatch(plan: Plan, p: PlanningProblem): BatchCommand | null {
  const moved = movedJobs(plan);
  if (moved.length === 0) return null;
  const job = new Map(p.jobs.map((j) => [j.jobId, j]));
  const create = moved.filter((m) => job.get(m.jobId)?.create);
  const book = moved.filter((m) => !job.get(m.jobId)?.create);
  const commands: BatchCommands = [];
  if (create.length > 0) {
    commands.push({
      type: 'job.create',
      payload: { jobs: create.map((m) => ({ orderId: m.orderId, crewId: m.to!.crewId, date: m.to!.date, ...(m.window ? { window: m.window } : {}) })) },
    });
  }
  if (book.length > 0) {
    commands.push({ type: 'job.reassign', payload: { jobs: book.map((m) => ({ jobId: m.jobId, crewId: m.to!.crewId, date: m.to!.date, expectedVersion: job.get(m.jobId)!.version })) } });
  }
  commands.push({ type: 'notify.customers', payload: { orderIds: uniq(moved.map((m) => m.orderId)), template: 'install_booked' } });
  return { type: 'batch', payload: { commands } };
}
