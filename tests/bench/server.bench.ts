/**
 * Order-server figures over a real server, real HTTP and real socket.io on loopback:
 * - server.ingest.eventsPerSec: floor-API stage events per second with 10 desks connected
 *   (each receiving every `changes` push); baseline: the same load with no desk connected;
 * - server.pull.100k.ms: a full snapshot (since 0, pages of 10,000) of 100k orders with their
 *   jobs, events and notifications over socket.io; baseline: the same pages read in-process;
 * - server.rss.100k.mb: resident memory of a server process holding 100k orders with 10 desks
 *   connected; baseline: the same program on an empty database with no desk.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_SIM_START, startOrderServer, type OrderServer } from '@server/app';
import { seedBudgets } from '@server/db/budgets';
import { bulkInsert } from '@server/db/bulk';
import { pullPage } from '@server/db/changes';
import { crews, events, jobs, notifications, orders } from '@server/db/schema';
import { createToken } from '@server/db/tokens';
import { generateBacklog } from '@server/simulator/backlog';
import type { Benchmark } from './harness';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EVIDENCE = { signedDrawing: 'dwg.pdf', salesLeadApproval: '李娜' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dd-bench-server-'));
}

function desk(url: string, token: string, clientId: string): Promise<Socket> {
  const s = io(`${url}/desk`, { auth: { token, clientId, protocol: 1 }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((res, rej) => {
    s.once('connect', () => res(s));
    s.once('connect_error', rej);
  });
}

/** node:http with keep-alive: a lighter load generator than fetch, so the figure is the server's. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function postJson(url: string, token: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function post(url: string, token: string, path: string, body: unknown): Promise<number> {
  return (await postJson(url, token, path, body)).status;
}

/** Runs `tasks` with `concurrency` requests in flight; returns the elapsed ms. */
async function pool(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
  return performance.now() - t0;
}

/**
 * Stage events per second: `orders` fresh orders advanced through stages 2..5. The server, the
 * load generator and the desks share this process (like sync.bench.ts); a separate server
 * process measured lower on the shared 2-core machine.
 */
async function ingest(desks: number, orderCount: number): Promise<number> {
  const dir = tempDir();
  const server = await startOrderServer({ dbFile: join(dir, 'ingest.sqlite'), port: 0, rateLimit: false });
  const floor = createToken(server.db, 'floor', 'bench').token;
  const viewer = createToken(server.db, 'viewer', 'bench-desk').token;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < desks; i++) {
      const s = await desk(server.url, viewer, `bench-desk-${i}`);
      s.on('changes', () => undefined);
      sockets.push(s);
    }
    const ids: string[] = [];
    await pool(
      Array.from({ length: orderCount }, (_, i) => async () => {
        const r = await postJson(server.url, floor, '/api/v1/orders', {
          orderNo: `BENCH-${i}`, channel: 'tmall', productType: 'wardrobe', customer: { name: '王芳', phone: '13912345678' },
          address: { province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路1号', lat: 31.19, lng: 121.44 }, amount: 18800, promisedDate: '2025-12-10',
        });
        ids.push((JSON.parse(r.text) as { id: string }).id);
      }),
      16,
    );
    const tasks: (() => Promise<unknown>)[] = [];
    for (const stage of [2, 3, 4, 5]) for (const id of ids) tasks.push(() => post(server.url, floor, `/api/v1/orders/${id}/advance`, { stage, evidence: EVIDENCE }));
    // stages of one order must go in order: run stage by stage, orders in parallel
    let ms = 0;
    for (let s = 0; s < 4; s++) ms += await pool(tasks.slice(s * ids.length, (s + 1) * ids.length), 32);
    return tasks.length / (ms / 1000);
  } finally {
    for (const s of sockets) s.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const BIG_ORDERS = 100_000;
let bigDb: { dir: string; file: string; rows: number } | null = null;

/** A database of 100k orders with their rows, written in 1,000-order versions like a day of work. */
async function buildBigDb(): Promise<{ dir: string; file: string; rows: number }> {
  if (bigDb) return bigDb;
  const dir = tempDir();
  const file = join(dir, 'big.sqlite');
  const server = await startOrderServer({ dbFile: file, port: 0, rateLimit: false });
  try {
    const b = generateBacklog(77, Date.parse(DEFAULT_SIM_START), { orders: BIG_ORDERS });
    const byOrder = <T extends { orderId: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) m.set(r.orderId, [...(m.get(r.orderId) ?? []), r]);
      return m;
    };
    const ev = byOrder(b.events);
    const jb = byOrder(b.jobs);
    const nt = byOrder(b.notifications);
    const stamp = <T extends object>(rows: readonly T[], version: number) => rows.map((r) => ({ ...r, version, deleted: false }));
    server.writer.write((ctx) => {
      seedBudgets(ctx);
      bulkInsert(ctx.db, crews, stamp(b.crews, ctx.version));
    });
    for (let i = 0; i < b.orders.length; i += 1000) {
      const chunk = b.orders.slice(i, i + 1000);
      server.writer.write((ctx) => {
        bulkInsert(ctx.db, orders, stamp(chunk, ctx.version));
        bulkInsert(ctx.db, events, stamp(chunk.flatMap((o) => ev.get(o.id) ?? []), ctx.version));
        bulkInsert(ctx.db, jobs, stamp(chunk.flatMap((o) => jb.get(o.id) ?? []), ctx.version));
        bulkInsert(ctx.db, notifications, stamp(chunk.flatMap((o) => nt.get(o.id) ?? []), ctx.version));
      });
    }
    const rows = b.orders.length + b.events.length + b.jobs.length + b.notifications.length + b.crews.length + 12;
    bigDb = { dir, file, rows };
    return bigDb;
  } finally {
    await server.close();
  }
}

function vmRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Starts the server program on `file` in its own process; returns its URL and pid. */
function serveProcess(file: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'serve', '--db', file, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stop = () =>
    new Promise<void>((res) => {
      proc.once('exit', () => res());
      proc.kill('SIGTERM');
    });
  return new Promise((res, rej) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) res({ url: m[1], pid: proc.pid ?? 0, stop });
    });
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => rej(new Error(`server exited ${code}: ${out}`)));
  });
}

async function rssOf(file: string, desks: number, token?: string): Promise<number> {
  const p = await serveProcess(file);
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < desks; i++) {
      const s = await desk(p.url, token ?? '', `rss-desk-${i}`);
      const hello = (await s.emitWithAck('hello', {})) as { head: number };
      await s.emitWithAck('pull', { since: Math.max(0, hello.head - 5), limit: 1000 });
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 1500));
    return vmRssMb(p.pid);
  } finally {
    for (const s of sockets) s.close();
    await p.stop();
  }
}

export const serverBenchmarks: Benchmark[] = [
  {
    name: 'server.ingest.eventsPerSec',
    async run() {
      const ORDERS = 1000;
      const value = await ingest(10, ORDERS);
      const baseline = await ingest(0, ORDERS);
      return { value, unit: 'rows/s', baseline, note: `floor-API stage events/s (${ORDERS * 4} advances, 32 in flight, load generator in the same process) with 10 desks receiving pushes; baseline: no desk (goal ≥ 2,000)` };
    },
  },
  {
    name: 'server.pull.100k.ms',
    async run() {
      const big = await buildBigDb();
      const server: OrderServer = await startOrderServer({ dbFile: big.file, port: 0 });
      try {
        const token = createToken(server.db, 'viewer', 'bench-pull').token;
        const s = await desk(server.url, token, 'bench-pull');
        const t0 = performance.now();
        let rows = 0;
        for (let since = 0; ; ) {
          const page = (await s.emitWithAck('pull', { since, limit: 10_000 })) as { to: number; head: number; changes: unknown[] };
          rows += page.changes.length;
          since = page.to;
          if (since >= page.head) break;
        }
        const value = performance.now() - t0;
        s.close();
        const b0 = performance.now();
        for (let since = 0; ; ) {
          const page = pullPage(server.db, since, 10_000);
          since = page.to;
          if (since >= page.head) break;
        }
        const baseline = performance.now() - b0;
        return { value, unit: 'ms', baseline, note: `${rows} rows (${BIG_ORDERS} orders + events, jobs, notifications) since 0 in pages of 10,000 over socket.io; baseline: the same pages read in-process` };
      } finally {
        await server.close();
      }
    },
  },
  {
    name: 'server.rss.100k.mb',
    async run() {
      const big = await buildBigDb();
      const setup = await startOrderServer({ dbFile: big.file, port: 0 });
      const token = createToken(setup.db, 'viewer', 'bench-rss').token;
      await setup.close();
      try {
        const value = await rssOf(big.file, 10, token);
        const emptyDir = tempDir();
        try {
          const baseline = await rssOf(join(emptyDir, 'empty.sqlite'), 0);
          return { value, unit: 'MB', baseline, note: `server process RSS holding ${BIG_ORDERS} orders (${big.rows} rows) with 10 desks connected; baseline: empty database, no desk (goal ≤ 300 MB)` };
        } finally {
          rmSync(emptyDir, { recursive: true, force: true });
        }
      } finally {
        rmSync(big.dir, { recursive: true, force: true });
        bigDb = null;
      }
    },
  },
];
