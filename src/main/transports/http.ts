/**
 * Browser mode: the desk's API over HTTP `POST /api/rpc/<method>` and WebSocket `/api/events`
 * on 127.0.0.1, plus the built renderer as static files. Every API call and the WebSocket need
 * the access key; a request from another Origin, or naming another Host (DNS rebinding), is refused.
 * The server token never reaches the page.
 * A second key, the wall key, opens the wall screen: it may call only the contract's read-only
 * methods (READ_ONLY_METHODS); anything else is 403 `forbidden`, so a wall screen can never act.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isReadOnlyMethod, type DeskEvent } from '@shared/contract';
import type { DeskBackend } from '@main/backend';
import { callRpc } from './rpc';
import { SECURITY_HEADERS } from './security-headers';

export interface BrowserTransportOptions {
  backend: DeskBackend;
  staticDir: string;
  host?: string;
  port?: number;
  key?: string;
  /** the read-only key of wall screens (random when not given) */
  wallKey?: string;
}

export interface BrowserTransport {
  url: string;
  port: number;
  key: string;
  /** the wall screen's address: read-only key, `wall=1` */
  wallUrl: string;
  wallKey: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export async function startBrowserTransport(opts: BrowserTransportOptions): Promise<BrowserTransport> {
  const host = opts.host ?? '127.0.0.1';
  const key = opts.key ?? randomBytes(24).toString('base64url');
  const keyBuf = Buffer.from(key);
  const wallKey = opts.wallKey ?? randomBytes(24).toString('base64url');
  const wallKeyBuf = Buffer.from(wallKey);
  if (wallKeyBuf.equals(keyBuf)) throw new Error('the wall key must differ from the access key');
  let allowedOrigins = new Set<string>();

  const same = (presented: Buffer, held: Buffer) => presented.length === held.length && timingSafeEqual(presented, held);
  /** which key was presented: the full one, the wall's read-only one, or none */
  const keyRole = (presented: string | null | undefined): 'full' | 'wall' | null => {
    if (!presented) return null;
    const buf = Buffer.from(presented);
    if (same(buf, keyBuf)) return 'full';
    return same(buf, wallKeyBuf) ? 'wall' : null;
  };
  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins.has(origin);
  };
  let allowedHosts = new Set<string>();
  // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 is same-origin with
  // itself, so its requests pass the Origin check; only the Host it sends still names evil.example
  const hostAllowed = (req: IncomingMessage): boolean => allowedHosts.has((req.headers.host ?? '').toLowerCase());

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { error: { code: 'internal', message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // refused before the body was read: drain it, or the keep-alive connection is reset
    const refuse = (status: number, value: unknown) => {
      req.resume();
      sendJson(res, status, value);
    };
    if (!hostAllowed(req)) return refuse(421, { error: { code: 'misdirected', message: `host ${JSON.stringify(req.headers.host ?? '')} is not this desk's address` } });
    if (url.pathname.startsWith('/api/')) {
      if (!originAllowed(req)) return refuse(403, { error: { code: 'forbidden', message: `origin ${req.headers.origin} is not this desk` } });
      const auth = req.headers.authorization;
      const role = keyRole(auth?.startsWith('Bearer ') ? auth.slice(7) : null);
      if (!role) {
        return refuse(401, { error: { code: 'unauthorized', message: 'the access key is missing or wrong' } });
      }
      const match = /^\/api\/rpc\/([A-Za-z][A-Za-z0-9]*)$/.exec(url.pathname);
      if (!match) return refuse(404, { error: { code: 'not_found', message: `no such endpoint: ${url.pathname}` } });
      if (role === 'wall' && !isReadOnlyMethod(match[1]!)) {
        return refuse(403, { error: { code: 'forbidden', message: `${match[1]}: the wall screen's key is read only` } });
      }
      if (req.method !== 'POST') return refuse(405, { error: { code: 'method_not_allowed', message: 'use POST' } });
      const body = await readJson(req);
      if (!body.ok) return refuse(body.status, { error: { code: 'bad_request', message: body.message } });
      const result = await callRpc(opts.backend.handlers, match[1]!, body.value);
      return result.ok ? sendJson(res, 200, result.value) : sendJson(res, result.status, { error: result.error });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } });
    return serveStatic(opts.staticDir, url.pathname, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (!hostAllowed(req)) return refuse('421 Misdirected Request');
    if (url.pathname !== '/api/events') return refuse('404 Not Found');
    if (!originAllowed(req)) return refuse('403 Forbidden');
    if (!keyRole(url.searchParams.get('key'))) return refuse('401 Unauthorized'); // events only read: both keys
    wss.handleUpgrade(req, socket, head, (ws) => attachEvents(ws));
  });

  function attachEvents(ws: WebSocket): void {
    const send = (event: DeskEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    };
    const unsubscribe = opts.backend.subscribe(send);
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', () => undefined); // the page only listens
    void Promise.resolve(opts.backend.handlers.status({})).then((status) => send({ type: 'status', status }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  allowedHosts = addressesOf(shownHost, port);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  return {
    url: `http://${shownHost}:${port}/?key=${key}`,
    port,
    key,
    wallUrl: `http://${shownHost}:${port}/?key=${wallKey}&wall=1`,
    wallKey,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Host values this desk answers to: its loopback names and the address it was bound to, with the port. */
function addressesOf(boundHost: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost];
  return new Set(names.map((n) => `${n.toLowerCase()}:${port}`));
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false, status: 413, message: 'body: larger than 1 MiB' };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: 'body: not valid JSON' };
  }
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return sendJson(res, 400, { error: { code: 'bad_request', message: 'path: bad encoding' } });
  }
  const file = normalize(join(root, rel));
  if (!file.startsWith(normalize(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return sendJson(res, 404, { error: { code: 'not_found', message: `no such file: ${pathname}` } });
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': rel === '/index.html' ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(res);
}
