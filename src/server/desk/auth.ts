/**
 * The /desk handshake and the per-event re-authorization (protocol.md, "Connection"):
 * token first (unauthorized), then role (forbidden for floor tokens), then protocol.
 */
import type { Role } from '@shared/vocab';
import { PROTOCOL_VERSION } from '@shared/protocol';
import type { ServerDb } from '@server/db/open';
import { authenticate, type Principal } from '@server/db/tokens';

export type HandshakeVerdict =
  | { ok: true; principal: Principal; clientId: string }
  | { ok: false; code: 'unauthorized' | 'forbidden' | 'protocol_mismatch' | 'bad_request' };

export const DESK_ROLES: readonly Role[] = ['supervisor', 'viewer', 'finance'];

export function checkHandshake(db: ServerDb, auth: unknown): HandshakeVerdict {
  const a = (auth && typeof auth === 'object' ? auth : {}) as Record<string, unknown>;
  const principal = authenticate(db, a.token);
  if (!principal) return { ok: false, code: 'unauthorized' };
  if (!DESK_ROLES.includes(principal.role)) return { ok: false, code: 'forbidden' };
  if (a.protocol !== PROTOCOL_VERSION) return { ok: false, code: 'protocol_mismatch' };
  const clientId = typeof a.clientId === 'string' && a.clientId.length > 0 && a.clientId.length <= 200 ? a.clientId : null;
  // a desk without a clientId cannot send commands (mutationIds are per clientId): malformed handshake
  if (!clientId) return { ok: false, code: 'bad_request' };
  return { ok: true, principal, clientId };
}
