/**
 * Who sees which customer field (issue 8 and issue 16: 最小必要字段, each role sees the minimum it
 * needs). One table for the three views, read by the server's desk projection (sync pull, push,
 * snapshot SQL) and by the floor API; the server projects, a client never filters.
 *
 *                     supervisor   viewer    floor (workshop / unscoped)   floor (carrier / crew)
 *   amount, discount  yes          omitted   omitted                       omitted
 *   customerPhone     masked*      masked    masked                        masked
 *   customerName      full         full      "王*" (first character)       "王*"
 *   addressDetail     full         full      omitted                       full (they deliver / install)
 *   lat, lng          exact        exact     2 decimals (about 1 km)       exact
 *
 * * a supervisor reveals one full phone at a time through the audited desk event `reveal`.
 * Only `data` changes: entity, id, version and tombstones are untouched, so the digest (over
 * `entity:id:version`) of any role's replica equals the server's.
 */
import type { OrderData } from './entities';

export type View = 'supervisor' | 'viewer' | 'floor';

/**
 * The projection's edition, named in hello (`projection`): a desk whose replica was synced under
 * another one rebuilds it, so no row keeps a field its role no longer receives (edition 3, issue 16:
 * phones masked for supervisors too, and texts' parameters for the supervisor only; edition 1, or
 * none named, before it).
 */
export const PROJECTION_EDITION = 3;

/**
 * Whether a view receives a text's parameters (dates, windows, crews and compensation amounts,
 * ¥ per order): the supervisor only; viewers and the floor see which text went when (edition 3).
 */
export function seesTextParams(view: View): boolean {
  return view === 'supervisor';
}

/** What a floor token is limited to (`token create --scope kind:value`); null = site-wide. */
export const SCOPE_KINDS = ['workshop', 'carrier', 'crew'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export interface FloorScope {
  kind: ScopeKind;
  value: string;
}

export interface OrderFieldRules {
  /** fields omitted (not nulled) */
  omit: readonly (keyof OrderData)[];
  maskPhone: boolean;
  maskName: boolean;
  /** lat/lng rounded to 2 decimals: a district-level point, not a door */
  coarseLocation: boolean;
}

// issue 20: the finance review's money travels with the amounts (a viewer and the floor see the review status only)
const MONEY = ['amount', 'discountAmount', 'couponAmount', 'expectedDiscount', 'discountDifference'] as const;

/** The rules of a view; for the floor, whether the scope delivers or installs (needs the door). */
export function orderFieldRules(view: View, scope: FloorScope | null = null): OrderFieldRules {
  if (view === 'supervisor') return { omit: [], maskPhone: true, maskName: false, coarseLocation: false };
  if (view === 'viewer') return { omit: MONEY, maskPhone: true, maskName: false, coarseLocation: false };
  const atTheDoor = scope?.kind === 'carrier' || scope?.kind === 'crew';
  return { omit: atTheDoor ? MONEY : [...MONEY, 'addressDetail'], maskPhone: true, maskName: true, coarseLocation: !atTheDoor };
}

/** `13912345678` → `139****5678`; numbers shorter than 11 characters keep a quarter at each end. */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  const n = chars.length;
  if (n === 0) return phone;
  const head = n >= 11 ? 3 : Math.floor(n / 4);
  const tail = n >= 11 ? 4 : Math.floor(n / 4);
  return `${chars.slice(0, head).join('')}****${tail > 0 ? chars.slice(n - tail).join('') : ''}`;
}

/** `王芳` → `王*`: the surname is enough to greet the customer at the door. */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first}*` : '';
}

const coarse = (x: number) => Math.round(x * 100) / 100;

/** One order's data as `rules` allow (a new object; the input is not changed). */
export function projectOrderData<T extends object>(data: T, rules: OrderFieldRules): T {
  const out = { ...data } as Record<string, unknown>;
  for (const f of rules.omit) delete out[f];
  if (rules.maskPhone && typeof out.customerPhone === 'string') out.customerPhone = maskPhone(out.customerPhone);
  if (rules.maskName && typeof out.customerName === 'string') out.customerName = maskName(out.customerName);
  if (rules.coarseLocation) {
    if (typeof out.lat === 'number') out.lat = coarse(out.lat);
    if (typeof out.lng === 'number') out.lng = coarse(out.lng);
  }
  return out as T;
}

/** `workshop:苏州一厂` → { kind, value }; null when malformed. */
export function parseScope(text: string): FloorScope | null {
  const i = text.indexOf(':');
  if (i <= 0) return null;
  const kind = text.slice(0, i);
  const value = text.slice(i + 1).trim();
  if (!(SCOPE_KINDS as readonly string[]).includes(kind) || value.length === 0 || value.length > 100) return null;
  return { kind: kind as ScopeKind, value };
}

export const scopeText = (s: FloorScope): string => `${s.kind}:${s.value}`;

/** Whether an order belongs to a scope (null scope: every order). */
export function inScope(scope: FloorScope | null, o: { workshop?: string | null; carrier?: string | null; crewId?: string | null }): boolean {
  if (!scope) return true;
  const own = scope.kind === 'workshop' ? o.workshop : scope.kind === 'carrier' ? o.carrier : o.crewId;
  return own === scope.value;
}
