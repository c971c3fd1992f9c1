/**
 * The three plans of a production line that is down (issue 14), each solved by HiGHS through the
 * one assignment model (line-models.ts), and each plan as ONE batch command:
 *
 *   A move_line:       the waiting orders go to other lines (or factories) with the stage, the skill
 *                      and free hours; the rest are unplaced and say why (`no_line`)
 *   B push_downstream: the orders stay and are made after the restart; their booked installations
 *                      move (same crew) to after the delivery that leads to, with compensation
 *   C line_overtime:   as A, and the surviving lines may work overtime hours at their price
 *
 * Usable standalone (the benchmark calls it on a problem of its own): a problem with `lines`,
 * `lineOrders`, `lineLoad` (and for B the jobs) is all it needs.
 */
import { compensationFor, FAMILY_KINDS, type Plan, type PlanOrderMove, type PlanSummary } from '@shared/plans';
import { assemblePlan } from '@node/planning/assemble';
import { planId } from '@node/planning/generate';
import { overtimeHoursFor, productionModel, pushedJobsModel, type KeepJobPlace, type KeepOrderPlace, type ProductionKind, type ProductionModel } from '@node/planning/line-models';
import { batchForPlan, type BatchCommand } from '@node/planning/plan-batch';
import { loadKey, type PlanningProblem } from '@node/planning/problem';
import { solveAssignment, type AssignmentResult } from '@node/planning/solver';
import { lineOvertimeOn } from '@shared/supply-rules';
import { renderSms } from '@shared/sms-templates';

type Meta = { incidentId: string; checkpoint: number };

export async function linePlans(p: PlanningProblem, meta: Meta): Promise<Plan[]> {
  // side by side, each on its own solver thread
  return Promise.all(FAMILY_KINDS.line.map((kind) => solveLinePlan(p, kind as ProductionKind, { ...meta, id: planId(meta.incidentId, kind, meta.checkpoint) })));
}

/** One line plan; `keep` (a re-plan after a rejection) holds every order and job it returns a place for where the previous plan put it. */
export async function solveLinePlan(p: PlanningProblem, kind: ProductionKind, meta: Meta & { id: string }, keep?: { order?: KeepOrderPlace; job?: KeepJobPlace }): Promise<Plan> {
  const pm = productionModel(p, kind, keep?.order);
  const r = await solveAssignment(pm.model);
  const orderMoves = productionMoves(p, pm, r);
  if (kind !== 'push_downstream') return productionPlan(p, pm, r, orderMoves, meta);

  // B: the installations follow the production dates the line's own capacity gives
  const made = new Map(orderMoves.flatMap((m) => (m.to?.date ? [[m.orderId, m.to.date] as const] : [])));
  const orderWhy = new Map(orderMoves.flatMap((m) => (m.unplaced ? [[m.orderId, m.unplaced] as const] : [])));
  const jm = pushedJobsModel(p, made, orderWhy, keep?.job);
  const jr = await solveAssignment(jm.model);
  const plan = assemblePlan(p, jm, jr, meta);
  // the summary counts orders (placed, late); `moved` and the texts count the installations pushed
  const paid = new Map(plan.moves.flatMap((m) => (m.moved && m.to ? [[m.orderId, m.compensationYuan] as const] : [])));
  const compensationYuan = owedCompensation(p, orderMoves, paid);
  const delayed = delayTexts(p, orderMoves, paid);
  const texts = [...plan.texts, ...(delayed.length ? [{ template: DELAY_TEMPLATE, count: delayed.reduce((n, g) => n + g.orderIds.length, 0), sample: renderSms(DELAY_TEMPLATE, { orderNo: delayed[0]!.orderNos[0], date: delayed[0]!.date, amountYuan: delayed[0]!.amountYuan }) }] : [])];
  return {
    ...plan,
    orderMoves,
    texts,
    summary: { ...plan.summary, ...orderFigures(orderMoves), textsToSend: texts.reduce((n, t) => n + t.count, 0), compensationYuan, costYuan: compensationYuan },
    solver: {
      status: r.status === 'optimal' || r.status === 'empty' ? jr.status : r.status,
      ms: r.ms + jr.ms,
      objective: r.objective + jr.objective,
      columns: r.columns + jr.columns,
      rows: r.rows + jr.rows,
    },
  };
}

