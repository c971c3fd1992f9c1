/**
 * The desk event `reveal` (protocol.md, "reveal"): a supervisor's desk carries every customer
 * phone masked, and shows the full number of one order when the supervisor asks for it (click to
 * call). Every attempt is an audit row on the server (actor, order, outcome), whatever its answer;
 * a token revealing more than REVEAL_LIMIT numbers in REVEAL_WINDOW_MS is refused for a while, so
 * a stolen supervisor token cannot dump the customer list one number at a time.
 */
import { eq } from 'drizzle-orm';
import { describeZodError, RevealRequest } from '@shared/protocol';
import { shanghaiIso } from '@shared/time';
import { audit, orders } from '@server/db/schema';
import type { Principal } from '@server/db/tokens';
import type { DeskDeps, Reply } from '@server/desk/handlers';
import { auditRefusal } from '@server/db/audit-refusals';

const REVEAL_LIMIT = 30;
const REVEAL_WINDOW_MS = 10 * 60_000;

/** Real times of recent reveals per token (a wall-clock rate, whatever the simulated clock). */
const recent = new Map<string, number[]>();

function overLimit(tokenId: string, now: number): boolean {
  const kept = (recent.get(tokenId) ?? []).filter((t) => now - t < REVEAL_WINDOW_MS);
  recent.set(tokenId, kept);
  if (kept.length >= REVEAL_LIMIT) return true;
  kept.push(now);
  return false;
}

/**
 * A revealed number is its own audit row; refusals go through the collapsing refusal audit, so a
 * flood of refused reveals is one row with a count (its detail names the first order asked for).
 */
function record(deps: DeskDeps, p: Principal, clientId: string, orderId: string | null, outcome: string, code: string | null): void {
  const row = { at: shanghaiIso(deps.clock.now()), actor: p.name, role: p.role, clientId, mutationId: null, type: 'reveal', outcome, code, rows: outcome === 'revealed' ? 1 : 0, version: null, detail: orderId ? `order ${orderId}` : null };
  if (outcome === 'revealed') deps.db.insert(audit).values(row).run();
  else auditRefusal(deps.db, p.tokenId, row);
}

const refuse = (code: string, message: string): Reply => ({ ok: false, error: { code, message } });

export function reveal(deps: DeskDeps, p: Principal, payload: unknown, clientId: string): Reply {
  const parsed = RevealRequest.safeParse(payload ?? {});
  const orderId = parsed.success ? parsed.data.orderId : null;
  if (p.role !== 'supervisor') {
    record(deps, p, clientId, orderId, 'forbidden', 'forbidden');
    return refuse('forbidden', `role ${p.role} may not send reveal`);
  }
  if (!parsed.success) {
    record(deps, p, clientId, null, 'bad_request', 'bad_request');
    return refuse('bad_request', describeZodError(parsed.error));
  }
  if (overLimit(p.tokenId, Date.now())) {
    record(deps, p, clientId, orderId, 'rate_limited', 'rate_limited');
    return refuse('rate_limited', `reveal: at most ${REVEAL_LIMIT} phone numbers per ${REVEAL_WINDOW_MS / 60_000} minutes for one token`);
  }
  const row = deps.db.select({ phone: orders.customerPhone, deleted: orders.deleted }).from(orders).where(eq(orders.id, parsed.data.orderId)).get();
  if (!row || row.deleted) {
    record(deps, p, clientId, orderId, 'not_found', 'not_found');
    return refuse('not_found', `orderId: no order ${parsed.data.orderId}`);
  }
  record(deps, p, clientId, orderId, 'revealed', null);
  return { ok: true, orderId: parsed.data.orderId, phone: row.phone };
}
