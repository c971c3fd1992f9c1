import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { ordersToFlag, type DeliveredOrder } from '@server/rules/handoff';

const NOW = Date.parse('2025-11-14T12:00:00+08:00');
const o = (id: string, hoursAgo: number, over: Partial<DeliveredOrder> = {}): DeliveredOrder => ({
  id,
  stage: 10,
  stageEnteredAt: new Date(NOW - hoursAgo * 3_600_000).toISOString(),
  causes: [],
  jobStatus: 'unbooked',
  ...over,
});

describe('ordersToFlag', () => {
  it('flags delivered orders not booked within the delivered budget, once', () => {
    const orders = [
      o('late', 49),
      o('fresh', 47),
      o('booked', 60, { jobStatus: 'booked' }),
      o('nojob', 50, { jobStatus: null }),
      o('flagged', 70, { causes: ['missing_handoff'] }),
      o('moved-on', 70, { stage: 11 }),
    ];
    expect(ordersToFlag(orders, DEFAULT_BUDGETS, NOW)).toEqual(['late', 'nojob']);
    expect(ordersToFlag(orders, { ...DEFAULT_BUDGETS, 10: 24 }, NOW)).toEqual(['fresh', 'late', 'nojob']);
  });
});
