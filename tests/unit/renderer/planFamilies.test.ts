// Plans for every incident family in the war room (issue 14): a logistics or line plan's card lists
// its order moves with where from, where to, the expected date, the cost and the reason, words every
// unplaced code in both languages, previews order moves as markers (no crew line), an incident with no
// plan says why, and the auto-policy control offers the cause's plan letters, runs and read-only mode.
// Fixtures are shaped by the contract (parsed by src/shared/plans.ts), as the back end returns them.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AutoPolicy, Plan, UNPLACED_CODES, type PlanMove, type PlanOrderMove } from '@shared/plans';
import { I18nProvider, type Translate } from '@renderer/i18n/I18nProvider';
import { translate } from '@renderer/i18n/messages';
import { AutoRuleControl, parseMaxJobs, runsFor } from '@renderer/war-room/AutoRuleControl';
import { PlanCard } from '@renderer/war-room/PlanCard';
import { PlanMoves } from '@renderer/war-room/PlanMoves';
import { NoPlans, nothingLeft } from '@renderer/war-room/PlansStrip';
import { applyConfirmText, changesNothing, familyForCause, lettersFor, noPlanText, notPlannableText, orderMoveRoute, orderMoveText, planHeadline, previewLines, unplacedText } from '@renderer/war-room/planText';

const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);
// the page's default language is zh-CN: the provider renders it when nothing is saved
const render = (el: ReactElement) => renderToStaticMarkup(createElement(I18nProvider, null, el));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const summary = { jobs: 3, covered: 2, uncovered: 1, moved: 2, predictedOnTimeRate: 0.5, latenessHours: 0, travelKm: 0, textsToSend: 2, compensationYuan: 0, overtimeJobs: 0, overtimeYuan: 0, costYuan: 1200 };
const solver = { status: 'Optimal', ms: 12, objective: 1, columns: 10, rows: 5 };

function orderMove(over: Partial<PlanOrderMove>): PlanOrderMove {
  return {
    subject: 'shipment', orderId: 'o-1', orderNo: 'SO-0001', district: '浦东新区', lat: 31.2, lng: 121.5, promisedDate: '2026-02-06',
    from: { resource: '安能物流', date: '2026-02-02' }, to: { resource: '顺丰速运', date: '2026-02-03' }, moved: true,
    expectedDate: '2026-02-04', lateDays: 0, daysPastPromise: 0, costYuan: 1200,
    reason: { lane: '上海→浦东新区', freeSlots: 3, capacity: 20, overtime: false }, unplaced: null, ...over,
  };
}

function jobMove(over: Partial<PlanMove>): PlanMove {
  return {
    jobId: 'j-1', orderId: 'o-1', orderNo: 'SO-0001', district: '浦东新区', skill: 'cabinet', window: null, promisedDate: '2026-02-06', lat: 31.2, lng: 121.5,
    from: { crewId: 'c-1', crewName: '王师傅组', date: '2026-02-04' }, to: { crewId: 'c-1', crewName: '王师傅组', date: '2026-02-05', lat: 31.3, lng: 121.6 },
    moved: true, km: 5, lateDays: 1, daysPastPromise: 0, compensationYuan: 0, overtime: false,
    reason: { skill: 'cabinet', km: 5, freeSlots: 2, capacity: 5, sameCrew: true }, unplaced: null, ...over,
  };
}

const switchCarrier = Plan.parse({
  id: 'plan-1', kind: 'switch_carrier', incidentId: 'inc-carrier', checkpoint: 40, summary, crewLoads: [], texts: [], solver, revision: null,
  orderMoves: [
    orderMove({}),
    orderMove({ orderId: 'o-2', orderNo: 'SO-0002', to: null, moved: false, expectedDate: null, costYuan: 0, reason: null, unplaced: { code: 'collected', detail: '运单 AN123' } }),
  ],
  moves: [jobMove({})],
});

