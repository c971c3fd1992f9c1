import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { removeTempDirs, tempDb } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', 'src/server/cli.ts'];

function run(args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

function serve(args: string[]): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [...CLI, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`not ready: ${out}`)), 60_000);
    proc.stdout?.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res({ proc, url: m[1], output: () => out });
      }
    });
    proc.once('exit', (code) => rej(new Error(`exited ${code}: ${out}`)));
  });
}

function stop(proc: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  return new Promise((res) => {
    proc.once('exit', (code) => res({ code, ms: Date.now() - t0 }));
    proc.kill('SIGTERM');
  });
}

async function head(url: string, token: string): Promise<number> {
  const socket = io(`${url}/desk`, { auth: { token, clientId: 'cli-test', protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    const reply = (await socket.timeout(10_000).emitWithAck('hello', {})) as { head: number };
    return reply.head;
  } finally {
    socket.close();
  }
}

afterAll(() => removeTempDirs());

describe('server program', () => {
  it('refuses bad arguments with one line naming the flag, exit 2', () => {
    const r = run(['token', 'create', '--db', tempDb(), '--role', 'admin', '--name', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--role');
    const p = run(['serve', '--db', tempDb(), '--port', 'eighty']);
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('--port');
    const badScenario = join(dirname(tempDb()), 'bad.json');
    writeFileSync(badScenario, JSON.stringify({ name: 'x', events: [{ kind: 'workstation_down', atHours: 0, hours: -3, line: '封边2线' }] }));
    const sc = run(['serve', '--db', tempDb(), '--port', '0', '--simulate', '--scenario', badScenario]);
    expect(sc.status).toBe(2);
    expect(sc.stderr.trim().split('\n')).toHaveLength(1);
    expect(sc.stderr).toContain('scenario.events.0.hours');
  });

  it('creates tokens, serves, stops on SIGTERM and keeps the counter across restarts', async () => {
    const db = tempDb();
    const created = run(['token', 'create', '--db', db, '--role', 'viewer', '--name', 'wall']);
    expect(created.status).toBe(0);
    const viewer = created.stdout.trim().split('\n').pop() ?? '';
    expect(viewer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const floor = run(['token', 'create', '--db', db, '--role', 'floor', '--name', 'ws1', '--expires-days', '7']).stdout.trim().split('\n').pop() ?? '';

    const first = await serve(['--db', db, '--port', '0']);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const post = await fetch(`${first.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${floor}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        orderNo: 'CLI-1', channel: 'store', productType: 'tatami', customer: { name: '李娜', phone: '13800000000' },
        address: { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路1号', lat: 30.27, lng: 120.13 }, amount: 9000, promisedDate: '2025-12-20',
      }),
    });
    expect(post.status).toBe(201);
    // version 1: the stage budgets a new database starts with; version 2: the order
    expect(await head(first.url, viewer)).toBe(2);
    const stopped = await stop(first.proc);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    const second = await serve(['--db', db, '--port', '0']);
    expect(await head(second.url, viewer)).toBe(2);
    expect((await stop(second.proc)).code).toBe(0);
  });
});
