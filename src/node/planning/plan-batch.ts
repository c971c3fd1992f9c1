/**
 * An installer plan as ONE protocol command (pure): a `batch` of the moves (each job with the
 * version the plan saw, so a row changed meanwhile is rejected by name, never overwritten), the
 * overtime it buys (plan C) and the customers' texts. All or none on the server. The other
 * families' batches (families.ts) reuse `rescheduleCommands` for the jobs they move to later dates.
 */
import { overtimeOn } from '@shared/crew-rules';
import type { Plan, PlanMove } from '@shared/plans';
import { textTemplate } from '@node/planning/assemble';
import type { PlanningProblem } from '@node/planning/problem';

export interface BatchCommand {
  type: 'batch';
  payload: { commands: Array<{ type: string; payload: Record<string, unknown> }> };
}

export type BatchCommands = BatchCommand['payload']['commands'];

/**
 * Jobs moved to later dates with the same crew: one `job.reschedule` per compensation amount, so
 * the server queues each customer's compensation text; without compensation, the new booking is
 * confirmed by `notify.customers` (the template the card previews, textTemplate).
 */
export function rescheduleCommands(kind: Plan['kind'], moved: readonly PlanMove[], jobVersion: ReadonlyMap<string, number>): BatchCommands {
  const commands: BatchCommands = [];
  const byAmount = new Map<number, PlanMove[]>();
  for (const m of moved) byAmount.set(m.compensationYuan, [...(byAmount.get(m.compensationYuan) ?? []), m]);
  for (const [amountYuan, group] of [...byAmount].sort((a, b) => a[0] - b[0])) {
    commands.push({
      type: 'job.reschedule',
      payload: {
        jobs: group.map((m) => ({ jobId: m.jobId, date: m.to!.date, expectedVersion: jobVersion.get(m.jobId)! })),
        ...(amountYuan > 0 ? { compensation: { template: textTemplate(kind, { compensationYuan: amountYuan }), amountYuan } } : {}),
      },
    });
    if (amountYuan === 0) commands.push({ type: 'notify.customers', payload: { orderIds: uniq(group.map((m) => m.orderId)), template: textTemplate(kind, { compensationYuan: 0 }) } });
  }
  return commands;
}

/** The moves of a plan that send something: placed somewhere other than where the job is. */
export const movedJobs = (plan: Plan): PlanMove[] => plan.moves.filter((m) => m.moved && m.to?.crewId && m.to.date);

export function batchForPlan(plan: Plan, p: PlanningProblem): BatchCommand | null {
  const jobVersion = new Map(p.jobs.map((j) => [j.jobId, j.version]));
  const moved = movedJobs(plan);
  if (moved.length === 0) return null;
  const commands: BatchCommands = [];

  if (plan.kind === 'capacity') {
    // buy the overtime first, so the re-assignment after it fits the crew's capacity that day
    const extra = new Map<string, { crewId: string; date: string; n: number }>();
    for (const m of plan.moves) {
      if (!m.overtime || !m.to?.crewId || !m.to.date) continue;
      const key = `${m.to!.crewId}|${m.to!.date}`;
      const e = extra.get(key) ?? { crewId: m.to!.crewId!, date: m.to!.date!, n: 0 };
      e.n++;
      extra.set(key, e);
    }
    if (extra.size > 0) {
      const crew = new Map(p.crews.map((c) => [c.id, c]));
      commands.push({
        type: 'crew.overtime',
        payload: {
          crews: [...extra.values()].map((e) => {
            const c = crew.get(e.crewId)!;
            const already = overtimeOn(c, e.date);
            return { crewId: e.crewId, date: e.date, extraJobs: already + e.n, expectedVersion: c.version };
          }),
        },
      });
    }
  }

  if (plan.kind === 'reschedule') return { type: 'batch', payload: { commands: rescheduleCommands(plan.kind, moved, jobVersion) } };

  commands.push({
    type: 'job.reassign',
    payload: { jobs: moved.map((m) => ({ jobId: m.jobId, crewId: m.to!.crewId, date: m.to!.date, expectedVersion: jobVersion.get(m.jobId)! })) },
  });
  commands.push({ type: 'notify.customers', payload: { orderIds: uniq(moved.map((m) => m.orderId)), template: textTemplate(plan.kind, { compensationYuan: 0 }) } });
  return { type: 'batch', payload: { commands } };
}

export const uniq = (ids: string[]) => [...new Set(ids)];
