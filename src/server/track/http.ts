/**
 * The self-service page's HTTP side (issue 18, docs/protocol.md "Track"): /track/api/* and the
 * page's files, on the order server's own origin. Customers have no token: a text code opens a
 * 30-minute session (cookie), which reads only the orders of the phone it was opened for.
 * - every answer that could tell whether a phone has orders is the same either way (202 for a
 *   code; one 401 for every refused code; 404 for any order not the session's);
 * - every code request, session attempt and read lands in the access log (track_access);
 * - POSTs must be JSON (`Content-Type: application/json`): with the SameSite=Strict cookie, a
 *   page on another site cannot make a customer's browser send one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import { describeZodError } from '@shared/protocol';
import { maskPhone } from '@shared/projection';
import { shanghaiIso } from '@shared/time';
import {
  CodeRequest,
  DateChangeRequest,
  SessionRequest,
  TRACK_API,
  TRACK_CODE_MINUTES,
  TRACK_COOKIE,
  TRACK_PATH,
  TRACK_SESSION_MINUTES,
  type CodeAccepted,
  type DateChangeAccepted,
  type SessionStarted,
  type TrackAccessKind,
} from '@shared/track';
import { storageFailure } from '@server/db/storage-errors';
import { addressKey, type AuthFailureGuard } from '@server/floor/auth-guard';
import { TokenBuckets, type RateLimitOptions } from '@server/floor/ratelimit';
import type { TrackStatic } from '@server/track/static';
import type { TrackStore } from '@server/track/store';

export interface TrackDeps {
  store: TrackStore;
  files: TrackStatic;
  isReady: () => boolean;
  isClosing: () => boolean;
  /** requests without a valid session count as failed authentications of their address */
  authGuard?: AuthFailureGuard | null;
  /** API requests per address (default DEFAULT_TRACK_REQUEST_LIMIT) */
  requestLimit?: RateLimitOptions;
}

/**
 * Requests per address before anything is read or written (each answer writes an access-log row,
 * a version every desk receives): 40 at once, then 2 a second. A customer's whole visit is a
 * handful; this only stops one address from flooding the log.
 */
export const DEFAULT_TRACK_REQUEST_LIMIT: Required<RateLimitOptions> = { perSecond: 2, burst: 40 };

/** Bodies are a phone and a code, or a date and a short note. */
const MAX_BODY_BYTES = 4096;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

const sendError = (res: ServerResponse, e: HttpError) => send(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);

/** The one answer for every refused code: wrong, expired, used up, or a phone with no code sent. */
const INVALID_CODE = new HttpError(401, 'invalid_code', 'phone or code not accepted: the code may be wrong, expired or used up; ask for a new one');
const NO_SESSION = new HttpError(401, 'unauthorized', 'no session: sign in with your phone and a text code');
const NOT_FOUND = new HttpError(404, 'not_found', 'order not found');

function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
    return Promise.reject(new HttpError(415, 'bad_request', 'content-type: must be application/json'));
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(new HttpError(413, 'too_large', `body: over ${MAX_BODY_BYTES} bytes`, { connection: 'close' }));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'too_large', `body: over ${MAX_BODY_BYTES} bytes`, { connection: 'close' }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new HttpError(400, 'bad_request', 'body: not valid JSON'));
      }
    });
  });
}

function cookieOf(req: IncomingMessage): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TRACK_COOKIE) return rest.join('=') || null;
  }
  return null;
}

/** Over TLS, or behind a proxy that says the customer's request was https. */
function isSecure(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}

