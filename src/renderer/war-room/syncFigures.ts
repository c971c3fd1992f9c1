/** Figures of the sync panel, computed from DeskStatus. */
import type { DeskStatus } from '@shared/contract';

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
