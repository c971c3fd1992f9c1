/**
 * The site most e2e specs run against: a real order server simulating a peak (its own process) and
 * the desk in browser mode with a supervisor's token. `simulatedSite` registers the spec's
 * beforeAll/afterAll and returns the handle they fill in.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test } from '@playwright/test';
import { ROOT, createToken, startBrowserMode, startServerProcess, tempDir, type Running } from './processes';

/** Where screenshots are kept as CI artifacts. */
export const ARTIFACTS = join(ROOT, 'test-results', 'artifacts');

export interface SimulatedSite {
  server: Running;
  desk: Running;
  /** the order server's database file (read it only read-only: the server owns it) */
  db: string;
}

export function simulatedSite(o: { prefix: string; supervisor: string; seed: number }): SimulatedSite {
  const site = {} as SimulatedSite;
  test.beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = tempDir(o.prefix);
    site.db = join(dir, 'orders.sqlite');
    const token = createToken(site.db, 'supervisor', o.supervisor);
    site.server = await startServerProcess(site.db, ['--simulate', '--seed', String(o.seed), '--speed', '1']);
    site.desk = await startBrowserMode(['--server', site.server.url, '--token', token, '--data', join(dir, 'desk')]);
  });
  test.afterAll(async () => {
    await site.desk?.stop();
    await site.server?.stop();
  });
  return site;
}

/** Reads the server's database directly, read-only (never through the desk under test). */
export function readServerDb<T>(db: string, read: (conn: Database.Database) => T): T {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return read(conn);
  } finally {
    conn.close();
  }
}
