import { describe, expect, it } from 'vitest';
import { planAdvance } from '@server/domain/advance';
import { chooseCrew, type CrewForBooking } from '@server/domain/booking';
import { isOnLeave as isUnavailableOn } from '@shared/crew-rules';
import { AppError } from '@server/errors';

const order = { id: 'o1', stage: 4, stageEnteredAt: '2025-11-11T08:00:00+08:00', productType: 'kitchen' };
const AT = '2025-11-11T10:00:00+08:00';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'other';
  }
  return undefined;
}

describe('planAdvance', () => {
  it('only moves forward, never past 12', () => {
    expect(code(() => planAdvance(order, null, 4, AT))).toBe('wrong_stage');
    expect(code(() => planAdvance(order, null, 3, AT))).toBe('wrong_stage');
    expect(code(() => planAdvance({ ...order, stage: 12 }, null, 12, AT))).toBe('wrong_stage');
    expect(code(() => planAdvance(order, null, 5, '2025-11-11T07:00:00+08:00'))).toBe('bad_request');
    expect(planAdvance(order, null, 5, AT)).toEqual({ stage: 5, at: AT, createJob: null, provisional: false, book: false, confirm: false, finishJob: false, notify: [] });
  });

  it('creates, books and finishes the installation job', () => {
    // shipped before the stage-9 hand-off existed: delivery creates the job, unbooked
    expect(planAdvance({ ...order, stage: 9 }, null, 10, AT)).toMatchObject({ createJob: { skill: 'kitchen' }, provisional: false, book: false, notify: [] });
    // shipping (9) creates the job and books it provisionally (issue 14); delivery then finds it
    expect(planAdvance({ ...order, stage: 8 }, null, 9, AT)).toMatchObject({ createJob: { skill: 'kitchen' }, provisional: true, book: false, notify: ['tracking_link'] });
    const provisional = { id: 'j1', status: 'booked', crewId: 'c1', date: '2025-11-14' };
    expect(planAdvance({ ...order, stage: 9 }, provisional, 10, AT)).toMatchObject({ createJob: null, book: false, confirm: false });
    expect(planAdvance({ ...order, stage: 10 }, provisional, 11, AT)).toMatchObject({ createJob: null, book: false, confirm: true, notify: ['install_booked'] });
    const unbooked = { id: 'j1', status: 'unbooked', crewId: null, date: null };
    expect(planAdvance({ ...order, stage: 10 }, unbooked, 11, AT)).toMatchObject({ createJob: null, book: true, finishJob: false, notify: ['install_booked'] });
    const booked = { id: 'j1', status: 'booked', crewId: 'c1', date: '2025-11-12' };
    expect(planAdvance({ ...order, stage: 11 }, booked, 12, AT, { customerSignature: 'esign-1' })).toMatchObject({ createJob: null, book: false, finishJob: true });
    // skipping ahead up to delivery does everything on the way
    expect(planAdvance(order, null, 10, AT)).toMatchObject({ createJob: { skill: 'kitchen' }, provisional: true, book: false, notify: ['tracking_link'] });
    expect(planAdvance({ ...order, stage: 10 }, null, 12, AT, { customerSignature: 'esign-1' })).toMatchObject({ createJob: { skill: 'kitchen' }, book: true, finishJob: true, notify: ['install_booked'] });
    // a cancelled job does not count
    expect(planAdvance({ ...order, stage: 10 }, { ...booked, status: 'cancelled' }, 11, AT).createJob).toEqual({ skill: 'kitchen' });
  });
});

describe('stage guards', () => {
  it('design confirmed needs a signed drawing and the sales lead, also when passed through', () => {
    const fresh = { ...order, stage: 1 };
    expect(code(() => planAdvance(fresh, null, 2, AT))).toBe('missing_evidence');
    expect(code(() => planAdvance(fresh, null, 5, AT, { signedDrawing: 'd.pdf' }))).toBe('missing_evidence');
    expect(code(() => planAdvance(fresh, null, 2, AT, { signedDrawing: 'd.pdf', salesLeadApproval: ' ' }))).toBe('missing_evidence');
    expect(planAdvance(fresh, null, 2, AT, { signedDrawing: 'd.pdf', salesLeadApproval: '李娜' }).stage).toBe(2);
  });

  it('installation booked needs delivery; accepted needs the e-signature', () => {
    expect(code(() => planAdvance({ ...order, stage: 9 }, null, 11, AT))).toBe('wrong_stage');
    const booked = { id: 'j1', status: 'booked', crewId: 'c1', date: '2025-11-12' };
    expect(code(() => planAdvance({ ...order, stage: 11 }, booked, 12, AT))).toBe('missing_evidence');
    try {
      planAdvance({ ...order, stage: 11 }, booked, 12, AT);
    } catch (err) {
      expect((err as AppError).message).toContain('evidence.customerSignature');
      expect((err as AppError).status).toBe(422);
    }
  });
});

describe('chooseCrew', () => {
  const crew = (id: string, over: Partial<CrewForBooking> = {}): CrewForBooking => ({
    id,
    district: '徐汇区',
    districts: ['徐汇区', '闵行区'],
    skills: ['kitchen'],
    capacityPerDay: 2,
    unavailable: [],
    ...over,
  });
  const req = { district: '闵行区', skill: 'kitchen', fromDate: '2025-11-12', days: 3 };

  it('needs the district, the skill, availability and capacity', () => {
    const crews = [
      crew('a', { districts: ['徐汇区'] }),
      crew('b', { skills: ['wardrobe'] }),
      crew('c', { unavailable: [{ from: '2025-11-12', to: '2025-11-12' }] }),
      crew('d'),
    ];
    const full = new Map([['d|2025-11-12', 2]]);
    const loadOf = (c: string, d: string) => full.get(`${c}|${d}`) ?? 0;
    expect(chooseCrew(crews, loadOf, req)).toEqual({ crewId: 'c', date: '2025-11-13' });
    expect(chooseCrew(crews, () => 0, req)).toEqual({ crewId: 'd', date: '2025-11-12' });
    expect(chooseCrew(crews, () => 2, req)).toBeNull();
  });

  it('prefers the least loaded crew, then a home crew', () => {
    const crews = [crew('a'), crew('b', { district: '闵行区' })];
    expect(chooseCrew(crews, () => 0, req)?.crewId).toBe('b');
    expect(chooseCrew(crews, (c) => (c === 'b' ? 1 : 0), req)?.crewId).toBe('a');
  });

  it('reads leave intervals as Shanghai days', () => {
    const c = { unavailable: [{ from: '2025-11-12T22:00:00+08:00', to: '2025-11-13T06:00:00+08:00' }] };
    expect(isUnavailableOn(c, '2025-11-11')).toBe(false);
    expect(isUnavailableOn(c, '2025-11-12')).toBe(true);
    expect(isUnavailableOn(c, '2025-11-13')).toBe(true);
    expect(isUnavailableOn(c, '2025-11-14')).toBe(false);
    expect(isUnavailableOn({ unavailable: [{ from: '2025-11-12T15:00:00Z', to: '2025-11-12T17:00:00Z' }] }, '2025-11-12')).toBe(true);
    expect(isUnavailableOn({ unavailable: [{ from: '2025-11-12T15:00:00Z', to: '2025-11-12T17:00:00Z' }] }, '2025-11-13')).toBe(true);
  });
});
