// The auto-policy as a desk sees it since it moved to the order server (issue 14, deliverable 5),
// against a real server and a real desk back end: an older desk's auto-policy.json is sent to the
// server as autoRule.set once and renamed; the server, not the desk, then handles a new installer
// shortage by itself (actor auto); the desk lists the rule and the run from its replica, tells the
// supervisor (an `auto` event) about an incident whose id is the one its own war room shows, and
// undoes the server's action with one click. Switching the rule off from the desk reaches the server.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { readIncidents } from '@server/plans/incident-reads';
import { incidentId } from '@shared/incident-keys';
import { addDays, shanghaiDate } from '@shared/time';
import type { DeskEvent } from '@shared/contract';
import { isDeskEvent } from '@renderer/api/eventSocket';
import { backlog, withDesk, withServer, withTempDir, type Desk } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';
import { hardViolations } from '../../support/plan-validator';

/** The tests' incidents are made in one floor call: nothing to wait for (production waits for trouble to hold still, auto-policy.ts settle). */
const NO_SETTLING = { quietMs: 0, maxWaitMs: 0 };

let server: OrderServer;
let desk: Desk;
let floor: string;
const events: DeskEvent[] = [];

const OLD_FILE = {
  version: 1,
  rules: [
    { cause: 'installer_shortage', enabled: true, maxJobs: 300, plan: 'A' },
    { cause: 'not-a-cause', enabled: true, maxJobs: 5, plan: 'A' },
  ],
  handled: ['inc-installer_shortage-old'],
  runs: [],
};

beforeAll(async () => {
  server = await withServer({ simulate: backlog(5, 4000), autoPolicy: { intervalMs: 200, settle: NO_SETTLING } });
  floor = createToken(server.db, 'floor', '门店扫码枪').token;
  const dataDir = withTempDir('dd-desk-');
  writeFileSync(join(dataDir, 'auto-policy.json'), JSON.stringify(OLD_FILE));
  desk = withDesk(server, { name: '自动值班', dataDir });
  desk.subscribe((e) => events.push(e));
  await quiescent(desk, server);
}, 120_000);

/** A crew with at least `n` open jobs booked over the next days on orders at stages 10-11, in a district with no installer-shortage incident. */
function busyCrew(n: number): { crewId: string; district: string; jobIds: string[]; last: string } {
  const today = shanghaiDate(server.clock.now());
  const open = new Set(readIncidents(server.db, server.clock.now()).map((i) => i.id));
  const rows = server.db.$client
    .prepare("SELECT j.crew_id AS crewId, c.district, j.id, j.date FROM jobs j JOIN orders o ON o.id = j.order_id JOIN crews c ON c.id = j.crew_id WHERE j.status = 'booked' AND j.date >= ? AND j.date <= ? AND o.stage BETWEEN 10 AND 11 ORDER BY j.crew_id, j.date")
    .all(addDays(today, 1), addDays(today, 3)) as Array<{ crewId: string; district: string; id: string; date: string }>;
  const by = new Map<string, typeof rows>();
  for (const r of rows) if (!open.has(incidentId(`installer_shortage|district|${r.district}`))) by.set(r.crewId, [...(by.get(r.crewId) ?? []), r]);
  const [crewId, jobs] = [...by].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(jobs.length).toBeGreaterThanOrEqual(n);
  return { crewId, district: jobs[0]!.district, jobIds: jobs.map((j) => j.id), last: jobs.at(-1)!.date };
}

