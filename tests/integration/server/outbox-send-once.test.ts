/**
 * Send once when the outbox cannot write (issue 16, finding 2). An in-process order server on a
 * real SQLite file hands texts to a real local gateway; at the moment the gateway receives a
 * text, the server's database connection turns read-only (`PRAGMA query_only`: SQLite itself then
 * refuses every write with SQLITE_READONLY, as with a disk remounted read-only), so the write that
 * records the answer fails. Before the fix the text stayed `queued` and went out again on every
 * round, and the retry limit never applied.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import type { OrderServer } from '@server/app';
import { notifications, type NotificationRow } from '@server/db/schema';
import type { WebhookBody } from '@server/notify/webhook';
import { readBody, waitFor } from '../../support/http-sink';
import { Commander } from './fixtures';
import { connectDesk, http, newOrderBody, removeTempDirs, startServer, token } from './helpers';

const INTERVAL_MS = 20;

interface Gateway {
  server: Server;
  url: string;
  requests: { key: string | undefined; body: WebhookBody }[];
  /** what the next requests get; `release` answers one held by `hold` */
  status: number;
  readOnlyOnReceipt: boolean;
  hold: boolean;
  release: (() => void) | null;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = (what: string, ok: () => boolean) => waitFor(what, ok, 15_000);

let server: OrderServer;
let gw: Gateway;
let floor: string;
let desk: Socket;
let commander: Commander;

const setReadOnly = (on: boolean) => server.db.$client.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
const textOf = (orderId: string): NotificationRow => {
  const [row] = server.db.select().from(notifications).where(eq(notifications.orderId, orderId)).all();
  if (!row) throw new Error(`no text for ${orderId}`);
  return row;
};
/** Answers the request the gateway holds (`hold`). */
function answerHeld(): void {
  const answer = gw.release;
  gw.release = null;
  answer?.();
}
const requestsFor = (id: string) => gw.requests.filter((r) => r.body.id === id);

/** Rounds run by hand, spread over `ms` so that every backoff up to that long is over. */
async function roundsFor(ms: number): Promise<void> {
  const end = Date.now() + ms;
  do {
    await sleep(INTERVAL_MS);
    await server.outbox?.round();
  } while (Date.now() < end);
}

async function queueText(orderNo: string): Promise<{ orderId: string; mutationId: number }> {
  const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const mutationId = commander.next;
  const sent = await commander.send('notify.customers', { orderIds: [r.body.id], template: 'install_booked', params: { date: '2026-03-03', window: '13:00-17:00' } });
  expect(sent.status).toBe('applied');
  return { orderId: r.body.id as string, mutationId };
}

beforeAll(async () => {
  gw = { server: createServer(), url: '', requests: [], status: 200, readOnlyOnReceipt: false, hold: false, release: null };
  gw.server.on('request', (req, res) => {
    void readBody(req).then((text) => {
      gw.requests.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(text) as WebhookBody });
      // the disk goes read-only after the text is handed over and before the answer is written
      if (gw.readOnlyOnReceipt) setReadOnly(true);
      const answer = () => res.writeHead(gw.status, { 'content-type': 'text/plain' }).end(gw.status === 200 ? 'OK' : 'gateway down');
      if (gw.hold) gw.release = answer;
      else answer();
    });
  });
  await new Promise<void>((r) => gw.server.listen(0, '127.0.0.1', r));
  gw.url = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}/sms`;
});

// a server per test: a text one test leaves behind must not reach the next one's gateway
beforeEach(async () => {
  Object.assign(gw, { status: 200, readOnlyOnReceipt: false, hold: false, release: null });
  server = await startServer({ smsWebhook: { url: gw.url }, outbox: { graceMs: 0, intervalMs: INTERVAL_MS, retries: 2 } });
  floor = token(server, 'floor').token;
  desk = await connectDesk(server, { token: token(server, 'supervisor').token, clientId: 'send-once', protocol: 1 });
  commander = new Commander(desk);
});

afterEach(async () => {
  gw.readOnlyOnReceipt = false;
  setReadOnly(false);
  desk.close();
  await server.close();
});

afterAll(async () => {
  await new Promise((r) => gw.server.close(r));
  removeTempDirs();
});

describe('outbox send once', () => {
  it('sends nothing while the answer cannot be written, then resends once with the same key', async () => {
    gw.readOnlyOnReceipt = true;
    const { orderId } = await queueText('ONCE-1');
    await until('the gateway has the text', () => gw.requests.some((r) => r.body.orderId === orderId));
    const id = textOf(orderId).id;
    // well past the first backoff: a round a second would have texted the customer dozens of times
    await roundsFor(INTERVAL_MS * 15);
    expect(requestsFor(id)).toHaveLength(1);
    expect(textOf(orderId)).toMatchObject({ status: 'sending', attempts: 1 });

    setReadOnly(false);
    gw.readOnlyOnReceipt = false;
    await until('the text is marked sent', () => textOf(orderId).status === 'sent');
    expect(textOf(orderId)).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(requestsFor(id).map((r) => [r.key, r.body.attempt])).toEqual([
      [id, 1],
      [id, 2],
    ]);
  });

  it('keeps the retry limit when neither refusals nor attempts can be written', async () => {
    gw.status = 500;
    gw.readOnlyOnReceipt = true;
    const { orderId } = await queueText('ONCE-2');
    const id = await (async () => {
      await until('the gateway has the text', () => gw.requests.some((r) => r.body.orderId === orderId));
      return textOf(orderId).id;
    })();
    // retries: 2 → attempts 1..3, each refused by the gateway and unrecorded
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(`attempt ${attempt}`, () => requestsFor(id).length === attempt);
      await roundsFor(INTERVAL_MS * 5 ** (attempt - 1) * 3);
      expect(requestsFor(id)).toHaveLength(attempt);
      setReadOnly(false);
    }
    await until('the text failed', () => textOf(orderId).status === 'failed');
    expect(textOf(orderId)).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringContaining('no answer was recorded for attempt 3') });
    await roundsFor(INTERVAL_MS * 10);
    expect(requestsFor(id)).toHaveLength(3);
    expect(new Set(requestsFor(id).map((r) => r.key))).toEqual(new Set([id]));
  });

  it('an undo cancels a sending text: sent if the gateway took it, never tried again if not', async () => {
    gw.hold = true;
    const took = await queueText('ONCE-3');
    await until('the gateway holds the text', () => gw.release !== null);
    expect(textOf(took.orderId).status).toBe('sending');
    expect((await commander.send('undo', { clientId: 'send-once', mutationId: took.mutationId })).status).toBe('applied');
    expect(textOf(took.orderId).status).toBe('cancelled');
    answerHeld();
    // the customer has the text: the row says so
    await until('marked sent', () => textOf(took.orderId).status === 'sent');
    expect(textOf(took.orderId).error).toBeNull();

    gw.status = 500;
    const refused = await queueText('ONCE-4');
    await until('the gateway holds the second text', () => gw.release !== null);
    expect((await commander.send('undo', { clientId: 'send-once', mutationId: refused.mutationId })).status).toBe('applied');
    gw.hold = false;
    answerHeld();
    await roundsFor(INTERVAL_MS * 10);
    expect(textOf(refused.orderId)).toMatchObject({ status: 'cancelled', attempts: 1 });
    // the row says what the customer got: nothing (the reason names the gateway's answer)
    expect(textOf(refused.orderId).error).toMatch(/^cancelled; not delivered: gateway answered HTTP 500/);
    expect(requestsFor(textOf(refused.orderId).id)).toHaveLength(1);
  });
});
