import { describe, expect, it } from 'vitest';
import { decideCommand } from '@server/commands/decide';
import { SENDING_WHEN_CANCELLED } from '@server/commands/undo';
import { parseCommand } from '@server/commands/parse';
import { loadKey, mutationKey, rowKey, type Item, type Row, type World } from '@server/commands/types';
import type { MutationRow } from '@server/db/schema';

const crew = (id: string, over: Partial<Row> = {}): Row => ({ id, version: 1, deleted: false, skills: ['wardrobe'], capacityPerDay: 2, unavailable: [], districts: ['徐汇区'], ...over });
const job = (id: string, over: Partial<Row> = {}): Row => ({ id, version: 3, deleted: false, orderId: `o${id}`, crewId: null, date: null, window: null, skill: 'wardrobe', status: 'unbooked', ...over });
const order = (id: string, over: Partial<Row> = {}): Row => ({ id, version: 3, deleted: false, stage: 10, causes: [], crewId: null, bookedSlot: null, note: null, ...over });

function world(rows: [string, Row][], loads: [string, number][] = [], mutations: MutationRow[] = []): World {
  return {
    rows: new Map(rows.map(([e, r]) => [rowKey(e, r.id), r])),
    loads: new Map(loads),
    mutations: new Map(mutations.map((m) => [mutationKey(m.clientId, m.mutationId), m])),
  };
}

const items = (type: string, payload: unknown): Item[] => {
  const p = parseCommand(type, payload);
  if (!p.ok) throw new Error(p.message);
  return p.items;
};

