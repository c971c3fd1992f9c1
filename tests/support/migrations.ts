/**
 * Server databases as an older release left them, for the migration tests: each migration in
 * drizzle/server has tests/integration/server/migrations-NNNN.test.ts, which fills a database
 * created by the migrations before it and starts today's server on it.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { findMigrationsFolder, openServerDb, type ServerDb } from '@server/db/open';
import { withTempDir } from './harness';

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

/** The server's migration tags in order (0000_init, 0001_commands, …), from drizzle's journal. */
export function serverMigrations(): string[] {
  const journal = JSON.parse(readFileSync(join(findMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.map((e) => e.tag);
}

/** A migrations folder holding only migrations 0000…`last` (what a release shipped), journal included. */
export function migrationsUpTo(last: number): string {
  const real = findMigrationsFolder();
  const dir = withTempDir(`dd-drizzle-${last}-`);
  mkdirSync(join(dir, 'meta'));
  const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8')) as Journal;
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  for (const e of journal.entries) cpSync(join(real, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

export interface OldDatabase {
  dbFile: string;
  db: ServerDb;
  /** the connection to fill it through; close it before a server opens the file */
  raw: Database.Database;
}

/** A server database made by migrations 0000…`last`, with the head and server id a started server wrote. */
export function databaseAt(last: number, head = 1): OldDatabase {
  const dbFile = join(withTempDir('dd-old-db-'), 'orders.sqlite');
  const db = openServerDb(dbFile, { migrationsFolder: migrationsUpTo(last) });
  db.$client.prepare(`INSERT INTO meta (key, value) VALUES ('head', ?), ('serverId', 'old-server')`).run(String(head));
  return { dbFile, db, raw: db.$client };
}

const OLD_ORDER = {
  id: 'o-1',
  version: 1,
  deleted: 0,
  order_no: 'OLD-1',
  channel: 'jd',
  product_type: 'kitchen',
  customer_name: '李雷',
  customer_phone: '13800000000',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  address_detail: '世纪大道1号',
  lat: 31.2,
  lng: 121.5,
  amount: 30000,
  skus: '[]',
  signed_at: '2025-11-01T10:00:00+08:00',
  promised_date: '2025-12-01',
  stage: 9,
  stage_entered_at: '2025-11-10T10:00:00+08:00',
  causes: '[]',
  created_at: '2025-11-01T10:00:00+08:00',
  updated_at: '2025-11-10T10:00:00+08:00',
};

/** Writes an order row with only the columns migration 0000 made (every later one adds none it needs). */
export function insertOldOrder(raw: Database.Database, fields: Partial<typeof OLD_ORDER> = {}): void {
  const row = { ...OLD_ORDER, ...fields };
  const columns = Object.keys(row);
  raw.prepare(`INSERT INTO orders (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}
