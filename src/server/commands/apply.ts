/** Writes a Plan inside the command's Writer transaction (I/O): every row at ctx.version. */
import { eq } from 'drizzle-orm';
import type { WriteContext } from '@server/db/writer';
import { markUndone } from '@server/db/ledger';
import { carriers, crews, events, jobs, lines, notifications, orders, promotionTemplates, customerRequests } from '@server/db/schema';
import { newId } from '@server/db/ids';
import type { Plan, RowUpdate } from '@server/commands/types';
import { writeAutoRule } from '@server/commands/auto-rules';

function update(ctx: WriteContext, u: RowUpdate): void {
  const v = ctx.version;
  switch (u.entity) {
    case 'order':
      ctx.db.update(orders).set({ ...(u.set as Partial<typeof orders.$inferInsert>), version: v, updatedAt: ctx.nowIso }).where(eq(orders.id, u.id)).run();
      return;
    case 'job':
      ctx.db.update(jobs).set({ ...(u.set as Partial<typeof jobs.$inferInsert>), version: v }).where(eq(jobs.id, u.id)).run();
      return;
    case 'crew':
      ctx.db.update(crews).set({ ...(u.set as Partial<typeof crews.$inferInsert>), version: v }).where(eq(crews.id, u.id)).run();
      return;
    case 'notification':
      ctx.db.update(notifications).set({ ...(u.set as Partial<typeof notifications.$inferInsert>), version: v }).where(eq(notifications.id, u.id)).run();
      return;
    case 'carrier':
      ctx.db.update(carriers).set({ ...(u.set as Partial<typeof carriers.$inferInsert>), version: v }).where(eq(carriers.id, u.id)).run();
      return;
    case 'line':
      ctx.db.update(lines).set({ ...(u.set as Partial<typeof lines.$inferInsert>), version: v }).where(eq(lines.id, u.id)).run();
      return;
    case 'promotion_template':
      ctx.db.update(promotionTemplates).set({ ...(u.set as Partial<typeof promotionTemplates.$inferInsert>), version: v }).where(eq(promotionTemplates.id, u.id)).run();
      return;
    case 'customer_request':
      ctx.db.update(customerRequests).set({ ...(u.set as Partial<typeof customerRequests.$inferInsert>), version: v }).where(eq(customerRequests.id, u.id)).run();
      return;
  }
}

/** Applies the plan; returns the ids of the notifications it queued. */
export function applyPlan(ctx: WriteContext, plan: Plan, actor: string, undoKey: string): string[] {
  for (const n of plan.inserts) {
    // a template version (issue 20) names who saved it: the token, known here
    if (n.entity === 'promotion_template') ctx.db.insert(promotionTemplates).values({ ...(n.row as unknown as typeof promotionTemplates.$inferInsert), updatedBy: actor, version: ctx.version, deleted: false }).run();
    else ctx.db.insert(jobs).values({ ...(n.row as unknown as typeof jobs.$inferInsert), version: ctx.version, deleted: false }).run();
  }
  for (const u of plan.updates) update(ctx, u);
  for (const e of plan.events) {
    ctx.db
      .insert(events)
      .values({ id: newId('e'), version: ctx.version, deleted: false, orderId: e.orderId, kind: e.kind, stage: e.stage, at: ctx.nowIso, actor, note: e.note, cause: e.cause, evidence: null })
      .run();
  }
  const queued: string[] = [];
  for (const n of plan.notifications) {
    const id = newId('n');
    ctx.db.insert(notifications).values({ id, version: ctx.version, deleted: false, orderId: n.orderId, template: n.template, status: 'queued', at: ctx.nowIso, params: n.params, sentAt: null, recipient: n.recipient ?? 'customer' }).run();
    queued.push(id);
  }
  for (const key of plan.undoes) markUndone(ctx.db, key, undoKey);
  for (const rule of plan.autoRules) writeAutoRule(ctx, rule, actor);
  return queued;
}
