/**
 * The mutation ledger and the audit trail: the last mutationId per client, the outcome of every
 * (clientId, mutationId) that used one up, and one audit row per command event.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { ServerDb } from '@server/db/open';
import { audit, clientMutations, mutations, type AuditRow, type MutationRow } from '@server/db/schema';

export function lastMutationId(db: ServerDb, clientId: string): number {
  return db.select({ n: clientMutations.lastMutationId }).from(clientMutations).where(eq(clientMutations.clientId, clientId)).get()?.n ?? 0;
}

export function getMutation(db: ServerDb, clientId: string, mutationId: number): MutationRow | undefined {
  return db.select().from(mutations).where(and(eq(mutations.clientId, clientId), eq(mutations.mutationId, mutationId))).get();
}

/** Stores an outcome and moves the client's last mutationId to it (call inside the command's transaction). */
export function recordMutation(db: ServerDb, row: MutationRow): void {
  db.insert(mutations).values(row).run();
  db.insert(clientMutations)
    .values({ clientId: row.clientId, lastMutationId: row.mutationId })
    .onConflictDoUpdate({ target: clientMutations.clientId, set: { lastMutationId: row.mutationId } })
    .run();
}

export function markUndone(db: ServerDb, key: string, by: string): void {
  const hash = key.lastIndexOf('#');
  db.update(mutations)
    .set({ undoneBy: by })
    .where(and(eq(mutations.clientId, key.slice(0, hash)), eq(mutations.mutationId, Number(key.slice(hash + 1)))))
    .run();
}

export function appendAudit(db: ServerDb, row: Omit<AuditRow, 'id'>): void {
  db.insert(audit).values(row).run();
}

/** The newest audit rows first (operations, tests). */
export function recentAudit(db: ServerDb, limit = 100): AuditRow[] {
  return db.select().from(audit).orderBy(desc(audit.id)).limit(limit).all();
}
