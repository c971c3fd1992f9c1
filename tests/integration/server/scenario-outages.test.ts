/**
 * Scenario outages are reported through the floor API first (issue 14): a carrier_stopped event
 * posts the carrier's stoppage over the event's window, a workstation_down the line's down time,
 * both by the simulator's token and audited; then the hit orders (a stopped carrier's at stage 8
 * AND 9) are tagged. The live warehouse books the carrier at 8 and the waybill at 9.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import { shanghaiIso } from '@shared/time';
import { audit, carriers, events, lines, orders } from '@server/db/schema';
import { backlogMark } from '@server/simulator/seed-db';
import type { Scenario } from '@server/simulator/scenario';
import { withServer } from '../../support/harness';

const HOUR = 3_600_000;

describe('scenario outages', () => {
  it('report the stoppage and the line down through the floor API, then tag stage 8 and 9 shipments', async () => {
    const scenario: Scenario = {
      name: 'outages',
      events: [
        { kind: 'carrier_stopped', atHours: 0.2, hours: 48, carrier: '安能物流', regions: ['江苏省', '浙江省', '上海市'], reason: '寒潮停运' },
        { kind: 'workstation_down', atHours: 0.2, hours: 6, line: '封边2线', stage: 5, note: '封边2线 设备故障停机' },
      ],
    };
    const server = await withServer({ simulate: { seed: 12, speed: 3600, live: true, backlogOrders: 400, tickMs: 50, scenario } });
    const start = backlogMark(server.writer)!.start;
    const stoppages = () => server.db.select().from(carriers).where(eq(carriers.id, carrierRowId('安能物流'))).get()?.stoppages ?? [];
    const downs = () => server.db.select().from(lines).where(eq(lines.id, lineRowId('苏州一厂/封边2线'))).get()?.down ?? [];
    const tagged = () => server.db.select().from(events).where(and(eq(events.kind, 'cause'), eq(events.actor, 'simulator'), eq(events.cause, 'logistics'))).all();
    const deadline = Date.now() + 20_000;
    while ((stoppages().length === 0 || downs().length === 0 || tagged().length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(stoppages()).toEqual([{ regions: ['江苏省', '浙江省', '上海市'], from: shanghaiIso(start + 0.2 * HOUR), to: shanghaiIso(start + 48.2 * HOUR), reason: '寒潮停运' }]);
    expect(downs()).toEqual([{ from: shanghaiIso(start + 0.2 * HOUR), to: shanghaiIso(start + 6.2 * HOUR), reason: '封边2线 设备故障停机' }]);
    const reports = server.db.select().from(audit).all().filter((a) => a.type === 'carrier.stoppage' || a.type === 'line.down');
    expect(reports.map((a) => [a.type, a.actor]).sort()).toEqual([['carrier.stoppage', 'simulator'], ['line.down', 'simulator']]);
    // the stoppage is reported before any order is tagged
    const stopVersion = reports.find((a) => a.type === 'carrier.stoppage')!.version!;
    expect(Math.min(...tagged().map((e) => e.version))).toBeGreaterThanOrEqual(stopVersion);
    // shipments booked with the carrier but not yet collected (8) are hit as well as shipped ones (9)
    const hitStages = new Set(tagged().map((e) => e.stage));
    expect(hitStages.has(8) && hitStages.has(9)).toBe(true);
    // stage 8 orders have their carrier and no waybill yet; stage 9 both
    const at8 = server.db.select().from(orders).where(eq(orders.stage, 8)).all();
    expect(at8.length).toBeGreaterThan(0);
    for (const o of at8) expect([o.carrier !== null, o.waybill]).toEqual([true, null]);
    for (const o of server.db.select().from(orders).where(eq(orders.stage, 9)).all()) expect(o.carrier !== null && o.waybill !== null).toBe(true);
    expect(server.simulator?.errors).toBe(0);
  });
});