/** The overtime hours a plan buys per line-day: the day's total hours (what `line.overtime` sets) and the hours added. */
export function overtimeBought(p: PlanningProblem, orderMoves: readonly PlanOrderMove[]): Array<{ lineId: string; date: string; hours: number; added: number }> {
  const lines = new Map((p.lines ?? []).map((l) => [l.id, l]));
  const placed = new Map<string, number>();
  const withOvertime = new Set<string>();
  for (const m of orderMoves) {
    if (!m.to?.date || !m.moved) continue;
    const key = loadKey(m.to.resource, m.to.date);
    placed.set(key, (placed.get(key) ?? 0) + 1);
    if (m.reason?.overtime) withOvertime.add(key);
  }
  return [...withOvertime].sort().map((key) => {
    const [lineId, date] = key.split('|') as [string, string];
    const line = lines.get(lineId)!;
    const hours = overtimeHoursFor(line, date, (p.lineLoad?.get(key) ?? 0) + placed.get(key)!);
    return { lineId, date, hours, added: hours - lineOvertimeOn(line, date) };
  });
}

/** Every order's move (or why it has none); the overtime a slot buys goes to the orders placed there last. */
function productionMoves(p: PlanningProblem, pm: ProductionModel, r: AssignmentResult): PlanOrderMove[] {
  const lines = p.lines ?? [];
  const orders = p.lineOrders ?? [];
  const overtimeLeft = Array.from(r.extra);
  const overtime = new Set<number>();
  for (let oi = orders.length - 1; oi >= 0; oi--) {
    const c = r.choice[oi]!;
    if (c < 0) continue;
    const slot = pm.options[c]!.slot;
    if (overtimeLeft[slot]! > 0) {
      overtimeLeft[slot]!--;
      overtime.add(oi);
    }
  }
  return orders.map((o, oi) => {
    const base = { subject: 'production' as const, orderId: o.orderId, orderNo: o.orderNo, district: o.district, lat: o.lat, lng: o.lng, promisedDate: o.promisedDate, from: { resource: o.line, date: null } };
    const c = r.choice[oi]!;
    if (c < 0) {
      const why = pm.why[oi] ?? { code: 'no_line' as const, detail: 'no line has room' };
      return { ...base, to: null, moved: false, expectedDate: null, lateDays: 0, daysPastPromise: 0, costYuan: 0, reason: null, unplaced: why };
    }
    const opt = pm.options[c]!;
    const line = lines[opt.line]!;
    const slot = pm.slots[opt.slot]!;
    const ot = overtime.has(oi);
    const overtimeYuan = ot && line.ordersPerHour > 0 ? line.overtimeYuanPerHour / line.ordersPerHour : 0;
    // the tiered compensation the order's projected lateness will owe counts as its cost too, so the plans compare in money
    const owed = compensationFor(opt.daysPastPromise, p.policy.compensation);
    return {
      ...base,
      to: { resource: line.id, date: opt.date },
      moved: opt.moved,
      expectedDate: opt.expectedDate,
      lateDays: opt.lateDays,
      daysPastPromise: opt.daysPastPromise,
      costYuan: Math.round((opt.transferYuan + overtimeYuan + owed) * 100) / 100,
      reason: { lane: null, freeSlots: Math.max(0, slot.capacity - slot.load), capacity: slot.capacity, overtime: ot },
      unplaced: null,
    };
  });
}

/**
 * The compensation a plan owes: per placed order, what a pushed installation pays (`paid`, by order
 * id), else what its projected lateness will owe under the tiers when the installation is booked.
 */
function owedCompensation(p: PlanningProblem, moves: readonly PlanOrderMove[], paid: ReadonlyMap<string, number>): number {
  return moves.reduce((a, m) => a + (m.to ? (paid.get(m.orderId) ?? compensationFor(m.daysPastPromise, p.policy.compensation)) : 0), 0);
}

/** The order figures every line plan reports: placed orders, and their lateness against the promise. */
function orderFigures(moves: readonly PlanOrderMove[]): Pick<PlanSummary, 'jobs' | 'covered' | 'uncovered' | 'predictedOnTimeRate' | 'latenessHours'> {
  const placed = moves.filter((m) => m.to);
  return {
    jobs: moves.length,
    covered: placed.length,
    uncovered: moves.length - placed.length,
    predictedOnTimeRate: moves.length ? placed.filter((m) => m.daysPastPromise === 0).length / moves.length : 1,
    latenessHours: placed.reduce((a, m) => a + m.daysPastPromise * 24, 0),
  };
}

