/**
 * Order-server figures over a real server, real HTTP and real socket.io on loopback:
 * - server.ingest.eventsPerSec: floor-API stage events per second into the server program (its
 *   own process) with 10 desks connected (each receiving every `changes` push); baseline: the
 *   same load with no desk connected;
 * - server.pull.100k.ms: a full snapshot (since 0, pages of 10,000) of 100k orders with their
 *   jobs, events and notifications over socket.io; baseline: the same pages read in-process;
 * - server.rss.100k.mb: resident memory of a server process holding 100k orders with 10 desks
 *   connected; baseline: the same program on an empty database with no desk.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket as Socket_ } from 'node:net';
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

/**
 * The load generator: HTTP/1.1 on raw keep-alive sockets, one request at a time per socket. It
 * shares the 2-core machine with the server, and node:http's client (ClientRequest, Agent,
 * IncomingMessage per request) took ~0.25 ms CPU per request, about 4× this, CPU the server then
 * could not use. Every response is still read in full and its status checked by the caller.
 */
class Connection {
  private socket: Socket_ | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: { status: number; text: string }) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly host: string, private readonly port: number) {}

  private open(): Socket_ {
    const s = connect({ host: this.host, port: this.port, noDelay: true });
    s.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.parse();
    });
    const fail = (err: Error) => {
      if (this.socket === s) this.socket = null;
      const w = this.waiting;
      this.waiting = null;
      w?.reject(err);
    };
    s.on('error', fail);
    s.on('close', () => fail(new Error('connection closed')));
    return s;
  }

  private parse(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buf.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buf.length < end + 4 + length) return;
    const text = this.buf.toString('utf8', end + 4, end + 4 + length);
    this.buf = this.buf.subarray(end + 4 + length);
    const w = this.waiting;
    this.waiting = null;
    w.resolve({ status: Number(head.slice(9, 12)), text });
  }

  post(path: string, token: string, body: string): Promise<{ status: number; text: string }> {
    this.socket ??= this.open();
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(`POST ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

const idle: Connection[] = [];
const connections: Connection[] = [];

async function postJson(url: string, token: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  let conn = idle.pop();
  if (!conn) connections.push((conn = new Connection(hostname, Number(port))));
  try {
    return await conn.post(path, token, JSON.stringify(body));
  } finally {
    idle.push(conn);
  }
}

function closeConnections(): void {
  for (const c of connections.splice(0)) c.close();
  idle.length = 0;
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

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is missing. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Stage events per second: `orders` fresh orders advanced through stages 2..5. The server is the
 * server program in its own process (as in production); the load generator and the desks share
 * this one. In one process, the desks' decoding of every push and the HTTP client competed with
 * the server for one event loop, so the figure was the client's as much as the server's. `serve`
 * applies the floor rate limit (200/s per token by default), so it is lifted here, and every
 * answer must be 2xx (a throttled answer used to count as an event). Also returns the server's
 * CPU ms per event, which the machine's other load disturbs less than the rate.
 */
async function ingest(desks: number, orderCount: number): Promise<{ perSec: number; serverCpuMs: number }> {
  const dir = tempDir();
  const file = join(dir, 'ingest.sqlite');
  const setup = await startOrderServer({ dbFile: file, port: 0 });
  const floor = createToken(setup.db, 'floor', 'bench').token;
  const viewer = createToken(setup.db, 'viewer', 'bench-desk').token;
  await setup.close();
  const server = await serveProcess(file, ['--rate-limit', '1000000']);
  const sockets: Socket[] = [];
  const ok = (r: { status: number; text: string }) => {
    if (r.status < 200 || r.status > 299) throw new Error(`ingest: HTTP ${r.status}: ${r.text}`);
    return r;
  };
  try {
    for (let i = 0; i < desks; i++) {
      const s = await desk(server.url, viewer, `bench-desk-${i}`);
      s.on('changes', () => undefined);
      sockets.push(s);
    }
    const ids: string[] = [];
    await pool(
      Array.from({ length: orderCount }, (_, i) => async () => {
        const r = ok(
          await postJson(server.url, floor, '/api/v1/orders', {
            orderNo: `BENCH-${i}`, channel: 'tmall', productType: 'wardrobe', customer: { name: '王芳', phone: '13912345678' },
            address: { province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路1号', lat: 31.19, lng: 121.44 }, amount: 18800, promisedDate: '2025-12-10',
          }),
        );
        ids.push((JSON.parse(r.text) as { id: string }).id);
      }),
      16,
    );
    const tasks: (() => Promise<unknown>)[] = [];
    for (const stage of [2, 3, 4, 5]) for (const id of ids) tasks.push(async () => ok(await postJson(server.url, floor, `/api/v1/orders/${id}/advance`, { stage, evidence: EVIDENCE })));
    // stages of one order must go in order: run stage by stage, orders in parallel
    let ms = 0;
    const cpu0 = cpuMsOf(server.pid);
    for (let s = 0; s < 4; s++) ms += await pool(tasks.slice(s * ids.length, (s + 1) * ids.length), 32);
    const serverCpuMs = (cpuMsOf(server.pid) - cpu0) / tasks.length;
    return { perSec: tasks.length / (ms / 1000), serverCpuMs };
  } finally {
    for (const s of sockets) s.close();
    closeConnections();
    await server.stop();
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
function serveProcess(file: string, extra: string[] = []): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  // DD_BENCH_SERVER_NODE_ARGS: node flags for the server process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.DD_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/cli.ts', 'serve', '--db', file, '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const desks = await ingest(10, ORDERS);
      const none = await ingest(0, ORDERS);
      const cpu = (m: number) => (Number.isFinite(m) ? m.toFixed(2) : '?');
      return {
        value: desks.perSec,
        unit: 'rows/s',
        baseline: none.perSec,
        note: `floor-API stage events/s (${ORDERS * 4} advances, 32 in flight, raw keep-alive HTTP) into the server program in its own process with 10 desks receiving pushes (desks and load generator in the bench process); server CPU ${cpu(desks.serverCpuMs)} ms/event (no desk: ${cpu(none.serverCpuMs)}); baseline: no desk (goal ≥ 2,000)`,
      };
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
