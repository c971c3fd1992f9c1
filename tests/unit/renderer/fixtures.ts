import type { DeskStatus } from '@shared/contract';

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
