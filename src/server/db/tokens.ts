/**
 * Access tokens: 32 random bytes, base64url, shown once; only the SHA-256 is stored.
 * A token is valid while not revoked and not expired; its role decides what it may do, and a
 * floor token's scope which orders (src/shared/projection.ts). Tokens expire after
 * DEFAULT_TOKEN_DAYS unless told otherwise (`expiresDays: null`: never).
 */
import { AUTO_CLIENT_ID } from '@shared/auto-policy';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { parseScope, scopeText, type FloorScope } from '@shared/projection';
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
  scope: FloorScope | null;
}

/** A token forgotten in a drawer stops working by itself (issue 16): 90 days unless told otherwise. */
export const DEFAULT_TOKEN_DAYS = 90;
const DAY_MS = 86_400_000;

export interface CreateTokenOptions {
  /** days until it expires; null: never; absent: DEFAULT_TOKEN_DAYS */
  expiresDays?: number | null;
  /** floor tokens only: the workshop, carrier or crew it acts for (null: site-wide) */
  scope?: FloorScope | null;
  now?: number;
}

export function createToken(db: ServerDb, role: Role, name: string, options: CreateTokenOptions = {}): CreatedToken {
  const now = options.now ?? Date.now();
  const scope = options.scope ?? null;
  if (scope && role !== 'floor') throw new Error(`scope: only floor tokens have a scope (role ${role})`);
  if (name.trim() === AUTO_CLIENT_ID) throw new Error(`name: "${AUTO_CLIENT_ID}" is the server's auto-policy; give the token another name`);
  const token = randomBytes(32).toString('base64url');
  const id = `tok_${randomUUID()}`;
  const days = options.expiresDays === undefined ? DEFAULT_TOKEN_DAYS : options.expiresDays;
  const expiresAt = days === null ? null : new Date(now + days * DAY_MS).toISOString();
  db.insert(tokens)
    .values({ id, hash: hashToken(token), role, name, createdAt: new Date(now).toISOString(), expiresAt, revokedAt: null, scope: scope ? scopeText(scope) : null })
    .run();
  return { id, token, role, name, expiresAt, scope };
}

export interface Principal {
  tokenId: string;
  role: Role;
  name: string;
  /** a floor token's scope; null: site-wide (and for every desk role) */
  scope: FloorScope | null;
}

/** Every HTTP request and every desk event may look its token up: one prepared query per database. */
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
 * Recent verifications: every floor request and desk event presents its token (a floor client the
 * same one thousands of times), and hashing it and reading its row cost more than the rest of a
 * small request. A verification is reused for less than VERIFIED_TTL_MS (like the desk's push
 * recheck), so a token revoked by another process (the CLI on the same file) stops working within
 * that time; one revoked through revokeToken in this process stops at once (every verification
 * made before it is dropped). Expiry is checked on every call. Bounded, cleared when full.
 */
const VERIFIED_TTL_MS = 250;
const VERIFIED_LIMIT = 256;

interface Verification {
  hash: string;
  /** null: unknown or revoked at the read (then only the hash is reused, the row is read again) */
  principal: Principal | null;
  expiresMs: number;
  /** performance.now() at the read */
  readAt: number;
  /** `revocations` at the read */
  epoch: number;
}

const verificationsByDb = new WeakMap<ServerDb, Map<string, Verification>>();
/** Revocations made in this process so far. */
let revocations = 0;

function verify(db: ServerDb, hash: string, readAt: number): Verification {
  const row = tokenByHash(db, hash);
  const base = { hash, readAt, epoch: revocations };
  if (!row || row.revokedAt) return { ...base, principal: null, expiresMs: Infinity };
  // an unreadable scope never widens a token to the whole site: it matches no order
  const scope = row.scope == null ? null : (parseScope(row.scope) ?? { kind: 'crew' as const, value: `\u0000unreadable:${row.scope}` });
  const principal = Object.freeze({ tokenId: row.id, role: row.role as Role, name: row.name, scope });
  return { ...base, principal, expiresMs: row.expiresAt ? Date.parse(row.expiresAt) : Infinity };
}

/**
 * The principal of a valid token, else null. Real wall time decides expiry (tokens are about
 * people, not the simulated clock). `maxAgeMs`: how old a reused verification may be, at most
 * VERIFIED_TTL_MS (0: read the row now).
 */
export function authenticate(db: ServerDb, token: unknown, now: number = Date.now(), maxAgeMs: number = VERIFIED_TTL_MS): Principal | null {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  let cache = verificationsByDb.get(db);
  if (!cache) verificationsByDb.set(db, (cache = new Map()));
  const at = performance.now();
  let v = cache.get(token);
  if (!v || !v.principal || v.epoch !== revocations || !(at - v.readAt < Math.min(maxAgeMs, VERIFIED_TTL_MS))) {
    if (!v && cache.size >= VERIFIED_LIMIT) cache.clear();
    v = verify(db, v?.hash ?? hashToken(token), at);
    cache.set(token, v);
  }
  return v.principal && !(v.expiresMs <= now) ? v.principal : null;
}

/** Revokes by token id or by the raw token. Returns whether a live token was revoked. */
export function revokeToken(db: ServerDb, idOrToken: string, now: number = Date.now()): boolean {
  const row =
    db.select().from(tokens).where(eq(tokens.id, idOrToken)).get() ??
    db.select().from(tokens).where(eq(tokens.hash, hashToken(idOrToken))).get();
  if (!row || row.revokedAt) return false;
  db.update(tokens).set({ revokedAt: new Date(now).toISOString() }).where(eq(tokens.id, row.id)).run();
  revocations++;
  return true;
}

/** Revokes every live token with this name; returns how many. */
export function revokeTokensNamed(db: ServerDb, name: string, now: number = Date.now()): number {
  const rows = db.select().from(tokens).where(eq(tokens.name, name)).all();
  let n = 0;
  for (const r of rows) if (!r.revokedAt && revokeToken(db, r.id, now)) n++;
  return n;
}

/** Live tokens (not revoked, not expired) that expire before `now + withinDays`, soonest first. */
export function tokensExpiringSoon(db: ServerDb, withinDays = 7, now: number = Date.now()): TokenRow[] {
  const nowIso = new Date(now).toISOString();
  const limit = new Date(now + withinDays * DAY_MS).toISOString();
  return db
    .select()
    .from(tokens)
    .where(and(isNull(tokens.revokedAt), gt(tokens.expiresAt, nowIso)))
    .all()
    .filter((t) => t.expiresAt !== null && t.expiresAt <= limit)
    .sort((a, b) => (a.expiresAt ?? '').localeCompare(b.expiresAt ?? ''));
}

/** One warning line for a token that expires soon (`token list` and the server's start print it). */
export function expiryWarning(t: Pick<TokenRow, 'id' | 'name' | 'role' | 'expiresAt'>, now: number = Date.now()): string {
  const days = Math.max(0, Math.ceil((Date.parse(t.expiresAt ?? '') - now) / DAY_MS));
  return `warning: token ${t.id} (${t.name}, role ${t.role}) expires ${t.expiresAt} (in ${days} day${days === 1 ? '' : 's'}); create a new one and revoke this one`;
}
