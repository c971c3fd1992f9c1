// Browser mode under fire (issue 8): a real order server, a real desk back end and the real HTTP
// transport take 10,000 random RPC requests — random and real method names, `__proto__`, random
// JSON, wrong types, huge strings, deep nesting, invalid JSON, with and without a key, wrong
// Origins. Nothing crashes, nothing is done (no command in the outbox, none seen by the server),
// every reply is a clear `{ error: { code, message } }` with a 4xx (a 200 only for a valid read
// call), and the server token appears in no reply and in none of the served files.
// Seed: DUTYDESK_FUZZ_SEED (printed); runs: DUTYDESK_FUZZ_RUNS (10,000).
import { existsSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskContract, DESK_METHODS, isReadOnlyMethod, type DeskMethod } from '@shared/contract';
import type { OrderServer } from '@server/app';
import type { BrowserTransport } from '@main/transports/http';
import { quiescent } from '../../support/desk-harness';
import { backlog, withBrowserTransport, withDesk, withServer, type Desk } from '../../support/harness';

const SEED = Number(process.env.DUTYDESK_FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.DUTYDESK_FUZZ_RUNS ?? 10_000);
const staticDir = join(process.cwd(), 'out', 'renderer');
const built = existsSync(join(staticDir, 'index.html'));

let server: OrderServer;
let desk: Desk;
let transport: BrowserTransport;
let token: string;
// a fresh connection per request: a refused request's unread body makes the server close its connection
const agent = new Agent({ keepAlive: false });

interface Reply {
  status: number;
  body: string;
}

