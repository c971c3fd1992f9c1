/**
 * The floor writes' statements, prepared once per database. drizzle rebuilds a query's SQL from
 * the query object on every call (walking the table's columns, escaping names), and on the floor
 * API's write path that cost more than SQLite running the statement. A prepared drizzle query
 * keeps drizzle's column encoders (JSON, booleans) through its placeholders, so the rows written
 * are exactly those the one-off queries wrote; compileQuery runs it without drizzle's per-call
 * checks.
 */
import { LOAD_JOB_SQL } from '@shared/crew-rules';
import { and, eq, getTableColumns, ne, sql, type Placeholder } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ServerDb } from '@server/db/open';
import { compileQuery } from '@server/db/compiled-query';
import { crews, events, jobs, notifications, orders, type CrewRow, type EventRow, type JobRow, type NotificationRow, type OrderRow } from '@server/db/schema';

interface Run<P> {
  run(params: P): unknown;
}
interface Get<P, R> {
  get(params: P): R | undefined;
}
interface All<P, R> {
  all(params?: P): R[];
}

/**
 * `{ col: placeholder('col') }` for each column key: the placeholder is named after the key.
 * drizzle encodes a placeholder's value even when it is null (a one-off query writes NULL), so a
 * nullable column whose codec turns null into something else (JSON → 'null') is refused here.
 */
function placeholdersFor(table: SQLiteTable, keys: readonly string[]): Record<string, Placeholder> {
  const columns = getTableColumns(table) as Record<string, { notNull: boolean; mapToDriverValue: (v: unknown) => unknown } | undefined>;
  for (const k of keys) {
    const col = columns[k];
    if (!col) throw new Error(`statements: no column ${k}`);
    if (!col.notNull && col.mapToDriverValue(null) !== null) throw new Error(`statements: nullable column ${k} does not encode null as NULL`);
  }
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
}

export type OrderForAdvanceRow = Pick<OrderRow, 'id' | 'deleted' | 'stage' | 'stageEnteredAt' | 'productType' | 'province' | 'city' | 'district' | 'workshop' | 'carrier' | 'waybill' | 'crewId'>;

const ORDER_KEYS = Object.keys(getTableColumns(orders)) as (keyof OrderRow)[];
const EVENT_KEYS: (keyof EventRow)[] = ['id', 'version', 'deleted', 'orderId', 'kind', 'stage', 'at', 'actor', 'note', 'cause', 'evidence', 'reportedBy'];
const JOB_SET_KEYS: (keyof JobRow)[] = ['version', 'deleted', 'orderId', 'crewId', 'date', 'window', 'skill', 'status'];
const NOTIFICATION_KEYS = ['id', 'version', 'deleted', 'orderId', 'template', 'status', 'at'] as const;
/** Distinct order patches (key sets) kept prepared; they come from a small fixed set of fields. */
const ORDER_UPDATE_LIMIT = 64;

const ORDER_FOR_ADVANCE = { id: orders.id, deleted: orders.deleted, stage: orders.stage, stageEnteredAt: orders.stageEnteredAt, productType: orders.productType,
  // where the shipment goes and with whom: the stage-9 hand-off's booking and tracking text
  province: orders.province, city: orders.city, district: orders.district, waybill: orders.waybill,
  // a scoped floor token's check (src/shared/projection.ts inScope)
  workshop: orders.workshop, carrier: orders.carrier, crewId: orders.crewId };
const CREW_LOAD = { n: sql<number>`count(*)` };

