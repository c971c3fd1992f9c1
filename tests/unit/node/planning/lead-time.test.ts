// No plan places work in a slot that has begun, or begins within the lead time (issue 14,
// deliverable 3): the demo's plan A offered "13:00-17:00" of the same day at 21:06. Every plan
// kind is solved at a late-evening server time and each placement's start is checked here by
// reading the window text itself, not through the planner's helper. (The line family's kinds are
// checked the same way in line-plans' tests.)
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@main/plans/policy';
import { addDays } from '@shared/time';
import { FAMILY_KINDS } from '@shared/plans';
import { plansForFamily } from '@node/planning/families';
import { generatePlans } from '@node/planning/generate';
import { slotStartsAfterLead, type PlanningProblem } from '@node/planning/problem';
import { suggestCrews } from '@node/planning/suggest';
import { crew, job, LATE_EVENING, startsAt, TODAY } from './fixtures';
import { coldSnap, missingHandoff } from './supply-fixtures';

const TOMORROW = addDays(TODAY, 1);

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

  for (const [family, problem] of [['logistics', coldSnap], ['handoff', missingHandoff]] as const) {
    it(`${family} plans at 21:06 place no job and book no pickup before now + 2 h`, async () => {
      const plans = await plansForFamily(problem(), family, { incidentId: 'inc', checkpoint: 1 });
      expect(plans.map((x) => x.kind)).toEqual(FAMILY_KINDS[family]);
      for (const plan of plans) {
        const placed = plan.moves.filter((m) => m.to && m.moved);
        const picked = plan.orderMoves.filter((m) => m.moved);
        expect(placed.length + picked.length, plan.kind).toBeGreaterThan(0);
        for (const m of placed) expect(startsAt(m.to!.date!, m.window), `${plan.kind} ${m.jobId}`).toBeGreaterThanOrEqual(LATE_EVENING + 2 * 3_600_000);
        for (const m of picked) expect(startsAt(m.to!.date!, null), `${plan.kind} ${m.orderId}`).toBeGreaterThanOrEqual(LATE_EVENING + 2 * 3_600_000);
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
