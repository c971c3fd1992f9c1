/**
 * Migration 0008 (a crew's phone, for crew texts) over a database created at 0007, with a crew:
 * the crew keeps every field and has no phone; a crew's phone never leaves the server on the wire,
 * and a text to a crew without one is refused with a clear error (notify tests cover the sending).
 */
import { describe, expect, it } from 'vitest';
import { changesBetween } from '@server/db/changes';
import { withServer } from '../../support/harness';
import { databaseAt } from '../../support/migrations';

describe('migration 0008', () => {
  it('gives an old crew a null phone and keeps its fields; the wire carries no phone', async () => {
    const { dbFile, raw: s } = databaseAt(7, 2);
    s.prepare(
      `INSERT INTO crews (id, version, deleted, name, district, districts, skills, capacity_per_day, unavailable, overtime)
       VALUES ('crew-old', 2, 0, '徐汇一队', '徐汇区', '["徐汇区"]', '["wardrobe"]', 4, '[]', '[{"date":"2025-11-12","extraJobs":1}]')`,
    ).run();
    expect(() => s.prepare('SELECT phone FROM crews').all()).toThrow(/no such column/);
    s.close();

    const server = await withServer({ dbFile });
    const db = server.db.$client;
    expect(db.prepare("SELECT name, capacity_per_day, overtime, version, phone FROM crews WHERE id = 'crew-old'").get()).toEqual({
      name: '徐汇一队', capacity_per_day: 4, overtime: '[{"date":"2025-11-12","extraJobs":1}]', version: 2, phone: null,
    });

    // a phone set later stays on the server: the crew's change carries no phone field
    db.prepare("UPDATE crews SET phone = '13700001111' WHERE id = 'crew-old'").run();
    const crew = changesBetween(server.db, 0, server.head()).find((c) => c.entity === 'crew' && c.id === 'crew-old');
    expect(crew?.data).toMatchObject({ name: '徐汇一队', capacityPerDay: 4 });
    expect(JSON.stringify(crew)).not.toContain('13700001111');
    expect(crew?.data && 'phone' in crew.data).toBe(false);
  });
});
