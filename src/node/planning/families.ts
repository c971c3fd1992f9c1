/**
 * Plans per incident family (issue 14), one entry point for the desk and the server: the plans of
 * a family's problem, the one batch command a plan sends, and a re-plan after the server rejected
 * some of its rows. Each family's models and batches live in their own file:
 *   installers: generate.ts, plan-batch.ts     logistics: logistics-plans.ts
 *   line:       line-plans.ts (H4)             handoff:   handoff-plans.ts
 */
import { familyOfKind, type Plan, type PlanFamily } from '@shared/plans';
import { generatePlans, planId, replanRejected } from '@node/planning/generate';
import { handoffBatch, handoffPlans } from '@node/planning/handoff-plans';
import { lineBatch, linePlans, solveLinePlan } from '@node/planning/line-plans';
import { logisticsBatch, logisticsPlans, solveLogisticsPlan } from '@node/planning/logistics-plans';
import { batchForPlan as installerBatch, type BatchCommand } from '@node/planning/plan-batch';
import type { PlanningProblem } from '@node/planning/problem';

export type { BatchCommand };
type Meta = { incidentId: string; checkpoint: number };

export function plansForFamily(p: PlanningProblem, family: PlanFamily, meta: Meta): Promise<Plan[]> {
  switch (family) {
    case 'installers':
      return generatePlans(p, meta.incidentId, meta.checkpoint);
    case 'logistics':
      return logisticsPlans(p, meta);
    case 'line':
      return linePlans(p, meta);
    case 'handoff':
      return handoffPlans(p, meta);
  }
}

/** The one `batch` a plan sends (all or none on the server), or null when it changes nothing. */
export function batchForPlan(plan: Plan, p: PlanningProblem): BatchCommand | null {
  switch (familyOfKind(plan.kind)) {
    case 'installers':
      return installerBatch(plan, p);
    case 'logistics':
      return logisticsBatch(plan, p);
    case 'line':
      return lineBatch(plan, p);
    case 'handoff':
      return handoffBatch(plan, p);
  }
}

type Place = { crewId: string | null; crewName: string | null; date: string | null };

/**
 * Re-plans the `rejected` items (job ids, order ids) of `previous` on the fresh problem `p`: every
 * other item keeps the place the previous plan gave it (the batch was all or none, nothing of it
 * was applied), the rejected ones are solved again on their new rows. A shipment's or an order's
 * place is listed in `revision.changed` under its order id, the carrier or line in `crewName`.
 */
export async function replanForFamily(p: PlanningProblem, previous: Plan, rejected: ReadonlySet<string>, revision: number): Promise<Plan> {
  const family = familyOfKind(previous.kind);
  if (family === 'installers' || family === 'handoff') return replanRejected(p, previous, rejected, revision);
  const meta = { id: planId(previous.incidentId, previous.kind, previous.checkpoint, revision), incidentId: previous.incidentId, checkpoint: previous.checkpoint };
  const jobs = new Map(previous.moves.map((m) => [m.jobId, m]));
  const orders = new Map(previous.orderMoves.map((m) => [m.orderId, m]));
  const keep = {
    job: (jobId: string) => {
      if (rejected.has(jobId) || !jobs.has(jobId)) return undefined;
      const to = jobs.get(jobId)!.to;
      return to?.crewId && to.date ? { crewId: to.crewId, date: to.date } : null;
    },
    order: (orderId: string) => (rejected.has(orderId) || !orders.has(orderId) ? undefined : orders.get(orderId)!.to),
  };
  const plan =
    family === 'logistics'
      ? await solveLogisticsPlan(p, previous.kind, meta, keep)
      : await solveLinePlan(p, previous.kind as Parameters<typeof solveLinePlan>[1], meta, keep);
  return { ...plan, revision: { fromPlanId: previous.id, rejectedJobIds: [...rejected].sort(), changed: changedItems(previous, plan) } };
}

function changedItems(before: Plan, after: Plan): Array<{ jobId: string; before: Place | null; after: Place | null }> {
  const job = (m: Plan['moves'][number] | undefined): Place | null => (m?.to ? { crewId: m.to.crewId, crewName: m.to.crewName, date: m.to.date } : null);
  const order = (m: Plan['orderMoves'][number] | undefined): Place | null => (m?.to ? { crewId: null, crewName: m.to.resource, date: m.to.date } : null);
  const jobsBefore = new Map(before.moves.map((m) => [m.jobId, m]));
  const ordersBefore = new Map(before.orderMoves.map((m) => [m.orderId, m]));
  return [
    ...after.orderMoves.map((m) => ({ jobId: m.orderId, before: order(ordersBefore.get(m.orderId)), after: order(m) })),
    ...after.moves.map((m) => ({ jobId: m.jobId, before: job(jobsBefore.get(m.jobId)), after: job(m) })),
  ].filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}
