/** The stage-9 hand-off's booking (issue 14): from the carrier's expected arrival, the first date a crew fits. */
import { describe, expect, it } from 'vitest';
import { provisionalBooking, provisionalNote, type CrewForBooking } from '@server/domain/booking';
import type { CarrierData } from '@shared/supply-rules';

const carrier: CarrierData = {
  name: '德邦物流',
  express: false,
  trackingUrl: 'https://t.example.com/{waybill}',
  lanes: [
    { region: '上海市', transitDays: 1, dailyCapacity: 100, yuanPerShipment: 90 },
    { region: '崇明区', transitDays: 3, dailyCapacity: 5, yuanPerShipment: 170 },
  ],
  stoppages: [],
};
const crew = (id: string, districts: string[], capacityPerDay = 2): CrewForBooking => ({ id, district: districts[0]!, districts, skills: ['wardrobe'], capacityPerDay, unavailable: [] });
const XUHUI = { district: '徐汇区', city: '上海市', province: '上海市' };
const CHONGMING = { district: '崇明区', city: '上海市', province: '上海市' };
const SHIPPED = Date.parse('2025-11-11T10:00:00+08:00');
const base = { shippedMs: SHIPPED, nowMs: SHIPPED, skill: 'wardrobe', days: 14 };

describe('provisionalBooking', () => {
  it('books the day after the lane’s transit, the district lane before the city’s', () => {
    const crews = [crew('c1', ['徐汇区', '崇明区'])];
    expect(provisionalBooking(crews, () => 0, { ...base, carrier, to: XUHUI })).toEqual({ booking: { crewId: 'c1', date: '2025-11-13' }, arrival: '2025-11-12' });
    expect(provisionalBooking(crews, () => 0, { ...base, carrier, to: CHONGMING })).toEqual({ booking: { crewId: 'c1', date: '2025-11-15' }, arrival: '2025-11-14' });
  });

  it('takes the first date a crew has room, and waits for a stoppage to end', () => {
    const full = (c: string, d: string) => (d === '2025-11-13' ? 2 : 0);
    expect(provisionalBooking([crew('c1', ['徐汇区'])], full, { ...base, carrier, to: XUHUI }).booking).toEqual({ crewId: 'c1', date: '2025-11-14' });
    const stopped = { ...carrier, stoppages: [{ regions: ['上海市'], from: '2025-11-11T00:00:00+08:00', to: '2025-11-16T00:00:00+08:00', reason: '寒潮' }] };
    expect(provisionalBooking([crew('c1', ['徐汇区'])], () => 0, { ...base, carrier: stopped, to: XUHUI })).toEqual({ booking: { crewId: 'c1', date: '2025-11-18' }, arrival: '2025-11-17' });
  });

  it('never books a day already gone when the shipment is recorded late', () => {
    const now = Date.parse('2025-11-20T21:00:00+08:00');
    expect(provisionalBooking([crew('c1', ['徐汇区'])], () => 0, { ...base, nowMs: now, carrier, to: XUHUI }).booking?.date).toBe('2025-11-21');
  });

  it('says why nothing was booked: unknown carrier, no lane, no crew', () => {
    const crews = [crew('c1', ['徐汇区'])];
    expect(provisionalBooking(crews, () => 0, { ...base, carrier: null, to: XUHUI })).toEqual({ booking: null, arrival: null, reason: 'unknown_carrier' });
    expect(provisionalBooking(crews, () => 0, { ...base, carrier, to: { district: '鼓楼区', city: '南京市', province: '江苏省' } })).toEqual({ booking: null, arrival: null, reason: 'no_lane' });
    const none = provisionalBooking(crews, () => 0, { ...base, carrier, to: CHONGMING });
    expect(none).toEqual({ booking: null, arrival: '2025-11-14', reason: 'no_crew' });
    expect(provisionalNote(none, '德邦物流', CHONGMING, null, 14)).toContain('14 天内没有合适的安装队');
    expect(provisionalNote({ booking: null, arrival: null, reason: 'unknown_carrier' }, '某某物流', XUHUI, null, 14)).toContain('某某物流 不在承运商资料中');
  });
});
