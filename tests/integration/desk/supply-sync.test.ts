/**
 * Carriers and lines reach the desks (issue 14): synced as entities `carrier` and `line`, kept in
 * the replica's other_rows, read back by the desk's readSupply with the logical ids plans use; a
 * stoppage the floor reports arrives live at the new version; a desk starting from a snapshot has
 * them too, and a viewer desk as well as a supervisor's.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { defaultSupply } from '@server/supply/data';
import type { DeskBackend } from '@main/backend';
import { readSupply } from '@main/plans/supply-from-replica';
import { until } from '../../support/desk-harness';
import { backlog, withDesk, withServer } from '../../support/harness';

const caughtUp = (d: DeskBackend, s: OrderServer) => until('caught up', () => d.handlers.status({}), (st) => st.state === 'live' && st.checkpoint === s.head());

function supplyOf(dataDir: string) {
  const db = new Database(join(dataDir, 'replica.sqlite'), { readonly: true });
  try {
    return readSupply(db);
  } finally {
    db.close();
  }
}

describe('carriers and lines on the desks', () => {
  it('sync to supervisor and viewer desks, and a reported stoppage arrives live', async () => {
    const s = await withServer();
    const shipped = defaultSupply();
    for (const role of ['supervisor', 'viewer'] as const) {
      const d = withDesk(s, { role, name: `${role}-desk` });
      await caughtUp(d, s);
      const supply = supplyOf(d.dataDir);
      expect(supply.carriers.map((c) => c.id)).toEqual(shipped.carriers.map((c) => c.name).sort());
      expect(supply.lines.map((l) => l.id)).toEqual(shipped.lines.map((l) => `${l.factory}/${l.name}`).sort());
      const anneng = supply.carriers.find((c) => c.id === '安能物流')!;
      expect(anneng).toMatchObject({ name: '安能物流', express: false, stoppages: [] });
      expect(anneng.lanes).toEqual(shipped.carriers.find((c) => c.name === '安能物流')!.lanes);
      expect(supply.carriers.find((c) => c.express)?.name).toBe('京东物流加急');
    }

    const d = withDesk(s, { name: 'live-desk' });
    await caughtUp(d, s);
    const before = supplyOf(d.dataDir).carriers.find((c) => c.id === '安能物流')!.version;
    const stop = { regions: ['江苏省'], from: '2026-02-02T00:00:00+08:00', to: '2026-02-04T00:00:00+08:00', reason: '寒潮停运' };
    const r = await fetch(`${s.url}/api/v1/carriers/${encodeURIComponent('安能物流')}/stoppages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${createToken(s.db, 'floor', '安能调度', { scope: { kind: 'carrier', value: '安能物流' } }).token}`, 'content-type': 'application/json' },
      body: JSON.stringify(stop),
    });
    const { version } = (await r.json()) as { version: number };
    expect(version).toBeGreaterThan(before);
    await until('the stoppage on the desk', () => supplyOf(d.dataDir).carriers.find((c) => c.id === '安能物流')!, (c) => c.version === version);
    expect(supplyOf(d.dataDir).carriers.find((c) => c.id === '安能物流')?.stoppages).toEqual([stop]);
  });

  it('come with the snapshot a fresh desk starts from', async () => {
    const s = await withServer({ simulate: backlog(31, 300), snapshots: { minOrders: 1, minIntervalMs: 0 } });
    await s.snapshots!.settled();
    // the snapshot was built (with every entity's rows), so the desk loads it rather than paging
    expect(s.snapshots!.info('supervisor')).not.toBeNull();
    const d = withDesk(s);
    await caughtUp(d, s);
    const supply = supplyOf(d.dataDir);
    expect(supply.carriers).toHaveLength(defaultSupply().carriers.length);
    expect(supply.lines).toHaveLength(defaultSupply().lines.length);
    expect(supply.lines.find((l) => l.id === '苏州一厂/封边2线')).toMatchObject({ stage: 5, factory: '苏州一厂', name: '封边2线' });
  });
});
