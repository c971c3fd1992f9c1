// No plan places work in a slot that has begun, or begins within the lead time (issue 14,
// deliverable 3): the demo's plan A offered "13:00-17:00" of the same day at 21:06. Every plan
// kind is solved at a late-evening server time and each placement's start is checked here by
// reading the window text itself, not through the planner's helper.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@main/plans/policy';
import { addDays, startOfShanghaiDay } from '@shared/time';
import { generatePlans } from '@node/planning/generate';
import { slotStartsAfterLead, type PlanningProblem } from '@node/planning/problem';
import { suggestCrews } from '@node/planning/suggest';
import { crew, job, TODAY } from './fixtures';

const TOMORROW = addDays(TODAY, 1);
/** 21:06 Asia/Shanghai on TODAY */
export const LATE_EVENING = startOfShanghaiDay(TODAY) + (21 * 60 + 6) * 60_000;

/** When a placement starts, from its date and window text ("13:00-17:00"; none = 09:00), Shanghai time. */
export function startsAt(date: string, window: string | null): number {
  const hhmm = window ? window.slice(0, 5) : '09:00';
  return Date.parse(`${date}T${hhmm}:00+08:00`);
}

/** Installer jobs booked today (the slots have passed) and tomorrow, on two crews with room. */
function lateEvening(leadTimeHours = 2): PlanningProblem {
  return {
    today: TODAY,
    nowMs: LATE_EVENING,
    jobs: [
      job(1, { window: '13:00-17:00', date: TODAY, crewId: 'crew-0', promisedDate: TODAY }),
      job(2, { window: '09:00-12:00', date: TODAY, crewId: 'crew-0', promisedDate: TOMORROW }),
      job(3, { window: null, date: TODAY, crewId: 'crew-1', promisedDate: TODAY }),
      job(4, { window: '09:00-12:00', date: TOMORROW, crewId: 'crew-0', promisedDate: TOMORROW }),
    ],
    // crew-0 is on leave today (the incident), crew-1 works
    crews: [crew(0, { capacityPerDay: 3, unavailable: [{ from: TODAY, to: TODAY, reason: '病假' }] }), crew(1, { capacityPerDay: 3 })],
    otherLoad: new Map(),
    policy: { ...DEFAULT_POLICY, leadTimeHours },
  };
}

describe('lead time', () => {
  it('slotStartsAfterLead reads the window start, 09:00 without one, against now plus the lead time', () => {
    const p = lateEvening();
    expect(slotStartsAfterLead(p, TODAY, '13:00-17:00')).toBe(false);
    expect(slotStartsAfterLead(p, TOMORROW, '09:00-12:00')).toBe(true);
    expect(slotStartsAfterLead(p, TOMORROW, null)).toBe(true);
    // 12 h after 21:06 is 09:06 tomorrow: tomorrow's 09:00 is too soon, its 13:00 is not
    const twelve = lateEvening(12);
    expect(slotStartsAfterLead(twelve, TOMORROW, null)).toBe(false);
    expect(slotStartsAfterLead(twelve, TOMORROW, '13:00-17:00')).toBe(true);
    // exactly at the boundary is allowed
    expect(slotStartsAfterLead({ nowMs: startsAt(TOMORROW, '09:00') - 2 * 3_600_000, policy: DEFAULT_POLICY }, TOMORROW, '09:00-12:00')).toBe(true);
  });

  for (const lead of [2, 12]) {
    it(`installer plans A, B, C at 21:06 with a ${lead} h lead time place nothing before now + ${lead} h`, async () => {
      const p = lateEvening(lead);
      const plans = await generatePlans(p, 'inc', 1);
      expect(plans.map((x) => x.kind)).toEqual(['reassign', 'reschedule', 'capacity']);
      for (const plan of plans) {
        const placed = plan.moves.filter((m) => m.to);
        expect(placed.length, plan.kind).toBeGreaterThan(0);
        for (const m of placed) expect(startsAt(m.to!.date!, m.window), `${plan.kind} ${m.jobId} ${m.to!.date} ${m.window}`).toBeGreaterThanOrEqual(LATE_EVENING + lead * 3_600_000);
        // the job booked today at 13:00 is never left today
        expect(plan.moves.find((m) => m.jobId === 'j-1')!.to?.date ?? null).not.toBe(TODAY);
      }
    });
  }

  it('a job whose every slot in the window starts too soon is unplaced with too_late', async () => {
    const p = lateEvening(72);
    const [a] = await generatePlans(p, 'inc', 1);
    const j1 = a!.moves.find((m) => m.jobId === 'j-1')!;
    expect(j1.to).toBeNull();
    expect(j1.unplaced?.code).toBe('too_late');
  });

  it('crew suggestions at 21:06 offer tomorrow first', () => {
    const s = suggestCrews(lateEvening());
    expect(s.dates[0]).toBe(TOMORROW);
    expect(s.jobs.every((j) => j.plannable)).toBe(true);
    // with a 12 h lead, the 09:00 windows cannot start tomorrow: the day after
    expect(suggestCrews(lateEvening(12)).dates[0]).toBe(addDays(TODAY, 2));
  });
});