function build(db: ServerDb) {
  const c = db.$client;
  // the casts: drizzle types placeholders out of insert values and update sets, but encodes them
  // with the column's codec at run time (compileQuery does the same)
  const orderUpdates = new Map<string, Run<Record<string, unknown>>>();
  return {
    order: compileQuery(c, db.select().from(orders).where(eq(orders.id, sql.placeholder('id'))).prepare(), getTableColumns(orders)) as Get<{ id: string }, OrderRow>,
    // an advance reads only these: the whole row (33 columns) cost several times as much to read and decode
    orderForAdvance: compileQuery(c, db.select(ORDER_FOR_ADVANCE).from(orders).where(eq(orders.id, sql.placeholder('id'))).prepare(), ORDER_FOR_ADVANCE) as Get<{ id: string }, OrderForAdvanceRow>,
    orderIdByNo: compileQuery(c, db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, sql.placeholder('orderNo'))).prepare(), { id: orders.id }) as Get<{ orderNo: string }, { id: string }>,
    // no ORDER BY: sorting made SQLite build a temporary b-tree per call (~10× the lookup);
    // an order has a job or two, so the newest is picked in JS (activeJob in orders.ts)
    liveJobsOf: compileQuery(
      c,
      db
        .select()
        .from(jobs)
        .where(and(eq(jobs.orderId, sql.placeholder('orderId')), eq(jobs.deleted, false), ne(jobs.status, 'cancelled')))
        .prepare(),
      getTableColumns(jobs),
    ) as All<{ orderId: string }, JobRow>,
    crewLoad: compileQuery(
      c,
      db
        .select(CREW_LOAD)
        .from(jobs)
        // which jobs count toward load: the crew rules (src/shared/crew-rules.ts)
        .where(and(eq(jobs.crewId, sql.placeholder('crewId')), eq(jobs.date, sql.placeholder('date')), sql.raw(LOAD_JOB_SQL)))
        .prepare(),
      CREW_LOAD,
    ) as Get<{ crewId: string; date: string }, { n: number }>,
    liveCrews: compileQuery(c, db.select().from(crews).where(eq(crews.deleted, false)).prepare(), getTableColumns(crews)) as All<Record<string, never>, CrewRow>,
    insertOrder: compileQuery(c, db.insert(orders).values(placeholdersFor(orders, ORDER_KEYS) as never).prepare()) as Run<OrderRow>,
    insertEvent: compileQuery(c, db.insert(events).values(placeholdersFor(events, EVENT_KEYS) as never).prepare()) as Run<EventRow>,
    insertJob: compileQuery(c, db.insert(jobs).values(placeholdersFor(jobs, ['id', ...JOB_SET_KEYS]) as never).prepare()) as Run<JobRow>,
    updateJob: compileQuery(c, db.update(jobs).set(placeholdersFor(jobs, JOB_SET_KEYS) as never).where(eq(jobs.id, sql.placeholder('id'))).prepare()) as Run<JobRow>,
    insertNotification: compileQuery(c, db.insert(notifications).values(placeholdersFor(notifications, NOTIFICATION_KEYS) as never).prepare()) as Run<
      Pick<NotificationRow, (typeof NOTIFICATION_KEYS)[number]>
    >,
    /** UPDATE orders SET <the patch's defined keys> WHERE id = ?, like drizzle's set() (undefined skipped) */
    updateOrder(id: string, patch: Partial<OrderRow>): void {
      const keys = Object.keys(patch).filter((k) => patch[k as keyof OrderRow] !== undefined && k !== 'id');
      const signature = keys.join(',');
      let stmt = orderUpdates.get(signature);
      if (!stmt) {
        if (orderUpdates.size >= ORDER_UPDATE_LIMIT) orderUpdates.clear();
        // the row id's placeholder cannot clash with a column key: `id` is never patched
        stmt = compileQuery(c, db.update(orders).set(placeholdersFor(orders, keys) as never).where(eq(orders.id, sql.placeholder('id'))).prepare()) as Run<Record<string, unknown>>;
        orderUpdates.set(signature, stmt);
      }
      stmt.run({ ...patch, id });
    },
  };
}

export type FloorStatements = ReturnType<typeof build>;

const byDb = new WeakMap<ServerDb, FloorStatements>();

export function statementsOf(db: ServerDb): FloorStatements {
  let s = byDb.get(db);
  if (!s) byDb.set(db, (s = build(db)));
  return s;
}
