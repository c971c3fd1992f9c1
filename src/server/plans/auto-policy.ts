/**
 * The server's auto-policy decisions (pure, issue 14): which incidents an enabled rule covers and
 * has not acted on, and, once plans are made, whether the rule's plan is applied or skipped. The
 * runner (auto-runner.ts) does the reading, planning and writing around these.
 */
import { planFamilyOf, type Plan, type PlanFamily, type PlanLetter } from '@shared/plans';
import { letterOf } from '@shared/plans';
import { INCIDENT_THRESHOLD, type ServerIncident } from '@server/plans/incidents';

export interface RuleView {
  cause: string;
  enabled: boolean;
  plan: PlanLetter;
  maxJobs: number;
}

export interface Candidate {
  incident: ServerIncident;
  rule: RuleView;
  /** the incident's plan family; null when its kind has no plan (recorded as skipped) */
  family: PlanFamily | null;
}

/**
 * Whether an incident is new trouble for the auto-policy: it has no run yet, or it has grown by at
 * least an incident's worth of orders (INCIDENT_THRESHOLD) that no earlier run of it covered. A
 * carrier with a handful of late shipments that a supervisor was handling when the rule was
 * switched on, and that a cold snap then swells by hundreds, is acted on again; a trickle of one
 * or two orders joining an incident already acted on is not (the supervisor's call).
 */
export function isNewTrouble(incident: Pick<ServerIncident, 'id' | 'orderIds'>, covered: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const seen = covered.get(incident.id);
  if (!seen) return true;
  let fresh = 0;
  for (const id of incident.orderIds) if (!seen.has(id) && ++fresh >= INCIDENT_THRESHOLD) return true;
  return false;
}

/** The incidents to act on now: those of an enabled rule's cause that are new trouble (isNewTrouble). */
export function incidentsToActOn(rules: readonly RuleView[], incidents: readonly ServerIncident[], covered: ReadonlyMap<string, ReadonlySet<string>>): Candidate[] {
  const enabled = new Map(rules.filter((r) => r.enabled).map((r) => [r.cause, r]));
  if (enabled.size === 0) return [];
  const out: Candidate[] = [];
  for (const incident of incidents) {
    const rule = enabled.get(incident.cause);
    if (!rule || !isNewTrouble(incident, covered)) continue;
    out.push({ incident, rule, family: planFamilyOf(incident.cause, incident.kind) });
  }
  return out;
}

/**
 * How long new trouble must hold still before the auto-policy acts (server clock): a stoppage is
 * reported and then its shipments are tagged one floor call at a time, so acting on the first
 * five would handle a fraction and leave the rest to a second command. It acts once the
 * incident's size has not changed for `quietMs`, or `maxWaitMs` after it first saw it growing.
 */
export interface SettleOptions {
  quietMs: number;
  maxWaitMs: number;
}

export const DEFAULT_SETTLE: SettleOptions = { quietMs: 5 * 60_000, maxWaitMs: 15 * 60_000 };

export interface Watch {
  size: number;
  /** when the size last changed */
  since: number;
  /** when it was first seen as new trouble */
  first: number;
}

/** The watch after looking at an incident of `size` orders at `now`, and whether to act now (pure). */
export function settle(prev: Watch | undefined, size: number, now: number, o: SettleOptions): { watch: Watch; act: boolean } {
  const watch = !prev ? { size, since: now, first: now } : prev.size === size ? prev : { size, since: now, first: prev.first };
  return { watch, act: now - watch.since >= o.quietMs || now - watch.first >= o.maxWaitMs };
}

/** Per incident, the orders its runs so far covered. */
export function coveredOrders(runs: Iterable<{ incidentId: string; orderIds: readonly string[] }>): Map<string, Set<string>> {
  const covered = new Map<string, Set<string>>();
  for (const r of runs) {
    const set = covered.get(r.incidentId) ?? new Set<string>();
    for (const id of r.orderIds) set.add(id);
    covered.set(r.incidentId, set);
  }
  return covered;
}

/** Items a plan moves: jobs placed elsewhere plus shipments and production moved (order moves). */
export function itemsMoved(plan: Pick<Plan, 'moves' | 'orderMoves'>): number {
  return plan.moves.filter((m) => m.moved && m.to !== null).length + plan.orderMoves.filter((m) => m.moved && m.to !== null).length;
}

export type Choice = { act: true; plan: Plan; moved: number } | { act: false; detail: string };

/** The rule's plan among the incident's plans, unless it moves nothing or more than the rule allows. */
export function choosePlan(plans: readonly Plan[], rule: RuleView): Choice {
  const plan = plans.find((p) => letterOf(p.kind) === rule.plan);
  if (!plan) return { act: false, detail: `plan ${rule.plan} is not offered for this incident (${plans.map((p) => letterOf(p.kind)).join('') || 'no plans'})` };
  const moved = itemsMoved(plan);
  if (moved === 0) return { act: false, detail: `plan ${rule.plan} moves nothing` };
  if (moved > rule.maxJobs) return { act: false, detail: `${moved} items > limit ${rule.maxJobs}` };
  return { act: true, plan, moved };
}

/** The label-like note on the incident's audit row: `自动 · 方案A · 浦东新区 · 安装人员不足`. */
export function autoNote(letter: PlanLetter, title: string): string {
  return `自动 · 方案${letter} · ${title}`;
}
