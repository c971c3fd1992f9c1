import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeskEvent } from '@shared/contract';
import type { DeskClient } from '@renderer/api/types';
import type { LinkListener } from '@renderer/api/link';
import { DeskStore } from '@renderer/state/deskStore';
import { startDeskSync, STATUS_POLL_MS } from '@renderer/state/deskSync';
import { status } from './fixtures';

function fakeClient() {
  const listeners = new Set<(e: DeskEvent) => void>();
  let link: LinkListener = () => {};
  const client = {
    status: vi.fn(async () => status()),
    subscribe: (l: (e: DeskEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    watchLink: (l: LinkListener) => {
      link = l;
      return () => {};
    },
    transport: 'http' as const,
  } satisfies Partial<DeskClient>;
  return { client: client as typeof client & DeskClient, emit: (e: DeskEvent) => listeners.forEach((l) => l(e)), setLink: (...a: Parameters<LinkListener>) => link(...a), listeners };
}

afterEach(() => vi.useRealTimers());

describe('desk data flow', () => {
  it('reads status at start, then follows events', async () => {
    const { client, emit } = fakeClient();
    const store = new DeskStore();
    const stop = startDeskSync(client, store);
    await vi.waitFor(() => expect(store.get().status?.state).toBe('live'));
    emit({ type: 'status', status: status({ state: 'offline' }) });
    expect(store.get().status?.state).toBe('offline');
    stop();
  });

  it('shows a failed read as a problem and clears it on the next success', async () => {
    vi.useFakeTimers();
    const { client } = fakeClient();
    client.status.mockRejectedValueOnce(new Error('network: down'));
    const store = new DeskStore();
    const stop = startDeskSync(client, store);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get().problems.status).toBe('network: down');
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS);
    expect(store.get().problems.status).toBeUndefined();
    stop();
  });

  it('polls status only when no status event came for 5 s', async () => {
    vi.useFakeTimers();
    const { client, emit } = fakeClient();
    const store = new DeskStore();
    const stop = startDeskSync(client, store);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS - 1000);
    emit({ type: 'status', status: status() });
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.status).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS);
    expect(client.status).toHaveBeenCalledTimes(2);
    stop();
  });

  it('re-reads the status when the event link comes back after a drop', async () => {
    vi.useFakeTimers();
    const { client, setLink } = fakeClient();
    const store = new DeskStore();
    const stop = startDeskSync(client, store);
    setLink({ kind: 'up' });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.status).toHaveBeenCalledTimes(1);
    setLink({ kind: 'down', attempt: 1, retryInMs: 500, error: 'closed' });
    expect(store.get().link.kind).toBe('down');
    setLink({ kind: 'up' });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.status).toHaveBeenCalledTimes(2);
    stop();
  });
});
