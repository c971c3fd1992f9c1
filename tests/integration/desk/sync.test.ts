// A real order server and a real desk back end over real socket.io, with real SQLite files:
// an order created through the floor API reaches the replica, and both digests match.
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { addDays, shanghaiDate } from '@shared/time';
import type { DeskBackend } from '@main/backend';
import { until as waitUntil } from '../../support/desk-harness';
import { postOrder } from '../../support/floor-client';
import { backlog, withDesk, withServer } from '../../support/harness';


// the shared poller, with this file's shorter default wait
const until = <T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 20_000) => waitUntil(what, probe, ok, ms);

async function serverDigest(s: OrderServer): Promise<{ version: number; count: number; sha256: string }> {
  const { token } = createToken(s.db, 'viewer', 'digest-check');
  const socket = io(`${s.url}/desk`, { auth: { token, clientId: 'digest-check', protocol: 1 }, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((res, rej) => {
      socket.once('connect', () => res());
      socket.once('connect_error', rej);
    });
    const reply = (await socket.emitWithAck('digest', {})) as { ok: boolean; version: number; count: number; sha256: string };
    expect(reply.ok).toBe(true);
    return { version: reply.version, count: reply.count, sha256: reply.sha256 };
  } finally {
    socket.close();
  }
}

const MINHANG = { province: '上海市', city: '上海市', district: '闵行区', lat: 31.11, lng: 121.38 };
const createOrder = (s: OrderServer, floorToken: string, orderNo: string, promisedDate: string) =>
  postOrder(s.url, floorToken, { orderNo, promisedDate, channel: 'jd', productType: 'wardrobe', district: MINHANG });

const caughtUp = (d: DeskBackend) => until('live and caught up', () => d.handlers.status({}), (st) => st.state === 'live' && st.checkpoint === st.head);

describe('desk back end ⇄ order server', () => {
  it('an order created through the floor API reaches the replica and the digests match', async () => {
    const s = await withServer();
    const floor = createToken(s.db, 'floor', 'workshop').token;
    const d = withDesk(s);
    await caughtUp(d);
    const today = shanghaiDate(s.clock.now());
    const id = await createOrder(s, floor, 'HD-INT-1', addDays(today, -2));
    const map = await until('the order on the map', () => d.handlers.mapView({}), (m) => m.points.some((x) => x.id === id));
    expect(map.counters).toMatchObject({ inFlight: 1, overdue: 1 });
    expect(map.points[0]).toMatchObject({ orderNo: 'HD-INT-1', district: '闵行区', status: 'overdue', reason: 'promised_date' });
    const st = await caughtUp(d);
    expect(st.checkpoint).toBe(s.head());
    expect(await d.handlers.digest({})).toEqual(await serverDigest(s));
  });

  it('a desk that was away catches up from its checkpoint after a restart', async () => {
    const s = await withServer();
    const floor = createToken(s.db, 'floor', 'workshop').token;
    const first = withDesk(s);
    const { dataDir, token } = first;
    await caughtUp(first);
    await createOrder(s, floor, 'HD-INT-2', addDays(shanghaiDate(s.clock.now()), 30));
    await until('first order', () => first.handlers.status({}), (st) => st.checkpoint === s.head());
    const checkpointBefore = (await first.handlers.status({})).checkpoint;
    await first.close();

    for (let i = 0; i < 25; i++) await createOrder(s, floor, `HD-INT-3-${i}`, addDays(shanghaiDate(s.clock.now()), 30));
    const second = withDesk(s, { dataDir, token });
    // the replica file kept what it had: the desk starts from its checkpoint, not from zero
    expect((await second.handlers.status({})).checkpoint).toBe(checkpointBefore);
    await caughtUp(second);
    expect((await second.handlers.mapView({})).counters.inFlight).toBe(26);
    expect(await second.handlers.digest({})).toEqual(await serverDigest(s));
  });

  it('a simulated backlog syncs in pages and the digests match', async () => {
    const s = await withServer({ simulate: backlog(11, 600) });
    const d = withDesk(s);
    const st = await caughtUp(d);
    expect(st.checkpoint).toBe(s.head());
    const map = await until('overdue orders', () => d.handlers.mapView({}), (m) => m.counters.overdue > 0);
    expect(map.counters.inFlight).toBeGreaterThan(300);
    expect(await d.handlers.digest({})).toEqual(await serverDigest(s));
  });

  it('a refused token is a clear state, not a crash', async () => {
    const s = await withServer();
    const d = withDesk(s, { token: 'not-a-token' });
    const st = await until('unauthorized', () => d.handlers.status({}), (x) => x.state === 'unauthorized');
    expect(st.connected).toBe(false);
    expect(st.lastError).toMatch(/unauthorized/);
  });

  it('a floor token cannot open the desk channel', async () => {
    const s = await withServer();
    const d = withDesk(s, { role: 'floor', name: 'scanner' });
    await until('forbidden', () => d.handlers.status({}), (x) => x.state === 'forbidden');
  });

  it('a server that goes away shows offline, and the desk catches up when it is back', async () => {
    let s = await withServer();
    const { port } = s;
    const dbFile = s.db.$client.name;
    const floor = createToken(s.db, 'floor', 'workshop').token;
    const d = withDesk(s);
    await caughtUp(d);
    await s.close();
    await until('offline', () => d.handlers.status({}), (x) => x.state === 'offline' && !x.connected);
    s = await withServer({ dbFile, port });
    await createOrder(s, floor, 'HD-INT-4', addDays(shanghaiDate(s.clock.now()), 30));
    await until('back and caught up', () => d.handlers.status({}), (x) => x.state === 'live' && x.checkpoint === s.head());
    expect(await d.handlers.digest({})).toEqual(await serverDigest(s));
  });
});
