/**
 * The three plans of a carrier that stopped or is late (物流异常, issue 14), each through the one
 * assignment model (solver.ts), with slots that are a carrier's lane on a pickup date:
 *
 *   A switch_carrier: shipments not yet collected (stage 8) go to another regular carrier with a
 *                     lane into the order's region and room that day (the plan is the switch: the
 *                     supervisor weighs it against B); collected ones cannot (`collected`), and
 *                     those no lane-day with room serves say so (`no_lane`)
 *   B wait_carrier:   the shipments stay; their installations move (same crew) to the day after
 *                     the carrier's new expected arrival or later, with the tiered compensation
 *   C express:        as A, with express capacity only, at its price
 *
 * A shipment's cost is lexicographic: days its expected arrival is past the promised date, then
 * the freight in yuan, then how late the pickup is. A and C then re-book each switched order's
 * installation (same crew) when its new arrival is after the booked date.
 */
import { type Plan, type PlanKind, type PlanOrderMove, type PlanSummary, type UnplacedCode } from '@shared/plans';
import { laneFor } from '@shared/supply-rules';
import { addDays } from '@shared/time';
import { assemblePlan } from '@node/planning/assemble';
import { planId } from '@node/planning/generate';
import { arrivalWith, firstPickupDate } from '@node/planning/incident-problem';
import { movedJobs, rescheduleCommands, type BatchCommand, type BatchCommands } from '@node/planning/plan-batch';
import { planModel, WEIGHT } from '@node/planning/plan-models';
import { daysBetween, loadKey, type PlanningProblem, type PlanShipment } from '@node/planning/problem';
import { solveAssignment, type AssignmentModel, type AssignmentResult } from '@node/planning/solver';
import { carrierLoadKey } from '@node/planning/supply-load';

/** How many pickup days from the first allowed one a switch may use. */
export const PICKUP_HORIZON_DAYS = 3;

export type SwitchKind = 'switch_carrier' | 'express';
type Meta = { incidentId: string; checkpoint: number };
type Why = { code: UnplacedCode; detail: string };
/** A previous plan's place for an order (a re-plan keeps it): carrier and pickup date, null = unplaced, undefined = free. */
export type KeepOrder = (orderId: string) => { resource: string; date: string | null } | null | undefined;
export type KeepJob = (jobId: string) => { crewId: string; date: string } | null | undefined;

interface ShipmentOption {
  shipment: number;
  carrier: string;
  /** the pickup date */
  date: string;
  arrival: string | null;
  daysPastPromise: number;
  yuan: number;
  region: string | null;
  slot: number;
}

export interface ShipmentModel {
  model: AssignmentModel;
  options: ShipmentOption[];
  /** per slot: the lane-day's capacity and its load before the plan */
  slotInfo: Array<{ capacity: number; load: number }>;
  why: Array<Why | null>;
}

/** The switch model of plan A (regular carriers) or C (express carriers) for the problem's shipments. */
export function shipmentModel(p: PlanningProblem, kind: SwitchKind, keep?: KeepOrder): ShipmentModel {
  const shipments = p.shipments ?? [];
  const carriers = (p.carriers ?? []).filter((c) => c.express === (kind === 'express'));
  const load = p.carrierLoad ?? new Map<string, number>();
  const first = firstPickupDate(p);
  const options: ShipmentOption[] = [];
  const why: Array<Why | null> = [];
  const slots: AssignmentModel['slots'] = [];
  const slotInfo: ShipmentModel['slotInfo'] = [];
  const slotIndex = new Map<string, number>();
  const costs: number[] = [];
  shipments.forEach((s, i) => {
    if (s.notPlannable) return why.push({ code: 'not_plannable', detail: s.notPlannable });
    if (s.collected) return why.push({ code: 'collected', detail: `${s.carrier} ${s.waybill ?? ''}`.trim() });
    const held = keep?.(s.orderId);
    const allowed = (carrier: string, date: string | null) => held === undefined || (held !== null && held.resource === carrier && held.date === date);
    const mine: ShipmentOption[] = [];
    for (const c of carriers) {
      if (c.name === s.carrier) continue;
      const lane = laneFor(c, s);
      if (!lane || lane.dailyCapacity <= 0) continue;
      for (let d = 0; d < PICKUP_HORIZON_DAYS; d++) {
        const date = addDays(first, d);
        if (!allowed(c.name, date)) continue;
        const key = carrierLoadKey(c.name, lane.region, date);
        let slot = slotIndex.get(key);
        if (slot === undefined) {
          slot = slots.length;
          slotIndex.set(key, slot);
          const used = load.get(key) ?? 0;
          slots.push({ free: lane.dailyCapacity - used });
          slotInfo.push({ capacity: lane.dailyCapacity, load: used });
        }
        const arrival = arrivalWith(c, s, p, date);
        mine.push({ shipment: i, carrier: c.name, date, arrival, daysPastPromise: pastPromise(s, arrival), yuan: lane.yuanPerShipment, region: lane.region, slot });
        costs.push(WEIGHT.lateDay * pastPromise(s, arrival) + WEIGHT.yuan * lane.yuanPerShipment + d);
      }
    }
    options.push(...mine);
    why.push(mine.length ? null : { code: 'no_lane', detail: held === undefined ? `${kind === 'express' ? 'express ' : ''}${s.district}/${s.city}/${s.province}` : 'kept unplaced by the plan being revised' });
  });
  return {
    model: { jobs: shipments.length, unplacedCost: shipments.map(() => WEIGHT.unplaced), options: options.map((o, k) => ({ job: o.shipment, slot: o.slot, cost: costs[k]! })), slots },
    options,
    slotInfo,
    why,
  };
}

