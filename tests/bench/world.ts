/**
 * Builds a large order-server database for benchmarks: the simulator's own backlog generator, written
 * in chunks of 1,000 orders per version (the server's start-up backlog is one version, and a page never
 * splits a version, so a 100k backlog in one version would be one enormous page).
 */
import { join } from 'node:path';
import { crews, events, jobs, notifications, orders } from '@server/db/schema';
import { bulkInsert } from '@server/db/bulk';
import { seedBudgets } from '@server/db/budgets';
import { openServerDb } from '@server/db/open';
import { Writer } from '@server/db/writer';
import { realClock } from '@server/clock';
import { generateBacklog } from '@server/simulator/backlog';

export function buildWorld(dir: string, nOrders: number, seed = 1): string {
  const file = join(dir, 'orders.sqlite');
  const db = openServerDb(file);
  const writer = new Writer(db, realClock);
  const backlog = generateBacklog(seed, Date.now(), { orders: nOrders });
  const byOrder = <T extends { orderId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.orderId, [...(m.get(r.orderId) ?? []), r]);
    return m;
  };
  const ev = byOrder(backlog.events);
  const jb = byOrder(backlog.jobs);
  const nt = byOrder(backlog.notifications);
  writer.write((ctx) => {
    seedBudgets(ctx);
    bulkInsert(ctx.db, crews, backlog.crews.map((c) => ({ ...c, version: ctx.version, deleted: false })));
  });
  for (let i = 0; i < backlog.orders.length; i += 1000) {
    const chunk = backlog.orders.slice(i, i + 1000);
    writer.write((ctx) => {
      const stamp = <T extends object>(rows: readonly T[]) => rows.map((r) => ({ ...r, version: ctx.version, deleted: false }));
      bulkInsert(ctx.db, orders, stamp(chunk));
      bulkInsert(ctx.db, events, stamp(chunk.flatMap((o) => ev.get(o.id) ?? [])));
      bulkInsert(ctx.db, jobs, stamp(chunk.flatMap((o) => jb.get(o.id) ?? [])));
      bulkInsert(ctx.db, notifications, stamp(chunk.flatMap((o) => nt.get(o.id) ?? [])));
    });
  }
  db.$client.close();
  return file;
}

// `tsx tests/bench/world.ts DIR N`: build the world in its own process, so the bench's memory stays the desk's
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: tsx tests/bench/world.ts DIR N');
  console.log(buildWorld(dir, Number(n)));
}
