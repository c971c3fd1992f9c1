// The durable outbox on a real SQLite file: ids assigned in order at the head, never reused after an
// answer, freed after a refusal that did not use them up, and everything survives reopening.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '@main/outbox/store';
import { namedRows } from '@main/outbox/view';

let dir: string;
let outbox: OutboxStore;
const AT = '2026-11-25T22:00:00+08:00';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dd-outbox-'));
  outbox = new OutboxStore(join(dir, 'outbox.sqlite'));
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const tag = (orderId: string) => ({ orderId, cause: 'logistics' });

describe('outbox', () => {
  it('gives the head the next mutationId, in order, and only the head', () => {
    const a = outbox.enqueue('order.tagCause', tag('o1'), 'tag o1', AT);
    outbox.enqueue('order.tagCause', tag('o2'), 'tag o2', AT);
    expect(a.mutationId).toBeNull();
    expect(outbox.head()).toMatchObject({ seq: a.seq, mutationId: 1 });
    expect(outbox.head()).toMatchObject({ seq: a.seq, mutationId: 1 }); // asking again changes nothing
    expect(outbox.pending().map((c) => c.mutationId)).toEqual([1, null]);
    outbox.answer(a.seq, 'applied', 17, null, AT);
    expect(outbox.head()).toMatchObject({ mutationId: 2 });
    expect(outbox.pendingCount()).toBe(1);
  });

  it('a rejection is recorded and the next command goes on', () => {
    const a = outbox.enqueue('order.tagCause', tag('o1'), 'tag o1', AT);
    outbox.enqueue('order.tagCause', tag('o2'), 'tag o2', AT);
    outbox.head();
    outbox.answer(a.seq, 'rejected', null, { code: 'not_found', message: 'order o1' }, AT);
    expect(outbox.get(a.seq)).toMatchObject({ state: 'rejected', error: { code: 'not_found' }, mutationId: 1 });
    expect(outbox.head()).toMatchObject({ mutationId: 2 });
  });

  it('a refusal that does not use up the id (bad_request) frees it for the next command', () => {
    const a = outbox.enqueue('order.tagCause', tag('o1'), 'tag o1', AT);
    outbox.enqueue('order.tagCause', tag('o2'), 'tag o2', AT);
    outbox.head();
    outbox.fail(a.seq, { code: 'bad_request', message: 'payload.cause: invalid' }, AT);
    expect(outbox.get(a.seq)).toMatchObject({ state: 'failed', mutationId: null });
    expect(outbox.head()).toMatchObject({ mutationId: 1 });
  });

  it('realigns to the id the server expects after a mutation_gap', () => {
    const a = outbox.enqueue('order.tagCause', tag('o1'), 'tag o1', AT);
    outbox.head();
    outbox.realign(a.seq, 1);
    expect(outbox.head()).toMatchObject({ seq: a.seq, mutationId: 1 });
  });

  it('keeps the client id, the commands and the next id across reopening (a desk restart)', () => {
    const id = outbox.clientId();
    const a = outbox.enqueue('order.note', { orderId: 'o1', text: '客户改约周六' }, 'note', AT);
    outbox.head();
    outbox.close();
    outbox = new OutboxStore(join(dir, 'outbox.sqlite'));
    expect(outbox.clientId()).toBe(id);
    expect(outbox.head()).toMatchObject({ seq: a.seq, mutationId: 1, payload: { orderId: 'o1', text: '客户改约周六' } });
    expect(outbox.nextMutationId()).toBe(2);
  });

  it('names the rows a command touches, through batches', () => {
    expect(
      namedRows('batch', {
        commands: [
          { type: 'job.reassign', payload: { jobs: [{ jobId: 'j1', crewId: 'c1', date: '2026-11-26', expectedVersion: 3 }] } },
          { type: 'notify.customers', payload: { orderIds: ['o1', 'o2'], template: 'reassigned' } },
        ],
      }),
    ).toEqual({ orderIds: ['o1', 'o2'], jobIds: ['j1'] });
  });

  it('does not show an incident move as pending on its orders: it changes none of them', () => {
    const move = { incidentId: 'inc-1', state: 'acknowledged', title: '浦东新区 · 安装人员不足', orderIds: ['o1', 'o2'] };
    expect(namedRows('incident.state', move)).toEqual({ orderIds: [], jobIds: [] });
    expect(namedRows('batch', { commands: [{ type: 'incident.state', payload: move }, { type: 'order.note', payload: { orderId: 'o3', text: 'x' } }] })).toEqual({ orderIds: ['o3'], jobIds: [] });
  });
});
