/**
 * Order writes of the floor API: create, advance, tag a cause, and crew leave. Each is its own
 * savepoint in a group commit (Writer.writeSoon): requests arriving together share a version.
 * Guards live in the pure domain functions.
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '@shared/time';
import type { Role } from '@shared/vocab';
import { planAdvance } from '@server/domain/advance';
import { chooseCrew, INSTALL_WINDOWS } from '@server/domain/booking';
import { AppError, notFound } from '@server/errors';
import type { ServerDb } from '@server/db/open';
import { crews, events, jobs, notifications, orders, type JobRow, type OrderRow } from '@server/db/schema';
import type { WriteContext, Writer } from '@server/db/writer';
import type { AdvanceBody, CauseBody, CreateOrderBody, UnavailableBody } from '@server/floor/schemas';
import { newId } from '@server/ops/ids';

export interface Actor {
  name: string;
  role: Role;
}

const BOOKING_HORIZON_DAYS = 14;

/** The per-request reads, prepared once per database (drizzle would rebuild them every call). */
function queriesOf(db: ServerDb) {
  let q = prepared.get(db);
  if (!q) {
    q = {
      order: db.select().from(orders).where(eq(orders.id, sql.placeholder('id'))).prepare(),
      activeJob: db
        .select()
        .from(jobs)
        .where(and(eq(jobs.orderId, sql.placeholder('orderId')), eq(jobs.deleted, false), ne(jobs.status, 'cancelled')))
        .orderBy(desc(jobs.version))
        .limit(1)
        .prepare(),
    };
    prepared.set(db, q);
  }
  return q;
}
const prepared = new WeakMap<ServerDb, { order: { get: (p: { id: string }) => OrderRow | undefined }; activeJob: { get: (p: { orderId: string }) => JobRow | undefined } }>();

function liveOrder(db: ServerDb, id: string): OrderRow {
  const row = queriesOf(db).order.get({ id });
  if (!row || row.deleted) throw notFound(`order ${id}`);
  return row;
}

function activeJob(db: ServerDb, orderId: string): JobRow | null {
  return queriesOf(db).activeJob.get({ orderId }) ?? null;
}

export function crewLoad(db: ServerDb, crewId: string, date: string): number {
  const r = db
    .select({ n: sql<number>`count(*)` })
    .from(jobs)
    .where(and(eq(jobs.crewId, crewId), eq(jobs.date, date), eq(jobs.deleted, false), ne(jobs.status, 'cancelled')))
    .get();
  return r?.n ?? 0;
}

export function addEvent(ctx: WriteContext, e: { orderId: string; kind: string; stage?: number | null; at: string; actor: string; note?: string | null; cause?: string | null; evidence?: string | null }) {
  ctx.db
    .insert(events)
    .values({ id: newId('e'), version: ctx.version, deleted: false, orderId: e.orderId, kind: e.kind, stage: e.stage ?? null, at: e.at, actor: e.actor, note: e.note ?? null, cause: e.cause ?? null, evidence: e.evidence ?? null })
    .run();
}

export function createOrder(writer: Writer, body: CreateOrderBody, actor: Actor) {
  return writer.writeSoon((ctx) => {
    const dup = ctx.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, body.orderNo)).get();
    if (dup) throw new AppError('duplicate', `orderNo: ${body.orderNo} already exists (order ${dup.id})`, 409);
    const id = newId('o');
    const at = body.signedAt ?? ctx.nowIso;
    ctx.db
      .insert(orders)
      .values({
        id,
        version: ctx.version,
        deleted: false,
        orderNo: body.orderNo,
        channel: body.channel,
        productType: body.productType,
        customerName: body.customer.name,
        customerPhone: body.customer.phone,
        province: body.address.province,
        city: body.address.city,
        district: body.address.district,
        addressDetail: body.address.detail,
        lat: body.address.lat,
        lng: body.address.lng,
        amount: body.amount,
        discountTemplate: body.discountTemplate ?? null,
        discountAmount: body.discountAmount ?? null,
        skus: body.skus ?? [],
        signedAt: at,
        promisedDate: body.promisedDate,
        stage: 1,
        stageEnteredAt: at,
        causes: [],
        note: body.note ?? null,
        createdAt: ctx.nowIso,
        updatedAt: ctx.nowIso,
      })
      .run();
    addEvent(ctx, { orderId: id, kind: 'stage', stage: 1, at, actor: body.actor ?? actor.name });
    return { id };
  });
}

