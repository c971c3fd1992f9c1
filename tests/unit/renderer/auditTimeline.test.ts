import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@shared/report';
import { translate } from '@renderer/i18n/messages';
import type { Translate } from '@renderer/i18n/I18nProvider';
import { matchesKind, newestFirst, typeLabel } from '@renderer/war-room/AuditTimeline';
import { auditDetailText } from '@renderer/war-room/auditDetail';

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
    // issue 14: the new commands and the outages the floor reports
    expect(['order.switchCarrier', 'order.moveLine', 'line.overtime', 'job.create', 'autoRule.set', 'carrier.stoppage', 'line.down'].map((type) => typeLabel(type, zh))).toEqual(['换承运商', '转线生产', '产线加班', '补建工单', '自动策略设置', '承运商停运上报', '产线停机上报']);
    expect(typeLabel('carrier.stoppage', en)).toBe('Carrier stoppage reported');
    expect(typeLabel('line.down', en)).toBe('Line down reported');
  });

  it('word the server’s details: times in Shanghai, an auto rule in the page’s language', () => {
    expect(auditDetailText('line.down', '苏州一厂/封边2线 · 2026-02-02T08:00:00+08:00 → 2026-02-02T16:00:00+08:00 · 封边机故障', zh, 'zh-CN')).toBe('苏州一厂/封边2线 · 02/02 08:00 → 02/02 16:00 · 封边机故障');
    expect(auditDetailText('carrier.stoppage', '安能物流 · 江苏省 · 2026-02-02T00:00:00Z → 2026-02-04T00:00:00+08:00 · 寒潮停运', en, 'en')).toBe('安能物流 · 江苏省 · 02/02, 08:00 → 02/04, 00:00 · 寒潮停运');
    expect(auditDetailText('autoRule.set', 'logistics → plan B, ≤ 300 items', zh, 'zh-CN')).toBe('物流异常：开启，方案B，上限 300 项');
    expect(auditDetailText('autoRule.set', 'logistics → off', en, 'en')).toBe('Logistics exception: off');
    expect(auditDetailText('order.note', '客户说 → 周三再来', zh, 'zh-CN')).toBe('客户说 → 周三再来');
  });

  it('count the new plan commands as moves', () => {
    for (const type of ['order.switchCarrier', 'order.moveLine', 'line.overtime', 'job.create']) expect(matchesKind(entry({ type }), 'moves')).toBe(true);
    expect(matchesKind(entry({ type: 'carrier.stoppage' }), 'moves')).toBe(false);
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
