/** Writes the simulator's backlog in one transaction (one version), once per database. */
import { crews, events, jobs, notifications, orders } from '@server/db/schema';
import { bulkInsert } from '@server/db/bulk';
import { seedBudgets } from '@server/db/budgets';
import { getMeta, setMeta } from '@server/db/meta';
import { seedSupply } from '@server/supply/seed';
import { seedPromotions } from '@server/promotions/seed';
import { reviewPendingOrders } from '@server/promotions/review';
import type { Writer } from '@server/db/writer';
import type { Backlog } from '@server/simulator/backlog';

export interface BacklogMark {
  seed: number;
  start: number;
  version: number;
  scenario?: string;
}

export function backlogMark(writer: Writer): BacklogMark | null {
  const v = getMeta(writer.db, 'simBacklog');
  return v ? (JSON.parse(v) as BacklogMark) : null;
}

/** Inserts every row at one new version and marks the database as seeded. */
export function writeBacklog(writer: Writer, backlog: Backlog, mark: { seed: number; start: number; scenario?: string }): number {
  const w = writer.write((ctx) => {
    const stamp = <T extends object>(rows: readonly T[]) => rows.map((r) => ({ ...r, version: ctx.version, deleted: false }));
    seedBudgets(ctx);
    seedSupply(ctx, backlog.supply);
    bulkInsert(ctx.db, crews, stamp(backlog.crews));
    bulkInsert(ctx.db, orders, stamp(backlog.orders));
    // issue 20: the backlog's orders enter finance review like any written order, against the shipped templates
    seedPromotions(ctx);
    reviewPendingOrders(ctx);
    bulkInsert(ctx.db, events, stamp(backlog.events));
    bulkInsert(ctx.db, jobs, stamp(backlog.jobs));
    bulkInsert(ctx.db, notifications, stamp(backlog.notifications));
    setMeta(ctx.db, 'simBacklog', JSON.stringify({ ...mark, version: ctx.version }));
  });
  return w.version;
}
