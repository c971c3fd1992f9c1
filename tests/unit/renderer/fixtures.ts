import type { DeskEvent, DeskStatus } from '@shared/contract';
import type { DeskClient } from '@renderer/api/types';
import type { LinkListener } from '@renderer/api/link';

/**
 * A desk client for the data-flow tests: the given calls, events the test emits, and the event
 * link's state the test sets.
 */
export function fakeEventClient<Calls extends Partial<DeskClient>>(calls: Calls) {
  const listeners = new Set<(e: DeskEvent) => void>();
  let link: LinkListener = () => {};
  const client = {
    ...calls,
    subscribe: (l: (e: DeskEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    watchLink: (l: LinkListener) => {
      link = l;
      return () => {};
    },
    transport: 'http' as const,
  };
  return { client: client as typeof client & DeskClient, emit: (e: DeskEvent) => listeners.forEach((l) => l(e)), setLink: (...a: Parameters<LinkListener>) => link(...a), listeners };
}

export function status(patch: Partial<DeskStatus> = {}): DeskStatus {
  return {
    connected: true,
    state: 'live',
    checkpoint: 100,
    head: 105,
    pendingCommands: 0,
    lastError: null,
    serverUrl: 'http://127.0.0.1:4100',
    serverId: 's1',
    role: 'supervisor',
    supervisor: '王主管',
    shift: { id: 'night', zh: '夜班', en: 'Night shift', start: '2026-11-25T20:00:00+08:00', end: '2026-11-26T08:00:00+08:00' },
    serverNow: '2026-11-25T14:00:00.000Z',
    dataAsOf: '2026-11-25T14:00:00.000Z',
    clockRate: 1,
    syncProgress: null,
    demo: false,
    ...patch,
  };
}
