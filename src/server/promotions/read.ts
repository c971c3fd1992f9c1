/** Template rows ↔ PromotionTemplate (the wire's data and the check's input). */
import { eq } from 'drizzle-orm';
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

/** Every live version of every template (a small table: tens of rows). */
export function readTemplates(db: ServerDb): PromotionTemplate[] {
  return db.select().from(promotionTemplates).where(eq(promotionTemplates.deleted, false)).all().map(templateData);
}
