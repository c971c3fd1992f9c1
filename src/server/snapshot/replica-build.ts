/**
 * Builds the format-2 snapshot (docs/protocol.md "Snapshot"): a DutyDesk replica database holding
 * the same cut as a format-1 file, made from that file by the very copy a desk would run
 * (src/shared/replica-copy.ts), at the replica migrations this server ships (drizzle/replica). A
 * fresh desk that knows that migration downloads it and uses it as its replica after checking it:
 * the seconds of copying and index building are spent here, once per snapshot, in the background,
 * instead of on every desk's start-up path.
 */
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { findMigrationsFolder } from '@server/db/open';
import { replicaLoadSteps } from '@shared/replica-copy';
import { REPLICA_SNAPSHOT_FORMAT } from '@shared/snapshot';
import { runSqliteJob } from '@node/sqlite-job';
import type { BuiltSnapshot } from './build';
import { ownerOnlyFile } from '@node/owner-only';

export interface BuiltReplicaSnapshot extends BuiltSnapshot {
  /** the tag of the last replica migration the file has */
  schema: string;
}

let folder: string | null = null;
const replicaMigrations = () => (folder ??= findMigrationsFolder(undefined, 'replica'));

let schemaTag: string | null = null;

/** The tag of the newest replica migration this server ships (read once: they ship with it). */
export function replicaSchemaTag(): string {
  if (schemaTag) return schemaTag;
  const journal = JSON.parse(readFileSync(join(replicaMigrations(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries[journal.entries.length - 1];
  if (!last) throw new Error('drizzle/replica has no migrations');
  return (schemaTag = last.tag);
}

export async function buildReplicaSnapshot(opts: { from: BuiltSnapshot; serverId: string; outFile: string; nativeBinding?: string }): Promise<BuiltReplicaSnapshot> {
  const partial = `${opts.outFile}.building`;
  rmSync(partial, { force: true });
  ownerOnlyFile(partial); // every customer's data: its owner only
  try {
    // the empty replica (two migrations: milliseconds, here on the main thread), and its indexes
    const db = new Database(partial, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    let indexes: { name: string; sql: string }[];
    try {
      migrate(drizzle(db), { migrationsFolder: replicaMigrations() });
      indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    } finally {
      db.close();
    }
    const schema = replicaSchemaTag();
    const { from } = opts;
    await runSqliteJob(
      {
        file: partial,
        nativeBinding: opts.nativeBinding,
        // a scratch file until renamed: no journal, no syncs (a crash leaves only a .building file)
        pragmas: ['journal_mode = OFF', 'synchronous = OFF'],
        attach: [{ path: from.file, alias: 'snap' }],
        steps: [
          ...replicaLoadSteps({ entities: from.entities, counts: {}, indexes, version: from.version, serverId: opts.serverId, check: false }),
          { sql: 'CREATE TABLE snapshot_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)', mode: 'exec' },
          {
            sql: `INSERT INTO snapshot_meta (key, value) SELECT key, value FROM snap.snapshot_meta WHERE key NOT IN ('format', 'schema')
                  UNION ALL VALUES ('format', ?), ('schema', ?)`,
            mode: 'run',
            params: [String(REPLICA_SNAPSHOT_FORMAT), schema],
          },
        ],
      },
    );
    renameSync(partial, opts.outFile);
    return { file: opts.outFile, version: from.version, rows: from.rows, entities: from.entities, bytes: statSync(opts.outFile).size, schema };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
