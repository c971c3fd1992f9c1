/**
 * The server's rule sweep (I/O): every `intervalMs` of real time it reads the delivered orders,
 * asks rules/handoff.ts which are overdue for booking on the server clock, and flags them in one
 * write: cause `missing_handoff` on the order plus a `cause` event by actor `rules`.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { readBudgets } from '@server/db/budgets';
import { jobs, orders } from '@server/db/schema';
import type { Writer } from '@server/db/writer';
import { addEvent } from '@server/orders/operations';
import { HANDOFF_STAGE, ordersToFlag, type DeliveredOrder } from '@server/rules/handoff';

export const HANDOFF_NOTE = '签收后未在时限内预约安装 (delivered, installation not booked in time)';

/** One sweep; returns how many orders it flagged. */
export function sweepOnce(writer: Writer): number {
  const db = writer.db;
  const rows = db
    .select({ id: orders.id, stage: orders.stage, stageEnteredAt: orders.stageEnteredAt, causes: orders.causes })
    .from(orders)
    .where(and(eq(orders.stage, HANDOFF_STAGE), eq(orders.deleted, false)))
    .all();
  if (rows.length === 0) return 0;
  const status = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id);
    for (const j of db.select({ orderId: jobs.orderId, status: jobs.status }).from(jobs).where(and(inArray(jobs.orderId, ids), eq(jobs.deleted, false), ne(jobs.status, 'cancelled'))).all()) {
      status.set(j.orderId, j.status);
    }
  }
  const candidates: DeliveredOrder[] = rows.map((r) => ({ ...r, jobStatus: status.get(r.id) ?? null }));
  const flag = ordersToFlag(candidates, readBudgets(db), writer.clock.now());
  if (flag.length === 0) return 0;
  const byId = new Map(rows.map((r) => [r.id, r]));
  writer.write((ctx) => {
    for (const id of flag) {
      const r = byId.get(id);
      if (!r) continue;
      ctx.db.update(orders).set({ causes: [...r.causes, 'missing_handoff'], updatedAt: ctx.nowIso, version: ctx.version }).where(eq(orders.id, id)).run();
      addEvent(ctx, { orderId: id, kind: 'cause', stage: r.stage, at: ctx.nowIso, actor: 'rules', cause: 'missing_handoff', note: HANDOFF_NOTE });
    }
  });
  return flag.length;
}

export class RuleSweeper {
  private timer: NodeJS.Timeout | null = null;
  flagged = 0;

  constructor(
    private readonly writer: Writer,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.run();
    this.timer = setInterval(() => this.run(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  run(): void {
    try {
      this.flagged += sweepOnce(this.writer);
    } catch (err) {
      console.error('rule sweep failed:', err);
    }
  }
}
