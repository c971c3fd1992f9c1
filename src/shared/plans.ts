/**
 * Contingency plans (issue 6) as the desk's API returns them: three plans per incident, each a set
 * of job moves with a reason per job, the figures a supervisor compares them by, and what applying
 * it sends. Dates are Shanghai dates; money is yuan.
 */
import { z } from 'zod';

/**
 * Plan kinds by incident family (issue 14). Each family offers up to three plans, lettered A, B, C
 * in the order below; `book_missing` is the only plan of a missing hand-off.
 *   installers (安装人员不足): reassign · reschedule · capacity
 *   logistics (物流异常):      switch_carrier · wait_carrier · express
 *   line (设备故障 at a workstation): move_line · push_downstream · line_overtime
 *   handoff (工单未触发):      book_missing
 */
export const PLAN_KINDS = ['reassign', 'reschedule', 'capacity', 'switch_carrier', 'wait_carrier', 'express', 'move_line', 'push_downstream', 'line_overtime', 'book_missing'] as const;
export const PlanKind = z.enum(PLAN_KINDS);
export type PlanKind = z.infer<typeof PlanKind>;

export const PLAN_FAMILIES = ['installers', 'logistics', 'line', 'handoff'] as const;
export const PlanFamily = z.enum(PLAN_FAMILIES);
export type PlanFamily = z.infer<typeof PlanFamily>;

export const FAMILY_KINDS: Record<PlanFamily, readonly PlanKind[]> = {
  installers: ['reassign', 'reschedule', 'capacity'],
  logistics: ['switch_carrier', 'wait_carrier', 'express'],
  line: ['move_line', 'push_downstream', 'line_overtime'],
  handoff: ['book_missing'],
};

export const PLAN_LETTERS = ['A', 'B', 'C'] as const;
export const PlanLetter = z.enum(PLAN_LETTERS);
export type PlanLetter = z.infer<typeof PlanLetter>;

export function familyOfKind(kind: PlanKind): PlanFamily {
  return PLAN_FAMILIES.find((f) => FAMILY_KINDS[f].includes(kind))!;
}

export function letterOf(kind: PlanKind): PlanLetter {
  return PLAN_LETTERS[FAMILY_KINDS[familyOfKind(kind)].indexOf(kind)]!;
}

/** The plan family of an incident by its cause and where it bites, or null when no plan exists for it (`noPlanReason` says why). */
export function planFamilyOf(cause: string, placeKind: string): PlanFamily | null {
  if (cause === 'installer_shortage') return 'installers';
  if (cause === 'logistics' && placeKind === 'carrier') return 'logistics';
  if ((cause === 'machine_fault' || cause === 'quality_rework' || cause === 'board_shortage') && placeKind === 'workstation') return 'line';
  if (cause === 'missing_handoff') return 'handoff';
  return null;
}

/** Why an incident gets no plans (the UI words it per language). */
export const NO_PLAN_CODES = ['no_plan_for_cause', 'no_workstation', 'no_carrier'] as const;
export const NoPlanCode = z.enum(NO_PLAN_CODES);
export type NoPlanCode = z.infer<typeof NoPlanCode>;

/** Why a job could not be placed (the UI words it per language). */
export const UNPLACED_CODES = [
  'not_plannable', // the order is not at stages 10-11, or the job is done / cancelled
  'no_skill_in_reach', // no crew serving the district has the skill
  'all_unavailable', // every crew that could do it is on leave on every date in the window
  'no_capacity', // crews exist but are full on every date in the window
  'no_crew', // plan B keeps crews; the job has none
  'collected', // the shipment is already with the stopped carrier: it cannot switch
  'no_lane', // no other carrier (or express) serves the order's region with capacity
  'no_line', // no other line has the stage and the skill with free hours
  'too_late', // every slot in the window starts before the server's now plus the lead time
] as const;
export const UnplacedCode = z.enum(UNPLACED_CODES);
export type UnplacedCode = z.infer<typeof UnplacedCode>;

const Place = z.object({ crewId: z.string().nullable(), crewName: z.string().nullable(), date: z.string().nullable() });

