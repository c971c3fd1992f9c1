/**
 * The notifications outbox (I/O). Commands and hand-offs queue texts as `notification` rows
 * (status `queued`); the dispatcher hands each one, after a grace period on the server clock
 * during which an undo can still cancel it, to a NotificationProvider and marks it `sent` (or
 * `failed`) in one write per round. The default provider records what it sent and logs a line.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import { shanghaiIso } from '@shared/time';
import { notifications, type NotificationRow } from '@server/db/schema';
import type { Writer } from '@server/db/writer';

export interface NotificationProvider {
  readonly name: string;
  /** resolves when the text is handed over; rejects when it could not be */
  send(n: Pick<NotificationRow, 'id' | 'orderId' | 'template' | 'params'>): Promise<void>;
}

/**
 * The default provider: keeps the last `keep` texts in memory (tests, demos) and, unless quiet,
 * logs one line per text. It sends nothing anywhere; a real SMS gateway implements the interface.
 */
export class RecordingProvider implements NotificationProvider {
  readonly name = 'record';
  readonly sent: Pick<NotificationRow, 'id' | 'orderId' | 'template' | 'params'>[] = [];
  constructor(
    private readonly quiet = true,
    private readonly keep = 1000,
  ) {}
  async send(n: Pick<NotificationRow, 'id' | 'orderId' | 'template' | 'params'>): Promise<void> {
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
}

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

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
    await this.running;
  }

  /** One round: send what is due, then mark it in one write. Returns how many were sent. */
  round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.dispatch().finally(() => (this.running = null));
    return this.running;
  }

  private async dispatch(): Promise<void> {
    const due = shanghaiIso(this.writer.clock.now() - (this.o.graceMs ?? 5 * 60_000));
    // `at` is always written by the server as +08:00 ISO, so text order is time order
    const rows = this.writer.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.status, 'queued'), eq(notifications.deleted, false), lte(notifications.at, due)))
      .orderBy(asc(notifications.at), asc(notifications.id))
      .limit(this.o.batch ?? 200)
      .all();
    if (rows.length === 0) return;
    const outcome = new Map<string, 'sent' | 'failed'>();
    for (const n of rows) {
      try {
        await this.provider.send(n);
        outcome.set(n.id, 'sent');
      } catch (err) {
        outcome.set(n.id, 'failed');
        console.error(`notification ${n.id} failed:`, err);
      }
    }
    this.writer.write((ctx) => {
      for (const [id, status] of outcome) {
        // an undo may have cancelled it meanwhile: only a still-queued text changes
        ctx.db
          .update(notifications)
          .set({ status, sentAt: status === 'sent' ? ctx.nowIso : null, version: ctx.version })
          .where(and(eq(notifications.id, id), eq(notifications.status, 'queued')))
          .run();
      }
    });
  }
}
