/**
 * The desk's plan methods (protocol.md: `plans`, `applyPlan`, `undo`; extensions `replan`,
 * `actions`). Plans are computed on demand from the war room's index and kept by id so that
 * applying one sends exactly what the supervisor saw. Applying goes through the durable outbox as
 * one `batch`; undo is the server's `undo` of that command.
 */
import type Database from 'better-sqlite3';
import type { CommandView, DeskEvent, DeskHandlers } from '@shared/contract';
import { planFamilyOf, type AppliedAction, type NoPlanCode, type Plan, type PlanFamily, type PlanKind, type PlanningPolicy } from '@shared/plans';
import { carrierNameOf, workstationOfRowId } from '@shared/supply-ids';
import type { IncidentLine } from '@shared/war-room';
import { shanghaiIso } from '@shared/time';
import { ActionError } from '@main/commands/drafts';
import type { OutboxCommand, OutboxStore } from '@main/outbox/store';
import { namedRows } from '@main/outbox/view';
import { jobsOfIncident, problemFromIndex, ReplicaPlanningSource, ReplicaVersions } from '@main/plans/from-replica';
import { AutoRunWatcher, migrateAutoPolicyFile, readAutoPolicy } from '@main/plans/auto-policy-desk';
import { AutoRuleSetPayload, describeZodError } from '@shared/protocol';
import { batchForPlan, plansForFamily, replanForFamily } from '@node/planning/families';
import { problemForIncident, type IncidentInput } from '@node/planning/incident-problem';
import { solverPool } from '@node/planning/solver-worker';
import type { PlanningProblem } from '@node/planning/problem';
import { suggestCrews } from '@node/planning/suggest';
import type { WarRoom } from '@main/war-room/war-room';

export type PlanMethod = 'plans' | 'replan' | 'applyPlan' | 'undo' | 'actions' | 'crewSuggestions' | 'autoPolicy' | 'setAutoRule';

export interface PlanDeskOptions {
  warRoom: () => WarRoom;
  sqlite: () => Database.Database;
  outbox: OutboxStore;
  policy: () => PlanningPolicy;
  now: () => number;
  /** the replica's checkpoint (the version the plans are computed on) */
  checkpoint: () => number;
  enqueue: (type: string, payload: Record<string, unknown>, label: string) => CommandView;
  dataDir: string;
  publish: (event: DeskEvent) => void;
}

export interface PlanDesk {
  handlers: Pick<DeskHandlers, PlanMethod>;
  /** the incident list changed: the auto-policy looks for new incidents to act on */
  incidentsChanged(): void;
  close(): void;
}

interface Kept {
  plan: Plan;
  problem: PlanningProblem;
  title: string;
  family: PlanFamily;
  /** the incident's members when the plans were made: a re-plan reads the same ones again */
  incident: IncidentInput;
}

const KIND_LABEL: Record<PlanKind, string> = {
  reassign: '方案A 改派',
  reschedule: '方案B 改期',
  capacity: '方案C 加派',
  switch_carrier: '方案A 换承运商',
  wait_carrier: '方案B 顺延安装',
  express: '方案C 加急运输',
  move_line: '方案A 转产',
  push_downstream: '方案B 顺延交付',
  line_overtime: '方案C 加班',
  book_missing: '补建并预约工单',
};
const ACTION_TYPES = new Set(['batch', 'job.reassign', 'job.reschedule']);
/** plans kept for applying: the last few incidents' worth */
const KEEP = 60;

