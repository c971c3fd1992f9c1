/**
 * The floor API's reads (issue 16, 最小必要字段): every order, history, job and text a token reads
 * goes through its view's field rules (src/shared/projection.ts), a scoped floor token sees only
 * its own orders (another scope's order is a 404, like a missing one), and a floor token's pages
 * are small: a scanner lists the orders at its station, not the company's customer base.
 */
import { and, asc, eq, gt, like, type SQL } from 'drizzle-orm';
import { inScope, orderFieldRules, projectOrderData, seesTextParams, type OrderFieldRules } from '@shared/projection';
import type { EventData, JobData, NotificationData } from '@shared/entities';
import { orders, jobs, notifications } from '@server/db/schema';
import type { Principal } from '@server/db/tokens';
import { eventData, jobData, notificationData, orderData } from '@server/db/wire';
import { AppError, notFound } from '@server/errors';
import type { FloorDeps } from '@server/floor/http';
import { ListOrdersQuery } from '@server/floor/schemas';
import { historyOf } from '@server/orders/operations';

/** Page sizes of GET /api/v1/orders per role: a floor token's are much smaller. */
export const LIST_LIMITS = {
  floor: { max: 200, default: 50 },
  supervisor: { max: 10_000, default: 100 },
} as const;

function rulesOf(p: Principal): OrderFieldRules {
  return p.role === 'floor' ? orderFieldRules('floor', p.scope) : orderFieldRules(p.role === 'viewer' ? 'viewer' : 'supervisor');
}

function pageSize(p: Principal, asked: number | undefined): number {
  const cap = p.role === 'floor' ? LIST_LIMITS.floor : LIST_LIMITS.supervisor;
  if (asked === undefined) return cap.default;
  if (asked > cap.max) throw new AppError('bad_request', `limit: at most ${cap.max} for a ${p.role} token (got ${asked}); page on with after=<last id>`, 400);
  return asked;
}

/** The scope's condition on orders (none for site-wide tokens). */
function scopeWhere(p: Principal): SQL | null {
  const s = p.scope;
  if (!s) return null;
  return s.kind === 'workshop' ? eq(orders.workshop, s.value) : s.kind === 'carrier' ? eq(orders.carrier, s.value) : eq(orders.crewId, s.value);
}

/** Texts on the floor: which and when, not their parameters (dates, amounts of compensation). */
function floorNotification(p: Principal, n: NotificationData): Partial<NotificationData> {
  if (seesTextParams(p.role === 'supervisor' ? 'supervisor' : 'floor')) return n;
  const { params: _params, ...rest } = n;
  return rest;
}

export function listOrders(deps: FloorDeps, p: Principal, query: URLSearchParams) {
  const q = ListOrdersQuery.parse(Object.fromEntries(query));
  const limit = pageSize(p, q.limit);
  const where: SQL[] = [eq(orders.deleted, false)];
  const scoped = scopeWhere(p);
  if (scoped) where.push(scoped);
  if (q.stage != null) where.push(eq(orders.stage, q.stage));
  if (q.district != null) where.push(eq(orders.district, q.district));
  if (q.channel != null) where.push(eq(orders.channel, q.channel));
  if (q.crewId != null) where.push(eq(orders.crewId, q.crewId));
  if (q.after != null) where.push(gt(orders.id, q.after));
  // causes is a JSON array of codes: match the quoted code
  if (q.cause != null) where.push(like(orders.causes, `%"${q.cause}"%`));
  const rows = deps.db.select().from(orders).where(and(...where)).orderBy(asc(orders.id)).limit(limit).all();
  const rules = rulesOf(p);
  return { status: 200, body: { orders: rows.map((r) => ({ id: r.id, version: r.version, ...projectOrderData(orderData(r), rules) })) } };
}

export function getOrder(deps: FloorDeps, p: Principal, id: string) {
  const row = deps.db.select().from(orders).where(eq(orders.id, id)).get();
  if (!row || row.deleted || !inScope(p.scope, row)) throw notFound(`order ${id}`);
  const history = historyOf(deps.db, id).map((e): { id: string; version: number } & EventData => ({ id: e.id, version: e.version, ...eventData(e) }));
  const jobRows = deps.db.select().from(jobs).where(and(eq(jobs.orderId, id), eq(jobs.deleted, false))).all();
  const notes = deps.db.select().from(notifications).where(and(eq(notifications.orderId, id), eq(notifications.deleted, false))).all();
  return {
    status: 200,
    body: {
      order: { id: row.id, version: row.version, ...projectOrderData(orderData(row), rulesOf(p)) },
      history,
      jobs: jobRows.map((j): { id: string; version: number } & JobData => ({ id: j.id, version: j.version, ...jobData(j) })),
      notifications: notes.map((n) => ({ id: n.id, version: n.version, ...floorNotification(p, notificationData(n)) })),
    },
  };
}
