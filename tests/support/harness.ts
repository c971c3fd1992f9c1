/**
 * The one way an integration suite starts real parts in this process: `withServer()` an order
 * server on a real SQLite file in a temp folder (port 0), `withDesk()` a desk back end against it,
 * `withBrowserTransport()` browser mode's HTTP transport for a desk, `withBrowserMode()` the desk
 * back end as a process (browser mode, as a user starts it), `withTempDir()` a folder.
 *
 * Each one registers its own clean-up with vitest, so a suite cannot leak a server, a desk or a
 * folder whatever it throws: made in a test (or a beforeEach) it goes when that test finishes
 * (onTestFinished), made in a beforeAll (or at the top of the file) it goes after the file's last
 * test. Clean-ups run last made first: desks close before their server, folders go last.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, onTestFinished, TestRunner } from 'vitest';
import { startOrderServer, type OrderServer, type SimulateOptions, type StartOptions } from '@server/app';
import { createToken } from '@server/db/tokens';
import { createDeskBackend, type DeskBackend, type DeskBackendOptions } from '@main/backend';
import { startBrowserTransport, type BrowserTransport } from '@main/transports/http';
import type { Role } from '@shared/vocab';
import { startBrowserMode, tempDir, type Running } from './processes';

// whatever it returns is awaited (a socket's close() returns the socket)
type CleanUp = () => unknown;

// vitest evaluates this module afresh for each test file (isolate), so this hook is that file's
const fileCleanUps: CleanUp[] = [];
afterAll(async () => {
  await runLastFirst(fileCleanUps.splice(0));
});

async function runLastFirst(cleanUps: CleanUp[]): Promise<void> {
  const errors: unknown[] = [];
  for (const c of cleanUps.reverse()) {
    try {
      await c();
    } catch (err) {
      errors.push(err); // one failed clean-up must not leave the others' parts running
    }
  }
  if (errors.length) throw new AggregateError(errors, 'clean-up failed');
}

/** Runs `fn` when the current test finishes, or after the file's last test when not in a test. */
export function cleanUp(fn: CleanUp): void {
  if (TestRunner.getCurrentTest()) onTestFinished(async () => void (await fn()));
  else fileCleanUps.push(fn);
}

/** A fresh folder under the system temp folder, removed with everything in it. */
export function withTempDir(prefix = 'dd-test-'): string {
  const dir = tempDir(prefix);
  cleanUp(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The simulator's backlog at start and nothing more: `backlogOrders` orders from `seed`, no live peak. */
export function backlog(seed: number, backlogOrders: number, more: Partial<SimulateOptions> = {}): SimulateOptions {
  return { seed, speed: 1, live: false, backlogOrders, ...more };
}

/**
 * A real order server in this process on port 0 with `orders.sqlite` in a new temp folder; give
 * `dbFile` and `port` to start one again on another's file and address. Closing it in the test
 * first is fine: the clean-up closes it once.
 */
export async function withServer(options: Partial<StartOptions> = {}): Promise<OrderServer> {
  const dbFile = options.dbFile ?? join(withTempDir('dd-server-'), 'orders.sqlite');
  const server = await startOrderServer({ port: 0, ...options, dbFile });
  cleanUp(() => server.close());
  return server;
}

export interface DeskSetup extends Partial<DeskBackendOptions> {
  /** the role and name of the token created for it on `server` (unless `token` is given) */
  role?: Role;
  name?: string;
}

export interface Desk extends DeskBackend {
  dataDir: string;
  token: string;
}

/**
 * A real desk back end against `server` (or `serverUrl`, e.g. a relay in front of it), with a new
 * supervisor token and a new data folder unless given. Closing it in the test first is fine.
 */
export function withDesk(server: OrderServer, setup: DeskSetup = {}): Desk {
  const { role = 'supervisor', name = 'desk', ...options } = setup;
  const dataDir = options.dataDir ?? withTempDir('dd-desk-');
  const token = options.token ?? createToken(server.db, role, name).token;
  const backend = createDeskBackend({ serverUrl: server.url, demo: false, ...options, dataDir, token });
  let closed: Promise<void> | undefined;
  const desk: Desk = { ...backend, dataDir, token, close: () => (closed ??= backend.close()) };
  cleanUp(() => desk.close());
  return desk;
}

/** Browser mode's transport (HTTP + WebSocket on 127.0.0.1) for `desk`, serving `staticDir` or an empty folder. */
export async function withBrowserTransport(desk: DeskBackend, staticDir = withTempDir('dd-static-')): Promise<BrowserTransport> {
  const transport = await startBrowserTransport({ backend: desk, staticDir });
  cleanUp(() => transport.close());
  return transport;
}

/** Browser mode as a real process (args as for startBrowserMode), stopped at clean-up if it started. */
export async function withBrowserMode(args: string[], env?: NodeJS.ProcessEnv): Promise<Running> {
  const running = await startBrowserMode(args, env);
  cleanUp(() => running.stop());
  return running;
}