describe('decideCommand', () => {
  const base = world([
    ['crew', crew('c1')],
    ['crew', crew('c2', { skills: ['kitchen'] })],
    ['crew', crew('c3', { unavailable: [{ from: '2026-03-02', to: '2026-03-02', reason: '病假' }] })],
    ['job', job('1')],
    ['job', job('2')],
    ['job', job('3')],
    ['job', job('9', { status: 'done' })],
    ['order', order('o1')],
    ['order', order('o2')],
    ['order', order('o3')],
    ['order', order('o9', { stage: 12 })],
  ]);
  const reassign = (jobId: string, crewId: string, expectedVersion = 3, date = '2026-03-02') => ({ jobId, crewId, date, expectedVersion });

  it('books a job and records what it replaced, consequence rows included', () => {
    const r = decideCommand(base, items('job.reassign', { jobs: [reassign('1', 'c1')] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.updates).toEqual([
      { entity: 'job', id: '1', set: { crewId: 'c1', date: '2026-03-02', status: 'booked' } },
      { entity: 'order', id: 'o1', set: { crewId: 'c1', bookedSlot: '2026-03-02' } },
    ]);
    expect(r.plan.images[0]).toMatchObject({ named: true, before: { crewId: null, date: null, status: 'unbooked' } });
    expect(r.plan.images[1]).toMatchObject({ named: false });
    expect(r.plan.events).toHaveLength(1);
  });

  it('answers the first failing rule in protocol order', () => {
    const code = (w: World, t: string, p: unknown) => {
      const r = decideCommand(w, items(t, p));
      return r.ok ? 'applied' : r.rejection.code;
    };
    expect(code(base, 'job.reassign', { jobs: [reassign('1', 'c2'), reassign('2', 'c1', 2)] })).toBe('conflict');
    expect(code(base, 'job.reassign', { jobs: [reassign('9', 'c1'), reassign('x', 'c1')] })).toBe('not_found');
    expect(code(base, 'job.reassign', { jobs: [reassign('9', 'c2'), reassign('1', 'c2')] })).toBe('wrong_status');
    expect(code(base, 'order.tagCause', { orderId: 'o9', cause: 'logistics' })).toBe('wrong_stage');
    expect(code(base, 'job.reassign', { jobs: [reassign('1', 'c2'), reassign('2', 'c3')] })).toBe('missing_skill');
    expect(code(base, 'job.reassign', { jobs: [reassign('2', 'c3')] })).toBe('crew_unavailable');
    expect(code(base, 'job.reassign', { jobs: [reassign('1', 'c1'), reassign('2', 'c1'), reassign('3', 'c1')] })).toBe('over_capacity');
    const loaded = world([...base.rows.entries()].map(([k, r]) => [k.split(':')[0] as string, r]), [[loadKey('c1', '2026-03-02'), 2]]);
    expect(code(loaded, 'job.reassign', { jobs: [reassign('1', 'c1')] })).toBe('over_capacity');
  });

  it('undoes exactly, keeps later changes to consequence fields, and refuses a second undo', () => {
    const applied: MutationRow = {
      clientId: 'd', mutationId: 1, type: 'job.reassign', status: 'applied', version: 7, error: null, undoneBy: null, actor: 'x', at: '2026-03-01T00:00:00+08:00',
      images: [
        { entity: 'job', id: '1', named: true, before: { crewId: null, status: 'unbooked' }, after: { crewId: 'c1', status: 'booked' } },
        { entity: 'order', id: 'o1', named: false, before: { crewId: null, bookedSlot: null }, after: { crewId: 'c1', bookedSlot: '2026-03-02' } },
      ],
      queued: [],
    };
    const w = world([['job', job('1', { version: 7, crewId: 'c1', status: 'booked' })], ['order', order('o1', { version: 8, crewId: 'c1', bookedSlot: 'changed by someone' })]], [], [applied]);
    const r = decideCommand(w, items('undo', { clientId: 'd', mutationId: 1 }));
    expect(r.ok && r.plan.updates).toEqual([
      { entity: 'job', id: '1', set: { crewId: null, status: 'unbooked' } },
      { entity: 'order', id: 'o1', set: { crewId: null } },
    ]);
    const stale = world([['job', job('1', { version: 9 })]], [], [applied]);
    const c = decideCommand(stale, items('undo', { clientId: 'd', mutationId: 1 }));
    expect(!c.ok && c.rejection).toMatchObject({ code: 'conflict', rows: [{ entity: 'job', id: '1', version: 9, expectedVersion: 7 }] });
    const twice = decideCommand(w, items('batch', { commands: [{ type: 'undo', payload: { clientId: 'd', mutationId: 1 } }, { type: 'undo', payload: { clientId: 'd', mutationId: 1 } }] }));
    expect(!twice.ok && twice.rejection.code).toBe('already_undone');
    const rejected = world([], [], [{ ...applied, status: 'rejected' }]);
    const nf = decideCommand(rejected, items('undo', { clientId: 'd', mutationId: 1 }));
    expect(!nf.ok && nf.rejection.code).toBe('not_found');
  });

  it("cancels a queued text, and a text being handed over with a reason saying the customer may have it", () => {
    const applied: MutationRow = {
      clientId: 'd', mutationId: 2, type: 'notify.customers', status: 'applied', version: 7, error: null, undoneBy: null, actor: 'x', at: '2026-03-01T00:00:00+08:00',
      images: [], queued: ['n1', 'n2', 'n3'],
    };
    const text = (id: string, status: string): Row => ({ id, version: 7, deleted: false, orderId: 'o1', template: 'install_rescheduled', status, error: null });
    const w = world([['notification', text('n1', 'queued')], ['notification', text('n2', 'sending')], ['notification', text('n3', 'sent')], ['order', order('o1')]], [], [applied]);
    const r = decideCommand(w, items('undo', { clientId: 'd', mutationId: 2 }));
    expect(r.ok && r.plan.updates.filter((u) => u.entity === 'notification')).toEqual([
      { entity: 'notification', id: 'n1', set: { status: 'cancelled' } },
      { entity: 'notification', id: 'n2', set: { status: 'cancelled', error: SENDING_WHEN_CANCELLED } },
    ]);
  });
});
