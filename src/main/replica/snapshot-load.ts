/**
 * Loads a downloaded snapshot file (src/shared/snapshot.ts, format 1) into a fresh replica file,
 * in a worker thread: 800k+ rows copied by SQL (INSERT … SELECT) would hold the back end's event
 * loop for seconds. The rows never pass through JavaScript, so they are checked in SQL before they
 * land: every column the replica indexes must be there with its wire type (the same fields the
 * zod schemas require), and a bad row fails the load naming its entity, id and field. The full
 * zod parse still happens where a row becomes a domain type (the war room's reads).
 */
import Database from 'better-sqlite3';
import { describeZodError } from '@shared/protocol';
import { replicaLoadSteps } from '@shared/replica-copy';
import { SNAPSHOT_FORMAT, SnapshotMeta, snapshotTable } from '@shared/snapshot';
import { runSqliteJob, SqliteJobError } from '@node/sqlite-job';

export interface SnapshotLoadResult {
  version: number;
  rows: number;
  serverId: string;
}

export const nativeBinding = () => process.env.DUTYDESK_SQLITE_BINDING || undefined;

/** A snapshot or replica file opened to read, with the Electron build of SQLite when there is one. */
export const openReadonly = (file: string) => new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding() ? { nativeBinding: nativeBinding() } : {}) });

/** Reads and checks a snapshot file's meta rows (a quick read on this thread). */
export function readSnapshotMeta(file: string, format: number = SNAPSHOT_FORMAT): SnapshotMeta {
  const db = openReadonly(file);
  try {
    const rows = db.prepare('SELECT key, value FROM snapshot_meta').all() as { key: string; value: string }[];
    const parsed = SnapshotMeta.safeParse(Object.fromEntries(rows.map((r) => [r.key, r.value])));
    if (!parsed.success || parsed.data.format !== format) {
      throw new Error(`the snapshot's meta is not format ${format}: ${parsed.success ? `format ${parsed.data.format}` : describeZodError(parsed.error)}`);
    }
    if (format !== SNAPSHOT_FORMAT) return parsed.data;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = parsed.data.entities.find((e) => !tables.has(snapshotTable(e)));
    if (missing) throw new Error(`the snapshot names entity ${missing} but has no table ${snapshotTable(missing)}`);
    return parsed.data;
  } catch (err) {
    if (err instanceof Error && /file is not a database|SQLITE_NOTADB/.test(`${err.message} ${(err as { code?: string }).code}`)) {
      throw new Error('the snapshot is not a SQLite database (damaged or cut short)', { cause: err });
    }
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Copies the snapshot into `replicaFile` (a fresh, migrated, closed replica file) and sets its
 * checkpoint to the snapshot's version, all in one transaction. `onProgress` gets 0..1.
 */
export async function loadSnapshot(replicaFile: string, snapshotFile: string, expectServerId: string, onProgress?: (done: number) => void): Promise<SnapshotLoadResult> {
  const meta = readSnapshotMeta(snapshotFile);
  if (meta.serverId !== expectServerId) throw new Error(`the snapshot is of server ${meta.serverId}, not ${expectServerId}`);
  const counts = countRows(snapshotFile, meta.entities);
  const indexes = replicaIndexes(replicaFile);
  const steps = replicaLoadSteps({ entities: meta.entities, counts, indexes, version: meta.version, serverId: meta.serverId, check: true });
  await runSqliteJob(
    {
      file: replicaFile,
      nativeBinding: nativeBinding(),
      // the file is a fresh copy nobody else has open: no WAL for the bulk copy (it would be written
      // twice), one sync at commit; WAL comes back before the replica is opened again
      pragmas: ['journal_mode = DELETE', 'synchronous = FULL'],
      attach: [{ path: snapshotFile, alias: 'snap' }],
      begin: 'BEGIN IMMEDIATE',
      steps,
    },
    onProgress,
  ).catch((err: unknown) => {
    throw new Error(`the snapshot could not be loaded: ${describeJobError(err)}`, { cause: err });
  });
  return { version: meta.version, rows: meta.rows, serverId: meta.serverId };
}

export function describeJobError(err: unknown): string {
  if (!(err instanceof SqliteJobError)) return err instanceof Error ? err.message : String(err);
  const row = err.row ? ` (row ${JSON.stringify(err.row)})` : '';
  return `${err.message}${row}`;
}

export function countRows(file: string, entities: string[], table: (entity: string) => string = snapshotTable): Record<string, number> {
  const db = openReadonly(file);
  try {
    // MAX(rowid) is a quick estimate: the tables are written once, in order, never deleted from
    return Object.fromEntries(entities.map((e) => [e, Number((db.prepare(`SELECT MAX(rowid) AS n FROM ${table(e)}`).get() as { n: number | null }).n ?? 0)]));
  } finally {
    db.close();
  }
}

function replicaIndexes(file: string): { name: string; sql: string }[] {
  const db = openReadonly(file);
  try {
    return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  } finally {
    db.close();
  }
}
