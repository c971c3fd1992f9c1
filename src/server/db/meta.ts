/** The meta key/value table: serverId, head (the global version counter), simulator state. */
import { randomUUID } from 'node:crypto';
import type { ServerDb } from '@server/db/open';
import { fastGetMeta, fastSetMeta } from '@server/db/change-readers';

export function getMeta(db: ServerDb, key: string): string | undefined {
  return fastGetMeta(db.$client, key);
}

export function setMeta(db: ServerDb, key: string, value: string): void {
  fastSetMeta(db.$client, key, value);
}

export function getHead(db: ServerDb): number {
  const v = getMeta(db, 'head');
  return v == null ? 0 : Number(v);
}

/** The server's identity, created on first open and kept forever. */
export function ensureServerId(db: ServerDb): string {
  const existing = getMeta(db, 'serverId');
  if (existing) return existing;
  const id = randomUUID();
  setMeta(db, 'serverId', id);
  return id;
}
