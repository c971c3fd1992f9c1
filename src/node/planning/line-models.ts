/**
 * The line family's assignment models (pure), both the one model of solver.ts:
 *
 * - production: the orders waiting at a down line → slots `line × date` (capacity = the line's
 *   orders that day − the other orders planned there). A move_line and C line_overtime offer the
 *   other lines working the order's stage with its product type in their skills; C may also buy
 *   overtime hours on them. B push_downstream offers only the order's own line, once it runs again.
 *   Cost per order, lexicographic: days past the promise (the production date plus the remaining
 *   stages' budgets), then money (a transfer between factories, overtime), then moving at all,
 *   then the production date itself (earlier first).
 * - pushed installations (B): each booked job of those orders with its own crew, on or after the
 *   delivery its order's new production date leads to, like the installers' plan B.
 */
import { capacityOn, isOnLeave } from '@shared/crew-rules';
import { compensationFor, type UnplacedCode } from '@shared/plans';
import { stageDef } from '@shared/stages';
import { lineCapacityOn, lineDownOn, lineOvertimeOn } from '@shared/supply-rules';
import { addDays } from '@shared/time';
import { daysBetween, loadKey, RESCHEDULE_HORIZON_DAYS, slotStartsAfterLead, type PlacementOption, type PlanLine, type PlanningProblem } from '@node/planning/problem';
import { LINE_HORIZON_DAYS, downstreamDate, firstSlotDate } from '@node/planning/line-problem';
import type { PlanModel } from '@node/planning/plan-models';
import { loadBeforePlan } from '@node/planning/plan-models';
import type { AssignmentModel } from '@node/planning/solver';

export const LINE_WEIGHT = { unplaced: 1e10, lateDay: 1e6, yuan: 1e3, moved: 100, day: 1 } as const;

export type ProductionKind = 'move_line' | 'push_downstream' | 'line_overtime';
type Why = { code: UnplacedCode; detail: string };

export interface ProductionOption {
  order: number;
  line: number;
  date: string;
  slot: number;
  /** the installation the promise is about, projected from the production date */
  expectedDate: string;
  /** days after the first date anything may be produced */
  lateDays: number;
  daysPastPromise: number;
  transferYuan: number;
  moved: boolean;
}

export interface ProductionSlot {
  line: number;
  date: string;
  capacity: number;
  /** orders planned there besides the problem's */
  load: number;
}

export interface ProductionModel {
  kind: ProductionKind;
  model: AssignmentModel;
  options: ProductionOption[];
  slots: ProductionSlot[];
  why: Array<Why | null>;
  /** the first date a line-day may be used (now + lead time) */
  from: string;
}

const factoryOf = (lineId: string) => lineId.split('/')[0] ?? lineId;

/** Orders a line could take on a date at most with all its overtime hours (0 when it is down). */
export function lineCapacityMax(line: PlanLine, date: string): number {
  if (lineDownOn(line, date)) return 0;
  return Math.floor((line.hoursPerDay + line.overtimeHoursMax) * line.ordersPerHour);
}

/**
 * The overtime hours (the day's total, in half hours) a line needs on a date to make `orders`
 * orders, never below what it has already bought; capped at overtimeHoursMax.
 */
export function overtimeHoursFor(line: PlanLine, date: string, orders: number): number {
  let hours = lineOvertimeOn(line, date);
  while (hours < line.overtimeHoursMax && Math.floor((line.hoursPerDay + hours) * line.ordersPerHour) < orders) hours = Math.min(line.overtimeHoursMax, hours + 0.5);
  return hours;
}

/** A previous plan's place for an order or a job (a re-plan keeps it): null = it stays unplaced, undefined = free. */
export type KeepOrderPlace = (orderId: string) => { resource: string; date: string | null } | null | undefined;
export type KeepJobPlace = (jobId: string) => { crewId: string; date: string } | null | undefined;

