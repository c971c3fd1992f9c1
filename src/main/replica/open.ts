/** Opens (and migrates) the replica database file. */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { join } from 'node:path';
import { appRoot } from '@main/paths';
import * as schema from './schema';

export type ReplicaDb = BetterSQLite3Database<typeof schema>;

export interface OpenReplica {
  sqlite: Database.Database;
  db: ReplicaDb;
}

export function openReplicaDb(file: string): OpenReplica {
  const nativeBinding = process.env.DUTYDESK_SQLITE_BINDING || undefined;
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  // the checkpoint and the rows it describes must survive power loss together
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: join(appRoot(), 'drizzle', 'replica') });
  return { sqlite, db };
}
