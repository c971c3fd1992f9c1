import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ChangesPush, DigestReply, HelloReply, PullReply } from '@shared/protocol';
import { digestLine } from '@shared/rules';
import type { OrderServer } from '@server/app';
import { revokeToken } from '@server/db/tokens';
import { ask, connectDesk, connectError, http, newOrderBody, nextEvent, pullAll, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let viewer: string;
let supervisor: string;
let floor: string;
const sockets: Socket[] = [];

async function desk(tok = viewer, clientId = 'desk-test') {
  const s = await connectDesk(server, { token: tok, clientId, protocol: 1 });
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 11, speed: 1, live: false, backlogOrders: 60 } });
  viewer = token(server, 'viewer').token;
  supervisor = token(server, 'supervisor').token;
  floor = token(server, 'floor').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('handshake', () => {
  it('checks the token, then the role, then the protocol', async () => {
    expect(await connectError(server, { clientId: 'x', protocol: 1 })).toBe('unauthorized');
    expect(await connectError(server, { token: 'nope', clientId: 'x', protocol: 1 })).toBe('unauthorized');
    expect(await connectError(server, { token: 'nope', clientId: 'x', protocol: 2 })).toBe('unauthorized');
    expect(await connectError(server, { token: floor, clientId: 'x', protocol: 1 })).toBe('forbidden');
    expect(await connectError(server, { token: floor, clientId: 'x', protocol: 2 })).toBe('forbidden');
    expect(await connectError(server, { token: viewer, clientId: 'x', protocol: 2 })).toBe('protocol_mismatch');
    expect(await connectError(server, { token: viewer, clientId: 'x', protocol: '1' })).toBe('protocol_mismatch');
    expect(await connectError(server, { token: viewer, clientId: 'x', protocol: 1 })).toBe('connected');
  });
});

describe('hello', () => {
  it('answers with the server identity, head, role and clock', async () => {
    const s = await desk();
    const r = await ask(s, 'hello', {});
    const hello = HelloReply.parse(r);
    expect(hello).toMatchObject({ ok: true, serverId: server.serverId, head: server.head(), role: 'viewer', protocol: 1, clockRate: 1 });
    expect(hello.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // the simulated clock starts at the default peak evening
    expect(Math.abs(Date.parse(hello.now) - Date.parse('2025-11-11T20:00:00+08:00'))).toBeLessThan(600_000);
  });
});

describe('pull', () => {
  it('pages never split a version and report `to`', async () => {
    const s = await desk();
    // a few more versions: one order = order + event; advancing to 10 writes four rows
    for (let i = 0; i < 3; i++) {
      const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(`PAGE-${i}`) });
      expect(created.status).toBe(201);
      await http(server, 'POST', `/api/v1/orders/${created.body.id as string}/advance`, { token: floor, body: { stage: 10, evidence: { signedDrawing: 'd.pdf', salesLeadApproval: '李娜' } } });
    }
    const head = server.head();
    const full = PullReply.parse(await ask(s, 'pull', { since: 0, limit: 10000 }));
    expect(full.to).toBe(head);
    expect(full.head).toBe(head);

    let since = 0;
    const seen = new Map<number, number>();
    const paged = [];
    while (since < head) {
      const page = PullReply.parse(await ask(s, 'pull', { since, limit: 1 }));
      expect(page.to).toBeGreaterThan(since);
      for (const c of page.changes) {
        expect(c.version).toBeGreaterThan(since);
        expect(c.version).toBeLessThanOrEqual(page.to);
        seen.set(c.version, (seen.get(c.version) ?? 0) + 1);
      }
      const versions = page.changes.map((c) => c.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      paged.push(...page.changes);
      since = page.to;
    }
    // the backlog is one big version: its page holds far more than `limit`
    expect(seen.get(1)).toBeGreaterThan(100);
    // every version in exactly one page, with all its rows
    const fullCount = new Map<number, number>();
    for (const c of full.changes) fullCount.set(c.version, (fullCount.get(c.version) ?? 0) + 1);
    expect(seen).toEqual(fullCount);
    expect(paged).toEqual(full.changes);
  });

  it('answers reset when since is above head', async () => {
    const s = await desk();
    const r = PullReply.parse(await ask(s, 'pull', { since: server.head() + 5 }));
    expect(r).toEqual({ ok: true, reset: true, changes: [], to: 0, head: server.head() });
  });

  it('is caught up when since == head', async () => {
    const s = await desk();
    const r = PullReply.parse(await ask(s, 'pull', { since: server.head() }));
    expect(r.changes).toEqual([]);
    expect(r.to).toBe(server.head());
  });

  it('refuses malformed payloads with bad_request naming the field', async () => {
    const s = await desk();
    const cases: [unknown, string][] = [
      [{ since: -1 }, 'since'],
      [{ since: 'zero' }, 'since'],
      [{}, 'since'],
      [{ since: 0, limit: 0 }, 'limit'],
      [{ since: 0, limit: 10001 }, 'limit'],
      [{ since: 0, extra: true }, 'extra'],
    ];
    for (const [payload, field] of cases) {
      const r = await ask(s, 'pull', payload);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('bad_request');
      expect(r.error?.message).toContain(field);
    }
    expect((await ask(s, 'hello', {})).ok).toBe(true);
  });
});

