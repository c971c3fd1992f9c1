/**
 * The line family's part of a planning problem (issue 14): for a line that is down (设备故障,
 * 返工, 缺板 at a workstation `<factory>/<line>`), the orders waiting at it, every line, the other
 * orders planned on each line-day, and the booked installations of those orders (plan B pushes
 * them). Read from a PlanningSource, so the desk and the server build the same problem; the time
 * rules the three line plans share (the restart, the downstream stages, the first date a slot may
 * start) live here too, as pure functions.
 */
import type { IncidentWhere } from '@shared/war-room';
import { DEFAULT_BUDGETS, FINAL_STAGE, type StageBudgets } from '@shared/stages';
import { lineDownOn } from '@shared/supply-rules';
import { addDays, endOfShanghaiDay, shanghaiDate } from '@shared/time';
import { slotStartsAfterLead, type PlanJob, type PlanLine, type PlanLineOrder, type PlanningProblem } from '@node/planning/problem';
import type { PlanningSource } from '@node/planning/source';

/** How far the line plans look for a line-day with room (production and the pushed installations). */
export const LINE_HORIZON_DAYS = 14;
const HOUR = 3_600_000;
/**
 * The order server moves an installation job only while its order is at stages 9-11
 * (src/server/commands/jobs.ts, wrong_stage otherwise): a job of an order still at a line is
 * shown to plan B, never sent.
 */
const JOBS_PLANNED_FROM_STAGE = 9;

export interface LineIncident {
  orderIds: readonly string[];
  jobIds: readonly string[];
  where: IncidentWhere;
}

export type LineProblemPart = Pick<PlanningProblem, 'jobs' | 'lineOrders' | 'lines' | 'lineLoad'>;

/** The first date whose day slot (09:00, a line-day's start too) may still be used (no past slots). */
export function firstSlotDate(p: Pick<PlanningProblem, 'nowMs' | 'policy'>): string {
  let d = shanghaiDate(p.nowMs);
  while (!slotStartsAfterLead(p, d, null)) d = addDays(d, 1);
  return d;
}

/**
 * The Shanghai date an order leaves stage `through` when it leaves stage `stage` at the end of
 * `productionDate`: the stages in between take their budgets (src/shared/stages.ts), as the
 * lateness rules project them. Through stage 11 it is the installation the promise is about;
 * through stage 9 the delivery an installation must wait for.
 */
export function downstreamDate(stage: number, productionDate: string, through: number, budgets: StageBudgets = DEFAULT_BUDGETS): string {
  let t = endOfShanghaiDay(productionDate) - 1;
  for (let s = stage + 1; s <= Math.min(through, FINAL_STAGE - 1); s++) t += (budgets[s] ?? 0) * HOUR;
  return shanghaiDate(t);
}

/** The first allowed date the line runs again (no down interval touches it), within the horizon; null if none. */
export function restartDate(line: Pick<PlanLine, 'down'>, from: string, days = LINE_HORIZON_DAYS): string | null {
  for (let i = 0; i < days; i++) {
    const d = addDays(from, i);
    if (!lineDownOn(line, d)) return d;
  }
  return null;
}

/**
 * Fills the line family's fields of an incident's problem from the source: the incident's orders
 * as line orders (those not waiting at the incident's line, at its stage, say why they are not
 * plannable), every line, the other orders' load per `lineId|date`, and the booked open
 * installation jobs of the plannable orders, each with the earliest date plan B may give it when
 * the line's own output resumes at its restart (plan B refines it by the line's capacity). In the
 * normal flow such orders have no job yet (the hand-off creates it at stage 9); one they do have is
 * listed as not plannable, since the server would refuse to move it.
 */
