// The auto-policy (issue 6, item 7) against a real order server: off until switched on; once on for
// installer shortages, a crew reported sick through the floor API raises a new incident and the desk
// applies plan A by itself, tells the supervisor (an `auto` event), moves the incident to handling,
// leaves the action in the server's audit trail and lets one click undo it. An incident is acted on once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { addDays, shanghaiDate } from '@shared/time';
import type { DeskEvent } from '@shared/contract';
import { isDeskEvent } from '@renderer/api/eventSocket';
import type { DeskBackend } from '@main/backend';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';
import { hardViolations } from '../../support/plan-validator';

let server: OrderServer;
let desk: DeskBackend;
let floor: string;
const events: DeskEvent[] = [];

beforeAll(async () => {
  server = await withServer({ simulate: backlog(5, 4000) });
  floor = createToken(server.db, 'floor', '门店扫码枪').token;
  desk = withDesk(server, { name: '自动值班' });
  desk.subscribe((e) => events.push(e));
  await quiescent(desk, server);
}, 120_000);

/** A crew with at least `n` open jobs booked from today on, on orders at stages 10-11. */
function busyCrew(n: number): { crewId: string; jobIds: string[]; last: string } {
  const today = shanghaiDate(server.clock.now());
  const rows = server.db.$client
    .prepare("SELECT j.crew_id AS crewId, j.id, j.date FROM jobs j JOIN orders o ON o.id = j.order_id WHERE j.status = 'booked' AND j.date >= ? AND j.date <= ? AND o.stage BETWEEN 10 AND 11 ORDER BY j.crew_id, j.date")
    .all(today, addDays(today, 2)) as Array<{ crewId: string; id: string; date: string }>;
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.crewId, [...(by.get(r.crewId) ?? []), r]);
  const [crewId, jobs] = [...by].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(jobs.length).toBeGreaterThanOrEqual(n);
  return { crewId, jobIds: jobs.map((j) => j.id), last: jobs.at(-1)!.date };
}

async function reportSick(crewId: string, from: string, to: string) {
  const res = await fetch(`${server.url}/api/v1/crews/${crewId}/unavailable`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${floor}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, to, reason: '病假' }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

describe('auto-policy', () => {
  it('is off by default: a new shortage incident is left to the supervisor', async () => {
    expect((await desk.handlers.autoPolicy({})).rules).toEqual([]);
  });

  it('switched on for installer shortages, it applies plan A by itself once, tells the supervisor, and can be undone', async () => {
    const policy = await desk.handlers.setAutoRule({ cause: 'installer_shortage', enabled: true, plan: 'A' as const, maxJobs: 300 });
    expect(policy.rules).toEqual([{ cause: 'installer_shortage', enabled: true, plan: 'A' as const, maxJobs: 300 }]);
    const { crewId, last } = busyCrew(2);
    const bookings = () =>
      new Map((server.db.$client.prepare("SELECT id, crew_id AS crewId, date FROM jobs WHERE status NOT IN ('done', 'cancelled') AND (crew_id = ? OR id IN (SELECT id FROM jobs WHERE crew_id = ?))").all(crewId, crewId) as Array<{ id: string; crewId: string; date: string }>).map((r) => [r.id, `${r.crewId} ${r.date}`]));
    const before = bookings();
    const jobIds = [...before.keys()];
    await reportSick(crewId, shanghaiDate(server.clock.now()), last);

    const { runs } = await until('the auto-policy acted', () => desk.handlers.autoPolicy({}), (p) => p.runs.some((r) => r.outcome === 'applied'), 60_000);
    const run = runs.find((r) => r.outcome === 'applied')!;
    expect(run.cause).toBe('installer_shortage');
    expect(run.moved).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'auto' && e.run.incidentId === run.incidentId)).toBe(true);
    // browser mode's event socket keeps exactly what the contract's schema accepts: every event
    // this real back end published gets through, the `auto` one included (the old guard dropped it)
    expect(events.filter((e) => !isDeskEvent(JSON.parse(JSON.stringify(e)))).map((e) => e.type)).toEqual([]);
    const answered = await until('applied', () => desk.handlers.actions({}), (a) => a.actions.some((x) => x.actionId === run.actionId && x.state === 'applied'));
    expect(answered.actions.find((x) => x.actionId === run.actionId)!.label).toMatch(/^自动 · 方案A/);
    await quiescent(desk, server);
    const now = new Map((server.db.$client.prepare(`SELECT id, crew_id AS crewId, date FROM jobs WHERE id IN (${jobIds.map(() => '?').join(',')})`).all(...jobIds) as Array<{ id: string; crewId: string; date: string }>).map((r) => [r.id, `${r.crewId} ${r.date}`]));
    const movedIds = jobIds.filter((id) => now.get(id) !== before.get(id));
    expect(movedIds).toHaveLength(run.moved);
    expect(hardViolations(server.db.$client, movedIds)).toEqual([]);
    const board = await desk.handlers.incidentBoard({});
    expect(board.incidents.find((i) => i.id === run.incidentId)?.state).toBe('handling');
    // in the server's audit trail, by this desk's supervisor
    const audit = server.db.$client.prepare("SELECT actor, type, outcome FROM audit WHERE type = 'batch' AND outcome = 'applied' ORDER BY id DESC LIMIT 1").get() as { actor: string; type: string; outcome: string };
    expect(audit.actor).toBe('自动值班');
    // and marked as automatic where every desk and the next shift read it
    const marked = await until('the automatic move in the audit trail', () => server.db.$client.prepare("SELECT detail FROM audit WHERE type = 'incident.state' AND outcome = 'applied'").all() as Array<{ detail: string }>, (rows) => rows.some((r) => r.detail.includes('自动执行方案A')));
    expect(marked.find((r) => r.detail.includes('自动执行方案A'))!.detail).toMatch(/^handling · 自动执行方案A · /);

    // acted on once: another pass does nothing more
    await desk.handlers.setAutoRule({ cause: 'installer_shortage', enabled: true, plan: 'A', maxJobs: 300 });
    expect((await desk.handlers.autoPolicy({})).runs.filter((r) => r.incidentId === run.incidentId)).toHaveLength(1);

    const undo = await desk.handlers.undo({ actionId: run.actionId! });
    await until('undone', () => desk.handlers.actions({}), (a) => a.actions.some((x) => x.actionId === run.actionId && x.state === 'undone'));
    expect(undo.actionId).toMatch(/^cmd-\d+$/);
    const back = new Map((server.db.$client.prepare(`SELECT id, crew_id AS crewId, date FROM jobs WHERE id IN (${jobIds.map(() => '?').join(',')})`).all(...jobIds) as Array<{ id: string; crewId: string; date: string }>).map((r) => [r.id, `${r.crewId} ${r.date}`]));
    expect(back).toEqual(before);
  }, 120_000);
});
