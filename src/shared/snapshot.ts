/**
 * The snapshot extension of protocol v1 (docs/protocol.md "Snapshot"): a desk with an empty (or
 * discarded) replica may download the server's whole state as one SQLite file instead of paging
 * through `pull` from version 0, then pull only what came after the snapshot's version.
 *
 * Format 1: a SQLite 3 database with
 * - `snapshot_meta(key TEXT PRIMARY KEY, value TEXT)`: format, version, serverId, role, rows,
 *   entities (a JSON list of the entity names present);
 * - per entity E one table `rows_E(id TEXT, version INTEGER, data TEXT)` holding every live row
 *   at that version: `data` is the row's wire data as JSON, exactly what `pull` would send this
 *   role (projected for viewers). Tombstones are left out: a fresh replica has nothing to delete.
 *
 * Format 2 (`?format=2`, offered in hello as `replicaSnapshot`): a DutyDesk replica database, the
 * same rows at the same version already in the replica's tables (src/shared/replica-copy.ts) with
 * its indexes, at the replica migration named by `schema`, plus the same `snapshot_meta` (format
 * 2, and `schema`). A desk that knows that migration uses the file as its replica after checking
 * it, with no copy; any other client ignores it.
 */
import { z } from 'zod';

export const SNAPSHOT_FORMAT = 1 as const;
export const REPLICA_SNAPSHOT_FORMAT = 2 as const;
export const SNAPSHOT_PATH = '/api/v1/snapshot';

/** The table of an entity's rows in a snapshot file (entity names are [a-z_]+). */
export function snapshotTable(entity: string): string {
  if (!/^[a-z_]+$/.test(entity)) throw new Error(`snapshot: not an entity name: ${JSON.stringify(entity)}`);
  return `rows_${entity}`;
}

/** hello extension: the snapshot the server has ready for this role (absent: page from 0). */
export const SnapshotInfo = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int().min(0),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** changes whenever the file does: sent back as If-Range so a resumed download never mixes two files */
  etag: z.string().min(1),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** hello extension: the same cut as a ready replica (format 2), for desks that know its `schema`. */
export const ReplicaSnapshotInfo = SnapshotInfo.extend({
  format: z.literal(REPLICA_SNAPSHOT_FORMAT),
  /** the tag of the last replica migration the file has (drizzle/replica) */
  schema: z.string().min(1),
});
export type ReplicaSnapshotInfo = z.infer<typeof ReplicaSnapshotInfo>;
export type AnySnapshotInfo = SnapshotInfo | ReplicaSnapshotInfo;

/** The meta rows of a snapshot file, as the desk checks them before loading it. */
export const SnapshotMeta = z.object({
  format: z.coerce.number().pipe(z.union([z.literal(SNAPSHOT_FORMAT), z.literal(REPLICA_SNAPSHOT_FORMAT)])),
  /** format 2: the replica migration the file is at */
  schema: z.string().min(1).optional(),
  version: z.coerce.number().int().min(0),
  serverId: z.string().min(1),
  role: z.string().min(1),
  rows: z.coerce.number().int().min(0),
  entities: z.string().transform((s, ctx) => {
    try {
      const list: unknown = JSON.parse(s);
      if (Array.isArray(list) && list.every((e) => typeof e === 'string' && /^[a-z_]+$/.test(e))) return list as string[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'not a JSON list of entity names' });
    return z.NEVER;
  }),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

/**
 * A bulk SQLite job run off the caller's thread (both the server's snapshot build and the desk's
 * snapshot load are one long synchronous statement sequence that must not stall an event loop).
 */
export interface SqliteJob {
  /** the database the connection opens (created if missing) */
  file: string;
  nativeBinding?: string;
  pragmas?: string[];
  attach?: { path: string; alias: string }[];
  /** the statement that opens the one transaction around every step (default BEGIN) */
  begin?: string;
  steps: SqliteJobStep[];
}

export interface SqliteJobStep {
  sql: string;
  /** run: a write (changes reported); get: the first row or null; exec: several statements, no params */
  mode: 'run' | 'get' | 'exec';
  params?: (string | number | null)[];
  /** for a `get`: a row found means the job fails with this message (and the row) */
  failIfRow?: string;
  /** for progress: how much of the job this step is (any unit) */
  weight?: number;
}

export type SqliteJobResult = ({ changes: number } | Record<string, unknown> | null)[];

/**
 * The job runner's source, run with `new Worker(source, { eval: true })` by the server and the
 * desk (src/server/snapshot/job.ts, src/main/db/sqlite-job.ts), so it needs no build entry of its
 * own. It loads better-sqlite3 from the path the caller resolved. Kept here as data: both layers
 * run the same text.
 */
export const SQLITE_JOB_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const job = workerData.job;
// bulk work yields the cores to the caller's event loop (the desk's UI path, the server's requests):
// on Linux a thread's nice value is its own; elsewhere it would lower the whole process, so it is left
if (process.platform === 'linux') {
  try { require('node:os').setPriority(0, 10); } catch (e) { /* not allowed here: run at normal priority */ }
}
let db;
try {
  db = new Database(job.file, job.nativeBinding ? { nativeBinding: job.nativeBinding } : {});
  for (const p of job.pragmas || []) db.pragma(p);
  for (const a of job.attach || []) db.prepare('ATTACH DATABASE ? AS ' + a.alias).run(a.path);
  const results = [];
  db.exec(job.begin || 'BEGIN');
  try {
    job.steps.forEach((s, i) => {
      if (s.mode === 'exec') {
        db.exec(s.sql);
        results.push(null);
      } else {
        const stmt = db.prepare(s.sql);
        const params = s.params || [];
        if (s.mode === 'get') {
          const row = stmt.get(...params);
          if (row && s.failIfRow) throw Object.assign(new Error(s.failIfRow), { row });
          results.push(row === undefined ? null : row);
        } else {
          results.push({ changes: stmt.run(...params).changes });
        }
      }
      parentPort.postMessage({ type: 'progress', step: i });
    });
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  parentPort.postMessage({ type: 'done', results });
} catch (err) {
  parentPort.postMessage({ type: 'error', message: String((err && err.message) || err), code: err && err.code, row: err && err.row });
} finally {
  if (db) db.close();
}
`;

/** The part of node:worker_threads' Worker a job needs (injected: src/shared has no Node). */
export interface JobWorker {
  on(event: 'message', listener: (msg: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export class SqliteJobError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly row: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = 'SqliteJobError';
  }
}

/**
 * Runs `job` on a worker made by `start(source, workerData)`; `onProgress(done)` gets the share of
 * the steps' weights finished so far (0..1).
 */
export function runSqliteJob(
  job: SqliteJob,
  start: (source: string, workerData: { job: SqliteJob }) => JobWorker,
  onProgress?: (done: number) => void,
): Promise<SqliteJobResult> {
  const weights = job.steps.map((s) => s.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const worker = start(SQLITE_JOB_WORKER_SOURCE, { job });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (raw) => {
      const msg = raw as { type: string; step?: number; results?: SqliteJobResult; message?: string; code?: string; row?: Record<string, unknown> };
      if (msg.type === 'progress') {
        finished += weights[msg.step ?? 0] ?? 0;
        onProgress?.(finished / total);
      } else if (msg.type === 'done') settle(() => resolve(msg.results ?? []));
      else if (msg.type === 'error') settle(() => reject(new SqliteJobError(msg.message ?? 'sqlite job failed', msg.code, msg.row)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`sqlite job worker exited (${code}) before it finished`))));
  });
}
