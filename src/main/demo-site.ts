/**
 * The embedded demo site: with no server configured, the desk starts the real order server
 * (the same program as `npm run server`) as a child process on loopback, with its database under
 * the data folder and the simulator on, and connects to it with a supervisor token it keeps there.
 * How the child is launched is injected: plain Node spawns it; Electron uses a utility process.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '@main/paths';
import { ownerOnlyDir } from '@node/owner-only';

/** The part of a child's output stream we use: Node streams and Electron's both fit. */
export interface OutputStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
}

export interface ServerProcess {
  stdout: OutputStream | null;
  stderr: OutputStream | null;
  kill(): void;
  onExit(listener: (code: number | null) => void): void;
}

export type LaunchServer = (args: string[], env: NodeJS.ProcessEnv) => ServerProcess;

export interface DemoSite {
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface DemoSiteOptions {
  dataDir: string;
  launch?: LaunchServer;
  seed?: number;
  speed?: number;
  onProgress?: (line: string) => void;
}

/** How to run the order server program here: the built bundle if present, else the sources via tsx. */
export function serverCommand(): { execArgs: string[] } {
  const root = appRoot();
  const built = join(root, 'out', 'main', 'server.js');
  if (existsSync(built)) return { execArgs: [built] };
  return { execArgs: ['--import', 'tsx', join(root, 'src', 'server', 'cli.ts')] };
}

export const launchWithNode: LaunchServer = (args, env) => {
  const child = spawn(process.execPath, [...serverCommand().execArgs, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: appRoot() });
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    kill: () => child.kill('SIGTERM'),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
  };
};

/** Runs the server program to completion and returns its output (for `token create`). */
function runToCompletion(launch: LaunchServer, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = launch(args, process.env);
    let out = '';
    let err = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    proc.onExit((code) => (code === 0 ? resolve(out) : reject(new Error(`order server ${args.join(' ')} failed (${code}): ${err.trim() || out.trim()}`))));
  });
}

export async function startDemoSite(opts: DemoSiteOptions): Promise<DemoSite> {
  const launch = opts.launch ?? launchWithNode;
  const dir = join(opts.dataDir, 'demo-site');
  ownerOnlyDir(dir);
  const db = join(dir, 'orders.sqlite');
  const tokenFile = join(dir, 'supervisor.token');
  let token = existsSync(tokenFile) && existsSync(db) ? readFileSync(tokenFile, 'utf8').trim() : '';
  if (!token) {
    opts.onProgress?.('创建演示站点 · creating the demo site…');
    const out = await runToCompletion(launch, ['token', 'create', '--db', db, '--role', 'supervisor', '--name', 'demo-desk']);
    token = out.trim().split('\n').pop()!.trim();
    writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  }
  opts.onProgress?.('启动演示订单服务器 · starting the demo order server…');
  const args = ['serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--simulate', '--seed', String(opts.seed ?? 7), '--speed', String(opts.speed ?? 30)];
  const proc = launch(args, process.env);
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    let errText = '';
    const timer = setTimeout(() => reject(new Error('the demo order server did not start within 120 s')), 120_000);
    proc.stderr?.on('data', (d: Buffer) => (errText = (errText + d.toString()).slice(-4000)));
    let found = false;
    // keep draining stdout after the line is found, or the child blocks on a full pipe
    proc.stdout?.on('data', (d: Buffer) => {
      if (found) return;
      buffered += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(buffered);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    });
    proc.onExit((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo order server exited (${code}): ${errText.trim()}`));
    });
  });
  let exited = false;
  proc.onExit(() => (exited = true));
  return {
    url,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        proc.onExit(() => resolve());
        proc.kill();
        setTimeout(resolve, 12_000).unref();
      }),
  };
}
