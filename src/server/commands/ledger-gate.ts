/**
 * The first check of a `command` (issue 16, decision 0011 amendment): may this token speak for the
 * clientId, and has the clientId used this mutationId already? It runs before the role and the
 * payload shape, so a mutationId that was applied is never answered `forbidden` or `bad_request`
 * (which tell a desk the id is free again) after a schema change or a role change.
 * - A clientId is held by the token that last recorded a mutation under it. Another token is
 *   refused (`client_taken`) unless it has the same holder (token name) and the holding token is
 *   revoked or expired: that is a rotation, and the desk's outbox goes on under its clientId.
 * - A used mutationId with the same canonical [type, payload] is a `duplicate`; with another one
 *   it is a `mutation_conflict` naming the mutationId and the next free one (`expected`).
 */
import { AUTO_CLIENT_ID } from '@shared/auto-policy';
import { canonicalHash } from '@server/canonical-hash';
import { eq } from 'drizzle-orm';
import type { CommandOutcome } from '@server/commands/execute';
import { auditRefusal } from '@server/db/audit-refusals';
import { clientLedger, getMutation, type ClientLedger } from '@server/db/ledger';
import { getHead } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';
import { tokens } from '@server/db/schema';
import type { Principal } from '@server/db/tokens';

/** What a command envelope must carry for the ledger to be asked (the rest is checked later). */
export interface LedgerKey {
  mutationId: number;
  type: string;
  payload: unknown;
}

/** Nesting deeper than any command payload (a batch of job.reassign is 5 levels). */
const MAX_DEPTH = 32;

/** SHA-256 (hex) of the canonical [type, payload]; throws RangeError for absurd nesting. */
export function payloadHash(type: string, payload: unknown): string {
  return canonicalHash([type, payload ?? null], { maxDepth: MAX_DEPTH, what: 'payload' });
}

/** The envelope's mutationId, type and payload when they have the shapes the ledger needs, else null. */
export function ledgerKey(envelope: unknown): LedgerKey | null {
  if (!envelope || typeof envelope !== 'object') return null;
  const e = envelope as Record<string, unknown>;
  if (typeof e.mutationId !== 'number' || !Number.isSafeInteger(e.mutationId) || e.mutationId < 1) return null;
  if (typeof e.type !== 'string') return null;
  return { mutationId: e.mutationId, type: e.type, payload: e.payload };
}

function tokenStillValid(db: ServerDb, tokenId: string, now: number): boolean {
  const row = db.select({ revokedAt: tokens.revokedAt, expiresAt: tokens.expiresAt }).from(tokens).where(eq(tokens.id, tokenId)).get();
  if (!row || row.revokedAt) return false;
  return !(row.expiresAt && Date.parse(row.expiresAt) <= now);
}

/** Whether this principal may speak for a clientId with this ledger entry. */
export function holdsClient(db: ServerDb, principal: Principal, ledger: ClientLedger | undefined, now: number = Date.now()): boolean {
  if (!ledger || ledger.tokenId === principal.tokenId) return true;
  // a clientId last used before migration 0005 knows only its holder's name
  if (ledger.holder === null) return ledger.tokenId === null;
  if (ledger.holder !== principal.name) return false;
  return ledger.tokenId === null || !tokenStillValid(db, ledger.tokenId, now);
}

export interface GateContext {
  db: ServerDb;
  principal: Principal;
  clientId: string;
  /** server clock, for the audit row */
  at: string;
}

/**
 * The answer the ledger gives on its own (client_taken, duplicate, mutation_conflict), audited;
 * null when the command goes on to the role, shape and business checks.
 */
export function answerFromLedger(ctx: GateContext, key: LedgerKey, hash: string): CommandOutcome | null {
  const { db, principal, clientId } = ctx;
  const ledger = clientLedger(db, clientId);
  const audit = (outcome: string, code: string | null, version: number | null) =>
    auditRefusal(db, principal.tokenId, { at: ctx.at, actor: principal.name, role: principal.role, clientId, mutationId: key.mutationId, type: key.type.slice(0, 64), outcome, code, rows: 0, version });
  // the server's own auto-policy speaks as clientId `auto`; no token may, whatever its name (issue 14)
  if (!holdsClient(db, principal, ledger) || (clientId === AUTO_CLIENT_ID && principal.tokenId !== AUTO_CLIENT_ID)) {
    audit('client_taken', 'client_taken', null);
    return { ok: false, error: { code: 'client_taken', message: `clientId: ${clientId} is held by another token; a desk sends under its own clientId (a rotated token takes it over once the old one is revoked or expired)` } };
  }
  if (!ledger || key.mutationId > ledger.lastMutationId) return null;
  const original = getMutation(db, clientId, key.mutationId);
  if (original?.payloadHash && original.payloadHash !== hash) {
    const expected = ledger.lastMutationId + 1;
    audit('mutation_conflict', 'mutation_conflict', original.version);
    return {
      ok: false,
      error: { code: 'mutation_conflict', message: `mutationId: ${key.mutationId} of client ${clientId} was already used by another command (${original.type}); nothing was applied, send it as ${expected}`, expected },
    };
  }
  const status = original?.status === 'applied' ? 'applied' : 'rejected';
  audit('duplicate', status, original?.version ?? null);
  return { ok: true, status: 'duplicate', version: original?.version ?? getHead(db), original: status, ...(original?.error ? { error: original.error } : {}) };
}
