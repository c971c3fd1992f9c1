/** Browser mode transport: POST /api/rpc/<method> with the access key, events over WebSocket. */
import { DESK_METHODS, type DeskCalls, type DeskMethod } from '@shared/contract';
import { DeskCallError, errorFromReply } from '@renderer/api/deskError';
import { EventSocket } from '@renderer/api/eventSocket';
import { eventsUrl } from '@renderer/api/accessKey';
import type { DeskClient } from '@renderer/api/types';

export interface HttpDeskOptions {
  /** the page's URL; RPC and events go to its origin */
  href: string;
  key: string | null;
  fetchImpl?: typeof fetch;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function createHttpDeskApi(opts: HttpDeskOptions): DeskClient {
  const origin = new URL(opts.href).origin;
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call(method: DeskMethod, input: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
    let res: Response;
    try {
      res = await doFetch(`${origin}/api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    } catch (err) {
      throw new DeskCallError('network', err instanceof Error ? err.message : String(err));
    }
    const body = await readJson(res);
    if (!res.ok) throw errorFromReply(res.status, body);
    if (body === null) throw new DeskCallError('bad_reply', `${method}: the reply was not JSON`, res.status);
    return body;
  }

  const calls = Object.fromEntries(DESK_METHODS.map((m) => [m, (input: unknown) => call(m, input)])) as DeskCalls;

  const socket = new EventSocket(() => eventsUrl(opts.href, opts.key));

  return {
    ...calls,
    subscribe: (listener) => socket.subscribe(listener),
    watchLink: (listener) => socket.watchLink(listener),
    transport: 'http',
  };
}
