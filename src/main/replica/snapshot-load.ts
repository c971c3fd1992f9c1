/**
 * Loads a downloaded snapshot file (src/shared/snapshot.ts, format 1) into a fresh replica file,
 * in a worker thread: 800k+ rows copied by SQL (INSERT … SELECT) would hold the back end's event
 * loop for seconds. The rows never pass through JavaScript, so they are checked in SQL before they
 * land: every column the replica indexes must be there with its wire type (the same fields the
 * zod schemas require), and a bad row fails the load naming its entity, id and field. The full
 * zod parse still happens where a row becomes a domain type (the war room's reads).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describeZodError } from '@shared/protocol';
import { runSqliteJob, SnapshotMeta, SqliteJobError, snapshotTable, type SqliteJobStep } from '@shared/snapshot';

/** The replica's table for each entity it knows (the others go to other_rows, like pulled rows). */
const COLUMNS: Record<string, { table: string; columns: [column: string, field: string, types: string[]][] }> = {
  order: {
    table: 'orders',
    columns: [
      ['order_no', 'orderNo', ['text']],
      ['channel', 'channel', ['text']],
      ['product_type', 'productType', ['text']],
      ['stage', 'stage', ['integer']],
      ['stage_entered_at', 'stageEnteredAt', ['text']],
      ['promised_date', 'promisedDate', ['text']],
      ['province', 'province', ['text']],
      ['city', 'city', ['text']],
      ['district', 'district', ['text']],
      ['lat', 'lat', ['real', 'integer']],
      ['lng', 'lng', ['real', 'integer']],
      ['crew_id', 'crewId', ['text', 'null']],
      ['causes', 'causes', ['array']],
      ['customer_name', 'customerName', ['text', 'null']],
      ['customer_phone', 'customerPhone', ['text', 'null']],
      ['workshop', 'workshop', ['text', 'null']],
      ['line', 'line', ['text', 'null']],
      ['carrier', 'carrier', ['text', 'null']],
    ],
  },
  crew: { table: 'crews', columns: [['name', 'name', ['text']], ['district', 'district', ['text']]] },
  job: {
    table: 'jobs',
    columns: [
      ['order_id', 'orderId', ['text']],
      ['crew_id', 'crewId', ['text', 'null']],
      ['date', 'date', ['text', 'null']],
      ['status', 'status', ['text']],
    ],
  },
  event: { table: 'events', columns: [['order_id', 'orderId', ['text']]] },
  notification: { table: 'notifications', columns: [['order_id', 'orderId', ['text']]] },
};

export interface SnapshotLoadResult {
  version: number;
  rows: number;
  serverId: string;
}

let sqlitePath: string | null = null;
const startWorker = (source: string, workerData: object) => {
  sqlitePath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { ...workerData, sqlitePath } });
  worker.unref();
  return worker;
};

const nativeBinding = () => process.env.DUTYDESK_SQLITE_BINDING || undefined;

