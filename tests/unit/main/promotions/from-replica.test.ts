// The reconciliation's rows from a real replica (SQLite file, rows applied as the sync applies them):
// an order the server reviewed shows the server's stored check; one from a server that has not
// reviewed it is checked on the desk with the shared rule against the synced template version in
// force when it was signed (a cross-store basket as a whole); days are Shanghai signing days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '@shared/entities';
import { checkDiscount, type PromotionTemplate } from '@shared/promotions';
import { openReplicaDb, type OpenReplica } from '@main/replica/open';
import { ReplicaStore } from '@main/replica/store';
import { readOrderPromotion, readReconOrders } from '@main/promotions/from-replica';

let version = 0;
const order = (id: string, patch: Record<string, unknown>): Change => ({
  entity: 'order',
  id,
  version: ++version,
  data: {
    orderNo: `DD-${id}`, channel: 'douyin', productType: 'wardrobe', stage: 2, stageEnteredAt: '2025-10-20T08:00:00+08:00', promisedDate: '2025-12-10',
    province: '上海市', city: '上海市', district: '浦东新区', lat: 31.22, lng: 121.54, causes: [], ...patch,
  },
});
const template = (t: Partial<PromotionTemplate> & Pick<PromotionTemplate, 'id' | 'channel' | 'version' | 'effectiveFrom' | 'rules'>): Change => ({
  entity: 'promotion_template',
  id: `${t.id}#${t.version}`,
  version: ++version,
  data: { name: t.id, validFrom: '2025-10-01T00:00:00+08:00', validTo: null, updatedBy: 'seed', updatedAt: '2025-10-01T00:00:00+08:00', ...t },
});
const noStack = { perEvery: null, cap: null, storeCouponStacks: false, crossStore: false };

let dir: string;
let replica: OpenReplica;
let store: ReplicaStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dd-recon-'));
  replica = openReplicaDb(join(dir, 'replica.sqlite'));
  store = new ReplicaStore(replica);
});
afterEach(() => {
  replica.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readReconOrders', () => {
  it('uses the server’s check when reviewed, the shared rule on the template in force when not', () => {
    const v1 = template({ id: 'dy', channel: 'douyin', version: 1, effectiveFrom: '2025-10-01T00:00:00+08:00', rules: { thresholds: [{ min: 5000, off: 800 }], ...noStack } });
    // version 2 takes effect on the 21st: 满5000减500
    const v2 = template({ id: 'dy', channel: 'douyin', version: 2, effectiveFrom: '2025-10-21T00:00:00+08:00', rules: { thresholds: [{ min: 5000, off: 500 }], ...noStack } });
    store.applyChanges(
      [
        v1,
        v2,
        order('a', { amount: 6000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 'dy', discountAmount: 800 }),
        order('b', { amount: 6000, signedAt: '2025-10-21T10:00:00+08:00', discountTemplate: 'dy', discountAmount: 800 }),
        // reviewed by the server: its stored numbers win (here they differ from the rule on purpose)
        order('c', { amount: 6000, signedAt: '2025-10-20T11:00:00+08:00', discountTemplate: 'dy', discountAmount: 900, reviewStatus: 'held', expectedDiscount: 700, discountDifference: 200 }),
        // 23:30 in Shanghai on the 20th is 15:30 UTC: still the 20th; 00:30 on the 22nd is the 21st in UTC: the 22nd here
        order('d', { amount: 100, signedAt: '2025-10-20T23:30:00+08:00', discountAmount: 0 }),
        order('e', { amount: 100, signedAt: '2025-10-22T00:30:00+08:00', discountAmount: 0 }),
      ],
      version,
    );
    const rows = readReconOrders(store.connection, '2025-10-20', '2025-10-21');
    const by = new Map(rows.map((r) => [r.orderId, r]));
    expect([...by.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(by.get('a')).toMatchObject({ day: '2025-10-20', expected: 800, actual: 800, difference: 0, flagged: false, checkedBy: 'desk', review: 'none' });
    expect(by.get('b')).toMatchObject({ day: '2025-10-21', expected: 500, difference: 300, flagged: true, checkedBy: 'desk' });
    expect(by.get('c')).toMatchObject({ expected: 700, actual: 900, difference: 200, flagged: true, checkedBy: 'server', review: 'held' });
    expect(by.get('d')!.day).toBe('2025-10-20');
    expect(readReconOrders(store.connection, '2025-10-22', '2025-10-22').map((r) => r.orderId)).toEqual(['e']);
    expect(readReconOrders(store.connection, '2025-10-20', '2025-10-21', 'jd')).toEqual([]);
  });

  it('checks a cross-store basket as a whole, the same as the shared rule', () => {
    const rules = { thresholds: [], perEvery: { step: 300, off: 50 }, cap: null, storeCouponStacks: true, crossStore: true };
    const tm = template({ id: 'tm', channel: 'tmall', version: 1, effectiveFrom: '2025-10-01T00:00:00+08:00', rules });
    const at = '2025-10-20T20:00:00+08:00';
    store.applyChanges(
      [
        tm,
        order('x', { channel: 'tmall', amount: 200, signedAt: at, discountTemplate: 'tm', discountAmount: 40, basketId: 'B1' }),
        order('y', { channel: 'tmall', amount: 400, signedAt: at, discountTemplate: 'tm', discountAmount: 60, basketId: 'B1' }),
      ],
      version,
    );
    const rows = readReconOrders(store.connection, '2025-10-20', '2025-10-20');
    const basket = { basketId: 'B1', orders: [{ id: 'x', amount: 200 }, { id: 'y', amount: 400 }] };
    const t = { id: 'tm', channel: 'tmall' as const, name: 'tm', validFrom: '2025-10-01T00:00:00+08:00', validTo: null, version: 1, effectiveFrom: '2025-10-01T00:00:00+08:00', rules, updatedBy: 'seed', updatedAt: '2025-10-01T00:00:00+08:00' };
    for (const r of rows) {
      const want = checkDiscount({ id: r.orderId, channel: 'tmall', amount: r.amount, signedAt: at, discountTemplate: 'tm', discountAmount: r.actual, basketId: 'B1' }, t, basket);
      expect([r.expected, r.difference]).toEqual([want.expected, want.difference]);
    }
    // the basket of 600 earns 2 × 50 = 100, split by amount: 33.33 and 66.67
    expect(rows.map((r) => r.expected).sort()).toEqual([33.33, 66.67]);
    const one = readOrderPromotion(store.connection, 'x')!;
    expect(one.template?.id).toBe('tm');
    expect(one.basket?.orders.map((o) => o.id).sort()).toEqual(['x', 'y']);
    expect(readOrderPromotion(store.connection, 'nope')).toBeNull();
  });
});
