/** Crew suggestions for a manual bulk re-assign, on a small hand-made problem. */
import { describe, expect, it } from 'vitest';
import { chooseForCrew, CrewSuggestions } from '@shared/plans';
import { addDays, startOfShanghaiDay } from '@shared/time';
import { DEFAULT_POLICY } from '@main/plans/policy';
import type { PlanningProblem } from '@node/planning/problem';
import { suggestCrews } from '@node/planning/suggest';
import { crew, job, TODAY } from './fixtures';

const TOMORROW = addDays(TODAY, 1);

/**
 * Three kitchen jobs in 浦东新区 (one already on crew-1 today), one wardrobe job in 闵行区, one
 * job whose order is not at the installation stages.
 * crew-1: 浦东 kitchen+wardrobe, 3 a day, 2 other jobs today (1 free today with the picked one).
 * crew-2: 浦东+闵行 kitchen+wardrobe, 2 a day, on leave tomorrow, far away.
 * crew-3: 浦东 wardrobe only (fits none of the kitchen jobs, none in 闵行): not suggested.
 */
function problem(): PlanningProblem {
  return {
    today: TODAY,
    nowMs: startOfShanghaiDay(TODAY),
    jobs: [
      job(1, { district: '浦东新区', skill: 'kitchen', crewId: 'crew-1', date: TODAY }),
      job(2, { district: '浦东新区', skill: 'kitchen', crewId: 'crew-9', date: TODAY }),
      job(3, { district: '浦东新区', skill: 'kitchen', crewId: null, date: null }),
      job(4, { district: '闵行区', skill: 'wardrobe', crewId: 'crew-9', date: TOMORROW }),
      job(5, { district: '浦东新区', skill: 'kitchen', notPlannable: 'order at stage 8' }),
    ],
    crews: [
      crew(1, { district: '浦东新区', districts: ['浦东新区'], skills: ['kitchen', 'wardrobe'], capacityPerDay: 3, lat: 31.2, lng: 121.5 }),
      crew(2, {
        district: '闵行区', districts: ['浦东新区', '闵行区'], skills: ['kitchen', 'wardrobe'], capacityPerDay: 2, lat: 31.0, lng: 121.4,
        unavailable: [{ from: TOMORROW, to: TOMORROW, reason: '病假' }],
      }),
      crew(3, { district: '浦东新区', districts: ['浦东新区'], skills: ['wardrobe'], capacityPerDay: 5 }),
      crew(9, { districts: ['徐汇区'] }),
    ],
    otherLoad: new Map([['crew-1|' + TODAY, 2], ['crew-2|' + addDays(TODAY, 2), 2]]),
    policy: DEFAULT_POLICY,
  };
}

