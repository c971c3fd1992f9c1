// The replica on a real SQLite file: changes and checkpoint land together; digest matches the
// protocol's definition computed independently here.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '@shared/entities';
import { openReplicaDb, type OpenReplica } from '@main/replica/open';
import { ReplicaStore } from '@main/replica/store';

const order = (id: string, version: number, patch: Record<string, unknown> = {}): Change => ({
  entity: 'order',
  id,
  version,
  data: {
    orderNo: `HD${id}`,
    channel: 'tmall',
    productType: 'wardrobe',
    stage: 5,
    stageEnteredAt: '2026-11-25T08:00:00+08:00',
    promisedDate: '2026-12-10',
    province: '上海市',
    city: '上海市',
    district: '浦东新区',
    lat: 31.22,
    lng: 121.54,
    causes: [],
    ...patch,
  },
});

let dir: string;
let replica: OpenReplica;
let store: ReplicaStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dd-replica-'));
  replica = openReplicaDb(join(dir, 'replica.sqlite'));
  store = new ReplicaStore(replica);
});
afterEach(() => {
  replica.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replica store', () => {
  it('applies changes and moves the checkpoint together', () => {
    const batch = store.applyChanges([order('o1', 1), order('o2', 2)], 3);
    expect(batch.changes.map((c) => [c.entity, c.id])).toEqual([['order', 'o1'], ['order', 'o2']]);
    expect(store.checkpoint()).toBe(3);
    expect(store.connection.prepare('SELECT id FROM orders').all()).toHaveLength(2);
  });

  it('an invalid row rolls back the whole batch and names the field', () => {
    store.applyChanges([order('o1', 1)], 1);
    expect(() => store.applyChanges([order('o2', 2), order('o3', 3, { stage: 13 })], 3)).toThrow(/order o3 .*stage/);
    expect(store.checkpoint()).toBe(1);
    expect(store.connection.prepare('SELECT id FROM orders').all()).toEqual([{ id: 'o1' }]);
  });

  it('tombstones delete, unknown entities are kept, and the digest follows protocol.md', () => {
    const batch = store.applyChanges(
      [
        order('o1', 1),
        order('o2', 1),
        { entity: 'crew', id: 'c1', version: 2, data: { name: '浦东一组', district: '浦东新区', districts: ['浦东新区'], skills: ['kitchen'], capacityPerDay: 4, unavailable: [] } },
        { entity: 'widget', id: 'w1', version: 2, data: { any: 1 } },
        { entity: 'order', id: 'o2', version: 3, deleted: true },
      ],
      3,
    );
    // the analysis follows orders and jobs: one list, in the order applied, a deletion as null data
    expect(batch.changes.map((c) => [c.entity, c.id, c.data === null])).toEqual([['order', 'o1', false], ['order', 'o2', false], ['order', 'o2', true]]);
    const lines = ['crew:c1:2\n', 'order:o1:1\n', 'widget:w1:2\n'];
    const expected = createHash('sha256').update(lines.join('')).digest('hex');
    expect(store.digest()).toEqual({ version: 3, count: 3, sha256: expected });
  });

  it('survives reopening', () => {
    store.applyChanges([order('o1', 1)], 1);
    replica.sqlite.close();
    replica = openReplicaDb(join(dir, 'replica.sqlite'));
    store = new ReplicaStore(replica);
    expect(store.checkpoint()).toBe(1);
  });

  it('clear drops rows and the checkpoint', () => {
    store.applyChanges([order('o1', 1)], 5);
    store.clear();
    expect(store.checkpoint()).toBe(0);
    expect(store.digest().count).toBe(0);
  });
});
