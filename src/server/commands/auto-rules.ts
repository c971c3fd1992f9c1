/**
 * autoRule.set (issue 14): a supervisor sets the server's auto-policy for one incident cause.
 * Planning (pure) only records the rule and the audit row's words; writing (I/O, in the command's
 * transaction) upserts the `auto_rules` row and, when the rule goes from off to on, records every
 * incident of that cause open at that moment as `skipped` ('open when the rule was switched on'):
 * a rule acts on new incidents only, the ones already open are the supervisors' call (as the desk
 * did). It changes no business row, so like incident.state it cannot be undone: the way back is
 * another autoRule.set, and its audit row says what was set.
 */
import { eq } from 'drizzle-orm';
import type { AutoRuleSetPayload } from '@shared/protocol';
import { newId } from '@server/db/ids';
import { autoRules, autoRuns } from '@server/db/schema';
import type { WriteContext } from '@server/db/writer';
import type { Draft } from '@server/commands/draft';
import { coveredOrders, isNewTrouble } from '@server/plans/auto-policy';
import { readIncidents } from '@server/plans/incident-reads';

export const OPEN_WHEN_SWITCHED_ON = 'open when the rule was switched on';

/** `installer_shortage → plan A, ≤ 300 items` or `installer_shortage → off`: readable in the timeline. */
export function autoRuleDetail(p: AutoRuleSetPayload): string {
  return `${p.cause} → ${p.enabled ? `plan ${p.plan}, ≤ ${p.maxJobs} items` : 'off'}`;
}

export function planAutoRuleSet(d: Draft, p: AutoRuleSetPayload): void {
  d.named++;
  d.autoRules.push(p);
  d.details.push(autoRuleDetail(p));
}

/** Writes one rule at the command's version; returns how many open incidents it recorded as skipped. */
export function writeAutoRule(ctx: WriteContext, p: AutoRuleSetPayload, actor: string): number {
  const before = ctx.db.select({ enabled: autoRules.enabled }).from(autoRules).where(eq(autoRules.id, p.cause)).get();
  const row = { version: ctx.version, deleted: false, enabled: p.enabled, plan: p.plan, maxJobs: p.maxJobs, updatedBy: actor, updatedAt: ctx.nowIso };
  ctx.db.insert(autoRules).values({ id: p.cause, ...row }).onConflictDoUpdate({ target: autoRules.id, set: row }).run();
  if (!p.enabled || before?.enabled) return 0;
  const covered = coveredOrders(ctx.db.select({ incidentId: autoRuns.incidentId, orderIds: autoRuns.orderIds }).from(autoRuns).all());
  let skipped = 0;
  for (const incident of readIncidents(ctx.db, ctx.now)) {
    if (incident.cause !== p.cause || !isNewTrouble(incident, covered)) continue;
    ctx.db
      .insert(autoRuns)
      .values({ id: newId('ar'), version: ctx.version, deleted: false, incidentId: incident.id, title: incident.title, cause: incident.cause, plan: p.plan, at: ctx.nowIso, outcome: 'skipped', moved: 0, actionId: null, detail: OPEN_WHEN_SWITCHED_ON, orderIds: incident.orderIds })
      .run();
    skipped++;
  }
  return skipped;
}
