/**
 * A downloaded format-2 snapshot (docs/protocol.md "Snapshot") becomes the desk's new replica
 * without a copy: the server built it with the desk's own copy (src/shared/replica-copy.ts) at a
 * replica migration this desk ships. Before it is used it is checked like any network data:
 * - its meta names this server, and its checkpoint is the snapshot's version;
 * - every migration it has is one of this desk's, with the same hash (the desk runs the rest when
 *   it opens the file), and its schema is exactly what those migrations make: no trigger, view or
 *   other object of its own (snapshot-schema.ts);
 * - SQLite's quick_check passes (the file's structure), and every column the replica indexes holds
 *   its wire type, naming the entity, id and field of a bad row.
 * The checks read the file on a worker thread while the caller builds the war room from it, and
 * the file is synced to disk meanwhile.
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { appRoot } from '@main/paths';
import { REPLICA_TABLES, replicaCheckStep } from '@shared/replica-copy';
import { REPLICA_SNAPSHOT_FORMAT, type SqliteJobStep } from '@shared/snapshot';
import { runSqliteJob } from '@node/sqlite-job';
import { checkSnapshotSchema } from './snapshot-schema';
import { countRows, describeJobError, nativeBinding, openReadonly, readSnapshotMeta, type SnapshotLoadResult } from './snapshot-load';

const folder = () => join(appRoot(), 'drizzle', 'replica');

let tags: string[] | null = null;

/** The replica migrations this desk ships, oldest first (their tags name a replica snapshot's schema); read once, they ship with the app. */
export function replicaMigrationTags(): string[] {
  tags ??= (JSON.parse(readFileSync(join(folder(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag);
  return tags;
}

/** Checks the file's meta and migrations (quick reads on this thread); throws with the reason. */
function checkHeader(file: string, expectServerId: string): { version: number; rows: number; entities: string[] } {
  const meta = readSnapshotMeta(file, REPLICA_SNAPSHOT_FORMAT);
  if (meta.serverId !== expectServerId) throw new Error(`the snapshot is of server ${meta.serverId}, not ${expectServerId}`);
  if (!meta.schema || !replicaMigrationTags().includes(meta.schema)) throw new Error(`the replica snapshot is at migration ${meta.schema ?? '(none)'}, which this desk does not know`);
  const db = openReadonly(file);
  try {
    const ours = readMigrationFiles({ migrationsFolder: folder() });
    const theirs = db.prepare('SELECT hash, created_at AS at FROM __drizzle_migrations ORDER BY created_at').all() as { hash: string; at: number }[];
    theirs.forEach((m, i) => {
      if (ours[i]?.hash !== m.hash || ours[i]?.folderMillis !== Number(m.at)) throw new Error(`the replica snapshot's migration ${i} is not this desk's (hash ${m.hash.slice(0, 12)})`);
    });
    checkSnapshotSchema(db, ours, theirs.length);
    const kept = Object.fromEntries((db.prepare("SELECT key, value FROM meta WHERE key IN ('checkpoint', 'serverId')").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (kept.checkpoint !== String(meta.version) || kept.serverId !== meta.serverId) {
      throw new Error(`the replica snapshot's checkpoint ${kept.checkpoint ?? '(none)'} of server ${kept.serverId ?? '(none)'} is not its meta's version ${meta.version}`);
    }
  } finally {
    db.close();
  }
  return meta;
}

/**
 * Checks a downloaded format-2 file and syncs it to disk; resolves with what it holds, or throws
 * with the reason (the caller falls back to format 1 or paging). `onProgress` gets 0..1.
 */
export async function checkReplicaSnapshot(file: string, expectServerId: string, onProgress?: (done: number) => void): Promise<SnapshotLoadResult> {
  const meta = checkHeader(file, expectServerId);
  const counts = countRows(file, meta.entities.filter((e) => REPLICA_TABLES[e]), (e) => REPLICA_TABLES[e]!.table);
  const steps: SqliteJobStep[] = [
    { sql: 'PRAGMA quick_check(1)', mode: 'get', weight: meta.rows / 10 },
    ...meta.entities.map((e) => replicaCheckStep(e, counts[e] ?? 0)),
  ];
  // the file was written by a stream: it must be on disk before it replaces the replica
  const synced = (async () => {
    const fh = await open(file, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  })();
  try {
    const results = await runSqliteJob({ file, nativeBinding: nativeBinding(), pragmas: ['query_only = 1'], steps }, onProgress);
    const quick = (results[0] as { quick_check?: string } | null)?.quick_check;
    if (quick !== 'ok') throw new Error(`quick_check: ${quick ?? 'no answer'}`);
  } catch (err) {
    await synced.catch(() => undefined);
    throw new Error(`the replica snapshot failed its checks: ${describeJobError(err)}`, { cause: err });
  }
  await synced;
  return { version: meta.version, rows: meta.rows, serverId: expectServerId };
}

/** The file's last step to a replica, on its replica connection: the snapshot's own meta goes. */
export function dropSnapshotMeta(replica: Database.Database): void {
  replica.exec('DROP TABLE IF EXISTS snapshot_meta');
}
