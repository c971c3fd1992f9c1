/** The meta key/value table: serverId, head (the global version counter), simulator state. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServerDb } from '@server/db/open';
import { meta } from '@server/db/schema';

export function getMeta(db: ServerDb, key: string): string | undefined {
  return db.select({ value: meta.value }).from(meta).where(eq(meta.key, key)).get()?.value;
}

export function setMeta(db: ServerDb, key: string, value: string): void {
  db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
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
