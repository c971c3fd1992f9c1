/**
 * Issue 16, finding 4: socket events are limited per token, bad tokens per address before
 * authentication, snapshot downloads per token; repeated refusals collapse into one audit row with
 * a count; and a desk's outbox replay after an outage still goes through whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { SNAPSHOT_PATH } from '@shared/snapshot';
import type { OrderServer } from '@server/app';
import { audit } from '@server/db/schema';
import { SnapshotDownloadLimit } from '@server/snapshot/download-limit';
import { OutboxSender } from '@main/outbox/sender';
import { OutboxStore } from '@main/outbox/store';
import { ask, connectDesk, connectError, http, removeTempDirs, startServer, token, type AnyReply } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  removeTempDirs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function withServer(options: Parameters<typeof startServer>[0], run: (server: OrderServer) => Promise<void>): Promise<void> {
  const server = await startServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const auditOf = (server: OrderServer, clientId: string) => server.db.select().from(audit).where(eq(audit.clientId, clientId)).all();
const anOrder = (server: OrderServer) => (server.db.$client.prepare('SELECT id FROM orders LIMIT 1').get() as { id: string }).id;

/** `count` commands written to a desk's outbox while it was offline, then sent by its own sender. */
async function replayOutbox(server: OrderServer, count: number): Promise<{ outbox: OutboxStore; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dd-flood-outbox-'));
  dirs.push(dir);
  const outbox = new OutboxStore(join(dir, 'outbox.sqlite'));
  const orderId = anOrder(server);
  for (let i = 1; i <= count; i++) outbox.enqueue('order.note', { orderId, text: `停电期间记下的第 ${i} 条` }, `备注 ${i}`, '2025-11-11T21:00:00+08:00');
  const socket: Socket = await connectDesk(server, { token: token(server, 'supervisor', '值班主管 回放').token, clientId: outbox.clientId(), protocol: 1 });
  const errors: string[] = [];
  const sender = new OutboxSender(outbox, () => socket, () => true, { onError: (m) => errors.push(m) });
  const t0 = performance.now();
  sender.kick();
  try {
    for (let waited = 0; outbox.pendingCount() > 0; waited += 20) {
      if (waited > 60_000) throw new Error(`replay stuck at ${outbox.pendingCount()} pending: ${errors.join('; ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { outbox, ms: performance.now() - t0 };
  } finally {
    sender.stop();
    socket.close();
  }
}

describe('socket events per token', () => {
  it('answers a flood of commands rate_limited with retryAfter, and its refusals leave a few audit rows with counts', async () => {
    await withServer({ deskEventLimit: { perSecond: 50, burst: 100 } }, async (server) => {
      const socket = await connectDesk(server, { token: token(server, 'supervisor', '值班主管 洪水').token, clientId: 'desk-flood', protocol: 1 });
      try {
        const FLOOD = 1000;
        // a shape the server refuses: each used to write an audit row of its own
        const replies = await Promise.all(Array.from({ length: FLOOD }, () => ask(socket, 'command', { mutationId: 1, type: 'order.note', payload: { orderId: 42 } })));
        const byCode = (code: string) => replies.filter((r) => r.error?.code === code);
        const limited = byCode('rate_limited');
        expect(limited.length).toBeGreaterThan(FLOOD / 2);
        expect(byCode('bad_request').length + limited.length).toBe(FLOOD);
        for (const r of limited) expect(r.error).toMatchObject({ message: expect.stringContaining('retry after'), retryAfter: expect.any(Number) });
        expect(Math.min(...limited.map((r) => Number((r.error as Record<string, unknown>).retryAfter)))).toBeGreaterThanOrEqual(1);

        // the counts reach their rows within a second (one write, not one per refusal)
        const counted = () => auditOf(server, 'desk-flood').reduce((n, r) => n + r.count, 0);
        for (let waited = 0; counted() < FLOOD && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        const rows = auditOf(server, 'desk-flood');
        expect(rows.map((r) => r.outcome).sort()).toEqual(['bad_request', 'rate_limited']);
        expect(rows.reduce((n, r) => n + r.count, 0)).toBe(FLOOD);
        expect(socket.connected).toBe(true);
      } finally {
        socket.close();
      }
    });
  });

  it('collapses a flood of refused reveals into one audit row with a count; a revealed number is a row of its own', async () => {
    await withServer({ simulate: { seed: 3, speed: 1, live: false, backlogOrders: 20 } }, async (server) => {
      const orderId = anOrder(server);
      const viewer = await connectDesk(server, { token: token(server, 'viewer', '大屏 探针').token, clientId: 'wall-reveal', protocol: 1 });
      const supervisor = await connectDesk(server, { token: token(server, 'supervisor', '值班主管 孙').token, clientId: 'desk-reveal', protocol: 1 });
      try {
        const refused = await Promise.all(Array.from({ length: 300 }, () => ask(viewer, 'reveal', { orderId })));
        expect(refused.every((r) => !r.ok && r.error?.code === 'forbidden')).toBe(true);
        expect((await ask(supervisor, 'reveal', { orderId })).ok).toBe(true);
        const counted = () => auditOf(server, 'wall-reveal').reduce((n, r) => n + r.count, 0);
        for (let waited = 0; counted() < 300 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        const rows = auditOf(server, 'wall-reveal');
        expect(rows.length).toBe(1);
        expect(rows[0]).toMatchObject({ type: 'reveal', outcome: 'forbidden', count: 300 });
        expect(auditOf(server, 'desk-reveal').map((r) => [r.type, r.outcome, r.count])).toEqual([['reveal', 'revealed', 1]]);
      } finally {
        viewer.close();
        supervisor.close();
      }
    });
  });

  it("lets a desk's outbox replay of 500 commands through whole at the default limits", async () => {
    await withServer({ simulate: { seed: 41, speed: 1, live: false, backlogOrders: 20 } }, async (server) => {
      const { outbox, ms } = await replayOutbox(server, 500);
      const answered = outbox.recent(500);
      expect(answered.filter((c) => c.state === 'applied')).toHaveLength(500);
      expect(auditOf(server, outbox.clientId()).filter((r) => r.outcome !== 'applied')).toEqual([]);
      console.info(`outbox replay: 500 commands in ${Math.round(ms)} ms (${Math.round(500 / (ms / 1000))}/s)`);
    });
  });

  it('a replay longer than the burst waits retryAfter and still applies every command once', async () => {
    // a bucket smaller than the replay: it must run dry whatever the machine's speed
    await withServer({ simulate: { seed: 42, speed: 1, live: false, backlogOrders: 20 }, deskEventLimit: { perSecond: 20, burst: 20 } }, async (server) => {
      const { outbox } = await replayOutbox(server, 60);
      expect(outbox.recent(60).filter((c) => c.state === 'applied')).toHaveLength(60);
      const rows = auditOf(server, outbox.clientId());
      expect(rows.filter((r) => r.outcome === 'applied')).toHaveLength(60);
      expect(rows.some((r) => r.outcome === 'rate_limited')).toBe(true);
    });
  });
});

describe('bad tokens per address, before authentication', () => {
  it('answers 429 with Retry-After once an address has sent too many bad tokens, over HTTP and socket handshakes', async () => {
    await withServer({}, async (server) => {
      const floor = token(server, 'floor').token;
      // a legitimate burst with a valid token is not counted
      const fine = await Promise.all(Array.from({ length: 100 }, () => http(server, 'GET', '/api/v1/budgets', { token: floor })));
      expect(fine.every((r) => r.status === 200)).toBe(true);

      const statuses: number[] = [];
      let lastRetryAfter: string | null = null;
      for (let i = 0; i < 60; i++) {
        const r = await fetch(`${server.url}/api/v1/orders`, { headers: { authorization: `Bearer guess-${i}` } });
        statuses.push(r.status);
        if (r.status === 429) {
          lastRetryAfter = r.headers.get('retry-after');
          expect(await r.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('invalid token from this address') } });
        } else await r.body?.cancel();
      }
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(31);
      expect(statuses.slice(-20).every((s) => s === 429)).toBe(true);
      expect(Number(lastRetryAfter)).toBeGreaterThanOrEqual(1);
      // before authentication: the address is refused whatever token it presents, on every door
      expect((await http(server, 'GET', '/api/v1/budgets', { token: floor })).status).toBe(429);
      expect(await connectError(server, { token: 'guess-socket', clientId: 'x', protocol: 1 })).toBe('rate_limited');
      expect((await fetch(server.url + SNAPSHOT_PATH, { headers: { authorization: 'Bearer guess' } })).status).toBe(429);
      expect((await http(server, 'GET', '/healthz')).status).toBe(200);
    });
  });
});

describe('snapshot downloads per token', () => {
  it('answers 429 with Retry-After to a flood of downloads by one token; another token still downloads', async () => {
    await withServer({ simulate: { seed: 43, speed: 1, live: false, backlogOrders: 20 }, snapshots: { minOrders: 1, minIntervalMs: 0 } }, async (server) => {
      await server.snapshots!.settled();
      const sup = token(server, 'supervisor').token;
      const get = (tok: string) => fetch(server.url + SNAPSHOT_PATH, { headers: { authorization: `Bearer ${tok}` } });
      const replies: { status: number; retryAfter: string | null; body: AnyReply | null }[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await get(sup);
        const body = r.status === 429 ? ((await r.json()) as AnyReply) : null;
        if (!body) await r.arrayBuffer();
        replies.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body });
      }
      const ok = replies.filter((r) => r.status === 200).length;
      const limited = replies.filter((r) => r.status === 429);
      expect(ok).toBeGreaterThanOrEqual(12);
      expect(ok).toBeLessThan(30);
      expect(limited.length).toBe(30 - ok);
      for (const r of limited) {
        expect(r.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('snapshot downloads') } });
        expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      expect((await get(token(server, 'supervisor', 'another').token)).status).toBe(200);
    });
  });

  it('allows a few downloads at once per token and frees a slot when one ends', () => {
    const limit = new SnapshotDownloadLimit({ concurrent: 2, perMinute: 100 }, () => 0);
    const a = limit.begin('t');
    const b = limit.begin('t');
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(limit.begin('t')).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number), message: expect.stringContaining('at most 2') });
    expect(limit.begin('other').ok).toBe(true);
    if (a.ok) {
      a.end();
      a.end(); // a second end of the same download frees nothing more
    }
    expect(limit.begin('t').ok).toBe(true);
    expect(limit.begin('t').ok).toBe(false);
  });
});
