/**
 * The SMS webhook provider against a real local gateway (node:http): texts queued by
 * `notify.customers` arrive rendered in zh-CN with the phone, rows become `sent`; a gateway that
 * answers 500 leaves the text `failed` with the reason after the retries, and the server stays up.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { NotificationData } from '@shared/entities';
import type { OrderServer } from '@server/app';
import { notifications, type NotificationRow } from '@server/db/schema';
import { WebhookProvider, type WebhookBody } from '@server/notify/webhook';
import { ask, connectDesk, http, newOrderBody, pullAll, removeTempDirs, startServer, token } from './helpers';
import { readBody, waitFor } from '../../support/http-sink';
import { Commander } from './fixtures';

interface Received {
  auth: string | undefined;
  body: WebhookBody;
  raw: string;
  headers: IncomingMessage['headers'];
}

/** What a gateway does with the secret (docs/operations.md, "SMS gateway"): recompute and compare. */
function verified(r: Received, secret: string, nowSeconds: number): boolean {
  const timestamp = String(r.headers['x-dutydesk-timestamp'] ?? '');
  const given = Buffer.from(String(r.headers['x-dutydesk-signature'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.raw}`).digest('hex')}`);
  const fresh = Math.abs(nowSeconds - Number(timestamp)) <= 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

let gateway: Server;
let gatewayUrl: string;
let answer = 200;
const received: Received[] = [];
let server: OrderServer;
let floor: string;
let desk: Socket;
let commander: Commander;


const until = (what: string, ok: () => boolean) => waitFor(what, ok, 8000);

const textsOf = (orderId: string): NotificationRow[] => server.db.select().from(notifications).where(eq(notifications.orderId, orderId)).all();

async function newOrder(orderNo: string, name: string, phone: string): Promise<string> {
  const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo, { customer: { name, phone } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

beforeAll(async () => {
  gateway = createServer((req, res) => {
    void readBody(req).then((text) => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(text) as WebhookBody, raw: text, headers: req.headers });
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer === 200 ? 'OK' : 'gateway down\n');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  // no rules: a configured gateway runs the outbox by itself
  // a plain-http gateway with a secret needs insecure (as --insecure-webhook does on the command line)
  server = await startServer({ smsWebhook: { url: gatewayUrl, secret: 's3cret', insecure: true }, outbox: { graceMs: 0, intervalMs: 25 } });
  floor = token(server, 'floor').token;
  desk = await connectDesk(server, { token: token(server, 'supervisor').token, clientId: 'sms-desk', protocol: 1 });
  commander = new Commander(desk);
});

afterAll(async () => {
  desk.close();
  await server.close();
  await new Promise((r) => gateway.close(r));
  removeTempDirs();
});

describe('SMS webhook', () => {
  it('delivers rendered zh-CN texts with the phone and marks them sent', async () => {
    answer = 200;
    const a = await newOrder('SMS-1', '王芳', '13912345678');
    const b = await newOrder('SMS-2', '李雷', '13800001111');
    const params = { date: '2026-03-02', window: '09:00-12:00', crewName: '徐汇1队' };
    expect((await commander.send('notify.customers', { orderIds: [a, b], template: 'install_confirmed', params })).status).toBe('applied');
    await until('both texts sent', () => [...textsOf(a), ...textsOf(b)].every((n) => n.status === 'sent'));

    const toA = received.find((r) => r.body.orderId === a);
    expect(toA?.auth).toBe('Bearer s3cret');
    // the key a gateway drops repeats by, and a body signed with the secret
    expect(toA?.headers['idempotency-key']).toBe(textsOf(a)[0]?.id);
    expect(toA && verified(toA, 's3cret', Math.floor(Date.now() / 1000))).toBe(true);
    expect(toA && verified({ ...toA, raw: toA.raw.replace('13912345678', '13900000000') }, 's3cret', Math.floor(Date.now() / 1000))).toBe(false);
    expect(toA && verified(toA, 'not-the-secret', Math.floor(Date.now() / 1000))).toBe(false);
    expect(toA?.body).toEqual({
      id: textsOf(a)[0]?.id,
      idempotencyKey: textsOf(a)[0]?.id,
      attempt: 1,
      orderId: a,
      phone: '13912345678',
      template: 'install_confirmed',
      params,
      text: '【华东定制家居】尊敬的王芳，您的订单SMS-1的安装已确认：2026-03-02 09:00-12:00，由徐汇1队上门。',
    });
    expect(received.find((r) => r.body.orderId === b)?.body).toMatchObject({ phone: '13800001111', text: expect.stringContaining('尊敬的李雷，您的订单SMS-2') });
    expect(textsOf(a)[0]).toMatchObject({ status: 'sent', attempts: 1, error: null, sentAt: expect.stringMatching(/\+08:00$/) });

    // the desk sees the delivery status
    const { changes } = await pullAll(desk);
    const wire = NotificationData.parse(changes.find((c) => c.entity === 'notification' && c.id === toA?.body.id)?.data);
    expect(wire).toMatchObject({ status: 'sent' });
    expect(wire.error).toBeUndefined();
  });

  it('retries a refused text 3 times, then leaves it failed with the reason; the server stays up', async () => {
    answer = 500;
    const c = await newOrder('SMS-3', '赵敏', '13700002222');
    expect((await commander.send('notify.customers', { orderIds: [c], template: 'install_booked', params: { date: '2026-03-03', window: '13:00-17:00' } })).status).toBe('applied');
    await until('the text failed', () => textsOf(c)[0]?.status === 'failed');
    const [row] = textsOf(c);
    expect(row).toMatchObject({ status: 'failed', attempts: 4, error: 'gateway answered HTTP 500: gateway down', sentAt: null });
    expect(received.filter((r) => r.body.orderId === c)).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 200));
    expect(received.filter((r) => r.body.orderId === c)).toHaveLength(4);

    const { changes } = await pullAll(desk);
    expect(NotificationData.parse(changes.find((x) => x.entity === 'notification' && x.id === row?.id)?.data)).toMatchObject({ status: 'failed', error: 'gateway answered HTTP 500: gateway down' });
    expect((await ask(desk, 'hello', {})).ok).toBe(true);
    expect((await http(server, 'GET', '/healthz')).status).toBe(200);

    // the gateway is back: new texts go out again
    answer = 200;
    const d = await newOrder('SMS-4', '周芷若', '13600003333');
    expect((await commander.send('notify.customers', { orderIds: [d], template: 'install_booked', params: { date: '2026-03-04', window: '18:00-21:00' } })).status).toBe('applied');
    await until('sent after recovery', () => textsOf(d)[0]?.status === 'sent');
    expect(textsOf(c)[0]?.status).toBe('failed');
  });

  it('refuses a plain-http gateway with a secret unless insecure; https is taken', () => {
    expect(() => new WebhookProvider({ url: 'http://gw.example/sms', secret: 's' })).toThrow(/plain http.*use an https URL, or pass --insecure-webhook/);
    expect(new WebhookProvider({ url: 'http://gw.example/sms', secret: 's', insecure: true }).target).toBe('http://gw.example/sms');
    expect(new WebhookProvider({ url: 'http://gw.example/sms' }).target).toBe('http://gw.example/sms');
    expect(new WebhookProvider({ url: 'https://gw.example/sms', secret: 's' }).target).toBe('https://gw.example/sms');
  });

  it('gives a short reason for a gateway that does not answer in time or cannot be reached', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const text = { id: 'n1', orderId: 'o1', template: 'install_booked', params: null, attempt: 1, order: { orderNo: 'X-1', customerName: '王芳', customerPhone: '139' } };
    try {
      await expect(new WebhookProvider({ url: `http://127.0.0.1:${port}/`, timeoutMs: 100 }).send(text)).rejects.toThrow('gateway did not answer within 0.1 s');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
    await expect(new WebhookProvider({ url: `http://127.0.0.1:${port}/` }).send(text)).rejects.toThrow('gateway unreachable: ECONNREFUSED');
    await expect(new WebhookProvider({ url: gatewayUrl }).send({ ...text, order: undefined })).rejects.toThrow('order o1 not found');
  });

  it("keeps a number the gateway echoes out of the reason that every desk and the floor read", async () => {
    const echo = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('invalid recipient 13912345678 (+8613912345678)');
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const text = { id: 'n2', orderId: 'o1', template: 'install_booked', params: null, attempt: 1, order: { orderNo: 'X-2', customerName: '王芳', customerPhone: '13912345678' } };
    try {
      const failed = new WebhookProvider({ url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/` }).send(text);
      await expect(failed).rejects.toThrow('gateway answered HTTP 400: invalid recipient 139****5678 (+861****5678)');
    } finally {
      await new Promise((r) => echo.close(r));
    }
  });
});
