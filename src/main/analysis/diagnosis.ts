/**
 * One order, explained: the 12-stage timeline planned against actual (planned = signing time plus
 * the budgets of the stages before), who moved it or will, cause tags with their evidence, notes
 * and texts sent. Pure: the replica's rows in, the contract's Diagnosis out.
 */
import type { CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { assessLateness, projectedFinish } from '@shared/rules';
import { FINAL_STAGE, STAGES, type StageBudgets } from '@shared/stages';
import { endOfShanghaiDay, shanghaiIso } from '@shared/time';
import type { Diagnosis, OrderMatch, TimelineStage } from '@shared/war-room';
import type { OrderFacts } from './order-facts';
import type { WarRoomIndex } from './war-room-index';

const HOUR = 3600_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

export function maskPhone(phone: string | undefined): string {
  // the server masks every desk's phones (issue 16): keep its mask as it came (`+86****5678` too)
  if (phone?.includes('*')) return phone;
  const d = (phone ?? '').replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : d ? '****' : '';
}

export function maskName(name: string): string {
  return name ? `${[...name][0]}**` : '';
}

export interface DiagnosisInput {
  id: string;
  order: OrderData;
  events: EventData[];
  notifications: NotificationData[];
  jobs: JobData[];
  crews: ReadonlyMap<string, CrewData>;
  incidents: { id: string; title: string }[];
  budgets: StageBudgets;
  now: number;
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { order: o, budgets, now } = input;
  const stageEvents = new Map<number, EventData>();
  for (const e of [...input.events].sort((a, b) => a.at.localeCompare(b.at))) if (e.kind === 'stage' && e.stage) stageEvents.set(e.stage, e);
  const job = input.jobs.find((j) => j.status !== 'cancelled') ?? null;
  const crewName = job?.crewId ? (input.crews.get(job.crewId)?.name ?? job.crewId) : null;
  const workstation = o.workshop ? (o.line ? `${o.workshop}/${o.line}` : o.workshop) : null;
  const signed = Date.parse(o.signedAt ?? stageEvents.get(1)?.at ?? o.stageEnteredAt);
  const owner = (stage: number): string | null =>
    stage === 2 ? (o.designer ?? null) : stage >= 4 && stage <= 7 ? workstation : stage === 9 || stage === 10 ? (o.carrier ?? null) : stage >= 11 ? crewName : null;

  let planned = signed;
  const timeline: TimelineStage[] = STAGES.map((def) => {
    const plannedAt = planned;
    const budget = budgets[def.no] ?? null;
    planned += (budget ?? 0) * HOUR;
    const ev = stageEvents.get(def.no);
    const actual = def.no === o.stage ? Date.parse(o.stageEnteredAt) : ev ? Date.parse(ev.at) : null;
    const nextEv = stageEvents.get(def.no + 1);
    const leftAt = def.no < o.stage ? (def.no + 1 === o.stage ? Date.parse(o.stageEnteredAt) : nextEv ? Date.parse(nextEv.at) : null) : def.no === o.stage && o.stage < FINAL_STAGE ? now : null;
    const dwell = actual !== null && leftAt !== null ? (leftAt - actual) / HOUR : null;
    const reached = def.no <= o.stage;
    return {
      stage: def.no,
      plannedAt: shanghaiIso(plannedAt),
      actualAt: reached && actual !== null ? shanghaiIso(actual) : null,
      budgetHours: budget,
      dwellHours: dwell === null ? null : round1(dwell),
      late: budget != null && dwell !== null && dwell > budget,
      current: def.no === o.stage,
      role: def.movedBy,
      who: reached ? (ev?.actor ?? owner(def.no)) : owner(def.no),
    };
  });
  const verdict = assessLateness(o, budgets, now);
  const lateSince = verdict.reason === 'promised_date' ? endOfShanghaiDay(o.promisedDate) : verdict.reason === 'stage_budget' ? Date.parse(o.stageEnteredAt) + (budgets[o.stage] ?? 0) * HOUR : null;
  const events = [...input.events].sort((a, b) => a.at.localeCompare(b.at));
  return {
    asOf: shanghaiIso(now),
    order: {
      id: input.id,
      orderNo: o.orderNo,
      channel: o.channel,
      productType: o.productType,
      customer: maskName(o.customerName ?? ''),
      phoneMasked: maskPhone(o.customerPhone),
      city: o.city,
      district: o.district,
      stage: o.stage,
      stageEnteredAt: o.stageEnteredAt,
      promisedDate: o.promisedDate,
      projectedFinish: o.stage >= FINAL_STAGE ? null : shanghaiIso(projectedFinish(o, budgets, now)),
      status: verdict.status,
      reason: verdict.reason ?? null,
      lateSince: lateSince === null ? null : shanghaiIso(lateSince),
      causes: o.causes,
      workstation,
      carrier: o.carrier ?? null,
      waybill: o.waybill ?? null,
      crew: crewName,
      bookedSlot: o.bookedSlot ?? (job?.date ? `${job.date}${job.window ? ` ${job.window}` : ''}` : null),
      designer: o.designer ?? null,
      amount: o.amount ?? null,
    },
    timeline,
    causeEvents: events.filter((e) => e.kind === 'cause' && e.cause).map((e) => ({ cause: e.cause!, at: e.at, actor: e.actor, note: e.note ?? null })),
    notes: events.filter((e) => e.note && e.kind !== 'cause').map((e) => ({ at: e.at, actor: e.actor, text: e.note! })),
    notifications: [...input.notifications].sort((a, b) => a.at.localeCompare(b.at)).map((n) => ({ template: n.template, status: n.status, at: n.at })),
    incidents: input.incidents,
  };
}

/** Search by order no. (whole or part) or the last four digits of the customer's phone. */
export function findOrders(index: WarRoomIndex, query: string, limit = 20): OrderMatch[] {
  const q = query.trim().toUpperCase();
  const byPhone = /^\d{4}$/.test(q);
  const hits: { t: { facts: OrderFacts; status: OrderMatch['status'] }; rank: number }[] = [];
  for (const t of index.orders.values()) {
    const no = t.facts.orderNo.toUpperCase();
    const rank = no === q ? 0 : byPhone && t.facts.phone4 === q ? 1 : no.endsWith(q) ? 2 : no.includes(q) ? 3 : -1;
    if (rank >= 0) hits.push({ t, rank });
  }
  const lateFirst = { overdue: 0, at_risk: 1, on_track: 2, done: 3 } as const;
  hits.sort((a, b) => a.rank - b.rank || lateFirst[a.t.status] - lateFirst[b.t.status] || a.t.facts.orderNo.localeCompare(b.t.facts.orderNo));
  return hits.slice(0, limit).map(({ t }) => ({ id: t.facts.id, orderNo: t.facts.orderNo, customer: maskName(t.facts.customerName), district: t.facts.district, stage: t.facts.stage, status: t.status }));
}
