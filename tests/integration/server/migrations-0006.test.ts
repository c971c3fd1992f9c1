/** Migration 0006 (the floor API's idempotency records) over a database created at 0005, with data. */
import { describe, expect, it } from 'vitest';
import { createToken } from '@server/db/tokens';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0006', () => {
  it('keeps every order and token, and a keyed write on an old order is applied once', async () => {
    const { dbFile, db: old, raw: s } = databaseAt(5);
    insertOldOrder(s, { stage: 5 });
    const floor = createToken(old, 'floor', '木工车间').token;
    expect(() => s.prepare('SELECT * FROM floor_idempotency').all()).toThrow(/no such table/);
    s.close();

    const server = await withServer({ dbFile });
    expect(server.db.$client.prepare("SELECT order_no, stage FROM orders WHERE id = 'o-1'").get()).toEqual({ order_no: 'OLD-1', stage: 5 });
    const tag = () =>
      fetch(`${server.url}/api/v1/orders/o-1/causes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${floor}`, 'content-type': 'application/json', 'idempotency-key': 'old-order-1' },
        body: JSON.stringify({ cause: 'board_shortage' }),
      });
    const first = await tag();
    const again = await tag();
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true']);
    expect(await again.json()).toEqual(await first.json());
    expect(server.db.$client.prepare("SELECT count(*) AS n FROM events WHERE order_id = 'o-1' AND kind = 'cause'").get()).toEqual({ n: 1 });
    expect(server.db.$client.prepare('SELECT count(*) AS n FROM floor_idempotency').get()).toEqual({ n: 1 });
  });
});
