/**
 * The notifications outbox (I/O). Commands and hand-offs queue texts as `notification` rows
 * (status `queued`); the dispatcher hands each one, after a grace period on the server clock
 * during which an undo can still cancel it, to a NotificationProvider. Send once:
 * 1. in one write per round it counts the attempt and marks the texts `sending`; if that write
 *    fails (disk full, read-only, busy) nothing is sent this round;
 * 2. it hands them to the provider with the text's id as the idempotency key;
 * 3. in one write it records each answer: `sent`; refused → `queued` with the reason in `error`,
 *    tried again after a backoff, `failed` once the retries are used up.
 * A text left `sending` (the server stopped after handing it over, or step 3 could not be
 * written) is handed over again after the backoff with the same key and a counted attempt, so a
 * gateway that drops repeated keys texts the customer once, and the retry limit still holds.
 * The default provider records what it sent and logs a line; WebhookProvider (webhook.ts) hands
 * texts to an SMS gateway. A crew text (recipient `crew:<crewId>`) goes to the crew's phone; a crew
 * without one cannot be texted, so its text is `failed` at once with the reason (never retried).
 */
import { and, asc, eq, gt, inArray, lte, or } from 'drizzle-orm';
import { IMMEDIATE_TEMPLATES } from '@shared/sms-templates';
import { shanghaiIso } from '@shared/time';
import { crews, notifications, orders, type NotificationRow } from '@server/db/schema';
import type { Writer } from '@server/db/writer';

/**
 * What a provider gets: the text, the order it is about (absent if the order is gone) and, for a
 * crew text, the crew with its phone (the outbox hands a crew text over only when it has one).
 */
export interface OutgoingText extends Pick<NotificationRow, 'id' | 'orderId' | 'template' | 'params'> {
  /** 1 for the first hand-over; a repeat keeps the same id (the idempotency key) */
  attempt: number;
  /** `customer` (the order's phone) or `crew:<crewId>` (the crew's phone); absent = customer */
  recipient?: string;
  order?: { orderNo: string; customerName: string; customerPhone: string; bookedSlot?: string | null; crewName?: string | null };
  crew?: { id: string; name: string; phone: string };
}

const CREW_PREFIX = 'crew:';

export interface NotificationProvider {
  readonly name: string;
  /**
   * Resolves when the text is handed over; rejects when it could not be, with the reason as the
   * error's message (kept on the row). `signal` aborts when the server shuts down. The same
   * `id` may come again (a repeat after a crash): a provider that reaches customers must send
   * it at most once per id.
   */
  send(n: OutgoingText, signal?: AbortSignal): Promise<void>;
}

/**
 * The default provider: keeps the last `keep` texts in memory (tests, demos) and, unless quiet,
 * logs one line per text. It sends nothing anywhere.
 */
export class RecordingProvider implements NotificationProvider {
  readonly name = 'record';
  readonly sent: OutgoingText[] = [];
  constructor(
    private readonly quiet = true,
    private readonly keep = 1000,
  ) {}
  async send(n: OutgoingText): Promise<void> {
    this.sent.push(n);
    if (this.sent.length > this.keep) this.sent.splice(0, this.sent.length - this.keep);
    if (!this.quiet) console.log(`notify ${n.orderId}: ${n.template}${n.params ? ` ${JSON.stringify(n.params)}` : ''}`);
  }
}

export interface OutboxOptions {
  /** how long a queued text waits (server clock) before it is sent; default 5 minutes */
  graceMs?: number;
  /** texts per round; default 200 */
  batch?: number;
  /** real ms between rounds; default 1000 */
  intervalMs?: number;
  /** how often a refused text is tried again before it is `failed`; default 3 */
  retries?: number;
}

/** Texts handed to the provider at once: a slow gateway must not hold up a whole round. */
const CONCURRENCY = 8;
/** A retry waits intervalMs × BACKOFF^(attempt-1): 1 s, 5 s, 25 s by default, so a short gateway outage loses nothing. */
const BACKOFF = 5;
const MAX_ERROR_CHARS = 200;