async function reportSick(crewId: string, from: string, to: string) {
  const res = await fetch(`${server.url}/api/v1/crews/${crewId}/unavailable`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${floor}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, to, reason: '病假' }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

const bookings = (jobIds: readonly string[]) =>
  new Map((server.db.$client.prepare(`SELECT id, crew_id AS crewId, date FROM jobs WHERE id IN (${jobIds.map(() => '?').join(',')})`).all(...jobIds) as Array<{ id: string; crewId: string; date: string }>).map((r) => [r.id, `${r.crewId} ${r.date}`]));

describe('auto-policy on the server, seen from a desk', () => {
  it('moves an older desk\'s auto-policy.json to the server once and renames the file', async () => {
    expect(existsSync(join(desk.dataDir, 'auto-policy.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(desk.dataDir, 'auto-policy.json.migrated'), 'utf8'))).toEqual(OLD_FILE);
    const rule = server.db.$client.prepare('SELECT id, enabled, plan, max_jobs AS maxJobs, updated_by AS updatedBy FROM auto_rules').all();
    // the rule with an unknown cause is left behind (said on the console), the other is the server's now
    expect(rule).toEqual([{ id: 'installer_shortage', enabled: 1, plan: 'A', maxJobs: 300, updatedBy: '自动值班' }]);
    expect((await desk.handlers.autoPolicy({})).rules).toEqual([{ cause: 'installer_shortage', enabled: true, plan: 'A', maxJobs: 300 }]);
    // the desk's next start finds nothing to move
    const again = withDesk(server, { name: '自动值班', dataDir: withTempDir('dd-desk-') });
    await quiescent(again, server);
    expect(server.db.$client.prepare("SELECT count(*) AS n FROM audit WHERE type = 'autoRule.set'").get()).toEqual({ n: 1 });
    await again.close();
  }, 60_000);

  it('the server handles a new shortage by itself; the desk lists it, tells the supervisor, and undoes it', async () => {
    const { crewId, district, jobIds, last } = busyCrew(2);
    const id = incidentId(`installer_shortage|district|${district}`);
    const before = bookings(jobIds);
    await reportSick(crewId, shanghaiDate(server.clock.now()), last);

    const { runs } = await until('the server acted and the desk has the run', () => desk.handlers.autoPolicy({}), (p) => p.runs.some((r) => r.incidentId === id), 60_000);
    const run = runs.find((r) => r.incidentId === id)!;
    expect(run, run.detail ?? '').toMatchObject({ outcome: 'applied', cause: 'installer_shortage', plan: 'A', actionId: expect.stringMatching(/^auto#\d+$/) });
    expect(run.moved).toBeGreaterThan(0);
    await until('the auto event', () => events, (e) => e.some((x) => x.type === 'auto' && x.run.incidentId === id), 10_000);
    // browser mode's event socket keeps exactly what the contract's schema accepts, the `auto` event included
    expect(events.filter((e) => !isDeskEvent(JSON.parse(JSON.stringify(e)))).map((e) => e.type)).toEqual([]);
    // the incident the server acted on is the one this desk's war room shows, by id
    const board = await until('the desk sees the incident', () => desk.handlers.incidentBoard({}), (b) => b.incidents.some((i) => i.id === id));
    expect(board.incidents.find((i) => i.id === id)!.title).toBe(run.title);
    const moved = jobIds.filter((j) => bookings(jobIds).get(j) !== before.get(j));
    expect(moved.length).toBeGreaterThan(0);
    expect(hardViolations(server.db.$client, moved)).toEqual([]);
    // in the audit trail every desk syncs, by actor auto
    const audit = server.db.$client.prepare("SELECT actor FROM audit WHERE client_id = 'auto' AND outcome = 'applied'").all();
    expect(audit).toEqual([{ actor: 'auto' }]);

    const undo = await desk.handlers.undo({ actionId: run.actionId! });
    expect(undo.actionId).toMatch(/^cmd-\d+$/);
    await until('the jobs are back', () => bookings(jobIds), (b) => [...b].every(([k, v]) => before.get(k) === v), 30_000);
  }, 120_000);

  it('switching the rule off from the desk reaches the server (shown as set while it is on its way)', async () => {
    const policy = await desk.handlers.setAutoRule({ cause: 'installer_shortage', enabled: false, plan: 'A', maxJobs: 300 });
    expect(policy.rules).toEqual([{ cause: 'installer_shortage', enabled: false, plan: 'A', maxJobs: 300 }]);
    await quiescent(desk, server);
    expect(server.db.$client.prepare('SELECT enabled FROM auto_rules').all()).toEqual([{ enabled: 0 }]);
    expect((await desk.handlers.autoPolicy({})).rules[0]!.enabled).toBe(false);
    await expect(Promise.resolve().then(() => desk.handlers.setAutoRule({ cause: 'no such cause', enabled: true, plan: 'A', maxJobs: 1 }))).rejects.toThrow(/^cause: /);
  }, 60_000);
});
