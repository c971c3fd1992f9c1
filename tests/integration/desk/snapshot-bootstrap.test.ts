/**
 * A desk with an empty replica starts from the server's snapshot (docs/protocol.md "Snapshot"):
 * download (resumable), load in a worker, then pull only what came after. A snapshot that cannot
 * be used is reported and the desk pages from version 0 instead; nothing is lost either way.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskStatus } from '@shared/contract';
import { HelloReply } from '@shared/protocol';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import type { DeskBackend } from '@main/backend';
import { downloadSnapshot } from '@main/sync/snapshot-download';
import { until } from '../../support/desk-harness';
import { backlog, withDesk, withServer, withTempDir } from '../../support/harness';
import { postOrder } from '../../support/floor-client';
import { io } from 'socket.io-client';

/** A site with its snapshot ready; `replicas` false: format 1 only (as an older server offers) */
async function siteWithSnapshot(replicas = true): Promise<OrderServer> {
  const s = await withServer({ simulate: backlog(21, 400), snapshots: { minOrders: 1, minIntervalMs: 0, replicas } });
  await s.snapshots!.settled();
  return s;
}

function desk(s: OrderServer, dataDir?: string): { d: DeskBackend; statuses: DeskStatus[]; dataDir: string } {
  const d = withDesk(s, { dataDir, name: '李值班' });
  const statuses: DeskStatus[] = [];
  d.subscribe((e) => e.type === 'status' && statuses.push(e.status));
  return { d, statuses, dataDir: d.dataDir };
}

const caughtUp = (d: DeskBackend, s: OrderServer) => until('caught up', () => d.handlers.status({}), (st) => st.state === 'live' && st.checkpoint === s.head());

async function offered(s: OrderServer) {
  const socket = io(`${s.url}/desk`, { auth: { token: createToken(s.db, 'supervisor', 'probe').token, clientId: 'probe', protocol: 1 }, transports: ['websocket'], forceNew: true });
  try {
    return HelloReply.parse(await socket.emitWithAck('hello', {})).snapshot!;
  } finally {
    socket.close();
  }
}

/** The server's ready file of the format (format 2 is the `.replica` one). */
const servedFile = (s: OrderServer, format: 1 | 2) =>
  join(s.snapshots!.dir, readdirSync(s.snapshots!.dir).find((f) => f.startsWith('supervisor-') && f.endsWith(format === 2 ? '.replica.sqlite' : '-1.sqlite'))!);

function tamper(file: string, sql: string): void {
  const raw = new Database(file);
  raw.prepare(sql).run();
  raw.close();
}

