import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { BudgetData } from '@shared/entities';
import { shanghaiIso } from '@shared/time';
import type { OrderServer } from '@server/app';
import { events, notifications } from '@server/db/schema';
import { http, newOrderBody, pullAll, connectDesk, removeTempDirs, startServer, token } from './helpers';
import { EVIDENCE, jobOf, orderRow } from './fixtures';

let server: OrderServer;
let floor: string;
let supervisor: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  // no backlog: only the orders this file makes
  server = await startServer({ rules: { intervalMs: 50 } });
  floor = token(server, 'floor').token;
  supervisor = token(server, 'supervisor').token;
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

async function deliveredHoursAgo(orderNo: string, hours: number): Promise<string> {
  const now = server.clock.now();
  const at = (h: number) => shanghaiIso(now - h * HOUR);
  const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo, { signedAt: at(hours + 100) }) });
  const id = created.body.id as string;
  for (const [stage, h] of [[2, hours + 90], [9, hours + 20], [10, hours]] as const) {
    const r = await http(server, 'POST', `/api/v1/orders/${id}/advance`, { token: floor, body: { stage, at: at(h), evidence: EVIDENCE } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return id;
}

const until = async (what: string, ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('hand-offs', () => {
  // shipped without a known carrier (issue 14): the job is created at 9, unbooked, and delivery finds it
  it('shipped queues a tracking text and creates the job, unbooked without a known carrier', async () => {
    const id = await deliveredHoursAgo('HO-1', 1);
    const texts = server.db.select().from(notifications).where(eq(notifications.orderId, id)).all();
    expect(texts.map((t) => [t.template, t.status])).toEqual([['tracking_link', 'queued']]);
    expect(jobOf(server, id)).toMatchObject({ status: 'unbooked', crewId: null });
  });

  it('flags a delivery not booked within 48 h, once, and leaves a fresh one alone', async () => {
    const late = await deliveredHoursAgo('HO-LATE', 49);
    const fresh = await deliveredHoursAgo('HO-FRESH', 47);
    await until('the sweep', () => orderRow(server, late).causes.includes('missing_handoff'));
    const flagged = server.db.select().from(events).where(eq(events.orderId, late)).all().filter((e) => e.cause === 'missing_handoff');
    expect(flagged).toMatchObject([{ kind: 'cause', actor: 'rules', stage: 10 }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.db.select().from(events).where(eq(events.orderId, late)).all().filter((e) => e.cause === 'missing_handoff')).toHaveLength(1);
    expect(orderRow(server, fresh).causes).toEqual([]);
  });
});

describe('budgets', () => {
  it('are data on the wire, edited by a supervisor, and drive the hand-off deadline', async () => {
    const s = await connectDesk(server, { token: token(server, 'viewer').token, clientId: 'budgets', protocol: 1 });
    const { changes } = await pullAll(s);
    s.close();
    const wire = changes.filter((c) => c.entity === 'budget');
    expect(wire).toHaveLength(12);
    expect(BudgetData.parse(wire.find((c) => c.id === '5')?.data)).toEqual({ stage: 5, hours: 12 });
    expect(BudgetData.parse(wire.find((c) => c.id === '1')?.data)).toEqual({ stage: 1, hours: null });

    expect((await http(server, 'PUT', '/api/v1/budgets/10', { token: floor, body: { hours: 24 } })).status).toBe(403);
    const bad = await http(server, 'PUT', '/api/v1/budgets/10', { token: supervisor, body: { hours: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('hours');
    expect((await http(server, 'PUT', '/api/v1/budgets/13', { token: supervisor, body: { hours: 1 } })).status).toBe(400);
    const ok = await http(server, 'PUT', '/api/v1/budgets/10', { token: supervisor, body: { hours: 24 } });
    expect(ok).toMatchObject({ status: 200, body: { stage: 10, hours: 24 } });
    expect(ok.body.version).toBeLessThanOrEqual(server.head());
    const list = await http(server, 'GET', '/api/v1/budgets', { token: floor });
    expect((list.body.budgets as { stage: number; hours: number }[]).find((b) => b.stage === 10)?.hours).toBe(24);

    const soon = await deliveredHoursAgo('HO-24', 30);
    await until('the sweep with the new budget', () => orderRow(server, soon).causes.includes('missing_handoff'));
  });
});

describe('notifications outbox', () => {
  it('sends queued texts through the provider after the grace period, never a cancelled one', async () => {
    const { RecordingProvider } = await import('@server/notify/outbox');
    const provider = new RecordingProvider();
    const s2 = await startServer({ rules: { intervalMs: 50 }, notificationProvider: provider, outbox: { graceMs: 0, intervalMs: 30 } });
    try {
      const f = token(s2, 'floor').token;
      const created = await http(s2, 'POST', '/api/v1/orders', { token: f, body: newOrderBody('OUT-1') });
      const id = created.body.id as string;
      await http(s2, 'POST', `/api/v1/orders/${id}/advance`, { token: f, body: { stage: 9, evidence: EVIDENCE } });
      await until('the text is sent', () => provider.sent.length === 1);
      expect(provider.sent[0]).toMatchObject({ orderId: id, template: 'tracking_link' });
      await until('marked sent', () => s2.db.select().from(notifications).where(eq(notifications.orderId, id)).get()?.status === 'sent');
      expect(s2.db.select().from(notifications).where(eq(notifications.orderId, id)).get()?.sentAt).toMatch(/\+08:00$/);
    } finally {
      await s2.close();
    }
  });
});
