/**
 * The mutation ledger and the audit trail: the last mutationId per client and the token that holds
 * the client, the outcome of every (clientId, mutationId) that used one up, and one audit row per
 * command event (repeated refusals collapse into one row with a count: src/server/db/audit-refusals.ts).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { ServerDb } from '@server/db/open';
import { audit, clientMutations, mutations, type AuditRow, type MutationRow } from '@server/db/schema';

export interface ClientLedger {
  lastMutationId: number;
  /** the token that last recorded a mutation (null: last used before migration 0005) */
  tokenId: string | null;
  /** that token's name */
  holder: string | null;
}

export function clientLedger(db: ServerDb, clientId: string): ClientLedger | undefined {
  return db
    .select({ lastMutationId: clientMutations.lastMutationId, tokenId: clientMutations.tokenId, holder: clientMutations.holder })
    .from(clientMutations)
    .where(eq(clientMutations.clientId, clientId))
    .get();
}

export function lastMutationId(db: ServerDb, clientId: string): number {
  return clientLedger(db, clientId)?.lastMutationId ?? 0;
}

export function getMutation(db: ServerDb, clientId: string, mutationId: number): MutationRow | undefined {
  return db.select().from(mutations).where(and(eq(mutations.clientId, clientId), eq(mutations.mutationId, mutationId))).get();
}

/**
 * Stores an outcome and moves the client's last mutationId to it (call inside the command's
 * transaction); the token that sent it becomes the client's holder (a rotation moves it here).
 */
export function recordMutation(db: ServerDb, row: MutationRow, by: { tokenId: string; holder: string }): void {
  db.insert(mutations).values(row).run();
  const ledger = { lastMutationId: row.mutationId, tokenId: by.tokenId, holder: by.holder };
  db.insert(clientMutations)
    .values({ clientId: row.clientId, ...ledger })
    .onConflictDoUpdate({ target: clientMutations.clientId, set: ledger })
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
