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
import type { PlanningProblem } from '@node/planning/problem';

export async function handoffPlans(p: PlanningProblem, meta: { incidentId: string; checkpoint: number }): Promise<Plan[]> {
  return [await solvePlan(p, 'book_missing', { ...meta, id: planId(meta.incidentId, 'book_missing', meta.checkpoint) })];
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
