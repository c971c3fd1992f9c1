/**
 * Prepared statements for the hot paths (every write reads its own changes back; every pull
 * reads pages). drizzle builds and prepares SQL on each call, which dominates a small write;
 * these statements are prepared once per connection and decode rows with drizzle's own column
 * codecs, so the rows are exactly what drizzle's select returns.
 */
import type Database from 'better-sqlite3';
import { Column } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';

export interface FastReader<Row> {
  /** rows with from < version ≤ to */
  between(from: number, to: number): Row[];
}

const readers = new WeakMap<Database.Database, Map<SQLiteTable, FastReader<unknown>>>();

export function fastReader<T extends SQLiteTable>(client: Database.Database, table: T): FastReader<T['$inferSelect']> {
  let byTable = readers.get(client);
  if (!byTable) readers.set(client, (byTable = new Map()));
  const cached = byTable.get(table);
  if (cached) return cached as FastReader<T['$inferSelect']>;
  const config = getTableConfig(table);
  const byKey = Object.entries(table as unknown as Record<string, unknown>);
  // columns whose codec is drizzle's identity (plain text, real) are copied as they come: every
  // write reads its rows back through here, and most columns need no decoding
  const identity = Column.prototype.mapFromDriverValue;
  const cols = config.columns.map((c) => ({ col: c, key: byKey.find(([, v]) => v === c)?.[0] ?? c.name, decode: c.mapFromDriverValue !== identity }));
  const quote = (n: string) => `"${n.replaceAll('"', '""')}"`;
  // rows as arrays (raw mode), columns named in this order: better-sqlite3 builds a row object
  // property by property, which for a wide row cost more than SQLite finding it
  const stmt = client.prepare(`SELECT ${config.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(config.name)} WHERE version > ? AND version <= ?`);
  const reader: FastReader<T['$inferSelect']> = {
    between(from, to) {
      // raw mode is set per call: the connection's statement cache may hand this statement out
      // to another caller that resets it (open.ts)
      const raw = stmt.raw(true).all(from, to) as unknown[][];
      const rows: T['$inferSelect'][] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const r = raw[i]!;
        const out: Record<string, unknown> = {};
        for (let j = 0; j < cols.length; j++) {
          const c = cols[j]!;
          const v = r[j];
          out[c.key] = v === null || v === undefined ? null : c.decode ? c.col.mapFromDriverValue(v) : v;
        }
        rows[i] = out as T['$inferSelect'];
      }
      return rows;
    },
  };
  byTable.set(table, reader as FastReader<unknown>);
  return reader;
}

const metaStmts = new WeakMap<Database.Database, { get: Database.Statement; set: Database.Statement }>();

function metaOf(client: Database.Database) {
  let m = metaStmts.get(client);
  if (!m) {
    m = {
      get: client.prepare('SELECT value FROM meta WHERE key = ?'),
      set: client.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    metaStmts.set(client, m);
  }
  return m;
}

export function fastGetMeta(client: Database.Database, key: string): string | undefined {
  return (metaOf(client).get.get(key) as { value: string } | undefined)?.value;
}

export function fastSetMeta(client: Database.Database, key: string, value: string): void {
  metaOf(client).set.run(key, value);
}
