/**
 * Order writes of the floor API: create, advance, tag a cause, and crew leave. Each is its own
 * savepoint in a group commit (Writer.writeSoon): requests arriving together share a version.
 * Guards live in the pure domain functions.
 */
import { and, asc, eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '@shared/time';
import type { Role } from '@shared/vocab';
import { inScope, type FloorScope } from '@shared/projection';
import { planAdvance } from '@server/domain/advance';
import { chooseCrew, INSTALL_WINDOWS, provisionalBooking, provisionalNote, type Booking } from '@server/domain/booking';
import { newOrderRow } from '@server/domain/new-order';
import { finishEntry, reviewOnEntry } from '@server/promotions/review';
import { AppError, notFound } from '@server/errors';
import type { ServerDb } from '@server/db/open';
import { crews, events, notifications, type JobRow, type OrderRow } from '@server/db/schema';
import type { WriteContext, Writer } from '@server/db/writer';
import type { AdvanceBody, CauseBody, CreateOrderBody, UnavailableBody } from '@server/floor/schemas';
import { newId } from '@server/db/ids';
import { statementsOf, type OrderForAdvanceRow } from '@server/orders/statements';
import { carrierByName } from '@server/supply/read';
import { trackingLink, type CarrierData } from '@shared/supply-rules';

export interface Actor {
  name: string;
  role: Role;
  /** a scoped floor token: it writes only its own orders (null or absent: every order) */
  scope?: FloorScope | null;
}

const BOOKING_HORIZON_DAYS = 14;

/** Another scope's order answers exactly like a missing one: a token learns nothing of it. */
function liveOrder(db: ServerDb, id: string, scope: FloorScope | null = null): OrderRow {
  const row = statementsOf(db).order.get({ id });
  if (!row || row.deleted || !inScope(scope, row)) throw notFound(`order ${id}`);
  return row;
}

function liveOrderForAdvance(db: ServerDb, id: string, scope: FloorScope | null = null): OrderForAdvanceRow {
  const row = statementsOf(db).orderForAdvance.get({ id });
  if (!row || row.deleted || !inScope(scope, row)) throw notFound(`order ${id}`);
  return row;
}

/** A scoped token may not hand an order to another workshop or carrier: it would write outside its scope. */
function checkHandOver(scope: FloorScope | null, fields: AdvanceBody['fields']): void {
  if (!scope || scope.kind === 'crew') return;
  const to = fields?.[scope.kind];
  if (to !== undefined && to !== scope.value) {
    throw new AppError('forbidden', `fields.${scope.kind}: a token scoped to ${scope.kind} ${scope.value} may not set it to ${JSON.stringify(to)}`, 403);
  }
}

/** The order's newest live, not cancelled job (highest version; the first of equals). */
function activeJob(db: ServerDb, orderId: string): JobRow | null {
  let newest: JobRow | null = null;
  for (const j of statementsOf(db).liveJobsOf.all({ orderId })) if (!newest || j.version > newest.version) newest = j;
  return newest;
}

export function crewLoad(db: ServerDb, crewId: string, date: string): number {
  return statementsOf(db).crewLoad.get({ crewId, date })?.n ?? 0;
}

/**
 * `actor` is who did it as far as the server knows: the token's name for floor writes. What a
 * floor client says about who did it is only `reportedBy` (finding 5: a body could name anyone).
 */
export function addEvent(ctx: WriteContext, e: { orderId: string; kind: string; stage?: number | null; at: string; actor: string; note?: string | null; cause?: string | null; evidence?: string | null; reportedBy?: string | null }) {
  statementsOf(ctx.db).insertEvent.run({
    id: newId('e'), version: ctx.version, deleted: false, orderId: e.orderId, kind: e.kind, stage: e.stage ?? null, at: e.at, actor: e.actor, note: e.note ?? null, cause: e.cause ?? null, evidence: e.evidence ?? null, reportedBy: e.reportedBy ?? null,
  });
}

/** Who may create orders: supervisors and site-wide floor tokens (sales channels, the ERP import, the simulator). */
export function createOrder(writer: Writer, body: CreateOrderBody, actor: Actor) {
  // a new order belongs to no workshop, carrier or crew yet: a scoped token could not even read it back
  if (actor.scope) throw new AppError('forbidden', `a token scoped to ${actor.scope.kind} ${actor.scope.value} may not create orders (site-wide floor tokens do)`, 403);
  return writer.writeSoon((ctx) => {
    const st = statementsOf(ctx.db);
    const dup = st.orderIdByNo.get({ orderNo: body.orderNo });
    if (dup) throw new AppError('duplicate', `orderNo: ${body.orderNo} already exists (order ${dup.id})`, 409);
    const id = newId('o');
    const at = body.signedAt ?? ctx.nowIso;
    const row = newOrderRow(id, body, { signedAt: at, now: ctx.nowIso });
    // issue 20: the signed contract enters finance review at once (over ¥5 off its template → payment held)
    const review = reviewOnEntry(ctx, row);
    st.insertOrder.run({ ...row, ...review?.fields, version: ctx.version, deleted: false });
    addEvent(ctx, { orderId: id, kind: 'stage', stage: 1, at, actor: actor.name, reportedBy: body.actor ?? null });
    finishEntry(ctx, row, review);
    return { id };
  });
}

export function advanceOrder(writer: Writer, id: string, body: AdvanceBody, actor: Actor) {
  return writer.writeSoon((ctx) => {
    const st = statementsOf(ctx.db);
    const order = liveOrderForAdvance(ctx.db, id, actor.scope ?? null);
    checkHandOver(actor.scope ?? null, body.fields);
    const job = activeJob(ctx.db, id);
    const at = body.at ?? ctx.nowIso;
    const plan = planAdvance(order, job, body.stage, at, body.evidence ?? {});
    const patch: Partial<OrderRow> = { ...body.fields, stage: plan.stage, stageEnteredAt: at, updatedAt: ctx.nowIso, version: ctx.version };
    const carrierName = body.fields?.carrier ?? order.carrier;
    // read once, only where the stage-9 hand-off needs it
    const carrier = plan.provisional || plan.notify.includes('tracking_link') ? carrierByName(ctx.db, carrierName) : null;
    const loadOf = (c: string, d: string) => crewLoad(ctx.db, c, d);
    const notes: string[] = body.note ? [body.note] : [];
    let jobRow = job;
    if (plan.createJob) {
      jobRow = { id: newId('j'), version: ctx.version, deleted: false, orderId: id, crewId: null, date: null, window: null, skill: plan.createJob.skill, status: 'unbooked' };
      if (plan.provisional) {
        // the seed's hand-off: booked from the carrier's expected arrival as the shipment leaves
        const p = provisionalBooking(st.liveCrews.all(), loadOf, {
          carrier, to: order, shippedMs: Date.parse(at), nowMs: ctx.now, skill: jobRow.skill, days: BOOKING_HORIZON_DAYS,
        });
        const window = p.booking ? windowFor(ctx.db, p.booking) : null;
        if (p.booking) jobRow = bookedJob(jobRow, p.booking, window, patch);
        notes.push(provisionalNote(p, carrierName, order, window, BOOKING_HORIZON_DAYS));
      }
      st.insertJob.run(jobRow);
    }
    if ((plan.book || plan.confirm) && jobRow) {
      const day = shanghaiDate(Date.parse(at));
      const fromDate = plan.stage === 11 ? addDays(day, 1) : day;
      // a provisional booking stands when its date is still ahead; one that came too soon is rebooked
      const keep = plan.confirm && jobRow.date !== null && jobRow.crewId !== null && jobRow.date >= fromDate;
      if (keep) {
        patch.crewId = jobRow.crewId;
        patch.bookedSlot = `${jobRow.date} ${jobRow.window ?? ''}`.trim();
      } else {
        const booking = chooseCrew(st.liveCrews.all(), loadOf, { district: order.district, skill: jobRow.skill, fromDate, days: BOOKING_HORIZON_DAYS });
        if (!booking) {
          throw new AppError('no_crew', `no crew with skill ${jobRow.skill} has capacity in ${order.district} from ${fromDate} for ${BOOKING_HORIZON_DAYS} days`, 409);
        }
        jobRow = bookedJob(jobRow, booking, windowFor(ctx.db, booking), patch);
      }
    }
    if (plan.finishJob && jobRow) jobRow = { ...jobRow, status: 'done' };
    if (jobRow && jobRow !== job) {
      st.updateJob.run({ ...jobRow, version: ctx.version });
    }
    st.updateOrder(id, patch);
    const evidence = body.evidence && Object.keys(body.evidence).length > 0 ? JSON.stringify(body.evidence) : null;
    addEvent(ctx, { orderId: id, kind: 'stage', stage: plan.stage, at, actor: actor.name, reportedBy: body.actor ?? null, note: notes.length ? notes.join('\n') : null, evidence });
    for (const template of plan.notify) {
      if (template === 'tracking_link') {
        queueTrackingText(ctx, id, carrierName, carrier, body.fields?.waybill ?? order.waybill);
        continue;
      }
      st.insertNotification.run({ id: newId('n'), version: ctx.version, deleted: false, orderId: id, template, status: 'queued', at: ctx.nowIso });
    }
    return { id, stage: plan.stage, jobId: jobRow?.id ?? null, crewId: jobRow?.crewId ?? null, date: jobRow?.date ?? null };
  });
}

/** The window of a new booking: the crew's jobs that day spread over the day's windows. */
function windowFor(db: ServerDb, booking: Booking): string | null {
  return INSTALL_WINDOWS[crewLoad(db, booking.crewId, booking.date) % INSTALL_WINDOWS.length] ?? null;
}

/** The job booked on `booking`, and the order's copy of it in `patch`. */
function bookedJob(job: JobRow, booking: Booking, window: string | null, patch: Partial<OrderRow>): JobRow {
  patch.crewId = booking.crewId;
  patch.bookedSlot = `${booking.date} ${window}`;
  return { ...job, crewId: booking.crewId, date: booking.date, window, status: 'booked' };
}

/**
 * The tracking text (tracking_link) with what it shows: the carrier, the waybill and the tracking
 * page (src/shared/sms-templates.ts). Unknown carrier or no waybill: those parameters are left
 * out rather than made up.
 */
function queueTrackingText(ctx: WriteContext, orderId: string, carrierName: string | null, carrier: CarrierData | null, waybill: string | null): void {
  const url = carrier ? trackingLink(carrier, waybill) : '';
  const params: Record<string, string> = {};
  if (carrierName) params.carrier = carrierName;
  if (waybill) params.waybill = waybill;
  if (url) params.url = url;
  ctx.db.insert(notifications).values({ id: newId('n'), version: ctx.version, deleted: false, orderId, template: 'tracking_link', status: 'queued', at: ctx.nowIso, params }).run();
}

export function tagCause(writer: Writer, id: string, body: CauseBody, actor: Actor) {
  return writer.writeSoon((ctx) => {
    const order = liveOrder(ctx.db, id, actor.scope ?? null);
    const causes = order.causes.includes(body.cause) ? order.causes : [...order.causes, body.cause];
    statementsOf(ctx.db).updateOrder(id, { causes, updatedAt: ctx.nowIso, version: ctx.version });
    addEvent(ctx, { orderId: id, kind: 'cause', stage: order.stage, at: ctx.nowIso, actor: actor.name, reportedBy: body.actor ?? null, note: body.note ?? null, cause: body.cause });
    return { id, causes };
  });
}

/** `scope`: a crew token reports only its own crew's leave; workshop and carrier tokens none (404 like a missing crew). */
export function addUnavailability(writer: Writer, crewId: string, body: UnavailableBody, scope: FloorScope | null = null) {
  return writer.writeSoon((ctx) => {
    const crew = ctx.db.select().from(crews).where(eq(crews.id, crewId)).get();
    if (!crew || crew.deleted || (scope && !(scope.kind === 'crew' && scope.value === crewId))) throw notFound(`crew ${crewId}`);
    const unavailable = [...crew.unavailable, { from: body.from, to: body.to, reason: body.reason }];
    ctx.db.update(crews).set({ unavailable, version: ctx.version }).where(eq(crews.id, crewId)).run();
    return { id: crewId };
  });
}

export function historyOf(db: ServerDb, orderId: string) {
  return db.select().from(events).where(and(eq(events.orderId, orderId), eq(events.deleted, false))).orderBy(asc(events.at), asc(events.version), asc(events.id)).all();
}
