/**
 * A format-2 snapshot becomes the desk's replica as it is, so every schema object in it runs on the
 * desk: a trigger would fire on the desk's own writes (copying rows elsewhere, changing the
 * checkpoint), a view could stand where the desk expects a table. The file may hold exactly what
 * the replica migrations it has create, plus the snapshot's own tables and SQLite's internal ones;
 * anything else, anything missing or any definition that differs refuses the file, with its name.
 */
import Database from 'better-sqlite3';
import type { MigrationMeta } from 'drizzle-orm/migrator';
import { nativeBinding } from './snapshot-load';

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** Tables a replica snapshot holds besides the migrations' (drizzle's ledger, the snapshot's meta, SQLite's own). */
const EXTRA_TABLES = new Set(['__drizzle_migrations', 'snapshot_meta', 'sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);

const expectedByCount = new Map<number, Map<string, SchemaObject>>();
const keyOf = (o: SchemaObject) => `${o.type} ${o.name}`;

function readSchema(db: Database.Database): SchemaObject[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as SchemaObject[];
}

/** What the first `count` migrations create, run on an empty database in memory (once per count). */
function expectedSchema(migrations: readonly MigrationMeta[], count: number): Map<string, SchemaObject> {
  const known = expectedByCount.get(count);
  if (known) return known;
  const db = new Database(':memory:', nativeBinding() ? { nativeBinding: nativeBinding() } : {});
  try {
    for (const m of migrations.slice(0, count)) for (const statement of m.sql) if (statement.trim()) db.exec(statement);
    const made = new Map(readSchema(db).map((o) => [keyOf(o), o]));
    expectedByCount.set(count, made);
    return made;
  } finally {
    db.close();
  }
}

const describe = (o: SchemaObject) => `${o.type} ${o.name}${o.tbl_name !== o.name ? ` (on ${o.tbl_name})` : ''}`;

/** Throws naming the first schema object of `db` that the first `count` of `migrations` do not make as it is. */
export function checkSnapshotSchema(db: Database.Database, migrations: readonly MigrationMeta[], count: number): void {
  const expected = expectedSchema(migrations, count);
  const seen = new Set<string>();
  for (const o of readSchema(db)) {
    const ours = expected.get(keyOf(o));
    if (ours) {
      if (ours.sql !== o.sql) throw new Error(`the replica snapshot's ${describe(o)} is not defined as this desk's migrations define it`);
      seen.add(keyOf(o));
      continue;
    }
    const extraTable = o.type === 'table' && EXTRA_TABLES.has(o.name);
    // the index SQLite makes itself for a UNIQUE or PRIMARY KEY of a table that may be there
    const implicitIndex = o.type === 'index' && o.sql === null && (EXTRA_TABLES.has(o.tbl_name) || expected.has(`table ${o.tbl_name}`));
    if (!extraTable && !implicitIndex) throw new Error(`the replica snapshot holds ${describe(o)}, which this desk's migrations do not create`);
  }
  const missing = [...expected.values()].find((o) => !seen.has(keyOf(o)));
  if (missing) throw new Error(`the replica snapshot lacks ${describe(missing)} of this desk's migrations`);
}
