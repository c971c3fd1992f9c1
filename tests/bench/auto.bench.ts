/**
 * The auto-policy's figure (issue 14, deliverable 7):
 * - auto.coldSnap.serverMinutes: server minutes from the cold-snap stoppage until every affected
 *   booked installation is past the carrier's new arrival, with the rule 物流异常 → plan B on and
 *   no desk connected; goal ≤ 30 (reported, never asserted). The world is the one of
 *   tests/integration/server/cold-snap.test.ts: a real order server in this process on a real
 *   SQLite file, the simulated Double-11 peak (seed 20260202, 3,000 orders of backlog, 120×) and
 *   the scenario cold-snap-2026-02-02 shifted by a quarter of an hour, so the stoppage starts after
 *   a supervisor's desk has switched the rule on and closed.
 * - baseline: the same world and scenario with the auto-policy's planner built from the same
 *   planning code but solving each assignment greedily (solver.ts greedyAssignment through the
 *   `solve` parameter of logistics-plans.ts) instead of with HiGHS.
 * Both arms run the AutoPolicyRunner the server itself starts (app.ts), on the server's writer,
 * started here only so the planner can be given (StartOptions.autoPolicy takes no planner). "Done"
 * is the test's rule over the server's rows (expectedArrival of supply-rules.ts), polled on the
 * server clock; an arm not done 60 server minutes after the stoppage reports that cap.
 */
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { startOrderServer, type OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { OPEN_WHEN_SWITCHED_ON } from '@server/commands/auto-rules';
import { AutoPolicyRunner } from '@server/plans/auto-runner';
import { incidentPlanner, type IncidentPlanner } from '@server/plans/incident-plans';
import { parseScenario } from '@server/simulator/scenario';
import { batchForPlan } from '@node/planning/families';
import { problemForIncident } from '@node/planning/incident-problem';
import { logisticsPlans, solveLogisticsPlan, type Solve } from '@node/planning/logistics-plans';
import { greedyAssignment } from '@node/planning/solver';
import { expectedArrival, type CarrierData } from '@shared/supply-rules';
import type { Plan } from '@shared/plans';
import type { PlanningProblem } from '@node/planning/problem';
import { hardViolations } from '../support/plan-validator';
import { ROOT, tempDir } from '../support/processes';
import type { Benchmark, Figure } from './harness';

// the carrier row is found by its stoppage's reason (ids are ASCII hex); orders name the carrier
const CARRIER = '安能物流';
const SHIFT_HOURS = 0.25;
const SPEED = 120;
const CAP_SERVER_MIN = 60;
const POLL_REAL_MS = 100;

/** The greedy baseline as a solver: jobs in order, each to its cheapest option with room (no extra capacity bought). */
const greedySolve: Solve = async (m) => {
  const t0 = performance.now();
  const g = greedyAssignment(m);
  return { choice: g.choice, extra: new Int32Array(m.slots.length), objective: g.objective, status: m.jobs ? 'greedy' : 'empty', ms: Math.round(performance.now() - t0), columns: 0, rows: 0 };
};

/** The auto-policy's planner with HiGHS swapped for greedy; only logistics is wired (the one rule on here). */
const greedyPlanner: IncidentPlanner = {
  async plans(source, family, incident) {
    if (family !== 'logistics') throw new Error(`greedy baseline plans logistics incidents only, not ${family}`);
    const problem = problemForIncident(source, family, incident);
    return { problem, plans: await logisticsPlans(problem, { incidentId: incident.id, checkpoint: source.checkpoint() }, greedySolve) };
  },
  batch: (plan, problem) => batchForPlan(plan, problem),
};

interface PlanB { jobs: number; unplaced: number; objective: number; status: string; planRealMs: number; problem: PlanningProblem; incidentId: string }

/** Records each incident's plan B and the problem it was made from (the greedy re-solve of that problem waits until the arm is over, so it never delays the command). */
function observed(inner: IncidentPlanner, seen: Map<string, PlanB>): IncidentPlanner {
  return {
    async plans(source, family, incident) {
      const t0 = performance.now();
      const r = await inner.plans(source, family, incident);
      const planRealMs = performance.now() - t0;
      const b = r.plans.find((p: Plan) => p.kind === 'wait_carrier');
      if (b) seen.set(incident.id, { jobs: b.summary.jobs, unplaced: b.summary.uncovered, objective: b.solver.objective, status: b.solver.status, planRealMs, problem: r.problem, incidentId: incident.id });
      return r;
    },
    batch: inner.batch,
  };
}

interface Arm {
  /** server minutes from the stoppage to done, or null when not done by the cap */
  minutes: number | null;
  affected: number;
  past: number;
  outcome: string;
  /** why the first run did not apply, when it did not */
  detail: string | null;
  /** server minutes from the stoppage to the run row's time (its command), and how many runs acted */
  actedMin: number | null;
  runs: number;
  moved: number;
  customerTexts: number;
  compensationTexts: number;
  crewTexts: number;
  hard: number;
  planB: PlanB | null;
  realS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function coldSnap() {
  const base = JSON.parse(readFileSync(join(ROOT, 'resources/scenarios/cold-snap-2026-02-02.json'), 'utf8')) as { events: Array<{ atHours: number }> };
  return parseScenario({ ...base, events: base.events.map((e) => ({ ...e, atHours: e.atHours + SHIFT_HOURS })) });
}

/** A supervisor's desk switches 物流异常 → plan B on through the real /desk command path, then closes. */
async function switchRuleOn(server: OrderServer): Promise<void> {
  const socket: Socket = io(`${server.url}/desk`, { auth: { token: createToken(server.db, 'supervisor', '王值班').token, clientId: 'desk-night', protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((res, rej) => {
      socket.once('connect', () => res());
      socket.once('connect_error', rej);
    });
    const r = (await socket.timeout(10_000).emitWithAck('command', { mutationId: 1, type: 'autoRule.set', payload: { cause: 'logistics', enabled: true, plan: 'B', maxJobs: 5000 } })) as { ok: boolean; status?: string };
    if (!r.ok || r.status !== 'applied') throw new Error(`autoRule.set: ${JSON.stringify(r)}`);
  } finally {
    socket.close();
  }
}

/** The test's "done" rule over the server's rows: the affected booked installations and how many are past the new arrival at `nowMs`. */
function progress(server: OrderServer, nowMs: number): { affected: number; past: number } {
  const db = server.db.$client;
  const row = db.prepare("SELECT lanes, stoppages FROM carriers WHERE stoppages LIKE '%寒潮%'").get() as { lanes: string; stoppages: string } | undefined;
  if (!row) return { affected: 0, past: 0 };
  const carrier: Pick<CarrierData, 'lanes' | 'stoppages'> = { lanes: JSON.parse(row.lanes), stoppages: JSON.parse(row.stoppages) };
  const affected = db
    .prepare(
      `SELECT j.date, o.district, o.city, o.province, o.stage_entered_at AS shippedAt
         FROM orders o JOIN jobs j ON j.order_id = o.id
        WHERE o.carrier = ? AND o.stage = 9 AND o.causes LIKE '%"logistics"%' AND j.status = 'booked' AND j.deleted = 0`,
    )
    .all(CARRIER) as Array<{ date: string; district: string; city: string; province: string; shippedAt: string }>;
  const past = affected.filter((a) => {
    const arrival = expectedArrival(carrier, a, Date.parse(a.shippedAt), nowMs);
    return arrival !== null && a.date > arrival;
  }).length;
  return { affected: affected.length, past };
}

function stoppageStart(server: OrderServer): number | null {
  const row = server.db.$client.prepare("SELECT stoppages FROM carriers WHERE stoppages LIKE '%寒潮%'").get() as { stoppages: string } | undefined;
  return row ? Math.min(...(JSON.parse(row.stoppages) as Array<{ from: string }>).map((s) => Date.parse(s.from))) : null;
}

async function runArm(planner: IncidentPlanner): Promise<Arm> {
  const t0 = performance.now();
  const dir = tempDir('dd-bench-auto-');
  const seen = new Map<string, PlanB>();
  const server = await startOrderServer({ dbFile: join(dir, 'orders.sqlite'), port: 0, simulate: { seed: 20260202, speed: SPEED, profile: 'double11', backlogOrders: 3000, scenario: coldSnap() }, autoPolicy: false });
  const runner = new AutoPolicyRunner(server.writer, { intervalMs: 200, planner: observed(planner, seen), log: false });
  try {
    runner.start();
    await switchRuleOn(server);
    let from: number | null = null;
    const realDeadline = Date.now() + 90_000;
    while ((from = stoppageStart(server)) === null) {
      if (Date.now() > realDeadline) throw new Error('the carrier never reported its stoppage');
      await sleep(POLL_REAL_MS);
    }
    let minutes: number | null = null;
    let last = { affected: 0, past: 0 };
    for (;;) {
      const now = server.clock.now();
      last = progress(server, now);
      if (last.affected > 0 && last.past === last.affected) {
        minutes = (now - from) / 60_000;
        break;
      }
      if (now - from > CAP_SERVER_MIN * 60_000) break;
      await sleep(POLL_REAL_MS);
    }
    await runner.stop();
    const runs = server.db.$client
      .prepare("SELECT incident_id AS incidentId, outcome, moved, action_id AS actionId, at, detail FROM auto_runs WHERE cause = 'logistics' AND (detail IS NULL OR detail != ?) AND outcome != 'started' ORDER BY at")
      .all(OPEN_WHEN_SWITCHED_ON) as Array<{ incidentId: string; outcome: string; moved: number; actionId: string | null; at: string; detail: string | null }>;
    const run = runs[0];
    const texts = run?.actionId ? queuedTexts(server, Number(run.actionId.split('#')[1])) : { customerTexts: 0, compensationTexts: 0, crewTexts: 0, hard: 0 };
    return { minutes, ...last, outcome: run?.outcome ?? 'none', detail: run?.outcome === 'applied' ? null : (run?.detail ?? null), actedMin: run ? (Date.parse(run.at) - from) / 60_000 : null, runs: runs.length, moved: run?.moved ?? 0, ...texts, planB: run ? (seen.get(run.incidentId) ?? null) : null, realS: (performance.now() - t0) / 1000 };
  } finally {
    await runner.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The auto command's queued texts (customers, of them with compensation, crews) and the independent hard-rule check of the jobs it moved. */
function queuedTexts(server: OrderServer, mutationId: number): { customerTexts: number; compensationTexts: number; crewTexts: number; hard: number } {
  const db = server.db.$client;
  const m = db.prepare("SELECT images, queued FROM mutations WHERE client_id = 'auto' AND mutation_id = ?").get(mutationId) as { images: string | null; queued: string | null } | undefined;
  const queued = JSON.parse(m?.queued ?? '[]') as string[];
  const rows = queued.map((id) => db.prepare('SELECT recipient, params FROM notifications WHERE id = ?').get(id) as { recipient: string; params: string | null });
  const customer = rows.filter((r) => r.recipient === 'customer');
  const moved = (JSON.parse(m?.images ?? '[]') as Array<{ entity: string; id: string }>).filter((i) => i.entity === 'job').map((i) => i.id);
  return {
    customerTexts: customer.length,
    compensationTexts: customer.filter((r) => Number((JSON.parse(r.params ?? '{}') as { amountYuan?: unknown }).amountYuan ?? 0) > 0).length,
    crewTexts: rows.length - customer.length,
    hard: hardViolations(db, moved).length,
  };
}

function describeArm(a: Arm): string {
  const b = a.planB ? `plan B ${a.planB.jobs} jobs, ${a.planB.unplaced} unplaced, objective ${a.planB.objective.toExponential(4)} (${a.planB.status}), all plans made in ${(a.planB.planRealMs / 1000).toFixed(1)} s real = ${((a.planB.planRealMs * SPEED) / 60_000).toFixed(1)} server min` : 'no plan B';
  return `${a.minutes === null ? `NOT done by ${CAP_SERVER_MIN} min` : `${a.minutes.toFixed(1)} min`}, ${a.runs} run(s), the first ${a.outcome} at ${a.actedMin?.toFixed(1) ?? '—'} min${a.detail ? ` (${a.detail.slice(0, 160)})` : ''} moved ${a.moved}, ${a.past}/${a.affected} past arrival (${a.affected - a.past} before), texts: ${a.customerTexts} customer (${a.compensationTexts} with compensation), ${a.crewTexts} crew; hard violations ${a.hard}; ${b}; ${a.realS.toFixed(0)} s real`;
}

async function coldSnapFigure(): Promise<Figure> {
  const highs = await runArm(incidentPlanner);
  const greedy = await runArm(greedyPlanner);
  // like for like: plan B of the HiGHS arm's very problem, solved greedily (the arms' worlds differ a little: the live flow runs on real time)
  const b = highs.planB;
  const g = b ? await solveLogisticsPlan(b.problem, 'wait_carrier', { id: 'bench-greedy', incidentId: b.incidentId, checkpoint: 0 }, undefined, greedySolve) : null;
  const same = b && g ? `; same problem: HiGHS B ${b.objective.toExponential(4)} (${b.unplaced} unplaced) vs greedy B ${g.solver.objective.toExponential(4)} (${g.summary.uncovered} unplaced)` : '';
  return {
    value: highs.minutes ?? CAP_SERVER_MIN,
    unit: 'min',
    baseline: greedy.minutes ?? CAP_SERVER_MIN,
    note: `goal ≤ 30 server min at ${SPEED}×. HiGHS: ${describeArm(highs)}. Greedy: ${describeArm(greedy)}${same}`,
  };
}

export const autoBenchmarks: Benchmark[] = [{ name: 'auto.coldSnap.serverMinutes', run: coldSnapFigure }];