export function createPlanDesk(o: PlanDeskOptions): PlanDesk {
  const kept = new Map<string, Kept>();
  let solverWarm = false;
  /** outbox seq of an applied plan → its plan id (for a re-plan after a rejection) */
  const planOfAction = new Map<number, string>();
  let revisions = 0;

  const keep = (k: Kept) => {
    kept.set(k.plan.id, k);
    while (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  };

  const incident = (incidentId: string) => {
    const found = o.warRoom().incident(incidentId);
    if (!found) throw new ActionError('not_found', `incidentId: no incident ${incidentId}`, 404);
    return found;
  };

  const resolveAction = (actionId: string): { clientId: string; mutationId: number; local: OutboxCommand | null } => {
    const local = /^cmd-(\d+)$/.exec(actionId);
    if (local) {
      const c = o.outbox.get(Number(local[1]));
      if (!c) throw new ActionError('not_found', `actionId: no action ${actionId} on this desk`, 404);
      if (c.state === 'pending') throw new ActionError('not_applied_yet', `actionId: ${actionId} is still waiting for the server; undo it once it is applied`);
      if (c.state !== 'applied' || c.mutationId === null) throw new ActionError('not_applied', `actionId: ${actionId} was ${c.state}, there is nothing to undo`);
      return { clientId: o.outbox.clientId(), mutationId: c.mutationId, local: c };
    }
    // another desk's (or an earlier shift's) command, as the audit trail names it: <clientId>#<mutationId>
    const remote = /^(.+)#(\d+)$/.exec(actionId);
    if (!remote) throw new ActionError('bad_request', `actionId: expected cmd-<n> or <clientId>#<mutationId>, got ${actionId}`, 400);
    const mutationId = Number(remote[2]);
    const clientId = remote[1]!;
    return { clientId, mutationId, local: clientId === o.outbox.clientId() ? o.outbox.byMutationId(mutationId) : null };
  };

  const source = () => new ReplicaPlanningSource(o.warRoom().indexNow(), o.sqlite(), o.policy(), o.checkpoint());

  /** The incident's plans by its family, or why it has none (never a strip of plans that move nothing by design). */
  const computePlans = async (incidentId: string): Promise<{ plans: Plan[]; family: PlanFamily | null; noPlan: { code: NoPlanCode; detail: string } | null }> => {
    const { line } = incident(incidentId);
    const family = planFamilyOf(line.cause, line.kind);
    if (!family) return { plans: [], family: null, noPlan: noPlanOf(line) };
    const members: IncidentInput = { orderIds: [...line.orderIds], jobIds: [...line.jobIds], where: { ...line.where } };
    const problem = problemForIncident(source(), family, members);
    const plans = await plansForFamily(problem, family, { incidentId, checkpoint: o.checkpoint() });
    for (const plan of plans) keep({ plan, problem, title: line.title, family, incident: members });
    return { plans, family, noPlan: null };
  };

  const applyKept = (planId: string, label?: string) => {
    const k = kept.get(planId);
    if (!k) throw new ActionError('not_found', `planId: no plan ${planId} (ask for plans again)`, 404);
    const cmd = batchForPlan(k.plan, k.problem);
    if (!cmd) throw new ActionError('nothing_to_apply', `planId: plan ${planId} moves nothing`);
    const what = k.family === 'installers' || k.family === 'handoff' ? '个安装' : '项';
    const command = o.enqueue(cmd.type, cmd.payload, label ?? `${KIND_LABEL[k.plan.kind]} ${k.plan.summary.moved} ${what} · ${k.title}`);
    planOfAction.set(command.seq, planId);
    return { actionId: `cmd-${command.seq}`, command, moved: k.plan.summary.moved };
  };

  // the auto-policy runs on the order server (issue 14): this desk reads its rules and runs, sends
  // rule changes through the outbox, and tells the supervisor when a run arrives
  const autoPolicy = () => readAutoPolicy(o.sqlite(), o.outbox.pending().filter((c) => c.type === 'autoRule.set').map((c) => c.payload));
  migrateAutoPolicyFile(o.dataDir, (payload, label) => o.enqueue('autoRule.set', payload, label));
  const autoRuns = new AutoRunWatcher(o.sqlite, o.now, (run) => o.publish({ type: 'auto', run }));

  const handlers: PlanDesk['handlers'] = {
    plans: async ({ incidentId }) => {
      const started = performance.now();
      const { plans, family, noPlan } = await computePlans(incidentId);
      return { incidentId, asOf: shanghaiIso(o.now()), ms: Math.round(performance.now() - started), plans, family, noPlan };
    },

    replan: async ({ planId }) => {
      const k = kept.get(planId);
      if (!k) throw new ActionError('not_found', `planId: no plan ${planId} (plans are kept until the desk restarts; ask for plans again)`, 404);
      const seq = [...planOfAction].filter(([, id]) => id === planId).map(([s]) => s).at(-1);
      const rejectedCmd = seq === undefined ? null : o.outbox.get(seq);
      if (!rejectedCmd || rejectedCmd.state !== 'rejected') throw new ActionError('not_rejected', `planId: ${planId} was not rejected by the server; nothing to re-plan`);
      const rejected = rejectedJobs(rejectedCmd, k.plan);
      // the same incident members as the first plan, read again (a rejected row may have left the incident meanwhile)
      const fresh = problemForIncident(source(), k.family, k.incident);
      const problem = keepSeenVersions(fresh, k.problem, rejected);
      const plan = await replanForFamily(problem, k.plan, rejected, ++revisions);
      keep({ ...k, plan, problem });
      return { plan };
    },

    applyPlan: ({ planId }) => {
      const { actionId, command } = applyKept(planId);
      return { actionId, command };
    },

    undo: ({ actionId }) => {
      const target = resolveAction(actionId);
      const what = target.local ? target.local.label : actionId;
      const command = o.enqueue('undo', { clientId: target.clientId, mutationId: target.mutationId }, `撤销 · ${what}`);
      return { actionId: `cmd-${command.seq}`, command };
    },

    // manual bulk re-assign: the picked orders' open jobs (or the named jobs) and the crews that could take them
    crewSuggestions: ({ orderIds, jobIds, date }) => {
      if (!orderIds?.length && !jobIds?.length) throw new ActionError('bad_request', 'orderIds, jobIds: pick at least one order or job', 400);
      const index = o.warRoom().indexNow();
      const wanted = jobsOfIncident(index, { orderIds: orderIds ?? [], jobIds: jobIds ?? [] });
      return suggestCrews(problemFromIndex(index, new ReplicaVersions(o.sqlite()), wanted, o.policy()), date);
    },

    actions: ({ limit }) => {
      const recent = o.outbox.recent(limit ?? 50);
      const all = [...o.outbox.pending(), ...recent.filter((c) => c.state !== 'pending')];
      const undoOf = new Map<number, OutboxCommand>();
      for (const c of all) if (c.type === 'undo' && c.payload.clientId === o.outbox.clientId()) undoOf.set(Number(c.payload.mutationId), c);
      const actions: AppliedAction[] = all
        .filter((c) => ACTION_TYPES.has(c.type) && itemsOf(c) > 0)
        .map((c) => {
          const u = c.mutationId === null ? undefined : undoOf.get(c.mutationId);
          const state = u?.state === 'applied' ? 'undone' : u?.state === 'pending' ? 'undo_pending' : c.state;
          const planId = planOfAction.get(c.seq) ?? null;
          return {
            actionId: `cmd-${c.seq}`,
            label: c.label,
            at: c.createdAt,
            state,
            jobs: itemsOf(c),
            error: (u?.state === 'rejected' ? u.error?.message : c.error?.message) ?? null,
            planId,
            rejectedJobIds: c.state === 'rejected' && planId ? [...rejectedJobs(c, kept.get(planId)?.plan)] : [],
          };
        });
      return { actions };
    },
    autoPolicy: () => autoPolicy(),
    setAutoRule: (rule) => {
      const p = AutoRuleSetPayload.safeParse(rule);
      if (!p.success) throw new ActionError('bad_request', describeZodError(p.error), 400);
      o.enqueue('autoRule.set', p.data, `${p.data.enabled ? `自动策略 · 方案${p.data.plan}` : '自动策略关闭'} · ${p.data.cause}`);
      return autoPolicy();
    },
  };

  return {
    handlers,
    incidentsChanged: () => {
      // an incident is what plans are asked for: load HiGHS in a solver thread then rather than on the
      // first click (after this turn: the notice comes from inside the war room's flush)
      if (!solverWarm) {
        setImmediate(() => {
          if (solverWarm || o.warRoom().lines().length === 0) return;
          solverWarm = true;
          solverPool.warm(1);
        });
      }
    },
    close: () => autoRuns.close(),
  };
}

/** Why an incident whose cause or place has no plan family gets none (planFamilyOf said null). */
function noPlanOf(line: Pick<IncidentLine, 'cause' | 'kind' | 'title'>): { code: NoPlanCode; detail: string } {
  // the detail a desk shows beside the code's words is the place the incident is at (its title before the cause), as data, not prose
  const place = line.title.split(' · ')[0] ?? line.title;
  if (planFamilyOf(line.cause, 'workstation')) return { code: 'no_workstation', detail: place };
  if (planFamilyOf(line.cause, 'carrier')) return { code: 'no_carrier', detail: place };
  return { code: 'no_plan_for_cause', detail: `${line.cause}: no plan moves anything for this cause (${line.title})` };
}

/** How many rows an action names: its jobs, else its orders (a carrier switch, a line move, a created job). */
function itemsOf(c: OutboxCommand): number {
  const named = namedRows(c.type, c.payload);
  if (named.jobIds.length > 0) return named.jobIds.length;
  const orders = new Set(named.orderIds);
  for (const sub of c.type === 'batch' ? ((c.payload.commands as Array<{ payload?: { orders?: unknown; jobs?: unknown } }>) ?? []) : []) {
    for (const row of [sub.payload?.orders, sub.payload?.jobs].flatMap((x) => (Array.isArray(x) ? x : []))) if (typeof row?.orderId === 'string') orders.add(row.orderId);
  }
  return orders.size;
}

/**
 * A re-plan's problem: rows the server did not name keep the version the first plan saw, so a
 * change made since is rejected again, never overwritten; the rejected ones plan on their new rows.
 */
function keepSeenVersions(fresh: PlanningProblem, first: PlanningProblem, rejected: ReadonlySet<string>): PlanningProblem {
  const seen = new Map<string, number>([...first.jobs.map((j) => [j.jobId, j.version] as const), ...(first.shipments ?? []).map((s) => [s.orderId, s.version] as const), ...(first.lineOrders ?? []).map((l) => [l.orderId, l.version] as const)]);
  const version = <T extends { version: number }>(id: string, row: T): T => (rejected.has(id) || !seen.has(id) ? row : { ...row, version: seen.get(id)! });
  return {
    ...fresh,
    jobs: fresh.jobs.map((j) => version(j.jobId, j)),
    ...(fresh.shipments ? { shipments: fresh.shipments.map((s) => version(s.orderId, s)) } : {}),
    ...(fresh.lineOrders ? { lineOrders: fresh.lineOrders.map((l) => version(l.orderId, l)) } : {}),
  };
}

/**
 * The items a rejection names, by the ids plans use (job ids, order ids): job and order rows
 * directly (an order's created job is `new:<orderId>`), and the items a rejected crew, carrier or
 * line row was to take.
 */
function rejectedJobs(c: OutboxCommand, plan: Plan | undefined): Set<string> {
  const out = new Set<string>();
  const resources = new Set<string>();
  const moves = plan?.moves ?? [];
  const orderMoves = plan?.orderMoves ?? [];
  for (const row of c.error?.rows ?? []) {
    if (typeof row.id !== 'string') continue;
    if (row.entity === 'job') out.add(row.id);
    if (row.entity === 'crew') resources.add(row.id);
    if (row.entity === 'carrier') resources.add(carrierNameOf(row.id) ?? row.id);
    if (row.entity === 'line') resources.add(workstationOfRowId(row.id) ?? row.id);
    if (row.entity === 'order') {
      if (orderMoves.some((m) => m.orderId === row.id)) out.add(row.id);
      if (moves.some((m) => m.jobId === `new:${row.id}`)) out.add(`new:${row.id}`);
    }
  }
  for (const m of moves) if (m.to?.crewId && resources.has(m.to.crewId)) out.add(m.jobId);
  for (const m of orderMoves) if (m.to && resources.has(m.to.resource)) out.add(m.orderId);
  // a rejection without rows (capacity, leave) names its rows in its message
  if (out.size === 0 && plan) {
    for (const m of moves) if (c.error?.message.includes(m.jobId) || (m.jobId.startsWith('new:') && c.error?.message.includes(m.orderId))) out.add(m.jobId);
    for (const m of orderMoves) if (m.moved && c.error?.message.includes(m.orderId)) out.add(m.orderId);
  }
  return out;
}
