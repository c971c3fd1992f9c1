/**
 * Access tokens: 32 random bytes, base64url, shown once; only the SHA-256 is stored.
 * A token is valid while not revoked and not expired; its role decides what it may do.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '@shared/vocab';
import type { ServerDb } from '@server/db/open';
import { tokens, type TokenRow } from '@server/db/schema';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedToken {
  id: string;
  token: string;
  role: Role;
  name: string;
  expiresAt: string | null;
}

export function createToken(db: ServerDb, role: Role, name: string, options: { expiresDays?: number; now?: number } = {}): CreatedToken {
  const now = options.now ?? Date.now();
  const token = randomBytes(32).toString('base64url');
  const id = `tok_${randomUUID()}`;
  const expiresAt = options.expiresDays == null ? null : new Date(now + options.expiresDays * 86_400_000).toISOString();
  db.insert(tokens)
    .values({ id, hash: hashToken(token), role, name, createdAt: new Date(now).toISOString(), expiresAt, revokedAt: null })
    .run();
  return { id, token, role, name, expiresAt };
}

/** Revokes by token id or by the raw token. Returns whether a live token was revoked. */
export function revokeToken(db: ServerDb, idOrToken: string, now: number = Date.now()): boolean {
  const row =
    db.select().from(tokens).where(eq(tokens.id, idOrToken)).get() ??
    db.select().from(tokens).where(eq(tokens.hash, hashToken(idOrToken))).get();
  if (!row || row.revokedAt) return false;
  db.update(tokens).set({ revokedAt: new Date(now).toISOString() }).where(eq(tokens.id, row.id)).run();
  return true;
}

/** Revokes every live token with this name; returns how many. */
export function revokeTokensNamed(db: ServerDb, name: string, now: number = Date.now()): number {
  const rows = db.select().from(tokens).where(eq(tokens.name, name)).all();
  let n = 0;
  for (const r of rows) if (!r.revokedAt && revokeToken(db, r.id, now)) n++;
  return n;
}

export interface Principal {
  tokenId: string;
  role: Role;
  name: string;
}

/** Every HTTP request and every desk event looks its token up: one prepared query per database. */
const byHashQueries = new WeakMap<ServerDb, { get: (p: { hash: string }) => TokenRow | undefined }>();

function tokenByHash(db: ServerDb, hash: string): TokenRow | undefined {
  let q = byHashQueries.get(db);
  if (!q) {
    q = db.select().from(tokens).where(eq(tokens.hash, sql.placeholder('hash'))).prepare();
    byHashQueries.set(db, q);
  }
  return q.get({ hash });
}

/**
 * Hashes of recently presented tokens: every floor request and desk event hashes its token, and
 * a floor client presents the same one thousands of times. Only the hash is remembered per token
 * (the row, so revocation and expiry, is still read every time); bounded, cleared when full.
 */
const recentHashes = new Map<string, string>();
const RECENT_HASHES_LIMIT = 256;

function hashOfPresented(token: string): string {
  let hash = recentHashes.get(token);
  if (hash === undefined) {
    if (recentHashes.size >= RECENT_HASHES_LIMIT) recentHashes.clear();
    hash = hashToken(token);
    recentHashes.set(token, hash);
  }
  return hash;
}

/** Real wall time decides expiry (tokens are about people, not the simulated clock). */
export function authenticate(db: ServerDb, token: unknown, now: number = Date.now()): Principal | null {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  const row: TokenRow | undefined = tokenByHash(db, hashOfPresented(token));
  if (!row || row.revokedAt) return null;
  if (row.expiresAt && Date.parse(row.expiresAt) <= now) return null;
  return { tokenId: row.id, role: row.role as Role, name: row.name };
}
