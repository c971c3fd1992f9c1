/**
 * Bulk SQLite jobs off the caller's thread, for the server (snapshot builds) and the desk (snapshot
 * loads and checks): one long synchronous statement sequence that must not stall an event loop.
 * The job's shape (SqliteJob, SqliteJobStep) is data in src/shared/snapshot.ts; running it is Node.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteJob, SqliteJobResult } from '@shared/snapshot';

/**
 * The job runner's source, run with `new Worker(source, { eval: true })` so that neither the
 * server nor the desk needs a build entry for it. It loads better-sqlite3 from the path resolved
 * here, in the process that starts it.
 */
const SQLITE_JOB_WORKER_SOURCE = `
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

let sqlitePath: string | null = null;

/** A worker thread running the job runner with better-sqlite3 from this process's install. */
function startJobWorker(job: SqliteJob): Worker {
  sqlitePath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SQLITE_JOB_WORKER_SOURCE, { eval: true, workerData: { job, sqlitePath } });
  worker.unref(); // a job in flight never keeps a stopping server or desk alive
  return worker;
}

/**
 * Runs `job` on a worker thread; `onProgress(done)` gets the share of the steps' weights finished
 * so far (0..1).
 */
export function runSqliteJob(job: SqliteJob, onProgress?: (done: number) => void): Promise<SqliteJobResult> {
  const weights = job.steps.map((s) => s.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const worker = startJobWorker(job);
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
