import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskStore } from '@renderer/state/deskStore';
import { startDeskSync, STATUS_POLL_MS } from '@renderer/state/deskSync';
import { fakeEventClient, status } from './fixtures';

function fakeClient() {
  return fakeEventClient({ status: vi.fn(async () => status()) });
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
