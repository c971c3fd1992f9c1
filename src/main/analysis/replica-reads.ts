/**
 * The war room's reads of the replica (prepared statements on the desk's SQLite): whole tables
 * once at start, then only the rows an applied batch touched, by primary key or index.
 */
import type Database from 'better-sqlite3';
import { CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { REPLICA_TABLES } from '@shared/replica-copy';
import { factsOfRows, factsSelectList, type FactsRaw, type FactsSource } from './facts-source';
import type { CrewFacts, JobFacts, OrderFacts } from './order-facts';

/** The replica's column for an order field (the war-room columns of replica migration 0001). */
const ORDER_COLUMNS = new Map(REPLICA_TABLES.order!.columns.map(([column, field]) => [field, column]));
function orderColumn(field: string): string {
  const column = ORDER_COLUMNS.get(field);
  if (!column) throw new Error(`the replica keeps no column for order field ${field}`);
  return column;
}

export type Row = { id: string; data: string };

export class WarRoomReads implements FactsSource {
  private readonly s;

  constructor(sqlite: Database.Database) {
    this.s = {
      // the load reads only the facts, a slice at a time in table order (rowid: no index lookups),
      // from plain columns: parsing every order's JSON dominated the load
      factsAfter: sqlite.prepare<[number, number], FactsRaw>(`SELECT ${factsSelectList(orderColumn)} FROM orders WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true),
      jobsAfter: sqlite.prepare<[number, number], Row & { rowid: number }>('SELECT rowid, id, data FROM jobs WHERE rowid > ? ORDER BY rowid LIMIT ?'),
      order: sqlite.prepare<[string], Row>('SELECT id, data FROM orders WHERE id = ?'),
      crews: sqlite.prepare<[], Row>('SELECT id, data FROM crews'),
      orderCount: sqlite.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM orders'),
      crewStamp: sqlite.prepare<[], { n: number; v: number | null }>('SELECT COUNT(*) AS n, MAX(version) AS v FROM crews'),
      jobsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM jobs WHERE order_id = ?'),
      eventsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM events WHERE order_id = ?'),
      notificationsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM notifications WHERE order_id = ?'),
    };
  }

  orderCount(): number {
    return this.s.orderCount.get()?.n ?? 0;
  }

  /** Up to `limit` orders' facts after table position `after` (0: the start); a row that does not parse is skipped. */
  orderFactsAfter(after: number, limit: number): { facts: OrderFacts[]; last: number | null } {
    return factsOfRows(this.s.factsAfter.all(after, limit));
  }

  /** Up to `limit` jobs after table position `after` (0: the start). */
  jobsAfter(after: number, limit: number): { jobs: JobFacts[]; last: number | null } {
    return jobsOfRows(this.s.jobsAfter.all(after, limit));
  }

  order(id: string): OrderData | null {
    const r = this.s.order.get(id);
    return r ? (parseRow(OrderData, r, 'order')[0]?.order ?? null) : null;
  }

  allCrews(): CrewFacts[] {
    return crewsOfRows(this.s.crews.all());
  }

  /** Changes whenever a crew row is written or removed. */
  crewStamp(): string {
    const r = this.s.crewStamp.get();
    return `${r?.n ?? 0}:${r?.v ?? 0}`;
  }

  jobsOf(orderId: string): JobFacts[] {
    return this.s.jobsOf.all(orderId).flatMap((r) => parseRow(JobData, r, 'job').map(({ id, job }) => ({ ...job, id })));
  }

  eventsOf(orderId: string): EventData[] {
    return this.s.eventsOf.all(orderId).flatMap((r) => parseRow(EventData, r, 'event').map((x) => x.event));
  }

  notificationsOf(orderId: string): NotificationData[] {
    return this.s.notificationsOf.all(orderId).flatMap((r) => parseRow(NotificationData, r, 'notification').map((x) => x.notification));
  }
}

export function jobsOfRows(rows: (Row & { rowid: number })[]): { jobs: JobFacts[]; last: number | null } {
  const jobs = rows.flatMap((r) => parseRow(JobData, r, 'job').map(({ id, job }) => ({ ...job, id })));
  return { jobs, last: rows.length ? rows[rows.length - 1]!.rowid : null };
}

export function crewsOfRows(rows: Row[]): CrewFacts[] {
  return rows.flatMap((r) => parseRow(CrewData, r, 'crew').map(({ id, crew }) => ({ ...crew, id })));
}

/** Rows were validated when applied; a row that no longer parses is skipped rather than taking the board down. */
function parseRow<K extends string, T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, r: Row, key: K): ({ id: string } & Record<K, T>)[] {
  let raw: unknown;
  try {
    raw = JSON.parse(r.data);
  } catch {
    return [];
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? [{ id: r.id, [key]: parsed.data as T } as { id: string } & Record<K, T>] : [];
}
