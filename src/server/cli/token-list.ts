/**
 * `token list` and the start-up warning about tokens that expire soon (issue 16: tokens expire by
 * default, and whoever runs the server hears about it a week ahead rather than from a dead scanner).
 */
import type { ServerDb } from '@server/db/open';
import { tokens } from '@server/db/schema';
import { expiryWarning, tokensExpiringSoon } from '@server/db/tokens';

const WARN_DAYS = 7;

function stateOf(t: { revokedAt: string | null; expiresAt: string | null }, nowIso: string): string {
  if (t.revokedAt) return `revoked ${t.revokedAt}`;
  if (t.expiresAt === null) return 'never expires';
  return t.expiresAt <= nowIso ? `expired ${t.expiresAt}` : `expires ${t.expiresAt}`;
}

/** One line per token (never the token itself: only its hash is stored), then the warnings. */
export function listTokens(db: ServerDb, now: number = Date.now()): void {
  const nowIso = new Date(now).toISOString();
  const rows = db.select().from(tokens).all().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const t of rows) console.log(`${t.id}  ${t.role}  ${t.name}${t.scope ? `  scope ${t.scope}` : ''}  created ${t.createdAt}  ${stateOf(t, nowIso)}`);
  if (rows.length === 0) console.log('no tokens');
  warnExpiringTokens(db, now);
}

/** One line each on stderr for the live tokens that expire within a week. */
export function warnExpiringTokens(db: ServerDb, now: number = Date.now()): void {
  for (const t of tokensExpiringSoon(db, WARN_DAYS, now)) console.warn(expiryWarning(t, now));
}
