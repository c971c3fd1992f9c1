// Contingency plans against a real order server (issue 6, item 9). The seed case: 浦东新区's crews
// go on leave (the shipped scenario) and their installations need new crews. Plan A places every job
// that has any feasible crew with zero hard-rule violations, checked by an independent validator
// over the server's rows; apply is atomic; undo restores exactly; another desk changing 5 of the
// jobs first gets those rows rejected and re-planned.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { loadScenario } from '@server/simulator/scenario';
import type { DeskBackend } from '@main/backend';
import type { Plan } from '@shared/plans';
import { addDays, shanghaiDate } from '@shared/time';
import { ROOT } from '../../support/processes';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';
import { capacityOf, hardViolations, offOn, serverCrews, serverLoads } from '../../support/plan-validator';

let server: OrderServer;
let wang: DeskBackend;
let li: DeskBackend;

beforeAll(async () => {
  const scenario = loadScenario(join(ROOT, 'resources/scenarios/pudong-installers-leave.json'));
  server = await withServer({ simulate: backlog(11, 6000, { scenario }) });
  const open = (name: string) => withDesk(server, { name, commandTimeoutMs: 10_000 });
  wang = open('王值班');
  li = open('李值班');
  await Promise.all([quiescent(wang, server), quiescent(li, server)]);
}, 180_000);

const db = () => server.db.$client;
type JobRow = { id: string; crewId: string | null; date: string | null; status: string; version: number };
const jobRows = (ids: readonly string[]): JobRow[] => {
  const get = db().prepare('SELECT id, crew_id AS crewId, date, status, version FROM jobs WHERE id = ?');
  return ids.map((id) => get.get(id) as JobRow);
};

async function leaveIncident(desk: DeskBackend) {
  const { incidents } = await until('the leave incident', () => desk.handlers.incidents({}), (r) => r.incidents.some((i) => i.cause === 'installer_shortage' && i.where.district === '浦东新区'));
  return incidents.find((i) => i.cause === 'installer_shortage' && i.where.district === '浦东新区')!;
}

async function settled(desk: DeskBackend, actionId: string) {
  const seq = Number(actionId.slice(4));
  const r = await until(`action ${actionId} answered`, () => desk.handlers.commands({ limit: 200 }), (c) => c.commands.some((x) => x.seq === seq && x.state !== 'pending'));
  await quiescent(desk, server);
  return r.commands.find((x) => x.seq === seq)!;
}

/**
 * Jobs plan A left unplaced for capacity must have no feasible crew-day with room in the customer's
 * window, in the server's final state (a day whose slot starts within the 2 h lead time is not one).
 */
function unplacedHadNoRoom(plan: Plan): string[] {
  const crews = serverCrews(db());
  const loads = serverLoads(db());
  const today = shanghaiDate(server.clock.now());
  const order = db().prepare('SELECT o.district FROM jobs j JOIN orders o ON o.id = j.order_id WHERE j.id = ?');
  const wrong: string[] = [];
  for (const m of plan.moves.filter((x) => !x.to && x.unplaced?.code === 'no_capacity')) {
    const { district } = order.get(m.jobId) as { district: string };
    const start = m.from.date && m.from.date > today ? m.from.date : today;
    for (const c of crews.values()) {
      if (!c.districts.includes(district) || !c.skills.includes(m.skill)) continue;
      for (let d = 0; d < 3; d++) {
        const date = addDays(start, d);
        if (Date.parse(`${date}T${m.window?.slice(0, 5) ?? '09:00'}:00+08:00`) < server.clock.now() + 2 * 3_600_000) continue;
        if (!offOn(c.unavailable, date) && (loads.get(`${c.id}|${date}`) ?? 0) < capacityOf(c, date)) wrong.push(`${m.jobId} fits ${c.id} on ${date}`);
      }
    }
  }
  return wrong;
}

