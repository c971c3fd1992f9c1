/**
 * The order server for the sync benchmarks in its own process (so a desk's memory is the desk's),
 * on a world built by world.ts, and tokens made by the server's own CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';

const ROOT = new URL('../..', import.meta.url).pathname;
export const SERVER = join(ROOT, 'out/main/server.js');

/**
 * A world of `n` orders in `dir`. Building one takes about 40 s per 100k orders; with
 * DUTYDESK_BENCH_CACHE set, it is built once there and copied for each run.
 */
export function worldIn(dir: string, n: number): string {
  const cache = process.env.DUTYDESK_BENCH_CACHE;
  const build = (into: string) => {
    const built = spawnSync(process.execPath, ['--max-old-space-size=16000', '--import', 'tsx', join(ROOT, 'tests/bench/world.ts'), into, String(n)], { encoding: 'utf8', cwd: ROOT });
    if (built.status !== 0) throw new Error(`building the world failed: ${built.stderr}`);
    return built.stdout.trim().split('\n').pop()!;
  };
  if (!cache) return build(dir);
  const cached = join(cache, `world-${n}`, 'orders.sqlite');
  if (!existsSync(cached)) {
    const building = join(cache, `world-${n}.building`);
    mkdirSync(building, { recursive: true });
    build(building);
    renameSync(building, join(cache, `world-${n}`));
  }
  const file = join(dir, 'orders.sqlite');
  copyFileSync(cached, file);
  return file;
}

export function token(db: string, role: string): string {
  const r = spawnSync(process.execPath, [SERVER, 'token', 'create', '--db', db, '--role', role, '--name', `bench-${role}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split('\n').pop()!;
}

export async function serverProcess(db: string): Promise<{ url: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [SERVER, 'serve', '--db', db, '--port', '0', '--rate-limit', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    proc.once('exit', (code) => rej(new Error(`server exited ${code}`)));
  });
  return { url, stop: () => new Promise((r) => (proc.once('exit', () => r()), proc.kill('SIGTERM'))) };
}

/**
 * Waits until the server offers its snapshot as a ready replica (format 2): it builds it in the
 * background at start-up, and a desk arriving before pages or takes format 1 instead, so the
 * figures are for the server's steady state. Returns the file's size and how long it took.
 */
export async function replicaSnapshotReady(url: string, supervisor: string): Promise<{ bytes: number; readyMs: number }> {
  const s0 = performance.now();
  const probe = io(`${url}/desk`, { auth: { token: supervisor, clientId: 'bench-probe', protocol: 1 }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((r) => probe.once('connect', () => r()));
  try {
    for (;;) {
      const hello = (await probe.emitWithAck('hello', {})) as { replicaSnapshot?: { bytes: number } };
      if (hello.replicaSnapshot) return { bytes: hello.replicaSnapshot.bytes, readyMs: performance.now() - s0 };
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    probe.close();
  }
}

/**
 * Writes back what the server just wrote (its snapshot files, hundreds of MB to GB) before a desk
 * is measured: here the desk and the server share one disk, which they do not in use, and the
 * desk's own writes and syncs would otherwise queue behind the server's.
 */
export function flushDisk(): void {
  spawnSync('sync');
}

/** Baseline for an initial sync: every page from version 0 pulled over one socket and discarded. */
export async function pageEverything(url: string, supervisor: string, head: number): Promise<number> {
  const raw = io(`${url}/desk`, { auth: { token: supervisor, clientId: `bench-raw-${Date.now()}`, protocol: 1 }, transports: ['websocket'], forceNew: true });
  const b0 = performance.now();
  await new Promise<void>((r) => raw.once('connect', () => r()));
  for (let since = 0; since < head; ) since = ((await raw.emitWithAck('pull', { since, limit: 2000 })) as { to: number }).to;
  const ms = performance.now() - b0;
  raw.close();
  return ms;
}
