import { describe, expect, it } from 'vitest';
import { createHttpDeskApi } from '@renderer/api/httpDeskApi';
import { DeskCallError, errorFromReply } from '@renderer/api/deskError';
import { backoffMs } from '@renderer/api/link';
import { isDeskEvent } from '@renderer/api/eventSocket';
import { status } from './fixtures';

type Call = { url: string; init: RequestInit | undefined };

function fakeFetch(reply: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return reply();
  }) as typeof fetch;
  return { calls, impl };
}

describe('browser-mode RPC', () => {
  it('POSTs the input as JSON with the bearer key and returns the reply', async () => {
    const f = fakeFetch(() => new Response(JSON.stringify(status()), { status: 200 }));
    const api = createHttpDeskApi({ href: 'http://127.0.0.1:5123/?x=1', key: 'k1', fetchImpl: f.impl });
    await expect(api.status({})).resolves.toMatchObject({ state: 'live' });
    await api.commands({ limit: 5 });
    expect(f.calls[0]?.url).toBe('http://127.0.0.1:5123/api/rpc/status');
    expect(f.calls[0]?.init?.method).toBe('POST');
    expect(f.calls[0]?.init?.body).toBe('{}');
    expect((f.calls[0]?.init?.headers as Record<string, string>).Authorization).toBe('Bearer k1');
    expect(f.calls[1]?.url).toBe('http://127.0.0.1:5123/api/rpc/commands');
    expect(f.calls[1]?.init?.body).toBe('{"limit":5}');
  });

  it('throws the back end error code and message on 4xx/5xx', async () => {
    const f = fakeFetch(() => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no key' } }), { status: 401 }));
    const api = createHttpDeskApi({ href: 'http://127.0.0.1:5123/', key: null, fetchImpl: f.impl });
    const err = await api.mapView({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskCallError);
    expect((err as DeskCallError).code).toBe('unauthorized');
    expect((err as DeskCallError).httpStatus).toBe(401);
    expect((err as Error).message).toBe('unauthorized: no key');
  });

  it('reports a network failure as code network', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const api = createHttpDeskApi({ href: 'http://127.0.0.1:5123/', key: 'k', fetchImpl: f.impl });
    await expect(api.status({})).rejects.toThrow('network: Failed to fetch');
  });

  it('names an error reply without the protocol body by its HTTP status', () => {
    expect(errorFromReply(502, null).message).toBe('http_502: HTTP 502');
  });
});

describe('events', () => {
  it('accepts only DeskEvents', () => {
    expect(isDeskEvent({ type: 'status', status: status() })).toBe(true);
    // the old overview event is gone: a stray one is dropped like any unknown event
    expect(isDeskEvent({ type: 'overview', overview: {} })).toBe(false);
    expect(isDeskEvent({ type: 'changes' })).toBe(false);
    expect(isDeskEvent({ type: 'status', status: { ...status(), checkpoint: -1 } })).toBe(false);
  });

  it('accepts the auto-policy event (the hand-written guard dropped it, so the toggle never updated in browser mode)', () => {
    const run = { at: '2026-12-07T21:00:00+08:00', incidentId: 'inc-1', title: '浦东新区 · 安装人员不足', cause: 'installer_shortage', actionId: 'cmd-3', moved: 12, outcome: 'applied', detail: null };
    expect(isDeskEvent({ type: 'auto', run })).toBe(true);
    expect(isDeskEvent({ type: 'auto', run: { ...run, outcome: 'maybe' } })).toBe(false);
    expect(isDeskEvent({ type: 'menu', action: 'search' })).toBe(true);
    expect(isDeskEvent({ type: 'menu', action: 'rm -rf' })).toBe(false);
    expect(isDeskEvent('status')).toBe(false);
  });

  it('backs off from 0.5 s to at most 15 s', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, mid)).toBe(500);
    expect(backoffMs(3, mid)).toBe(2000);
    expect(backoffMs(20, mid)).toBe(15000);
    expect(backoffMs(20, () => 1)).toBeLessThanOrEqual(18000);
  });
});
