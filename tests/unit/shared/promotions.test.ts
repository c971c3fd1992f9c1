/** The one discount rule (issue 20, src/shared/promotions.ts): each kind of rule, and the choice of version. */
import { describe, expect, it } from 'vitest';
import { checkDiscount, expectedDiscount, latestVersions, promotionOn, templateInForce, templatesRunning, type PromotionTemplate } from '@shared/promotions';

const tmpl = (over: Partial<PromotionTemplate> = {}): PromotionTemplate => ({
  id: 't', channel: 'douyin', name: 'n', validFrom: '2025-10-01T00:00:00+08:00', validTo: '2025-11-11T23:59:59+08:00', version: 1,
  effectiveFrom: '2025-10-01T00:00:00+08:00', updatedBy: 'seed', updatedAt: '2025-10-01T00:00:00+08:00',
  rules: { thresholds: [{ min: 5000, off: 800 }, { min: 10000, off: 1800 }], perEvery: null, cap: null, storeCouponStacks: false, crossStore: false },
  ...over,
});
const order = (over: Record<string, unknown> = {}) => ({ id: 'o1', channel: 'douyin' as const, amount: 12000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 't', discountAmount: 1800, ...over });

describe('promotionOn', () => {
  it('takes the highest threshold met, adds per-every tiers, caps, never more than the base', () => {
    const r = tmpl().rules;
    expect([4999, 5000, 9999, 10000].map((b) => promotionOn(b, r))).toEqual([0, 800, 800, 1800]);
    const per = { ...r, thresholds: [], perEvery: { step: 1000, off: 100 }, cap: 2000 };
    expect([999, 1000, 15999, 25000, 40000].map((b) => promotionOn(b, per))).toEqual([0, 100, 1500, 2000, 2000]);
    expect(promotionOn(100, { ...r, thresholds: [{ min: 50, off: 500 }] })).toBe(100);
  });
});

describe('expectedDiscount / checkDiscount', () => {
  it('flags a difference over ¥5 either way, not at ¥5', () => {
    expect(checkDiscount(order({ discountAmount: 1805 }), tmpl())).toMatchObject({ expected: 1800, difference: 5, flagged: false });
    expect(checkDiscount(order({ discountAmount: 1794.99 }), tmpl())).toMatchObject({ difference: -5.01, flagged: true });
  });
  it('honours a store coupon only where it stacks; without a template only the coupon is allowed', () => {
    expect(expectedDiscount(order({ couponAmount: 300 }), tmpl())).toBe(1800);
    expect(expectedDiscount(order({ couponAmount: 300 }), tmpl({ rules: { ...tmpl().rules, storeCouponStacks: true } }))).toBe(2100);
    expect(checkDiscount(order({ discountTemplate: null, couponAmount: 200, discountAmount: 200 }), null)).toMatchObject({ expected: 200, flagged: false, note: 'no_template' });
  });
  it('gives nothing for an unknown template, another channel, or a signing outside the campaign', () => {
    expect(checkDiscount(order(), null).note).toBe('unknown_template');
    expect(checkDiscount(order({ channel: 'jd' }), tmpl()).note).toBe('wrong_channel');
    expect(checkDiscount(order({ signedAt: '2025-11-12T00:00:00+08:00' }), tmpl()).note).toBe('outside_campaign');
    expect(checkDiscount(order({ signedAt: '2025-11-12T00:00:00+08:00' }), tmpl({ validTo: null })).note).toBe(null);
  });
  it('splits a cross-store basket discount by amount, the shares adding up to the fen', () => {
    const t = tmpl({ channel: 'tmall', rules: { thresholds: [], perEvery: { step: 300, off: 50 }, cap: null, storeCouponStacks: true, crossStore: true } });
    const lines = [{ id: 'a', amount: 3333.33 }, { id: 'b', amount: 3333.33 }, { id: 'c', amount: 3333.34 }];
    const basket = { basketId: 'B', orders: lines };
    const shares = lines.map((l) => expectedDiscount({ ...l, channel: 'tmall', signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 't', basketId: 'B' }, t, basket));
    expect(Math.round(shares.reduce((s, x) => s + x, 0) * 100) / 100).toBe(1650);
    // without the basket each order counts alone: 11 × ¥50
    expect(expectedDiscount({ ...lines[0]!, channel: 'tmall', signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 't' }, t)).toBe(550);
  });
});

describe('versions', () => {
  const v1 = tmpl({ validTo: null });
  const v2 = tmpl({ version: 2, validTo: null, effectiveFrom: '2025-11-01T00:00:00+08:00' });
  it('picks the version in force at signing (the first one before any took effect)', () => {
    expect(templateInForce([v2, v1], 't', '2025-10-31T23:59:00+08:00')?.version).toBe(1);
    expect(templateInForce([v2, v1], 't', '2025-10-31T16:00:00Z')?.version).toBe(2);
    expect(templateInForce([v2, v1], 't', '2024-01-01T00:00:00+08:00')?.version).toBe(1);
    expect(templateInForce([v1], 'x', '2025-10-31T00:00:00+08:00')).toBe(null);
    expect(latestVersions([v1, v2]).map((v) => v.version)).toEqual([2]);
    expect(templatesRunning([v1, v2], 'douyin', '2025-11-02T00:00:00+08:00').map((v) => v.version)).toEqual([2]);
    expect(templatesRunning([v1, v2], 'jd', '2025-11-02T00:00:00+08:00')).toEqual([]);
  });
});
