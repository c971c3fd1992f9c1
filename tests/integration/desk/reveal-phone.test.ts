// Issue 16 (least data): a supervisor's desk keeps customer phones masked in its replica and its
// diagnosis, and revealPhone asks the real server for one full number (audited there); a viewer's
// desk is refused, visibly.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { audit, orders } from '@server/db/schema';
import type { DeskBackend } from '@main/backend';
import { until } from '../../support/desk-harness';
import { backlog, withDesk, withServer } from '../../support/harness';

const server = () => withServer({ simulate: backlog(7, 200) });

const live = (d: DeskBackend, head: number) => until('caught up', () => d.handlers.status({}), (st) => st.state === 'live' && st.checkpoint === head);

describe('revealPhone', () => {
  it('a supervisor desk stores no full phone, shows the masked one and reveals one number, audited', async () => {
    const s = await server();
    const d = withDesk(s, { name: '值班主管 周' });
    await live(d, s.head());
    const full = new Set(s.db.select({ p: orders.customerPhone }).from(orders).all().map((r) => r.p));
    const raw = new Database(join(d.dataDir, 'replica.sqlite'), { readonly: true });
    const stored = (raw.prepare('SELECT customer_phone AS p FROM orders').all() as { p: string }[]).map((r) => r.p);
    raw.close();
    expect(stored.length).toBe(full.size);
    expect(stored.filter((p) => full.has(p))).toEqual([]);

    const o = s.db.select().from(orders).get()!;
    const diag = await d.handlers.diagnoseOrder({ orderId: o.id });
    expect(diag.order.phoneMasked).toBe(`${o.customerPhone.slice(0, 3)}****${o.customerPhone.slice(-4)}`);
    expect(await d.handlers.revealPhone({ orderId: o.id })).toEqual({ phone: o.customerPhone });
    const row = s.db.select().from(audit).where(eq(audit.type, 'reveal')).all();
    expect(row.map((r) => [r.actor, r.outcome, r.detail])).toEqual([['值班主管 周', 'revealed', `order ${o.id}`]]);
  });

  it("a viewer's desk is refused with the server's reason", async () => {
    const s = await server();
    const d = withDesk(s, { role: 'viewer', name: '大屏' });
    await live(d, s.head());
    const o = s.db.select().from(orders).get()!;
    await expect(d.handlers.revealPhone({ orderId: o.id })).rejects.toThrow(/forbidden/);
  });
});