describe('contingency plans on the seed case', () => {
  it('three explained plans; plan A applied atomically with zero violations, texts queued, then undone exactly', async () => {
    const status = await wang.handlers.status({});
    expect(status.supervisor).toBe('王值班'); // named by the server when the desk connects
    expect(status.shift?.zh).toMatch(/班/);
    expect((await wang.handlers.shiftReport({})).notes.outgoing).toBe('王值班');
    const incident = await leaveIncident(wang);
    expect(incident.jobIds.length).toBeGreaterThan(20);
    const { plans } = await wang.handlers.plans({ incidentId: incident.id });
    expect(plans.map((p) => p.kind)).toEqual(['reassign', 'reschedule', 'capacity']);
    const a = plans[0]!;
    expect(a.summary.jobs).toBeGreaterThanOrEqual(incident.jobIds.length);
    expect(a.summary.moved).toBeGreaterThan(0);
    for (const m of a.moves) {
      if (m.to) expect(m.reason).not.toBeNull();
      else expect(m.unplaced?.code).toBeTruthy();
    }
    // every plan is explained: each moved job's crew has the skill and the plan says how far and how full
    for (const m of a.moves.filter((x) => x.moved)) expect(m.reason!.capacity).toBeGreaterThan(0);

    const before = jobRows(a.moves.map((m) => m.jobId));
    const { actionId } = await wang.handlers.applyPlan({ planId: a.id });
    expect((await settled(wang, actionId)).state).toBe('applied');

    const moved = a.moves.filter((m) => m.moved);
    expect(hardViolations(db(), moved.map((m) => m.jobId))).toEqual([]);
    const after = new Map(jobRows(moved.map((m) => m.jobId)).map((r) => [r.id, r]));
    for (const m of moved) expect([after.get(m.jobId)!.crewId, after.get(m.jobId)!.date]).toEqual([m.to!.crewId, m.to!.date]);
    expect(unplacedHadNoRoom(a)).toEqual([]);
    const texts = db().prepare("SELECT COUNT(DISTINCT order_id) AS n FROM notifications WHERE template = 'install_reassigned' AND status = 'queued'").get() as { n: number };
    expect(texts.n).toBe(new Set(moved.map((m) => m.orderId)).size);

    // undo restores exactly what the plan replaced, and cancels the texts not yet sent
    const undo = await wang.handlers.undo({ actionId });
    expect((await settled(wang, undo.actionId)).state).toBe('applied');
    const restored = jobRows(a.moves.map((m) => m.jobId));
    expect(restored.map(({ id, crewId, date, status }) => ({ id, crewId, date, status }))).toEqual(before.map(({ id, crewId, date, status }) => ({ id, crewId, date, status })));
    const queued = db().prepare("SELECT COUNT(*) AS n FROM notifications WHERE template = 'install_reassigned' AND status = 'queued'").get() as { n: number };
    expect(queued.n).toBe(0);
    const actions = await wang.handlers.actions({});
    expect(actions.actions.find((x) => x.actionId === actionId)?.state).toBe('undone');
    // undoing twice is refused by the server, clearly
    const again = await wang.handlers.undo({ actionId });
    const answer = await settled(wang, again.actionId);
    expect(answer.state).toBe('rejected');
    expect(answer.error?.code).toBe('already_undone');
  }, 120_000);

  it('the next shift undoes a plan from the audit trail: another desk, by <clientId>#<mutationId>', async () => {
    const incident = await leaveIncident(wang);
    const { plans } = await wang.handlers.plans({ incidentId: incident.id });
    const a = plans[0]!;
    const before = jobRows(a.moves.map((m) => m.jobId)).map(({ id, crewId, date, status }) => ({ id, crewId, date, status }));
    const { actionId } = await wang.handlers.applyPlan({ planId: a.id });
    const applied = await settled(wang, actionId);
    expect(applied.state).toBe('applied');
    await quiescent(li, server);
    // 李 (next shift, another desk) finds it in the audit trail and undoes it
    const trail = await li.handlers.auditTrail({});
    const entry = trail.entries.find((e) => e.type === 'batch' && e.mutationId === applied.mutationId && e.actor === '王值班');
    expect(entry?.clientId).toBeTruthy();
    const undo = await li.handlers.undo({ actionId: `${entry!.clientId}#${entry!.mutationId}` });
    expect((await settled(li, undo.actionId)).state).toBe('applied');
    expect(jobRows(a.moves.map((m) => m.jobId)).map(({ id, crewId, date, status }) => ({ id, crewId, date, status }))).toEqual(before);
  }, 120_000);

  it('another desk changes 5 of the jobs first: all or none, those 5 are named, re-planned, and the rest stay', async () => {
    // 李's undo of the test before has reached 王's replica: plan on the restored jobs
    await quiescent(wang, server);
    const incident = await leaveIncident(wang);
    const { plans } = await wang.handlers.plans({ incidentId: incident.id });
    const a = plans[0]!;
    const moved = a.moves.filter((m) => m.moved);
    expect(moved.length).toBeGreaterThan(10);
    // 李 moves five of them to a later day with the crew plan A chose (valid moves of their own)
    const five = moved.slice(0, 5);
    const far = (date: string) => addDays(date, 60);
    const liMove = await li.handlers.reassignJobs({ jobs: five.map((m) => ({ jobId: m.jobId, crewId: m.to!.crewId!, date: far(m.to!.date!) })) });
    await until('李 applied', () => li.handlers.commands({}), (c) => c.commands.some((x) => x.seq === liMove.command.seq && x.state === 'applied'));
    await quiescent(wang, server);

    const before = jobRows(moved.map((m) => m.jobId));
    const { actionId } = await wang.handlers.applyPlan({ planId: a.id });
    const answer = await settled(wang, actionId);
    expect(answer.state).toBe('rejected');
    expect(answer.error?.code).toBe('conflict');
    expect(new Set(answer.error!.rows!.map((r) => r.id))).toEqual(new Set(five.map((m) => m.jobId)));
    expect(jobRows(moved.map((m) => m.jobId))).toEqual(before); // nothing of the batch was applied

    const listed = (await wang.handlers.actions({})).actions.find((x) => x.actionId === actionId)!;
    expect(new Set(listed.rejectedJobIds)).toEqual(new Set(five.map((m) => m.jobId)));
    const { plan: revised } = await wang.handlers.replan({ planId: a.id });
    expect(new Set(revised.revision!.rejectedJobIds)).toEqual(new Set(five.map((m) => m.jobId)));
    for (const c of revised.revision!.changed) expect(five.map((m) => m.jobId)).toContain(c.jobId);
    // the other jobs keep exactly the place plan A gave them
    const first = new Map(a.moves.map((m) => [m.jobId, m]));
    for (const m of revised.moves.filter((x) => !five.some((f) => f.jobId === x.jobId))) expect(m.to?.crewId ?? null).toBe(first.get(m.jobId)!.to?.crewId ?? null);

    const second = await wang.handlers.applyPlan({ planId: revised.id });
    expect((await settled(wang, second.actionId)).state).toBe('applied');
    expect(hardViolations(db(), revised.moves.filter((m) => m.moved).map((m) => m.jobId))).toEqual([]);
    // 李's five moves were not overwritten: re-planned, they were left where 李 put them or moved with their new version
    for (const m of five) {
      const r = revised.moves.find((x) => x.jobId === m.jobId)!;
      if (!r.moved) expect(jobRows([m.jobId])[0]!.date).toBe(far(m.to!.date!));
    }
  }, 120_000);

  it('an unknown plan, action or incident is a clear error naming the field; a plan moving nothing is nothing_to_apply', async () => {
    const codeOf = async (call: () => unknown) => {
      try {
        await call();
        return 'no error';
      } catch (err) {
        return `${(err as { code?: string }).code}: ${(err as Error).message}`;
      }
    };
    expect(await codeOf(() => wang.handlers.applyPlan({ planId: 'nope' }))).toMatch(/^not_found: planId: /);
    expect(await codeOf(() => wang.handlers.undo({ actionId: 'cmd-999999' }))).toMatch(/^not_found: actionId: /);
    expect(await codeOf(() => wang.handlers.undo({ actionId: 'garbage' }))).toMatch(/^bad_request: actionId: /);
    expect(await codeOf(() => wang.handlers.plans({ incidentId: 'no-such' }))).toMatch(/^not_found: incidentId: /);
    expect(await codeOf(() => wang.handlers.replan({ planId: 'nope' }))).toMatch(/^not_found: planId: /);
    // every job the leave left behind has been placed by the revised plan above: plan A moves nothing now
    const incident = await leaveIncident(wang);
    const { plans } = await wang.handlers.plans({ incidentId: incident.id });
    expect(plans[0]!.summary.moved).toBe(0);
    expect(await codeOf(() => wang.handlers.applyPlan({ planId: plans[0]!.id }))).toMatch(/^nothing_to_apply: planId: /);
  });
});
