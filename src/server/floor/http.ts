/**
 * The HTTP side of the server (node:http): /healthz and the floor API under /api/v1. JSON in and
 * out; errors are { error: { code, message } } with a 4xx status. socket.io takes /socket.io/
 * before this handler sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { describeZodError, MAX_MESSAGE_BYTES } from '@shared/protocol';
import type { ServerDb } from '@server/db/open';
import { authenticate, type Principal } from '@server/db/tokens';
import type { Writer } from '@server/db/writer';
import { AppError } from '@server/errors';
import { storageFailure } from '@server/db/storage-errors';
import { routeFloor } from '@server/floor/routes';
import { idempotencyKeyOf, keyedWrite, plainWrite, requestFingerprint, type FloorWrite } from '@server/floor/idempotency';
import type { TokenBuckets } from '@server/floor/ratelimit';
import { authGuardMessage, type AuthFailureGuard } from '@server/floor/auth-guard';

export interface FloorDeps {
  db: ServerDb;
  writer: Writer;
  isReady: () => boolean;
  isClosing: () => boolean;
  /** per-token rate limit (none: unlimited) */
  rateLimit?: TokenBuckets | null;
  /** failed authentications per address (none: unlimited) */
  authGuard?: AuthFailureGuard | null;
}

export interface FloorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  principal: Principal;
  body: () => Promise<unknown>;
  /** how a write route writes: with the request's Idempotency-Key, recorded and replayed */
  write: FloorWrite;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_MESSAGE_BYTES) return reject(new AppError('too_large', `body: over ${MAX_MESSAGE_BYTES} bytes`, 413));
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_MESSAGE_BYTES) {
        failed = true;
        reject(new AppError('too_large', `body: over ${MAX_MESSAGE_BYTES} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new AppError('bad_request', 'body: not valid JSON', 400));
      }
    });
  });
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/**
 * The request's principal, or null once it has been answered: 429 while its address has used up
 * its failed authentications (asked before the token is looked at), else 401 for a bad token
 * (counted against the address).
 */
export function authenticateRequest(guard: AuthFailureGuard | null, db: ServerDb, req: IncomingMessage, res: ServerResponse): Principal | null {
  const address = req.socket.remoteAddress;
  const blocked = guard?.check(address);
  if (blocked && !blocked.ok) {
    res.setHeader('retry-after', String(blocked.retryAfterSeconds));
    sendError(res, 429, 'rate_limited', authGuardMessage(blocked.retryAfterSeconds));
    return null;
  }
  const token = bearer(req);
  const principal = token ? authenticate(db, token) : null;
  if (principal) return principal;
  guard?.failed(address);
  sendError(res, 401, 'unauthorized', 'Authorization: a valid Bearer token is required');
  return null;
}

export function createFloorHandler(deps: FloorDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(deps, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof AppError) {
        // an unread oversized body: answer, then drop the connection rather than drain it
        if (err.status === 413) res.setHeader('connection', 'close');
        return sendError(res, err.status, err.code, err.message);
      }
      if (err instanceof z.ZodError) return sendError(res, 400, 'bad_request', describeZodError(err));
      const storage = storageFailure(err);
      if (storage) {
        console.error(`floor API: ${storage.message}`);
        res.setHeader('retry-after', '30');
        return sendError(res, storage.status, storage.code, storage.message);
      }
      console.error('floor API error:', err);
      sendError(res, 500, 'internal', 'internal error');
    });
  };
}

/**
 * A request target made only of plain path segments (no query, no dot segment, nothing to
 * decode): the WHATWG URL parser would return it as it is, and cost as much as routing it.
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_:-][A-Za-z0-9_.:-]*)+$/;

function target(reqUrl: string | undefined): { pathname: string; searchParams: URLSearchParams } {
  if (reqUrl !== undefined && PLAIN_PATH.test(reqUrl)) return { pathname: reqUrl, searchParams: new URLSearchParams() };
  return new URL(reqUrl ?? '/', 'http://localhost');
}

async function handle(deps: FloorDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = target(req.url);
  const method = req.method ?? 'GET';
  if (url.pathname === '/healthz') {
    if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, 'method_not_allowed', `${method} /healthz`);
    if (deps.isReady() && !deps.isClosing()) return send(res, 200, { ok: true });
    return send(res, 503, { ok: false, error: { code: 'not_ready', message: deps.isClosing() ? 'shutting down' : 'starting' } });
  }
  if (!url.pathname.startsWith('/api/v1/')) return sendError(res, 404, 'not_found', `no route ${method} ${url.pathname}`);
  if (deps.isClosing()) return sendError(res, 503, 'unavailable', 'the server is shutting down');
  if (!deps.isReady()) return sendError(res, 503, 'unavailable', 'the server is starting');
  const principal = authenticateRequest(deps.authGuard ?? null, deps.db, req, res);
  if (!principal) return;
  const allowed = deps.rateLimit ? deps.rateLimit.take(principal.tokenId) : { ok: true as const };
  if (!allowed.ok) {
    res.setHeader('retry-after', String(allowed.retryAfterSeconds));
    return sendError(res, 429, 'rate_limited', `too many requests for this token; retry after ${allowed.retryAfterSeconds} s`);
  }
  if (principal.role !== 'floor' && principal.role !== 'supervisor') {
    return sendError(res, 403, 'forbidden', `role ${principal.role} may not use the floor API`);
  }
  const key = method === 'GET' || method === 'HEAD' ? null : idempotencyKeyOf(req.headers);
  let bodyPromise: Promise<unknown> | null = null;
  const body = () => (bodyPromise ??= readBody(req));
  const fingerprint = async () => requestFingerprint(method, url.pathname, await body());
  const out = await routeFloor(deps, {
    method,
    path: url.pathname,
    query: url.searchParams,
    principal,
    body,
    write: key ? keyedWrite(deps, principal.tokenId, key, fingerprint) : plainWrite(deps.writer),
  });
  if (!out) return sendError(res, 404, 'not_found', `no route ${method} ${url.pathname}`);
  send(res, out.status, out.body, out.headers);
}
