/** Issue 8: the floor API's request size limit and per-token rate limit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { parseArgs } from '@server/cli/args';
import { TokenBuckets } from '@server/floor/ratelimit';
import { join } from 'node:path';
import { startServerProcess, tempDir } from '../../support/processes';
import { http, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;

beforeAll(async () => {
  // a small bucket so the test is quick: burst 40, then 2 requests/s sustained (slow enough that a
  // loaded machine serving the burst slowly cannot refill it: at 20/s a 1 s burst never hit 429)
  server = await startServer({ rateLimit: { perSecond: 2, burst: 40 } });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

async function burst(tok: string, n: number) {
  const replies = await Promise.all(
    Array.from({ length: n }, () =>
      fetch(`${server.url}/api/v1/budgets`, { headers: { authorization: `Bearer ${tok}` } }).then(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json()) as { error?: { code: string; message: string } },
      })),
    ),
  );
  return replies;
}

describe('rate limit per token', () => {
  it('answers 429 rate_limited with Retry-After after the burst, per token, and recovers', async () => {
    const floor = token(server, 'floor', 'ws-busy').token;
    const other = token(server, 'floor', 'ws-quiet').token;
    const replies = await burst(floor, 60);
    const ok = replies.filter((r) => r.status === 200);
    const limited = replies.filter((r) => r.status === 429);
    // the burst (40) plus what refilled while the requests were in flight
    expect(ok.length).toBeGreaterThanOrEqual(40);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      expect(r.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('retry') } });
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // another token has its own bucket
    expect((await http(server, 'GET', '/api/v1/budgets', { token: other })).status).toBe(200);
    // recovers once the bucket refills
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await http(server, 'GET', '/api/v1/budgets', { token: floor })).status).toBe(200);
    expect((await http(server, 'GET', '/healthz')).status).toBe(200);
  });

  it("never throttles an exempt token (the simulator's own)", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, (id) => id === 'sim', () => now);
    for (let i = 0; i < 1000; i++) expect(buckets.take('sim').ok).toBe(true);
    expect([buckets.take('ws'), buckets.take('ws'), buckets.take('ws')].map((v) => v.ok)).toEqual([true, true, false]);
    now += 1000;
    expect(buckets.take('ws').ok).toBe(true);
  });

  it('is configurable from the command line', () => {
    expect(parseArgs(['serve', '--db', 'a.db', '--port', '0', '--rate-limit', '50'])).toMatchObject({ kind: 'serve', rateLimit: 50 });
    expect(() => parseArgs(['serve', '--db', 'a.db', '--port', '0', '--rate-limit', '0'])).toThrow('--rate-limit');
    expect(parseArgs(['serve', '--db', 'a.db', '--port', '0', '--desk-event-limit', '500', '--auth-failures', '100'])).toMatchObject({ kind: 'serve', deskEventLimit: 500, authFailures: 100 });
    expect(() => parseArgs(['serve', '--db', 'a.db', '--port', '0', '--auth-failures', '2.5'])).toThrow('--auth-failures: must be a whole number');
    expect(() => parseArgs(['serve', '--db', 'a.db', '--port', '0', '--desk-event-limit', '-1'])).toThrow('--desk-event-limit');
  });

  it('a served order server holds an address to its --auth-failures refused tokens, then answers 429', async () => {
    const s = await startServerProcess(join(tempDir('dd-authfail-'), 'orders.sqlite'), ['--auth-failures', '3']);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${s.url}/api/v1/orders`, { headers: { authorization: 'Bearer not-a-token' } })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await s.stop();
    }
  });
});

describe('request size limit', () => {
  it('answers 413 too_large for a body over 1 MiB and stays up', async () => {
    const floor = token(server, 'floor', 'ws-big').token;
    const r = await http(server, 'POST', '/api/v1/orders', { token: floor, raw: JSON.stringify({ note: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect((await http(server, 'GET', '/healthz')).status).toBe(200);
    // just under the limit is read (and refused only for its shape)
    const fine = await http(server, 'POST', '/api/v1/orders', { token: floor, raw: JSON.stringify({ note: 'x'.repeat(1024 * 1000) }) });
    expect(fine.status).toBe(400);
  });
});
