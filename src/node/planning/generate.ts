/**
 * The three plans for one planning problem, each solved by HiGHS. A re-plan (after the server
 * rejected rows that changed meanwhile) keeps every other job where the first plan put it and
 * solves only the rejected ones, then lists what changed.
 */
import { letterOf, type Plan, type PlanKind } from '@shared/plans';
import { assemblePlan } from '@node/planning/assemble';
import { planModel } from '@node/planning/plan-models';
import type { PlanningProblem } from '@node/planning/problem';
import { solveAssignment } from '@node/planning/solver';

export const PLAN_ORDER: readonly PlanKind[] = ['reassign', 'reschedule', 'capacity'];

export function planId(incidentId: string, kind: PlanKind, checkpoint: number, revision = 0): string {
  return `${incidentId}~${letterOf(kind)}~${checkpoint}${revision ? `~r${revision}` : ''}`;
}

export async function solvePlan(p: PlanningProblem, kind: PlanKind, meta: { id: string; incidentId: string; checkpoint: number }): Promise<Plan> {
  const pm = planModel(p, kind);
  const r = await solveAssignment(pm.model);
  return assemblePlan(p, pm, r, meta);
}

export async function generatePlans(p: PlanningProblem, incidentId: string, checkpoint: number): Promise<Plan[]> {
  // side by side, each on its own solver thread (solver-worker.ts)
  return Promise.all(PLAN_ORDER.map((kind) => solvePlan(p, kind, { id: planId(incidentId, kind, checkpoint), incidentId, checkpoint })));
}

/**
 * Re-plans only the `rejected` jobs of `previous` on the fresh problem `p`: every other job may
 * only take the place the previous plan gave it (nothing was applied: the batch was all or none),
 * the rejected jobs are solved again with their new rows. `changed` lists what differs.
 */
export async function replanRejected(p: PlanningProblem, previous: Plan, rejected: ReadonlySet<string>, revision: number): Promise<Plan> {
  const before = new Map(previous.moves.map((m) => [m.jobId, m]));
  const keep = (jobId: string) => {
    if (rejected.has(jobId)) return undefined;
    const m = before.get(jobId);
    return m?.to?.crewId && m.to.date ? { crewId: m.to.crewId, date: m.to.date } : null;
  };
  const pm = planModel(p, previous.kind, keep);
  const r = await solveAssignment(pm.model);
  const id = planId(previous.incidentId, previous.kind, previous.checkpoint, revision);
  const plan = assemblePlan(p, pm, r, { id, incidentId: previous.incidentId, checkpoint: previous.checkpoint });
  const place = (m: Plan['moves'][number] | undefined) => (m?.to ? { crewId: m.to.crewId, crewName: m.to.crewName, date: m.to.date } : null);
  return {
    ...plan,
    revision: {
      fromPlanId: previous.id,
      rejectedJobIds: [...rejected].sort(),
      changed: plan.moves
        .map((m) => ({ jobId: m.jobId, before: place(before.get(m.jobId)), after: place(m) }))
        .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after)),
    },
  };
}
