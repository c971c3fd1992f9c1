/**
 * Opening the server database: WAL, foreign keys, a busy timeout, and the drizzle migrations in
 * drizzle/server run at open. The migrations folder is found by walking up from this module to
 * the directory holding package.json, so it works from src/ (tsx) and when bundled into out/main.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '@server/db/schema';
import { ownerOnlyFile } from '@node/owner-only';

export type ServerDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  /** path to a better_sqlite3.node built for this runtime (Electron); default: env DUTYDESK_SQLITE_BINDING */
  nativeBinding?: string;
  /** override where drizzle/server lives (tests, unusual layouts) */
  migrationsFolder?: string;
}

/** drizzle/server, or drizzle/replica (the server builds replica snapshots for desks, docs/protocol.md "Snapshot") */
export function findMigrationsFolder(from: string = fileURLToPath(import.meta.url), which: 'server' | 'replica' = 'server'): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const folder = join(dir, 'drizzle', which);
      if (existsSync(folder)) return folder;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find drizzle/${which} above ${from}`);
    dir = parent;
  }
}

const STATEMENT_CACHE_LIMIT = 1000;

/**
 * drizzle prepares a new statement for every query it runs; preparing dominates a small write.
 * Statements are reusable, so the connection keeps them by SQL text (a reader's raw mode, which
 * drizzle sets per call, is reset on each reuse). The cache is dropped when it grows too big
 * (queries with IN lists of many lengths).
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
    stmt = prepare(source);
    cache.set(source, stmt);
    return stmt;
  };
  sqlite.prepare = cached as typeof sqlite.prepare;
}

export function openServerDb(file: string, options: OpenOptions = {}): ServerDb {
  const nativeBinding = options.nativeBinding ?? (process.env.DUTYDESK_SQLITE_BINDING || undefined);
  if (file !== ':memory:') {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    ownerOnlyFile(file); // 0600, and so its -wal and -shm
  }
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // a commit answered to a floor client or a desk must survive a power cut (issue 16; decision 0006)
    sqlite.pragma('synchronous = FULL');
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? findMigrationsFolder() });
    cacheStatements(sqlite);
    return db;
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