/** Reads and checks a snapshot file's meta rows (a quick read on this thread). */
export function readSnapshotMeta(file: string): SnapshotMeta {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding() ? { nativeBinding: nativeBinding() } : {}) });
  try {
    const rows = db.prepare('SELECT key, value FROM snapshot_meta').all() as { key: string; value: string }[];
    const parsed = SnapshotMeta.safeParse(Object.fromEntries(rows.map((r) => [r.key, r.value])));
    if (!parsed.success) throw new Error(`the snapshot's meta is not format 1: ${describeZodError(parsed.error)}`);
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

function entitySteps(entity: string, rowsOf: number): SqliteJobStep[] {
  const from = `snap.${snapshotTable(entity)}`;
  const known = COLUMNS[entity];
  const label = `snapshot ${snapshotTable(entity)}`;
  const weight = Math.max(1, rowsOf);
  if (!known) {
    return [
      { sql: `INSERT INTO other_rows (entity, id, version, data) SELECT ?, id, version, data FROM ${from}`, mode: 'run', params: [entity], weight },
      {
        sql: `SELECT id, version FROM other_rows WHERE entity = ? AND (typeof(id) != 'text' OR typeof(version) != 'integer' OR json_valid(data) = 0 OR json_type(data) != 'object') LIMIT 1`,
        mode: 'get',
        params: [entity],
        failIfRow: `${label}: a row without a text id, an integer version or a JSON object as data`,
        weight: 0,
      },
    ];
  }
  const cols = known.columns.map(([c]) => c);
  // extracting a field parses the JSON: malformed data fails the copy, and a missing required field
  // fails its NOT NULL column; the types are checked after, on the plain columns (no JSON to parse)
  const values = known.columns.map(([, f, types]) => (types.includes('array') ? `data -> '$.${f}'` : `data ->> '$.${f}'`));
  const typeOf = (c: string, types: string[]) => (types.includes('array') ? `coalesce(json_type(${c}), 'missing')` : `typeof(${c})`);
  const wrong = known.columns.map(([c, , types]) => `${typeOf(c, types)} NOT IN (${types.map((t) => `'${t}'`).join(', ')})`);
  return [
    {
      sql: `INSERT INTO ${known.table} (id, version, ${cols.join(', ')}, data) SELECT id, version, ${values.join(', ')}, data FROM ${from}`,
      mode: 'run',
      weight,
    },
    {
      sql: `SELECT id, concat_ws(', ', ${known.columns.map(([, f], i) => `CASE WHEN ${wrong[i]} THEN '${entity}.${f}' END`).join(', ')}) AS fields
            FROM ${known.table} WHERE typeof(id) != 'text' OR typeof(version) != 'integer' OR ${wrong.join(' OR ')} LIMIT 1`,
      mode: 'get',
      failIfRow: `${label}: a field of the wrong type`,
      weight: weight / 20,
    },
  ];
}

/**
 * Copies the snapshot into `replicaFile` (a fresh, migrated, closed replica file) and sets its
 * checkpoint to the snapshot's version, all in one transaction. `onProgress` gets 0..1.
 */
export async function loadSnapshot(replicaFile: string, snapshotFile: string, expectServerId: string, onProgress?: (done: number) => void): Promise<SnapshotLoadResult> {
  const meta = readSnapshotMeta(snapshotFile);
  if (meta.serverId !== expectServerId) throw new Error(`the snapshot is of server ${meta.serverId}, not ${expectServerId}`);
  const counts = countRows(snapshotFile, meta.entities);
  // secondary indexes are dropped for the copy and built again after it: sorting once beats
  // 800k random B-tree inserts; their definitions are read from the file, so the schema stays the migrations'
  const indexes = replicaIndexes(replicaFile);
  const steps: SqliteJobStep[] = [
    ...indexes.map((i): SqliteJobStep => ({ sql: `DROP INDEX ${i.name}`, mode: 'exec', weight: 0 })),
    ...meta.entities.flatMap((e) => entitySteps(e, counts[e] ?? 0)),
    ...indexes.map((i): SqliteJobStep => ({ sql: i.sql, mode: 'exec', weight: meta.rows / 20 })),
    {
      sql: `INSERT INTO meta (key, value) VALUES ('checkpoint', ?), ('serverId', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      mode: 'run',
      params: [String(meta.version), meta.serverId],
      weight: 0,
    },
  ];
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
    startWorker,
    onProgress,
  ).catch((err: unknown) => {
    throw new Error(`the snapshot could not be loaded: ${describeJobError(err)}`, { cause: err });
  });
  return { version: meta.version, rows: meta.rows, serverId: meta.serverId };
}

function describeJobError(err: unknown): string {
  if (!(err instanceof SqliteJobError)) return err instanceof Error ? err.message : String(err);
  const row = err.row ? ` (row ${JSON.stringify(err.row)})` : '';
  return `${err.message}${row}`;
}

function countRows(file: string, entities: string[]): Record<string, number> {
  const db = new Database(file, { readonly: true, ...(nativeBinding() ? { nativeBinding: nativeBinding() } : {}) });
  try {
    // MAX(rowid) is a quick estimate: the tables are written once, in order, never deleted from
    return Object.fromEntries(entities.map((e) => [e, Number((db.prepare(`SELECT MAX(rowid) AS n FROM ${snapshotTable(e)}`).get() as { n: number | null }).n ?? 0)]));
  } finally {
    db.close();
  }
}

function replicaIndexes(file: string): { name: string; sql: string }[] {
  const db = new Database(file, { readonly: true, ...(nativeBinding() ? { nativeBinding: nativeBinding() } : {}) });
  try {
    return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  } finally {
    db.close();
  }
}
