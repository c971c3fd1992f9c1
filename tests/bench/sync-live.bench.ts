/**
 * Live sync figures: server commit → desk replica commit → subscribers (what the renderer's
 * WebSocket forwards) told, at 100 and 1,000 changes per second, and the bytes a change costs on the
 * wire. Baseline: a bare socket.io client receiving the same pushes (the transport alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { startOrderServer, type OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { addDays, shanghaiDate } from '@shared/time';
import { createDeskBackend } from '@main/backend';
import type { Benchmark, Figure } from './harness';

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
}

async function fire(server: OrderServer, floor: string, perSecond: number, seconds: number): Promise<void> {
  const promised = addDays(shanghaiDate(server.clock.now()), 30);
  const total = perSecond * seconds;
  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      fetch(`${server.url}/api/v1/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${floor}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          orderNo: `BENCH-${perSecond}-${i}-${Math.random().toString(36).slice(2, 8)}`,
          channel: 'douyin',
          productType: 'wardrobe',
          customer: { name: '周先生', phone: '13500000000' },
          address: { province: '江苏省', city: '苏州市', district: '姑苏区', detail: '人民路', lat: 31.3, lng: 120.62 },
          amount: 15000,
          promisedDate: promised,
        }),
      }),
    );
    if (inFlight.length > 64) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

async function liveLatency(perSecond: number): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'dd-bench-live-'));
  const server = await startOrderServer({ dbFile: join(dir, 'orders.sqlite'), port: 0, rateLimit: false, simulate: { seed: 2, speed: 1, live: false, backlogOrders: 2000 } });
  try {
    const token = createToken(server.db, 'supervisor', 'bench').token;
    const floor = createToken(server.db, 'floor', 'bench-floor').token;
    const committedAt = new Map<number, number>();
    server.writer.onCommit((push) => committedAt.set(push.to, performance.now()));
    const desk = createDeskBackend({ dataDir: join(dir, 'desk'), serverUrl: server.url, token, demo: false });
    const deskLatency: number[] = [];
    let seen = 0;
    desk.subscribe((event) => {
      if (event.type !== 'status') return;
      const now = performance.now();
      for (let v = seen + 1; v <= event.status.checkpoint; v++) {
        const t0 = committedAt.get(v);
        if (t0 !== undefined) deskLatency.push(now - t0);
      }
      seen = Math.max(seen, event.status.checkpoint);
    });
    while ((await desk.handlers.status({})).checkpoint !== server.head()) await new Promise((r) => setTimeout(r, 20));
    seen = server.head();
    // baseline: a bare client on the same server, timing the same pushes
    const raw = io(`${server.url}/desk`, { auth: { token, clientId: 'bench-raw', protocol: 1 }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((r) => raw.once('connect', () => r()));
    const rawLatency: number[] = [];
    raw.on('changes', (push: { to: number }) => {
      const t0 = committedAt.get(push.to);
      if (t0 !== undefined) rawLatency.push(performance.now() - t0);
    });
    await fire(server, floor, perSecond, 3);
    while ((await desk.handlers.status({})).checkpoint !== server.head()) await new Promise((r) => setTimeout(r, 20));
    raw.close();
    await desk.close();
    return {
      value: p95(deskLatency),
      unit: 'ms',
      baseline: p95(rawLatency),
      note: `p95 of ${deskLatency.length} commits at ${perSecond}/s: server commit → replica commit → subscribers told; goal ≤ 150; baseline: bare socket.io client`,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bytesPerChange(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'dd-bench-bytes-'));
  const server = await startOrderServer({ dbFile: join(dir, 'orders.sqlite'), port: 0, simulate: { seed: 2, speed: 1, live: false, backlogOrders: 300 } });
  try {
    const token = createToken(server.db, 'supervisor', 'bench').token;
    const floor = createToken(server.db, 'floor', 'bench-floor').token;
    const raw = io(`${server.url}/desk`, { auth: { token, clientId: 'bench-bytes', protocol: 1 }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((r) => raw.once('connect', () => r()));
    const pushes: string[] = [];
    raw.on('changes', (push: unknown) => pushes.push(JSON.stringify(push)));
    // an ordinary stage change: an order in cutting enters edge banding
    const orders = server.db.$client.prepare('SELECT id FROM orders WHERE stage = 4 AND deleted = 0 LIMIT 50').all() as Array<{ id: string }>;
    for (const { id } of orders) {
      const res = await fetch(`${server.url}/api/v1/orders/${id}/advance`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${floor}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ stage: 5 }),
      });
      if (!res.ok) throw new Error(`advance ${id}: ${res.status} ${await res.text()}`);
    }
    while (pushes.length < orders.length) await new Promise((r) => setTimeout(r, 10));
    raw.close();
    const bytes = pushes.map((p) => Buffer.byteLength(p));
    const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;
    // baseline: sending the whole order row and its full history, as a naive "send the record" sync would
    const full = server.db.$client.prepare('SELECT o.*, (SELECT json_group_array(json_object(\'kind\', e.kind, \'at\', e.at, \'stage\', e.stage, \'note\', e.note)) FROM events e WHERE e.order_id = o.id) AS history FROM orders o WHERE o.id = ?');
    const naive = orders.map(({ id }) => Buffer.byteLength(JSON.stringify(full.get(id))));
    return {
      value: mean,
      unit: 'B',
      baseline: naive.reduce((a, b) => a + b, 0) / naive.length,
      note: `mean push size of ${pushes.length} stage changes (order row + stage event, JSON); baseline: the order with its whole history`,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const syncLiveBenchmarks: Benchmark[] = [
  { name: 'sync.live.p95.ms@100/s', run: () => liveLatency(100) },
  { name: 'sync.live.p95.ms@1000/s', run: () => liveLatency(1000) },
  { name: 'sync.bytesPerChange', run: bytesPerChange },
];
