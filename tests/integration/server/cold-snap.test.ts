/**
 * The seed's night as a test (issue 14, deliverable 6): the cold-snap scenario of resources/scenarios
 * on a simulated Double-11 peak, with the policy "物流异常 → plan B" switched on by a supervisor who
 * then closes the desk. With no desk connected, the order server itself must, within 30 server
 * minutes of the stoppage: move every affected booked installation past the carrier's new arrival,
 * queue each customer a text naming the new date and the compensation, tell the crews, place
 * nothing in the past, overfill no crew-day (the independent validator over the server's rows),
 * and leave one command in the audit trail that a supervisor undoes the next morning.
 *
 * The scenario's events are shifted by a quarter of an hour so the stoppage starts after the rule
 * is on (a rule acts on incidents that appear after it is switched on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { createToken } from '@server/db/tokens';
import { OPEN_WHEN_SWITCHED_ON } from '@server/commands/auto-rules';
import { parseScenario } from '@server/simulator/scenario';
import { smsText } from '@server/notify/webhook';
import { expectedArrival, type CarrierData } from '@shared/supply-rules';
import { compensationFor, PlanningPolicy } from '@shared/plans';
import { shanghaiDate, startOfShanghaiDay } from '@shared/time';
import policyJson from '@resources/planning-policy.json';
import { ROOT } from '../../support/processes';
import { cleanUp, withServer } from '../../support/harness';
import { until } from '../../support/desk-harness';
import { hardViolations } from '../../support/plan-validator';
import { connectDesk } from './helpers';
import { Commander } from './fixtures';

const CARRIER = '安能物流';
const SHIFT_HOURS = 0.25;
const POLICY = PlanningPolicy.parse(policyJson);

let server: OrderServer;
const db = () => server.db.$client;

async function supervisorDesk(clientId: string): Promise<Commander> {
  const socket = await connectDesk(server, { token: createToken(server.db, 'supervisor', '王值班').token, clientId, protocol: 1 });
  cleanUp(() => socket.close());
  return new Commander(socket);
}

interface RunRow { incident_id: string; outcome: string; plan: string; at: string; moved: number; action_id: string | null; detail: string | null }
interface Image { entity: string; id: string; before: Record<string, unknown>; after: Record<string, unknown> }

beforeAll(async () => {
  const base = JSON.parse(readFileSync(join(ROOT, 'resources/scenarios/cold-snap-2026-02-02.json'), 'utf8')) as { events: Array<{ atHours: number }> };
  const scenario = parseScenario({ ...base, events: base.events.map((e) => ({ ...e, atHours: e.atHours + SHIFT_HOURS })) });
  // a Double-11 evening at 120× (30 server minutes are 15 real seconds), the live flow running
  server = await withServer({ simulate: { seed: 20260202, speed: 120, profile: 'double11', backlogOrders: 3000, scenario }, autoPolicy: { intervalMs: 200 } });
  const desk = await supervisorDesk('desk-night');
  const r = await desk.send('autoRule.set', { cause: 'logistics', enabled: true, plan: 'B', maxJobs: 5000 });
  expect(r).toMatchObject({ ok: true, status: 'applied' });
  desk.socket.close(); // every desk closed from here on
}, 120_000);

afterAll(() => undefined);

describe('the cold snap with no human', () => {
  let run: RunRow;
  let mutationId: number;
  let images: Image[];
  let queued: string[];
  let stoppageFrom: number;

  it('the server handles it within 30 server minutes of the stoppage, with plan B, as actor auto', async () => {
    const stoppage = await until(
      'the carrier reports its stoppage',
      () => db().prepare("SELECT stoppages FROM carriers WHERE id = (SELECT id FROM carriers WHERE stoppages LIKE '%寒潮%' LIMIT 1)").get() as { stoppages: string } | undefined,
      (r) => !!r,
      60_000,
    );
    stoppageFrom = Math.min(...(JSON.parse(stoppage!.stoppages) as Array<{ from: string }>).map((s) => Date.parse(s.from)));
    // the peak already had a few late 安能物流 shipments when the rule was switched on: that run is `skipped`
    const runs = () => db().prepare("SELECT * FROM auto_runs WHERE cause = 'logistics' AND (detail IS NULL OR detail != ?) ORDER BY at").all(OPEN_WHEN_SWITCHED_ON) as RunRow[];
    const done = await until('the auto-policy acted on the stoppage', runs, (rs) => rs.some((x) => x.outcome !== 'started'), 90_000);
    run = done.find((x) => x.outcome !== 'started')!;
    expect(run, JSON.stringify(done)).toMatchObject({ outcome: 'applied', plan: 'B' });
    expect(Date.parse(run.at) - stoppageFrom).toBeLessThanOrEqual(30 * 60_000);
    expect(Date.parse(run.at)).toBeGreaterThanOrEqual(stoppageFrom);
    mutationId = Number(run.action_id!.split('#')[1]);
    const m = db().prepare("SELECT status, actor, images, queued FROM mutations WHERE client_id = 'auto' AND mutation_id = ?").get(mutationId) as { status: string; actor: string; images: string; queued: string };
    expect(m).toMatchObject({ status: 'applied', actor: 'auto' });
    images = JSON.parse(m.images) as Image[];
    queued = JSON.parse(m.queued ?? '[]') as string[];
    const audit = db().prepare("SELECT actor, role, type, outcome FROM audit WHERE client_id = 'auto' AND mutation_id = ?").all(mutationId);
    expect(audit).toEqual([{ actor: 'auto', role: 'supervisor', type: 'batch', outcome: 'applied' }]);
  }, 150_000);

  it('every affected booked installation is past the carrier new arrival, none in the past, no crew-day over capacity', () => {
    const carrierRow = db().prepare('SELECT lanes, stoppages FROM carriers WHERE stoppages LIKE ?').get('%寒潮%') as { lanes: string; stoppages: string };
    const carrier: Pick<CarrierData, 'lanes' | 'stoppages'> = { lanes: JSON.parse(carrierRow.lanes), stoppages: JSON.parse(carrierRow.stoppages) };
    const runAt = Date.parse(run.at);
    const affected = db()
      .prepare(
        `SELECT j.id AS jobId, j.date, j.window, o.district, o.city, o.province, o.stage_entered_at AS shippedAt
           FROM orders o JOIN jobs j ON j.order_id = o.id
          WHERE o.carrier = ? AND o.stage = 9 AND o.causes LIKE '%"logistics"%' AND j.status = 'booked' AND j.deleted = 0`,
      )
      .all(CARRIER) as Array<{ jobId: string; date: string; window: string | null; district: string; city: string; province: string; shippedAt: string }>;
    expect(affected.length).toBeGreaterThan(20);
    const movedIds = new Set(images.filter((i) => i.entity === 'job').map((i) => i.id));
    expect(movedIds.size).toBeGreaterThan(0);
    for (const a of affected) {
      const arrival = expectedArrival(carrier, a, Date.parse(a.shippedAt), runAt);
      expect(arrival, a.jobId).not.toBeNull();
      expect(a.date > arrival!, `${a.jobId} on ${a.date}, arrival ${arrival}`).toBe(true);
    }
    // nothing placed before the server's now + lead time at the moment it acted
    const lead = runAt + POLICY.leadTimeHours * 3_600_000;
    for (const img of images.filter((i) => i.entity === 'job')) {
      const date = String(img.after.date);
      const start = startOfShanghaiDay(date) + windowStartMinutes(img.after.window as string | null) * 60_000;
      expect(start, `${img.id} at ${date} ${String(img.after.window)}`).toBeGreaterThanOrEqual(lead);
    }
    expect(hardViolations(db(), [...movedIds])).toEqual([]);
  });

  it('each customer has a text naming the new date and the compensation, and each crew is told', () => {
    const rows = queued.map((id) => db().prepare('SELECT id, order_id AS orderId, template, params, recipient, status FROM notifications WHERE id = ?').get(id) as { id: string; orderId: string; template: string; params: string | null; recipient: string; status: string });
    const jobImages = images.filter((i) => i.entity === 'job' && i.before.date !== i.after.date);
    for (const img of jobImages) {
      const { orderId } = db().prepare('SELECT order_id AS orderId FROM jobs WHERE id = ?').get(img.id) as { orderId: string };
      const order = db().prepare('SELECT order_no AS orderNo, customer_name AS customerName, promised_date AS promisedDate, booked_slot AS bookedSlot FROM orders WHERE id = ?').get(orderId) as { orderNo: string; customerName: string; promisedDate: string; bookedSlot: string | null };
      const text = rows.find((r) => r.orderId === orderId && r.recipient === 'customer');
      expect(text, `customer text for ${orderId}`).toBeDefined();
      const newDate = String(img.after.date);
      const daysLate = Math.max(0, Math.round((startOfShanghaiDay(newDate) - startOfShanghaiDay(order.promisedDate)) / 86_400_000));
      const amount = compensationFor(daysLate, POLICY.compensation);
      const params = text!.params ? (JSON.parse(text!.params) as Record<string, unknown>) : {};
      const rendered = smsText({ id: text!.id, orderId, template: text!.template, params, order: { ...order, customerPhone: '', crewName: null } });
      expect(rendered, rendered).toContain(newDate);
      if (amount > 0) {
        expect(text!.template).toBe('install_rescheduled');
        expect(rendered).toContain(`¥${amount}`);
      }
      const crewText = rows.find((r) => r.recipient === `crew:${String(img.after.crewId)}` && r.template.startsWith('crew_job_'));
      expect(crewText, `crew text for ${String(img.after.crewId)}`).toBeDefined();
    }
  });

  it('a supervisor opening a desk the next morning sees it in the audit trail and undoes it with one command', async () => {
    const morning = await supervisorDesk('desk-morning');
    const r = await morning.send('undo', { clientId: 'auto', mutationId });
    expect(r).toMatchObject({ ok: true, status: 'applied' });
    for (const img of images.filter((i) => i.entity === 'job')) {
      const row = db().prepare('SELECT crew_id AS crewId, date FROM jobs WHERE id = ?').get(img.id) as { crewId: string | null; date: string | null };
      expect(row).toEqual({ crewId: img.before.crewId ?? null, date: img.before.date ?? null });
    }
    const unsent = db().prepare(`SELECT COUNT(*) AS n FROM notifications WHERE id IN (${queued.map(() => '?').join(',')}) AND status = 'queued'`).get(...queued) as { n: number };
    expect(unsent.n).toBe(0);
    expect(shanghaiDate(server.clock.now()) >= shanghaiDate(Date.parse(run.at))).toBe(true);
  }, 60_000);
});

function windowStartMinutes(window: string | null): number {
  const m = /^(\d{2}):(\d{2})/.exec(window ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : 9 * 60;
}
