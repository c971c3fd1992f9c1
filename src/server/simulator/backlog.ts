/**
 * The simulated company's state at the moment the simulation starts (pure: seed and start time
 * in, rows out). ~1,500 orders in flight over the 12 stages, ~40 crews, the carriers and lines
 * (resources/*.json), installation jobs for orders at stage ≥ 9 (booked provisionally as the
 * shipment left, issue 14's hand-off; each stage 4-7 on a line of its kind; the carrier chosen
 * at 8, the waybill at 9), and about 8-15 % overdue orders, partly clustered as real incidents:
 * an edge-banding machine down (stage 5, machine_fault), Pudong installers on leave (stage 10,
 * installer_shortage), a carrier stuck in the cold (stage 9, logistics); and a few percent at risk.
 */
import { addDays, shanghaiDate, shanghaiIso } from '@shared/time';
import { projectedFinish } from '@shared/rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
import type { Cause } from '@shared/vocab';
import type { CarrierData, LineData } from '@shared/supply-rules';
import { trackingLink } from '@shared/supply-rules';
import { chooseCrew, INSTALL_WINDOWS, provisionalBooking, skillFor } from '@server/domain/booking';
import { newOrderRow } from '@server/domain/new-order';
import type { EventRow, JobRow, NotificationRow, OrderRow } from '@server/db/schema';
import { generateCrews, LEAVE_DISTRICT, type CrewSeed } from '@server/simulator/crews';
import { draftOrder } from '@server/simulator/drafts';
import { DISTRICTS } from '@server/simulator/geo';
import { CARRIERS, DESIGNERS, lineFor, WORKSHOPS } from '@server/simulator/people';
import { PromotionDesk, type PromoTruth } from '@server/simulator/promotions';
import { defaultPromotions } from '@server/promotions/data';
import { defaultSupply } from '@server/supply/data';
import { Rng } from '@server/simulator/prng';

