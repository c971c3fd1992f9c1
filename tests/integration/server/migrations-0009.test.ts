/**
 * Migration 0009 (an auto-policy run keeps the incident's orders; runs per incident are no longer
 * unique) over a database created at 0008 with one finished run: the run keeps every field and
 * covers no orders, so the incident it handled counts as handled for its orders so far (none
 * recorded: the first growth by an incident's worth of orders is new trouble), and a second run
 * of the same incident can be written.
 */
import { describe, expect, it } from 'vitest';
import { coveredOrders, isNewTrouble } from '@server/plans/auto-policy';
import { withServer } from '../../support/harness';
import { databaseAt } from '../../support/migrations';

describe('migration 0009', () => {
  it('keeps an old run with no orders covered, and lets an incident have a second run', async () => {
    const { dbFile, raw: s } = databaseAt(8, 3);
    s.prepare(
      `INSERT INTO auto_runs (id, version, deleted, incident_id, title, cause, plan, at, outcome, moved, action_id, detail)
       VALUES ('ar_old', 3, 0, 'inc-logistics-old', '安能物流 · 物流异常', 'logistics', 'B', '2026-02-02T08:10:00+08:00', 'applied', 12, 'auto#1', null)`,
    ).run();
    expect(() =>
      s.prepare(`INSERT INTO auto_runs (id, version, deleted, incident_id, title, cause, plan, at, outcome, moved) VALUES ('ar_two', 3, 0, 'inc-logistics-old', 't', 'logistics', 'B', '2026-02-02T09:00:00+08:00', 'skipped', 0)`).run(),
    ).toThrow(/UNIQUE/);
    s.close();

    const server = await withServer({ dbFile });
    const db = server.db.$client;
    expect(db.prepare("SELECT incident_id, outcome, moved, action_id, version, order_ids FROM auto_runs WHERE id = 'ar_old'").get()).toEqual({
      incident_id: 'inc-logistics-old', outcome: 'applied', moved: 12, action_id: 'auto#1', version: 3, order_ids: '[]',
    });
    db.prepare(`INSERT INTO auto_runs (id, version, deleted, incident_id, title, cause, plan, at, outcome, moved, order_ids) VALUES ('ar_two', 3, 0, 'inc-logistics-old', 't', 'logistics', 'B', '2026-02-02T09:00:00+08:00', 'skipped', 0, '["o-1"]')`).run();
    const runs = db.prepare('SELECT incident_id AS incidentId, order_ids AS orderIds FROM auto_runs').all() as Array<{ incidentId: string; orderIds: string }>;
    const covered = coveredOrders(runs.map((r) => ({ incidentId: r.incidentId, orderIds: JSON.parse(r.orderIds) as string[] })));
    expect(isNewTrouble({ id: 'inc-logistics-old', orderIds: ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'] }, covered)).toBe(false);
    expect(isNewTrouble({ id: 'inc-logistics-old', orderIds: ['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6'] }, covered)).toBe(true);
  });
});
