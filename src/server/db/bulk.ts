/**
 * Fast bulk inserts for the simulator's backlog: one prepared statement per table, values mapped
 * by drizzle's own column codecs (json, boolean), so the rows are exactly what drizzle writes.
 */
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ServerDb } from '@server/db/open';

export function bulkInsert<T extends SQLiteTable>(db: ServerDb, table: T, rows: readonly T['$inferInsert'][]): void {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  const columns = config.columns;
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const stmt = db.$client.prepare(`INSERT INTO ${quote(config.name)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const byKey = Object.entries(table as unknown as Record<string, unknown>);
  // the JS property key of each column (drizzle rows are keyed by property, not SQL name)
  const keyOf = new Map(columns.map((c) => [c, byKey.find(([, v]) => v === c)?.[0] ?? c.name]));
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    stmt.run(
      columns.map((c) => {
        const v = r[keyOf.get(c) as string];
        // a column added later with a plain default (crews.overtime, notifications.attempts):
        // seed rows that predate it get what SQLite itself would give them
        if (v === undefined && c.hasDefault && c.default !== undefined && !is(c.default, SQL)) return c.mapToDriverValue(c.default) as unknown;
        if (v === undefined || v === null) return null;
        return c.mapToDriverValue(v) as unknown;
      }),
    );
  }
}
