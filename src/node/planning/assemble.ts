/**
 * From a solved assignment model to the plan the supervisor reads (pure): every job's move with its
 * reason (or why it could not be placed), crew loads before and after, texts and costs.
 */
import { compensationFor, type CrewLoadChange, type Plan, type PlanMove } from '@shared/plans';
import { renderSms } from '@shared/sms-templates';
import { capacityOn, isOnLeave } from '@shared/crew-rules';
import { loadKey, type PlanningProblem } from '@node/planning/problem';
import type { PlanModel } from '@node/planning/plan-models';
import type { AssignmentResult } from '@node/planning/solver';

export const TEXT_TEMPLATE: Partial<Record<Plan['kind'], string>> = {
  reassign: 'install_reassigned',
  reschedule: 'install_rescheduled',
  capacity: 'install_reassigned',
  book_missing: 'install_booked',
};

/** Kinds that move a job to a later date with the same crew: compensation text when owed, else the new booking. */
const LATER_DATE_KINDS: ReadonlySet<Plan['kind']> = new Set(['reschedule', 'wait_carrier', 'push_downstream', 'switch_carrier', 'express']);

export function assemblePlan(
  p: PlanningProblem,
  pm: PlanModel,
  r: AssignmentResult,
  meta: { id: string; incidentId: string; checkpoint: number },
): Plan {
  const crewName = new Map(p.crews.map((c) => [c.id, c.name]));
  const loadAfter = new Map(pm.loadBefore);
  const bump = (key: string, by: number) => loadAfter.set(key, (loadAfter.get(key) ?? 0) + by);
  const moves: PlanMove[] = p.jobs.map((job, j) => {
    const from = { crewId: job.crewId, crewName: job.crewId ? crewName.get(job.crewId) ?? job.crewId : null, date: job.date };
    const base = { jobId: job.jobId, orderId: job.orderId, orderNo: job.orderNo, district: job.district, skill: job.skill, window: job.window, promisedDate: job.promisedDate, lat: job.lat, lng: job.lng, from };
    const chosen = r.choice[j]! >= 0 ? pm.placements[r.choice[j]!]! : null;
    if (!chosen) {
      const why = pm.why[j] ?? { code: 'no_capacity' as const, detail: 'every crew that could do it is full in the window' };
      return { ...base, to: null, moved: false, km: 0, lateDays: 0, daysPastPromise: 0, compensationYuan: 0, overtime: false, reason: null, unplaced: why };
    }
    const crew = p.crews[chosen.crew]!;
    const key = loadKey(crew.id, chosen.date);
    if (chosen.moved) {
      bump(key, 1);
      if (job.crewId && job.date) bump(loadKey(job.crewId, job.date), -1);
    }
    const capacity = capacityOn(crew, chosen.date);
    return {
      ...base,
      to: { crewId: crew.id, crewName: crew.name, date: chosen.date, lat: crew.lat, lng: crew.lng },
      moved: chosen.moved,
      km: chosen.km,
      lateDays: chosen.lateDays,
      daysPastPromise: chosen.daysPastPromise,
      compensationYuan: compensationFor(chosen.daysPastPromise, p.policy.compensation),
      overtime: false,
      reason: { skill: job.skill, km: chosen.km, freeSlots: Math.max(0, capacity - (pm.loadBefore.get(key) ?? 0)), capacity, sameCrew: chosen.sameCrew },
      unplaced: null,
    };
  });
  // overtime bought per slot is spread over the jobs placed there beyond its regular capacity
  let overtimeJobs = 0;
  r.extra.forEach((n, s) => {
    if (n <= 0) return;
    overtimeJobs += n;
    const { crew, date } = pm.slotKeys[s]!;
    const c = p.crews[crew]!;
    let left = n;
    // the jobs entering the crew-day first; a job kept where it is only when the day was already overbooked
    for (const moving of [true, false]) {
      for (let i = moves.length - 1; i >= 0 && left > 0; i--) {
        const m = moves[i]!;
        if (m.to?.crewId === c.id && m.to.date === date && m.moved === moving && !m.overtime) {
          m.overtime = true;
          left--;
        }
      }
    }
  });
  const placed = moves.filter((m) => m.to);
  const moved = placed.filter((m) => m.moved);
  const compensationYuan = moved.reduce((a, m) => a + m.compensationYuan, 0);
  const overtimeYuan = overtimeJobs * p.policy.capacity.overtimeYuanPerJob;
  return {
    id: meta.id,
    kind: pm.kind,
    incidentId: meta.incidentId,
    checkpoint: meta.checkpoint,
    summary: {
      jobs: moves.length,
      covered: placed.length,
      uncovered: moves.length - placed.length,
      moved: moved.length,
      predictedOnTimeRate: moves.length ? placed.filter((m) => m.daysPastPromise === 0).length / moves.length : 1,
      latenessHours: placed.reduce((a, m) => a + m.daysPastPromise * 24, 0),
      travelKm: Math.round(moved.reduce((a, m) => a + m.km, 0) * 10) / 10,
      textsToSend: moved.length,
      compensationYuan,
      overtimeJobs,
      overtimeYuan,
      costYuan: compensationYuan + overtimeYuan,
    },
    moves,
    orderMoves: [],
    crewLoads: crewLoadChanges(p, pm, loadAfter, moves),
    texts: textsOf(pm.kind, moved),
    solver: { status: r.status, ms: r.ms, objective: r.objective, columns: r.columns, rows: r.rows },
    revision: null,
  };
}