export function productionModel(p: PlanningProblem, kind: ProductionKind, keep?: KeepOrderPlace): ProductionModel {
  const lines = p.lines ?? [];
  const orders = p.lineOrders ?? [];
  const from = firstSlotDate(p);
  const dates = Array.from({ length: LINE_HORIZON_DAYS }, (_, i) => addDays(from, i));
  const slotIndex = new Map<string, number>();
  const slots: ProductionSlot[] = [];
  const modelSlots: AssignmentModel['slots'] = [];
  const options: ProductionOption[] = [];
  const why: Array<Why | null> = [];
  const slotOf = (li: number, date: string): number => {
    const line = lines[li]!;
    const key = loadKey(line.id, date);
    let s = slotIndex.get(key);
    if (s !== undefined) return s;
    s = slots.length;
    slotIndex.set(key, s);
    const capacity = lineCapacityOn(line, date);
    const load = p.lineLoad?.get(key) ?? 0;
    slots.push({ line: li, date, capacity, load });
    const free = capacity - load;
    const extraMax = kind === 'line_overtime' && line.ordersPerHour > 0 ? Math.max(0, lineCapacityMax(line, date) - Math.max(capacity, load)) : 0;
    modelSlots.push(extraMax > 0 ? { free, extraMax, extraCost: Math.round((LINE_WEIGHT.yuan * line.overtimeYuanPerHour) / line.ordersPerHour) } : { free });
    return s;
  };
  orders.forEach((o, oi) => {
    if (o.notPlannable) return why.push({ code: 'not_plannable', detail: o.notPlannable });
    const stage = `${stageDef(o.stage).zh} (stage ${o.stage})`;
    const candidates =
      kind === 'push_downstream'
        ? lines.flatMap((l, i) => (l.id === o.line ? [i] : []))
        : lines.flatMap((l, i) => (l.id !== o.line && l.stage === o.stage && l.skills.includes(o.productType) ? [i] : []));
    if (candidates.length === 0) {
      return why.push({ code: 'no_line', detail: kind === 'push_downstream' ? `line ${o.line} is not in the lines data` : `no other line works ${stage} for ${o.productType}` });
    }
    const held = keep?.(o.orderId);
    for (const li of candidates) {
      const line = lines[li]!;
      if (held === null || (held && held.resource !== line.id)) continue;
      const transferYuan = factoryOf(line.id) !== factoryOf(o.line) ? line.transferYuan : 0;
      for (const date of dates) {
        if (held && held.date !== date) continue;
        const slot = slotOf(li, date);
        const m = modelSlots[slot]!;
        if (m.free <= 0 && !(m.extraMax && m.extraMax > 0)) continue;
        const expectedDate = downstreamDate(o.stage, date, 11);
        const lateDays = daysBetween(from, date);
        const daysPastPromise = Math.max(0, daysBetween(o.promisedDate, expectedDate));
        options.push({ order: oi, line: li, date, slot, expectedDate, lateDays, daysPastPromise, transferYuan, moved: line.id !== o.line });
      }
    }
    const names = candidates.map((i) => lines[i]!.id).join(', ');
    why.push({
      code: kind === 'push_downstream' ? 'no_capacity' : 'no_line',
      detail:
        kind === 'push_downstream'
          ? `${o.line} has no room for it ${from}..${dates.at(-1)}`
          : `${candidates.length} other line(s) work ${stage} for ${o.productType} (${names}); all full ${from}..${dates.at(-1)}`,
    });
  });
  const model: AssignmentModel = {
    jobs: orders.length,
    // a kept order never gives its place up to a rejected one (a re-plan re-solves the rejected only)
    unplacedCost: orders.map((o) => (keep?.(o.orderId) ? 2 * LINE_WEIGHT.unplaced : LINE_WEIGHT.unplaced)),
    options: options.map((o) => ({
      job: o.order,
      slot: o.slot,
      cost: LINE_WEIGHT.lateDay * o.daysPastPromise + Math.round(LINE_WEIGHT.yuan * o.transferYuan) + (o.moved ? LINE_WEIGHT.moved : 0) + LINE_WEIGHT.day * o.lateDays,
    })),
    slots: modelSlots,
  };
  return { kind, model, options, slots, why, from };
}

