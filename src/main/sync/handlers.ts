/**
 * The sync's methods of the desk API: the desk's status (connection, replica, clock, shift), the
 * replica's digest, a verify against the server, and the audited reveal of one customer's phone.
 */
import type { DeskHandlers, DeskStatus } from '@shared/contract';
import { shanghaiIso } from '@shared/time';
import { currentShift } from '@main/reports/handlers';
import type { SyncEngine } from '@main/sync/engine';

export interface SyncDeps {
  engine: SyncEngine;
  pendingCommands: () => number;
  serverUrl: string;
  dataDir: string;
  demo: boolean;
}

export function deskStatus(d: SyncDeps): DeskStatus {
  const { engine } = d;
  const s = engine.status();
  const dataAsOf = engine.dataAsOf();
  return {
    connected: s.connected,
    state: s.state,
    checkpoint: s.checkpoint,
    head: Math.max(s.head, s.checkpoint),
    pendingCommands: d.pendingCommands(),
    lastError: s.lastError,
    serverUrl: d.serverUrl,
    serverId: s.serverId,
    role: s.role,
    supervisor: s.name,
    shift: engine.clock.known ? currentShift(d.dataDir, engine.clock.now()) : null,
    serverNow: engine.clock.known ? shanghaiIso(engine.clock.now()) : null,
    dataAsOf: dataAsOf === null ? null : shanghaiIso(dataAsOf),
    clockRate: engine.clock.clockRate,
    syncProgress: s.progress,
    demo: d.demo,
  };
}

export function syncHandlers(d: SyncDeps): Pick<DeskHandlers, 'status' | 'digest' | 'verify' | 'revealPhone'> {
  return {
    status: () => deskStatus(d),
    digest: () => d.engine.replica().digest(),
    verify: () => d.engine.verify(),
    revealPhone: async ({ orderId }) => ({ phone: await d.engine.revealPhone(orderId) }),
  };
}
