// customerRequest.handle, planned (pure): a new request becomes handled with its image (so undo
// restores it), an audit detail naming the order and date; a missing one is not_found, a handled one
// wrong_status, a stale version conflict; its undo sets the request back to new and adds an undo event.
import { describe, expect, it } from 'vitest';
import { decideCommand } from '@server/commands/decide';
import { parseCommand } from '@server/commands/parse';
import { mutationKey, rowKey, type Item, type Row, type World } from '@server/commands/types';
import type { MutationRow } from '@server/db/schema';

const request = (id: string, over: Partial<Row> = {}): Row => ({ id, version: 4, deleted: false, orderId: 'o1', orderNo: 'DD001', kind: 'date_change', wanted: '2026-12-12', note: null, at: '2026-12-08T09:00:00+08:00', state: 'new', ...over });
const world = (rows: [string, Row][], mutations: MutationRow[] = []): World => ({
  rows: new Map(rows.map(([e, r]) => [rowKey(e, r.id), r])),
  loads: new Map(),
  mutations: new Map(mutations.map((m) => [mutationKey(m.clientId, m.mutationId), m])),
});
const items = (type: string, payload: unknown): Item[] => {
  const p = parseCommand(type, payload);
  if (!p.ok) throw new Error(p.message);
  return p.items;
};
const handle = (requestId: string, expectedVersion?: number) => items('customerRequest.handle', { requests: [{ requestId, ...(expectedVersion === undefined ? {} : { expectedVersion }) }] });

describe('customerRequest.handle', () => {
  const w = world([['customer_request', request('cr1')], ['customer_request', request('cr2', { state: 'handled' })], ['order', { id: 'o1', version: 2, deleted: false, stage: 10 }]]);

  it('marks a new request handled, undoably, and says which order and date', () => {
    const r = decideCommand(w, handle('cr1', 4));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.updates).toEqual([{ entity: 'customer_request', id: 'cr1', set: { state: 'handled' } }]);
    expect(r.plan.images).toEqual([{ entity: 'customer_request', id: 'cr1', named: true, before: { state: 'new' }, after: { state: 'handled' } }]);
    expect(r.plan.detail).toBe('handled · DD001 → 2026-12-12 [cr1]');
  });

  it('refuses a missing request, one already handled, and a stale version', () => {
    const missing = decideCommand(w, handle('nope'));
    expect(!missing.ok && missing.rejection).toMatchObject({ code: 'not_found', message: 'customer request nope: no such request' });
    const handled = decideCommand(w, handle('cr2'));
    expect(!handled.ok && handled.rejection).toMatchObject({ code: 'wrong_status', message: 'customer request cr2 is handled, not new' });
    const stale = decideCommand(w, handle('cr1', 3));
    expect(!stale.ok && stale.rejection).toMatchObject({ code: 'conflict', rows: [{ entity: 'customer_request', id: 'cr1', version: 4, expectedVersion: 3 }] });
    expect(() => handle('')).toThrow(/payload\.requests\.0\.requestId/);
  });

  it('is undone back to new, unless the request changed since', () => {
    const applied: MutationRow = {
      clientId: 'd', mutationId: 1, type: 'customerRequest.handle', status: 'applied', version: 9, error: null, undoneBy: null, actor: 'x', at: '2026-12-08T10:00:00+08:00',
      images: [{ entity: 'customer_request', id: 'cr1', named: true, before: { state: 'new' }, after: { state: 'handled' } }],
      queued: [],
    };
    const after = world([['customer_request', request('cr1', { version: 9, state: 'handled' })], ['order', { id: 'o1', version: 2, deleted: false, stage: 10 }]], [applied]);
    const r = decideCommand(after, items('undo', { clientId: 'd', mutationId: 1 }));
    expect(r.ok && r.plan.updates).toEqual([{ entity: 'customer_request', id: 'cr1', set: { state: 'new' } }]);
    expect(r.ok && r.plan.events).toEqual([{ orderId: 'o1', kind: 'undo', stage: 10, note: 'undo of customerRequest.handle d#1', cause: null }]);
    const changed = world([['customer_request', request('cr1', { version: 11, state: 'handled' })]], [applied]);
    const c = decideCommand(changed, items('undo', { clientId: 'd', mutationId: 1 }));
    expect(!c.ok && c.rejection.code).toBe('conflict');
  });
});
