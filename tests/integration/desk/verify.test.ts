// "verify" compares the replica's digest with the server's, and a mismatch is repaired by a rebuild
// in a shadow file; a replica built from another server is rebuilt too.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import type { DeskBackend } from '@main/backend';
import { until } from '../../support/desk-harness';
import { backlog, withDesk, withServer, withTempDir } from '../../support/harness';

const simulatedServer = (dbFile: string, port = 0, seed = 5): Promise<OrderServer> => withServer({ dbFile, port, simulate: backlog(seed, 300) });

const live = (d: DeskBackend, head: number) => until('caught up', () => d.handlers.status({}), (s) => s.state === 'live' && s.checkpoint === head);

describe('verify and rebuild', () => {
  it('reports a match, then finds a tampered replica and repairs it', async () => {
    const s = await simulatedServer(join(withTempDir('dd-v-'), 'orders.sqlite'));
    const d = withDesk(s, { name: 'd' });
    const { dataDir } = d;
    await live(d, s.head());
    expect(await d.handlers.verify({})).toMatchObject({ match: true, repaired: false });

    // damage the replica behind the desk's back: one order gone, one event with a wrong version
    const raw = new Database(join(dataDir, 'replica.sqlite'));
    raw.prepare('DELETE FROM orders WHERE id = (SELECT id FROM orders LIMIT 1)').run();
    raw.prepare('UPDATE events SET version = version + 1000 WHERE id = (SELECT id FROM events LIMIT 1)').run();
    raw.close();
    const before = await d.handlers.digest({});

    const result = await d.handlers.verify({});
    expect(result.match).toBe(false);
    expect(result.repaired).toBe(true);
    expect(result.replica.sha256).toBe(before.sha256);
    expect(await d.handlers.verify({})).toMatchObject({ match: true });
    expect((await d.handlers.digest({})).sha256).toBe(result.server.sha256);
    expect((await d.handlers.mapView({})).counters.inFlight).toBeGreaterThan(100);
  });

  it('a replica built from another server is rebuilt from zero, and the view stays until then', async () => {
    const dir = withTempDir('dd-v-');
    const first = await simulatedServer(join(dir, 'a.sqlite'), 0, 5);
    const port = first.port;
    const a = withDesk(first, { name: 'd' });
    const { dataDir } = a;
    await live(a, first.head());
    const inFlightA = (await a.handlers.mapView({})).counters.inFlight;
    await a.close();
    await first.close();
    // the same URL now answers from a different database (a new server id)

    const second = await simulatedServer(join(dir, 'b.sqlite'), port, 6);
    const b = withDesk(second, { dataDir, name: 'd' });
    // before the rebuild completes the old replica still answers
    expect((await b.handlers.mapView({})).counters.inFlight).toBe(inFlightA);
    await live(b, second.head());
    await until('rebuilt', () => b.handlers.status({}), (s) => s.serverId === second.serverId);
    expect(await b.handlers.verify({})).toMatchObject({ match: true });
  });
});
