/**
 * The server's auto-policy runner (I/O, issue 14), started by `serve` beside the rule sweep: every
 * `intervalMs` of real time, when a rule is on, it reads the current incidents and acts on each
 * new one an enabled rule covers, with no desk connected:
 * 1. the run row `started` is written first, naming the mutationId it will use, so a crash or a
 *    restart never acts twice on the same trouble: the row keeps the incident's orders, and an
 *    incident is acted on again only once it has grown by an incident's worth of orders no run
 *    covered (auto-policy.ts isNewTrouble);
 *    New trouble is first left to settle (auto-policy.ts settle: its size unchanged for 5 server
 *    minutes, at most 15 after it was first seen), so one command handles a whole stoppage whose
 *    shipments are being tagged one floor call at a time.
 * 2. the incident's plans are made with the one planning module (incident-plans.ts) on the
 *    server's rows, and the rule's plan is picked (auto-policy.ts: skipped when it moves nothing or
 *    more than maxJobs);
 * 3. the plan's batch, plus the incident's move to `handling`, goes through the server's command
 *    path as ONE command of client `auto` by actor `auto` (role supervisor): ledger, audit row,
 *    and undo by `undo { clientId: 'auto', mutationId }` like any desk's command;
 * 4. the run row gets the outcome (applied, skipped, failed), what moved and the action id.
 * Runs started before a crash are settled at start from the ledger: applied when the command went
 * through, failed otherwise; never retried.
 */
import { and, eq } from 'drizzle-orm';
import { AUTO_CLIENT_ID } from '@shared/auto-policy';
import type { PlanLetter } from '@shared/plans';
import { executeCommand } from '@server/commands/execute';
import { payloadHash } from '@server/commands/ledger-gate';
import { getHead } from '@server/db/meta';
import { getMutation, lastMutationId } from '@server/db/ledger';
import { newId } from '@server/db/ids';
import { autoRules, autoRuns } from '@server/db/schema';
import type { Principal } from '@server/db/tokens';
import type { Writer } from '@server/db/writer';
import { shanghaiIso } from '@shared/time';
import { autoNote, choosePlan, coveredOrders, DEFAULT_SETTLE, incidentsToActOn, settle, type Candidate, type RuleView, type SettleOptions, type Watch } from '@server/plans/auto-policy';
import { readIncidents } from '@server/plans/incident-reads';
import { incidentPlanner, type IncidentPlanner } from '@server/plans/incident-plans';
import { ServerPlanningSource } from '@server/plans/planning-source';

/** Who the automatic commands are: no token (tokenId names none), a supervisor's rights. */
export const AUTO_PRINCIPAL: Principal = { tokenId: AUTO_CLIENT_ID, role: 'supervisor', name: AUTO_CLIENT_ID, scope: null };

/** Incidents change with the clock too (a promise passing), so a quiet database is looked at again after this much server time. */
const RECHECK_SERVER_MS = 60_000;
const MAX_INCIDENT_ORDER_IDS = 10_000;
/** Plans made again after a rejection for rows that changed meanwhile, at most. */
const MAX_ATTEMPTS = 3;
/** Rejections that mean the rows moved under the plan (not that the plan is wrong): worth planning again. */
const WORLD_CHANGED = new Set(['conflict', 'over_capacity', 'crew_unavailable', 'wrong_stage', 'wrong_status']);

type Outcome = { outcome: 'applied' | 'skipped' | 'failed'; moved: number; actionId: string | null; detail: string | null };

export interface AutoRunnerOptions {
  intervalMs?: number;
  planner?: IncidentPlanner;
  /** say what it did on the console (default true) */
  log?: boolean;
  /** how long new trouble must hold still before it acts (server clock; default DEFAULT_SETTLE) */
  settle?: SettleOptions;
}

