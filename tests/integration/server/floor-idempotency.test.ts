/**
 * Idempotency keys on floor writes (issue 16, finding 10): a write whose answer is lost after the
 * server committed it (the fault relay cuts the connection once the server has answered) is sent
 * again with its key, over real HTTP to a real order server: it is applied once and the retry gets
 * the original answer; the key with another request is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { floorIdempotency } from '@server/db/schema';
import { KEEP_MS, pruneKeys } from '@server/floor/idempotency';
import { FaultRelay } from '../../support/fault-relay';
import { postOrder } from '../../support/floor-client';
import { newOrderBody, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let relay: FaultRelay;
let floor: string;
let supervisor: string;

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 7, speed: 1, live: false, backlogOrders: 20 } });
  relay = new FaultRelay(server.url);
  await relay.start();
  floor = token(server, 'floor', '木工车间').token;
  supervisor = token(server, 'supervisor', '王主管').token;
});

afterAll(async () => {
  await relay.stop();
  await server.close();
  removeTempDirs();
});

interface Answer {
  status: number;
  body: unknown;
  replayed: string | null;
}

async function send(method: string, path: string, o: { token: string; key?: string; body: unknown; via?: string }): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' };
  if (o.key !== undefined) headers['idempotency-key'] = o.key;
  const res = await fetch(`${o.via ?? relay.url}${path}`, { method, headers, body: JSON.stringify(o.body) });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
}

/** Sends once through the relay, which cuts the connection after the server answered; returns that lost answer. */
async function sendAndLoseAnswer(method: string, path: string, o: { token: string; key: string; body: unknown }): Promise<Answer> {
  relay.faults.loseHttpAnswers = 1;
  await expect(send(method, path, o)).rejects.toThrow(/fetch failed/);
  const lost = relay.lostAnswers.at(-1)!;
  expect(lost.path).toBe(path);
  return { status: lost.status, body: JSON.parse(lost.body), replayed: null };
}

const count = (sql: string, ...args: unknown[]) => (server.db.$client.prepare(sql).get(...args) as { n: number }).n;
const orderByNo = (orderNo: string) => server.db.$client.prepare('SELECT id FROM orders WHERE order_no = ?').get(orderNo) as { id: string } | undefined;
const anyCrew = () => (server.db.$client.prepare('SELECT id, unavailable FROM crews WHERE deleted = 0 ORDER BY id LIMIT 1').get() as { id: string; unavailable: string });

describe('a floor write whose answer was lost', () => {
  it('creates one order, and its retry with the key gets the original answer', async () => {
    const body = newOrderBody('IDEM-1');
    const lost = await sendAndLoseAnswer('POST', '/api/v1/orders', { token: floor, key: 'scan-1', body });
    expect(lost.status).toBe(201);
    const retry = await send('POST', '/api/v1/orders', { token: floor, key: 'scan-1', body });
    expect(retry).toEqual({ ...lost, replayed: 'true' });
    expect(count('SELECT count(*) AS n FROM orders WHERE order_no = ?', 'IDEM-1')).toBe(1);
    expect(count('SELECT count(*) AS n FROM events WHERE order_id = ?', orderByNo('IDEM-1')!.id)).toBe(1);
  });

  it('advances once, tags a cause once, records leave once and sets a budget once', async () => {
    const id = orderByNo('IDEM-1')!.id;
    const crew = anyCrew();
    const writes: [string, string, unknown, string][] = [
      ['POST', `/api/v1/orders/${id}/advance`, { stage: 2, evidence: { signedDrawing: 'dwg/idem.pdf', salesLeadApproval: '李娜' } }, floor],
      ['POST', `/api/v1/orders/${id}/causes`, { cause: 'logistics', note: '车辆晚到' }, floor],
      ['POST', `/api/v1/crews/${crew.id}/unavailable`, { from: '2025-12-01', to: '2025-12-02', reason: '病假' }, floor],
      ['PUT', '/api/v1/budgets/4', { hours: 30 }, supervisor],
    ];
    for (const [method, path, body, tok] of writes) {
      const key = `retry-${path}`;
      const lost = await sendAndLoseAnswer(method, path, { token: tok, key, body });
      expect(lost.status, path).toBe(200);
      const retry = await send(method, path, { token: tok, key, body });
      expect(retry, path).toEqual({ ...lost, replayed: 'true' });
    }
    expect(count("SELECT count(*) AS n FROM events WHERE order_id = ? AND kind = 'stage' AND stage = 2", id)).toBe(1);
    expect(count("SELECT count(*) AS n FROM events WHERE order_id = ? AND kind = 'cause'", id)).toBe(1);
    const leave = JSON.parse(anyCrew().unavailable) as { reason: string }[];
    expect(leave.length - (JSON.parse(crew.unavailable) as unknown[]).length).toBe(1);
  });

  it('the test floor client retries a dropped POST under its key: one order, its id', async () => {
    relay.faults.loseHttpAnswers = 1;
    const id = await postOrder(relay.url, floor, { orderNo: 'IDEM-CLIENT', promisedDate: '2025-12-20' });
    expect(JSON.parse(relay.lostAnswers.at(-1)!.body)).toMatchObject({ id });
    expect(count('SELECT count(*) AS n FROM orders WHERE order_no = ?', 'IDEM-CLIENT')).toBe(1);
  });
});

