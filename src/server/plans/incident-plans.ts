/**
 * The one planning module, as the server's auto-policy calls it: an incident's problem read from
 * the server's database, its plans, and the batch a plan sends. Thin on purpose: the desk calls
 * the same functions (src/node/planning), so a plan applied here is the plan a desk shows.
 */
import type { Plan, PlanFamily } from '@shared/plans';
import { batchForPlan, plansForFamily, type BatchCommand } from '@node/planning/families';
import { problemForIncident, type IncidentInput } from '@node/planning/incident-problem';
import type { PlanningProblem } from '@node/planning/problem';
import type { PlanningSource } from '@node/planning/source';

export interface IncidentPlans {
  problem: PlanningProblem;
  plans: Plan[];
}

export interface IncidentPlanner {
  plans(source: PlanningSource, family: PlanFamily, incident: IncidentInput & { id: string }): Promise<IncidentPlans>;
  batch(plan: Plan, problem: PlanningProblem): BatchCommand | null;
}

export const incidentPlanner: IncidentPlanner = {
  async plans(source, family, incident) {
    const problem = problemForIncident(source, family, incident);
    return { problem, plans: await plansForFamily(problem, family, { incidentId: incident.id, checkpoint: source.checkpoint() }) };
  },
  batch: (plan, problem) => batchForPlan(plan, problem),
};
