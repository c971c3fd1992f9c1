/**
 * The self-service page's data (issue 18, I/O): text codes, sessions, the access log and customers'
 * requests, over the server database. Every decision is taken inside the write that records it
 * (the writer serializes writes), so two requests at once cannot both pass a limit. Codes,
 * sessions and limits run on real time (`now`): a customer waits in real minutes whatever the
 * server clock; rows that travel (`at`) carry the server clock like every other row.
 */
import { and, desc, eq, gt, inArray, isNotNull, lt } from 'drizzle-orm';
import { FINAL_STAGE } from '@shared/stages';
import { maskPhone } from '@shared/projection';
import { shanghaiDate } from '@shared/time';
import { normalizePhone, TRACK_CODE_ATTEMPTS, TRACK_CODE_MINUTES, TRACK_PHONE_LIMITS, TRACK_SESSION_MINUTES, type TrackAccessKind } from '@shared/track';
import { readBudgets } from '@server/db/budgets';
import { newId } from '@server/db/ids';
import type { ServerDb } from '@server/db/open';
import { carriers, customerRequests, events, jobs, notifications, orders, trackAccess, trackCodes, trackSessions, type OrderRow } from '@server/db/schema';
import type { WriteContext, Writer } from '@server/db/writer';
import { carrierRowId } from '@shared/supply-ids';
import { contactFor, SERVICE_LINES, type ServiceLines } from '@server/track/service-lines';
import { codeMatches, hashCode, hashSessionId, newCode, newSalt, newSessionId } from '@server/track/secrets';
import { longestWindow, windowVerdict, type LimitVerdict, type WindowLimit } from '@server/track/limits';
import { orderDetail, orderSummary, type TrackOrderInput } from '@server/track/views';

export interface TrackLimits {
  /** code requests per phone (default 1 a minute, 5 an hour, 10 a day) */
  phone: readonly WindowLimit[];
  /** code requests per address */
  addressCodes: readonly WindowLimit[];
  /** failed session attempts per address (wrong, expired or used-up codes) */
  addressFailures: readonly WindowLimit[];
}

/**
 * Per address: generous, because mobile networks put many customers behind one address (carrier
 * NAT), yet far below what would text strangers by the thousand or guess codes at scale.
 */
export const DEFAULT_TRACK_LIMITS: TrackLimits = {
  phone: TRACK_PHONE_LIMITS,
  addressCodes: [
    { windowMs: 60_000, max: 10 },
    { windowMs: 3_600_000, max: 60 },
    { windowMs: 86_400_000, max: 200 },
  ],
  addressFailures: [
    { windowMs: 600_000, max: 20 },
    { windowMs: 86_400_000, max: 100 },
  ],
};

export interface TrackStoreOptions {
  writer: Writer;
  /** real time, epoch ms (tests move it) */
  now?: () => number;
  limits?: Partial<TrackLimits>;
  serviceLines?: ServiceLines;
  /** asks the outbox to send now (a code is handed to the gateway at once); resolves when that round is done */
  kick?: () => Promise<void> | void;
}

export type CodeOutcome = { kind: 'accepted' } | { kind: 'limited'; retryAfterSeconds: number };
export type SessionOutcome = { kind: 'ok'; id: string; phone: string; expiresMs: number } | { kind: 'invalid' } | { kind: 'limited'; retryAfterSeconds: number };

const CODE_MS = TRACK_CODE_MINUTES * 60_000;
const SESSION_MS = TRACK_SESSION_MINUTES * 60_000;
const CODE_TEMPLATE = 'track_code';
const REQUEST_ACTOR = '客户自助';
/** session outcomes that count against the address */
const FAILED_SESSION = ['no_code', 'expired', 'attempts_used', 'wrong_code', 'no_orders'] as const;

/** The SQL the orders_phone_tail index is on (schema.ts): it must be written exactly so. */
const PHONE_TAIL = `substr(replace(replace(customer_phone, ' ', ''), '-', ''), -11)`;