/** Days an arrival is past the promised date (an unknown arrival counts as two weeks late). */
function pastPromise(s: Pick<PlanShipment, 'promisedDate'>, arrival: string | null): number {
  return arrival ? Math.max(0, daysBetween(s.promisedDate, arrival)) : 14;
}

/** Each shipment's move from a solved switch model. */
export function shipmentMoves(p: PlanningProblem, sm: ShipmentModel, r: AssignmentResult): PlanOrderMove[] {
  return (p.shipments ?? []).map((s, i) => {
    const base = { subject: 'shipment' as const, orderId: s.orderId, orderNo: s.orderNo, district: s.district, lat: s.lat, lng: s.lng, promisedDate: s.promisedDate, from: { resource: s.carrier, date: null } };
    const o = r.choice[i]! >= 0 ? sm.options[r.choice[i]!]! : null;
    if (!o) {
      const own = (p.carriers ?? []).find((c) => c.name === s.carrier);
      const arrival = own && !s.notPlannable ? arrivalWith(own, s, p) : null;
      const late = arrival ? Math.max(0, daysBetween(s.promisedDate, arrival)) : 0;
      return { ...base, to: null, moved: false, expectedDate: arrival, lateDays: late, daysPastPromise: late, costYuan: 0, reason: null, unplaced: sm.why[i] ?? { code: 'no_lane', detail: 'every lane-day with room is full' } };
    }
    const info = sm.slotInfo[o.slot]!;
    return {
      ...base,
      to: { resource: o.carrier, date: o.date },
      moved: true,
      expectedDate: o.arrival,
      lateDays: o.daysPastPromise,
      daysPastPromise: o.daysPastPromise,
      costYuan: o.yuan,
      reason: { lane: o.region, freeSlots: Math.max(0, info.capacity - info.load), capacity: info.capacity, overtime: false },
      unplaced: null,
    };
  });
}

/** Shipments that stay with the stopped carrier (plan B), with the arrival the installations wait for. */
function stayingMoves(p: PlanningProblem): PlanOrderMove[] {
  const carriers = new Map((p.carriers ?? []).map((c) => [c.name, c]));
  return (p.shipments ?? []).map((s) => {
    const own = carriers.get(s.carrier);
    const lane = own ? laneFor(own, s) : null;
    const arrival = own && !s.notPlannable ? arrivalWith(own, s, p) : null;
    const late = arrival ? Math.max(0, daysBetween(s.promisedDate, arrival)) : 0;
    const base = { subject: 'shipment' as const, orderId: s.orderId, orderNo: s.orderNo, district: s.district, lat: s.lat, lng: s.lng, promisedDate: s.promisedDate, from: { resource: s.carrier, date: null } };
    if (s.notPlannable || !own) return { ...base, to: null, moved: false, expectedDate: null, lateDays: 0, daysPastPromise: 0, costYuan: 0, reason: null, unplaced: { code: s.notPlannable ? ('not_plannable' as const) : ('no_lane' as const), detail: s.notPlannable ?? `${s.carrier} is not in the carriers data` } };
    return { ...base, to: { resource: s.carrier, date: null }, moved: false, expectedDate: arrival, lateDays: late, daysPastPromise: late, costYuan: 0, reason: { lane: lane?.region ?? null, freeSlots: 0, capacity: 0, overtime: false }, unplaced: null };
  });
}

/** How a model is solved: HiGHS (solveAssignment) unless a benchmark swaps in its greedy baseline. */
export type Solve = (m: AssignmentModel) => Promise<AssignmentResult>;

export async function logisticsPlans(p: PlanningProblem, meta: Meta, solve: Solve = solveAssignment): Promise<Plan[]> {
  const kinds: PlanKind[] = ['switch_carrier', 'wait_carrier', 'express'];
  return Promise.all(kinds.map((kind) => solveLogisticsPlan(p, kind, { ...meta, id: planId(meta.incidentId, kind, meta.checkpoint) }, undefined, solve)));
}