/** Every crew a move leaves or enters: its jobs and capacity over the dates the plan touches. */
function crewLoadChanges(p: PlanningProblem, pm: PlanModel, after: Map<string, number>, moves: PlanMove[]): CrewLoadChange[] {
  const crews = new Set<string>();
  const dates = new Set<string>(pm.slotKeys.map((s) => s.date));
  for (const m of moves) {
    if (!m.moved || !m.to) continue;
    if (m.from.crewId) crews.add(m.from.crewId);
    if (m.to.crewId) crews.add(m.to.crewId);
    if (m.from.date && m.from.date >= p.today) dates.add(m.from.date);
  }
  const out: CrewLoadChange[] = [];
  for (const crew of p.crews) {
    if (!crews.has(crew.id)) continue;
    let capacity = 0;
    let before = 0;
    let load = 0;
    for (const d of dates) {
      const key = loadKey(crew.id, d);
      if (!isOnLeave(crew, d)) capacity += capacityOn(crew, d);
      before += pm.loadBefore.get(key) ?? 0;
      load += after.get(key) ?? 0;
    }
    out.push({ crewId: crew.id, crewName: crew.name, capacity, before, after: load });
  }
  return out.sort((a, b) => b.after - b.before - (a.after - a.before) || a.crewId.localeCompare(b.crewId));
}

/** The texts a plan sends, one line per template with a rendered sample (what the customer reads). */
function textsOf(kind: Plan['kind'], moved: PlanMove[]): Plan['texts'] {
  const groups = new Map<string, PlanMove[]>();
  for (const m of moved) {
    const template = textTemplate(kind, m);
    groups.set(template, [...(groups.get(template) ?? []), m]);
  }
  return [...groups].map(([template, ms]) => {
    const m = ms[0]!;
    return { template, count: ms.length, sample: renderSms(template, { orderNo: m.orderNo, crewName: m.to?.crewName, date: m.to?.date, window: m.window ?? '', amountYuan: m.compensationYuan }) };
  });
}

/** Plan B tells a customer of compensation only when there is some; otherwise it confirms the new booking. */
export function textTemplate(kind: Plan['kind'], m: Pick<PlanMove, 'compensationYuan'>): string {
  if (LATER_DATE_KINDS.has(kind)) return m.compensationYuan === 0 ? 'install_booked' : 'install_rescheduled';
  return TEXT_TEMPLATE[kind] ?? 'install_rescheduled';
}