export const PlanMove = z.object({
  jobId: z.string(),
  orderId: z.string(),
  orderNo: z.string(),
  district: z.string(),
  skill: z.string(),
  window: z.string().nullable(),
  promisedDate: z.string(),
  lat: z.number(),
  lng: z.number(),
  from: Place,
  /** null when the job could not be placed */
  to: Place.extend({ lat: z.number(), lng: z.number() }).nullable(),
  /** true when crew or date changes (a job kept as it is sends nothing) */
  moved: z.boolean(),
  km: z.number(),
  /** days after the customer's booked date (or the promised date when unbooked) */
  lateDays: z.number().int(),
  /** days after the promised date: what compensation is paid on */
  daysPastPromise: z.number().int(),
  compensationYuan: z.number(),
  /** capacity bought for this job (plan C): 0 or 1 overtime slot */
  overtime: z.boolean(),
  /** the reason for the choice: "skill 橱柜, 6 km, 2 of 5 slots free" as data */
  reason: z
    .object({ skill: z.string(), km: z.number(), freeSlots: z.number().int(), capacity: z.number().int(), sameCrew: z.boolean() })
    .nullable(),
  unplaced: z.object({ code: UnplacedCode, detail: z.string() }).nullable(),
});
export type PlanMove = z.infer<typeof PlanMove>;

export const CrewLoadChange = z.object({ crewId: z.string(), crewName: z.string(), capacity: z.number().int(), before: z.number().int(), after: z.number().int() });
export type CrewLoadChange = z.infer<typeof CrewLoadChange>;

