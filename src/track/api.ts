/**
 * The page's calls to /track/api (same origin, the session in an HttpOnly cookie), each answered
 * as one Outcome the screens turn into words: no exception reaches a screen. Only types come from
 * the contract (@shared/track): the server parses every input with its zod schemas, and the page
 * stays small without zod in its bundle.
 */
import type { CodeAccepted, DateChangeAccepted, DateChangeRequest, SessionStarted, TrackOrderDetail, TrackOrderList } from '@shared/track';

export type Failure =
  | { ok: false; kind: 'unauthorized' }
  | { ok: false; kind: 'limited'; retryAfterSeconds: number }
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'not_found' }
  | { ok: false; kind: 'bad_request'; message: string }
  | { ok: false; kind: 'server'; status: number };
export type Outcome<T> = { ok: true; data: T } | Failure;

const API = '/track/api';

/** Retry-After as seconds (delta-seconds or an HTTP date); a missing or odd value reads as a minute. */
export function retryAfterSeconds(header: string | null, nowMs: number): number {
  if (header === null || header.trim() === '') return 60;
  const n = Number(header);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60 : Math.max(1, Math.ceil((at - nowMs) / 1000));
}

/** An answer's status (and body, headers) → the outcome a screen shows. */
export async function outcomeOf<T>(res: Response, nowMs: number): Promise<Outcome<T>> {
  if (res.ok) return { ok: true, data: (await res.json()) as T };
  if (res.status === 401) return { ok: false, kind: 'unauthorized' };
  if (res.status === 404) return { ok: false, kind: 'not_found' };
  if (res.status === 429) return { ok: false, kind: 'limited', retryAfterSeconds: retryAfterSeconds(res.headers.get('retry-after'), nowMs) };
  if (res.status === 400 || res.status === 409 || res.status === 422) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
    const message = typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`;
    return { ok: false, kind: 'bad_request', message };
  }
  return { ok: false, kind: 'server', status: res.status };
}

/** The answer index.html's inline script already asked for (the route's GET), taken once. */
function prefetched(path: string): Promise<Response> | null {
  const g = globalThis as { __trackPrefetch?: { path: string; answer: Promise<Response> } };
  const p = g.__trackPrefetch;
  if (!p || p.path !== path) return null;
  delete g.__trackPrefetch;
  return p.answer;
}

/** After the first screen: an answer it did not take is stale (asked for before a sign-in, say). */
export function dropPrefetch(): void {
  delete (globalThis as { __trackPrefetch?: unknown }).__trackPrefetch;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Outcome<T>> {
  let res: Response;
  try {
    const early = method === 'GET' ? prefetched(API + path) : null;
    res = await (early ?? fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  } catch {
    return { ok: false, kind: 'network' };
  }
  try {
    return await outcomeOf<T>(res, Date.now());
  } catch {
    // a body cut short by a dropped connection
    return { ok: false, kind: 'network' };
  }
}

export const api = {
  code: (phone: string) => call<CodeAccepted>('POST', '/code', { phone }),
  session: (phone: string, code: string) => call<SessionStarted>('POST', '/session', { phone, code }),
  orders: () => call<TrackOrderList>('GET', '/orders'),
  order: (orderNo: string) => call<TrackOrderDetail>('GET', `/orders/${encodeURIComponent(orderNo)}`),
  request: (body: DateChangeRequest) => call<DateChangeAccepted>('POST', '/requests', body),
};