function productionPlan(p: PlanningProblem, pm: ProductionModel, r: AssignmentResult, orderMoves: PlanOrderMove[], meta: Meta & { id: string }): Plan {
  const lines = new Map((p.lines ?? []).map((l) => [l.id, l]));
  const bought = overtimeBought(p, orderMoves);
  const overtimeYuan = Math.round(bought.reduce((a, b) => a + b.added * lines.get(b.lineId)!.overtimeYuanPerHour, 0) * 100) / 100;
  const moved = orderMoves.filter((m) => m.moved);
  const transferYuan = moved.reduce((a, m) => a + (lines.get(m.to!.resource)!.factory !== m.from.resource.split('/')[0] ? lines.get(m.to!.resource)!.transferYuan : 0), 0);
  const compensationYuan = owedCompensation(p, orderMoves, new Map());
  return {
    id: meta.id,
    kind: pm.kind,
    incidentId: meta.incidentId,
    checkpoint: meta.checkpoint,
    summary: {
      ...orderFigures(orderMoves),
      moved: moved.length,
      travelKm: 0,
      // moving production tells no customer anything: their dates are kept or told by plan B
      textsToSend: 0,
      compensationYuan,
      overtimeJobs: orderMoves.filter((m) => m.reason?.overtime).length,
      overtimeYuan,
      costYuan: Math.round((transferYuan + overtimeYuan + compensationYuan) * 100) / 100,
    },
    moves: [],
    orderMoves,
    crewLoads: [],
    texts: [],
    solver: { status: r.status, ms: r.ms, objective: r.objective, columns: r.columns, rows: r.rows },
    revision: null,
  };
}

/**
 * A line plan as ONE batch (all or none on the server): C buys the overtime first (`line.overtime`,
 * the day's total hours, against the line's version), then A and C move the orders
 * (`order.moveLine`, each with the version the plan saw). B is the installers' plan B batch: the
 * jobs rescheduled, grouped by compensation so the server queues each customer's text.
 */
const DELAY_TEMPLATE = 'production_delayed';

/**
 * Plan B's customer texts for orders whose delivery the stopped line makes late and that have no
 * installation to push yet (orders before stage 9 have no job): the new delivery date and the
 * compensation, one group per (date, amount) so one `notify.customers` carries each group's params.
 */
export function delayTexts(p: PlanningProblem, orderMoves: readonly PlanOrderMove[], pushed: ReadonlyMap<string, number>): Array<{ date: string; amountYuan: number; orderIds: string[]; orderNos: string[] }> {
  const groups = new Map<string, { date: string; amountYuan: number; orderIds: string[]; orderNos: string[] }>();
  for (const m of orderMoves) {
    if (!m.to || !m.expectedDate || m.daysPastPromise <= 0 || pushed.has(m.orderId)) continue;
    const amountYuan = compensationFor(m.daysPastPromise, p.policy.compensation);
    const key = `${m.expectedDate}|${amountYuan}`;
    const g = groups.get(key) ?? { date: m.expectedDate, amountYuan, orderIds: [], orderNos: [] };
    g.orderIds.push(m.orderId);
    g.orderNos.push(m.orderNo);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.date.localeCompare(b.date) || a.amountYuan - b.amountYuan);
}

export function lineBatch(plan: Plan, p: PlanningProblem): BatchCommand | null {
  if (plan.kind === 'push_downstream') {
    const pushed = new Map(plan.moves.flatMap((m) => (m.moved && m.to ? [[m.orderId, m.compensationYuan] as const] : [])));
    const commands = [...(batchForPlan({ ...plan, kind: 'reschedule' }, p)?.payload.commands ?? [])];
    for (const g of delayTexts(p, plan.orderMoves, pushed)) commands.push({ type: 'notify.customers', payload: { orderIds: g.orderIds, template: DELAY_TEMPLATE, params: { date: g.date, amountYuan: g.amountYuan } } });
    return commands.length ? { type: 'batch', payload: { commands } } : null;
  }
  const moved = plan.orderMoves.filter((m) => m.moved && m.to);
  if (moved.length === 0) return null;
  const version = new Map((p.lineOrders ?? []).map((o) => [o.orderId, o.version]));
  const lineVersion = new Map((p.lines ?? []).map((l) => [l.id, l.version]));
  const commands: BatchCommand['payload']['commands'] = [];
  if (plan.kind === 'line_overtime') {
    const bought = overtimeBought(p, plan.orderMoves).filter((b) => b.added > 0);
    if (bought.length > 0) {
      commands.push({ type: 'line.overtime', payload: { lines: bought.map((b) => ({ lineId: b.lineId, date: b.date, hours: b.hours, expectedVersion: lineVersion.get(b.lineId)! })) } });
    }
  }
  commands.push({ type: 'order.moveLine', payload: { orders: moved.map((m) => ({ orderId: m.orderId, line: m.to!.resource, expectedVersion: version.get(m.orderId)! })) } });
  return { type: 'batch', payload: { commands } };
}