type Seed<T> = Omit<T, 'version' | 'deleted'>;
export interface Backlog {
  crews: CrewSeed[];
  orders: Seed<OrderRow>[];
  events: Seed<EventRow>[];
  jobs: Seed<JobRow>[];
  notifications: Seed<NotificationRow>[];
  /** the carriers and lines the company starts with (a scenario under way adds its stoppages) */
  supply: { carriers: CarrierData[]; lines: LineData[] };
  /** each order's promotion as entered, mistakes included (issue 20): for evaluation, never written */
  promoTruth: PromoTruth[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STAGE_WEIGHT = [8, 14, 6, 10, 7, 3, 3, 6, 14, 8, 10, 11];
const STAGE_CAUSES: Record<number, Cause[]> = {
  2: ['design_rework', 'site_problem'], 3: ['board_shortage'], 4: ['board_shortage', 'machine_fault'], 5: ['machine_fault', 'quality_rework'],
  6: ['machine_fault', 'quality_rework'], 7: ['quality_rework'], 8: ['missing_handoff'], 9: ['logistics'], 10: ['missing_handoff', 'installer_shortage'],
  11: ['customer_reschedule', 'site_problem'],
};

type Profile = 'normal' | 'late' | 'promise' | 'tight' | 'machine' | 'leave' | 'cold';

export interface BacklogOptions {
  orders?: number;
}

const budgetH = (s: number) => DEFAULT_BUDGETS[s] ?? null;

export function generateBacklog(seed: number, startMs: number, options: BacklogOptions = {}): Backlog {
  const rng = new Rng(seed);
  const n = options.orders ?? 1500;
  const crews = generateCrews(rng);
  const profiles: Profile[] = [];
  const cluster = (p: Profile, share: number) => {
    for (let i = 0; i < Math.round(n * share); i++) profiles.push(p);
  };
  cluster('machine', 0.03);
  cluster('leave', 0.012);
  cluster('cold', 0.016);
  cluster('late', 0.035);
  cluster('promise', 0.008);
  cluster('tight', 0.03);
  while (profiles.length < n) profiles.push('normal');
  const shuffled = rng.sample(profiles, profiles.length);

  const supply = structuredClone(defaultSupply());
  const carrierData = new Map(supply.carriers.map((c) => [c.name, c]));
  const out: Backlog = { crews, orders: [], events: [], jobs: [], notifications: [], supply, promoTruth: [] };
  // promotions from a stream of their own, so the rest of the backlog draws as before issue 20; no
  // 天猫 baskets here (a basket is one customer's sale at one time, which the profiles do not make)
  const promotions = new PromotionDesk(seed, defaultPromotions());
  const loads = new Map<string, number>();
  const loadOf = (c: string, d: string) => loads.get(`${c}|${d}`) ?? 0;
  const book = (c: string, d: string) => loads.set(`${c}|${d}`, loadOf(c, d) + 1);
  const pudong = DISTRICTS.find((d) => d.name === LEAVE_DISTRICT);
  const machineLine = { workshop: WORKSHOPS[0]?.workshop ?? '苏州一厂', line: '封边2线' };
  const BOOKING_DAYS = 14;
  const coldCarrier = CARRIERS[1] ?? { name: '安能物流', prefix: 'ANE' };
  const today = shanghaiDate(startMs);

  shuffled.forEach((profile, i) => {
    const seq = i + 1;
    const stage =
      profile === 'machine' ? 5 : profile === 'leave' ? 10 : profile === 'cold' ? 9 : profile === 'late' ? rng.int(2, 11) : rng.weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], (s) => STAGE_WEIGHT[s - 1] ?? 1);
    // how long the order has been in its current stage, then in each earlier stage
    const b = budgetH(stage);
    let elapsed: number;
    if (profile === 'machine') elapsed = rng.range(14, 40) * HOUR;
    else if (profile === 'leave') elapsed = rng.range(50, 80) * HOUR;
    else if (profile === 'cold') elapsed = rng.range(76, 110) * HOUR;
    else if (profile === 'late' && b != null) elapsed = b * rng.range(1.15, 2.6) * HOUR;
    else if (stage === 12) elapsed = rng.range(0.2, 30) * HOUR;
    else if (b == null) elapsed = rng.range(0.2, 20) * HOUR;
    else elapsed = b * rng.range(0.02, 0.92) * HOUR;
    const dwell: number[] = [];
    for (let s = 1; s < stage; s++) {
      const bs = budgetH(s);
      dwell.push(bs == null ? rng.range(2, 30) * HOUR : bs * rng.range(0.3, 0.9) * HOUR);
    }
    if (profile === 'promise') {
      // signed long ago: stretch the earlier stages so the promised date has passed
      const span = rng.range(24, 36) * DAY - elapsed;
      const sum = dwell.reduce((a, x) => a + x, 0) || 1;
      for (let k = 0; k < dwell.length; k++) dwell[k] = ((dwell[k] ?? 0) * span) / sum;
    }
    const entered: number[] = new Array(stage + 1).fill(0);
    entered[stage] = startMs - Math.round(elapsed);
    for (let s = stage - 1; s >= 1; s--) entered[s] = (entered[s + 1] ?? 0) - Math.round(dwell[s - 1] ?? 0);
    const signedAt = entered[1] ?? startMs;
    const district = profile === 'leave' && pudong ? pudong : undefined;
    const draft = draftOrder(rng, { seq, signedAtMs: signedAt, district });
    if (profile === 'promise') draft.promisedDate = shanghaiDate(signedAt + rng.int(20, 23) * DAY);
    if (profile === 'tight' && stage < 12) {
      // promised too early for the remaining budgets: at risk, not yet late
      const finish = projectedFinish({ stage, stageEnteredAt: shanghaiIso(entered[stage] ?? startMs), promisedDate: draft.promisedDate }, DEFAULT_BUDGETS, startMs);
      draft.promisedDate = shanghaiDate(Math.max(startMs + DAY, finish - rng.range(1, 4) * DAY));
    }

    const id = `o-${String(seq).padStart(6, '0')}`;
    const [promo] = promotions.enter([{ key: id, orderNo: draft.orderNo, channel: draft.channel, amount: draft.amount, signedAt: shanghaiIso(signedAt) }]);
    if (promo) out.promoTruth.push(promo.truth);
    const causes: string[] = [];
    if (profile === 'machine') causes.push('machine_fault');
    if (profile === 'leave') causes.push('installer_shortage');
    if (profile === 'cold') causes.push('logistics');
    if (profile === 'late' && rng.chance(0.6)) causes.push(rng.pick(STAGE_CAUSES[stage] ?? ['quality_rework']));
    if (profile === 'normal' && stage > 1 && stage < 12 && rng.chance(0.03)) causes.push(rng.pick(STAGE_CAUSES[stage] ?? ['customer_reschedule']));
    const workshop = profile === 'machine' ? machineLine.workshop : rng.pick(WORKSHOPS).workshop;
    // the line of each production stage (4 开料 … 7 包装), the one the order is on now last
    const lineAt = (s: number) => (profile === 'machine' && s === 5 ? machineLine.line : lineFor(rng, workshop, Math.min(7, Math.max(4, s))));
    const ws = { workshop, line: lineAt(stage) };
    const carrier = profile === 'cold' ? coldCarrier : rng.pick(CARRIERS);
    const iso = (s: number) => shanghaiIso(entered[s] ?? startMs);

    // the order as the floor API would have created it, then as far along as its stage
    const order: Seed<OrderRow> = {
      ...newOrderRow(id, { ...draft, ...promo?.fields }, { signedAt: iso(1), now: iso(1) }),
      designer: stage >= 2 ? rng.pick(DESIGNERS) : null,
      workshop: stage >= 4 ? ws.workshop : null,
      line: stage >= 4 ? ws.line : null,
      // the warehouse books the carrier as the order is packed (8); the waybill comes with the pick-up (9)
      carrier: stage >= 8 ? carrier.name : null,
      waybill: stage >= 9 ? `${carrier.prefix}${rng.digits(12)}` : null,
      stage,
      stageEnteredAt: iso(stage),
      causes,
      note: null,
      updatedAt: iso(stage),
    };
    const actorFor = (s: number): string =>
      s === 1 ? `sales:${draft.channel}` : s === 2 ? (order.designer ?? 'designer') : s === 3 ? 'purchasing' : s <= 7 ? `${ws.workshop}/${s === stage ? ws.line : lineAt(s)}` : s === 8 ? 'warehouse' : s <= 10 ? carrier.name : 'dispatch';
    for (let s = 1; s <= stage; s++) {
      out.events.push({ id: `e-${id.slice(2)}-${String(s).padStart(2, '0')}`, orderId: id, kind: 'stage', stage: s, at: iso(s), actor: actorFor(s), note: null, cause: null, evidence: null, reportedBy: null });
    }
    causes.forEach((cause, k) => {
      const at = shanghaiIso(Math.min(startMs, (entered[stage] ?? startMs) + Math.round(rng.range(0.1, 0.9) * elapsed)));
      out.events.push({ id: `e-${id.slice(2)}-c${k + 1}`, orderId: id, kind: 'cause', stage, at, actor: actorFor(stage), note: null, cause, evidence: null, reportedBy: null });
    });
    if (stage >= 9) {
      const params = { carrier: carrier.name, waybill: order.waybill, url: trackingLink(carrierData.get(carrier.name) ?? { trackingUrl: '' }, order.waybill) };
      out.notifications.push({ id: `n-${id.slice(2)}-1`, orderId: id, template: 'tracking_link', status: 'sent', at: iso(9), params, sentAt: iso(9) });
    }
    if (stage >= 9) {
      // created as the shipment left (9), booked from its expected arrival; a stage-10 order whose
      // hand-off was missed has it unbooked
      const job: Seed<JobRow> = { id: `j-${id.slice(2)}`, orderId: id, crewId: null, date: null, window: null, skill: skillFor(draft.productType), status: 'unbooked' };
      const place = (pick: { crewId: string; date: string } | null, status: 'booked' | 'done') => {
        if (!pick) return;
        book(pick.crewId, pick.date);
        Object.assign(job, { crewId: pick.crewId, date: pick.date, window: INSTALL_WINDOWS[loadOf(pick.crewId, pick.date) % 3] ?? null, status });
        order.crewId = pick.crewId;
        order.bookedSlot = `${pick.date} ${job.window}`;
      };
      if (stage <= 10 && !causes.includes('missing_handoff')) {
        const p = provisionalBooking(crews, loadOf, { carrier: carrierData.get(carrier.name) ?? null, to: order, shippedMs: entered[9] ?? startMs, nowMs: startMs, skill: job.skill, days: BOOKING_DAYS });
        place(p.booking, 'booked');
      }
      if (stage >= 11) {
        const entryDay = shanghaiDate(entered[11] ?? startMs);
        const fromDate = stage === 12 ? shanghaiDate(entered[12] ?? startMs) : [addDays(entryDay, 1), today].sort()[1] ?? today;
        // a finished installation happened on the day it was accepted, whatever the load
        place(chooseCrew(crews, stage === 12 ? () => 0 : loadOf, { district: order.district, skill: job.skill, fromDate, days: stage === 12 ? 1 : BOOKING_DAYS }), stage === 12 ? 'done' : 'booked');
        out.notifications.push({ id: `n-${id.slice(2)}-2`, orderId: id, template: 'install_booked', status: 'sent', at: iso(11), params: null, sentAt: iso(11) });
      }
      out.jobs.push(job);
    }
    out.orders.push(order);
  });

  // Pudong installers on leave from yesterday to the day after tomorrow (their jobs stay booked:
  // the desk re-plans them); two crews elsewhere with leave later in the week.
  const pudongCrews = crews.filter((c) => c.district === LEAVE_DISTRICT).slice(0, 2);
  for (const c of pudongCrews) c.unavailable.push({ from: addDays(today, -1), to: addDays(today, 2), reason: rng.pick(['病假', '事假']) });
  for (const c of rng.sample(crews.filter((c) => c.district !== LEAVE_DISTRICT), 2)) c.unavailable.push({ from: addDays(today, 3), to: addDays(today, 5), reason: '年假' });
  return out;
}
