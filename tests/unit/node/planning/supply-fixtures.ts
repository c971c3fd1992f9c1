/**
 * A hand-made cold snap for the logistics plans (issue 14): 安能物流 stopped into 上海市 until day 4
 * noon; three shipments not yet collected, one collected with a booked installation, one in a city
 * no other carrier serves; 德邦物流 has one place left tomorrow; 顺丰快运 sells express. 21:06.
 */
import { DEFAULT_POLICY } from '@main/plans/policy';
import { addDays } from '@shared/time';
import type { PlanCarrier, PlanningProblem, PlanShipment } from '@node/planning/problem';
import { crew, job, LATE_EVENING, TODAY } from './fixtures';

const day = (n: number) => addDays(TODAY, n);

export function carrier(name: string, over: Partial<PlanCarrier>): PlanCarrier {
  return { id: name, name, express: false, trackingUrl: 'https://t.example/{waybill}', lanes: [], stoppages: [], version: 4, ...over };
}

export function shipment(i: number, over: Partial<PlanShipment> = {}): PlanShipment {
  return {
    orderId: `o-${i}`, orderNo: `NO${i}`, district: '浦东新区', city: '上海市', province: '上海市', lat: 31.2, lng: 121.5, promisedDate: day(3),
    carrier: '安能物流', waybill: null, stage: 8, collected: false, shippedAt: null, version: 10 + i, notPlannable: null, ...over,
  };
}

export function coldSnap(): PlanningProblem {
  return {
    today: TODAY,
    nowMs: LATE_EVENING,
    policy: DEFAULT_POLICY,
    crews: [crew(0, { capacityPerDay: 3 })],
    jobs: [job(4, { orderId: 'o-4', crewId: 'crew-0', date: day(2), window: '09:00-12:00', promisedDate: day(3), earliestDate: day(7) })],
    otherLoad: new Map(),
    shipments: [
      shipment(1), shipment(2), shipment(3),
      shipment(4, { stage: 9, collected: true, shippedAt: `${day(-1)}T10:00:00+08:00`, waybill: 'AN123' }),
      shipment(5, { district: '余杭区', city: '杭州市', province: '浙江省' }),
    ],
    carriers: [
      carrier('安能物流', {
        lanes: [{ region: '浦东新区', transitDays: 2, dailyCapacity: 100, yuanPerShipment: 30 }, { region: '浙江省', transitDays: 2, dailyCapacity: 100, yuanPerShipment: 30 }],
        stoppages: [{ regions: ['上海市'], from: `${day(-1)}T00:00:00+08:00`, to: `${day(4)}T12:00:00+08:00`, reason: '寒潮' }],
      }),
      carrier('德邦物流', { lanes: [{ region: '上海市', transitDays: 1, dailyCapacity: 2, yuanPerShipment: 40 }] }),
      carrier('中通快运', { lanes: [{ region: '江苏省', transitDays: 1, dailyCapacity: 50, yuanPerShipment: 20 }] }),
      carrier('顺丰快运', { express: true, lanes: [{ region: '上海市', transitDays: 1, dailyCapacity: 10, yuanPerShipment: 120 }] }),
    ],
    // 德邦 already carries one shipment into 上海市 tomorrow: one place left that day
    carrierLoad: new Map([[`德邦物流|上海市|${day(1)}`, 1]]),
  };
}


/**
 * A missing hand-off at 21:06: o-7 and o-8 delivered with no job (to create), o-9 with an unbooked
 * job (to book), o-6 shipped with 安能物流 (no earlier than the day after its arrival), o-5 whose
 * skill no crew in its district has. crew-1 has one place a day, crew-2 two.
 */
export function missingHandoff(): PlanningProblem {
  const created = (i: number, over: Partial<PlanningProblem['jobs'][number]> = {}) =>
    job(i, { jobId: `new:o-${i}`, orderId: `o-${i}`, crewId: null, date: null, window: null, district: '浦东新区', skill: 'kitchen', promisedDate: day(2), version: 20 + i, create: true, ...over });
  return {
    today: TODAY,
    nowMs: LATE_EVENING,
    policy: DEFAULT_POLICY,
    crews: [
      crew(1, { district: '浦东新区', districts: ['浦东新区'], skills: ['kitchen'], capacityPerDay: 1 }),
      crew(2, { district: '闵行区', districts: ['浦东新区', '闵行区'], skills: ['kitchen'], capacityPerDay: 2, lat: 31.0, lng: 121.4 }),
    ],
    jobs: [
      created(5, { skill: 'wardrobe' }),
      created(6, { earliestDate: day(6) }),
      created(7),
      created(8),
      job(9, { orderId: 'o-9', crewId: null, date: null, window: '13:00-17:00', district: '浦东新区', skill: 'kitchen', promisedDate: day(2), version: 5 }),
    ],
    // crew-2 is full tomorrow
    otherLoad: new Map([[`crew-2|${day(1)}`, 2]]),
  };
}
