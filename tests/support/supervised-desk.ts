/**
 * Real processes for the outage and restart tests and the e2e sites (e2e-site.ts): the order server
 * program (stopped and started again on the same port and file) and the desk in browser mode under
 * its supervisor (scripts/supervise.mjs), driven over the HTTP API with the access key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, stopChild, tokenInEnv } from './processes';
import { callDesk } from './desk-process';
import { until } from './desk-harness';

export interface DeskStatusLike {
  state: string;
  connected: boolean;
  checkpoint: number;
  head: number;
  pendingCommands: number;
  serverNow: string | null;
  dataAsOf: string | null;
  lastError: string | null;
}

export interface SupervisedDesk {
  proc: ChildProcess;
  /** the page's URL (with the access key) */
  url: string;
  key: string;
  output(): string;
  /** pid of the back end child the supervisor runs now */
  backendPid(): number;
  rpc<T = unknown>(method: string, input?: unknown): Promise<T>;
  status(): Promise<DeskStatusLike>;
  stop(): Promise<void>;
}

export async function startSupervisedDesk(given: string[]): Promise<SupervisedDesk> {
  const { args, env } = tokenInEnv(given);
  const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'supervise.mjs'), '--port', '0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await until('the desk URL', () => /^(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)$/m.exec(out)?.[1] ?? (proc.exitCode !== null ? 'exited' : null), (u) => u !== null, 90_000);
  if (url === 'exited') throw new Error(`the supervisor exited: ${out}`);
  const key = new URL(url!).searchParams.get('key')!;
  const rpc = <T>(method: string, input?: unknown) => callDesk<T>(url!, method, input);
  return {
    proc,
    url: url!,
    key,
    output: () => out,
    backendPid: () => {
      const pids = [...out.matchAll(/back end pid (\d+)$/gm)];
      return Number(pids.at(-1)![1]);
    },
    rpc,
    status: () => rpc<DeskStatusLike>('status'),
    stop: () => stopChild(proc, 20_000),
  };
}

export interface ServerProc {
  proc: ChildProcess;
  url: string;
  port: number;
  output(): string;
  /** SIGTERM: the server's clean shutdown (it keeps its simulated clock) */
  stop(): Promise<void>;
}

/**
 * The order server program (the built bundle) on `port` (0 the first time): a desk configured with
 * its URL finds it again after a restart on the same port.
 */
export async function startServer(db: string, port: number, extra: string[] = []): Promise<ServerProc> {
  const proc = spawn(process.execPath, [join(ROOT, 'out', 'main', 'server.js'), 'serve', '--db', db, '--port', String(port), '--host', '127.0.0.1', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await until('the server URL', () => /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? (proc.exitCode !== null ? 'exited' : null), (u) => u !== null, 90_000);
  if (url === 'exited') throw new Error(`the order server exited: ${out}`);
  return {
    proc,
    url: url!,
    port: Number(new URL(url!).port),
    output: () => out,
    stop: () => stopChild(proc),
  };
}

/** Reads one value of the server database's meta table (the server may be stopped). */
export function serverMeta(db: string, key: string): string | undefined {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  } finally {
    d.close();
  }
}
