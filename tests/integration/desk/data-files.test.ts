// Issue 16, finding 9: the desk's data folder and files are readable by their owner only
// (folders 0700, files 0600) whatever the umask: a real order server, a real desk back end that
// starts from the server's snapshot, real files, their modes read with fs.stat.
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { writeSettings } from '@main/settings';
import { downloadSnapshot } from '@main/sync/snapshot-download';
import { backlog, withDesk, withServer, withTempDir } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';

const mode = (path: string) => statSync(path).mode & 0o777;
let umask: number;
beforeEach(() => {
  umask = process.umask(0o022); // the usual umask: what is not asked for is readable by all
});
afterEach(() => {
  process.umask(umask);
});

async function site(): Promise<OrderServer> {
  const s = await withServer({ simulate: backlog(5, 200), snapshots: { minOrders: 1, minIntervalMs: 0 } });
  await s.snapshots!.settled();
  return s;
}

describe('the desk data folder', () => {
  it('is created 0700, and the replica, outbox, their -wal/-shm, incidents.json and settings.json 0600', async () => {
    const s = await site();
    const dataDir = join(withTempDir('dd-files-desk-'), 'nested', 'DutyDesk');
    const d = withDesk(s, { dataDir, name: '李值班' });
    await quiescent(d, s);
    writeSettings(dataDir, { serverUrl: s.url });
    await until('incidents.json saved', () => existsSync(join(dataDir, 'incidents.json')), Boolean);
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    for (const f of ['replica.sqlite', 'replica.sqlite-wal', 'replica.sqlite-shm', 'outbox.sqlite', 'outbox.sqlite-wal', 'outbox.sqlite-shm', 'incidents.json', 'settings.json']) {
      expect(files, f).toContain(f);
    }
    for (const f of files) expect([f, mode(join(dataDir, f)).toString(8)]).toEqual([f, '600']);
  });

  it('closes a folder an older version left open to others', async () => {
    const s = await site();
    const dataDir = withTempDir('dd-files-old-');
    chmodSync(dataDir, 0o755);
    withDesk(s, { dataDir, name: '李值班' });
    expect(mode(dataDir)).toBe(0o700);
  });

  it('downloads the snapshot 0600 (the file becomes the replica)', async () => {
    const s = await site();
    const dir = withTempDir('dd-files-dl-');
    const info = s.snapshots!.info('supervisor')!;
    const got = await downloadSnapshot({ serverUrl: s.url, token: createToken(s.db, 'supervisor', 'dl').token, info, dir });
    expect(mode(got.file).toString(8)).toBe('600');
    expect(mode(`${got.file}.etag`).toString(8)).toBe('600');
  });
});

describe('the order server files', () => {
  it('makes its database, -wal and -shm 0600, and its snapshot folder 0700 with files 0600', async () => {
    const s = await site();
    const db = s.db.$client.name;
    for (const f of [db, `${db}-wal`, `${db}-shm`]) expect([f, mode(f).toString(8)]).toEqual([f, '600']);
    const snaps = `${db}.snapshots`;
    expect(mode(snaps).toString(8)).toBe('700');
    const files = readdirSync(snaps);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, mode(join(snaps, f)).toString(8)]).toEqual([f, '600']);
  });

  it('leaves the folder the operator chose for the database as it is', async () => {
    const dir = join(withTempDir('dd-files-srv-'), 'srv');
    mkdirSync(dir, { mode: 0o755 });
    await withServer({ dbFile: join(dir, 'orders.sqlite') });
    expect(mode(dir).toString(8)).toBe('755');
    expect(mode(join(dir, 'orders.sqlite')).toString(8)).toBe('600');
  });
});
