/**
 * Role projection (issue 8): each role sees the minimum it needs, and the SERVER projects the
 * rows — a desk never receives what its role may not see, so the client never filters.
 * - supervisor: every field.
 * - viewer: orders with the customer phone masked (`139****5678`) and without the contract
 *   amount and the discount amount (the fields are omitted, not nulled).
 * Only `data` changes: entity, id, version and tombstones are untouched, so the digest
 * (over `entity:id:version`) of a viewer's replica equals the server's.
 */
import type { Change } from '@shared/entities';
import type { ChangesPush } from '@shared/protocol';
import type { Role } from '@shared/vocab';

/** Order fields a viewer never receives. */
export const VIEWER_OMITTED_ORDER_FIELDS = ['amount', 'discountAmount'] as const;

/** `13912345678` → `139****5678`; numbers shorter than 11 characters keep a quarter at each end. */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  const n = chars.length;
  if (n === 0) return phone;
  const head = n >= 11 ? 3 : Math.floor(n / 4);
  const tail = n >= 11 ? 4 : Math.floor(n / 4);
  return `${chars.slice(0, head).join('')}****${tail > 0 ? chars.slice(n - tail).join('') : ''}`;
}

/** Whether a role's view differs from the full rows (supervisor: no projection). */
export function projects(role: Role): boolean {
  return role !== 'supervisor';
}

function projectOrder(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const f of VIEWER_OMITTED_ORDER_FIELDS) delete out[f];
  if (typeof out.customerPhone === 'string') out.customerPhone = maskPhone(out.customerPhone);
  return out;
}

/** One change as `role` may see it (the same object when nothing is hidden). */
export function projectChange(role: Role, change: Change): Change {
  if (!projects(role) || change.entity !== 'order' || !change.data) return change;
  return { ...change, data: projectOrder(change.data) };
}

export function projectChanges(role: Role, changes: readonly Change[]): Change[] {
  return projects(role) ? changes.map((c) => projectChange(role, c)) : (changes as Change[]);
}

export function projectPush(role: Role, push: ChangesPush): ChangesPush {
  return projects(role) ? { ...push, changes: projectChanges(role, push.changes) } : push;
}
