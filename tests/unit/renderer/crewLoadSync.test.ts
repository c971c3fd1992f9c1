// Crew load is read once for the heat map, the crew layer and the crew filter: one store entry on
// one schedule, re-read when this desk's applied command has reached the replica.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandView } from '@shared/contract';
import type { CrewLoad } from '@shared/war-room';
import { CREW_LOAD_DAYS, CREW_LOAD_EVERY_MS, startCrewLoadSync } from '@renderer/state/crewLoadSync';
import { WarRoomStore } from '@renderer/state/warRoomStore';
import { fakeEventClient, status } from './fixtures';

const load = (n: number): CrewLoad => ({ dates: ['2026-02-02'], crews: [{ id: `c${n}`, name: `第${n}组`, district: '浦东新区', capacityPerDay: 4, capacity: [4], load: [n], unavailable: [null] }] });

function fakeClient() {
  let n = 0;
  return fakeEventClient({ crewLoad: vi.fn(async () => load(++n)) });
}

const command = (state: CommandView['state'], version: number | null): CommandView => ({
  seq: 1, mutationId: 1, type: 'batch', label: '改派', createdAt: '2026-02-02T10:00:00+08:00', state, sendCount: 1, version, error: null, answeredAt: '2026-02-02T10:00:01+08:00', orderIds: [], jobIds: [],
});

afterEach(() => vi.useRealTimers());

describe('crew load sync', () => {
  it('reads the heat map’s days once into the store, then on one schedule', async () => {
    vi.useFakeTimers();
    const { client } = fakeClient();
    const store = new WarRoomStore();
    const stop = startCrewLoadSync(client, store);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.crewLoad).toHaveBeenCalledTimes(1);
    expect(client.crewLoad).toHaveBeenCalledWith({ days: CREW_LOAD_DAYS });
    expect(store.get().crewLoad?.crews[0]?.id).toBe('c1');
    await vi.advanceTimersByTimeAsync(3 * CREW_LOAD_EVERY_MS);
    expect(client.crewLoad).toHaveBeenCalledTimes(4);
    stop();
    await vi.advanceTimersByTimeAsync(3 * CREW_LOAD_EVERY_MS);
    expect(client.crewLoad).toHaveBeenCalledTimes(4);
  });

  it('re-reads once the replica holds an applied command’s changes, not before, and not for a rejection', async () => {
    vi.useFakeTimers();
    const { client, emit } = fakeClient();
    const stop = startCrewLoadSync(client, new WarRoomStore());
    await vi.advanceTimersByTimeAsync(0);
    emit({ type: 'status', status: status({ checkpoint: 40 }) });
    emit({ type: 'command', command: command('rejected', null) });
    emit({ type: 'command', command: command('applied', 42) });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.crewLoad).toHaveBeenCalledTimes(1);
    emit({ type: 'status', status: status({ checkpoint: 42 }) });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.crewLoad).toHaveBeenCalledTimes(2);
    // already in the replica when the answer comes: at once
    emit({ type: 'command', command: command('applied', 41) });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.crewLoad).toHaveBeenCalledTimes(3);
    emit({ type: 'status', status: status({ checkpoint: 50 }) });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.crewLoad).toHaveBeenCalledTimes(3);
    stop();
  });

  it('shows a failed read as the crews problem, clears it on the next success, and re-reads when the link is back', async () => {
    vi.useFakeTimers();
    const { client, setLink } = fakeClient();
    client.crewLoad.mockRejectedValueOnce(new Error('network: down'));
    const store = new WarRoomStore();
    const stop = startCrewLoadSync(client, store);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get().problems.crews).toBe('network: down');
    expect(store.get().crewLoad).toBeNull();
    setLink({ kind: 'up' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get().problems.crews).toBeUndefined();
    expect(store.get().crewLoad).not.toBeNull();
    stop();
  });
});
