import { describe, expect, it, vi } from 'vitest';
import type { CommandView } from '@shared/contract';
import { CommandStore, orderCommands, pendingRows } from '@renderer/state/commandStore';
import { runVerify } from '@renderer/state/commandSync';
import { rejectionText, rowText } from '@renderer/war-room/commandText';
import { translate } from '@renderer/i18n/messages';

const cmd = (seq: number, state: CommandView['state'], extra: Partial<CommandView> = {}): CommandView => ({
  seq, mutationId: seq, type: 'order.tagCause', label: `c${seq}`, createdAt: '2026-02-02T10:00:00+08:00', state, sendCount: 1,
  version: state === 'applied' ? 100 + seq : null, error: null, answeredAt: null, orderIds: [`o${seq}`], jobIds: [], ...extra,
});

describe('the outbox as the war room shows it', () => {
  it('lists pending first, then the newest answered', () => {
    expect(orderCommands([cmd(1, 'applied'), cmd(2, 'pending'), cmd(3, 'rejected')]).map((c) => c.seq)).toEqual([2, 3, 1]);
  });

  it('marks the rows named by pending commands only', () => {
    const rows = pendingRows([cmd(1, 'pending', { jobIds: ['j1'] }), cmd(2, 'applied')]);
    expect([...rows.orders]).toEqual(['o1']);
    expect([...rows.jobs]).toEqual(['j1']);
  });

  it('never takes an answer back to pending, and raises a notice for a rejection once', () => {
    const s = new CommandStore();
    s.upsert(cmd(1, 'pending'));
    expect(s.get().pendingOrderIds.has('o1')).toBe(true);
    const rejected = cmd(1, 'rejected', { error: { code: 'wrong_stage', message: 'finished' } });
    s.upsert(rejected);
    s.upsert(rejected);
    s.load([cmd(1, 'pending')]);
    expect(s.get().commands[0]!.state).toBe('rejected');
    expect(s.get().pendingOrderIds.size).toBe(0);
    expect(s.get().notices).toHaveLength(1);
    s.dismiss(1);
    expect(s.get().notices).toHaveLength(0);
  });

  it('raises the notice of a rejection found by a re-read (its event was missed)', () => {
    const s = new CommandStore();
    s.load([cmd(4, 'pending')]);
    s.load([cmd(4, 'failed', { error: { code: 'bad_request', message: 'payload' } })]);
    expect(s.get().notices.map((n) => n.seq)).toEqual([4]);
    // a rejection already answered before this page opened is listed, not announced
    const fresh = new CommandStore();
    fresh.load([cmd(5, 'rejected', { error: { code: 'conflict', message: 'x' } })]);
    expect(fresh.get().notices).toHaveLength(0);
  });

  it('verifies: running, then the result or the failure', async () => {
    const s = new CommandStore();
    const result = { match: true, replica: { version: 1, count: 2, sha256: 'a' }, server: { version: 1, count: 2, sha256: 'a' }, repaired: false };
    await runVerify({ verify: vi.fn().mockResolvedValue(result) }, s, () => 5);
    expect(s.get().verify).toEqual({ kind: 'done', result, at: 5 });
    await runVerify({ verify: vi.fn().mockRejectedValue(new Error('not connected')) }, s, () => 6);
    expect(s.get().verify).toEqual({ kind: 'failed', error: 'not connected', at: 6 });
  });
});

describe('rejection texts', () => {
  const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh-CN', k, v);
  const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
  it('turn codes into the supervisor’s language, unknown codes keep the server’s message', () => {
    expect(rejectionText({ code: 'wrong_stage', message: 'x' }, zh)).toContain('已完工');
    expect(rejectionText({ code: 'conflict', message: 'x' }, en)).toContain('version conflict');
    expect(rejectionText({ code: 'odd', message: 'why' }, en)).toBe('Rejected by the server: odd — why');
  });
  it('name conflicting rows with both versions', () => {
    expect(rowText({ entity: 'job', id: 'j1', version: 9, expectedVersion: 7 }, en)).toBe('job j1 (server version 9, this desk saw 7)');
  });
});
