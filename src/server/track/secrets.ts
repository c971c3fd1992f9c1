/**
 * The self-service page's secrets (issue 18): 6-digit codes and session ids from the CSPRNG, kept
 * only as hashes. A code is hashed with its own random salt (a copied table does not give the
 * codes by lookup); a session id has 256 random bits, so its plain SHA-256 is enough.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/** Whether `code` is the one hashed; an empty stored hash (no code was sent) matches nothing. */
export function codeMatches(salt: string, storedHash: string, code: string): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(hashCode(salt, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