describe('suggestCrews', () => {
  const s = suggestCrews(problem());

  it('answers in the contract shape, with three days from today', () => {
    expect(CrewSuggestions.parse(s)).toEqual(s);
    expect(s.dates).toEqual([TODAY, TOMORROW, addDays(TODAY, 2)]);
  });

  it('says which jobs no crew can take, and why', () => {
    const byId = new Map(s.jobs.map((j) => [j.jobId, j]));
    expect(byId.get('j-1')).toMatchObject({ plannable: true, crewId: 'crew-1', crewName: '班组1' });
    expect(byId.get('j-3')).toMatchObject({ plannable: true, crewId: null, crewName: null });
    expect(byId.get('j-5')).toMatchObject({ plannable: false, why: { code: 'not_plannable', detail: 'order at stage 8' } });
    expect(byId.get('j-1')!.why).toBeUndefined();
  });

  it('ranks by jobs it can do, then free slots, then distance; leaves out crews that can do none', () => {
    expect(s.crews.map((c) => c.crewId)).toEqual(['crew-2', 'crew-1']);
    const [two, one] = s.crews;
    expect(two).toMatchObject({ fits: 4, jobIds: ['j-1', 'j-2', 'j-3', 'j-4'], reason: { skills: ['kitchen', 'wardrobe'], districts: ['浦东新区', '闵行区'] } });
    expect(one).toMatchObject({ fits: 3, jobIds: ['j-1', 'j-2', 'j-3'], reason: { skills: ['kitchen'], districts: ['浦东新区'] } });
    expect(two!.km).toBeGreaterThan(one!.km);
  });

  it('counts the picked jobs in the load, capacity per day, and leave as a day with its reason', () => {
    const one = s.crews.find((c) => c.crewId === 'crew-1')!;
    expect(one.dates).toEqual([
      { date: TODAY, load: 3, capacity: 3, off: null },
      { date: TOMORROW, load: 0, capacity: 3, off: null },
      { date: addDays(TODAY, 2), load: 0, capacity: 3, off: null },
    ]);
    expect(one.free).toBe(6);
    const two = s.crews.find((c) => c.crewId === 'crew-2')!;
    expect(two.dates[1]).toEqual({ date: TOMORROW, load: 0, capacity: 2, off: '病假' });
    // today 2 free, tomorrow on leave, the day after full
    expect(two.free).toBe(2);
  });

  it('ranks free slots before distance when the fit is equal', () => {
    const p = problem();
    p.jobs = p.jobs.slice(0, 3);
    const ranked = suggestCrews(p).crews;
    // both can do the three; crew-1 (6 free, near) before crew-2 (2 free, far)
    expect(ranked.map((c) => [c.crewId, c.fits, c.free])).toEqual([['crew-1', 3, 6], ['crew-2', 3, 2]]);
    p.crews[0] = { ...p.crews[0]!, capacityPerDay: 1 };
    p.otherLoad = new Map([...p.otherLoad, ['crew-1|' + TOMORROW, 1]]);
    // crew-1 now has 0 + 0 + 1 free: fewer than crew-2's 2, so it comes second despite being nearer
    expect(suggestCrews(p).crews.map((c) => c.crewId)).toEqual(['crew-2', 'crew-1']);
  });

  it('puts a crew with no free slot in the window below every crew with room, however many it could do', () => {
    const p = problem();
    p.crews[1] = { ...p.crews[1]!, unavailable: [{ from: TODAY, to: addDays(TODAY, 2), reason: '事假' }] };
    const ranked = suggestCrews(p).crews;
    expect(ranked.map((c) => [c.crewId, c.fits, c.free])).toEqual([['crew-1', 3, 6], ['crew-2', 4, 0]]);
    expect(ranked[1]!.dates.map((d) => d.off)).toEqual(['事假', '事假', '事假']);
  });

  it('starts on the chosen date, never before today', () => {
    expect(suggestCrews(problem(), TOMORROW).dates[0]).toBe(TOMORROW);
    expect(suggestCrews(problem(), addDays(TODAY, -3)).dates[0]).toBe(TODAY);
  });
});

describe('chooseForCrew', () => {
  const s = suggestCrews(problem());

  it('sends the jobs the crew can do within its free slots and says why the others stay', () => {
    // crew-1 today: 3/3 full, j-1 already there
    expect(chooseForCrew(s, 'crew-1', TODAY)).toEqual({ take: [], skipped: { notPlannable: 1, outOfReach: 1, alreadyThere: 1, noRoom: 2, onLeave: 0 } });
    expect(chooseForCrew(s, 'crew-1', TOMORROW)).toEqual({ take: ['j-1', 'j-2', 'j-3'], skipped: { notPlannable: 1, outOfReach: 1, alreadyThere: 0, noRoom: 0, onLeave: 0 } });
    expect(chooseForCrew(s, 'crew-2', TODAY)).toEqual({ take: ['j-1', 'j-2'], skipped: { notPlannable: 1, outOfReach: 0, alreadyThere: 0, noRoom: 2, onLeave: 0 } });
  });

  it('sends nothing to a crew on leave that day', () => {
    expect(chooseForCrew(s, 'crew-2', TOMORROW)).toEqual({ take: [], skipped: { notPlannable: 1, outOfReach: 0, alreadyThere: 0, noRoom: 0, onLeave: 4 } });
  });
});