describe('a key used again', () => {
  it('with another body or path is refused with 422 and writes nothing', async () => {
    const first = await send('POST', '/api/v1/orders', { token: floor, key: 'scan-2', body: newOrderBody('IDEM-2') });
    expect(first).toMatchObject({ status: 201, replayed: null });
    const other = await send('POST', '/api/v1/orders', { token: floor, key: 'scan-2', body: newOrderBody('IDEM-3') });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect((other.body as { error: { message: string } }).error.message).toContain('Idempotency-Key');
    expect(orderByNo('IDEM-3')).toBeUndefined();
    const id = (first.body as { id: string }).id;
    const elsewhere = await send('POST', `/api/v1/orders/${id}/causes`, { token: floor, key: 'scan-2', body: { cause: 'logistics' } });
    expect(elsewhere.status).toBe(422);
    expect(count("SELECT count(*) AS n FROM events WHERE order_id = ? AND kind = 'cause'", id)).toBe(0);
  });

  it('by another token is that token’s own key', async () => {
    const other = token(server, 'floor', '油漆车间').token;
    const r = await send('POST', '/api/v1/orders', { token: other, key: 'scan-2', body: newOrderBody('IDEM-4') });
    expect(r).toMatchObject({ status: 201, replayed: null });
    expect(orderByNo('IDEM-4')).toBeDefined();
  });

  it('by a retry racing its original commits once, and both get the same answer', async () => {
    const body = newOrderBody('IDEM-RACE');
    const both = await Promise.all([1, 2].map(() => send('POST', '/api/v1/orders', { token: floor, key: 'race', body, via: server.url })));
    expect(both.map((a) => a.status)).toEqual([201, 201]);
    expect(both[0]!.body).toEqual(both[1]!.body);
    expect(both.map((a) => a.replayed).sort()).toEqual([null, 'true']);
    expect(count('SELECT count(*) AS n FROM orders WHERE order_no = ?', 'IDEM-RACE')).toBe(1);
  });
});

describe('keys', () => {
  it('a malformed key is a 400 naming the header, and nothing is written', async () => {
    for (const key of ['x'.repeat(256), 'two words', 'caf\u00e9', '']) {
      const r = await send('POST', '/api/v1/orders', { token: floor, key, body: newOrderBody('IDEM-BAD'), via: server.url });
      expect(r.status, key).toBe(400);
      expect((r.body as { error: { message: string } }).error.message).toContain('Idempotency-Key');
    }
    expect(orderByNo('IDEM-BAD')).toBeUndefined();
  });

  it('are forgotten after 24 h: pruned, and an expired one is a new request', async () => {
    const old = Date.now() - KEEP_MS - 1000;
    const stale = { tokenId: 'tok-gone', key: 'old', fingerprint: 'f', status: 201, body: '{}', createdAt: old };
    server.db.insert(floorIdempotency).values([stale, { ...stale, key: 'old-2' }]).run();
    pruneKeys(server.db, Date.now() + 120_000);
    expect(count("SELECT count(*) AS n FROM floor_idempotency WHERE token_id = 'tok-gone'")).toBe(0);
    expect(count('SELECT count(*) AS n FROM floor_idempotency')).toBeGreaterThan(0); // today's stay

    const first = await send('POST', '/api/v1/orders', { token: floor, key: 'day-old', body: newOrderBody('IDEM-5') });
    server.db.$client.prepare("UPDATE floor_idempotency SET created_at = ? WHERE key = 'day-old'").run(old);
    const again = await send('POST', '/api/v1/orders', { token: floor, key: 'day-old', body: newOrderBody('IDEM-6') });
    expect([first.status, again.status, again.replayed]).toEqual([201, 201, null]);
    expect(orderByNo('IDEM-6')).toBeDefined();
  });
});