export const PlanSummary = z.object({
  jobs: z.number().int(),
  covered: z.number().int(),
  uncovered: z.number().int(),
  moved: z.number().int(),
  /** share of the plan's jobs placed on or before their promised date */
  predictedOnTimeRate: z.number(),
  latenessHours: z.number(),
  travelKm: z.number(),
  textsToSend: z.number().int(),
  compensationYuan: z.number(),
  overtimeJobs: z.number().int(),
  overtimeYuan: z.number(),
  costYuan: z.number(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanText = z.object({ template: z.string(), count: z.number().int(), sample: z.string() });

/**
 * An order-level move (issue 14): a shipment switched to another carrier (logistics A and C), or
 * production moved to another line (line A and C). `resource` is the carrier name or the line id
 * (`<factory>/<line>`); `date` the pickup or production date.
 */
export const OrderPlace = z.object({ resource: z.string(), date: z.string().nullable() });
export const PlanOrderMove = z.object({
  subject: z.enum(['shipment', 'production']),
  orderId: z.string(),
  orderNo: z.string(),
  district: z.string(),
  lat: z.number(),
  lng: z.number(),
  promisedDate: z.string(),
  from: OrderPlace,
  to: OrderPlace.nullable(),
  moved: z.boolean(),
  /** the new expected arrival (shipment) or finish date (production) */
  expectedDate: z.string().nullable(),
  lateDays: z.number().int(),
  daysPastPromise: z.number().int(),
  /** what the move costs: freight, express or transfer, plus overtime */
  costYuan: z.number(),
  reason: z.object({ lane: z.string().nullable(), freeSlots: z.number().int(), capacity: z.number().int(), overtime: z.boolean() }).nullable(),
  unplaced: z.object({ code: UnplacedCode, detail: z.string() }).nullable(),
});
export type PlanOrderMove = z.infer<typeof PlanOrderMove>;

export const Plan = z.object({
  id: z.string(),
  kind: PlanKind,
  incidentId: z.string(),
  /** the replica checkpoint the plan was computed on */
  checkpoint: z.number().int(),
  summary: PlanSummary,
  moves: z.array(PlanMove),
  /** shipments and production moved (logistics and line plans); absent or empty for the others */
  orderMoves: z.array(PlanOrderMove).default([]),
  crewLoads: z.array(CrewLoadChange),
  texts: z.array(PlanText),
  solver: z.object({ status: z.string(), ms: z.number(), objective: z.number(), columns: z.number().int(), rows: z.number().int() }),
  /** set on a re-plan after the server rejected rows that changed meanwhile */
  revision: z
    .object({
      fromPlanId: z.string(),
      rejectedJobIds: z.array(z.string()),
      changed: z.array(z.object({ jobId: z.string(), before: Place.nullable(), after: Place.nullable() })),
    })
    .nullable(),
});
export type Plan = z.infer<typeof Plan>;

export const PlansResult = z.object({
  incidentId: z.string(),
  asOf: z.string(),
  ms: z.number(),
  plans: z.array(Plan),
  /** the incident's plan family; null with `noPlan` when its kind has no plan */
  family: PlanFamily.nullable().default(null),
  noPlan: z.object({ code: NoPlanCode, detail: z.string() }).nullable().default(null),
});
export type PlansResult = z.infer<typeof PlansResult>;

/** A plan or bulk move applied this shift (or before), and whether it can still be undone. */
export const AppliedAction = z.object({
  actionId: z.string(),
  label: z.string(),
  at: z.string(),
  state: z.enum(['pending', 'applied', 'rejected', 'failed', 'undone', 'undo_pending']),
  jobs: z.number().int(),
  error: z.string().nullable(),
  /** when the server rejected rows: the plan that can be re-planned */
  planId: z.string().nullable(),
  rejectedJobIds: z.array(z.string()),
});
export type AppliedAction = z.infer<typeof AppliedAction>;

/** 阶梯式超时赔付: the company's tiered compensation for late installation, editable data. */
export const CompensationTiers = z.object({
  /** yuan per day late, by tier: days 1..upToDays pay yuanPerDay (null = every further day) */
  tiers: z.array(z.object({ upToDays: z.number().int().min(1).nullable(), yuanPerDay: z.number().min(0) })).min(1),
  capYuan: z.number().min(0),
});
export type CompensationTiers = z.infer<typeof CompensationTiers>;

/** The price of extra capacity (plan C). */
export const CapacityOffer = z.object({
  /** extra jobs a crew may take in overtime per day */
  overtimePerCrewDay: z.number().int().min(0).max(10),
  overtimeYuanPerJob: z.number().min(0),
});
export type CapacityOffer = z.infer<typeof CapacityOffer>;

export const PlanningPolicy = z.object({
  compensation: CompensationTiers,
  capacity: CapacityOffer,
  /** no plan places anything in a slot starting before the server's now plus this many hours (issue 14) */
  leadTimeHours: z.number().min(0).max(72).default(2),
  /**
   * a line incident (machine fault, rework, board shortage at a workstation) whose line has no
   * stoppage reported: plans assume it is down this many hours from now (issue 14), so keeping the
   * line (plan B) and moving away from it (A, C) are weighed against a real outage
   */
  assumedRepairHours: z.number().min(1).max(24 * 14).default(8),
});
export type PlanningPolicy = z.infer<typeof PlanningPolicy>;

/** What a company pays for `days` days late under `tiers` (pure). */
export function compensationFor(days: number, c: CompensationTiers): number {
  let paid = 0;
  let day = 0;
  for (const tier of c.tiers) {
    const until = tier.upToDays ?? Infinity;
    while (day < days && day < until) {
      paid += tier.yuanPerDay;
      day++;
    }
    if (day >= days) break;
  }
  return Math.min(paid, c.capYuan);
}

/**
 * Manual bulk re-assign (issue 6 item 6): the jobs a supervisor picked on the map, and the crews
 * that could take them, each with its load per day so the choice is made with the capacity in view.
 */
export const BulkJob = z.object({
  jobId: z.string(),
  orderId: z.string(),
  orderNo: z.string(),
  district: z.string(),
  skill: z.string(),
  /** the booked date and crew (null when unbooked) */
  date: z.string().nullable(),
  crewId: z.string().nullable(),
  crewName: z.string().nullable(),
  /** false when no crew can take it: `why` says which rule (not_plannable, no_skill_in_reach) */
  plannable: z.boolean(),
  why: z.object({ code: UnplacedCode, detail: z.string() }).optional(),
});
export type BulkJob = z.infer<typeof BulkJob>;

export const CrewDay = z.object({
  date: z.string(),
  /** open jobs the crew holds that day, the picked ones included */
  load: z.number().int(),
  /** capacityPerDay + overtime that day */
  capacity: z.number().int(),
  /** the leave reason when the crew is unavailable that day */
  off: z.string().nullable(),
});
export type CrewDay = z.infer<typeof CrewDay>;

export const CrewSuggestion = z.object({
  crewId: z.string(),
  crewName: z.string(),
  district: z.string(),
  /** how many of the picked jobs the crew can do (serves the district and has the skill) */
  fits: z.number().int(),
  /** those jobs, so a re-assign sends only what the crew can take */
  jobIds: z.array(z.string()),
  /** average km from the crew's home district to those jobs */
  km: z.number(),
  /** free slots over `dates`, leave days counting none (the second ranking key) */
  free: z.number().int(),
  dates: z.array(CrewDay),
  /** why it is suggested: the needed skills it has and the picked districts it serves */
  reason: z.object({ skills: z.array(z.string()), districts: z.array(z.string()) }),
});
export type CrewSuggestion = z.infer<typeof CrewSuggestion>;

export const CrewSuggestions = z.object({
  /** the days the crews' loads are shown for: the chosen date (never before today) and the next two */
  dates: z.array(z.string()),
  jobs: z.array(BulkJob),
  /** ranked: crews with a free slot first, then most jobs it can do, then most free slots, then nearest */
  crews: z.array(CrewSuggestion),
});
export type CrewSuggestions = z.infer<typeof CrewSuggestions>;

/**
 * What re-assigning to one crew on one day would send: the jobs it can do that are not already
 * there, as many as its free slots allow; the rest are skipped with the reason the dialog names.
 */
export interface BulkChoice {
  take: string[];
  skipped: { notPlannable: number; outOfReach: number; alreadyThere: number; noRoom: number; onLeave: number };
}

export function chooseForCrew(s: CrewSuggestions, crewId: string, date: string): BulkChoice {
  const crew = s.crews.find((c) => c.crewId === crewId);
  const day = crew?.dates.find((d) => d.date === date);
  const fits = new Set(crew?.jobIds ?? []);
  const skipped = { notPlannable: 0, outOfReach: 0, alreadyThere: 0, noRoom: 0, onLeave: 0 };
  const candidates: string[] = [];
  for (const job of s.jobs) {
    if (!job.plannable) skipped.notPlannable++;
    else if (!fits.has(job.jobId)) skipped.outOfReach++;
    else if (job.crewId === crewId && job.date === date) skipped.alreadyThere++;
    else candidates.push(job.jobId);
  }
  if (!day || day.off) return { take: [], skipped: { ...skipped, onLeave: candidates.length } };
  const room = Math.max(0, day.capacity - day.load);
  skipped.noRoom = Math.max(0, candidates.length - room);
  return { take: candidates.slice(0, room), skipped };
}

/**
 * One auto-policy rule, kept by the order server (entity `autoRule`, id = the cause): apply the
 * given plan of the cause's family by itself for new incidents of this cause (up to maxJobs items).
 */
export const AutoRule = z.object({ cause: z.string().min(1).max(64), enabled: z.boolean(), maxJobs: z.number().int().min(1).max(5000), plan: PlanLetter.default('A') });
export type AutoRule = z.infer<typeof AutoRule>;

/** What the auto-policy did for one incident. */
export const AutoRun = z.object({
  at: z.string(),
  /** the plan applied (absent in runs recorded before issue 14: plan A) */
  plan: PlanLetter.optional(),
  incidentId: z.string(),
  title: z.string(),
  cause: z.string(),
  actionId: z.string().nullable(),
  moved: z.number().int(),
  outcome: z.enum(['applied', 'skipped', 'failed']),
  detail: z.string().nullable(),
});
export type AutoRun = z.infer<typeof AutoRun>;

export const AutoPolicy = z.object({ rules: z.array(AutoRule), runs: z.array(AutoRun) });
export type AutoPolicy = z.infer<typeof AutoPolicy>;

/** auto-policy.json in the desk's data folder. */
export const AutoPolicyFile = z.object({ version: z.literal(1), rules: z.array(AutoRule), handled: z.array(z.string()), runs: z.array(AutoRun) });
export type AutoPolicyFile = z.infer<typeof AutoPolicyFile>;
