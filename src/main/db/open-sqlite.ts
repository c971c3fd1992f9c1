/** Opens one of the desk's SQLite files (WAL, synchronous=FULL) and runs its migrations. */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { join } from 'node:path';
import { appRoot } from '@main/paths';
import { ownerOnlyFile } from '@node/owner-only';

export interface OpenSqlite<S extends Record<string, unknown>> {
  sqlite: Database.Database;
  db: BetterSQLite3Database<S>;
}

export function openSqlite<S extends Record<string, unknown>>(file: string, migrations: 'replica' | 'outbox', schema: S): OpenSqlite<S> {
  // better-sqlite3 built for Node does not load in Electron: the launcher passes an Electron build
  const nativeBinding = process.env.DUTYDESK_SQLITE_BINDING || undefined;
  ownerOnlyFile(file); // 0600, and so its -wal and -shm
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    sqlite.pragma('journal_mode = WAL');
    // a checkpoint and its rows, or a command and its mutationId, must survive power loss together
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: join(appRoot(), 'drizzle', migrations) });
    return { sqlite, db };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