export function sessionCookie(id: string, secure: boolean, maxAgeSeconds = TRACK_SESSION_MINUTES * 60): string {
  return `${TRACK_COOKIE}=${id}; Path=${TRACK_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function createTrackHandler(deps: TrackDeps) {
  const perAddress = new TokenBuckets(deps.requestLimit ?? DEFAULT_TRACK_REQUEST_LIMIT, () => false, deps.store.now);
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (!pathname.startsWith(`${TRACK_API}/`) && pathname !== TRACK_API) return deps.files.serve(req, res, pathname);
    const verdict = perAddress.take(addressKey(req.socket.remoteAddress));
    if (!verdict.ok) return sendError(res, limited(verdict.retryAfterSeconds));
    void api(deps, req, res, pathname).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return sendError(res, err);
      const storage = storageFailure(err);
      if (storage) {
        console.error(`track API: ${storage.message}`);
        return sendError(res, new HttpError(503, storage.code, 'the service is busy; try again shortly', { 'retry-after': '30' }));
      }
      console.error('track API error:', err);
      sendError(res, new HttpError(500, 'internal', 'internal error'));
    });
  };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'bad_request', describeZodError(parsed.error));
  return parsed.data;
}

function limited(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', `too many requests; try again in ${retryAfterSeconds} s`, { 'retry-after': String(retryAfterSeconds) });
}

async function api(deps: TrackDeps, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (!deps.isReady() || deps.isClosing()) throw new HttpError(503, 'unavailable', deps.isClosing() ? 'shutting down' : 'starting', { 'retry-after': '5' });
  const { store } = deps;
  const method = req.method ?? 'GET';
  const address = addressKey(req.socket.remoteAddress);
  const route = pathname.slice(TRACK_API.length);
  const only = (m: string) => {
    if (method !== m) throw new HttpError(405, 'method_not_allowed', `${method} ${pathname}: use ${m}`, { allow: m });
  };
  /** a body, parsed; a bad one is logged (without a phone) and answered 400 */
  const body = async <T extends z.ZodType>(kind: TrackAccessKind, schema: T): Promise<z.infer<T>> => {
    try {
      return parse(schema, await readJson(req));
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) await store.logOnly(kind, null, address, 'bad_request');
      throw err;
    }
  };
  /** the session's phone; without one the address is charged a failed authentication, and logged */
  const session = async (kind: TrackAccessKind, orderNo: string | null = null): Promise<string> => {
    const blocked = deps.authGuard?.check(req.socket.remoteAddress);
    if (blocked && !blocked.ok) throw limited(blocked.retryAfterSeconds);
    const phone = store.sessionPhone(cookieOf(req));
    if (phone) return phone;
    deps.authGuard?.failed(req.socket.remoteAddress);
    await store.logOnly(kind, null, address, 'unauthorized', orderNo);
    throw NO_SESSION;
  };

  if (route === '/code') {
    only('POST');
    const { phone } = await body('code', CodeRequest);
    const r = await store.requestCode(phone, address);
    if (r.kind === 'limited') throw limited(r.retryAfterSeconds);
    return send(res, 202, { sent: true, expiresInSeconds: TRACK_CODE_MINUTES * 60 } satisfies CodeAccepted);
  }
  if (route === '/session') {
    only('POST');
    const { phone, code } = await body('session', SessionRequest);
    const r = await store.startSession(phone, code, address);
    if (r.kind === 'limited') throw limited(r.retryAfterSeconds);
    if (r.kind === 'invalid') throw INVALID_CODE;
    const answer: SessionStarted = { phone: maskPhone(r.phone), expiresAt: shanghaiIso(r.expiresMs) };
    return send(res, 200, answer, { 'set-cookie': sessionCookie(r.id, isSecure(req)) });
  }
  if (route === '/logout') {
    only('POST');
    store.endSession(cookieOf(req));
    return send(res, 200, { ok: true }, { 'set-cookie': sessionCookie('', isSecure(req), 0) });
  }
  if (route === '/orders') {
    only('GET');
    const phone = await session('orders');
    return send(res, 200, await store.listOrders(phone, address));
  }
  if (route.startsWith('/orders/')) {
    only('GET');
    let orderNo: string;
    try {
      orderNo = decodeURIComponent(route.slice('/orders/'.length));
    } catch {
      throw NOT_FOUND;
    }
    if (orderNo === '' || orderNo.length > 64 || orderNo.includes('/')) throw NOT_FOUND;
    const phone = await session('order', orderNo);
    const detail = await store.orderDetail(phone, orderNo, address);
    if (!detail) throw NOT_FOUND;
    return send(res, 200, detail);
  }
  if (route === '/requests') {
    only('POST');
    const phone = await session('request');
    const wanted = await body('request', DateChangeRequest);
    const r = await store.requestDate(phone, wanted, address);
    if (r.kind === 'not_found') throw NOT_FOUND;
    if (r.kind === 'conflict') throw new HttpError(409, 'conflict', 'orderNo: a request for this order is already open, or the order is finished');
    if (r.kind !== 'ok') throw new HttpError(400, 'bad_request', 'wanted: a date from tomorrow on');
    return send(res, 201, { id: r.id, orderNo: r.orderNo, wanted: r.wanted, at: r.at } satisfies DateChangeAccepted);
  }
  throw new HttpError(404, 'not_found', `${pathname}: no such route`);
}