export function advanceOrder(writer: Writer, id: string, body: AdvanceBody, actor: Actor) {
  return writer.writeSoon((ctx) => {
    const order = liveOrder(ctx.db, id);
    const job = activeJob(ctx.db, id);
    const at = body.at ?? ctx.nowIso;
    const plan = planAdvance(order, job, body.stage, at, body.evidence ?? {});
    const who = body.actor ?? actor.name;
    const patch: Partial<OrderRow> = { ...body.fields, stage: plan.stage, stageEnteredAt: at, updatedAt: ctx.nowIso, version: ctx.version };
    let jobRow = job;
    if (plan.createJob) {
      jobRow = { id: newId('j'), version: ctx.version, deleted: false, orderId: id, crewId: null, date: null, window: null, skill: plan.createJob.skill, status: 'unbooked' };
      ctx.db.insert(jobs).values(jobRow).run();
    }
    if (plan.book && jobRow) {
      const crewRows = ctx.db.select().from(crews).where(eq(crews.deleted, false)).all();
      const day = shanghaiDate(Date.parse(at));
      const fromDate = plan.stage === 11 ? addDays(day, 1) : day;
      const booking = chooseCrew(crewRows, (c, d) => crewLoad(ctx.db, c, d), { district: order.district, skill: jobRow.skill, fromDate, days: BOOKING_HORIZON_DAYS });
      if (!booking) {
        throw new AppError('no_crew', `no crew with skill ${jobRow.skill} has capacity in ${order.district} from ${fromDate} for ${BOOKING_HORIZON_DAYS} days`, 409);
      }
      const window = INSTALL_WINDOWS[crewLoad(ctx.db, booking.crewId, booking.date) % INSTALL_WINDOWS.length] ?? null;
      jobRow = { ...jobRow, crewId: booking.crewId, date: booking.date, window, status: 'booked', version: ctx.version };
      patch.crewId = booking.crewId;
      patch.bookedSlot = `${booking.date} ${window}`;
    }
    if (plan.finishJob && jobRow) jobRow = { ...jobRow, status: 'done' };
    if (jobRow && jobRow !== job) {
      const { id: jobId, ...rest } = jobRow;
      ctx.db.update(jobs).set({ ...rest, version: ctx.version }).where(eq(jobs.id, jobId)).run();
    }
    ctx.db.update(orders).set(patch).where(eq(orders.id, id)).run();
    const evidence = body.evidence && Object.keys(body.evidence).length > 0 ? JSON.stringify(body.evidence) : null;
    addEvent(ctx, { orderId: id, kind: 'stage', stage: plan.stage, at, actor: who, note: body.note ?? null, evidence });
    for (const template of plan.notify) {
      ctx.db.insert(notifications).values({ id: newId('n'), version: ctx.version, deleted: false, orderId: id, template, status: 'queued', at: ctx.nowIso }).run();
    }
    return { id, stage: plan.stage, jobId: jobRow?.id ?? null, crewId: jobRow?.crewId ?? null, date: jobRow?.date ?? null };
  });
}

export function tagCause(writer: Writer, id: string, body: CauseBody, actor: Actor) {
  return writer.writeSoon((ctx) => {
    const order = liveOrder(ctx.db, id);
    const causes = order.causes.includes(body.cause) ? order.causes : [...order.causes, body.cause];
    ctx.db.update(orders).set({ causes, updatedAt: ctx.nowIso, version: ctx.version }).where(eq(orders.id, id)).run();
    addEvent(ctx, { orderId: id, kind: 'cause', stage: order.stage, at: ctx.nowIso, actor: body.actor ?? actor.name, note: body.note ?? null, cause: body.cause });
    return { id, causes };
  });
}

export function addUnavailability(writer: Writer, crewId: string, body: UnavailableBody) {
  return writer.writeSoon((ctx) => {
    const crew = ctx.db.select().from(crews).where(eq(crews.id, crewId)).get();
    if (!crew || crew.deleted) throw notFound(`crew ${crewId}`);
    const unavailable = [...crew.unavailable, { from: body.from, to: body.to, reason: body.reason }];
    ctx.db.update(crews).set({ unavailable, version: ctx.version }).where(eq(crews.id, crewId)).run();
    return { id: crewId };
  });
}

export function historyOf(db: ServerDb, orderId: string) {
  return db.select().from(events).where(and(eq(events.orderId, orderId), eq(events.deleted, false))).orderBy(asc(events.at), asc(events.version), asc(events.id)).all();
}
