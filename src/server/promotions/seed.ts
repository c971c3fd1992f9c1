/**
 * Seeding the promotion templates (issue 20), with carriers and lines: an empty table (a new
 * database, or one from before migration 0010) gets the shipped defaults inside a write, so the
 * rows carry a version and every desk receives them; an edited table is never overwritten.
 */
import { sql } from 'drizzle-orm';
import type { PromotionTemplate } from '@shared/promotions';
import { bulkInsert } from '@server/db/bulk';
import type { ServerDb } from '@server/db/open';
import { promotionTemplates } from '@server/db/schema';
import type { WriteContext } from '@server/db/writer';
import { defaultPromotions } from '@server/promotions/data';
import { templateRow } from '@server/promotions/read';

const countOf = (db: ServerDb) => db.select({ n: sql<number>`count(*)` }).from(promotionTemplates).get()?.n ?? 0;

/** Whether the templates were seeded (ensureSeedData, src/server/supply/seed.ts, seeds them with the rest in one write). */
export const hasPromotions = (db: ServerDb): boolean => countOf(db) > 0;

/** Inserts the defaults when the table is empty, at the write's version. */
export function seedPromotions(ctx: WriteContext, templates: readonly PromotionTemplate[] = defaultPromotions()): void {
  if (countOf(ctx.db) === 0) bulkInsert(ctx.db, promotionTemplates, templates.map((t) => templateRow(t, ctx.version)));
}
