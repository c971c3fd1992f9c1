import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@shared/report';
import { translate } from '@renderer/i18n/messages';
import type { Translate } from '@renderer/i18n/I18nProvider';
import { matchesKind, newestFirst, typeLabel } from '@renderer/war-room/AuditTimeline';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'audit:1', at: '2026-02-02T09:00:00+08:00', actor: 'zhang', role: 'supervisor', type: 'order.tagCause', outcome: 'applied',
  rows: 1, orders: 1, automatic: false, clientId: 'c', mutationId: 1, version: 10, orderIds: ['o-1'], ...over,
});
const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

describe('audit timeline helpers', () => {
  it('label command types in both languages and pass unknown ones through', () => {
    expect(typeLabel('job.reassign', zh)).toBe('改派');
    expect(typeLabel('order.tagCause', zh)).toBe('标注根因');
    expect(typeLabel('crew.overtime', en)).toBe('Overtime');
    expect(typeLabel('incident.state', zh)).toBe('事件状态');
    expect(typeLabel('incident.state', en)).toBe('Incident state');
    expect(typeLabel('auto.something', zh)).toBe('自动操作 auto.something');
    expect(typeLabel('brand.new', en)).toBe('brand.new');
  });

  it('filter by kind', () => {
    const plan = entry({ type: 'batch' });
    const text = entry({ type: 'notify.customers' });
    const sent = entry({ type: 'auto.texts_sent', automatic: true, role: 'system' });
    const tag = entry({ type: 'order.tagCause' });
    const all = [plan, text, sent, tag];
    expect(all.filter((e) => matchesKind(e, 'all'))).toHaveLength(4);
    expect(all.filter((e) => matchesKind(e, 'moves'))).toEqual([plan]);
    expect(all.filter((e) => matchesKind(e, 'texts'))).toEqual([text, sent]);
    expect(all.filter((e) => matchesKind(e, 'auto'))).toEqual([sent]);
  });

  it('put the newest first, equal times by version', () => {
    const a = entry({ id: 'a', at: '2026-02-02T09:00:00+08:00', version: 1 });
    const b = entry({ id: 'b', at: '2026-02-02T10:00:00+08:00', version: 2 });
    const c = entry({ id: 'c', at: '2026-02-02T10:00:00+08:00', version: 3 });
    expect(newestFirst([a, b, c]).map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});
