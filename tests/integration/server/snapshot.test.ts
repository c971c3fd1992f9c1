/**
 * Snapshots (docs/protocol.md "Snapshot"): a snapshot file holds exactly what a full pull sends the
 * same role, and GET /api/v1/snapshot serves it to desk roles only, resumably.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HelloReply } from '@shared/protocol';
import { SNAPSHOT_PATH, snapshotTable } from '@shared/snapshot';
import type { Role } from '@shared/vocab';
import { changesBetween } from '@server/db/changes';
import { projectChanges, maskPhone } from '@server/desk/projection';
import { buildSnapshot } from '@server/snapshot/build';
import { buildReplicaSnapshot } from '@server/snapshot/replica-build';
import { replicaFiles } from '@main/replica/files';
import { replicaMigrationTags } from '@main/replica/replica-snapshot';
import { loadSnapshot } from '@main/replica/snapshot-load';
import { maskPhoneSql } from '@server/snapshot/rows-sql';
import { ask, connectDesk, removeTempDirs, startServer, tempDb, token } from './helpers';

afterAll(() => removeTempDirs());

/** Every live row a full pull sends `role`, as entity → id → { version, data }. */
function fullPull(server: Awaited<ReturnType<typeof startServer>>, role: Role): Map<string, Map<string, { version: number; data: unknown }>> {
  const out = new Map<string, Map<string, { version: number; data: unknown }>>();
  for (const c of projectChanges(role, changesBetween(server.db, 0, server.head()))) {
    if (c.deleted) continue;
    if (!out.has(c.entity)) out.set(c.entity, new Map());
    out.get(c.entity)!.set(c.id, { version: c.version, data: c.data });
  }
  return out;
}

function snapshotRows(file: string): { meta: Record<string, string>; rows: Map<string, Map<string, { version: number; data: unknown }>> } {
  const db = new Database(file, { readonly: true });
  try {
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM snapshot_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const rows = new Map<string, Map<string, { version: number; data: unknown }>>();
    for (const entity of JSON.parse(meta.entities!) as string[]) {
      const m = new Map<string, { version: number; data: unknown }>();
      for (const r of db.prepare(`SELECT id, version, data FROM ${snapshotTable(entity)}`).all() as { id: string; version: number; data: string }[]) m.set(r.id, { version: r.version, data: JSON.parse(r.data) });
      if (m.size > 0) rows.set(entity, m);
    }
    return { meta, rows };
  } finally {
    db.close();
  }
}

/** What a desk with this token hears in hello. */
async function helloAs(server: Awaited<ReturnType<typeof startServer>>, tokenValue: string, clientId: string) {
  const socket = await connectDesk(server, { token: tokenValue, clientId, protocol: 1 });
  try {
    return HelloReply.parse(await ask(socket, 'hello', {}));
  } finally {
    socket.close();
  }
}

/** A simulated site, with the optional fields each entity sends only sometimes set on some rows. */
async function variedSite() {
  const server = await startServer({ simulate: { seed: 11, speed: 1, live: false, backlogOrders: 120 }, snapshots: false });
  const s = server.db.$client;
  const head = server.head() + 1;
  // the "omitted when empty" extensions, on a few rows each, at a new version like a real write
  s.prepare(`UPDATE crews SET overtime = '[{"date":"2025-11-12","extraJobs":2}]', version = ? WHERE id = (SELECT id FROM crews ORDER BY id LIMIT 1)`).run(head);
  s.prepare(`UPDATE notifications SET params = '{"amountYuan":50}', sent_at = '2025-11-11T20:05:00+08:00', error = 'gateway 503', version = ? WHERE id IN (SELECT id FROM notifications ORDER BY id LIMIT 2)`).run(head);
  s.prepare(`UPDATE orders SET customer_phone = '12345', note = '客户要求改期', version = ? WHERE id = (SELECT id FROM orders ORDER BY id LIMIT 1)`).run(head);
  s.prepare(
    `INSERT INTO audit (at, actor, role, client_id, mutation_id, type, outcome, code, rows, version, detail) VALUES
     ('2025-11-11T20:00:00+08:00', '李值班', 'supervisor', 'desk-a', 1, 'incident.state', 'applied', NULL, 0, ?, 'resolved · 浦东新区'),
     ('2025-11-11T20:01:00+08:00', '李值班', 'supervisor', 'desk-a', 2, 'order.note', 'applied', NULL, 1, ?, NULL),
     ('2025-11-11T20:02:00+08:00', '李值班', 'supervisor', 'desk-a', 3, 'order.note', 'rejected', 'conflict', 1, ?, NULL)`,
  ).run(head, head, head);
  s.prepare(`UPDATE meta SET value = ? WHERE key = 'head'`).run(String(head));
  return server;
}

