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
import { incidentId } from '@shared/incident-keys';
import { shanghaiDate } from '@shared/time';
import type { DeskEvent } from '@shared/contract';
import { isDeskEvent } from '@renderer/api/eventSocket';
import { backlog, withDesk, withServer, withTempDir, type Desk } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';
import { hardViolations } from '../../support/plan-validator';
import { bookings, busyCrew, NO_SETTLING, reportSick } from '../../support/auto-policy-fixtures';


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
    const { crewId, district, jobIds, last } = busyCrew(server, 2);
    const id = incidentId(`installer_shortage|district|${district}`);
    const before = bookings(server, jobIds);
    await reportSick(server, floor, crewId, shanghaiDate(server.clock.now()), last);

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
    const moved = jobIds.filter((j) => bookings(server, jobIds).get(j) !== before.get(j));
    expect(moved.length).toBeGreaterThan(0);
    expect(hardViolations(server.db.$client, moved)).toEqual([]);
    // in the audit trail every desk syncs, by actor auto
    const audit = server.db.$client.prepare("SELECT actor FROM audit WHERE client_id = 'auto' AND outcome = 'applied'").all();
    expect(audit).toEqual([{ actor: 'auto' }]);

    const undo = await desk.handlers.undo({ actionId: run.actionId! });
    expect(undo.actionId).toMatch(/^cmd-\d+$/);
    await until('the jobs are back', () => bookings(server, jobIds), (b) => [...b].every(([k, v]) => before.get(k) === v), 30_000);
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
