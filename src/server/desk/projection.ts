/**
 * Role projection of the desk feed (issue 8, issue 16): each role sees the minimum it needs, and
 * the SERVER projects the rows — a desk never receives what its role may not see, so the client
 * never filters. The field rules live in src/shared/projection.ts (one table for every view):
 * - supervisor: every field but the customer phone, which is masked (`139****5678`); the full
 *   number is revealed one order at a time through the audited desk event `reveal`.
 * - viewer: also without the contract amount and the discount amount (omitted, not nulled).
 * Only `data` changes: entity, id, version and tombstones are untouched, so the digest
 * (over `entity:id:version`) of any desk's replica equals the server's.
 */
import type { Change } from '@shared/entities';
import type { ChangesPush } from '@shared/protocol';
import { orderFieldRules, projectOrderData, seesTextParams, type OrderFieldRules } from '@shared/projection';
import type { Role } from '@shared/vocab';

export { maskPhone } from '@shared/projection';

/** The desk roles' rules, computed once (a floor token never syncs). */
const DESK_RULES: Record<'supervisor' | 'viewer', OrderFieldRules> = { supervisor: orderFieldRules('supervisor'), viewer: orderFieldRules('viewer') };

export function deskRules(role: Role): OrderFieldRules {
  // finance (issue 20) sees what a supervisor sees of an order: amounts and discounts, the phone masked
  return role === 'supervisor' || role === 'finance' ? DESK_RULES.supervisor : role === 'viewer' ? DESK_RULES.viewer : orderFieldRules('floor');
}

/**
 * One change as `role` may see it. Carriers and lines (issue 14) hold no customer data: every
 * role receives them as they are, like budgets; a text's `recipient` (a crew) likewise.
 */
export function projectChange(role: Role, change: Change): Change {
  if (!change.data) return change;
  if (change.entity === 'order') return { ...change, data: projectOrderData(change.data, deskRules(role)) };
  if (change.entity === 'notification' && 'params' in change.data && !seesTextParams(role === 'supervisor' ? 'supervisor' : 'viewer')) {
    const { params: _params, ...rest } = change.data;
    return { ...change, data: rest };
  }
  // issue 18: a customer's address on the self-service access log is for supervisors only
  if (change.entity === 'track_access' && role !== 'supervisor' && 'address' in change.data) {
    const { address: _address, ...rest } = change.data;
    return { ...change, data: rest };
  }
  return change;
}

export function projectChanges(role: Role, changes: readonly Change[]): Change[] {
  return changes.map((c) => projectChange(role, c));
}

export function projectPush(role: Role, push: ChangesPush): ChangesPush {
  return { ...push, changes: projectChanges(role, push.changes) };
}
