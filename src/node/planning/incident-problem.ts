/**
 * The planning problem of one incident, per plan family, read from a PlanningSource (the desk's
 * replica or the server's database), so both sides plan the same incident the same way:
 *   installers: the incident's jobs and the open jobs of its orders; every other open job is load
 *   logistics:  the carrier's shipments (the incident's, and its not yet collected ones a stoppage
 *               holds), every carrier, the lane-days' load, and the shipments' installation jobs,
 *               each no earlier than the day after the carrier's expected arrival
 *   handoff:    per order with no active booked job, the job to create (or the unbooked one to book)
 *   line:       lineProblemPart (line-problem.ts)
 */
import type { PlanFamily } from '@shared/plans';
import { expectedArrival, stoppageHolds, type CarrierData } from '@shared/supply-rules';
import { addDays, shanghaiDate, startOfShanghaiDay } from '@shared/time';
import type { IncidentWhere } from '@shared/war-room';
import { lineProblemPart } from '@node/planning/line-problem';
import { slotStartsAfterLead, windowStartMinutes, type PlanCarrier, type PlanJob, type PlanningProblem, type PlanShipment } from '@node/planning/problem';
import type { PlanningSource, SourceJob, SourceOrder } from '@node/planning/source';

export interface IncidentInput {
  orderIds: readonly string[];
  jobIds: readonly string[];
  where: IncidentWhere;
}

/** Installation jobs are planned while their order is shipped (the provisional booking made at hand-off), delivered or booked. */
export const JOB_STAGES = { from: 9, to: 11 } as const;

const openJob = (j: SourceJob) => j.status !== 'done' && j.status !== 'cancelled';

export function problemForIncident(source: PlanningSource, family: PlanFamily, incident: IncidentInput): PlanningProblem {
  const nowMs = source.nowMs();
  const policy = source.policy();
  const base = { today: shanghaiDate(nowMs), nowMs, policy, crews: source.crews() };
  const withJobs = (jobs: PlanJob[]): Pick<PlanningProblem, 'jobs' | 'otherLoad'> => ({ jobs, otherLoad: source.crewLoad(new Set(jobs.map((j) => j.jobId))) });
  switch (family) {
    case 'installers':
      return { ...base, ...withJobs(installerJobs(source, incident)) };
    case 'logistics': {
      const part = logisticsPart(source, incident, { nowMs, policy });
      return { ...base, ...withJobs(part.jobs), shipments: part.shipments, carriers: part.carriers, carrierLoad: source.carrierLoad(new Set(part.shipments.map((s) => s.orderId))) };
    }
    case 'handoff':
      return { ...base, ...withJobs(missingJobs(source, incident, { nowMs, policy })) };
    case 'line': {
      const part = lineProblemPart(source, incident);
      return { ...base, ...part, otherLoad: source.crewLoad(new Set(part.jobs.map((j) => j.jobId))) };
    }
  }
}

/** A job row as a plan job of its order; `notPlannable` says why the server would refuse to move it. */
export function planJob(order: SourceOrder, job: SourceJob): PlanJob {
  const stageOk = order.stage >= JOB_STAGES.from && order.stage <= JOB_STAGES.to;
  return {
    jobId: job.id,
    orderId: order.id,
    orderNo: order.orderNo,
    district: order.district,
    lat: order.lat,
    lng: order.lng,
    skill: job.skill,
    window: job.window,
    date: job.date,
    crewId: job.crewId,
    promisedDate: order.promisedDate,
    version: job.version,
    notPlannable: !openJob(job) ? `job ${job.status}` : stageOk ? null : `order at stage ${order.stage}`,
  };
}

/** The incident's jobs and the open jobs of its orders, sorted by id. */
function installerJobs(source: PlanningSource, incident: IncidentInput): PlanJob[] {
  const byId = new Map<string, SourceJob>();
  for (const j of source.jobs(incident.jobIds)) byId.set(j.id, j);
  for (const j of source.jobsOfOrders(incident.orderIds)) if (openJob(j)) byId.set(j.id, j);
  const orders = new Map(source.orders([...new Set([...byId.values()].map((j) => j.orderId))]).map((o) => [o.id, o]));
  return [...byId.values()]
    .flatMap((j) => {
      const o = orders.get(j.orderId);
      return o ? [planJob(o, j)] : [];
    })
    .sort((a, b) => a.jobId.localeCompare(b.jobId));
}

/** The first date a pickup (09:00) may be booked on: today, or later when the lead time has passed it. */
export function firstPickupDate(p: Pick<PlanningProblem, 'nowMs' | 'policy'>): string {
  let d = shanghaiDate(p.nowMs);
  while (!slotStartsAfterLead(p, d, null)) d = addDays(d, 1);
  return d;
}

/** When a pickup on `date` happens (its 09:00 slot start). */
export const pickupMs = (date: string): number => startOfShanghaiDay(date) + windowStartMinutes(null) * 60_000;

