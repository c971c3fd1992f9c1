/**
 * Stage dwell budgets as data (domain.md: "defaults a company edits"): seeded once from
 * DEFAULT_BUDGETS, synced as the `budget` entity, edited through the floor API.
 */
import { eq, sql } from 'drizzle-orm';
import { DEFAULT_BUDGETS, STAGES, type StageBudgets } from '@shared/stages';
import type { ServerDb } from '@server/db/open';
import { budgets } from '@server/db/schema';
import type { WriteContext, Writer } from '@server/db/writer';
import { AppError } from '@server/errors';

const count = (db: ServerDb) => db.select({ n: sql<number>`count(*)` }).from(budgets).get()?.n ?? 0;

/** Inserts the default budgets inside a write when the table is empty. */
export function seedBudgets(ctx: WriteContext): void {
  if (count(ctx.db) > 0) return;
  for (const s of STAGES) ctx.db.insert(budgets).values({ id: String(s.no), version: ctx.version, deleted: false, stage: s.no, hours: DEFAULT_BUDGETS[s.no] ?? null }).run();
}

/** On start: a database without budgets (new, or from before budgets existed) gets the defaults. */
export function ensureBudgets(writer: Writer): void {
  if (count(writer.db) === 0) writer.write(seedBudgets);
}

export function readBudgets(db: ServerDb): StageBudgets {
  const out: Record<number, number | null> = { ...DEFAULT_BUDGETS };
  for (const r of db.select().from(budgets).where(eq(budgets.deleted, false)).all()) out[r.stage] = r.hours;
  return out;
}

export function setBudget(writer: Writer, stage: number, hours: number | null) {
  return writer.write((ctx) => {
    const row = ctx.db.select().from(budgets).where(eq(budgets.id, String(stage))).get();
    if (!row) throw new AppError('not_found', `budget of stage ${stage} not found`, 404);
    ctx.db.update(budgets).set({ hours, version: ctx.version }).where(eq(budgets.id, row.id)).run();
    return { stage, hours };
  });
}