/**
 * Plan B's installations: each job keeps its crew and moves to the first dates on or after the
 * delivery its order's production date leads to (`productionDate` per order id; a job whose order
 * found no production date stays unplaced with that reason), never into a slot that has begun.
 */
export function pushedJobsModel(p: PlanningProblem, productionDate: ReadonlyMap<string, string>, orderWhy: ReadonlyMap<string, Why>, keep?: KeepJobPlace): PlanModel {
  const stageOf = new Map((p.lineOrders ?? []).map((o) => [o.orderId, o.stage]));
  const crewIndex = new Map(p.crews.map((c, i) => [c.id, i]));
  const placements: PlacementOption[] = [];
  const why: PlanModel['why'] = [];
  const slotIndex = new Map<string, number>();
  const slotKeys: PlanModel['slotKeys'] = [];
  const slots: AssignmentModel['slots'] = [];
  const options: AssignmentModel['options'] = [];
  p.jobs.forEach((job, j) => {
    const made = productionDate.get(job.orderId);
    const ci = job.crewId ? crewIndex.get(job.crewId) : undefined;
    if (job.notPlannable) return why.push({ code: 'not_plannable', detail: job.notPlannable });
    if (!made) return why.push(orderWhy.get(job.orderId) ?? { code: 'no_line', detail: 'its order has no production date' });
    if (ci === undefined) return why.push({ code: 'no_crew', detail: job.crewId ? `crew ${job.crewId} unknown` : 'unbooked' });
    const crew = p.crews[ci]!;
    const delivery = downstreamDate(stageOf.get(job.orderId) ?? 5, made, 9);
    // pushed, never pulled: a booking already after the delivery stays where the customer has it
    const earliest = [delivery, job.earliestDate ?? delivery, p.today, job.date ?? p.today].sort().at(-1)!;
    const dates = Array.from({ length: RESCHEDULE_HORIZON_DAYS }, (_, i) => addDays(earliest, i));
    let tooLate = 0;
    const held = keep?.(job.jobId);
    for (const date of dates) {
      if (held === null || (held && (held.crewId !== crew.id || held.date !== date))) continue;
      if (isOnLeave(crew, date)) continue;
      if (!slotStartsAfterLead(p, date, job.window)) {
        tooLate++;
        continue;
      }
      const key = loadKey(crew.id, date);
      let slot = slotIndex.get(key);
      if (slot === undefined) {
        slot = slots.length;
        slotIndex.set(key, slot);
        slotKeys.push({ crew: ci, date });
        slots.push({ free: capacityOn(crew, date) - (p.otherLoad.get(key) ?? 0) });
      }
      const lateDays = Math.max(0, daysBetween(job.date ?? job.promisedDate, date));
      const daysPastPromise = Math.max(0, daysBetween(job.promisedDate, date));
      const moved = date !== job.date;
      placements.push({ job: j, crew: ci, date, km: 0, lateDays, daysPastPromise, sameCrew: true, moved });
      const yuan = compensationFor(daysPastPromise, p.policy.compensation);
      options.push({ job: j, slot, cost: LINE_WEIGHT.lateDay * lateDays + LINE_WEIGHT.yuan * yuan + (moved ? 1 : 0) });
    }
    why.push(
      tooLate === dates.length
        ? { code: 'too_late', detail: `every slot ${dates[0]}..${dates.at(-1)} starts before now + ${p.policy.leadTimeHours} h` }
        : { code: 'no_capacity', detail: `crew ${crew.id} is full or off ${earliest}..${dates.at(-1)} (delivery ${delivery})` },
    );
  });
  return {
    kind: 'push_downstream',
    model: { jobs: p.jobs.length, unplacedCost: p.jobs.map((j) => (keep?.(j.jobId) ? 2 * LINE_WEIGHT.unplaced : LINE_WEIGHT.unplaced)), options, slots },
    placements,
    slotKeys,
    why,
    loadBefore: loadBeforePlan(p),
  };
}
