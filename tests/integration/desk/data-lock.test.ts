// Issue 16, finding 9: two desk back ends must never share a data folder (the same replica,
// outbox and demo database, the same commands sent twice). Real browser-mode processes against a
// real order server: the second start fails with one line naming the folder and the first one's
// pid; a lock left by a back end killed -9 (its pid is gone) is taken over; a clean stop removes it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import type { Running } from '../../support/processes';
import { backlog, withBrowserMode, withServer, withTempDir } from '../../support/harness';

let server: OrderServer;
let token: string;

beforeAll(async () => {
  server = await withServer({ simulate: backlog(3, 50) });
  token = createToken(server.db, 'supervisor', 'lock').token;
});

const backEnd = (dataDir: string): Promise<Running> => withBrowserMode(['--server', server.url, '--token', token, '--data', dataDir]);

/** A pid no process has now: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!;
}

describe('one back end per data folder', () => {
  it('refuses a second back end on the same folder, naming the folder and the first pid', async () => {
    const dataDir = withTempDir('dd-lock-desk-');
    const first = await backEnd(dataDir);
    const second = backEnd(dataDir);
    const err = (await second.then(() => null, (e: Error) => e))!;
    expect(err).not.toBeNull();
    expect(err.message).toMatch(/exited \(2\) before ready/); // a usage error: the supervisor does not restart it
    const lines = err.message.split('\n').filter((l) => l.includes(dataDir));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DutyDesk: .*data folder .* is in use by another DutyDesk back end/);
    expect(lines[0]).toContain(`pid ${first.proc.pid}`);
    // the first one still serves
    const base = new URL(first.url);
    const res = await fetch(`${base.origin}/api/rpc/status`, { method: 'POST', headers: { Authorization: `Bearer ${base.searchParams.get('key')}` } });
    expect(res.status).toBe(200);
    expect(readFileSync(join(dataDir, 'desk.lock'), 'utf8').trim()).toBe(String(first.proc.pid));
  });

  it('takes over a stale lock (its pid is gone), and removes its own at a clean stop', async () => {
    const dataDir = withTempDir('dd-lock-stale-');
    writeFileSync(join(dataDir, 'desk.lock'), `${deadPid()}\n`);
    const r = await backEnd(dataDir);
    expect(readFileSync(join(dataDir, 'desk.lock'), 'utf8').trim()).toBe(String(r.proc.pid));
    await r.stop();
    expect(r.proc.exitCode).toBe(0);
    expect(existsSync(join(dataDir, 'desk.lock'))).toBe(false);
  });

  it('starts again on a folder whose back end was killed -9', async () => {
    const dataDir = withTempDir('dd-lock-kill-');
    const first = await backEnd(dataDir);
    const exited = new Promise((r) => first.proc.once('exit', r));
    first.proc.kill('SIGKILL');
    await exited;
    expect(readFileSync(join(dataDir, 'desk.lock'), 'utf8').trim()).toBe(String(first.proc.pid));
    const again = await backEnd(dataDir);
    expect(readFileSync(join(dataDir, 'desk.lock'), 'utf8').trim()).toBe(String(again.proc.pid));
  });
});