describe('snapshot files', () => {
  it.each<Role>(['supervisor', 'viewer'])('hold exactly what a full pull sends a %s', async (role) => {
    const server = await variedSite();
    try {
      const file = join(tempDb('x').replace(/x$/, ''), `${role}.sqlite`);
      const built = await buildSnapshot({ dbFile: server.db.$client.name, outFile: file, role, serverId: server.serverId });
      const { meta, rows } = snapshotRows(file);
      const pulled = fullPull(server, role);
      expect(built.version).toBe(server.head());
      expect(meta).toMatchObject({ format: '1', version: String(server.head()), serverId: server.serverId, role, rows: String(built.rows) });
      expect([...rows.keys()].sort()).toEqual([...pulled.keys()].sort());
      for (const [entity, byId] of pulled) expect(rows.get(entity), entity).toEqual(byId);
      expect(built.rows).toBe([...pulled.values()].reduce((n, m) => n + m.size, 0));
      // the varied rows are really there, so the comparison above covered them
      expect([...rows.get('audit')!.values()].map((r) => r.data)).toContainEqual(expect.objectContaining({ detail: 'resolved · 浦东新区' }));
      expect([...rows.get('crew')!.values()].some((r) => 'overtime' in (r.data as object))).toBe(true);
      const texts = [...rows.get('notification')!.values()].map((r) => r.data as object);
      expect(texts.some((t) => 'error' in t)).toBe(true);
      // a text's parameters (compensation in ¥) reach the supervisor only (projection edition 3)
      expect(texts.some((t) => 'params' in t)).toBe(role === 'supervisor');
    } finally {
      await server.close();
    }
  });

  it('as a ready replica (format 2) are the replica a desk makes from format 1, at a migration the desk ships', async () => {
    const server = await variedSite();
    try {
      const dir = tempDb('r').replace(/r$/, '');
      const built = await buildSnapshot({ dbFile: server.db.$client.name, outFile: join(dir, 'supervisor.sqlite'), role: 'supervisor', serverId: server.serverId });
      const replica = await buildReplicaSnapshot({ from: built, serverId: server.serverId, outFile: join(dir, 'supervisor.replica.sqlite') });
      expect(replica).toMatchObject({ version: built.version, rows: built.rows, schema: replicaMigrationTags().at(-1) });
      // the desk's own way: a fresh replica, format 1 copied into it
      mkdirSync(join(dir, 'desk'));
      const files = replicaFiles(join(dir, 'desk'));
      const deskMade = files.freshShadowFile();
      await loadSnapshot(deskMade, built.file, server.serverId);
      const a = new Database(replica.file, { readonly: true });
      const b = new Database(deskMade, { readonly: true });
      try {
        const meta = Object.fromEntries((a.prepare('SELECT key, value FROM snapshot_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
        expect(meta).toMatchObject({ format: '2', schema: replica.schema, version: String(built.version), serverId: server.serverId, role: 'supervisor', rows: String(built.rows) });
        const schemaOf = (db: Database.Database) => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name != 'snapshot_meta' ORDER BY name").all();
        expect(schemaOf(a)).toEqual(schemaOf(b));
        expect(a.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at').all()).toEqual(b.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at').all());
        const tables = (b.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'").all() as { name: string }[]).map((r) => r.name);
        expect(tables).toEqual(expect.arrayContaining(['orders', 'jobs', 'events', 'crews', 'notifications', 'other_rows', 'meta']));
        for (const t of tables) expect(a.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(), t).toEqual(b.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
        expect((a.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n).toBeGreaterThan(100);
      } finally {
        a.close();
        b.close();
      }
    } finally {
      await server.close();
    }
  });

  it('mask phones in SQL exactly as the projection does', () => {
    const db = new Database(':memory:');
    for (const phone of ['', '1', '12', '123', '1234', '12345', '1234567', '1234567890', '13912345678', '+8613912345678', '电话一二三四五六七八九十', '12345678901234567890']) {
      expect((db.prepare(`SELECT ${maskPhoneSql('p')} AS m FROM (SELECT ? AS p)`).get(phone) as { m: string }).m, phone).toBe(maskPhone(phone));
    }
    db.close();
  });
});

describe('GET /api/v1/snapshot', () => {
  it('serves the ready snapshot to desk roles, named in hello, and resumes a cut download', async () => {
    const server = await startServer({ simulate: { seed: 12, speed: 1, live: false, backlogOrders: 80 }, snapshots: { minOrders: 1, minIntervalMs: 0 } });
    try {
      await server.snapshots!.settled();
      const sup = token(server, 'supervisor').token;
      const hello = await helloAs(server, sup, 'snap-1');
      expect(hello.snapshot).toMatchObject({ format: 1, version: server.head() });
      const info = hello.snapshot!;
      const get = (headers: Record<string, string>) => fetch(server.url + SNAPSHOT_PATH, { headers });
      const whole = await get({ authorization: `Bearer ${sup}` });
      expect(whole.status).toBe(200);
      expect(whole.headers.get('etag')).toBe(info.etag);
      expect(whole.headers.get('x-snapshot-version')).toBe(String(info.version));
      const bytes = Buffer.from(await whole.arrayBuffer());
      expect(bytes.length).toBe(info.bytes);
      expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');

      const rest = await get({ authorization: `Bearer ${sup}`, range: 'bytes=1000-', 'if-range': info.etag });
      expect(rest.status).toBe(206);
      expect(rest.headers.get('content-range')).toBe(`bytes 1000-${info.bytes - 1}/${info.bytes}`);
      expect(Buffer.concat([bytes.subarray(0, 1000), Buffer.from(await rest.arrayBuffer())]).equals(bytes)).toBe(true);
      // a resume naming another file gets the whole current one
      const changed = await get({ authorization: `Bearer ${sup}`, range: 'bytes=1000-', 'if-range': '"another"' });
      expect(changed.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await changed.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect((await get({ authorization: `Bearer ${sup}`, range: `bytes=${info.bytes + 1}-`, 'if-range': info.etag })).status).toBe(416);

      // the same cut as a ready replica, named beside it
      expect(hello.replicaSnapshot).toMatchObject({ format: 2, version: info.version, rows: info.rows, schema: replicaMigrationTags().at(-1) });
      const asReplica = await fetch(`${server.url}${SNAPSHOT_PATH}?format=2`, { headers: { authorization: `Bearer ${sup}` } });
      expect(asReplica.status).toBe(200);
      expect(asReplica.headers.get('etag')).toBe(hello.replicaSnapshot!.etag);
      expect(asReplica.headers.get('etag')).not.toBe(info.etag);
      const replicaBytes = Buffer.from(await asReplica.arrayBuffer());
      expect(replicaBytes.length).toBe(hello.replicaSnapshot!.bytes);
      expect(replicaBytes.subarray(0, 15).toString()).toBe('SQLite format 3');
      const bad = await fetch(`${server.url}${SNAPSHOT_PATH}?format=3`, { headers: { authorization: `Bearer ${sup}` } });
      expect([bad.status, ((await bad.json()) as { error: { code: string; message: string } }).error]).toEqual([400, { code: 'bad_request', message: expect.stringMatching(/^format: "3"/) }]);

      // a viewer gets its own, projected file: no amounts in it
      const viewer = token(server, 'viewer').token;
      expect((await get({ authorization: `Bearer ${viewer}` })).status).toBe(404); // not built yet: viewers page meanwhile
      const vs = await connectDesk(server, { token: viewer, clientId: 'snap-2', protocol: 1 });
      await ask(vs, 'hello', {}); // asking for it starts the build
      await server.snapshots!.settled();
      const vhello = HelloReply.parse(await ask(vs, 'hello', {}));
      vs.close();
      expect(vhello.snapshot?.etag).not.toBe(info.etag);
      const vfile = join(tempDb('v').replace(/v$/, ''), 'viewer.sqlite');
      writeFileSync(vfile, Buffer.from(await (await get({ authorization: `Bearer ${viewer}` })).arrayBuffer()));
      const { rows } = snapshotRows(vfile);
      expect([...rows.get('order')!.values()].every((r) => !('amount' in (r.data as object)))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('refuses the floor, unknown tokens and other methods, and stays up', async () => {
    const server = await startServer({ simulate: { seed: 12, speed: 1, live: false, backlogOrders: 20 }, snapshots: { minOrders: 1, minIntervalMs: 0 } });
    try {
      await server.snapshots!.settled();
      const code = async (init: RequestInit) => {
        const r = await fetch(server.url + SNAPSHOT_PATH, init);
        return [r.status, ((await r.json()) as { error: { code: string } }).error.code];
      };
      expect(await code({})).toEqual([401, 'unauthorized']);
      expect(await code({ headers: { authorization: 'Bearer nope' } })).toEqual([401, 'unauthorized']);
      expect(await code({ headers: { authorization: `Bearer ${token(server, 'floor').token}` } })).toEqual([403, 'forbidden']);
      expect(await code({ method: 'POST', headers: { authorization: `Bearer ${token(server, 'supervisor').token}` } })).toEqual([405, 'method_not_allowed']);
      expect((await fetch(server.url + '/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('offers no ready replica when the server is told not to build one (format 1 still served)', async () => {
    const server = await startServer({ simulate: { seed: 12, speed: 1, live: false, backlogOrders: 20 }, snapshots: { minOrders: 1, minIntervalMs: 0, replicas: false } });
    try {
      await server.snapshots!.settled();
      const sup = token(server, 'supervisor').token;
      const hello = await helloAs(server, sup, 'snap-4');
      expect(hello.snapshot?.format).toBe(1);
      expect(hello.replicaSnapshot).toBeUndefined();
      expect((await fetch(`${server.url}${SNAPSHOT_PATH}?format=2`, { headers: { authorization: `Bearer ${sup}` } })).status).toBe(404);
      expect((await fetch(`${server.url}${SNAPSHOT_PATH}?format=1`, { headers: { authorization: `Bearer ${sup}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is not offered below the size where paging is quick, nor when turned off', async () => {
    for (const snapshots of [undefined, false] as const) {
      const server = await startServer({ simulate: { seed: 12, speed: 1, live: false, backlogOrders: 20 }, snapshots });
      try {
        await server.snapshots?.settled();
        expect((await helloAs(server, token(server, 'supervisor').token, 'snap-3')).snapshot).toBeUndefined();
        const r = await fetch(server.url + SNAPSHOT_PATH, { headers: { authorization: `Bearer ${token(server, 'supervisor').token}` } });
        expect(r.status).toBe(404);
      } finally {
        await server.close();
      }
    }
  });
});
