/**
 * Real processes for integration and e2e tests: the order server program and the desk in browser
 * mode, started the way a user starts them, on port 0, with temp data folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The order server program: the built bundle (npm test builds first). */
const SERVER = join(ROOT, 'out', 'main', 'server.js');
const BROWSER_MODE = join(ROOT, 'out', 'main', 'browser.js');

export function createToken(db: string, role: 'supervisor' | 'viewer' | 'floor', name: string): string {
  const r = spawnSync(process.execPath, [SERVER, 'token', 'create', '--db', db, '--role', role, '--name', name], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!.trim();
}

/** SIGTERM (the program's clean shutdown), then SIGKILL if it is still running after `killAfterMs`; resolves once it exited. */
export function stopChild(proc: ChildProcess, killAfterMs = 15_000): Promise<void> {
  return new Promise<void>((res) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return res();
    proc.once('exit', () => res());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), killAfterMs).unref();
  });
}

export interface Running {
  proc: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns node with `args` in the repository and resolves once its output matches `pattern` (group 1 is the URL). */
export function startAndWaitFor(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = () => stopChild(proc);
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`timed out waiting for ${pattern}: ${out}`)), 90_000);
    const check = () => {
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        res({ proc, url: m[1]!, output: () => out, stop });
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`exited (${code}) before ready: ${out}`));
    });
  });
}

export function startServerProcess(db: string, extra: string[] = []): Promise<Running> {
  return startAndWaitFor([SERVER, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', ...extra], /listening on (http:\/\/\S+)/);
}

/**
 * A `--token T` among a child's flags goes to it as DUTYDESK_SERVER_TOKEN instead, as the launchers
 * do (scripts/lib/token-env.mjs): the token never shows in a child's command line (issue 16).
 */
export function tokenInEnv(args: readonly string[], env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const i = args.indexOf('--token');
  if (i < 0 || args[i + 1] === undefined) return { args: [...args], env };
  return { args: [...args.slice(0, i), ...args.slice(i + 2)], env: { ...env, DUTYDESK_SERVER_TOKEN: args[i + 1] } };
}

export function startBrowserMode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const handed = tokenInEnv(args, env);
  return startAndWaitFor([BROWSER_MODE, '--port', '0', ...handed.args], /^(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)$/m, handed.env);
}
