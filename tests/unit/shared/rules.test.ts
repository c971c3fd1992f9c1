import { describe, expect, it } from 'vitest';
import { assessLateness, isAtRisk, isOverdue, projectedFinish } from '@shared/rules';
import { DEFAULT_BUDGETS, STAGES, stageDef } from '@shared/stages';
import { addDays, endOfShanghaiDay, shanghaiDate, shanghaiIso } from '@shared/time';

const H = 3600_000;
const now = Date.parse('2026-11-25T22:00:00+08:00');

describe('stages', () => {
  it('are the 12 stages in order with Chinese and English names', () => {
    expect(STAGES.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(stageDef(5)).toMatchObject({ zh: '封边', en: 'Edge banding', budgetHours: 12 });
    expect(stageDef(1).zh).toBe('客户签约');
    expect(stageDef(12).zh).toBe('完工验收');
    for (const s of STAGES) expect(s.zh.length && s.en.length).toBeTruthy();
  });
  it('refuses a stage outside 1..12', () => {
    expect(() => stageDef(0)).toThrow(/1\.\.12/);
    expect(() => stageDef(13)).toThrow(/1\.\.12/);
  });
  it('budgets are data, per stage', () => {
    expect(DEFAULT_BUDGETS[5]).toBe(12);
    expect(DEFAULT_BUDGETS[1]).toBeNull();
    expect(DEFAULT_BUDGETS[12]).toBeNull();
  });
});

describe('Asia/Shanghai time', () => {
  it('dates are Shanghai dates whatever the host zone', () => {
    expect(shanghaiDate(Date.parse('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(shanghaiDate(Date.parse('2026-11-25T15:59:59Z'))).toBe('2026-11-25');
    expect(shanghaiIso(Date.parse('2026-11-25T16:30:00Z'))).toBe('2026-11-26T00:30:00+08:00');
    expect(endOfShanghaiDay('2026-11-25')).toBe(Date.parse('2026-11-26T00:00:00+08:00'));
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('overdue and at-risk rules', () => {
  const far = '2026-12-31';
  it('an order past its stage budget is overdue by the hours beyond it', () => {
    const v = assessLateness({ stage: 5, stageEnteredAt: shanghaiIso(now - 36 * H), promisedDate: far }, DEFAULT_BUDGETS, now);
    expect(v.status).toBe('overdue');
    expect(v.reason).toBe('stage_budget');
    expect(v.hoursLate).toBeCloseTo(24, 5);
  });
  it('an order within its stage budget and far from its promise is on track', () => {
    expect(assessLateness({ stage: 5, stageEnteredAt: shanghaiIso(now - 11 * H), promisedDate: far }, DEFAULT_BUDGETS, now).status).toBe('on_track');
  });
  it('a passed promised date is overdue even inside the stage budget', () => {
    const v = assessLateness({ stage: 9, stageEnteredAt: shanghaiIso(now - 1 * H), promisedDate: '2026-11-24' }, DEFAULT_BUDGETS, now);
    expect(v).toMatchObject({ status: 'overdue', reason: 'promised_date' });
    expect(v.hoursLate).toBeCloseTo(22, 5);
  });
  it('the promised date counts until the end of its Shanghai day', () => {
    expect(isOverdue({ stage: 11, stageEnteredAt: shanghaiIso(now - H), promisedDate: '2026-11-25' }, DEFAULT_BUDGETS, now)).toBe(false);
  });
  it('at risk when the remaining budgets end after the promised date', () => {
    // stage 4 just entered: 48+12+8+8+24+72+48+48 = 268 h of budgets still ahead
    const order = { stage: 4, stageEnteredAt: shanghaiIso(now), promisedDate: addDays(shanghaiDate(now), 5) };
    expect(projectedFinish(order, DEFAULT_BUDGETS, now)).toBe(now + 268 * H);
    expect(isAtRisk(order, DEFAULT_BUDGETS, now)).toBe(true);
    expect(isAtRisk({ ...order, promisedDate: addDays(shanghaiDate(now), 12) }, DEFAULT_BUDGETS, now)).toBe(false);
  });
  it('a finished order is neither overdue nor at risk', () => {
    expect(assessLateness({ stage: 12, stageEnteredAt: shanghaiIso(now - 900 * H), promisedDate: '2020-01-01' }, DEFAULT_BUDGETS, now).status).toBe('done');
  });
  it('edited budgets change the verdict (budgets are data)', () => {
    const order = { stage: 5, stageEnteredAt: shanghaiIso(now - 20 * H), promisedDate: far };
    expect(isOverdue(order, DEFAULT_BUDGETS, now)).toBe(true);
    expect(isOverdue(order, { ...DEFAULT_BUDGETS, 5: 24 }, now)).toBe(false);
  });
});
