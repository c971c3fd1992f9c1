import { describe, expect, it } from 'vitest';
import { groupOverdue, UNTAGGED } from '@renderer/war-room/causeGroups';
import { order } from './fixtures';

describe('groupOverdue', () => {
  it('counts orders per cause and district, largest first', () => {
    const groups = groupOverdue([
      order('1', { causes: ['machine_fault'], district: '吴中区', city: '苏州市' }),
      order('2', { causes: ['machine_fault'], district: '吴中区', city: '苏州市', hoursLate: 30 }),
      order('3', { causes: ['installer_shortage'], district: '浦东新区' }),
    ]);
    expect(groups.map((g) => [g.cause, g.district, g.count])).toEqual([
      ['machine_fault', '吴中区', 2],
      ['installer_shortage', '浦东新区', 1],
    ]);
    expect(groups[0]?.maxHoursLate).toBe(30);
    expect(groups[0]?.orderIds).toEqual(['1', '2']);
  });

  it('counts an order under each of its causes, once per cause', () => {
    const groups = groupOverdue([order('1', { causes: ['logistics', 'site_problem', 'logistics'] })]);
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      ['logistics', 1],
      ['site_problem', 1],
    ]);
  });

  it('puts untagged orders in their own group', () => {
    const [g] = groupOverdue([order('1', { causes: [] })]);
    expect(g?.cause).toBe(UNTAGGED);
  });

  it('keeps districts of the same name in different cities apart', () => {
    const groups = groupOverdue([order('1', { district: '鼓楼区', city: '南京市' }), order('2', { district: '鼓楼区', city: '徐州市' })]);
    expect(groups).toHaveLength(2);
  });

  it('returns the top N only', () => {
    const orders = Array.from({ length: 30 }, (_, i) => order(String(i), { district: `D${i}` }));
    expect(groupOverdue(orders, 10)).toHaveLength(10);
    expect(groupOverdue([], 10)).toEqual([]);
  });
});
