/**
 * A planning problem: the incident's installation jobs, the crews, and every other job's load per
 * crew and day, as plain data (pure). Built from the war room's in-memory index and the replica's
 * row versions by `problemFromIndex`, and by tests and benchmarks directly.
 */
import type { Unavailability } from '@shared/entities';
import type { PlanningPolicy, UnplacedCode } from '@shared/plans';
import type { CarrierData, LineData } from '@shared/supply-rules';
import { addDays, shanghaiIso, startOfShanghaiDay } from '@shared/time';
import { isOnLeave } from '@shared/crew-rules';

export interface PlanJob {
  jobId: string;
  orderId: string;
  orderNo: string;
  district: string;
  lat: number;
  lng: number;
  skill: string;
  window: string | null;
  /** the booked date and crew (null when unbooked) */
  date: string | null;
  crewId: string | null;
  promisedDate: string;
  /** the job row's version this plan was computed against (expectedVersion) */
  version: number;
  /** null when the server would accept a move of this job; otherwise why not */
  notPlannable: string | null;
  /** the order has no installation job yet (a missing hand-off): applying creates and books it; jobId is `new:<orderId>` */
  create?: boolean;
  /** no placement before this date (the carrier's new arrival, the line's restart plus the downstream stages) */
  earliestDate?: string;
}

export interface PlanCrew {
  id: string;
  name: string;
  district: string;
  districts: readonly string[];
  skills: readonly string[];
  capacityPerDay: number;
  unavailable: readonly Unavailability[];
  overtime: readonly { date: string; extraJobs: number }[];
  version: number;
  /** the home district's centre */
  lat: number;
  lng: number;
}

/** A carrier as plans see it: its data and the row version a switch is checked against. */
export type PlanCarrier = CarrierData & { id: string; version: number };
/** A production line as plans see it; id = `<factory>/<line>` (the workstation orders carry). */
export type PlanLine = LineData & { id: string; version: number };

/** An order whose shipment a logistics plan may switch or wait for (stage 8 booked with a carrier, or 9 shipped). */
export interface PlanShipment {
  orderId: string;
  orderNo: string;
  district: string;
  city: string;
  province: string;
  lat: number;
  lng: number;
  promisedDate: string;
  carrier: string;
  waybill: string | null;
  stage: number;
  /** true once the carrier has the goods (stage 9): it can no longer switch */
  collected: boolean;
  /** when it entered stage 9 (null before) */
  shippedAt: string | null;
  /** the order row's version (expectedVersion of a switch) */
  version: number;
  notPlannable: string | null;
}

/** An order waiting at a workstation (a line plan moves it or pushes what follows it). */
export interface PlanLineOrder {
  orderId: string;
  orderNo: string;
  district: string;
  lat: number;
  lng: number;
  productType: string;
  /** the line id it is on */
  line: string;
  stage: number;
  promisedDate: string;
  version: number;
  notPlannable: string | null;
}

export interface PlanningProblem {
  /** the server's date today (Asia/Shanghai) */
  today: string;
  /** the server's clock (epoch ms): no placement starts before nowMs + policy.leadTimeHours */
  nowMs: number;
  jobs: PlanJob[];
  crews: PlanCrew[];
  /** open jobs NOT in this problem, per `crewId|date` */
  otherLoad: ReadonlyMap<string, number>;
  policy: PlanningPolicy;
  /** logistics incidents: the shipments concerned, every carrier, and shipments booked per `carrier|region|date` besides them */
  shipments?: PlanShipment[];
  carriers?: PlanCarrier[];
  carrierLoad?: ReadonlyMap<string, number>;
  /** line incidents: the orders waiting, every line, and orders planned per `lineId|date` besides them */
  lineOrders?: PlanLineOrder[];
  lines?: PlanLine[];
  lineLoad?: ReadonlyMap<string, number>;
}

export { loadKey } from '@shared/crew-rules';

/** How many days plan A and C may move a customer past the booked date (the customer's window). */
export const CUSTOMER_WINDOW_DAYS = 3;
/** How far plan B looks for a date with the same crew. */
export const RESCHEDULE_HORIZON_DAYS = 14;

export function daysBetween(from: string, to: string): number {
  return Math.round((startOfShanghaiDay(to) - startOfShanghaiDay(from)) / 86_400_000);
}


/** Great-circle distance in km (haversine); travel is judged from the crew's home district. */
export function distanceKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The dates a job may be placed on: from its booked date (never before today, nor before its
 * earliest date) for `days` days. The lead time then strikes the slots that start too soon
 * (placementsFor); the window is not shifted, so a customer is never offered a later date than
 * the plan's horizon allows.
 */
export function datesFor(job: PlanJob, today: string, days: number): string[] {
  let start = job.date && job.date > today ? job.date : today;
  if (job.earliestDate && job.earliestDate > start) start = job.earliestDate;
  return Array.from({ length: days }, (_, i) => addDays(start, i));
}

/** When a slot starts when no window says otherwise (a pickup, an unwindowed job): windowStartMinutes. */
export const DEFAULT_SLOT_START = '09:00';

