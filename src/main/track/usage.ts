/**
 * The self-service usage share on the desk (issue 18 item 4): the shared rule
 * (src/shared/track-usage.ts) over the replica. Page opens are the synced access log (entity
 * `track_access`, supervisors' feed only, phones masked) in other_rows; customers are the orders'
 * masked phones. The war room counts up to the server's now; the shift report up to its window's end,
 * with each order's arrival and acceptance from its stage events (what was known at that instant).
 */
import type Database from 'better-sqlite3';
import { FINAL_STAGE } from '@shared/stages';
import { selfServiceUsage, type SelfServiceUsage, type UsageOpen, type UsageOrder } from '@shared/track-usage';
import { TRACK_ACCESS_ENTITY, TrackAccessData } from '@shared/track';

/** The access log's page opens (json_extract in SQLite: the log can be long). */
export function readUsageOpens(sqlite: Database.Database): UsageOpen[] {
  const rows = sqlite
    .prepare<[string], [string | null, string | null, string | null, string | null]>(
      `SELECT json_extract(data, '$.phone'), json_extract(data, '$.at'), json_extract(data, '$.kind'), json_extract(data, '$.outcome') FROM other_rows WHERE entity = ?`,
    )
    .raw()
    .all(TRACK_ACCESS_ENTITY);
  const out: UsageOpen[] = [];
  for (const [phone, at, kind, outcome] of rows) {
    const ms = at ? Date.parse(at) : NaN;
    if (!phone || Number.isNaN(ms) || !kind || !outcome) continue;
    out.push({ phone, at: ms, kind, outcome });
  }
  return out;
}

/** The access log as a supervisor reads it (issue 18: every code request, sign-in and page read), newest first; rows that do not parse are skipped. */
export function readAccessLog(sqlite: Database.Database, limit: number): Array<TrackAccessData & { id: string }> {
  const rows = sqlite
    .prepare<[string, number], [string, string]>(`SELECT id, data FROM other_rows WHERE entity = ? ORDER BY json_extract(data, '$.at') DESC, id DESC LIMIT ?`)
    .raw()
    .all(TRACK_ACCESS_ENTITY, limit);
  const out: Array<TrackAccessData & { id: string }> = [];
  for (const [id, data] of rows) {
    const parsed = TrackAccessData.safeParse(JSON.parse(data));
    if (parsed.success) out.push({ id, ...parsed.data });
  }
  return out;
}

/** Every order's masked phone, by order id. */
export function readOrderPhones(sqlite: Database.Database): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, phone] of sqlite.prepare<[], [string, string | null]>('SELECT id, customer_phone FROM orders WHERE customer_phone IS NOT NULL').raw().all()) if (phone) out.set(id, phone);
  return out;
}

/** The share as the war room shows it: the orders as they are now, up to the server's now. */
export function warRoomUsage(sqlite: Database.Database, now: number): SelfServiceUsage {
  const orders: UsageOrder[] = sqlite
    .prepare<[], [string | null, number, string]>('SELECT customer_phone, stage, stage_entered_at FROM orders')
    .raw()
    .all()
    .map(([phone, stage, entered]) => ({ phone, stage, finishedAt: stage >= FINAL_STAGE ? Date.parse(entered) : null, createdAt: null }));
  return selfServiceUsage(orders, readUsageOpens(sqlite), now);
}

/**
 * The share at a past instant `at` (a shift report's window end): an order came in at its first
 * stage event and finished at its first final-stage event; an order with no stage event is counted
 * by its current stage (finished at an unknown time: not counted).
 */
export function usageAt(phones: ReadonlyMap<string, string>, timelines: ReadonlyMap<string, readonly { stage: number; at: number }[]>, stages: ReadonlyMap<string, number>, opens: readonly UsageOpen[], at: number): SelfServiceUsage {
  const orders: UsageOrder[] = [];
  for (const [id, phone] of phones) {
    const list = timelines.get(id);
    if (list && list.length > 0) {
      const finished = list.find((e) => e.stage >= FINAL_STAGE);
      orders.push({ phone, stage: finished && finished.at <= at ? FINAL_STAGE : 1, finishedAt: finished ? finished.at : null, createdAt: list[0]!.at });
    } else orders.push({ phone, stage: stages.get(id) ?? 1, finishedAt: null, createdAt: null });
  }
  return selfServiceUsage(orders, opens, at);
}