export function lineProblemPart(source: PlanningSource, incident: LineIncident, budgets: StageBudgets = DEFAULT_BUDGETS): LineProblemPart {
  const nowMs = source.nowMs();
  const lines = withAssumedOutage(source.lines(), incident.where.workstation ?? null, nowMs, source.policy().assumedRepairHours);
  const lineId = incident.where.workstation ?? null;
  const line = lines.find((l) => l.id === lineId) ?? null;
  const orders = source.orders(incident.orderIds);
  const lineOrders: PlanLineOrder[] = orders.map((o) => ({
    orderId: o.id,
    orderNo: o.orderNo,
    district: o.district,
    lat: o.lat,
    lng: o.lng,
    productType: o.productType,
    line: o.workstation ?? lineId ?? '',
    stage: o.stage,
    promisedDate: o.promisedDate,
    version: o.version,
    notPlannable: whyNotPlannable(o, lineId, line),
  }));
  const lineLoad = source.lineLoad(new Set(orders.map((o) => o.id)));

  const jobs: PlanJob[] = [];
  const restart = line ? restartDate(line, firstSlotDate({ nowMs, policy: source.policy() })) : null;
  const plannable = new Map(lineOrders.filter((o) => !o.notPlannable).map((o) => [o.orderId, o]));
  const byId = new Map(orders.map((o) => [o.id, o]));
  for (const j of source.jobsOfOrders([...plannable.keys()])) {
    if (!j.crewId || !j.date || j.status === 'done' || j.status === 'cancelled') continue;
    const o = byId.get(j.orderId)!;
    jobs.push({
      jobId: j.id,
      orderId: o.id,
      orderNo: o.orderNo,
      district: o.district,
      lat: o.lat,
      lng: o.lng,
      skill: j.skill,
      window: j.window,
      date: j.date,
      crewId: j.crewId,
      promisedDate: o.promisedDate,
      version: j.version,
      notPlannable: o.stage >= JOBS_PLANNED_FROM_STAGE ? null : `order at stage ${o.stage}; installation jobs are planned from stage ${JOBS_PLANNED_FROM_STAGE}`,
      ...(restart ? { earliestDate: downstreamDate(o.stage, restart, 9, budgets) } : {}),
    });
  }
  jobs.sort((a, b) => a.jobId.localeCompare(b.jobId));
  return { jobs, lineOrders, lines, lineLoad };
}

/** The reason an assumed outage carries (the plan shows it as the line's stoppage). */
export const ASSUMED_OUTAGE_REASON = '未报停机，按默认维修时长估计 (no stoppage reported: the default repair time assumed)';

/**
 * The lines as plans see them: when the incident's line has no stoppage in force or announced,
 * it is taken as down from now for `hours` (policy.assumedRepairHours). Plans only: nothing is
 * written, and a reported stoppage (POST /api/v1/lines/:id/down) replaces the assumption.
 */
export function withAssumedOutage(lines: PlanLine[], lineId: string | null, nowMs: number, hours: number): PlanLine[] {
  return lines.map((l) => {
    if (l.id !== lineId || l.down.some((d) => Date.parse(d.to) > nowMs)) return l;
    const assumed = { from: new Date(nowMs).toISOString(), to: new Date(nowMs + hours * 3_600_000).toISOString(), reason: ASSUMED_OUTAGE_REASON };
    return { ...l, down: [...l.down, assumed] };
  });
}

/**
 * A whole planning problem for a line incident (the bench and tests use it standalone; the
 * families' builder merges `lineProblemPart` into its own base instead).
 */
export function lineProblem(source: PlanningSource, incident: LineIncident, budgets: StageBudgets = DEFAULT_BUDGETS): PlanningProblem {
  const part = lineProblemPart(source, incident, budgets);
  const nowMs = source.nowMs();
  return {
    today: shanghaiDate(nowMs),
    nowMs,
    crews: source.crews(),
    otherLoad: source.crewLoad(new Set(part.jobs.map((j) => j.jobId))),
    policy: source.policy(),
    ...part,
  };
}

function whyNotPlannable(o: { stage: number; workstation: string | null }, lineId: string | null, line: PlanLine | null): string | null {
  if (!lineId) return 'the incident names no workstation';
  if (!line) return `line ${lineId} is not in the lines data`;
  if (o.workstation && o.workstation !== lineId) return `order is on ${o.workstation}, not ${lineId}`;
  if (o.stage !== line.stage) return `order at stage ${o.stage}; ${lineId} works stage ${line.stage}`;
  return null;
}
