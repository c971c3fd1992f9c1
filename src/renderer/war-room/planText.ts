/**
 * A plan in words and on the map, for every plan family (issue 14): the headline per kind, an order
 * move's route and reason, why an incident has no plan, and the preview's lines and markers. Pure, so
 * the card, the strip and the tests word a plan the same way.
 */
import { FAMILY_KINDS, planFamilyOf, type NoPlanCode, type Plan, type PlanFamily, type PlanOrderMove } from '@shared/plans';
import type { Translate } from '@renderer/i18n/I18nProvider';
import { causeLabel, stageName } from '@renderer/i18n/labels';
import type { Lang, MessageKey } from '@renderer/i18n/messages';
import type { PlanPreviewLine } from '@renderer/map/planLayer';

/** Kinds whose money is the order moves' own cost (freight, express, transfer, line overtime). */
const ORDER_COST_KINDS: ReadonlySet<Plan['kind']> = new Set(['switch_carrier', 'express', 'move_line', 'line_overtime']);
/** Kinds whose money is the compensation paid for lateness. */
const COMPENSATION_KINDS: ReadonlySet<Plan['kind']> = new Set(['reschedule', 'wait_carrier', 'push_downstream']);

export interface PlanCounts {
  /** orders whose carrier or line changes */
  orders: number;
  /** installation jobs whose crew or date changes */
  jobs: number;
}

export function planCounts(plan: Plan): PlanCounts {
  return { orders: plan.orderMoves.filter((m) => m.moved).length, jobs: plan.moves.filter((m) => m.moved).length };
}

/** True when applying the plan would change nothing (the apply button says so instead). */
export function changesNothing(plan: Plan): boolean {
  const c = planCounts(plan);
  return plan.summary.moved === 0 && c.orders === 0 && c.jobs === 0;
}

const yuan = (n: number) => Math.round(n).toLocaleString('en-US');

/** One line that says what the plan does and what it costs, e.g. "换承运商 12 单 · 运费 ¥3,600". */
export function planHeadline(plan: Plan, t: Translate): string {
  const c = planCounts(plan);
  const money = ORDER_COST_KINDS.has(plan.kind)
    ? plan.orderMoves.filter((m) => m.moved).reduce((sum, m) => sum + m.costYuan, 0)
    : COMPENSATION_KINDS.has(plan.kind)
      ? plan.summary.compensationYuan
      : plan.summary.costYuan;
  const head = t(`plan.head.${plan.kind}` as MessageKey, { orders: c.orders, jobs: c.jobs, yuan: yuan(money) });
  // an order move often drags installations along (a new arrival date moves the booking too)
  return ORDER_COST_KINDS.has(plan.kind) && c.jobs > 0 ? `${head} · ${t('plan.head.andJobs', { jobs: c.jobs })}` : head;
}

/** The apply confirmation: it names orders too when the plan moves any. */
export function applyConfirmText(plan: Plan, t: Translate): string {
  const c = planCounts(plan);
  const kind = t(`plan.kind.${plan.kind}` as MessageKey);
  if (c.orders === 0) return t('plan.applyConfirm', { kind, n: plan.summary.moved, texts: plan.summary.textsToSend });
  return t('plan.applyConfirmOrders', { kind, orders: c.orders, n: c.jobs, texts: plan.summary.textsToSend });
}

const place = (p: { resource: string; date: string | null }) => (p.date ? `${p.resource} ${p.date}` : p.resource);

/** "安能物流 2026-02-02 → 顺丰速运 2026-02-03" (carrier or line, pickup or production date). */
export function orderMoveRoute(m: PlanOrderMove): string {
  // an order that stays (plan B waits for its carrier) names only where it is
  return m.to && m.moved ? `${place(m.from)} → ${place(m.to)}` : place(m.from);
}

/**
 * The planner's detail of a row it cannot change (src/node/planning: `order at stage N…`, `job <status>`,
 * `order is with X, not Y`) in the page's language; a detail of another shape is shown as written.
 */
export function notPlannableText(detail: string, t: Translate, lang: Lang): string {
  const stage = /^order at stage (\d+)/.exec(detail);
  if (stage) return t('plan.notPlannable.stage', { n: Number(stage[1]), stage: stageName(Number(stage[1]), lang) });
  const job = /^job (done|cancelled)$/.exec(detail);
  if (job) return t(`plan.notPlannable.job.${job[1] as 'done' | 'cancelled'}`);
  const elsewhere = /^order is (?:with|on) (.+), not (.+)$/.exec(detail);
  if (elsewhere) return t('plan.notPlannable.elsewhere', { now: elsewhere[1]!, was: elsewhere[2]! });
  return detail;
}

