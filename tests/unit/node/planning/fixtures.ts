/** Small random planning problems for the plan tests (seeded, reproducible). */
import fc from 'fast-check';
import { DEFAULT_POLICY } from '@main/plans/policy';
import { addDays, startOfShanghaiDay } from '@shared/time';
import type { PlanCrew, PlanJob, PlanningProblem } from '@node/planning/problem';

export const TODAY = '2026-11-25';
/** 21:06 Asia/Shanghai on TODAY: the demo's late evening (issue 14, deliverable 3) */
export const LATE_EVENING = startOfShanghaiDay(TODAY) + (21 * 60 + 6) * 60_000;

/** When a placement starts, read from its date and window text ("13:00-17:00"; none = 09:00), Shanghai time. */
export function startsAt(date: string, window: string | null): number {
  const hhmm = window ? window.slice(0, 5) : '09:00';
  return Date.parse(`${date}T${hhmm}:00+08:00`);
}
const DISTRICTS = ['浦东新区', '闵行区', '徐汇区'];
const SKILLS = ['kitchen', 'wardrobe'];

export function crew(i: number, over: Partial<PlanCrew> = {}): PlanCrew {
  return {
    id: `crew-${i}`, name: `班组${i}`, district: DISTRICTS[i % 3]!, districts: DISTRICTS, skills: SKILLS, capacityPerDay: 2,
    unavailable: [], overtime: [], version: 1, lat: 31.2 + i * 0.01, lng: 121.5 + i * 0.02, ...over,
  };
}

export function job(i: number, over: Partial<PlanJob> = {}): PlanJob {
  return {
    jobId: `j-${i}`, orderId: `o-${i}`, orderNo: `NO${i}`, district: DISTRICTS[i % 3]!, lat: 31.2, lng: 121.45 + i * 0.01, skill: SKILLS[i % 2]!,
    window: '09:00-12:00', date: TODAY, crewId: 'crew-0', promisedDate: addDays(TODAY, 1), version: 3, notPlannable: null, ...over,
  };
}

/** 1-5 jobs, 1-3 crews with random reach, skills, capacity and leave, 0-3 other jobs of load. */
export const smallProblem: fc.Arbitrary<PlanningProblem> = fc
  .record({
    jobs: fc.array(fc.record({ d: fc.nat(2), s: fc.nat(1), date: fc.nat(2), promised: fc.integer({ min: -1, max: 2 }) }), { minLength: 1, maxLength: 5 }),
    crews: fc.array(fc.record({ reach: fc.subarray([0, 1, 2], { minLength: 1 }), skills: fc.subarray([0, 1], { minLength: 1 }), cap: fc.integer({ min: 0, max: 2 }), off: fc.option(fc.nat(3)), overtime: fc.nat(1) }), { minLength: 1, maxLength: 3 }),
    load: fc.array(fc.record({ c: fc.nat(2), date: fc.nat(2) }), { maxLength: 3 }),
  })
  .map(({ jobs, crews, load }) => {
    const planCrews = crews.map((c, i) =>
      crew(i, {
        districts: c.reach.map((r) => DISTRICTS[r]!),
        skills: c.skills.map((s) => SKILLS[s]!),
        capacityPerDay: c.cap,
        unavailable: c.off === null ? [] : [{ from: addDays(TODAY, c.off), to: addDays(TODAY, c.off), reason: '病假' }],
        overtime: c.overtime ? [{ date: addDays(TODAY, 1), extraJobs: 1 }] : [],
      }),
    );
    const otherLoad = new Map<string, number>();
    for (const l of load) {
      const c = planCrews[l.c % planCrews.length]!;
      const key = `${c.id}|${addDays(TODAY, l.date)}`;
      otherLoad.set(key, (otherLoad.get(key) ?? 0) + 1);
    }
    return {
      today: TODAY,
      nowMs: startOfShanghaiDay(TODAY),
      jobs: jobs.map((j, i) => job(i, { district: DISTRICTS[j.d]!, skill: SKILLS[j.s]!, date: addDays(TODAY, j.date), promisedDate: addDays(TODAY, j.promised), crewId: planCrews[i % planCrews.length]!.id })),
      crews: planCrews,
      otherLoad,
      policy: DEFAULT_POLICY,
    };
  });
