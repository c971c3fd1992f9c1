/**
 * The server's auto-policy (issue 14, deliverable 5) against a real order server over real sockets,
 * with no desk connected: a supervisor switches installer shortages on (autoRule.set; a viewer is
 * refused); the incidents open at that moment are left alone (skipped); a crew reported sick
 * through the floor API makes a new incident, which the server handles by itself once with plan A,
 * as actor `auto`, audited, undoable by `undo { clientId: 'auto', mutationId }`, and never again
 * after a restart. A rule that is off does nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { lastMutationId } from '@server/db/ledger';
import { OPEN_WHEN_SWITCHED_ON } from '@server/commands/auto-rules';
import { readIncidents } from '@server/plans/incident-reads';
import { incidentPlanner, type IncidentPlanner } from '@server/plans/incident-plans';
import { AutoPolicyRunner } from '@server/plans/auto-runner';
import { incidentId } from '@shared/incident-keys';
import { AutoRuleData, AutoRunData } from '@shared/auto-policy';
import { shanghaiDate } from '@shared/time';
import { backlog, cleanUp, withServer } from '../../support/harness';
import { until } from '../../support/desk-harness';
import { hardViolations } from '../../support/plan-validator';
import { connectDesk, pullAll } from './helpers';
import { Commander } from './fixtures';
import { bookings, busyCrew, NO_SETTLING, reportSick } from '../../support/auto-policy-fixtures';


let server: OrderServer;
let dbFile: string;
let floor: string;
let supervisor: Commander;
let viewer: Commander;

async function open(role: 'supervisor' | 'viewer', clientId: string): Promise<Commander> {
  const socket: Socket = await connectDesk(server, { token: createToken(server.db, role, `${role} on duty`).token, clientId, protocol: 1 });
  cleanUp(() => socket.close());
  return new Commander(socket);
}

beforeAll(async () => {
  server = await withServer({ simulate: backlog(5, 4000), autoPolicy: { intervalMs: 100, settle: NO_SETTLING } });
  dbFile = server.db.$client.name;
  floor = createToken(server.db, 'floor', '门店扫码枪').token;
  supervisor = await open('supervisor', 'desk-wang');
  viewer = await open('viewer', 'wall');
}, 120_000);

const runs = () => server.db.$client.prepare('SELECT * FROM auto_runs ORDER BY at').all() as Array<{ incident_id: string; outcome: string; moved: number; action_id: string | null; detail: string | null; plan: string }>;

describe('server auto-policy', () => {
  it('autoRule.set is refused for viewers, and a rule that is off does nothing', async () => {
    const refused = await viewer.send('autoRule.set', { cause: 'installer_shortage', enabled: true, plan: 'A', maxJobs: 300 });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('forbidden');
    const off = await supervisor.send('autoRule.set', { cause: 'installer_shortage', enabled: false, plan: 'A', maxJobs: 300 });
    expect(off).toMatchObject({ ok: true, status: 'applied' });
    const bad = await supervisor.send('autoRule.set', { cause: 'installer_shortage', enabled: true, plan: 'D', maxJobs: 300 });
    expect(bad.error?.message).toMatch(/^payload\.plan: /);
    supervisor.next--; // a bad_request does not use up its mutationId

    const { crewId, last } = busyCrew(server, 2);
    await reportSick(server, floor, crewId, shanghaiDate(server.clock.now()), last);
    for (let i = 0; i < 3; i++) await server.autoPolicy!.run();
    expect(runs()).toEqual([]);
    expect(lastMutationId(server.db, 'auto')).toBe(0);
    // the rule is a synced row, with who set it
    const { changes } = await pullAll(supervisor.socket);
    const rule = changes.find((c) => c.entity === 'auto_rule' && c.id === 'installer_shortage');
    expect(AutoRuleData.parse(rule?.data)).toMatchObject({ cause: 'installer_shortage', enabled: false, plan: 'A', maxJobs: 300, updatedBy: 'supervisor on duty' });
  }, 60_000);

  it('switched on, it leaves the open incidents alone, then handles a new one once, as actor auto, audited and undoable', async () => {
    const openBefore = readIncidents(server.db, server.clock.now()).filter((i) => i.cause === 'installer_shortage');
    expect(openBefore.length).toBeGreaterThan(0); // the crew reported sick in the first test
    const on = await supervisor.send('autoRule.set', { cause: 'installer_shortage', enabled: true, plan: 'A', maxJobs: 300 });
    expect(on).toMatchObject({ ok: true, status: 'applied' });
    expect(runs().map((r) => r.incident_id).sort()).toEqual(openBefore.map((i) => i.id).sort());
    expect(runs().every((r) => r.outcome === 'skipped' && r.detail === OPEN_WHEN_SWITCHED_ON)).toBe(true);

    const { crewId, district, jobIds, last } = busyCrew(server, 2);
    const id = incidentId(`installer_shortage|district|${district}`);
    const before = bookings(server, jobIds);
    await reportSick(server, floor, crewId, shanghaiDate(server.clock.now()), last);
    const done = await until('the server acted', () => runs().find((r) => r.incident_id === id), (r) => !!r && r.outcome !== 'started', 60_000);
    expect(done, done?.detail ?? '').toMatchObject({ outcome: 'applied', plan: 'A' });
    expect(done!.moved).toBeGreaterThan(0);
    expect(done!.action_id).toMatch(/^auto#\d+$/);
    const mutationId = Number(done!.action_id!.split('#')[1]);

    const now = bookings(server, jobIds);
    const moved = jobIds.filter((j) => now.get(j) !== before.get(j));
    expect(moved.length).toBeGreaterThan(0);
    // reach, skill, leave (the sick crew's days) and capacity, checked independently over the server's rows
    expect(hardViolations(server.db.$client, moved)).toEqual([]);
    // one command in the audit trail, by actor auto, with the incident's move to handling in words
    const audit = server.db.$client.prepare("SELECT actor, role, client_id AS clientId, type, outcome, detail FROM audit WHERE client_id = 'auto' AND mutation_id = ?").all(mutationId);
    expect(audit).toEqual([{ actor: 'auto', role: 'supervisor', clientId: 'auto', type: 'batch', outcome: 'applied', detail: expect.stringMatching(/^handling · 自动 · 方案A · .+ · 安装人员不足 \[inc-installer_shortage-/) }]);
    // the run reaches desks as a synced row
    const { changes } = await pullAll(supervisor.socket);
    const run = AutoRunData.parse(changes.find((c) => c.entity === 'auto_run' && (c.data as { incidentId?: string } | undefined)?.incidentId === id)?.data);
    expect(run).toMatchObject({ outcome: 'applied', actionId: `auto#${mutationId}`, title: expect.stringContaining(district) });

    // later passes do not act again
    for (let i = 0; i < 3; i++) await server.autoPolicy!.run();
    expect(lastMutationId(server.db, 'auto')).toBe(mutationId);

    // a supervisor undoes it like any command
    const undo = await supervisor.send('undo', { clientId: 'auto', mutationId });
    expect(undo).toMatchObject({ ok: true, status: 'applied' });
    expect(bookings(server, jobIds)).toEqual(before);
  }, 120_000);

  it('plans again when rows change under its plan: the rejected command is in the ledger, the next one applies', async () => {
    await server.autoPolicy!.stop(); // this test's runner is the only one acting
    const { crewId, district, jobIds, last } = busyCrew(server, 2);
    const id = incidentId(`installer_shortage|district|${district}`);
    let calls = 0;
    // the floor writes to a planned job while the first plan is being made (the live flow keeps writing while HiGHS solves)
    const racing: IncidentPlanner = {
      async plans(source, family, incident) {
        const made = await incidentPlanner.plans(source, family, incident);
        if (++calls === 1) {
          const job = made.plans.flatMap((p) => p.moves).find((m) => m.moved)!.jobId;
          server.writer.write((ctx) => ctx.db.$client.prepare('UPDATE jobs SET version = ? WHERE id = ?').run(ctx.version, job));
        }
        return made;
      },
      batch: (plan, problem) => incidentPlanner.batch(plan, problem),
    };
    const runner = new AutoPolicyRunner(server.writer, { planner: racing, settle: NO_SETTLING, log: false });
    const first = lastMutationId(server.db, 'auto') + 1;
    const before = bookings(server, jobIds);
    await reportSick(server, floor, crewId, shanghaiDate(server.clock.now()), last);
    await runner.run();
    const done = runs().find((r) => r.incident_id === id)!;
    expect(done, JSON.stringify(runs())).toMatchObject({ outcome: 'applied', action_id: `auto#${first + 1}`, detail: 'applied on attempt 2 (rows changed while planning)' });
    expect(calls).toBe(2);
    const ledger = server.db.$client.prepare("SELECT mutation_id AS m, status FROM mutations WHERE client_id = 'auto' AND mutation_id >= ? ORDER BY mutation_id").all(first);
    expect(ledger).toEqual([{ m: first, status: 'rejected' }, { m: first + 1, status: 'applied' }]);
    const now = bookings(server, jobIds);
    const moved = jobIds.filter((j) => now.get(j) !== before.get(j));
    expect(moved.length).toBeGreaterThan(0);
    expect(hardViolations(server.db.$client, moved)).toEqual([]);
  }, 120_000);

  it('is not repeated after a restart; a run a crash left started is settled, never retried', async () => {
    const countBefore = runs().length;
    const mutationsBefore = lastMutationId(server.db, 'auto');
    server.db.$client
      .prepare("INSERT INTO auto_runs (id, version, deleted, incident_id, title, cause, plan, at, outcome, moved, action_id, detail) VALUES ('ar_crashed', ?, 0, 'inc-installer_shortage-crashed', 'x · 安装人员不足', 'installer_shortage', 'A', '2025-11-11T20:00:00+08:00', 'started', 0, ?, NULL)")
      .run(server.head(), `auto#${mutationsBefore + 1}`);
    await server.close();
    server = await withServer({ dbFile, simulate: backlog(5, 4000), autoPolicy: { intervalMs: 100, settle: NO_SETTLING } });
    for (let i = 0; i < 3; i++) await server.autoPolicy!.run();
    expect(runs()).toHaveLength(countBefore + 1);
    expect(lastMutationId(server.db, 'auto')).toBe(mutationsBefore);
    const crashed = runs().find((r) => r.incident_id === 'inc-installer_shortage-crashed')!;
    expect(crashed).toMatchObject({ outcome: 'failed', action_id: null });
    expect(crashed.detail).toMatch(/interrupted/);
  }, 60_000);

  it('no token speaks as the auto-policy: clientId auto is refused to a supervisor, and a token cannot be named auto', async () => {
    const fresh = await withServer({});
    const socket: Socket = await connectDesk(fresh, { token: createToken(fresh.db, 'supervisor', 'night shift').token, clientId: 'auto', protocol: 1 });
    cleanUp(() => socket.close());
    const r = await new Commander(socket).send('autoRule.set', { cause: 'logistics', enabled: true, plan: 'B', maxJobs: 10 });
    expect(r).toMatchObject({ ok: false, error: { code: 'client_taken' } });
    expect(lastMutationId(fresh.db, 'auto')).toBe(0);
    expect(fresh.db.$client.prepare("SELECT outcome FROM audit WHERE client_id = 'auto'").all()).toEqual([{ outcome: 'client_taken' }]);
    expect(() => createToken(fresh.db, 'supervisor', 'auto')).toThrow(/^name: "auto" is the server's auto-policy/);
  }, 30_000);
});