/**
 * What came of handing one text over. `unknown`: cut short by shutdown mid-request.
 * `undeliverable`: there is no number to text (a crew without a phone), so it fails at once
 * without reaching the provider; retrying would not find a number either.
 */
type Outcome = { kind: 'sent' } | { kind: 'refused'; reason: string } | { kind: 'not_tried' } | { kind: 'unknown' } | { kind: 'undeliverable'; reason: string };

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_CHARS) || 'refused';

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();
  /** real time before which a text is not handed over again; seeded at start for texts already tried */
  private readonly notBefore = new Map<string, number>();

  constructor(
    private readonly writer: Writer,
    readonly provider: NotificationProvider,
    private readonly o: OutboxOptions = {},
  ) {}

  start(): void {
    this.waitAfterRestart();
    this.timer = setInterval(() => void this.round(), this.o.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.running;
  }

  /** One round: claim what is due, hand it over, record the answers. */
  round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.dispatch()
      .catch((err: unknown) => console.error('notifications outbox round failed:', err))
      .finally(() => (this.running = null));
    return this.running;
  }

  private backoffMs(attempt: number): number {
    return (this.o.intervalMs ?? 1000) * BACKOFF ** (attempt - 1);
  }

  /**
   * The last attempt of a text already tried was before this start, so waiting its backoff from
   * now never re-sends faster than the backoff, however often the server restarts.
   */
  private waitAfterRestart(): void {
    const tried = this.writer.db
      .select({ id: notifications.id, attempts: notifications.attempts })
      .from(notifications)
      .where(and(inArray(notifications.status, ['queued', 'sending']), gt(notifications.attempts, 0)))
      .all();
    const now = Date.now();
    for (const t of tried) this.notBefore.set(t.id, now + this.backoffMs(t.attempts));
  }

  private dueTexts(): NotificationRow[] {
    const batch = this.o.batch ?? 200;
    const due = shanghaiIso(this.writer.clock.now() - (this.o.graceMs ?? 5 * 60_000));
    // `at` is always written by the server as +08:00 ISO, so text order is time order
    const rows = this.writer.db
      .select()
      .from(notifications)
      // a sign-in code (issue 18) skips the grace: nothing undoes it and it is useless late
      .where(and(inArray(notifications.status, ['queued', 'sending']), eq(notifications.deleted, false), or(lte(notifications.at, due), inArray(notifications.template, [...IMMEDIATE_TEMPLATES]))))
      .orderBy(asc(notifications.at), asc(notifications.id))
      .limit(batch + this.notBefore.size)
      .all();
    const now = Date.now();
    // forget waits that are over (a text an undo cancelled meanwhile never comes back to clear its own)
    for (const [id, at] of this.notBefore) if (at <= now) this.notBefore.delete(id);
    return rows.filter((r) => (this.notBefore.get(r.id) ?? 0) <= now).slice(0, batch);
  }

  /**
   * Step 1, one write: counts the attempt and marks each text `sending`. A `sending` text whose
   * last allowed attempt left no answer becomes `failed` instead of going out again. Returns the
   * texts to hand over with their attempt number; none when the write fails.
   */
  private claim(rows: readonly NotificationRow[]): NotificationRow[] {
    const maxAttempts = (this.o.retries ?? 3) + 1;
    try {
      return this.writer.write((ctx) => {
        const claimed: NotificationRow[] = [];
        for (const r of rows) {
          const attempts = (r.attempts ?? 0) + 1;
          const where = and(eq(notifications.id, r.id), inArray(notifications.status, ['queued', 'sending']));
          if (attempts > maxAttempts) {
            const error = `no answer was recorded for attempt ${attempts - 1} (the server stopped or could not write it); not tried again`;
            ctx.db.update(notifications).set({ status: 'failed', error, version: ctx.version }).where(where).run();
            console.error(`notification ${r.id}: ${error}`);
            continue;
          }
          const done = ctx.db.update(notifications).set({ status: 'sending', attempts, version: ctx.version }).where(where).run();
          if (done.changes === 1) claimed.push({ ...r, status: 'sending', attempts });
        }
        return claimed;
      }).result;
    } catch (err) {
      console.error(`notifications outbox: could not record the attempt of ${rows.length} text(s), so none is sent this round: ${reasonOf(err)}`);
      return [];
    }
  }

  /** The crews of crew texts, with their phones (as they stand when the text goes out). */
  private crewsOf(rows: readonly NotificationRow[]): Map<string, { id: string; name: string; phone: string | null }> {
    const ids = [...new Set(rows.flatMap((r) => (r.recipient?.startsWith(CREW_PREFIX) ? [r.recipient.slice(CREW_PREFIX.length)] : [])))];
    if (ids.length === 0) return new Map();
    const found = this.writer.db.select({ id: crews.id, name: crews.name, phone: crews.phone, deleted: crews.deleted }).from(crews).where(inArray(crews.id, ids)).all();
    return new Map(found.filter((c) => !c.deleted).map((c) => [c.id, { id: c.id, name: c.name, phone: c.phone ?? null }]));
  }

  /**
   * The texts to hand over, and those that cannot go anywhere: a crew text whose crew is gone or
   * has no phone (the reason is kept on the row, so the desk sees why the crew was not told).
   */
  private addressed(rows: readonly NotificationRow[]): { texts: OutgoingText[]; undeliverable: Map<string, Outcome> } {
    const crewRows = this.crewsOf(rows);
    const undeliverable = new Map<string, Outcome>();
    const texts: OutgoingText[] = [];
    for (const t of this.withOrders(rows)) {
      const recipient = t.recipient ?? 'customer';
      if (recipient === 'customer') {
        texts.push(t);
        continue;
      }
      const crewId = recipient.startsWith(CREW_PREFIX) ? recipient.slice(CREW_PREFIX.length) : null;
      const crew = crewId ? crewRows.get(crewId) : undefined;
      if (!crewId) undeliverable.set(t.id, { kind: 'undeliverable', reason: `unknown recipient ${JSON.stringify(recipient).slice(0, 60)}` });
      else if (!crew) undeliverable.set(t.id, { kind: 'undeliverable', reason: `crew ${crewId} not found: no phone to text` });
      else if (!crew.phone) undeliverable.set(t.id, { kind: 'undeliverable', reason: `crew ${crewId} (${crew.name}) has no phone number: add one to the crew to text it` });
      else texts.push({ ...t, crew: { id: crew.id, name: crew.name, phone: crew.phone } });
    }
    return { texts, undeliverable };
  }

  private withOrders(rows: readonly NotificationRow[]): OutgoingText[] {
    const ids = [...new Set(rows.map((r) => r.orderId))];
    // the booking as it stands when the text goes out: a plan's texts name the new crew, date and window
    const found =
      ids.length === 0
        ? []
        : this.writer.db
            .select({ id: orders.id, orderNo: orders.orderNo, customerName: orders.customerName, customerPhone: orders.customerPhone, bookedSlot: orders.bookedSlot, crewName: crews.name })
            .from(orders)
            .leftJoin(crews, eq(crews.id, orders.crewId))
            .where(inArray(orders.id, ids))
            .all();
    const byId = new Map(found.map(({ id, ...order }) => [id, order]));
    return rows.map((r) => {
      const order = byId.get(r.orderId);
      return { id: r.id, orderId: r.orderId, template: r.template, params: r.params, attempt: r.attempts ?? 1, recipient: r.recipient ?? 'customer', ...(order ? { order } : {}) };
    });
  }

  /** Step 2: hands the texts over, CONCURRENCY at a time. */
  private async sendAll(texts: readonly OutgoingText[]): Promise<Map<string, Outcome>> {
    const outcome = new Map<string, Outcome>(texts.map((n) => [n.id, { kind: 'not_tried' }]));
    const signal = this.stopping.signal;
    for (let i = 0; i < texts.length && !signal.aborted; i += CONCURRENCY) {
      await Promise.all(
        texts.slice(i, i + CONCURRENCY).map(async (n) => {
          try {
            await this.provider.send(n, signal);
            outcome.set(n.id, { kind: 'sent' });
          } catch (err) {
            // cut short by shutdown: it may have reached the gateway, so it stays `sending`
            outcome.set(n.id, signal.aborted ? { kind: 'unknown' } : { kind: 'refused', reason: reasonOf(err) });
          }
        }),
      );
    }
    return outcome;
  }

  /**
   * Step 3, one write. Only a `sending` text changes, except that a text an undo cancelled while
   * it was being handed over becomes `sent` if the gateway took it (the customer has it).
   */
  private record(texts: readonly NotificationRow[], outcome: ReadonlyMap<string, Outcome>): void {
    const retries = this.o.retries ?? 3;
    try {
      this.writer.write((ctx) => {
        for (const t of texts) {
          const o = outcome.get(t.id) ?? { kind: 'unknown' };
          const n = t.attempts ?? 1;
          const sending = and(eq(notifications.id, t.id), eq(notifications.status, 'sending'));
          if (o.kind === 'sent') {
            const set = { status: 'sent', sentAt: ctx.nowIso, error: null, version: ctx.version };
            ctx.db.update(notifications).set(set).where(and(eq(notifications.id, t.id), inArray(notifications.status, ['sending', 'cancelled']))).run();
          } else if (o.kind === 'refused') {
            // an undo that cancelled it while it was handed over learns that the customer does not have it
            const cancelled = and(eq(notifications.id, t.id), eq(notifications.status, 'cancelled'));
            if (ctx.db.update(notifications).set({ error: `cancelled; not delivered: ${o.reason}`, version: ctx.version }).where(cancelled).run().changes === 1) continue;
            const gaveUp = n > retries;
            ctx.db.update(notifications).set({ status: gaveUp ? 'failed' : 'queued', error: o.reason, version: ctx.version }).where(sending).run();
            console.error(`notification ${t.id}: attempt ${n} failed${gaveUp ? ', giving up' : ''}: ${o.reason}`);
          } else if (o.kind === 'undeliverable') {
            ctx.db.update(notifications).set({ status: 'failed', error: o.reason, version: ctx.version }).where(sending).run();
            console.error(`notification ${t.id}: not sent: ${o.reason}`);
          } else if (o.kind === 'not_tried') {
            // shutdown came before its turn: the attempt did not happen
            ctx.db.update(notifications).set({ status: 'queued', attempts: n - 1, version: ctx.version }).where(sending).run();
          }
        }
      });
    } catch (err) {
      console.error(`notifications outbox: could not record the answers for ${texts.length} text(s); they stay sending and go again with the same idempotency key after the backoff: ${reasonOf(err)}`);
      return;
    }
    for (const t of texts) if (outcome.get(t.id)?.kind === 'sent') this.notBefore.delete(t.id);
  }

  private async dispatch(): Promise<void> {
    const rows = this.dueTexts();
    if (rows.length === 0) return;
    const claimed = this.claim(rows);
    if (claimed.length === 0) return;
    const { texts, undeliverable } = this.addressed(claimed);
    const outcome = await this.sendAll(texts);
    for (const [id, o] of undeliverable) outcome.set(id, o);
    // a repeat waits its backoff from the answer, whether or not the answer can be written
    const answeredAt = Date.now();
    for (const t of claimed) this.notBefore.set(t.id, answeredAt + this.backoffMs(t.attempts ?? 1));
    this.record(claimed, outcome);
  }
}
