/**
 * The self-service page's pure rules (issue 18): sliding-window limits, planned and expected dates
 * from the stage budgets, who to call, and the page's Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { projectedFinish } from '@shared/rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { shanghaiDate } from '@shared/time';
import { TrackOrderDetail } from '@shared/track';
import { windowVerdict } from '@server/track/limits';
import { contactFor, responsibleRole, SERVICE_LINES } from '@server/track/service-lines';
import { contentSecurityPolicy } from '@server/track/static';
import { expectedCompletion, orderDetail, orderSummary, plannedTimes, type TrackOrderInput } from '@server/track/views';

const NOW = Date.parse('2026-12-01T10:00:00+08:00');
const order: TrackOrderInput = {
  orderNo: 'T-1', productType: 'wardrobe', customerName: '王芳', district: '徐汇区', stage: 4,
  stageEnteredAt: '2026-11-30T09:00:00+08:00', signedAt: '2026-11-25T10:00:00+08:00', carrier: null, waybill: null, bookedSlot: null,
};
const ctx = { budgets: DEFAULT_BUDGETS, now: NOW };

describe('windowVerdict', () => {
  const limits = [{ windowMs: 60_000, max: 1 }, { windowMs: 3_600_000, max: 5 }];
  it('lets the first through and says how long the next waits in each window', () => {
    expect(windowVerdict([], limits, NOW)).toEqual({ ok: true });
    expect(windowVerdict([NOW - 20_000], limits, NOW)).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(windowVerdict([NOW - 60_000], limits, NOW)).toEqual({ ok: true });
    const five = [1, 2, 3, 4, 5].map((m) => NOW - m * 600_000);
    expect(windowVerdict(five, limits, NOW)).toEqual({ ok: false, retryAfterSeconds: 600 });
    expect(windowVerdict(five.slice(1), limits, NOW)).toEqual({ ok: true });
  });
});

describe('planned and expected dates', () => {
  it('keeps the plan from signing for stages reached and projects the rest, ending at projectedFinish', () => {
    const planned = plannedTimes(order, DEFAULT_BUDGETS, NOW);
    expect(planned.get(1)).toBe(Date.parse(order.signedAt));
    expect(planned.get(2)).toBe(Date.parse(order.signedAt)); // stage 1 has no dwell budget
    expect(planned.get(3)).toBe(Date.parse(order.signedAt) + 72 * 3_600_000);
    // stage 4 (48 h) entered 2026-11-30 09:00: stage 5 from 2026-12-02 09:00
    expect(planned.get(5)).toBe(Date.parse('2026-12-02T09:00:00+08:00'));
    expect(planned.get(12)).toBe(projectedFinish({ ...order, promisedDate: '' }, DEFAULT_BUDGETS, NOW));
  });

  it('takes the booked installation over the projection, and the acceptance day once finished', () => {
    expect(expectedCompletion(order, null, ctx)).toBe(shanghaiDate(projectedFinish({ ...order, promisedDate: '' }, DEFAULT_BUDGETS, NOW)));
    expect(expectedCompletion(order, { date: '2026-12-20', window: '09:00-12:00', status: 'booked' }, ctx)).toBe('2026-12-20');
    expect(expectedCompletion(order, { date: '2026-12-20', window: null, status: 'cancelled' }, ctx)).not.toBe('2026-12-20');
    expect(expectedCompletion({ ...order, stage: 12, stageEnteredAt: '2026-11-28T15:00:00+08:00' }, null, ctx)).toBe('2026-11-28');
  });

  it('masks the name and reports progress over the stages', () => {
    expect(orderSummary(order, null, ctx)).toMatchObject({ customerName: '王*', stage: 4, stageName: '开料', progress: 3 / 11 });
  });

  it('builds a detail the contract accepts, with the stage events as actual dates', () => {
    const d = orderDetail(
      { order, stageEvents: [{ stage: 2, at: '2026-11-27T10:00:00+08:00' }, { stage: 3, at: '2026-11-28T10:00:00+08:00' }], job: null, trackingUrl: null, contact: contactFor(SERVICE_LINES, 4), openRequest: null },
      ctx,
    );
    TrackOrderDetail.parse(d);
    expect(d.stages.map((s) => s.actual)).toEqual(['2026-11-25T10:00:00+08:00', '2026-11-27T10:00:00+08:00', '2026-11-28T10:00:00+08:00', '2026-11-30T09:00:00+08:00', ...Array(8).fill(null)]);
    expect(d.stages.map((s) => s.state).slice(2, 5)).toEqual(['done', 'current', 'next']);
    expect(d.tracking).toBeNull();
    expect(d.canRequestDate).toBe(true);
  });
});

describe('who to call', () => {
  it('is the role that moves the order on, after-sales once finished, always a company line', () => {
    expect(responsibleRole(1)).toBe('designer');
    expect(responsibleRole(8)).toBe('carrier');
    expect(responsibleRole(11)).toBe('installer');
    expect(responsibleRole(12)).toBe('after_sales');
    for (let s = 1; s <= 12; s++) expect(contactFor(SERVICE_LINES, s).phone).toMatch(/^400-/);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows inline blocks only by their hash, and no script from elsewhere', () => {
    const csp = contentSecurityPolicy('<style>a{}</style><script src="/track/assets/x-12345678.js"></script><script>go()</script>');
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src 'self' ${sha('go()')};`);
    expect(csp).toContain(`style-src 'self' ${sha('a{}')};`);
    expect(csp).not.toContain('unsafe-inline');
  });
});
