/** Figures of the sync panel, computed from DeskStatus. */
import type { DeskStatus, SyncState } from '@shared/contract';
import type { MessageKey } from '@renderer/i18n/messages';

export const STATE_LABEL: Record<SyncState, MessageKey> = {
  connecting: 'sync.connecting',
  syncing: 'sync.syncing',
  live: 'sync.live',
  offline: 'sync.offline',
  unauthorized: 'sync.unauthorized',
  forbidden: 'sync.forbidden',
  protocol_mismatch: 'sync.protocol_mismatch',
};

/** Versions the replica is behind the server's head (never negative). */
export function syncLag(status: Pick<DeskStatus, 'head' | 'checkpoint'>): number {
  return Math.max(0, status.head - status.checkpoint);
}

export interface CatchUp {
  done: number;
  total: number;
  /** 0..1 */
  fraction: number;
}

/** Progress of the current catch-up, or null when none runs. */
export function catchUpProgress(progress: DeskStatus['syncProgress']): CatchUp | null {
  if (!progress) return null;
  const total = Math.max(0, progress.toVersion - progress.fromVersion);
  const done = Math.min(total, Math.max(0, progress.atVersion - progress.fromVersion));
  return { done, total, fraction: total === 0 ? 1 : done / total };
}

/** Thousands separators, locale independent enough for a wall screen. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
