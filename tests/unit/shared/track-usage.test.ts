import { describe, expect, it } from 'vitest';
import { selfServiceUsage, shanghaiWeekOf, type UsageOpen, type UsageOrder } from '@shared/track-usage';

const at = (iso: string) => Date.parse(iso);
// Wednesday 2026-12-09 15:00 Shanghai: the week is Mon 2026-12-07 00:00 .. Mon 2026-12-14 00:00
const NOW = at('2026-12-09T15:00:00+08:00');
const order = (phone: string | null, stage: number, finishedAt: string | null = null, createdAt: string | null = null): UsageOrder => ({
  phone,
  stage,
  finishedAt: finishedAt ? at(finishedAt) : null,
  createdAt: createdAt ? at(createdAt) : null,
});
const open = (phone: string | null, when: string, kind = 'orders', outcome = 'ok'): UsageOpen => ({ phone, at: at(when), kind, outcome });

describe('shanghaiWeekOf', () => {
  it('runs from Monday 00:00 to the next Monday in Shanghai, whatever the UTC date', () => {
    const w = shanghaiWeekOf(NOW);
    expect(w.start).toBe(at('2026-12-07T00:00:00+08:00'));
    expect(w.end).toBe(at('2026-12-14T00:00:00+08:00'));
    // Monday 00:30 Shanghai is still Sunday in UTC: it belongs to the new week
    expect(shanghaiWeekOf(at('2026-12-07T00:30:00+08:00')).start).toBe(at('2026-12-07T00:00:00+08:00'));
    // Sunday 23:59 Shanghai belongs to the week before the next Monday
    expect(shanghaiWeekOf(at('2026-12-13T23:59:00+08:00')).start).toBe(at('2026-12-07T00:00:00+08:00'));
    expect(shanghaiWeekOf(at('2026-12-06T23:59:59+08:00')).start).toBe(at('2026-11-30T00:00:00+08:00'));
  });
});

describe('selfServiceUsage', () => {
  it('is distinct phones with an order in progress that opened the page this week ÷ those customers', () => {
    const orders = [
      order('139****0001', 5),
      order('139****0001', 9), // the same customer twice: one customer
      order('139****0002', 11),
      order('139****0003', 3),
      order('139****0004', 7),
    ];
    const opens = [
      open('139****0001', '2026-12-08T10:00:00+08:00'),
      open('139****0001', '2026-12-09T10:00:00+08:00', 'order'), // twice: one
      open('139****0002', '2026-12-07T09:00:00+08:00', 'session'),
    ];
    const u = selfServiceUsage(orders, opens, NOW);
    expect(u).toMatchObject({ customers: 4, opened: 2, share: 0.5, weekStart: '2026-12-07T00:00:00+08:00', weekEnd: '2026-12-14T00:00:00+08:00', asOf: '2026-12-09T15:00:00+08:00' });
  });

  it('counts only answered page opens in this week before asOf, of customers with orders in progress', () => {
    const orders = [order('139****0001', 5), order('139****0002', 5), order('139****0003', 5), order('139****0004', 5), order('139****0005', 5)];
    const opens = [
      open('139****0001', '2026-12-06T23:59:00+08:00'), // last week
      open('139****0002', '2026-12-09T16:00:00+08:00'), // after asOf
      open('139****0003', '2026-12-08T10:00:00+08:00', 'code', 'sent'), // asked for a code, never got in
      open('139****0004', '2026-12-08T10:00:00+08:00', 'session', 'wrong_code'),
      open('139****0099', '2026-12-08T10:00:00+08:00'), // no order in progress: not in the ratio
      open(null, '2026-12-08T10:00:00+08:00'),
      open('139****0005', '2026-12-08T10:00:00+08:00', 'request'),
    ];
    expect(selfServiceUsage(orders, opens, NOW)).toMatchObject({ customers: 5, opened: 1, share: 0.2 });
  });

  it('keeps an order finished this week, drops one finished before it and one that came in after asOf', () => {
    const orders = [
      order('139****0001', 12, '2026-12-08T12:00:00+08:00'), // accepted Tuesday: in progress this week
      order('139****0002', 12, '2026-12-05T12:00:00+08:00'), // accepted last Saturday
      order('139****0003', 12), // finished, time unknown: not counted
      order('139****0004', 2, null, '2026-12-09T18:00:00+08:00'), // not yet in at asOf
      order(null, 4),
    ];
    const opens = [open('139****0001', '2026-12-07T08:00:00+08:00'), open('139****0002', '2026-12-08T08:00:00+08:00')];
    expect(selfServiceUsage(orders, opens, NOW)).toMatchObject({ customers: 1, opened: 1, share: 1 });
  });

  it('has no share without customers', () => {
    expect(selfServiceUsage([], [open('139****0001', '2026-12-08T08:00:00+08:00')], NOW)).toMatchObject({ customers: 0, opened: 0, share: null });
  });
});
