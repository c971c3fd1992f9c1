/**
 * Builds a snapshot file (src/shared/snapshot.ts, format 1) of the server database for one role,
 * in a worker thread: the whole copy is SQL inside SQLite (INSERT … SELECT), seconds of work at
 * 100k orders that must not stall the server's event loop. One read transaction on the server
 * database makes the file a consistent cut at one version.
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import { snapshotTable, SNAPSHOT_FORMAT, type SqliteJobStep } from '@shared/snapshot';
import { runSqliteJob } from '@node/sqlite-job';
import type { Role } from '@shared/vocab';
import { snapshotSelects } from './rows-sql';
import { ownerOnlyFile } from '@node/owner-only';

export interface BuiltSnapshot {
  file: string;
  version: number;
  rows: number;
  bytes: number;
  entities: string[];
}

export async function buildSnapshot(opts: { dbFile: string; outFile: string; role: Role; serverId: string; nativeBinding?: string }): Promise<BuiltSnapshot> {
  const selects = snapshotSelects(opts.role);
  const entities = Object.keys(selects).sort();
  const partial = `${opts.outFile}.building`;
  rmSync(partial, { force: true });
  ownerOnlyFile(partial); // every customer's data: its owner only
  const steps: SqliteJobStep[] = [
    // the first read fixes the transaction's view of the server database: every row below is at or before this head
    { sql: `SELECT CAST(value AS INTEGER) AS head FROM src.meta WHERE key = 'head'`, mode: 'get' },
    { sql: 'CREATE TABLE snapshot_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)', mode: 'exec', weight: 0 },
    ...entities.flatMap((entity): SqliteJobStep[] => [
      { sql: `CREATE TABLE ${snapshotTable(entity)} (id TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL)`, mode: 'exec', weight: 0 },
      // in id order: a desk copying the rows into a table keyed by id then appends to its index instead of inserting at random
      { sql: `INSERT INTO ${snapshotTable(entity)} (id, version, data) ${selects[entity]} ORDER BY 1`, mode: 'run', weight: entity === 'event' ? 6 : 1 },
    ]),
    {
      sql: `INSERT INTO snapshot_meta (key, value) VALUES ('format', ?), ('serverId', ?), ('role', ?), ('entities', ?),
            ('version', (SELECT value FROM src.meta WHERE key = 'head')),
            ('rows', (${entities.map((e) => `(SELECT COUNT(*) FROM ${snapshotTable(e)})`).join(' + ')}))`,
      mode: 'run',
      params: [String(SNAPSHOT_FORMAT), opts.serverId, opts.role, JSON.stringify(entities)],
      weight: 0,
    },
    { sql: `SELECT CAST(value AS INTEGER) AS rows FROM snapshot_meta WHERE key = 'rows'`, mode: 'get', weight: 0 },
  ];
  try {
    const results = await runSqliteJob(
      {
        file: partial,
        nativeBinding: opts.nativeBinding,
        // a scratch file until renamed: no journal, no syncs (a crash leaves only a .building file)
        pragmas: ['journal_mode = OFF', 'synchronous = OFF'],
        attach: [{ path: opts.dbFile, alias: 'src' }],
        steps,
      },
    );
    const head = Number((results[0] as { head: number | null } | null)?.head ?? 0);
    const rows = Number((results[results.length - 1] as { rows: number }).rows);
    renameSync(partial, opts.outFile);
    return { file: opts.outFile, version: head, rows, bytes: statSync(opts.outFile).size, entities };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
