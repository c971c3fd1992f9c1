/** Template rows ↔ PromotionTemplate (the wire's data and the check's input). */
import { eq, sql } from 'drizzle-orm';
import { promotionRowId, type PromotionTemplate } from '@shared/promotions';
import type { Channel } from '@shared/vocab';
import type { ServerDb } from '@server/db/open';
import { promotionTemplates, type PromotionTemplateRow } from '@server/db/schema';

export function templateData(r: PromotionTemplateRow): PromotionTemplate {
  return {
    id: r.templateId, channel: r.channel as Channel, name: r.name, validFrom: r.validFrom, validTo: r.validTo, version: r.templateVersion,
    effectiveFrom: r.effectiveFrom, rules: r.rules, updatedBy: r.updatedBy, updatedAt: r.updatedAt,
  };
}

export function templateRow(t: PromotionTemplate, version: number): PromotionTemplateRow {
  return {
    id: promotionRowId(t.id, t.version), version, deleted: false, templateId: t.id, templateVersion: t.version, channel: t.channel, name: t.name,
    validFrom: t.validFrom, validTo: t.validTo, effectiveFrom: t.effectiveFrom, rules: t.rules, updatedBy: t.updatedBy, updatedAt: t.updatedAt,
  };
}

const cache = new WeakMap<ServerDb, { stamp: string; templates: PromotionTemplate[] }>();

/**
 * Every live version of every template (a small table: tens of rows), read again only when a
 * template row was written since (every write raises the table's max version or its row count):
 * each new order is checked against them, so the live order stream does not re-parse them.
 */
export function readTemplates(db: ServerDb): PromotionTemplate[] {
  const head = db.select({ v: sql<number>`max(${promotionTemplates.version})`, n: sql<number>`count(*)` }).from(promotionTemplates).get();
  const stamp = `${head?.v ?? 0}:${head?.n ?? 0}`;
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.templates;
  const templates = db.select().from(promotionTemplates).where(eq(promotionTemplates.deleted, false)).all().map(templateData);
  cache.set(db, { stamp, templates });
  return templates;
}
