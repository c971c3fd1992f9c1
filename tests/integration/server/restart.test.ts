import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestReply, HelloReply } from '@shared/protocol';
import { ask, connectDesk, http, newOrderBody, removeTempDirs, startServer, tempDb, token } from './helpers';
import type { OrderServer } from '@server/app';

afterAll(() => removeTempDirs());

async function state(server: OrderServer) {
  const s = await connectDesk(server, { token: token(server, 'viewer').token, clientId: 'restart', protocol: 1 });
  const hello = HelloReply.parse(await ask(s, 'hello', {}));
  const digest = DigestReply.parse(await ask(s, 'digest', {}));
  s.close();
  return { hello, digest };
}

describe('restart on the same database', () => {
  it('keeps every row, the counter, the server id and the simulated clock', async () => {
    const dbFile = tempDb();
    const first = await startServer({ dbFile, simulate: { seed: 3, speed: 60, live: false, backlogOrders: 50 } });
    const floor = token(first, 'floor').token;
    const created = await http(first, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('RESTART-1') });
    expect(created.status).toBe(201);
    const before = await state(first);
    expect(before.hello.head).toBe(2);
    await first.close();

    const second = await startServer({ dbFile, simulate: { seed: 3, speed: 60, live: false, backlogOrders: 50 } });
    const after = await state(second);
    expect(after.hello.serverId).toBe(before.hello.serverId);
    expect(after.hello.head).toBe(before.hello.head);
    expect(after.digest).toEqual(before.digest);
    // the simulated clock resumes where it stopped rather than starting over
    expect(Date.parse(after.hello.now)).toBeGreaterThanOrEqual(Date.parse(before.hello.now));
    // the floor token still works and the counter continues
    const next = await http(second, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('RESTART-2') });
    expect(next.body.version).toBe(before.hello.head + 1);
    await second.close();

    const plain = await startServer({ dbFile });
    const third = await state(plain);
    expect(third.hello.head).toBe(before.hello.head + 1);
    expect(third.hello.clockRate).toBe(1);
    await plain.close();
  });
});

describe('restart keeps mutationIds', () => {
  it('answers a resent command as a duplicate after a restart and continues the sequence', async () => {
    const { deliveredOrder } = await import('./fixtures');
    const dbFile = tempDb();
    const first = await startServer({ dbFile, simulate: { seed: 4, speed: 60, live: false, backlogOrders: 40 } });
    const floor = token(first, 'floor').token;
    const sup = token(first, 'supervisor').token;
    const { order } = await deliveredOrder(first, floor);
    let s = await connectDesk(first, { token: sup, clientId: 'durable', protocol: 1 });
    const applied = await ask(s, 'command', { mutationId: 1, type: 'order.tagCause', payload: { orderId: order.id, cause: 'logistics' } });
    expect(applied.status).toBe('applied');
    const rejected = await ask(s, 'command', { mutationId: 2, type: 'order.note', payload: { orderId: 'o_missing', text: 'x' } });
    expect(rejected).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    s.close();
    await first.close();

    const second = await startServer({ dbFile });
    s = await connectDesk(second, { token: sup, clientId: 'durable', protocol: 1 });
    expect(await ask(s, 'command', { mutationId: 1, type: 'order.tagCause', payload: { orderId: order.id, cause: 'logistics' } })).toEqual({ ok: true, status: 'duplicate', version: applied.version, original: 'applied' });
    expect(await ask(s, 'command', { mutationId: 2, type: 'order.note', payload: { orderId: 'o_missing', text: 'x' } })).toMatchObject({ status: 'duplicate', original: 'rejected' });
    expect(await ask(s, 'command', { mutationId: 4, type: 'order.note', payload: { orderId: order.id, text: 'x' } })).toMatchObject({ ok: false, error: { code: 'mutation_gap', expected: 3 } });
    // undo still works across the restart: the before-images are stored
    expect(await ask(s, 'command', { mutationId: 3, type: 'undo', payload: { clientId: 'durable', mutationId: 1 } })).toMatchObject({ status: 'applied', version: second.head() });
    s.close();
    await second.close();
  });
});

describe('shutdown with writes in flight', () => {
  it('finishes a request it had begun, commits it, and refuses new ones', async () => {
    const dbFile = tempDb();
    const first = await startServer({ dbFile });
    const floor = token(first, 'floor').token;
    const body = JSON.stringify(newOrderBody('FLIGHT-1'));
    // headers and half the body now, the rest after shutdown has begun
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${first.url}/api/v1/orders`, { method: 'POST', headers: { authorization: `Bearer ${floor}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        closing = first.close();
        setTimeout(() => req.end(body.slice(20)), 50);
      }, 50);
    });
    let closing: Promise<void> | null = null;
    const r = await reply;
    expect(r.status).toBe(201);
    await closing;
    const id = (JSON.parse(r.text) as { id: string }).id;
    const second = await startServer({ dbFile });
    expect((await http(second, 'GET', `/api/v1/orders/${id}`, { token: token(second, 'floor').token })).status).toBe(200);
    await second.close();
  });
});
