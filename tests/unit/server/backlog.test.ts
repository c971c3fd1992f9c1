import { describe, expect, it } from 'vitest';
import { CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { assessLateness } from '@shared/rules';
import { CAUSES, CHANNELS } from '@shared/vocab';
import { crewData, eventData, jobData, notificationData, orderData } from '@server/db/wire';
import { isOnLeave as isUnavailableOn } from '@shared/crew-rules';
import { generateBacklog } from '@server/simulator/backlog';
import { DISTRICTS } from '@server/simulator/geo';

const START = Date.parse('2025-11-11T20:00:00+08:00');
const stamp = <T extends object>(r: T) => ({ ...r, version: 1, deleted: false });

describe('generateBacklog', () => {
  const a = generateBacklog(42, START);

  it('is deterministic per seed', () => {
    expect(generateBacklog(42, START)).toEqual(a);
    expect(generateBacklog(43, START).orders[0]).not.toEqual(a.orders[0]);
  });

  it('converts to wire data that parses with the shared schemas', () => {
    for (const r of a.orders) OrderData.parse(orderData(stamp(r)));
    for (const r of a.crews) CrewData.parse(crewData(stamp(r)));
    for (const r of a.jobs) JobData.parse(jobData(stamp(r)));
    for (const r of a.events) EventData.parse(eventData(stamp(r)));
    for (const r of a.notifications) NotificationData.parse(notificationData(stamp(r)));
    const ids = [...a.orders, ...a.crews, ...a.jobs, ...a.events, ...a.notifications].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[\x21-\x7e]+$/.test(id))).toBe(true);
  });

  it('spreads ~1,500 orders over all 12 stages and the whole region', () => {
    expect(a.orders).toHaveLength(1500);
    const perStage = new Map<number, number>();
    for (const o of a.orders) perStage.set(o.stage, (perStage.get(o.stage) ?? 0) + 1);
    for (let s = 1; s <= 12; s++) expect(perStage.get(s) ?? 0).toBeGreaterThan(20);
    const known = new Set(DISTRICTS.map((d) => `${d.province}/${d.city}/${d.name}`));
    for (const o of a.orders) {
      expect(known.has(`${o.province}/${o.city}/${o.district}`)).toBe(true);
      expect(CHANNELS).toContain(o.channel);
      expect(o.customerPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(Date.parse(o.stageEnteredAt)).toBeLessThanOrEqual(START);
      expect(Date.parse(o.signedAt)).toBeLessThanOrEqual(Date.parse(o.stageEnteredAt));
      for (const c of o.causes) expect(CAUSES).toContain(c);
      if (o.stage >= 2) expect(o.designer).toBeTruthy();
      if (o.stage >= 9) expect(o.waybill).toBeTruthy();
    }
    expect(new Set(a.orders.map((o) => o.city)).size).toBe(11);
    expect(new Set(a.orders.filter((o) => o.city === '上海市').map((o) => o.district)).size).toBe(16);
  });

  it('has 8-15 % overdue orders, with real incidents clustered', () => {
    const overdue = a.orders.filter((o) => assessLateness(o, DEFAULT_BUDGETS, START).status === 'overdue');
    const share = overdue.length / a.orders.length;
    expect(share).toBeGreaterThanOrEqual(0.08);
    expect(share).toBeLessThanOrEqual(0.15);
    const machine = overdue.filter((o) => o.stage === 5 && o.causes.includes('machine_fault') && o.line === '封边2线');
    expect(machine.length).toBeGreaterThan(30);
    const atRisk = a.orders.filter((o) => assessLateness(o, DEFAULT_BUDGETS, START).status === 'at_risk');
    expect(atRisk.length).toBeGreaterThan(15);
    const pudong = overdue.filter((o) => o.district === '浦东新区' && o.stage === 10 && o.causes.includes('installer_shortage'));
    expect(pudong.length).toBeGreaterThan(10);
  });

  it('has ~40 crews with neighbours, skills, capacity and some on leave', () => {
    expect(a.crews).toHaveLength(40);
    for (const c of a.crews) {
      expect(c.districts[0]).toBe(c.district);
      expect(c.districts.length).toBeGreaterThanOrEqual(3);
      expect(c.capacityPerDay).toBeGreaterThanOrEqual(3);
      expect(c.capacityPerDay).toBeLessThanOrEqual(6);
      expect(c.skills.length).toBeGreaterThanOrEqual(2);
    }
    const today = '2025-11-11';
    const onLeave = a.crews.filter((c) => isUnavailableOn(c, today));
    expect(onLeave.map((c) => c.district)).toEqual(['浦东新区', '浦东新区']);
    // every district is served for every product type
    for (const d of DISTRICTS) {
      const skills = new Set(a.crews.filter((c) => c.districts.includes(d.name)).flatMap((c) => c.skills));
      for (const p of ['wardrobe', 'kitchen', 'bookcase', 'shoe_cabinet', 'tatami']) expect(skills.has(p), `${d.name} ${p}`).toBe(true);
    }
  });

  it('has installation jobs for orders at stage 9 and later (the stage-9 hand-off), within crew capacity', () => {
    const shipped = a.orders.filter((o) => o.stage >= 9);
    expect(a.jobs.map((j) => j.orderId).sort()).toEqual(shipped.map((o) => o.id).sort());
    const tomorrow = '2025-11-12';
    for (const o of shipped) {
      const job = a.jobs.find((j) => j.orderId === o.id)!;
      // booked provisionally as it shipped, never on a day already gone; a missed hand-off left it unbooked
      if (o.stage <= 10 && o.causes.includes('missing_handoff')) expect(job.status).toBe('unbooked');
      else if (o.stage <= 10 && job.status === 'booked') expect(job.date! >= tomorrow).toBe(true);
    }
    const provisional = a.jobs.filter((j) => j.status === 'booked' && (a.orders.find((o) => o.id === j.orderId)?.stage ?? 0) <= 10);
    expect(provisional.length).toBeGreaterThan(shipped.filter((o) => o.stage <= 10).length * 0.8);
    // the cold snap's shipments are booked: the installations a logistics plan B moves
    const cold = a.orders.filter((o) => o.stage === 9 && o.causes.includes('logistics') && o.carrier === '安能物流');
    expect(cold.length).toBeGreaterThan(15);
    for (const o of cold) expect(a.jobs.find((j) => j.orderId === o.id)?.status).toBe('booked');
    // a shipment not yet collected: the carrier is booked at 8, the waybill comes at 9
    for (const o of a.orders.filter((x) => x.stage === 8)) expect([o.carrier !== null, o.waybill]).toEqual([true, null]);
    // each production stage on a line of its kind
    const kind: Record<number, string> = { 4: '开料', 5: '封边', 6: '钻孔', 7: '包装' };
    for (const o of a.orders.filter((x) => x.stage >= 4 && x.stage <= 7)) expect(o.line?.slice(0, 2)).toBe(kind[o.stage]);
    // the tracking text names carrier, waybill and link
    const text = a.notifications.find((n) => n.template === 'tracking_link');
    expect(text?.params).toMatchObject({ carrier: expect.any(String), waybill: expect.any(String), url: expect.stringContaining('https://') });
    const byOrder = new Map(a.orders.map((o) => [o.id, o]));
    const load = new Map<string, number>();
    for (const j of a.jobs) {
      const o = byOrder.get(j.orderId);
      if ((o?.stage ?? 0) >= 11) expect(j.status).toBe(o?.stage === 11 ? 'booked' : 'done');
      if (j.status !== 'unbooked') {
        expect(j.crewId).toBe(o?.crewId);
        const crew = a.crews.find((c) => c.id === j.crewId);
        expect(crew?.districts).toContain(o?.district);
        expect(crew?.skills).toContain(j.skill);
      }
      if (j.status === 'booked') load.set(`${j.crewId}|${j.date}`, (load.get(`${j.crewId}|${j.date}`) ?? 0) + 1);
    }
    for (const [key, n] of load) {
      const crew = a.crews.find((c) => c.id === key.split('|')[0]);
      expect(n).toBeLessThanOrEqual(crew?.capacityPerDay ?? 0);
    }
  });
});
