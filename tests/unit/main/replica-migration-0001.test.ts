/** Replica migration 0001 (the war room's order columns) over a replica created at 0000, with orders in it. */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WarRoomReads } from '@main/analysis/replica-reads';
import { openReplicaDb } from '@main/replica/open';

const dir = mkdtempSync(join(tmpdir(), 'dd-replica-0001-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The replica migrations as shipped before 0001, journal included. */
function folderAt0000(): string {
  const real = join(process.cwd(), 'drizzle', 'replica');
  const out = join(dir, 'drizzle-0000');
  mkdirSync(join(out, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx === 0);
  for (const e of journal.entries) cpSync(join(real, `${e.tag}.sql`), join(out, `${e.tag}.sql`));
  writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify(journal));
  return out;
}

describe('replica migration 0001', () => {
  it('fills the new columns of orders already replicated from their wire data', () => {
    const file = join(dir, 'replica.sqlite');
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: folderAt0000() });
    const data = (o: object) => JSON.stringify({ orderNo: 'HD1', channel: 'tmall', productType: 'wardrobe', stage: 3, stageEnteredAt: '2025-11-10T10:00:00+08:00', promisedDate: '2025-11-20', province: '上海市', city: '上海市', district: '浦东新区', lat: 31.2, lng: 121.5, crewId: null, causes: [], ...o });
    const insert = old.prepare(
      `INSERT INTO orders (id, version, order_no, channel, product_type, stage, stage_entered_at, promised_date, province, city, district, lat, lng, crew_id, causes, data)
       VALUES (?, 1, 'HD1', 'tmall', 'wardrobe', 3, '2025-11-10T10:00:00+08:00', '2025-11-20', '上海市', '上海市', '浦东新区', 31.2, 121.5, NULL, '[]', ?)`,
    );
    insert.run('o1', data({ customerName: '王女士', customerPhone: '13912345678', workshop: '苏州一厂', line: '封边2线', carrier: '德邦' }));
    insert.run('o2', data({})); // an older server's row without the optional fields
    expect(() => old.prepare('SELECT customer_name FROM orders').all()).toThrow();
    old.close();

    const replica = openReplicaDb(file);
    try {
      const rows = replica.sqlite.prepare('SELECT id, customer_name, customer_phone, workshop, line, carrier FROM orders ORDER BY id').all();
      expect(rows).toEqual([
        { id: 'o1', customer_name: '王女士', customer_phone: '13912345678', workshop: '苏州一厂', line: '封边2线', carrier: '德邦' },
        { id: 'o2', customer_name: null, customer_phone: null, workshop: null, line: null, carrier: null },
      ]);
      const { facts } = new WarRoomReads(replica.sqlite).orderFactsAfter(0, 10);
      expect(facts.map((f) => [f.id, f.customerName, f.phone4, f.workstation, f.carrier])).toEqual([
        ['o1', '王女士', '5678', '苏州一厂/封边2线', '德邦'],
        ['o2', '', '', null, null],
      ]);
    } finally {
      replica.sqlite.close();
    }
  });
});