export class TrackStore {
  readonly now: () => number;
  private readonly limits: TrackLimits;
  private readonly lines: ServiceLines;
  /** track_code texts whose code is still in their parameters → when it expires */
  private readonly codeTexts = new Map<string, number>();

  constructor(private readonly o: TrackStoreOptions) {
    this.now = o.now ?? Date.now;
    this.limits = { ...DEFAULT_TRACK_LIMITS, ...o.limits };
    this.lines = o.serviceLines ?? SERVICE_LINES;
  }

  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  /** Wipes sent and expired codes from texts every 30 s (and those an earlier run left). */
  start(): void {
    this.adoptLeftoverCodes();
    this.timer = setInterval(() => void this.wipeCodes().catch((err: unknown) => console.error('track: wiping sent codes failed:', err)), 30_000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private get db(): ServerDb {
    return this.o.writer.db;
  }

  /** A phone's live orders, newest first (the stored numbers may carry spaces, dashes or +86). */
  ordersOf(db: ServerDb, phone: string): OrderRow[] {
    const ids = db.$client.prepare(`SELECT id, customer_phone AS p FROM orders WHERE ${PHONE_TAIL} = ? AND deleted = 0`).all(phone) as Array<{ id: string; p: string }>;
    const mine = ids.filter((r) => normalizePhone(r.p) === phone).map((r) => r.id);
    if (mine.length === 0) return [];
    return db.select().from(orders).where(inArray(orders.id, mine)).all().sort((a, b) => (a.signedAt < b.signedAt ? 1 : a.signedAt > b.signedAt ? -1 : a.id < b.id ? 1 : -1));
  }

  private log(ctx: WriteContext, kind: TrackAccessKind, phone: string | null, address: string, outcome: string, orderNo: string | null = null): void {
    ctx.db.insert(trackAccess).values({ id: newId('ta'), version: ctx.version, deleted: false, at: ctx.nowIso, atMs: this.now(), kind, phone: phone ? maskPhone(phone) : null, address, outcome, orderNo }).run();
  }

  /** An access-log row for a request refused before it reached a store method (bad body, no session). */
  async logOnly(kind: TrackAccessKind, phone: string | null, address: string, outcome: string, orderNo: string | null = null): Promise<void> {
    await this.o.writer.writeSoon((ctx) => this.log(ctx, kind, phone, address, outcome, orderNo));
  }

  private codeTimes(ctx: WriteContext, column: 'phone' | 'address', value: string, since: number): number[] {
    const col = column === 'phone' ? trackCodes.phone : trackCodes.address;
    return ctx.db.select({ t: trackCodes.issuedMs }).from(trackCodes).where(and(eq(col, value), gt(trackCodes.issuedMs, since))).all().map((r) => r.t);
  }

  /**
   * A code request: counted against the phone and the address whether or not the phone has
   * orders (so a limit says nothing about that either), and a code texted only when it has.
   */
  async requestCode(phone: string, address: string): Promise<CodeOutcome> {
    const { result } = await this.o.writer.writeSoon((ctx): CodeOutcome & { textId?: string } => {
      const now = this.now();
      const since = now - longestWindow(this.limits.phone, this.limits.addressCodes);
      const verdict = worst(windowVerdict(this.codeTimes(ctx, 'address', address, since), this.limits.addressCodes, now), windowVerdict(this.codeTimes(ctx, 'phone', phone, since), this.limits.phone, now));
      if (!verdict.ok) {
        this.log(ctx, 'code', phone, address, 'limited');
        return { kind: 'limited', retryAfterSeconds: verdict.retryAfterSeconds };
      }
      // rows no limit counts any more
      ctx.db.delete(trackCodes).where(and(eq(trackCodes.phone, phone), lt(trackCodes.issuedMs, since))).run();
      const own = this.ordersOf(ctx.db, phone);
      const salt = newSalt();
      const order = own.find((o) => o.stage < FINAL_STAGE) ?? own[0];
      if (!order) {
        ctx.db.insert(trackCodes).values({ id: newId('tc'), phone, address, salt, codeHash: '', issuedMs: now, expiresMs: now + CODE_MS }).run();
        this.log(ctx, 'code', phone, address, 'no_orders');
        return { kind: 'accepted' };
      }
      const code = newCode();
      ctx.db.insert(trackCodes).values({ id: newId('tc'), phone, address, salt, codeHash: hashCode(salt, code), issuedMs: now, expiresMs: now + CODE_MS }).run();
      // the order only addresses the text: the webhook sends it to the order's phone, this very phone
      const textId = newId('n');
      ctx.db.insert(notifications).values({ id: textId, version: ctx.version, deleted: false, orderId: order.id, template: CODE_TEMPLATE, status: 'queued', at: ctx.nowIso, params: { code }, recipient: 'customer' }).run();
      this.log(ctx, 'code', phone, address, 'sent', order.orderNo);
      return { kind: 'accepted', textId };
    });
    if (result.kind === 'accepted' && result.textId) {
      this.codeTexts.set(result.textId, this.now() + CODE_MS);
      // once the gateway has it, the code leaves the text's parameters
      void Promise.resolve(this.o.kick?.())
        .then(() => this.wipeCodes())
        .catch((err: unknown) => console.error('track: wiping sent codes failed:', err));
    }
    return result.kind === 'limited' ? result : { kind: 'accepted' };
  }

  /** Code → session. Only the phone's newest code counts; 5 wrong tries use it up. */
  async startSession(phone: string, code: string, address: string): Promise<SessionOutcome> {
    const { result } = await this.o.writer.writeSoon((ctx): SessionOutcome => {
      const now = this.now();
      const failures = ctx.db
        .select({ t: trackAccess.atMs })
        .from(trackAccess)
        .where(and(eq(trackAccess.address, address), eq(trackAccess.kind, 'session'), gt(trackAccess.atMs, now - longestWindow(this.limits.addressFailures)), inArray(trackAccess.outcome, [...FAILED_SESSION])))
        .all()
        .filter((r) => r.t <= now)
        .map((r) => r.t);
      const verdict = windowVerdict(failures, this.limits.addressFailures, now);
      if (!verdict.ok) {
        // not a failure itself (FAILED_SESSION): the window moves on while it waits
        this.log(ctx, 'session', phone, address, 'limited');
        return { kind: 'limited', retryAfterSeconds: verdict.retryAfterSeconds };
      }
      const latest = ctx.db.select().from(trackCodes).where(eq(trackCodes.phone, phone)).orderBy(desc(trackCodes.issuedMs), desc(trackCodes.id)).limit(1).get();
      const refuse = (outcome: string): SessionOutcome => {
        this.log(ctx, 'session', phone, address, outcome);
        return { kind: 'invalid' };
      };
      if (!latest || latest.usedMs !== null) return refuse('no_code');
      if (latest.expiresMs <= now) return refuse('expired');
      if (latest.attempts >= TRACK_CODE_ATTEMPTS) return refuse('attempts_used');
      if (!codeMatches(latest.salt, latest.codeHash, code)) {
        ctx.db.update(trackCodes).set({ attempts: latest.attempts + 1 }).where(eq(trackCodes.id, latest.id)).run();
        return refuse(latest.codeHash ? 'wrong_code' : 'no_orders');
      }
      ctx.db.update(trackCodes).set({ usedMs: now }).where(eq(trackCodes.id, latest.id)).run();
      const id = newSessionId();
      ctx.db.insert(trackSessions).values({ idHash: hashSessionId(id), phone, address, createdMs: now, expiresMs: now + SESSION_MS }).run();
      ctx.db.delete(trackSessions).where(lt(trackSessions.expiresMs, now)).run();
      this.log(ctx, 'session', phone, address, 'ok');
      return { kind: 'ok', id, phone, expiresMs: now + SESSION_MS };
    });
    if (result.kind === 'ok') void this.wipeCodes().catch((err: unknown) => console.error('track: wiping sent codes failed:', err));
    return result;
  }

  /** The phone a session cookie stands for, while it lasts. */
  sessionPhone(cookieId: string | null): string | null {
    if (!cookieId || cookieId.length > 100) return null;
    const row = this.db.select().from(trackSessions).where(eq(trackSessions.idHash, hashSessionId(cookieId))).get();
    return row && row.expiresMs > this.now() ? row.phone : null;
  }

  /** Sign out: the session is gone at once. */
  endSession(cookieId: string | null): void {
    if (!cookieId || cookieId.length > 100) return;
    this.db.delete(trackSessions).where(eq(trackSessions.idHash, hashSessionId(cookieId))).run();
  }

  private context() {
    return { budgets: readBudgets(this.db), now: this.o.writer.clock.now() };
  }

  private jobOf(orderId: string) {
    const rows = this.db.select().from(jobs).where(and(eq(jobs.orderId, orderId), eq(jobs.deleted, false))).all();
    return rows.find((j) => j.status !== 'cancelled') ?? null;
  }

  async listOrders(phone: string, address: string) {
    const ctx = this.context();
    const list = this.ordersOf(this.db, phone).map((o) => orderSummary(input(o), this.jobOf(o.id), ctx));
    await this.logOnly('orders', phone, address, 'ok');
    return { orders: list };
  }

  private ownOrder(phone: string, orderNo: string): OrderRow | null {
    const row = this.db.select().from(orders).where(and(eq(orders.orderNo, orderNo), eq(orders.deleted, false))).get();
    return row && normalizePhone(row.customerPhone) === phone ? row : null;
  }

  private openRequest(orderId: string) {
    const row = this.db
      .select()
      .from(customerRequests)
      .where(and(eq(customerRequests.orderId, orderId), eq(customerRequests.state, 'new'), eq(customerRequests.deleted, false)))
      .orderBy(desc(customerRequests.at))
      .limit(1)
      .get();
    return row ? { wanted: row.wanted, at: row.at } : null;
  }

  /** One order, only when it is the session phone's; anything else is the same null (no enumeration). */
  async orderDetail(phone: string, orderNo: string, address: string) {
    const row = this.ownOrder(phone, orderNo);
    if (!row) {
      await this.logOnly('order', phone, address, 'not_found', orderNo.slice(0, 64));
      return null;
    }
    const stageEvents = this.db.select({ stage: events.stage, at: events.at }).from(events).where(and(eq(events.orderId, row.id), eq(events.kind, 'stage'), eq(events.deleted, false))).all();
    const carrier = row.carrier ? this.db.select({ url: carriers.trackingUrl }).from(carriers).where(eq(carriers.id, carrierRowId(row.carrier))).get() : undefined;
    const detail = orderDetail(
      { order: input(row), stageEvents, job: this.jobOf(row.id), trackingUrl: carrier?.url ?? null, contact: contactFor(this.lines, row.stage), openRequest: this.openRequest(row.id) },
      this.context(),
    );
    await this.logOnly('order', phone, address, 'ok', row.orderNo);
    return detail;
  }

  /**
   * A date-change request: a `customer_request` row for the war room's queue and an order event,
   * in one write. `not_found` for an order that is not the phone's; `conflict` while one is open
   * or once the order is finished; `bad_date` for a date before tomorrow (Shanghai, server clock).
   */
  async requestDate(phone: string, body: { orderNo: string; wanted: string; note?: string }, address: string) {
    const { result } = await this.o.writer.writeSoon((ctx) => {
      const row = this.ownOrder(phone, body.orderNo);
      const fail = (outcome: 'not_found' | 'conflict' | 'bad_date') => {
        this.log(ctx, 'request', phone, address, outcome, body.orderNo.slice(0, 64));
        return { kind: outcome } as const;
      };
      if (!row) return fail('not_found');
      if (row.stage >= FINAL_STAGE || this.openRequest(row.id)) return fail('conflict');
      if (body.wanted <= shanghaiDate(ctx.now)) return fail('bad_date');
      const id = newId('cr');
      const note = body.note ? body.note : null;
      ctx.db.insert(customerRequests).values({ id, version: ctx.version, deleted: false, orderId: row.id, orderNo: row.orderNo, kind: 'date_change', wanted: body.wanted, note, at: ctx.nowIso, state: 'new' }).run();
      ctx.db
        .insert(events)
        .values({ id: newId('e'), version: ctx.version, deleted: false, orderId: row.id, kind: 'customer_request', stage: null, at: ctx.nowIso, actor: REQUEST_ACTOR, note: `客户申请改期至${body.wanted}${note ? `：${note}` : ''}`, cause: null, evidence: null })
        .run();
      this.log(ctx, 'request', phone, address, 'ok', row.orderNo);
      return { kind: 'ok', id, orderNo: row.orderNo, wanted: body.wanted, at: ctx.nowIso } as const;
    });
    return result;
  }

  /**
   * A code lives in its text's parameters only until the gateway has it (or it has expired): then
   * it is wiped. Parameters of these texts never travel (wire.ts), so the row keeps its version.
   * A text the gateway has not taken by the time its code expires fails: it would be useless.
   */
  async wipeCodes(): Promise<void> {
    const now = this.now();
    const ids = [...this.codeTexts.keys()];
    if (ids.length === 0 || this.stopped) return;
    const rows = this.db.select({ id: notifications.id, status: notifications.status }).from(notifications).where(inArray(notifications.id, ids)).all();
    const done = rows.filter((r) => r.status !== 'queued' && r.status !== 'sending').map((r) => r.id);
    const late = rows.filter((r) => r.status === 'queued' && (this.codeTexts.get(r.id) ?? 0) <= now).map((r) => r.id);
    const gone = ids.filter((id) => !rows.some((r) => r.id === id));
    // no version: nothing on the wire changes (and the writer rolls back a write that changes nothing synced)
    if (done.length) this.db.update(notifications).set({ params: null }).where(inArray(notifications.id, done)).run();
    if (late.length > 0) {
      const error = 'the code expired before the gateway took it';
      await this.o.writer.writeSoon((ctx) => {
        ctx.db.update(notifications).set({ params: null, status: 'failed', error, version: ctx.version }).where(and(inArray(notifications.id, late), eq(notifications.status, 'queued'))).run();
      });
    }
    for (const id of [...done, ...late, ...gone]) this.codeTexts.delete(id);
  }

  /** At start: texts left with a code in them by an earlier run (one scan; afterwards the map knows them). */
  adoptLeftoverCodes(): void {
    const rows = this.db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.template, CODE_TEMPLATE), isNotNull(notifications.params))).all();
    for (const r of rows) this.codeTexts.set(r.id, this.now() + CODE_MS);
  }
}

function worst(a: LimitVerdict, b: LimitVerdict): LimitVerdict {
  if (a.ok) return b;
  if (b.ok) return a;
  return { ok: false, retryAfterSeconds: Math.max(a.retryAfterSeconds, b.retryAfterSeconds) };
}

function input(o: OrderRow): TrackOrderInput {
  return {
    orderNo: o.orderNo, productType: o.productType, customerName: o.customerName, district: o.district, stage: o.stage,
    stageEnteredAt: o.stageEnteredAt, signedAt: o.signedAt, carrier: o.carrier, waybill: o.waybill, bookedSlot: o.bookedSlot,
  };
}
