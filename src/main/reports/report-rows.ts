/**
 * The replica rows a shift report needs, read with a few prepared statements (json_extract in
 * SQLite, so the big event table is never parsed row by row in JS). Unknown entities (`audit`,
 * `budget`) come from `other_rows`, where the replica keeps them with their wire data.
 */
import type Database from 'better-sqlite3';
import { AuditData, BudgetData } from '@shared/entities';
import { DEFAULT_BUDGETS, type StageBudgets } from '@shared/stages';
import type { UsageOpen } from '@shared/track-usage';
import { readOrderPhones, readUsageOpens } from '@main/track/usage';

export interface StageEvent {
  orderId: string;
  stage: number;
  at: number;
}

export interface OtherEvent {
  orderId: string;
  kind: string;
  cause: string | null;
  actor: string;
  at: number;
  version: number;
}

export interface ReportOrder {
  id: string;
  orderNo: string;
  promisedDate: string;
  district: string;
  carrier: string | null;
  workshop: string | null;
  stage: number;
  causes: string[];
}

export interface SentText {
  orderId: string;
  sentAt: number;
  version: number;
}

export interface ReportJob {
  crewId: string | null;
  date: string | null;
  status: string;
}

export interface ReportCrew {
  id: string;
  name: string;
  capacityPerDay: number;
}

export interface ReportAudit extends AuditData {
  id: string;
  version: number;
}

export interface ReportRows {
  stageEvents: StageEvent[];
  otherEvents: OtherEvent[];
  orders: Map<string, ReportOrder>;
  texts: SentText[];
  jobs: ReportJob[];
  crews: ReportCrew[];
  audit: ReportAudit[];
  budgets: StageBudgets;
  checkpoint: number;
  /** the self-service page's usage share (issue 18): every order's masked phone, and the access log's page opens */
  phones: Map<string, string>;
  trackOpens: UsageOpen[];
}

/** Reads everything in one read transaction, so the report sees one checkpoint. */
export function readReportRows(db: Database.Database): ReportRows {
  const read = db.transaction((): ReportRows => {
    const stageEvents = (
      db
        .prepare(`SELECT order_id AS orderId, json_extract(data, '$.stage') AS stage, json_extract(data, '$.at') AS at FROM events WHERE json_extract(data, '$.kind') = 'stage'`)
        .raw()
        .all() as [string, number, string][]
    ).map(([orderId, stage, at]) => ({ orderId, stage, at: Date.parse(at) }));
    const otherEvents = (
      db
        .prepare(
          `SELECT order_id, json_extract(data, '$.kind'), json_extract(data, '$.cause'), json_extract(data, '$.actor'), json_extract(data, '$.at'), version
           FROM events WHERE json_extract(data, '$.kind') != 'stage'`,
        )
        .raw()
        .all() as [string, string, string | null, string, string, number][]
    ).map(([orderId, kind, cause, actor, at, version]) => ({ orderId, kind, cause, actor, at: Date.parse(at), version }));
    const orders = new Map<string, ReportOrder>();
    const orderRows = db
      .prepare(`SELECT id, order_no, promised_date, district, json_extract(data, '$.carrier'), json_extract(data, '$.workshop'), stage, causes FROM orders`)
      .raw()
      .all() as [string, string, string, string, string | null, string | null, number, string][];
    for (const [id, orderNo, promisedDate, district, carrier, workshop, stage, causes] of orderRows) {
      orders.set(id, { id, orderNo, promisedDate, district, carrier, workshop, stage, causes: JSON.parse(causes) as string[] });
    }
    const texts = (
      db
        .prepare(`SELECT order_id, json_extract(data, '$.sentAt'), version FROM notifications WHERE json_extract(data, '$.status') = 'sent' AND json_extract(data, '$.sentAt') IS NOT NULL`)
        .raw()
        .all() as [string, string, number][]
    ).map(([orderId, sentAt, version]) => ({ orderId, sentAt: Date.parse(sentAt), version }));
    const jobs = db.prepare('SELECT crew_id AS crewId, date, status FROM jobs').all() as ReportJob[];
    const crews = (db.prepare(`SELECT id, name, json_extract(data, '$.capacityPerDay') AS capacityPerDay FROM crews`).all() as ReportCrew[]).map((c) => ({ ...c, capacityPerDay: Number(c.capacityPerDay) || 0 }));
    const audit: ReportAudit[] = [];
    for (const r of db.prepare(`SELECT id, version, data FROM other_rows WHERE entity = 'audit'`).all() as { id: string; version: number; data: string }[]) {
      const parsed = AuditData.safeParse(JSON.parse(r.data));
      if (parsed.success) audit.push({ ...parsed.data, id: r.id, version: r.version });
    }
    const budgets: Record<number, number | null> = { ...DEFAULT_BUDGETS };
    for (const r of db.prepare(`SELECT data FROM other_rows WHERE entity = 'budget'`).all() as { data: string }[]) {
      const parsed = BudgetData.safeParse(JSON.parse(r.data));
      if (parsed.success) budgets[parsed.data.stage] = parsed.data.hours;
    }
    const checkpoint = Number((db.prepare(`SELECT value FROM meta WHERE key = 'checkpoint'`).get() as { value: string } | undefined)?.value ?? 0);
    return { stageEvents, otherEvents, orders, texts, jobs, crews, audit, budgets, checkpoint, phones: readOrderPhones(db), trackOpens: readUsageOpens(db) };
  });
  return read();
}