/** Minutes after midnight at which a window such as "13:00-17:00" starts; 09:00 for none or an unreadable one. */
export function windowStartMinutes(window: string | null | undefined): number {
  const m = /^\s*(\d{1,2}):(\d{2})/.exec(window ?? '');
  const [h, min] = m ? [Number(m[1]), Number(m[2])] : [9, 0];
  return h < 24 && min < 60 ? h * 60 + min : 9 * 60;
}

/** The first moment (epoch ms) a plan may place anything: the server's now plus the policy's lead time. */
export function leadTimeStartMs(p: Pick<PlanningProblem, 'nowMs' | 'policy'>): number {
  return p.nowMs + p.policy.leadTimeHours * 3_600_000;
}

/**
 * Whether a slot on `date` in `window` (Asia/Shanghai; 09:00 when none) starts at or after the
 * server's now plus the lead time (issue 14: a plan never places work in a slot already begun, or
 * about to). Every plan kind and the crew suggestions ask this one function.
 */
export function slotStartsAfterLead(p: Pick<PlanningProblem, 'nowMs' | 'policy'>, date: string, window: string | null | undefined): boolean {
  return startOfShanghaiDay(date) + windowStartMinutes(window) * 60_000 >= leadTimeStartMs(p);
}

/** One way to place a job: a crew on a date. */
export interface PlacementOption {
  job: number;
  crew: number;
  date: string;
  km: number;
  lateDays: number;
  daysPastPromise: number;
  sameCrew: boolean;
  moved: boolean;
}

/**
 * Every (crew, date) that satisfies the hard rules for a job: the crew serves the job's district,
 * has its skill and is not unavailable that day. Capacity is the solver's concern. When there is
 * none, `why` says which rule excluded the job.
 */
export function placementsFor(
  p: PlanningProblem,
  j: number,
  opts: { days: number; sameCrewOnly: boolean; memo?: PlacementMemo },
): { options: PlacementOption[]; why: { code: UnplacedCode; detail: string } | null } {
  const job = p.jobs[j]!;
  const memo = opts.memo ?? new PlacementMemo(p);
  if (job.notPlannable) return { options: [], why: { code: 'not_plannable', detail: job.notPlannable } };
  let crews: ReadonlyArray<readonly [PlanCrew, number]>;
  if (opts.sameCrewOnly) {
    crews = p.crews.map((c, i) => [c, i] as const).filter(([c]) => c.id === job.crewId);
    if (crews.length === 0) return { options: [], why: { code: 'no_crew', detail: job.crewId ? `crew ${job.crewId} unknown` : 'unbooked' } };
  } else {
    crews = memo.serving(job.district, job.skill);
    if (crews.length === 0) return { options: [], why: { code: 'no_skill_in_reach', detail: `${job.skill}@${job.district}` } };
  }
  const dates = datesFor(job, p.today, opts.days).filter((d) => slotStartsAfterLead(p, d, job.window));
  if (dates.length === 0) {
    const last = datesFor(job, p.today, opts.days).at(-1)!;
    return { options: [], why: { code: 'too_late', detail: `${job.window ?? DEFAULT_SLOT_START} on ${last} starts before ${shanghaiIso(leadTimeStartMs(p))}` } };
  }
  const options: PlacementOption[] = [];
  for (const [crew, ci] of crews) {
    const km = Math.round(distanceKm(crew.lat, crew.lng, job.lat, job.lng) * 10) / 10;
    for (const date of dates) {
      if (memo.off(ci, date)) continue;
      const sameCrew = crew.id === job.crewId;
      options.push({
        job: j,
        crew: ci,
        date,
        km,
        lateDays: Math.max(0, daysBetween(job.date ?? job.promisedDate, date)),
        daysPastPromise: Math.max(0, daysBetween(job.promisedDate, date)),
        sameCrew,
        moved: !(sameCrew && date === job.date),
      });
    }
  }
  if (options.length === 0) return { options, why: { code: 'all_unavailable', detail: `${crews.length} crews, ${dates[0]}..${dates.at(-1)}` } };
  return { options, why: null };
}

/** Per planning pass: which crews serve a district with a skill, and who is off which day (computed once). */
export class PlacementMemo {
  private readonly servingMemo = new Map<string, Array<readonly [PlanCrew, number]>>();
  private readonly offMemo = new Map<string, boolean>();
  constructor(private readonly p: PlanningProblem) {}

  serving(district: string, skill: string): ReadonlyArray<readonly [PlanCrew, number]> {
    const key = `${district}|${skill}`;
    let list = this.servingMemo.get(key);
    if (!list) {
      list = this.p.crews.flatMap((c, i) => (c.districts.includes(district) && c.skills.includes(skill) ? [[c, i] as const] : []));
      this.servingMemo.set(key, list);
    }
    return list;
  }

  off(crew: number, date: string): boolean {
    const key = `${crew}|${date}`;
    let v = this.offMemo.get(key);
    if (v === undefined) {
      v = isOnLeave(this.p.crews[crew]!, date);
      this.offMemo.set(key, v);
    }
    return v;
  }
}
