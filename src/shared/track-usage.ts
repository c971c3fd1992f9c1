/**
 * The self-service page's usage share (自助查询使用率, issue 18 item 4): of the customers with an
 * order in progress this week, the share who opened the page this week. One rule for the war room
 * and the shift report (and anything else that shows the figure), pure: rows in, figure out.
 *
 * A customer is a phone. The desk only ever sees phones masked (`139****5678`, projection.ts), on
 * the orders and on the access log alike, so the desk counts masked phones; two customers whose
 * numbers share the first 3 and last 4 digits count once on both sides of the ratio.
 */
import { z } from 'zod';
import { FINAL_STAGE } from './stages';
import { SHANGHAI_OFFSET_MS, shanghaiIso } from './time';

/** Access-log kinds that mean the customer saw the page past the code: a session, a list, an order, a request. */
export const OPENED_KINDS: readonly string[] = ['session', 'orders', 'order', 'request'];
/** The access-log outcome of a request that was answered. */
export const OPENED_OUTCOME = 'ok';

const DAY_MS = 86_400_000;

/** The Shanghai week (Monday 00:00 to the next Monday 00:00) holding `ms`, as epoch ms. */
export function shanghaiWeekOf(ms: number): { start: number; end: number } {
  const local = ms + SHANGHAI_OFFSET_MS;
  const dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  // 1970-01-01 was a Thursday: day number 0 → weekday 3 when Monday is 0
  const weekday = (Math.floor(dayStart / DAY_MS) + 3) % 7;
  const start = dayStart - weekday * DAY_MS - SHANGHAI_OFFSET_MS;
  return { start, end: start + 7 * DAY_MS };
}

export interface UsageOrder {
  /** the customer's phone as the reader sees it (masked on the desk) */
  phone: string | null;
  stage: number;
  /** when the order reached the final stage (epoch ms), or null while it is in progress */
  finishedAt: number | null;
  /** when the order came in (epoch ms), null when unknown (counted as before the week) */
  createdAt: number | null;
}

export interface UsageOpen {
  phone: string | null;
  at: number;
  kind: string;
  outcome: string;
}

export const SelfServiceUsage = z.object({
  /** the week's Monday 00:00 and the next Monday, Shanghai time (ISO +08:00) */
  weekStart: z.string(),
  weekEnd: z.string(),
  /** the instant the figure is counted up to (the war room's now, a report's window end) */
  asOf: z.string(),
  /** customers (phones) with an order in progress at some time this week up to asOf */
  customers: z.number().int().min(0),
  /** of those, the ones that opened the page this week up to asOf */
  opened: z.number().int().min(0),
  /** opened ÷ customers; null when there are no customers */
  share: z.number().min(0).max(1).nullable(),
});
export type SelfServiceUsage = z.infer<typeof SelfServiceUsage>;

/**
 * share = distinct phones of customers with an order in progress this week that opened the page
 * this week ÷ distinct phones of customers with an order in progress this week, both up to `asOf`.
 * An order is in progress this week when it came in before `asOf` and had not finished before the
 * week began (an order accepted on Tuesday still counts: its customer may have looked on Monday).
 */
export function selfServiceUsage(orders: Iterable<UsageOrder>, opens: Iterable<UsageOpen>, asOf: number): SelfServiceUsage {
  const week = shanghaiWeekOf(asOf);
  const customers = new Set<string>();
  for (const o of orders) {
    if (!o.phone) continue;
    if (o.createdAt !== null && o.createdAt >= asOf) continue;
    const finished = o.stage >= FINAL_STAGE ? (o.finishedAt ?? -Infinity) : o.finishedAt;
    if (finished !== null && finished < week.start) continue;
    customers.add(o.phone);
  }
  const opened = new Set<string>();
  for (const a of opens) {
    if (!a.phone || a.at < week.start || a.at >= asOf || a.outcome !== OPENED_OUTCOME || !OPENED_KINDS.includes(a.kind)) continue;
    if (customers.has(a.phone)) opened.add(a.phone);
  }
  return {
    weekStart: shanghaiIso(week.start),
    weekEnd: shanghaiIso(week.end),
    asOf: shanghaiIso(asOf),
    customers: customers.size,
    opened: opened.size,
    share: customers.size === 0 ? null : opened.size / customers.size,
  };
}