const moveLine = Plan.parse({
  id: 'plan-2', kind: 'move_line', incidentId: 'inc-line', checkpoint: 40, summary: { ...summary, moved: 1, textsToSend: 0 }, crewLoads: [], texts: [], solver, revision: null,
  orderMoves: [
    orderMove({ subject: 'production', orderNo: 'SO-0100', from: { resource: '苏州一厂/封边2线', date: '2026-02-02' }, to: { resource: '苏州一厂/封边1线', date: '2026-02-03' }, costYuan: 300, reason: { lane: null, freeSlots: 4, capacity: 16, overtime: true } }),
    orderMove({ subject: 'production', orderId: 'o-9', orderNo: 'SO-0109', to: null, moved: false, expectedDate: null, costYuan: 0, reason: null, unplaced: { code: 'no_line', detail: '' } }),
  ],
  moves: [],
});

describe('a logistics or line plan in words', () => {
  it('reads its headline per kind, in both languages', () => {
    expect(planHeadline(switchCarrier, zh)).toBe('换承运商 1 单 · 运费 ¥1,200 · 联动安装 1 单');
    expect(planHeadline(switchCarrier, en)).toBe('switch carrier for 1 orders · freight ¥1,200 · with 1 installations moved');
    expect(planHeadline(moveLine, zh)).toBe('转线生产 1 单 · 转运费 ¥300');
    const wait = Plan.parse({ ...switchCarrier, kind: 'wait_carrier', orderMoves: [], summary: { ...summary, compensationYuan: 450 } });
    expect(planHeadline(wait, zh)).toBe('顺延安装 1 单 · 赔付 ¥450');
    expect(planHeadline(Plan.parse({ ...wait, kind: 'book_missing' }), zh)).toBe('补建并预约 1 个安装工单');
  });

  it('says what a shipment or production move does: route, expected date, cost, reason', () => {
    const [moved, stuck] = switchCarrier.orderMoves;
    expect(orderMoveRoute(moved!)).toBe('安能物流 2026-02-02 → 顺丰速运 2026-02-03');
    expect(orderMoveText(moved!, zh)).toBe('预计到货 2026-02-04 · 费用 ¥1,200 · 线路 上海→浦东新区 · 余量 3/20');
    expect(orderMoveText(moved!, en)).toBe('expected arrival 2026-02-04 · cost ¥1,200 · lane 上海→浦东新区 · 3 of 20 free');
    expect(orderMoveRoute(stuck!)).toBe('安能物流 2026-02-02');
    expect(orderMoveText(stuck!, zh)).toBe('已被原承运商揽收，不能改走其他承运商（运单 AN123）');
    expect(orderMoveText(stuck!, en)).toBe('already collected by the stopped carrier: it cannot switch (运单 AN123)');
    // plan B keeps the shipment with its carrier: where it is, and the new arrival the installation waits for
    const waits = orderMove({ to: { resource: '安能物流', date: null }, moved: false, expectedDate: '2026-02-08', daysPastPromise: 2, costYuan: 0, reason: { lane: '上海', freeSlots: 0, capacity: 0, overtime: false } });
    expect(orderMoveRoute(waits)).toBe('安能物流 2026-02-02');
    expect(orderMoveText(waits, zh)).toBe('保持不变 · 预计到货 2026-02-08 · 线路 上海 · 晚于承诺 2 天');
    const line = moveLine.orderMoves[0]!;
    expect(orderMoveText(line, zh)).toBe('预计完工 2026-02-04 · 费用 ¥300 · 余量 4/16 · 加班');
    expect(orderMoveText({ ...line, daysPastPromise: 2 }, en)).toContain('2 days past promise');
  });

  it('words every unplaced code in both languages', () => {
    for (const code of UNPLACED_CODES) {
      const m = orderMove({ unplaced: { code, detail: 'x' }, moved: false, to: null });
      const [inZh, inEn] = [orderMoveText(m, zh), orderMoveText(m, en)];
      // a missing key would show the key itself; a missing placeholder would show its braces
      for (const said of [inZh, inEn]) expect(said, code).not.toMatch(/plan\.unplaced|[{}]|^$/);
      expect(inZh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(inEn, code).toMatch(/^[\x20-\x7e’]+$/);
    }
  });

  it('names orders and jobs in the apply confirmation, and knows when a plan changes nothing', () => {
    expect(applyConfirmText(switchCarrier, zh)).toBe('确认应用「方案A 未揽收改走其他承运商」：调整 1 个订单、1 个安装工单，并通知 2 位客户？此操作可撤销。');
    const reassign = Plan.parse({ ...switchCarrier, kind: 'reassign', orderMoves: [] });
    expect(applyConfirmText(reassign, zh)).toContain('调整 2 个安装工单');
    // summary.moved may count jobs only: an order move alone is still something to apply
    expect(changesNothing(Plan.parse({ ...moveLine, summary: { ...summary, moved: 0 } }))).toBe(false);
    expect(changesNothing(Plan.parse({ ...moveLine, summary: { ...summary, moved: 0 }, orderMoves: [moveLine.orderMoves[1]!] }))).toBe(true);
  });

  it('previews order moves as markers at the order, a date-only move as a marker, a crew change as a line', () => {
    const lines = previewLines(switchCarrier);
    expect(lines.find((l) => l.id === 'order:o-1')).toEqual({ id: 'order:o-1', from: [31.2, 121.5], to: null, overtime: false, mark: 'shipment' });
    // collected: cannot move, drawn grey (no mark)
    expect(lines.find((l) => l.id === 'order:o-2')).toEqual({ id: 'order:o-2', from: [31.2, 121.5], to: null, overtime: false });
    // the same crew on a later date: no crew to point at
    expect(lines.find((l) => l.id === 'j-1')).toMatchObject({ to: null, mark: 'date' });
    const other = previewLines(Plan.parse({ ...switchCarrier, orderMoves: [], moves: [jobMove({ to: { crewId: 'c-2', crewName: '李师傅组', date: '2026-02-04', lat: 31.3, lng: 121.6 } })] }));
    expect(other).toEqual([{ id: 'j-1', from: [31.2, 121.5], to: [31.3, 121.6], overtime: false }]);
    expect(previewLines(moveLine).filter((l) => l.mark === 'production')).toHaveLength(1);
  });
});

describe('the plan card for order moves', () => {
  it('shows the headline, orders instead of travel, and an apply that is enabled', () => {
    const html = render(
      createElement(PlanCard, { plan: switchCarrier, previewing: false, apply: { kind: 'idle' }, onPreview: () => {}, onApply: () => {}, onUndo: () => {}, onReplan: () => {} }),
    );
    expect(html).toContain('data-kind="switch_carrier"');
    expect(text(html)).toContain('换承运商 1 单 · 运费 ¥1,200');
    expect(text(html)).toContain('订单调整 1 单');
    expect(text(html)).not.toContain('路程');
    expect(html).toMatch(/<button[^>]*data-testid="plan-apply"[^>]*>应用方案</);
    expect(html).not.toMatch(/data-testid="plan-apply"[^>]*disabled/);
  });

  it('names an order of a revised plan by its number (a re-plan lists order changes under the order id)', () => {
    const revised = Plan.parse({ ...moveLine, revision: { fromPlanId: 'plan-0', rejectedJobIds: [], changed: [{ jobId: 'o-1', before: { crewId: null, crewName: '苏州一厂/封边3线', date: '2026-02-03' }, after: { crewId: null, crewName: '苏州一厂/封边1线', date: '2026-02-03' } }] } });
    const html = render(createElement(PlanCard, { plan: revised, previewing: false, apply: { kind: 'idle' }, onPreview: () => {}, onApply: () => {}, onUndo: () => {}, onReplan: () => {} }));
    expect(text(html)).toContain('SO-0100: 苏州一厂/封边3线 2026-02-03 → 苏州一厂/封边1线 2026-02-03');
  });

  it('lists order moves beside job moves, unplaced ones with their reason', () => {
    const html = render(createElement(PlanMoves, { plan: switchCarrier }));
    const orders = html.match(/data-testid="plan-order-moves".*?<\/ol>/s)![0];
    expect((orders.match(/data-testid="plan-order-move"/g) ?? []).length).toBe(2);
    expect(text(orders)).toContain('SO-0001 发运 安能物流 2026-02-02 → 顺丰速运 2026-02-03');
    expect(orders).toContain('data-unplaced="collected"');
    expect(text(orders)).toContain('已被原承运商揽收，不能改走其他承运商（运单 AN123）');
    expect(text(html)).toContain('订单调整（2）');
    expect(text(html)).toContain('安装工单（1）');
    expect(html).toContain('data-testid="plan-moves"');
    // a line plan has no jobs: no empty job list
    const line = render(createElement(PlanMoves, { plan: moveLine }));
    expect(text(line)).toContain('生产 苏州一厂/封边2线 2026-02-02 → 苏州一厂/封边1线 2026-02-03');
    expect(text(line)).toContain('没有其他产线具备该工序和技能且有空闲工时');
    expect(line).not.toContain('data-testid="plan-moves"');
  });
});

describe('plans of an incident with nothing left in it', () => {
  it('are told apart from plans that have rows, even rows that stay', () => {
    const empty = Plan.parse({ ...moveLine, id: 'plan-9', orderMoves: [], moves: [] });
    expect(nothingLeft([empty, { ...empty, id: 'plan-10' }])).toBe(true);
    expect(nothingLeft([empty, moveLine])).toBe(false);
    expect(nothingLeft([{ ...empty, moves: [jobMove({ moved: false })] }])).toBe(false);
    expect(nothingLeft([])).toBe(false);
  });
});

describe('a row the planner cannot change', () => {
  it('says why in the page language, not the planner’s log words', () => {
    expect(unplacedText({ code: 'not_plannable', detail: 'order at stage 8' }, zh, 'zh-CN')).toMatch(/^不可调整：订单在第 8 道工序（\S+）$/);
    expect(unplacedText({ code: 'not_plannable', detail: 'order at stage 4; installation jobs are planned from stage 9' }, en, 'en')).toMatch(/^cannot be changed: the order is at stage 4 \(.+\)$/);
    expect(notPlannableText('job cancelled', zh, 'zh-CN')).toBe('工单已取消');
    expect(notPlannableText('order is with 德邦物流, not 安能物流', zh, 'zh-CN')).toBe('订单现在在 德邦物流，不在 安能物流');
    expect(notPlannableText('something new', en, 'en')).toBe('something new');
  });
});

describe('an incident whose kind has no plan', () => {
  it('says why, with the cause, in both languages', () => {
    expect(noPlanText({ code: 'no_plan_for_cause', detail: '' }, 'customer_reschedule', zh, 'zh-CN')).toBe('此类原因暂无自动方案：客户改期。客户主动改期，新日期由客户决定，无需也不应自动调整。');
    expect(noPlanText({ code: 'no_plan_for_cause', detail: '' }, 'customer_reschedule', en, 'en')).toBe('No automatic plan for this cause yet: Customer reschedule. The customer chose a new date; it is theirs to set, not a plan’s.');
    // the why is the page's, never the back end's log words; a cause without words of its own gets the general why
    expect(noPlanText({ code: 'no_plan_for_cause', detail: 'site_problem: no plan moves anything' }, 'site_problem', zh, 'zh-CN')).toBe('此类原因暂无自动方案：地址/尺寸问题。地址或尺寸需要与客户核实、现场复测，改派、换承运商或转线都解决不了。');
    expect(noPlanText({ code: 'no_plan_for_cause', detail: '' }, 'brand_new', en, 'en')).toBe('No automatic plan for this cause yet: brand_new. This is not something a move of crews, carriers or lines can fix.');
    expect(noPlanText({ code: 'no_workstation', detail: '苏州一厂' }, 'machine_fault', zh, 'zh-CN')).toBe('设备故障未定位到工位，无法生成转线方案（苏州一厂）');
    expect(noPlanText({ code: 'no_carrier', detail: '' }, 'logistics', en, 'en')).toBe('Logistics exception names no carrier, so no carrier plan can be made');
  });

  it('shows the message instead of an empty strip', () => {
    const html = render(createElement(NoPlans, { noPlan: { code: 'no_plan_for_cause', detail: '' }, cause: 'site_problem' }));
    expect(html).toContain('data-testid="plans-none"');
    expect(html).toContain('data-code="no_plan_for_cause"');
    expect(text(html)).toContain('此类原因暂无自动方案：地址/尺寸问题');
    expect(text(render(createElement(NoPlans, { noPlan: null, cause: 'logistics' })))).toContain('没有生成任何方案');
  });
});

describe('the auto-policy control', () => {
  const policy = AutoPolicy.parse({
    rules: [{ cause: 'logistics', enabled: true, plan: 'B', maxJobs: 120 }, { cause: 'machine_fault', enabled: false, plan: 'A', maxJobs: 50 }],
    runs: [
      { at: '2026-02-02T01:10:00+08:00', plan: 'B', incidentId: 'inc-1', title: '安能物流 · 物流异常', cause: 'logistics', actionId: 'srv#7', moved: 45, outcome: 'applied', detail: null },
      { at: '2026-02-02T03:00:00+08:00', plan: 'B', incidentId: 'inc-2', title: '德邦物流 · 物流异常', cause: 'logistics', actionId: null, moved: 0, outcome: 'skipped', detail: 'over 120 items' },
      { at: '2026-02-01T22:00:00+08:00', incidentId: 'inc-0', title: '浦东新区 · 安装人员不足', cause: 'installer_shortage', actionId: 'srv#3', moved: 8, outcome: 'applied', detail: null },
    ],
  });
  const control = (cause: string, editable: boolean) => render(createElement(AutoRuleControl, { cause, policy, editable, error: null, onSave: () => {}, initiallyOpen: true }));

  it('offers the plan letters of the cause’s family and shows the rule as stored', () => {
    const html = control('logistics', true);
    const options = [...html.matchAll(/<option value="([ABC])"[^>]*>([^<]+)</g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([['A', '方案A 未揽收改走其他承运商'], ['B', '方案B 安装顺延至新到货日'], ['C', '方案C 购买加急运力']]);
    expect(html).toMatch(/<option value="B" selected/);
    expect(html).toMatch(/data-testid="auto-rule-max"[^>]*value="120"|value="120"[^>]*data-testid="auto-rule-max"/);
    expect(text(html)).toContain('自动执行：方案B');
    expect(html).not.toContain('disabled');
    expect(lettersFor(familyForCause('missing_handoff')!)).toEqual([{ letter: 'A', kind: 'book_missing' }]);
    expect([...control('missing_handoff', true).matchAll(/<option /g)]).toHaveLength(1);
    expect([...control('machine_fault', true).matchAll(/<option /g)]).toHaveLength(3);
  });

  it('says the server applies it with no desk open and lists the runs with plan and actor auto, newest first', () => {
    const html = control('logistics', true);
    expect(text(html)).toContain('由订单服务器执行：无需打开任何值班台');
    const runs = [...html.matchAll(/<li[^>]*data-testid="auto-run"[^>]*>(.*?)<\/li>/gs)].map((m) => text(m[1]!));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatch(/方案B · 未执行 · 0 项 · 执行者 auto · 德邦物流/);
    expect(runs[1]).toMatch(/方案B · 已执行 · 45 项 · 执行者 auto · 安能物流/);
    expect(text(html)).toContain('物流异常：方案B，上限 120 项');
    // a run recorded before plan letters existed was plan A
    expect(runsFor(policy.runs, 'installer_shortage')[0]?.plan ?? 'A').toBe('A');
    expect(control('installer_shortage', true)).toContain('data-plan="A"');
  });

  it('is read only for anyone but a supervisor, and for a cause with no plan', () => {
    const viewer = control('logistics', false);
    expect(text(viewer)).toContain('仅主管可修改自动策略');
    for (const testId of ['auto-rule', 'auto-rule-plan', 'auto-rule-max']) expect(viewer).toMatch(new RegExp(`<[^>]*disabled=""[^>]*data-testid="${testId}"`));
    const none = control('site_problem', true);
    expect(text(none)).toContain('此类原因暂无方案，不能自动执行');
    expect(none).toMatch(/<input[^>]*disabled=""[^>]*data-testid="auto-rule"/);
    expect(none).not.toContain('<select');
  });

  it('takes a max-items entry only from 1 to 5000', () => {
    expect(parseMaxJobs('300')).toBe(300);
    expect(parseMaxJobs(' 5000 ')).toBe(5000);
    for (const bad of ['0', '5001', '-3', '2.5', '', 'abc']) expect(parseMaxJobs(bad), bad).toBeNull();
  });
});
