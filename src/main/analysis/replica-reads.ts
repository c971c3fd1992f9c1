/**
 * The war room's reads of the replica (prepared statements on the desk's SQLite): whole tables
 * once at start, then only the rows an applied batch touched, by primary key or index.
 */
import type Database from 'better-sqlite3';
import { CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import type { CrewFacts, JobFacts } from './order-facts';

type Row = { id: string; data: string };

export class WarRoomReads {
  private readonly s;

  constructor(sqlite: Database.Database) {
    this.s = {
      orders: sqlite.prepare<[], Row>('SELECT id, data FROM orders'),
      order: sqlite.prepare<[string], Row>('SELECT id, data FROM orders WHERE id = ?'),
      crews: sqlite.prepare<[], Row>('SELECT id, data FROM crews'),
      crewStamp: sqlite.prepare<[], { n: number; v: number | null }>('SELECT COUNT(*) AS n, MAX(version) AS v FROM crews'),
      jobs: sqlite.prepare<[], Row>('SELECT id, data FROM jobs'),
      jobsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM jobs WHERE order_id = ?'),
      eventsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM events WHERE order_id = ?'),
      notificationsOf: sqlite.prepare<[string], Row>('SELECT id, data FROM notifications WHERE order_id = ?'),
    };
  }

  allOrders(): { id: string; order: OrderData }[] {
    return this.s.orders.all().flatMap((r) => parseRow(OrderData, r, 'order'));
  }

  order(id: string): OrderData | null {
    const r = this.s.order.get(id);
    return r ? (parseRow(OrderData, r, 'order')[0]?.order ?? null) : null;
  }

  allCrews(): CrewFacts[] {
    return this.s.crews.all().flatMap((r) => parseRow(CrewData, r, 'crew').map(({ id, crew }) => ({ ...crew, id })));
  }

  /** Changes whenever a crew row is written or removed. */
  crewStamp(): string {
    const r = this.s.crewStamp.get();
    return `${r?.n ?? 0}:${r?.v ?? 0}`;
  }

  allJobs(): JobFacts[] {
    return this.s.jobs.all().flatMap((r) => parseRow(JobData, r, 'job').map(({ id, job }) => ({ ...job, id })));
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
