/** Real order servers on port 0 with temp database files, and real socket.io / HTTP clients. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startOrderServer, type OrderServer, type StartOptions } from '@server/app';
import { createToken } from '@server/db/tokens';
import type { Role } from '@shared/vocab';

const dirs: string[] = [];

export function tempDb(name = 'server.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-server-'));
  dirs.push(dir);
  return join(dir, name);
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function startServer(options: Partial<StartOptions> = {}): Promise<OrderServer> {
  return startOrderServer({ dbFile: options.dbFile ?? tempDb(), port: 0, ...options });
}

export function token(server: OrderServer, role: Role, name = `${role}-test`): { id: string; token: string } {
  const t = createToken(server.db, role, name);
  return { id: t.id, token: t.token };
}

export interface DeskAuth {
  token?: unknown;
  clientId?: unknown;
  protocol?: unknown;
}

/** Connects to /desk; resolves with the socket, or rejects with the connect_error message. */
export function connectDesk(server: OrderServer, auth: DeskAuth): Promise<Socket> {
  const socket = io(`${server.url}/desk`, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function connectError(server: OrderServer, auth: DeskAuth): Promise<string> {
  try {
    const s = await connectDesk(server, auth);
    s.close();
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  }
}

export type AnyReply = { ok: boolean; error?: { code: string; message: string }; [k: string]: unknown };

export function ask(socket: Socket, event: string, ...args: unknown[]): Promise<AnyReply> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<AnyReply>;
}

export interface HttpReply {
  status: number;
  body: { error?: { code: string; message: string }; [k: string]: unknown };
}

export async function http(server: OrderServer, method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(server.url + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as HttpReply['body']) : {} };
}

export function newOrderBody(orderNo: string, overrides: Record<string, unknown> = {}) {
  return {
    orderNo,
    channel: 'tmall',
    productType: 'wardrobe',
    customer: { name: '王芳', phone: '13912345678' },
    address: { province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路1号', lat: 31.19, lng: 121.44 },
    amount: 18800,
    promisedDate: '2025-12-10',
    ...overrides,
  };
}

export function nextEvent<T>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Pulls everything from `since` to head in pages. */
export async function pullAll(socket: Socket, since = 0, limit = 10_000) {
  const pages: AnyReply[] = [];
  let at = since;
  for (;;) {
    const page = await ask(socket, 'pull', { since: at, limit });
    if (!page.ok) throw new Error(`pull failed: ${JSON.stringify(page.error)}`);
    pages.push(page);
    at = page.to as number;
    if (at >= (page.head as number)) break;
  }
  return { pages, changes: pages.flatMap((p) => p.changes as { entity: string; id: string; version: number; deleted?: true; data?: Record<string, unknown> }[]), to: at };
}
