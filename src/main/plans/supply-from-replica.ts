/**
 * Carriers and production lines as the desk's replica holds them (issue 14): the server syncs
 * them as entities `carrier` and `line`, which the replica keeps in other_rows (entity, id,
 * version, data). Each row is parsed with the shared zod schemas; one that does not parse (a
 * newer server's shape this build cannot read) is left out and said so on the console, so the
 * planner works with the rest instead of failing. Plans see the logical ids the orders carry:
 * the carrier's name, and `<factory>/<line>` for a line (row ids are ASCII, src/shared/supply-ids.ts).
 */
import type Database from 'better-sqlite3';
import { describeZodError } from '@shared/protocol';
import { CarrierData, LineData, workstationOf } from '@shared/supply-rules';
import type { PlanCarrier, PlanLine } from '@node/planning/problem';

interface OtherRow {
  id: string;
  version: number;
  data: string;
}

function rowsOf(sqlite: Database.Database, entity: string): OtherRow[] {
  return sqlite.prepare<[string], OtherRow>('SELECT id, version, data FROM other_rows WHERE entity = ? ORDER BY id').all(entity);
}

function parsed<T>(entity: string, row: OtherRow, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }): T | null {
  let json: unknown;
  try {
    json = JSON.parse(row.data);
  } catch {
    console.warn(`supply: ${entity} ${row.id} left out: its data is not JSON`);
    return null;
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  console.warn(`supply: ${entity} ${row.id} left out: ${describeZodError(r.error)}`);
  return null;
}

export function readSupply(sqlite: Database.Database): { carriers: PlanCarrier[]; lines: PlanLine[] } {
  const carriers: PlanCarrier[] = [];
  for (const row of rowsOf(sqlite, 'carrier')) {
    const c = parsed('carrier', row, CarrierData);
    if (c) carriers.push({ ...c, id: c.name, version: row.version });
  }
  const lines: PlanLine[] = [];
  for (const row of rowsOf(sqlite, 'line')) {
    const l = parsed('line', row, LineData);
    if (l) lines.push({ ...l, id: workstationOf(l.factory, l.name), version: row.version });
  }
  carriers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { carriers, lines };
}
