/**
 * The customer self-service page's API over real HTTP (issue 18), against a real order server with
 * a local SMS gateway (node:http) receiving the codes. The outbox runs with its default 5-minute
 * grace and a 1-minute round, so a code that arrives proves it was handed over at once. The
 * track clock (real time for codes, sessions and limits) is moved by the test, never waited on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import Database from 'better-sqlite3';
import type { OrderServer } from '@server/app';
import { projectChanges } from '@server/desk/projection';
import { buildSnapshot } from '@server/snapshot/build';
import { snapshotTable } from '@shared/snapshot';
import { changesBetween } from '@server/db/changes';
import { notifications, orders, trackAccess } from '@server/db/schema';
import type { WebhookBody } from '@server/notify/webhook';
import { CodeAccepted, CustomerRequestData, normalizePhone, TrackAccessData, TrackOrderDetail, TrackOrderList } from '@shared/track';
import { connectDesk, http, newOrderBody, pullAll, removeTempDirs, startServer, token } from './helpers';
import { readBody, waitFor } from '../../support/http-sink';
import { withTempDir } from '../../support/harness';

const PHONE_A = '13912345678';
const PHONE_B = '13800138000';
const NO_ORDERS = '13700000001';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let gateway: Server;
const texts: WebhookBody[] = [];
let server: OrderServer;
let floor: string;
let nowMs = Date.parse('2026-12-01T10:00:00+08:00');
let pageDir: string;

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  text: string;
}

async function call(method: string, path: string, o: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers };
  const res = await fetch(server.url + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let body: Reply['body'];
  try {
    body = text ? (JSON.parse(text) as Reply['body']) : {};
  } catch {
    body = {}; // the page's files and plain-text answers
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** A fresh stretch of time: every limit window of earlier tests is over. */
const freshDay = () => (nowMs += 3 * DAY);

// the gateway gets the number as the order has it (`139 1234-5678`, `+86 138-…`)
const codesFor = (phone: string) => texts.filter((t) => normalizePhone(t.phone) === phone && t.template === 'track_code');

/** Asks for a code and returns the one the gateway got. */
async function codeFor(phone: string): Promise<string> {
  const before = codesFor(phone).length;
  const r = await call('POST', '/track/api/code', { body: { phone } });
  expect(r.status, r.text).toBe(202);
  await waitFor(`a code text to ${phone}`, () => codesFor(phone).length > before, 8000);
  const text = codesFor(phone).at(-1) as WebhookBody;
  const code = String(text.params.code);
  expect(code).toMatch(/^\d{6}$/);
  expect(text.text).toContain(code);
  return code;
}

async function signIn(phone: string, headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string }> {
  const code = await codeFor(phone);
  const r = await call('POST', '/track/api/session', { body: { phone, code }, headers });
  expect(r.status, r.text).toBe(200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] as string, setCookie };
}

