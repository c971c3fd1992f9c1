/**
 * Send once across a crash (issue 16, finding 2): a real order server process hands a text to a
 * real local gateway, which kills the server with SIGKILL before answering (the crash between the
 * gateway taking the text and the server writing it down). Restarted on the same database file,
 * the server sends the text again with the same idempotency key and a counted attempt; the
 * gateway, dropping repeated keys as a real one does, texts the customer exactly once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { openServerDb } from '@server/db/open';
import { createToken } from '@server/db/tokens';
import type { WebhookBody } from '@server/notify/webhook';
import { readBody, waitFor } from '../../support/http-sink';
import { startAndWaitFor, type Running as RunningProcess } from '../../support/processes';
import { Commander } from './fixtures';
import { connectDesk, http, newOrderBody, removeTempDirs, tempDb } from './helpers';


type Running = RunningProcess & { exited: Promise<void> };

function startServerProcess(db: string, gatewayUrl: string): Promise<Running> {
  const config = { db, smsWebhook: { url: gatewayUrl } };
  return startAndWaitFor(['--import', 'tsx', 'tests/support/outbox-server.ts', JSON.stringify(config)], /listening on (http:\/\/\S+)/).then((r) => ({
    ...r,
    exited: r.proc.exitCode !== null || r.proc.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => r.proc.once('exit', () => done())),
  }));
}

const until = (what: string, ok: () => boolean) => waitFor(what, ok, 30_000);

/** A gateway that drops a repeated Idempotency-Key (answering 200) and delivers each key once. */
class DedupGateway {
  readonly requests: { key: string | undefined; body: WebhookBody }[] = [];
  readonly delivered = new Map<string, number>();
  /** called on a request before it is answered; `true` leaves it unanswered */
  beforeAnswer: (() => Promise<boolean>) | null = null;
  server: Server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      const key = req.headers['idempotency-key'] as string | undefined;
      this.requests.push({ key, body: JSON.parse(text) as WebhookBody });
      if (this.beforeAnswer && (await this.beforeAnswer())) return void req.socket.destroy();
      if (key && !this.delivered.has(key)) this.delivered.set(key, 1);
      else if (!key) this.delivered.set(`no-key-${this.requests.length}`, 1);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  url = '';
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }
}

const gateway = new DedupGateway();
let running: Running | null = null;

afterAll(async () => {
  running?.proc.kill('SIGKILL');
  await running?.exited;
  await new Promise((r) => gateway.server.close(r));
  removeTempDirs();
});

describe('outbox across a crash', () => {
  it('resends a text left sending by SIGKILL with the same key; the customer gets it once', async () => {
    const db = tempDb();
    const setup = openServerDb(db);
    const floor = createToken(setup, 'floor', 'crash-floor').token;
    const supervisor = createToken(setup, 'supervisor', 'crash-sup').token;
    setup.$client.close();
    await gateway.listen();

    // the first text that arrives kills the server before the gateway answers
    let first: Running | null = null;
    gateway.beforeAnswer = async () => {
      gateway.beforeAnswer = null;
      first?.proc.kill('SIGKILL');
      await first?.exited;
      return true;
    };
    first = running = await startServerProcess(db, gateway.url);
    const at = { url: first.url } as OrderServer;
    const order = await http(at, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('CRASH-1', { customer: { name: '王芳', phone: '13912345678' } }) });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const desk = await connectDesk(at, { token: supervisor, clientId: 'crash-desk', protocol: 1 });
    const queued = await new Commander(desk).send('notify.customers', { orderIds: [order.body.id], template: 'install_booked', params: { date: '2026-03-03', window: '13:00-17:00' } });
    expect(queued.status).toBe('applied');
    await first.exited;
    desk.close();
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(gateway.requests).toHaveLength(1);
    const key = gateway.requests[0]?.body.id;
    expect(gateway.requests[0]).toMatchObject({ key, body: { idempotencyKey: key, attempt: 1 } });

    // as the crash left it: handed over, outcome not written
    const left = new Database(db, { readonly: true });
    expect(left.prepare('SELECT status, attempts FROM notifications WHERE id = ?').get(key)).toEqual({ status: 'sending', attempts: 1 });
    left.close();

    running = await startServerProcess(db, gateway.url);
    const read = new Database(db, { readonly: true });
    const row = () => read.prepare('SELECT status, attempts, error FROM notifications WHERE id = ?').get(key) as { status: string; attempts: number; error: string | null };
    await until('the text is sent after the restart', () => row().status === 'sent');
    expect(row()).toEqual({ status: 'sent', attempts: 2, error: null });
    read.close();
    expect(gateway.requests.map((r) => [r.key, r.body.idempotencyKey, r.body.attempt])).toEqual([
      [key, key, 1],
      [key, key, 2],
    ]);
    expect([...gateway.delivered.keys()]).toEqual([key]);
  });
});
