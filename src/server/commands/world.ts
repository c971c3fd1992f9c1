/**
 * Loads the World a command needs (I/O, inside the command's transaction): the rows its items
 * name, the orders and crews of named jobs, the stored outcomes and rows of undo targets, and
 * the current load of every (crew, date) a job may move to or whose overtime a command sets.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { LOAD_JOB_SQL } from '@shared/crew-rules';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import type { ServerDb } from '@server/db/open';
import { newId } from '@server/db/ids';
import { carriers, crews, jobs, lines, mutations, notifications, orders, promotionTemplates, customerRequests, type MutationRow } from '@server/db/schema';
import { loadKey, mutationKey, rowKey, type Item, type MutableEntity, type Row, type World } from '@server/commands/types';

export const TABLES = { order: orders, job: jobs, crew: crews, notification: notifications, carrier: carriers, line: lines, promotion_template: promotionTemplates, customer_request: customerRequests } as const;

const CHUNK = 500;

function loadRows(db: ServerDb, out: Map<string, Row>, entity: MutableEntity, ids: Iterable<string>): Row[] {
  const want = [...new Set(ids)].filter((id) => !out.has(rowKey(entity, id)));
  const table = TABLES[entity];
  const got: Row[] = [];
  for (let i = 0; i < want.length; i += CHUNK) {
    const rows = db.select().from(table).where(inArray(table.id, want.slice(i, i + CHUNK))).all() as Row[];
    for (const r of rows) {
      out.set(rowKey(entity, r.id), r);
      got.push(r);
    }
  }
  return got;
}

function loadMutations(db: ServerDb, items: readonly Item[]): Map<string, MutationRow> {
  const out = new Map<string, MutationRow>();
  for (const item of items) {
    if (item.type !== 'undo') continue;
    const { clientId, mutationId } = item.payload;
    const row = db.select().from(mutations).where(and(eq(mutations.clientId, clientId), eq(mutations.mutationId, mutationId))).get();
    if (row) out.set(mutationKey(clientId, mutationId), row);
  }
  return out;
}

export function loadWorld(db: ServerDb, items: readonly Item[], nowIso?: string): World {
  const rows = new Map<string, Row>();
  const ids: Record<MutableEntity, Set<string>> = { order: new Set(), job: new Set(), crew: new Set(), notification: new Set(), carrier: new Set(), line: new Set(), promotion_template: new Set(), customer_request: new Set() };
  const created: string[] = [];
  const muts = loadMutations(db, items);
  for (const item of items) {
    if (item.type === 'job.reassign') {
      for (const j of item.payload.jobs) {
        ids.job.add(j.jobId);
        ids.crew.add(j.crewId);
      }
    }
    else if (item.type === 'job.reschedule') for (const j of item.payload.jobs) ids.job.add(j.jobId);
    else if (item.type === 'order.tagCause' || item.type === 'order.note') ids.order.add(item.payload.orderId);
    else if (item.type === 'notify.customers') for (const id of item.payload.orderIds) ids.order.add(id);
    else if (item.type === 'crew.overtime') for (const c of item.payload.crews) ids.crew.add(c.crewId);
    else if (item.type === 'order.switchCarrier') {
      for (const o of item.payload.orders) {
        ids.order.add(o.orderId);
        ids.carrier.add(carrierRowId(o.carrier));
      }
    } else if (item.type === 'order.moveLine') {
      for (const o of item.payload.orders) {
        ids.order.add(o.orderId);
        ids.line.add(lineRowId(o.line));
      }
    } else if (item.type === 'line.overtime') for (const l of item.payload.lines) ids.line.add(lineRowId(l.lineId));
    else if (item.type === 'finance.release' || item.type === 'finance.pass') ids.order.add(item.payload.orderId);
    else if (item.type === 'customerRequest.handle') for (const r of item.payload.requests) ids.customer_request.add(r.requestId);
    else if (item.type === 'job.create') {
      for (const j of item.payload.jobs) {
        ids.order.add(j.orderId);
        ids.crew.add(j.crewId);
        created.push(newId('j'));
      }
    }
  }
  // the live jobs of orders that get a new one: an order keeps at most one active job
  const jobsOfOrder = new Map<string, string[]>();
  const wantJobsOf = [...new Set(items.flatMap((i) => (i.type === 'job.create' ? i.payload.jobs.map((j) => j.orderId) : [])))];
  for (let i = 0; i < wantJobsOf.length; i += CHUNK) {
    const found = db.select({ id: jobs.id, orderId: jobs.orderId }).from(jobs).where(and(inArray(jobs.orderId, wantJobsOf.slice(i, i + CHUNK)), eq(jobs.deleted, false))).all();
    for (const j of found) {
      jobsOfOrder.set(j.orderId, [...(jobsOfOrder.get(j.orderId) ?? []), j.id]);
      ids.job.add(j.id);
    }
  }
  for (const m of muts.values()) {
    for (const img of m.images ?? []) {
      if (img.entity in ids) ids[img.entity as MutableEntity].add(img.id);
      // the crew an undo gives a job back to is told (crew-texts.ts): it needs the crew's name
      if (img.entity === 'job' && typeof img.before.crewId === 'string') ids.crew.add(img.before.crewId);
    }
    for (const id of m.queued ?? []) ids.notification.add(id);
  }
  const jobRows = loadRows(db, rows, 'job', ids.job);
  const notes = loadRows(db, rows, 'notification', ids.notification);
  for (const r of [...jobRows, ...notes]) ids.order.add(String(r.orderId));
  for (const j of jobRows) if (typeof j.crewId === 'string') ids.crew.add(j.crewId);
  loadRows(db, rows, 'order', ids.order);
  loadRows(db, rows, 'crew', ids.crew);
  loadRows(db, rows, 'carrier', ids.carrier);
  loadRows(db, rows, 'line', ids.line);
  loadRows(db, rows, 'customer_request', ids.customer_request);
  loadRows(db, rows, 'promotion_template', ids.promotion_template);
  // promotion.saveTemplate (issue 20): every version of the template, tombstones too (the next number counts them)
  const templateVersions = new Map<string, Row[]>();
  for (const item of items) {
    if (item.type !== 'promotion.saveTemplate' || templateVersions.has(item.payload.id)) continue;
    templateVersions.set(item.payload.id, db.select().from(promotionTemplates).where(eq(promotionTemplates.templateId, item.payload.id)).all() as Row[]);
  }

  const pairs = new Set<string>();
  for (const item of items) {
    if (item.type === 'job.reassign') for (const j of item.payload.jobs) pairs.add(loadKey(j.crewId, j.date));
    if (item.type === 'crew.overtime') for (const c of item.payload.crews) pairs.add(loadKey(c.crewId, c.date));
    if (item.type === 'job.create') for (const j of item.payload.jobs) pairs.add(loadKey(j.crewId, j.date));
    if (item.type === 'job.reschedule') {
      for (const j of item.payload.jobs) {
        const crewId = rows.get(rowKey('job', j.jobId))?.crewId;
        if (typeof crewId === 'string') pairs.add(loadKey(crewId, j.date));
      }
    }
  }
  const loads = new Map<string, number>();
  for (const k of pairs) {
    const [crewId, date] = k.split('|') as [string, string];
    const r = db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.crewId, crewId), eq(jobs.date, date), sql.raw(LOAD_JOB_SQL)))
      .get();
    loads.set(k, r?.n ?? 0);
  }
  return { rows, loads, mutations: muts, jobsOfOrder, newJobIds: created, templateVersions, ...(nowIso ? { nowIso } : {}) };
}