function send(opts: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: transport.port, method: opts.method, path: opts.path, headers: opts.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const serverCounts = () => {
  const n = (table: string) => (server.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { audit: n('audit'), mutations: n('mutations'), clientMutations: n('client_mutations'), head: server.head() };
};

beforeAll(async () => {
  server = await withServer({ simulate: backlog(8, 150) });
  desk = withDesk(server, { name: 'fuzz' });
  token = desk.token;
  await quiescent(desk, server);
  transport = await withBrowserTransport(desk, built ? staticDir : undefined);
});

afterAll(() => {
  agent.destroy();
});

// ---- the generators ----------------------------------------------------------------------

type Origin = 'own' | 'none' | 'evil' | 'null' | 'lookalike';
const OVER_LIMIT = '"' + 'y'.repeat(1024 * 1024 + 10) + '"';
const FIELD_NAMES = ['orderId', 'cause', 'note', 'text', 'jobs', 'jobId', 'crewId', 'date', 'label', 'limit', 'district', 'id', 'state', 'days', 'query', '__proto__', 'constructor', 'prototype'];
const methodName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<string>(...DESK_METHODS) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__', 'then') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,40}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);
const wrongTyped = fc.dictionary(
  fc.constantFrom(...FIELD_NAMES),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', 'logistics', 'ack', '2026-01-01', 'o-1', -1, 0, 1e308, 3.5, true, null, [], {})),
  { maxKeys: 4 },
);
const bodyText = fc.oneof(
  { weight: 20, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 30, arbitrary: wrongTyped.map((v) => JSON.stringify(v)) },
  { weight: 8, arbitrary: fc.constantFrom('', '{}', '[]', 'null', '0', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}') },
  { weight: 8, arbitrary: fc.string({ maxLength: 200 }) }, // mostly invalid JSON
  { weight: 4, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', "{'a':1}", 'NaN', '\u0000', '{"a":"\\ud800"}') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 100, max: 20_000 })).map(([open, depth]) => deep(open, depth)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.integer({ min: 10_000, max: 300_000 })).map(([k, n]) => JSON.stringify({ [k]: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: fc.constant(OVER_LIMIT) }, // over the 1 MiB limit
);
function deep(open: string, depth: number): string {
  return open === '[' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

type KeyKind = 'full' | 'wall' | 'none' | 'wrong' | 'basic' | 'prefix';
const request_ = fc.record({
  method: methodName,
  pathKind: fc.oneof({ weight: 10, arbitrary: fc.constant('rpc') }, { weight: 1, arbitrary: fc.constantFrom('encoded', 'extra', 'trailing', 'query', 'otherApi') }),
  verb: fc.oneof({ weight: 12, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
  key: fc.oneof({ weight: 12, arbitrary: fc.constant<KeyKind>('full') }, { weight: 1, arbitrary: fc.constantFrom<KeyKind>('wall', 'none', 'wrong', 'basic', 'prefix') }),
  origin: fc.oneof({ weight: 8, arbitrary: fc.constantFrom<Origin>('own', 'none') }, { weight: 1, arbitrary: fc.constantFrom<Origin>('evil', 'null', 'lookalike') }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
  body: bodyText,
});
type Req = typeof request_ extends fc.Arbitrary<infer T> ? T : never;

function pathOf(r: Req): string {
  const m = encodeURIComponent(r.method);
  switch (r.pathKind) {
    case 'encoded':
      return `/api/rpc/${encodeURIComponent(m)}`;
    case 'extra':
      return `/api/rpc/${m}/x`;
    case 'trailing':
      return `/api/rpc/${m}/`;
    case 'query':
      return `/api/rpc/${m}?key=${encodeURIComponent(transport.key)}`;
    case 'otherApi':
      return `/api/${m}`;
    default:
      return `/api/rpc/${m}`;
  }
}

function headersOf(r: Req): Record<string, string> {
  const h: Record<string, string> = {};
  if (r.contentType) h['content-type'] = r.contentType;
  const own = `http://127.0.0.1:${transport.port}`;
  const origin = { own, none: undefined, evil: 'https://evil.example', null: 'null', lookalike: `http://127.0.0.1:${transport.port}.evil.example` }[r.origin];
  if (origin) h.origin = origin;
  const auth = {
    full: `Bearer ${transport.key}`,
    wall: `Bearer ${transport.wallKey}`,
    none: undefined,
    wrong: `Bearer ${transport.key.slice(0, -1)}${transport.key.endsWith('x') ? 'y' : 'x'}`,
    basic: `Basic ${Buffer.from('desk:' + transport.key).toString('base64')}`,
    prefix: `Bearer ${transport.key}x`,
  }[r.key];
  if (auth) h.authorization = auth;
  return h;
}

/** What the request would be if everything else were right: a call that acts? a valid read? */
function classify(r: Req): 'acts' | 'valid-read' | 'invalid' {
  // the route as the transport sees it, from the path actually sent
  const routed = /^\/api\/rpc\/([A-Za-z][A-Za-z0-9]*)$/.exec(new URL(pathOf(r), 'http://x').pathname)?.[1];
  const admitted = routed !== undefined && r.verb === 'POST' && (r.key === 'full' || r.key === 'wall') && (r.origin === 'own' || r.origin === 'none');
  if (!admitted || !Object.prototype.hasOwnProperty.call(deskContract, routed)) return 'invalid';
  if (Buffer.byteLength(r.body) > 1024 * 1024) return 'invalid';
  let value: unknown;
  try {
    value = r.body.trim() === '' ? {} : JSON.parse(r.body);
  } catch {
    return 'invalid';
  }
  const method = routed as DeskMethod;
  if (!deskContract[method].input.safeParse(value ?? {}).success) return 'invalid';
  if (isReadOnlyMethod(method)) return 'valid-read';
  return r.key === 'full' ? 'acts' : 'invalid'; // the wall key is refused before parsing
}

// ---- the run -------------------------------------------------------------------------------

describe('browser-mode RPC fuzz', () => {
  it(`${RUNS} random requests: no crash, no action, every reply a clear error`, async () => {
    console.log(`rpc-fuzz seed: ${SEED} (DUTYDESK_FUZZ_SEED=${SEED} to replay), runs: ${RUNS}`);
    const before = serverCounts();
    const tally = { ok: 0, errors: 0, byStatus: new Map<number, number>() };
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        request_.filter((r) => classify(r) !== 'acts'),
        async (r) => {
          const kind = classify(r);
          const reply = await send({ method: r.verb, path: pathOf(r), headers: headersOf(r), body: r.verb === 'GET' || r.verb === 'OPTIONS' ? undefined : r.body });
          tally.byStatus.set(reply.status, (tally.byStatus.get(reply.status) ?? 0) + 1);
          expect(reply.body).not.toContain(token);
          if (reply.status === 200) {
            expect(kind, `200 for ${r.verb} ${pathOf(r)} ${r.body.slice(0, 200)}`).toBe('valid-read');
            tally.ok++;
            return;
          }
          expect(reply.status, `${r.verb} ${pathOf(r)} ${r.body.slice(0, 200)} → ${reply.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(reply.status).toBeLessThan(500);
          const parsed = JSON.parse(reply.body) as { error?: { code?: unknown; message?: unknown } };
          expect(Object.keys(parsed)).toEqual(['error']);
          expect(typeof parsed.error?.code).toBe('string');
          expect(typeof parsed.error?.message).toBe('string');
          expect((parsed.error!.message as string).length).toBeLessThan(1000);
          tally.errors++;
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`rpc-fuzz: ${RUNS} requests in ${Date.now() - started} ms; 200: ${tally.ok}, errors: ${tally.errors}; by status ${JSON.stringify([...tally.byStatus].sort())}`);
    expect(tally.errors).toBeGreaterThan(RUNS / 2);

    // still answering, and nothing was done
    const status = await send({ method: 'POST', path: '/api/rpc/status', headers: { authorization: `Bearer ${transport.key}`, 'content-type': 'application/json' }, body: '{}' });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ pendingCommands: 0 });
    expect(status.body).not.toContain(token);
    const commands = await send({ method: 'POST', path: '/api/rpc/commands', headers: { authorization: `Bearer ${transport.key}` }, body: '{}' });
    expect(JSON.parse(commands.body)).toEqual({ commands: [] });
    expect(serverCounts()).toEqual(before);
  }, 240_000);

  it('the WebSocket refuses a missing or wrong key and a foreign Origin', async () => {
    const upgrade = (path: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const req = request({ host: '127.0.0.1', port: transport.port, path, headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(origin ? { origin } : {}) } });
        req.on('response', (res) => resolve(String(res.statusCode)));
        req.on('upgrade', (res, socket) => (socket.destroy(), resolve(String(res.statusCode))));
        req.on('error', (e) => resolve(`error ${e.message}`));
        req.end();
      });
    expect(await upgrade('/api/events')).toBe('401');
    expect(await upgrade(`/api/events?key=${transport.key}x`)).toBe('401');
    expect(await upgrade(`/api/events?key=${transport.key}`, 'https://evil.example')).toBe('403');
    expect(await upgrade(`/api/events?key=${transport.key}`, `http://127.0.0.1:${transport.port}`)).toBe('101');
  });

  it.skipIf(!built)('the server token is in none of the served page files', async () => {
    const files = ['/', '/index.html', ...readdirSync(join(staticDir, 'assets')).map((f) => `/assets/${f}`)];
    for (const path of files) {
      const reply = await send({ method: 'GET', path, headers: {} });
      expect(reply.status, path).toBe(200);
      expect(reply.body, path).not.toContain(token);
    }
    // nor in what the page is told about the desk
    for (const m of ['status', 'digest', 'mapView']) {
      const reply = await send({ method: 'POST', path: `/api/rpc/${m}`, headers: { authorization: `Bearer ${transport.key}` }, body: '{}' });
      expect(reply.status).toBe(200);
      expect(reply.body).not.toContain(token);
    }
  });
});
