/**
 * Seeding carriers and lines (issue 14): a table that is empty (a new database, or one from
 * before migration 0007) gets the shipped defaults. Inside a write, so the rows carry a version
 * and every desk receives them like any change; once per table (an edited table is never
 * overwritten).
 */
import { sql } from 'drizzle-orm';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import { workstationOf, type CarrierData, type LineData } from '@shared/supply-rules';
import { bulkInsert } from '@server/db/bulk';
import type { ServerDb } from '@server/db/open';
import { seedBudgets } from '@server/db/budgets';
import { budgets, carriers, lines } from '@server/db/schema';
import type { WriteContext, Writer } from '@server/db/writer';
import { defaultSupply } from '@server/supply/data';
import { hasPromotions, seedPromotions } from '@server/promotions/seed';

const countOf = (db: ServerDb, table: typeof carriers | typeof lines) => db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? 0;

export function carrierRow(c: CarrierData, version: number) {
  return { id: carrierRowId(c.name), version, deleted: false, express: c.express, trackingUrl: c.trackingUrl, lanes: c.lanes, stoppages: c.stoppages };
}

export function lineRow(l: LineData, version: number) {
  return { id: lineRowId(workstationOf(l.factory, l.name)), version, deleted: false, ...l };
}

/** Inserts the defaults into whichever of the two tables is empty, at the write's version. */
export function seedSupply(ctx: WriteContext, supply: { carriers: readonly CarrierData[]; lines: readonly LineData[] } = defaultSupply()): void {
  if (countOf(ctx.db, carriers) === 0) bulkInsert(ctx.db, carriers, supply.carriers.map((c) => carrierRow(c, ctx.version)));
  if (countOf(ctx.db, lines) === 0) bulkInsert(ctx.db, lines, supply.lines.map((l) => lineRow(l, ctx.version)));
}

/**
 * On start: the data a database starts with (the stage budgets, the carriers and the lines), in
 * one write when any of them is missing: a new database gets all at one version, one migrated from
 * before budgets or before 0007 what it lacks.
 */
export function ensureSeedData(writer: Writer): void {
  if (countOf(writer.db, carriers) > 0 && countOf(writer.db, lines) > 0 && writer.db.select({ n: sql<number>`count(*)` }).from(budgets).get()?.n && hasPromotions(writer.db)) return;
  writer.write((ctx) => {
    seedBudgets(ctx);
    seedSupply(ctx);
    seedPromotions(ctx); // issue 20: the channel promotion templates
  });
}