async function newOrder(orderNo: string, name: string, phone: string): Promise<string> {
  const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo, { customer: { name, phone } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

beforeAll(async () => {
  gateway = createServer((req, res) => {
    void readBody(req).then((text) => {
      texts.push(JSON.parse(text) as WebhookBody);
      res.writeHead(200).end('OK');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  pageDir = withTempDir('dd-track-page-');
  server = await startServer({ smsWebhook: { url }, outbox: { intervalMs: 60_000 }, track: { dir: pageDir, now: () => nowMs } });
  floor = token(server, 'floor').token;
  await newOrder('TR-A1', '王芳', PHONE_A);
  const a2 = await newOrder('TR-A2', '王芳', '139 1234-5678');
  await newOrder('TR-B1', '李雷', `+86 ${PHONE_B.slice(0, 3)}-${PHONE_B.slice(3, 7)}-${PHONE_B.slice(7)}`);
  // A2 has shipped: the page shows the carrier's link (data as a hand-off leaves it)
  server.db.update(orders).set({ stage: 9, carrier: '德邦物流', waybill: 'DP123456789', stageEnteredAt: '2026-11-30T10:00:00+08:00' }).where(eq(orders.id, a2)).run();
});

afterAll(async () => {
  await server.close();
  await new Promise((r) => gateway.close(r));
  removeTempDirs();
});

describe('the self-service flow', () => {
  it('texts a code at once, opens a session with a strict cookie, lists the phone’s orders and shows one', async () => {
    freshDay();
    const { cookie, setCookie } = await signIn(PHONE_A);
    expect(setCookie).toMatch(/^dd_track=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/track');
    expect(setCookie).toContain('Max-Age=1800');
    expect(setCookie).not.toContain('Secure');

    const list = await call('GET', '/track/api/orders', { cookie });
    expect(list.status).toBe(200);
    const parsed = TrackOrderList.parse(list.body);
    expect(parsed.orders.map((o) => o.orderNo).sort()).toEqual(['TR-A1', 'TR-A2']);
    expect(parsed.orders.every((o) => o.customerName === '王*')).toBe(true);
    expect(list.text).not.toContain('王芳');
    expect(list.text).not.toContain(PHONE_A);

    const detail = await call('GET', `/track/api/orders/${encodeURIComponent('TR-A2')}`, { cookie });
    expect(detail.status, detail.text).toBe(200);
    const d = TrackOrderDetail.parse(detail.body);
    expect(d.current).toBe(9);
    expect(d.stages.map((s) => s.state)).toEqual([...Array(8).fill('done'), 'current', 'next', 'next', 'next']);
    expect(d.stages[8]?.actual).toBe('2026-11-30T10:00:00+08:00');
    expect(d.stages.every((s) => s.planned !== null)).toBe(true);
    // the stage budgets run on: delivered 72 h after shipping at the earliest, and finished after that
    expect(d.stages[9]!.planned! >= '2026-12-03').toBe(true);
    expect(d.contact).toMatchObject({ role: 'carrier', zh: '物流客服', phone: '400-820-1006' });
    expect(d.tracking).toEqual({ carrier: '德邦物流', waybill: 'DP123456789', url: 'https://track.example.com/deppon?waybill=DP123456789' });
    expect(d.canRequestDate).toBe(true);
    expect(d.expectedCompletion >= d.stages[10]!.planned!).toBe(true);

    // the code left the text once the gateway had it, and it never travelled to a desk
    const codeText = server.db.select().from(notifications).where(eq(notifications.template, 'track_code')).all();
    expect(codeText.length).toBeGreaterThan(0);
    await waitFor('the sent code wiped from its text', () => server.db.select().from(notifications).where(eq(notifications.template, 'track_code')).all().every((n) => n.status !== 'sent' || n.params === null), 8000);
    const wire = changesBetween(server.db, 0, server.head()).filter((c) => c.entity === 'notification' && c.data?.template === 'track_code');
    expect(wire.length).toBeGreaterThan(0);
    expect(wire.every((c) => !('params' in (c.data ?? {})))).toBe(true);
  });

  it('marks the cookie Secure behind a proxy that says https', async () => {
    freshDay();
    const { setCookie } = await signIn(PHONE_A, { 'x-forwarded-proto': 'https' });
    expect(setCookie).toContain('; Secure');
  });

  it('never shows one phone’s orders to another phone’s session, and answers alike for orders that do not exist', async () => {
    freshDay();
    const { cookie } = await signIn(PHONE_B);
    const list = TrackOrderList.parse((await call('GET', '/track/api/orders', { cookie })).body);
    expect(list.orders.map((o) => o.orderNo)).toEqual(['TR-B1']);
    const other = await call('GET', '/track/api/orders/TR-A1', { cookie });
    const none = await call('GET', '/track/api/orders/TR-NOPE', { cookie });
    expect(other.status).toBe(404);
    expect(other.text).toBe(none.text);
    const request = await call('POST', '/track/api/requests', { cookie, body: { orderNo: 'TR-A1', wanted: '2026-12-20' } });
    expect(request.status).toBe(404);
    expect(request.text).toBe(none.text);
    // without a session nothing is read
    expect((await call('GET', '/track/api/orders')).status).toBe(401);
    expect((await call('GET', '/track/api/orders/TR-B1')).status).toBe(401);
    // a session ends after 30 minutes
    nowMs += 30 * MIN + 1000;
    expect((await call('GET', '/track/api/orders', { cookie })).status).toBe(401);
  });

  it('queues a date-change request for the war room with an order event, once', async () => {
    freshDay();
    const { cookie } = await signIn(PHONE_A);
    const bad = await call('POST', '/track/api/requests', { cookie, body: { orderNo: 'TR-A1', wanted: '2020-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^wanted:/);
    const r = await call('POST', '/track/api/requests', { cookie, body: { orderNo: 'TR-A1', wanted: '2099-01-05', note: '周末在家' } });
    expect(r.status, r.text).toBe(201);
    const again = await call('POST', '/track/api/requests', { cookie, body: { orderNo: 'TR-A1', wanted: '2099-01-06' } });
    expect(again.status).toBe(409);
    const changes = changesBetween(server.db, 0, server.head());
    const requests = changes.filter((c) => c.entity === 'customer_request').map((c) => CustomerRequestData.parse(c.data));
    expect(requests).toEqual([expect.objectContaining({ orderNo: 'TR-A1', kind: 'date_change', wanted: '2099-01-05', note: '周末在家', state: 'new' })]);
    expect(changes.some((c) => c.entity === 'event' && c.data?.kind === 'customer_request' && String(c.data?.note).includes('2099-01-05'))).toBe(true);
    const d = TrackOrderDetail.parse((await call('GET', '/track/api/orders/TR-A1', { cookie })).body);
    expect(d.canRequestDate).toBe(false);
    expect(d.openRequest?.wanted).toBe('2099-01-05');
  });
});

describe('what a stranger learns', () => {
  it('gets the same 202 for a phone without orders, and no text is queued for it', async () => {
    freshDay();
    const known = await call('POST', '/track/api/code', { body: { phone: PHONE_B } });
    const unknown = await call('POST', '/track/api/code', { body: { phone: NO_ORDERS } });
    expect(unknown.status).toBe(202);
    expect(unknown.text).toBe(known.text);
    CodeAccepted.parse(unknown.body);
    const queued = server.db.select().from(notifications).where(eq(notifications.template, 'track_code')).all();
    const phones = new Set(queued.map((n) => server.db.select().from(orders).where(eq(orders.id, n.orderId)).get()?.customerPhone));
    expect([...phones].some((p) => p?.replace(/\D/g, '').endsWith(NO_ORDERS))).toBe(false);
    // any code for it is refused exactly like a wrong code for a phone with orders
    const forUnknown = await call('POST', '/track/api/session', { body: { phone: NO_ORDERS, code: '123456' } });
    const wrong = await call('POST', '/track/api/session', { body: { phone: PHONE_B, code: '000000' } });
    expect(forUnknown.status).toBe(401);
    expect(forUnknown.text).toBe(wrong.text);
  });

  it('refuses a code after 10 minutes, and after 5 wrong tries', async () => {
    freshDay();
    const late = await codeFor(PHONE_B);
    nowMs += 10 * MIN + 1000;
    expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code: late } })).status).toBe(401);
    nowMs += 2 * MIN;
    const code = await codeFor(PHONE_B);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code: wrong } })).status).toBe(401);
    expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code } })).status).toBe(401);
    // a used code opens no second session
    nowMs += 2 * MIN;
    const fresh = await codeFor(PHONE_B);
    expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code: fresh } })).status).toBe(200);
    expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code: fresh } })).status).toBe(401);
  });

  it('limits codes per phone: 1 a minute, 5 an hour, 10 a day, alike with or without orders', async () => {
    for (const phone of [NO_ORDERS, PHONE_B]) {
      freshDay();
      const ask = () => call('POST', '/track/api/code', { body: { phone } });
      expect((await ask()).status).toBe(202);
      const minute = await ask();
      expect(minute.status).toBe(429);
      expect(minute.body.error?.code).toBe('rate_limited');
      expect(Number(minute.headers.get('retry-after'))).toBe(60);
      // 4 more, a minute apart: the 6th in the hour waits for the first to leave the hour
      for (let i = 0; i < 4; i++) {
        nowMs += MIN;
        expect((await ask()).status).toBe(202);
      }
      nowMs += MIN;
      const hour = await ask();
      expect(hour.status).toBe(429);
      expect(Number(hour.headers.get('retry-after'))).toBe(HOUR / 1000 - 5 * 60);
      // 5 more in the next hour make 10 in the day
      nowMs += HOUR;
      for (let i = 0; i < 5; i++) {
        expect((await ask()).status).toBe(202);
        nowMs += MIN;
      }
      nowMs += HOUR;
      const day = await ask();
      expect(day.status).toBe(429);
      expect(Number(day.headers.get('retry-after'))).toBeGreaterThan(20 * 3600);
      nowMs += DAY;
      expect((await ask()).status).toBe(202);
    }
  });

  it('limits code requests and failed sign-ins per address', async () => {
    freshDay();
    for (let i = 0; i < 10; i++) expect((await call('POST', '/track/api/code', { body: { phone: `1350000${String(i).padStart(4, '0')}` } })).status).toBe(202);
    const eleventh = await call('POST', '/track/api/code', { body: { phone: '13500009999' } });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBe(60);

    freshDay();
    const code = await codeFor(PHONE_B);
    for (let i = 0; i < 20; i++) expect((await call('POST', '/track/api/session', { body: { phone: `1360000${String(i).padStart(4, '0')}`, code: '111111' } })).status).toBe(401);
    // the right code waits too while the address is over its failures
    const blocked = await call('POST', '/track/api/session', { body: { phone: PHONE_B, code } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(600);
    nowMs += 10 * MIN;
    expect((await call('POST', '/track/api/session', { body: { phone: PHONE_B, code } })).status).toBe(401); // expired meanwhile: 10 minutes
  });

  it('answers a bad body with the field and why, and refuses a POST that is not JSON', async () => {
    freshDay();
    const bad = await call('POST', '/track/api/code', { body: { phone: '12345' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toBe('phone: a mainland mobile number, 11 digits starting with 1');
    const form = await fetch(`${server.url}/track/api/code`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `phone=${PHONE_B}` });
    expect(form.status).toBe(415);
    expect((await call('POST', '/track/api/code', { body: { phone: '139-1234 5678' } })).status).toBe(202);
  });
});

describe('a flood from one address', () => {
  it('is refused before anything is read or written: 40 at once, then 2 a second', async () => {
    freshDay();
    const logged = () => server.db.select().from(trackAccess).all().length;
    const before = logged();
    for (let i = 0; i < 40; i++) expect((await call('POST', '/track/api/code', { body: { phone: 'x' } })).status).toBe(400);
    const refused = await call('POST', '/track/api/code', { body: { phone: 'x' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(logged()).toBe(before + 40);
    nowMs += 1000;
    expect((await call('POST', '/track/api/code', { body: { phone: 'x' } })).status).toBe(400);
  });
});

describe('the access log', () => {
  it('records every code request, sign-in and read with the phone masked, for supervisors with addresses', async () => {
    const rows = server.db.select().from(trackAccess).all();
    const kinds = new Set(rows.map((r) => `${r.kind}:${r.outcome}`));
    for (const k of ['code:sent', 'code:no_orders', 'code:limited', 'code:bad_request', 'session:ok', 'session:wrong_code', 'session:expired', 'session:attempts_used', 'session:no_code', 'session:limited', 'orders:ok', 'orders:unauthorized', 'order:ok', 'order:not_found', 'request:ok', 'request:conflict', 'request:not_found']) {
      expect(kinds, k).toContain(k);
    }
    expect(rows.every((r) => r.phone === null || /^\d{3}\*{4}\d{4}$/.test(r.phone))).toBe(true);

    const supervisor = await connectDesk(server, { token: token(server, 'supervisor').token, clientId: 'track-sup', protocol: 1 });
    const viewer = await connectDesk(server, { token: token(server, 'viewer').token, clientId: 'track-view', protocol: 1 });
    try {
      const seen = async (desk: Socket) => (await pullAll(desk)).changes.filter((c) => c.entity === 'track_access');
      const forSupervisor = await seen(supervisor);
      const forViewer = await seen(viewer);
      expect(forSupervisor.length).toBe(rows.length);
      expect(forSupervisor.map((c) => TrackAccessData.parse(c.data)).every((a) => a.address === '127.0.0.1')).toBe(true);
      expect(forViewer.map((c) => TrackAccessData.parse(c.data)).every((a) => a.address === undefined)).toBe(true);
      const all = JSON.stringify([...forSupervisor, ...forViewer]);
      for (const phone of [PHONE_A, PHONE_B, NO_ORDERS]) expect(all).not.toContain(phone);
    } finally {
      supervisor.close();
      viewer.close();
    }
  });
});

describe('snapshots', () => {
  it('carry the access log, the requests and the code texts exactly as a pull does, per role', async () => {
    const dir = withTempDir('dd-track-snap-');
    for (const role of ['supervisor', 'viewer'] as const) {
      const file = join(dir, `${role}.sqlite`);
      await buildSnapshot({ dbFile: server.db.$client.name, outFile: file, role, serverId: server.serverId });
      const snap = new Database(file, { readonly: true });
      try {
        const pulled = projectChanges(role, changesBetween(server.db, 0, server.head())).filter((c) => !c.deleted);
        for (const entity of ['track_access', 'customer_request', 'notification']) {
          const want = pulled.filter((c) => c.entity === entity).map((c) => ({ id: c.id, version: c.version, data: c.data }));
          const got = (snap.prepare(`SELECT id, version, data FROM ${snapshotTable(entity)}`).all() as Array<{ id: string; version: number; data: string }>).map((r) => ({ id: r.id, version: r.version, data: JSON.parse(r.data) as unknown }));
          expect(want.length, `${role} ${entity}`).toBeGreaterThan(0);
          expect(sortById(got), `${role} ${entity}`).toEqual(sortById(want));
        }
      } finally {
        snap.close();
      }
    }
  });
});

const sortById = <T extends { id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the page’s files', () => {
  it('says the page is not built yet, then serves it compressed with a CSP and long-cached hashed assets', async () => {
    const missing = await call('GET', '/track');
    expect(missing.status).toBe(503);
    expect(missing.text).toContain('not built');

    const style = 'body{margin:0;font:16px sans-serif}';
    const script = 'document.documentElement.dataset.boot="1"';
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${style}</style><script>${script}</script><script type="module" src="/track/assets/app-3f9a1c2b.js"></script></head><body><main id="app">${'订单查询'.repeat(100)}</main></body></html>`;
    mkdirSync(join(pageDir, 'assets'));
    writeFileSync(join(pageDir, 'index.html'), html);
    writeFileSync(join(pageDir, 'assets', 'app-3f9a1c2b.js'), 'export const x = 1;\n'.repeat(100));

    const page = await fetch(`${server.url}/track`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`style-src 'self' ${sha(style)}`);
    expect(csp).toContain(`script-src 'self' ${sha(script)}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await page.text()).toBe(html); // fetch decoded it

    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) => {
        get(`${server.url}/track/assets/app-3f9a1c2b.js`, { headers: { 'accept-encoding': 'br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) });
          });
        }).on('error', reject);
      }, reject);
    });
    expect(raw.encoding).toBe('br');
    expect(brotliDecompressSync(raw.body).toString()).toBe('export const x = 1;\n'.repeat(100));

    expect((await call('GET', '/track/%2e%2e/package.json')).status).toBe(404);
    expect((await call('GET', '/track/assets/nope.js')).status).toBe(404);
    expect((await call('POST', '/track')).status).toBe(405);
  });
});
