/**
 * The notifications outbox (I/O). Commands and hand-offs queue texts as `notification` rows
 * (status `queued`); the dispatcher hands each one, after a grace period on the server clock
 * during which an undo can still cancel it, to a NotificationProvider and marks it `sent` in one
 * write per round. A text the provider refuses keeps `queued` with the reason in `error` and is
 * tried again on later rounds, at most `retries` times, then becomes `failed`. It stays `queued`
 * while retrying so that an undo can still cancel it. The default provider records what it sent
 * and logs a line; WebhookProvider (webhook.ts) hands texts to an SMS gateway.
 */
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { shanghaiIso } from '@shared/time';
import { crews, notifications, orders, type NotificationRow } from '@server/db/schema';
import type { Writer } from '@server/db/writer';

/** What a provider gets: the text, and the order it is about (absent if the order is gone). */
export interface OutgoingText extends Pick<NotificationRow, 'id' | 'orderId' | 'template' | 'params'> {
  order?: { orderNo: string; customerName: string; customerPhone: string; bookedSlot?: string | null; crewName?: string | null };
}

export interface NotificationProvider {
  readonly name: string;
  /**
   * Resolves when the text is handed over; rejects when it could not be, with the reason as the
   * error's message (kept on the row). `signal` aborts when the server shuts down.
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

type Outcome = { ok: true } | { ok: false; reason: string };

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();
  /** real time before which a refused text is not tried again (in memory: a restart retries at once) */
  private readonly notBefore = new Map<string, number>();

  constructor(
    private readonly writer: Writer,
    readonly provider: NotificationProvider,
    private readonly o: OutboxOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.round(), this.o.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.running;
  }

  /** One round: send what is due, then mark it in one write. */
  round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.dispatch()
      .catch((err: unknown) => console.error('notifications outbox round failed:', err))
      .finally(() => (this.running = null));
    return this.running;
  }

  private dueTexts(): NotificationRow[] {
    const batch = this.o.batch ?? 200;
    const due = shanghaiIso(this.writer.clock.now() - (this.o.graceMs ?? 5 * 60_000));
    // `at` is always written by the server as +08:00 ISO, so text order is time order
    const rows = this.writer.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.status, 'queued'), eq(notifications.deleted, false), lte(notifications.at, due)))
      .orderBy(asc(notifications.at), asc(notifications.id))
      .limit(batch + this.notBefore.size)
      .all();
    const now = Date.now();
    // forget waits that are over (a text an undo cancelled meanwhile never comes back to clear its own)
    for (const [id, at] of this.notBefore) if (at <= now) this.notBefore.delete(id);
    return rows.filter((r) => (this.notBefore.get(r.id) ?? 0) <= now).slice(0, batch);
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
      return { id: r.id, orderId: r.orderId, template: r.template, params: r.params, ...(order ? { order } : {}) };
    });
  }

  private async sendAll(texts: readonly OutgoingText[]): Promise<Map<string, Outcome>> {
    const outcome = new Map<string, Outcome>();
    const signal = this.stopping.signal;
    for (let i = 0; i < texts.length && !signal.aborted; i += CONCURRENCY) {
      await Promise.all(
        texts.slice(i, i + CONCURRENCY).map(async (n) => {
          try {
            await this.provider.send(n, signal);
            outcome.set(n.id, { ok: true });
          } catch (err) {
            // cut short by shutdown: not an attempt, the next start sends it
            if (signal.aborted) return;
            const reason = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_CHARS) || 'refused';
            outcome.set(n.id, { ok: false, reason });
          }
        }),
      );
    }
    return outcome;
  }

  private async dispatch(): Promise<void> {
    const rows = this.dueTexts();
    if (rows.length === 0) return;
    const outcome = await this.sendAll(this.withOrders(rows));
    if (outcome.size === 0) return;
    const retries = this.o.retries ?? 3;
    const attempts = new Map(rows.map((r) => [r.id, (r.attempts ?? 0) + 1]));
    this.writer.write((ctx) => {
      for (const [id, o] of outcome) {
        const n = attempts.get(id) ?? 1;
        const gaveUp = !o.ok && n > retries;
        const set = o.ok ? { status: 'sent', sentAt: ctx.nowIso, error: null } : { status: gaveUp ? 'failed' : 'queued', error: o.reason };
        // an undo may have cancelled it meanwhile: only a still-queued text changes
        ctx.db
          .update(notifications)
          .set({ ...set, attempts: n, version: ctx.version })
          .where(and(eq(notifications.id, id), eq(notifications.status, 'queued')))
          .run();
        if (o.ok || gaveUp) this.notBefore.delete(id);
        else this.notBefore.set(id, Date.now() + (this.o.intervalMs ?? 1000) * BACKOFF ** (n - 1));
        if (!o.ok) console.error(`notification ${id}: attempt ${n} failed${gaveUp ? ', giving up' : ''}: ${o.reason}`);
      }
    });
  }
}