/**
 * When a shipment is expected at the customer with `carrier`: from the day it shipped (collected)
 * or the first pickup the plan could book (not yet), held by any stoppage; null when no lane serves it.
 */
export function arrivalWith(carrier: Pick<CarrierData, 'lanes' | 'stoppages'>, s: Pick<PlanShipment, 'district' | 'city' | 'province' | 'collected' | 'shippedAt'>, p: Pick<PlanningProblem, 'nowMs' | 'policy'>, pickupDate = firstPickupDate(p)): string | null {
  const shipped = s.collected && s.shippedAt ? Date.parse(s.shippedAt) : pickupMs(pickupDate);
  return expectedArrival(carrier, s, shipped, p.nowMs);
}

function logisticsPart(source: PlanningSource, incident: IncidentInput, p: Pick<PlanningProblem, 'nowMs' | 'policy'>): { shipments: PlanShipment[]; carriers: PlanCarrier[]; jobs: PlanJob[] } {
  const carriers = source.carriers();
  const name = incident.where.carrier ?? null;
  const carrier = carriers.find((c) => c.name === name) ?? null;
  const orders = new Map(source.orders(incident.orderIds).map((o) => [o.id, o]));
  // every other shipment a stoppage (now or announced) holds, collected or not: the incident lists
  // the late ones, but a shipment due in time before the cold snap is stuck all the same, and its
  // installation must wait for it too (stoppageHolds, the rule an outage report tags by)
  if (carrier && name) {
    for (const o of source.ordersOfCarrier(name)) {
      if (orders.has(o.id)) continue;
      if (carrier.stoppages.some((s) => stoppageHolds(s, name, o, p.nowMs))) orders.set(o.id, o);
    }
  }
  const shipments: PlanShipment[] = [...orders.values()]
    .map((o) => ({
      orderId: o.id,
      orderNo: o.orderNo,
      district: o.district,
      city: o.city,
      province: o.province,
      lat: o.lat,
      lng: o.lng,
      promisedDate: o.promisedDate,
      carrier: o.carrier ?? '',
      waybill: o.waybill,
      stage: o.stage,
      collected: o.stage >= 9,
      shippedAt: o.stage >= 9 ? o.stageEnteredAt : null,
      version: o.version,
      notPlannable: o.stage < 8 || o.stage > 9 ? `order at stage ${o.stage}` : o.carrier !== name ? `order is with ${o.carrier ?? 'no carrier'}, not ${name}` : null,
    }))
    .sort((a, b) => a.orderId.localeCompare(b.orderId));
  // the installations wait for the goods: no earlier than the day after the expected arrival
  const arrival = new Map(shipments.map((s) => [s.orderId, carrier && !s.notPlannable ? arrivalWith(carrier, s, p) : null]));
  const jobs = source
    .jobsOfOrders([...orders.keys()])
    .filter(openJob)
    .map((j) => {
      const job = planJob(orders.get(j.orderId)!, j);
      const at = arrival.get(j.orderId);
      return at ? { ...job, earliestDate: addDays(at, 1) } : job;
    })
    .sort((a, b) => a.jobId.localeCompare(b.jobId));
  return { shipments, carriers, jobs };
}

/**
 * Per order of a missing hand-off: nothing when it has an active booked job; its unbooked job to
 * book; else a job to create (`new:<orderId>`, the product type's skill, booked from the first
 * allowed slot, and for a shipped order no earlier than the day after the expected arrival).
 */
function missingJobs(source: PlanningSource, incident: IncidentInput, p: Pick<PlanningProblem, 'nowMs' | 'policy'>): PlanJob[] {
  const orders = source.orders(incident.orderIds);
  const active = new Map<string, SourceJob>();
  for (const j of source.jobsOfOrders(orders.map((o) => o.id))) if (openJob(j)) active.set(j.orderId, j);
  const carriers = new Map(source.carriers().map((c) => [c.name, c]));
  const jobs: PlanJob[] = [];
  for (const o of orders) {
    const j = active.get(o.id);
    if (j && j.crewId && j.date) continue;
    const carrier = o.stage === 9 && o.carrier ? carriers.get(o.carrier) : undefined;
    const at = carrier ? arrivalWith(carrier, { ...o, collected: true, shippedAt: o.stageEnteredAt }, p) : null;
    const job: PlanJob = j
      ? planJob(o, j)
      : {
          ...planJob(o, { id: `new:${o.id}`, orderId: o.id, crewId: null, date: null, window: null, skill: skillFor(o.productType), status: 'unbooked', version: 0 }),
          create: true,
          version: o.version,
        };
    jobs.push(at ? { ...job, earliestDate: addDays(at, 1) } : job);
  }
  return jobs.sort((a, b) => a.jobId.localeCompare(b.jobId));
}

/** The installation skill a product type needs (the server's hand-off uses the same codes: the product type). */
export const skillFor = (productType: string): string => productType;