export class AutoPolicyRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastLook: { head: number; at: number } | null = null;
  private readonly planner: IncidentPlanner;
  /** new trouble waiting to settle, by incident id (in memory: a restart only restarts the wait) */
  private readonly watching = new Map<string, Watch>();
  /** runs this process finished (tests, status) */
  finished = 0;

  constructor(
    private readonly writer: Writer,
    private readonly options: AutoRunnerOptions = {},
  ) {
    this.planner = options.planner ?? incidentPlanner;
  }

  start(): void {
    this.settleInterrupted();
    void this.run();
    this.timer = setInterval(() => void this.run(), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Stops looking; resolves once a pass in progress has finished (its run rows written). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass (never two at once); resolves when it is done. */
  run(): Promise<void> {
    this.running ??= this.pass()
      .catch((err: unknown) => console.error('auto-policy pass failed:', err))
      .finally(() => (this.running = null));
    return this.running;
  }

  private rules(): RuleView[] {
    return this.writer.db
      .select()
      .from(autoRules)
      .where(and(eq(autoRules.enabled, true), eq(autoRules.deleted, false)))
      .all()
      .map((r) => ({ cause: r.id, enabled: r.enabled, plan: r.plan as PlanLetter, maxJobs: r.maxJobs }));
  }

  private async pass(): Promise<void> {
    const rules = this.rules();
    if (rules.length === 0) {
      this.lastLook = null;
      return;
    }
    const head = getHead(this.writer.db);
    const now = this.writer.clock.now();
    const settleOptions = this.options.settle ?? DEFAULT_SETTLE;
    // while trouble is settling, look again often enough to act soon after it holds still
    const recheck = this.watching.size ? Math.min(RECHECK_SERVER_MS, settleOptions.quietMs / 5) : RECHECK_SERVER_MS;
    if (this.lastLook && this.lastLook.head === head && now - this.lastLook.at < recheck) return;
    this.lastLook = { head, at: now };
    const covered = coveredOrders(this.writer.db.select({ incidentId: autoRuns.incidentId, orderIds: autoRuns.orderIds }).from(autoRuns).all());
    const candidates = incidentsToActOn(rules, readIncidents(this.writer.db, now), covered);
    const due: Candidate[] = [];
    for (const c of candidates) {
      const s = settle(this.watching.get(c.incident.id), c.incident.orderIds.length, now, settleOptions);
      this.watching.set(c.incident.id, s.watch);
      if (s.act) due.push(c);
    }
    // incidents no longer new trouble (resolved, or acted on) stop being watched
    for (const id of this.watching.keys()) if (!candidates.some((c) => c.incident.id === id)) this.watching.delete(id);
    for (const candidate of due) {
      this.watching.delete(candidate.incident.id);
      // the rule may have been switched off while an earlier incident was planned
      if (!this.rules().some((r) => r.cause === candidate.rule.cause && r.plan === candidate.rule.plan)) continue;
      await this.act(candidate);
    }
  }

  private async act(c: Candidate): Promise<void> {
    const { incident, rule } = c;
    const runId = newId('ar');
    const mutationId = lastMutationId(this.writer.db, AUTO_CLIENT_ID) + 1;
    try {
      this.writer.write((ctx) =>
        ctx.db
          .insert(autoRuns)
          .values({ id: runId, version: ctx.version, deleted: false, incidentId: incident.id, title: incident.title, cause: incident.cause, plan: rule.plan, at: ctx.nowIso, outcome: 'started', moved: 0, actionId: `${AUTO_CLIENT_ID}#${mutationId}`, detail: null, orderIds: incident.orderIds })
          .run(),
      );
    } catch (err) {
      // the run row could not be written (storage): nothing was done, the next pass looks again
      console.error(`auto-policy: could not start a run for ${incident.id}: ${(err as Error).message}`);
      return;
    }
    let out: Outcome;
    try {
      out = await this.decide(c, runId, mutationId);
    } catch (err) {
      out = { outcome: 'failed', moved: 0, actionId: null, detail: (err as Error).message.slice(0, 500) };
    }
    this.finish(runId, out);
    if (this.options.log !== false) console.log(`auto-policy: ${incident.title} [${incident.id}]: ${out.outcome} plan ${rule.plan}${out.moved ? `, ${out.moved} moved` : ''}${out.actionId ? ` (${out.actionId})` : ''}${out.detail ? `: ${out.detail}` : ''}`);
  }

  /**
   * Plans and sends; when the server rejects the batch because rows changed between planning and
   * sending (the live floor keeps writing while HiGHS solves), plans again on the fresh rows under
   * the next mutationId, up to MAX_ATTEMPTS, the run row naming each mutationId before it is used.
   */
  private async decide(c: Candidate, runId: string, firstMutationId: number): Promise<Outcome> {
    let mutationId = firstMutationId;
    for (let attempt = 1; ; attempt++) {
      const out = await this.attempt(c, mutationId);
      if (out.outcome !== 'failed' || !out.retry || attempt >= MAX_ATTEMPTS) return { ...out, detail: attempt > 1 && out.detail === null ? `applied on attempt ${attempt} (rows changed while planning)` : out.detail };
      mutationId++;
      const actionId = `${AUTO_CLIENT_ID}#${mutationId}`;
      this.writer.write((ctx) => ctx.db.update(autoRuns).set({ version: ctx.version, actionId, detail: `attempt ${attempt + 1}: ${out.detail ?? ''}`.slice(0, 500) }).where(eq(autoRuns.id, runId)).run());
    }
  }

  private async attempt({ incident, rule, family }: Candidate, mutationId: number): Promise<Outcome & { retry?: boolean }> {
    const skipped = (detail: string): Outcome => ({ outcome: 'skipped', moved: 0, actionId: null, detail });
    if (!family) return skipped(`no plan for ${incident.cause} at a ${incident.kind}`);
    const source = new ServerPlanningSource(this.writer.db, this.writer.clock);
    const { problem, plans } = await this.planner.plans(source, family, { id: incident.id, orderIds: incident.orderIds, jobIds: incident.jobIds, where: incident.where });
    const choice = choosePlan(plans, rule);
    if (!choice.act) return skipped(choice.detail);
    const cmd = this.planner.batch(choice.plan, problem);
    if (!cmd) return skipped(`plan ${rule.plan} moves nothing`);
    const payload = {
      commands: [
        ...cmd.payload.commands,
        // the incident's move to handling, in the same command: the audit row says it was automatic
        { type: 'incident.state', payload: { incidentId: incident.id, state: 'handling', title: autoNote(rule.plan, incident.title).slice(0, 200), orderIds: incident.orderIds.slice(0, MAX_INCIDENT_ORDER_IDS) } },
      ],
    };
    // the run row names this mutationId; nothing else sends as `auto`, so it is still the next one
    if (lastMutationId(this.writer.db, AUTO_CLIENT_ID) + 1 !== mutationId) throw new Error(`mutationId ${mutationId} of client auto was used meanwhile`);
    const r = executeCommand(this.writer, AUTO_PRINCIPAL, AUTO_CLIENT_ID, { mutationId, type: 'batch', payload, payloadHash: payloadHash('batch', payload) });
    const actionId = `${AUTO_CLIENT_ID}#${mutationId}`;
    if (!r.ok) return { outcome: 'failed', moved: 0, actionId: null, detail: `${r.error.code}: ${r.error.message}`.slice(0, 500) };
    if (r.status === 'rejected') return { outcome: 'failed', moved: 0, actionId, detail: `${r.error.code}: ${r.error.message}`.slice(0, 500), retry: WORLD_CHANGED.has(r.error.code) };
    return { outcome: 'applied', moved: choice.moved, actionId, detail: null };
  }

  private finish(runId: string, out: Outcome): void {
    this.writer.write((ctx) =>
      ctx.db
        .update(autoRuns)
        .set({ version: ctx.version, outcome: out.outcome, moved: out.moved, actionId: out.actionId, detail: out.detail, at: shanghaiIso(ctx.now) })
        .where(eq(autoRuns.id, runId))
        .run(),
    );
    this.finished++;
  }

  /** Runs left `started` by a crash: applied when their command is in the ledger, failed otherwise; never acted on again. */
  private settleInterrupted(): void {
    const db = this.writer.db;
    for (const run of db.select().from(autoRuns).where(eq(autoRuns.outcome, 'started')).all()) {
      const mutationId = Number(/#(\d+)$/.exec(run.actionId ?? '')?.[1] ?? NaN);
      const m = Number.isFinite(mutationId) ? getMutation(db, AUTO_CLIENT_ID, mutationId) : undefined;
      const rows = m?.status === 'applied' ? (m.images ?? []).filter((img) => img.named && img.entity !== 'crew').length : 0;
      this.finish(
        run.id,
        m?.status === 'applied'
          ? { outcome: 'applied', moved: rows, actionId: run.actionId, detail: 'settled after a restart' }
          : { outcome: 'failed', moved: 0, actionId: m ? run.actionId : null, detail: m ? `rejected: ${m.error?.message ?? ''}`.slice(0, 500) : 'interrupted before it acted (the server stopped); not retried' },
      );
    }
  }
}