describe('events', () => {
  it('answers unknown events with bad_request and survives a missing ack', async () => {
    const s = await desk();
    const r = await ask(s, 'frobnicate', { a: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(r.error?.message).toContain('frobnicate');
    s.emit('pull', { since: 0 }); // no acknowledgement callback
    s.emit('nonsense');
    expect((await ask(s, 'hello')).ok).toBe(true);
  });

  it('closes a connection that sends more than 1 MiB and stays up', async () => {
    const s = await desk();
    const gone = nextEvent<string>(s, 'disconnect');
    s.emit('pull', { since: 0, pad: 'x'.repeat(1_100_000) }, () => undefined);
    await gone;
    const again = await desk();
    expect((await ask(again, 'hello', {})).ok).toBe(true);
  });

  it('checks the role before the shape of a command', async () => {
    const v = await desk(viewer);
    expect((await ask(v, 'command', { nonsense: true })).error?.code).toBe('forbidden');
    const sup = await desk(supervisor, 'sup-1');
    const bad = await ask(sup, 'command', { mutationId: 'one', type: 'order.note', payload: {} });
    expect(bad.error?.code).toBe('bad_request');
    expect(bad.error?.message).toContain('mutationId');
    const unknown = await ask(sup, 'command', { mutationId: 1, type: 'order.explode', payload: {} });
    expect(unknown.error?.code).toBe('bad_request');
    expect(unknown.error?.message).toContain('type');
  });
});

describe('live changes', () => {
  it('pushes changes after a floor write, with from/to continuity', async () => {
    const s = await desk();
    const hello = HelloReply.parse(await ask(s, 'hello', {}));
    const first = nextEvent<unknown>(s, 'changes');
    const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('LIVE-1') });
    const p1 = ChangesPush.parse(await first);
    expect(p1.from).toBe(hello.head);
    expect(p1.to).toBe(hello.head + 1);
    expect(p1.to).toBe(created.body.version);
    expect(p1.changes.map((c) => c.entity).sort()).toEqual(['event', 'order']);
    expect(p1.changes.every((c) => c.version === p1.to)).toBe(true);
    expect(p1.now).toMatch(/\+08:00$/);

    const second = nextEvent<unknown>(s, 'changes');
    await http(server, 'POST', `/api/v1/orders/${created.body.id as string}/causes`, { token: floor, body: { cause: 'design_rework' } });
    const p2 = ChangesPush.parse(await second);
    expect(p2.from).toBe(p1.to);
    expect(p2.to).toBe(p1.to + 1);
    const order = p2.changes.find((c) => c.entity === 'order');
    expect(order?.data?.causes).toEqual(['design_rework']);
  });
});

describe('digest', () => {
  it('matches an independent recomputation from a full pull', async () => {
    const s = await desk();
    const { changes, to } = await pullAll(s, 0, 500);
    const latest = new Map<string, { entity: string; id: string; version: number; deleted?: true }>();
    for (const c of changes) latest.set(`${c.entity}\u0000${c.id}`, c);
    const live = [...latest.values()].filter((c) => !c.deleted).sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const hash = createHash('sha256');
    for (const c of live) hash.update(digestLine(c.entity, c.id, c.version));
    const d = DigestReply.parse(await ask(s, 'digest', {}));
    expect(d).toEqual({ ok: true, version: to, count: live.length, sha256: hash.digest('hex') });
  });
});

describe('re-authorization', () => {
  it('stops a socket whose token is revoked while connected', async () => {
    const t = token(server, 'viewer', 'to-revoke');
    const s = await desk(t.token);
    expect((await ask(s, 'hello', {})).ok).toBe(true);
    expect(revokeToken(server.db, t.id)).toBe(true);
    const gone = nextEvent<string>(s, 'disconnect');
    const r = await ask(s, 'hello', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await gone;
    expect(s.connected).toBe(false);
    expect(await connectError(server, { token: t.token, clientId: 'x', protocol: 1 })).toBe('unauthorized');
  });
});
