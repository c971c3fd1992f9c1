/**
 * The job plans as assignment models (pure): which placements each may use and what each costs.
 * The weights make the objective lexicographic per job, in the order the supervisor ranks them:
 * place the job at all, then lateness (days), then money (plan B's compensation, plan C's
 * overtime), then travel (0.1 km), then whether the job moves at all.
 *
 *   A reassign:   any crew that serves the district with the skill, within the customer's window
 *   B reschedule: the same crew, a later date (up to two weeks), tiered compensation
 *   C capacity:   as A, plus overtime slots bought at a price on crews that are working
 * and, for the other families' installation jobs (issue 14):
 *   wait_carrier, push_downstream: as B, from each job's earliest date (the new arrival, the restart)
 *   book_missing: any crew with reach and skill, from the first allowed slot, up to two weeks
 */
import { capacityOn } from '@shared/crew-rules';
import { compensationFor, type PlanKind } from '@shared/plans';
import {
  CUSTOMER_WINDOW_DAYS,
  RESCHEDULE_HORIZON_DAYS,
  loadKey,
  placementsFor,
  PlacementMemo,
  type PlacementOption,
  type PlanningProblem,
} from '@node/planning/problem';
import type { AssignmentModel } from '@node/planning/solver';
import type { UnplacedCode } from '@shared/plans';

export const WEIGHT = { unplaced: 1e10, lateDay: 1e6, yuan: 1e3, km: 10, moved: 1 } as const;

export interface PlanModel {
  kind: PlanKind;
  model: AssignmentModel;
  placements: PlacementOption[];
  /** slot index → crew index and date */
  slotKeys: Array<{ crew: number; date: string }>;
  why: Array<{ code: UnplacedCode; detail: string } | null>;
  /** load per `crewId|date` before the plan (other jobs + this problem's jobs where they are now) */
  loadBefore: Map<string, number>;
}

export function loadBeforePlan(p: PlanningProblem): Map<string, number> {
  const load = new Map(p.otherLoad);
  for (const j of p.jobs) {
    if (j.crewId && j.date) load.set(loadKey(j.crewId, j.date), (load.get(loadKey(j.crewId, j.date)) ?? 0) + 1);
  }
  return load;
}

/** Per job-plan kind: whether the crew stays, how many days from the job's first date it may use, whether overtime is bought. */
const JOB_MODELS: Partial<Record<PlanKind, { sameCrewOnly: boolean; days: number; overtime: boolean }>> = {
  reassign: { sameCrewOnly: false, days: CUSTOMER_WINDOW_DAYS, overtime: false },
  reschedule: { sameCrewOnly: true, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
  capacity: { sameCrewOnly: false, days: CUSTOMER_WINDOW_DAYS, overtime: true },
  wait_carrier: { sameCrewOnly: true, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
  push_downstream: { sameCrewOnly: true, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
  book_missing: { sameCrewOnly: false, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
  // the logistics plans that switch shipments re-book the switched orders' jobs like plan B
  switch_carrier: { sameCrewOnly: true, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
  express: { sameCrewOnly: true, days: RESCHEDULE_HORIZON_DAYS, overtime: false },
};

/** `keep`: when given, a job it returns a placement for may only take that placement (a re-plan). */
export function planModel(p: PlanningProblem, kind: PlanKind, keep?: (jobId: string) => { crewId: string; date: string } | null | undefined): PlanModel {
  const spec = JOB_MODELS[kind];
  if (!spec) throw new Error(`planModel: ${kind} is not a job plan`);
  const { sameCrewOnly, days } = spec;
  const placements: PlacementOption[] = [];
  const why: PlanModel['why'] = [];
  const memo = new PlacementMemo(p);
  p.jobs.forEach((_, j) => {
    const r = placementsFor(p, j, { days, sameCrewOnly, memo });
    const held = keep?.(p.jobs[j]!.jobId);
    placements.push(...(held === undefined ? r.options : r.options.filter((o) => held !== null && p.crews[o.crew]!.id === held.crewId && o.date === held.date)));
    why.push(r.why);
  });
  const slotIndex = new Map<string, number>();
  const slotKeys: PlanModel['slotKeys'] = [];
  const slots: AssignmentModel['slots'] = [];
  const { compensation, capacity } = p.policy;
  const options = placements.map((o) => {
    const crew = p.crews[o.crew]!;
    const key = loadKey(crew.id, o.date);
    let slot = slotIndex.get(key);
    if (slot === undefined) {
      slot = slots.length;
      slotIndex.set(key, slot);
      slotKeys.push({ crew: o.crew, date: o.date });
      const free = capacityOn(crew, o.date) - (p.otherLoad.get(key) ?? 0);
      slots.push(spec.overtime ? { free, extraMax: capacity.overtimePerCrewDay, extraCost: WEIGHT.yuan * capacity.overtimeYuanPerJob } : { free });
    }
    const yuan = compensationFor(o.daysPastPromise, compensation);
    const cost = WEIGHT.lateDay * o.lateDays + WEIGHT.yuan * yuan + WEIGHT.km * Math.round(o.km * 10) + (o.moved ? WEIGHT.moved : 0);
    return { job: o.job, slot, cost };
  });
  return {
    kind,
    model: { jobs: p.jobs.length, unplacedCost: p.jobs.map(() => WEIGHT.unplaced), options, slots },
    placements,
    slotKeys,
    why,
    loadBefore: loadBeforePlan(p),
  };
}