describe('starting from a snapshot', () => {
  it.each([1, 2] as const)('format %i: loads the snapshot, pulls only what came after it, and follows live', async (format) => {
    const s = await siteWithSnapshot(format === 2);
    const snapVersion = (await offered(s)).version;
    // written after the snapshot was made: these come by pull
    const floor = createToken(s.db, 'floor', 'scanner').token;
    const promisedDate = '2025-12-20';
    const late = await postOrder(s.url, floor, { orderNo: 'SNAP-AFTER-1', promisedDate });
    expect(s.head()).toBeGreaterThan(snapVersion);

    const { d, statuses, dataDir } = desk(s);
    await caughtUp(d, s);
    const phases = new Set(statuses.map((st) => st.syncProgress?.phase).filter(Boolean));
    expect(phases).toEqual(new Set(['download', format === 2 ? 'check' : 'load']));
    expect(statuses.every((st) => st.lastError === null)).toBe(true);
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });
    expect((await d.handlers.findOrders({ query: 'SNAP-AFTER-1' })).matches.map((m) => m.id)).toContain(late);
    expect((await d.handlers.mapView({})).counters.inFlight).toBeGreaterThan(100);
    // the downloaded file is gone once loaded
    expect(readdirSync(dataDir).filter((f) => f.startsWith('snapshot') || f.startsWith('replica.rebuild'))).toEqual([]);

    await postOrder(s.url, floor, { orderNo: 'SNAP-LIVE-1', promisedDate });
    await caughtUp(d, s);
    expect((await d.handlers.findOrders({ query: 'SNAP-LIVE-1' })).matches).toHaveLength(1);

    // the war room built from the snapshot file (while the worker copied it) is the one the replica gives
    const view = async (x: DeskBackend) => {
      const map = await x.handlers.mapView({});
      const board = await x.handlers.incidentBoard({});
      return { counters: map.counters, points: map.points.map((p) => [p.id, p.status, p.reason]).sort(), incidents: board.incidents.map((i) => [i.id, i.count]).sort() };
    };
    const fromSnapshot = await view(d);
    await d.close();
    const again = desk(s, dataDir).d; // its replica is there: it loads the war room from it
    await caughtUp(again, s);
    expect(await view(again)).toEqual(fromSnapshot);
  });

  it('repairs a tampered replica from the snapshot, the old view serving until the swap', async () => {
    const s = await siteWithSnapshot();
    const { d, statuses, dataDir } = desk(s);
    await caughtUp(d, s);
    const raw = new Database(join(dataDir, 'replica.sqlite'));
    raw.prepare('DELETE FROM orders WHERE id = (SELECT id FROM orders LIMIT 1)').run();
    raw.close();
    statuses.length = 0;
    const result = await d.handlers.verify({});
    expect(result).toMatchObject({ match: false, repaired: true });
    expect(statuses.some((st) => st.syncProgress?.phase === 'check' && st.syncProgress.rebuilding)).toBe(true);
    expect(await d.handlers.verify({})).toMatchObject({ match: true });
  });

  it('resumes a download cut short, and ends with the same bytes', async () => {
    const s = await siteWithSnapshot();
    const info = await offered(s);
    const dir = withTempDir('dd-dl-');
    const tokenValue = createToken(s.db, 'supervisor', 'dl').token;
    const stop = new AbortController();
    await expect(
      downloadSnapshot({ serverUrl: s.url, token: tokenValue, info, dir, signal: stop.signal, onProgress: (b) => b > 20_000 && stop.abort() }),
    ).rejects.toThrow();
    expect(existsSync(join(dir, 'snapshot.sqlite'))).toBe(false);
    // as an attempt that got half-way before the desk stopped leaves it: the first half, and its etag
    const whole = readFileSync(servedFile(s, 1));
    writeFileSync(join(dir, 'snapshot.part'), whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(dir, 'snapshot.part.etag'), info.etag);
    const again = await downloadSnapshot({ serverUrl: s.url, token: tokenValue, info, dir });
    expect(again.resumedFrom).toBe(Math.floor(whole.length / 2));
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(again.file))).toBe(sha(whole));
    // a desk stopped while loading the complete file finds it again and downloads nothing
    const third = await downloadSnapshot({ serverUrl: 'http://127.0.0.1:9', token: tokenValue, info, dir });
    expect(third).toMatchObject({ file: again.file, resumedFrom: whole.length, bytes: whole.length });
  });

  it('falls back to paging when the snapshot has a bad row, and says why', async () => {
    const s = await siteWithSnapshot(false);
    tamper(servedFile(s, 1), `UPDATE rows_order SET data = json_set(data, '$.stage', 'x') WHERE rowid = 3`);
    const { d, statuses } = desk(s);
    await caughtUp(d, s);
    const said = statuses.map((st) => st.lastError).find((e) => e?.includes('snapshot'));
    expect(said).toMatch(/paging instead.*order\.stage/);
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });
  });

  it('takes format 1 when the ready replica has a bad row, and says why', async () => {
    const s = await siteWithSnapshot();
    tamper(servedFile(s, 2), `UPDATE orders SET stage = 'x' WHERE rowid = 3`);
    const { d, statuses, dataDir } = desk(s);
    await caughtUp(d, s);
    const said = statuses.map((st) => st.lastError).find((e) => e?.includes('snapshot'));
    expect(said).toMatch(/format 1 used after: format 2: the replica snapshot failed its checks: .*order\.stage/);
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });
    expect(readdirSync(dataDir).filter((f) => f.startsWith('snapshot') || f.startsWith('replica.rebuild'))).toEqual([]);
  });

  it.each([
    ['a migration this desk does not know', `UPDATE snapshot_meta SET value = '9999_from_the_future' WHERE key = 'schema'`, /migration 9999_from_the_future, which this desk does not know/],
    ['a migration that is not this desk\'s', `UPDATE __drizzle_migrations SET hash = 'f00d' WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)`, /migration 1 is not this desk's \(hash f00d\)/],
    ['a checkpoint that is not its version', `UPDATE meta SET value = '999999' WHERE key = 'checkpoint'`, /checkpoint 999999 of server .* is not its meta's version/],
    ['damaged pages', `UPDATE orders SET data = data`, /quick_check|malformed/],
    // issue 16, finding 9: the file becomes the replica as it is, so its schema objects would run on the desk
    ['a trigger of its own (writing elsewhere on insert)', `CREATE TRIGGER leak AFTER INSERT ON orders BEGIN UPDATE meta SET value = '0' WHERE key = 'checkpoint'; END`, /holds trigger leak \(on orders\), which this desk's migrations do not create/],
    ['a view of its own', `CREATE VIEW late_orders AS SELECT id FROM orders`, /holds view late_orders, which this desk's migrations do not create/],
  ])('does not take a ready replica at %s', async (_what, sql, reason) => {
    const s = await siteWithSnapshot();
    const file = servedFile(s, 2);
    if (sql === `UPDATE orders SET data = data`) {
      // scribble over the middle of the file, where table pages are
      const bytes = readFileSync(file);
      bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096);
      writeFileSync(file, bytes);
    } else tamper(file, sql);
    const { d, statuses } = desk(s);
    await caughtUp(d, s);
    const said = statuses.map((st) => st.lastError).find((e) => e?.includes('snapshot'));
    expect(said).toMatch(/format 1 used after: format 2: /);
    expect(said).toMatch(reason);
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });
  });
});
