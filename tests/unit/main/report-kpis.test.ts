import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { auditEntries } from '@main/reports/audit-trail';
import { buildTimelines, computeKpis, overdueAt } from '@main/reports/kpis';
import type { ReportOrder, StageEvent } from '@main/reports/report-rows';

const t = (hhmm: string, day = '02') => Date.parse(`2026-02-${day}T${hhmm}:00+08:00`);
const order = (id: string, promisedDate: string): ReportOrder => ({ id, orderNo: `DD${id}`, promisedDate, district: '浦东新区', carrier: null, workshop: null, stage: 1, causes: [] });
const w = { start: t('08:00'), end: t('20:00') };

describe('shift KPIs from replica rows', () => {
  const events: StageEvent[] = [
    { orderId: 'a', stage: 1, at: t('09:00') }, // new in the shift
    { orderId: 'b', stage: 4, at: t('10:00', '01') }, // cutting since yesterday 10:00 (48 h budget)
    { orderId: 'b', stage: 5, at: t('12:00') }, // stage completed in the shift
    { orderId: 'c', stage: 11, at: t('10:00', '01') },
    { orderId: 'c', stage: 12, at: t('15:00') }, // installed, on time
    { orderId: 'd', stage: 11, at: t('10:00', '01') },
    { orderId: 'd', stage: 12, at: t('16:00') }, // installed, late (promised yesterday)
    { orderId: 'e', stage: 5, at: t('07:00', '01') }, // edge banding 12 h: overdue since 19:00 yesterday
    { orderId: 'f', stage: 1, at: t('20:00') }, // at the end: not in [start, end)
  ];
  const orders = new Map([order('a', '2026-03-01'), order('b', '2026-03-01'), order('c', '2026-02-02'), order('d', '2026-02-01'), order('e', '2026-03-01'), order('f', '2026-03-01')].map((o) => [o.id, o]));
  const timelines = buildTimelines(events);

  it('counts what happened in [start, end)', () => {
    const k = computeKpis({ stageEvents: events, orders, texts: [{ orderId: 'a', sentAt: t('10:00'), version: 3 }, { orderId: 'a', sentAt: t('07:59'), version: 2 }], budgets: DEFAULT_BUDGETS, timelines }, w);
    expect(k).toEqual({ newOrders: 1, stagesCompleted: 3, installationsDone: 2, onTime: 1, onTimeRate: 0.5, textsSent: 1, overdueAtStart: 2, overdueAtEnd: 1 });
  });

  it('rebuilds overdue at an instant from the stage history', () => {
    // at 08:00: d is past its promised date (stage 11), e is over its edge-banding budget
    expect(overdueAt(timelines, orders, DEFAULT_BUDGETS, w.start).sort()).toEqual(['d', 'e']);
    // at 20:00: d is installed (done), e still overdue
    expect(overdueAt(timelines, orders, DEFAULT_BUDGETS, w.end)).toEqual(['e']);
  });

  it('lists applied commands with the orders they touched, and automatic actions', () => {
    const entries = auditEntries(
      {
        audit: [
          { id: '7', version: 40, at: '2026-02-02T10:00:00+08:00', actor: '张主管', role: 'supervisor', clientId: 'c1', mutationId: 3, type: 'job.reassign', outcome: 'applied', code: null, rows: 6 },
          { id: '8', version: 90, at: '2026-02-02T21:00:00+08:00', actor: '张主管', role: 'supervisor', clientId: 'c1', mutationId: 4, type: 'undo', outcome: 'applied', code: null, rows: 2 },
        ],
        otherEvents: [
          { orderId: 'a', kind: 'reassign', cause: null, actor: '张主管', at: t('10:00'), version: 40 },
          { orderId: 'b', kind: 'reassign', cause: null, actor: '张主管', at: t('10:00'), version: 40 },
          { orderId: 'c', kind: 'cause', cause: 'missing_handoff', actor: 'rules', at: t('11:00'), version: 50 },
        ],
        texts: [{ orderId: 'a', sentAt: t('12:00'), version: 60 }],
      },
      w,
    );
    expect(entries.map((e) => [e.type, e.orders, e.automatic])).toEqual([
      ['job.reassign', 2, false],
      ['auto.missing_handoff', 1, true],
      ['auto.texts_sent', 1, true],
    ]);
  });

  it('counts an incident move by the orders its audit row names (it writes no event) and keeps its words', () => {
    const detail = 'acknowledged · 浦东新区 · 安装人员不足 [inc-installer_shortage-1x]';
    const [entry, ...rest] = auditEntries(
      {
        audit: [{ id: '9', version: 41, at: '2026-02-02T10:30:00+08:00', actor: '张主管', role: 'supervisor', clientId: 'c1', mutationId: 5, type: 'incident.state', outcome: 'applied', code: null, rows: 37, detail }],
        otherEvents: [],
        texts: [],
      },
      w,
    );
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ type: 'incident.state', orders: 37, orderIds: [], detail });
  });
});