export async function solveLogisticsPlan(p: PlanningProblem, kind: PlanKind, meta: Meta & { id: string }, keep?: { order?: KeepOrder; job?: KeepJob }, solve: Solve = solveAssignment): Promise<Plan> {
  if (kind === 'wait_carrier') {
    const pm = planModel(p, kind, keep?.job);
    const plan = assemblePlan(p, pm, await solve(pm.model), meta);
    return { ...plan, orderMoves: stayingMoves(p) };
  }
  if (kind !== 'switch_carrier' && kind !== 'express') throw new Error(`solveLogisticsPlan: ${kind} is not a logistics plan`);
  const sm = shipmentModel(p, kind, keep?.order);
  const r = await solve(sm.model);
  const orderMoves = shipmentMoves(p, sm, r);
  // the switched orders' installations: the day after the new arrival at the earliest, same crew
  const arrival = new Map(orderMoves.filter((m) => m.moved && m.expectedDate).map((m) => [m.orderId, m.expectedDate!]));
  const rebook = p.jobs
    .filter((j) => arrival.has(j.orderId) && j.crewId && j.date && j.date <= arrival.get(j.orderId)!)
    .map((j) => ({ ...j, earliestDate: addDays(arrival.get(j.orderId)!, 1) }));
  const rebooked = new Set(rebook.map((j) => j.jobId));
  const otherLoad = new Map(p.otherLoad);
  for (const j of p.jobs) if (!rebooked.has(j.jobId) && j.crewId && j.date) otherLoad.set(loadKey(j.crewId, j.date), (otherLoad.get(loadKey(j.crewId, j.date)) ?? 0) + 1);
  const jp: PlanningProblem = { ...p, jobs: rebook, otherLoad };
  const jm = planModel(jp, kind, keep?.job);
  const jr = await solve(jm.model);
  const plan = assemblePlan(jp, jm, jr, meta);
  return {
    ...plan,
    orderMoves,
    summary: mergedSummary(plan.summary, orderMoves),
    solver: {
      status: combinedStatus(r.status, jr.status),
      ms: r.ms + jr.ms,
      objective: r.objective + jr.objective,
      columns: r.columns + jr.columns,
      rows: r.rows + jr.rows,
    },
  };
}

/** Two solves' status as one: the first that is neither optimal nor empty, else optimal (empty when both were). */
export function combinedStatus(...statuses: string[]): string {
  return statuses.find((s) => s !== 'optimal' && s !== 'empty') ?? (statuses.every((s) => s === 'empty') ? 'empty' : 'optimal');
}

/** A switch plan's figures: its shipments and the jobs it re-books, counted together; the freight is part of the cost. */
function mergedSummary(jobs: PlanSummary, orders: readonly PlanOrderMove[]): PlanSummary {
  const placed = orders.filter((m) => m.to);
  const freight = orders.reduce((a, m) => a + (m.moved ? m.costYuan : 0), 0);
  const items = jobs.jobs + orders.length;
  const onTime = jobs.predictedOnTimeRate * jobs.jobs + placed.filter((m) => m.daysPastPromise === 0).length;
  return {
    ...jobs,
    jobs: items,
    covered: jobs.covered + placed.length,
    uncovered: jobs.uncovered + orders.length - placed.length,
    moved: jobs.moved + orders.filter((m) => m.moved).length,
    predictedOnTimeRate: items ? onTime / items : 1,
    latenessHours: jobs.latenessHours + placed.reduce((a, m) => a + m.daysPastPromise * 24, 0),
    costYuan: jobs.costYuan + freight,
  };
}

/**
 * A logistics plan as ONE batch: A and C switch the shipments (`order.switchCarrier`, each with
 * the order's version the plan saw) and re-book the installations their new arrival passes; B only
 * re-books. Jobs go by compensation amount (rescheduleCommands), so each customer gets the text
 * the card previews.
 */
export function logisticsBatch(plan: Plan, p: PlanningProblem): BatchCommand | null {
  const commands: BatchCommands = [];
  const switched = plan.orderMoves.filter((m) => m.moved && m.to?.date);
  if (switched.length > 0) {
    const version = new Map((p.shipments ?? []).map((s) => [s.orderId, s.version]));
    commands.push({
      type: 'order.switchCarrier',
      payload: { orders: switched.map((m) => ({ orderId: m.orderId, carrier: m.to!.resource, pickupDate: m.to!.date, expectedVersion: version.get(m.orderId)! })) },
    });
  }
  const jobs = movedJobs(plan);
  if (jobs.length > 0) commands.push(...rescheduleCommands(plan.kind, jobs, new Map(p.jobs.map((j) => [j.jobId, j.version]))));
  return commands.length ? { type: 'batch', payload: { commands } } : null;
}