/** An unplaced row's reason in words (a not-plannable detail worded too). */
export function unplacedText(u: { code: string; detail: string }, t: Translate, lang: Lang): string {
  return t(`plan.unplaced.${u.code}` as MessageKey, { detail: u.code === 'not_plannable' ? notPlannableText(u.detail, t, lang) : u.detail });
}

/** Why the order goes there (or why it cannot go anywhere), with its expected date and cost. */
export function orderMoveText(m: PlanOrderMove, t: Translate, lang: Lang = 'zh-CN'): string {
  if (m.unplaced) {
    const why = unplacedText(m.unplaced, t, lang);
    // a collected shipment's detail is data (carrier and waybill), worth showing; other details are the planner's prose
    return m.unplaced.code === 'collected' && m.unplaced.detail ? why + t('plan.noPlan.detail', { detail: m.unplaced.detail }) : why;
  }
  const parts: string[] = m.moved ? [] : [t('plan.move.kept')];
  // a shipment that stays still has a new arrival (the carrier's new ETA) the installation waits for
  if (m.expectedDate) parts.push(t(m.subject === 'shipment' ? 'plan.order.arrival' : 'plan.order.finish', { date: m.expectedDate }));
  if (m.moved) parts.push(t('plan.order.cost', { yuan: yuan(m.costYuan) }));
  if (m.reason?.lane) parts.push(t('plan.order.lane', { lane: m.reason.lane }));
  if (m.reason && m.reason.capacity > 0) parts.push(t('plan.order.free', { free: m.reason.freeSlots, cap: m.reason.capacity }));
  if (m.reason?.overtime) parts.push(t('plan.order.overtime'));
  if (m.daysPastPromise > 0) parts.push(t('plan.order.late', { d: m.daysPastPromise }));
  return parts.join(' · ');
}

/** Causes with words of their own for why no plan fits (others get the general why). */
const WHY_CAUSES: ReadonlySet<string> = new Set(['site_problem', 'design_rework', 'customer_reschedule']);

/**
 * Why an incident gets no plan, in words, with the cause named. A cause with no plan family says why
 * in the page's language (the back end's detail is for logs); a plannable cause at the wrong place
 * names the place the back end gives.
 */
export function noPlanText(noPlan: { code: NoPlanCode; detail: string }, cause: string | null, t: Translate, lang: Lang): string {
  const text = t(`plan.noPlan.${noPlan.code}` as MessageKey, { cause: cause ? causeLabel(cause, lang) : '—' });
  if (noPlan.code === 'no_plan_for_cause') return `${text}${lang === 'en' ? '. ' : '。'}${t(`plan.noPlan.why.${cause && WHY_CAUSES.has(cause) ? cause : 'other'}` as MessageKey)}`;
  return noPlan.detail ? text + t('plan.noPlan.detail', { detail: noPlan.detail }) : text;
}

/**
 * The plan family a cause's auto rule picks its letter in. A rule is per cause, so the place does not
 * narrow it: a cause is plannable when planFamilyOf accepts it at the place it bites (carrier or workstation).
 */
export function familyForCause(cause: string): PlanFamily | null {
  return planFamilyOf(cause, 'carrier') ?? planFamilyOf(cause, 'workstation');
}

export function lettersFor(family: PlanFamily): { letter: 'A' | 'B' | 'C'; kind: Plan['kind'] }[] {
  return FAMILY_KINDS[family].map((kind, i) => ({ letter: (['A', 'B', 'C'] as const)[i]!, kind }));
}

/**
 * What the map previews: a job that changes crew gets a line to the crew it goes to; a job whose
 * destination has no crew (only its date moves, or no crew is named) and every order move gets a
 * marker at the order, since there is no crew to point at. Unplaced ones are grey.
 */
export function previewLines(plan: Plan): PlanPreviewLine[] {
  const jobs: PlanPreviewLine[] = plan.moves
    .filter((m) => m.moved || m.unplaced)
    .map((m) => {
      const from: [number, number] = [m.lat, m.lng];
      if (!m.to || !m.moved) return { id: m.jobId, from, to: null, overtime: m.overtime };
      const crewChanges = m.to.crewId !== null && m.to.crewId !== m.from.crewId;
      return crewChanges ? { id: m.jobId, from, to: [m.to.lat, m.to.lng], overtime: m.overtime } : { id: m.jobId, from, to: null, overtime: m.overtime, mark: 'date' };
    });
  const orders: PlanPreviewLine[] = plan.orderMoves
    .filter((m) => m.moved || m.unplaced)
    .map((m) => ({ id: `order:${m.orderId}`, from: [m.lat, m.lng], to: null, overtime: m.reason?.overtime ?? false, ...(m.moved && m.to ? { mark: m.subject } : {}) }));
  return [...orders, ...jobs];
}
