/**
 * The site every e2e spec runs against: a real order server (its own process; simulating a peak
 * from `seed`, or empty when the spec posts its own orders) and the desk in browser mode with a
 * supervisor's token. `simulatedSite` registers the spec's beforeAll/afterAll and returns the
 * handle they fill in; `supervisedSite` runs the desk under its supervisor (scripts/supervise.mjs)
 * for the specs that kill its back end.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test } from '@playwright/test';
import { callDesk } from './desk-process';
import { ROOT, createToken, startBrowserMode, tempDir, type Running } from './processes';
import { startServer, startSupervisedDesk, type ServerProc, type SupervisedDesk } from './supervised-desk';

/** Where screenshots are kept as CI artifacts. */
export const ARTIFACTS = join(ROOT, 'test-results', 'artifacts');

export interface SiteOptions {
  /** the temp folder's prefix */
  prefix: string;
  /** the supervisor's name on the desk's token (the actor in the server's audit trail) */
  supervisor: string;
  /** the simulator's seed; without one the server simulates nothing and the spec posts its orders */
  seed?: number;
  /** more simulator flags (--scenario FILE, --profile NAME, --speed N; the speed is 1 unless given) */
  simulate?: string[];
  /** a floor token of this name, for the spec to post through the floor API (site.floorToken) */
  floor?: string;
}

export interface SimulatedSite<D extends Running = Running> {
  server: ServerProc;
  desk: D;
  /** the order server's database file (read it only read-only: the server owns it) */
  db: string;
  /** the desk's access key (from its URL) */
  key: string;
  /** the floor token named by `floor` ('' without one) */
  floorToken: string;
  /** starts the order server again on its database and port, with the same flags, after the spec stopped it */
  restartServer(): Promise<void>;
}

const serverFlags = (o: SiteOptions): string[] => {
  if (o.seed === undefined) return [];
  const flags = ['--simulate', '--seed', String(o.seed), ...(o.simulate ?? [])];
  return flags.includes('--speed') ? flags : [...flags, '--speed', '1'];
};

function site<D extends Running>(o: SiteOptions, startDesk: (args: string[]) => Promise<D>): SimulatedSite<D> {
  const s = { floorToken: '' } as SimulatedSite<D>;
  test.beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = tempDir(o.prefix);
    s.db = join(dir, 'orders.sqlite');
    const token = createToken(s.db, 'supervisor', o.supervisor);
    if (o.floor) s.floorToken = createToken(s.db, 'floor', o.floor);
    s.server = await startServer(s.db, 0, serverFlags(o));
    s.restartServer = async () => {
      s.server = await startServer(s.db, s.server.port, serverFlags(o));
    };
    s.desk = await startDesk(['--server', s.server.url, '--token', token, '--data', join(dir, 'desk')]);
    s.key = new URL(s.desk.url).searchParams.get('key')!;
  });
  test.afterAll(async () => {
    await s.desk?.stop();
    await s.server?.stop();
  });
  return s;
}

export function simulatedSite(o: SiteOptions): SimulatedSite {
  return site(o, (args) => startBrowserMode(args));
}

export function supervisedSite(o: SiteOptions): SimulatedSite<SupervisedDesk> {
  return site(o, startSupervisedDesk);
}

/** Calls a desk method over browser mode's HTTP API with the site's key; a refusal fails the spec. */
export const deskRpc = <T>(s: SimulatedSite, method: string, body: object = {}): Promise<T> => callDesk<T>(s.desk.url, method, body);

/** Reads the server's database directly, read-only (never through the desk under test). */
export function readServerDb<T>(db: string, read: (conn: Database.Database) => T): T {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return read(conn);
  } finally {
    conn.close();
  }
}
