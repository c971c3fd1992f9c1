/**
 * The customer page's test site (issue 18), for the e2e spec and the bench: a real order server
 * process simulating a peak's backlog, with its SMS gateway pointed at a local sink that keeps every
 * text it is handed, so a test reads the code from the text the customer would get.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readBody, waitFor } from './http-sink';
import { createToken, startServerProcess, tempDir, type Running } from './processes';
import { TRACK_COOKIE } from '@shared/track';
import { readServerDb } from './e2e-site';

export interface Text {
  phone: string;
  template: string;
  text: string;
}

export interface TrackSite {
  server: Running;
  db: string;
  texts: Text[];
  floorToken: string;
  stop(): Promise<void>;
}

/** The local SMS gateway: answers 200 and keeps each text. */
async function smsSink(texts: Text[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = JSON.parse(raw) as Text;
      texts.push({ phone: body.phone, template: body.template, text: body.text });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, server };
}

export async function startTrackSite(prefix: string, seed: number): Promise<TrackSite> {
  const texts: Text[] = [];
  const sink = await smsSink(texts);
  const db = join(tempDir(prefix), 'orders.sqlite');
  const floorToken = createToken(db, 'floor', 'track e2e floor');
  const server = await startServerProcess(db, ['--simulate', '--seed', String(seed), '--speed', '1', '--sms-webhook', sink.url]);
  return {
    server,
    db,
    texts,
    floorToken,
    async stop() {
      await server.stop();
      await new Promise((r) => sink.server.close(r));
    },
  };
}

const digits = (phone: string) => phone.replace(/[\s-]/g, '').slice(-11);

/** The newest code texted to `phone` after `since` texts, waiting for the outbox to hand it over. */
export async function codeFor(site: TrackSite, phone: string, since: number): Promise<string> {
  const mine = () => site.texts.slice(since).filter((t) => t.template === 'track_code' && digits(t.phone) === phone);
  await waitFor(`a code texted to ${phone}`, () => mine().length > 0, 20_000);
  const code = /(\d{6})/.exec(mine().at(-1)!.text)?.[1];
  if (!code) throw new Error(`no 6-digit code in ${mine().at(-1)!.text}`);
  return code;
}

export interface Customer {
  phone: string;
  orderNos: string[];
}

/** A customer of the backlog whose order is at `stages` (the first in orderNo order), with all their orders. */
export function customerAt(db: string, stages: readonly number[], not: readonly string[] = []): Customer {
  return readServerDb(db, (conn) => {
    const marks = stages.map(() => '?').join(',');
    const rows = conn
      .prepare(`SELECT customer_phone AS phone FROM orders WHERE stage IN (${marks}) ORDER BY order_no`)
      .all(...stages) as { phone: string }[];
    const phone = rows.map((r) => digits(r.phone)).find((p) => !not.includes(p));
    if (!phone) throw new Error(`no customer at stages ${stages.join(',')}`);
    return { phone, orderNos: ordersOf(db, phone) };
  });
}

export function ordersOf(db: string, phone: string): string[] {
  return readServerDb(db, (conn) =>
    (conn.prepare(`SELECT order_no AS orderNo, customer_phone AS p FROM orders ORDER BY order_no`).all() as { orderNo: string; p: string }[]).filter((r) => digits(r.p) === phone).map((r) => r.orderNo),
  );
}

/** A second order for `phone`, typed as people type numbers, through the floor API. */
export async function postOrderFor(site: TrackSite, phone: string, orderNo: string): Promise<void> {
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  const res = await fetch(`${site.server.url}/api/v1/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${site.floorToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': `track-${orderNo}` },
    body: JSON.stringify({
      orderNo,
      channel: 'tmall',
      productType: 'wardrobe',
      customer: { name: '李娜', phone: spaced },
      address: { province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路1号', lat: 31.19, lng: 121.44 },
      amount: 18800,
      promisedDate: '2026-03-01',
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/v1/orders ${orderNo}: ${res.status} ${await res.text()}`);
}

/** A session cookie for `phone` got through the API as the page gets it (code texted, then checked). */
export async function sessionCookie(site: TrackSite, phone: string): Promise<string> {
  const since = site.texts.length;
  const asked = await fetch(`${site.server.url}/track/api/code`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) });
  if (asked.status !== 202) throw new Error(`POST /track/api/code: ${asked.status} ${await asked.text()}`);
  const code = await codeFor(site, phone, since);
  const res = await fetch(`${site.server.url}/track/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone, code }) });
  if (res.status !== 200) throw new Error(`POST /track/api/session: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${TRACK_COOKIE}=`));
  if (!cookie) throw new Error(`no ${TRACK_COOKIE} cookie`);
  return cookie.split(';')[0]!.slice(TRACK_COOKIE.length + 1);
}
