/**
 * Crew suggestions for a manual bulk re-assign (issue 6 item 6, pure): for the jobs a supervisor
 * picked on the map, which crews could take them and how full those crews are over the next days.
 * The planner's own hard rules decide what a crew can do (placementsFor), so a suggestion never
 * offers what a plan would refuse; the supervisor then picks the crew and the day.
 */
import type { BulkJob, CrewDay, CrewSuggestion, CrewSuggestions } from '@shared/plans';
import { addDays } from '@shared/time';
import { capacityOn, isOnLeave, leaveOn } from '@shared/crew-rules';
import { loadKey, placementsFor, slotStartsAfterLead, type PlanningProblem } from '@node/planning/problem';

/** The days shown per crew: the chosen one and the next two (a customer's usual flexibility). */
export const SUGGESTION_DAYS = 3;

const uniqueSorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

export function suggestCrews(p: PlanningProblem, date?: string): CrewSuggestions {
  // a re-assign into the past is refused by the server; start no earlier than the server's today,
  // and no earlier than the first day every picked job's window starts after the lead time (issue 14)
  let start = date && date > p.today ? date : p.today;
  const windows = p.jobs.length ? p.jobs.map((j) => j.window) : [null];
  while (!windows.every((w) => slotStartsAfterLead(p, start, w))) start = addDays(start, 1);
  const dates = Array.from({ length: SUGGESTION_DAYS }, (_, i) => addDays(start, i));
  const crewName = new Map(p.crews.map((c) => [c.id, c.name]));

  // Reach and skill only: leave is shown per day instead of hiding the crew (a crew off tomorrow
  // may still be the one for the day after), so the planner's rules run with leave set aside; the
  // lead time is applied to the dates shown (above), not to the job's booked date.
  const leaveSetAside: PlanningProblem = { ...p, nowMs: -Infinity, crews: p.crews.map((c) => ({ ...c, unavailable: [] })) };
  const canDo = new Map<number, { jobs: number[]; km: number }>();
  const jobs: BulkJob[] = p.jobs.map((job, j) => {
    const { options, why } = placementsFor(leaveSetAside, j, { days: 1, sameCrewOnly: false });
    for (const o of options) {
      const f = canDo.get(o.crew) ?? { jobs: [], km: 0 };
      f.jobs.push(j);
      f.km += o.km;
      canDo.set(o.crew, f);
    }
    return {
      jobId: job.jobId,
      orderId: job.orderId,
      orderNo: job.orderNo,
      district: job.district,
      skill: job.skill,
      date: job.date,
      crewId: job.crewId,
      crewName: job.crewId ? (crewName.get(job.crewId) ?? job.crewId) : null,
      plannable: why === null,
      ...(why ? { why } : {}),
    };
  });

  // otherLoad leaves the problem's own jobs out; the picked jobs still hold their slots until moved
  // (a cancelled one holds none: problemFromIndex marks it "job cancelled")
  const pickedLoad = new Map<string, number>();
  for (const job of p.jobs) {
    if (!job.crewId || !job.date || job.notPlannable === 'job cancelled') continue;
    const key = loadKey(job.crewId, job.date);
    pickedLoad.set(key, (pickedLoad.get(key) ?? 0) + 1);
  }

  const crews: CrewSuggestion[] = [...canDo].map(([ci, f]) => {
    const crew = p.crews[ci]!;
    const days: CrewDay[] = dates.map((d) => {
      const key = loadKey(crew.id, d);
      return { date: d, load: (p.otherLoad.get(key) ?? 0) + (pickedLoad.get(key) ?? 0), capacity: capacityOn(crew, d), off: leaveOn(crew.unavailable, d)?.reason ?? null };
    });
    const free = days.reduce((n, d) => n + (isOnLeave(crew, d.date) ? 0 : Math.max(0, d.capacity - d.load)), 0);
    const mine = f.jobs.map((j) => p.jobs[j]!);
    return {
      crewId: crew.id,
      crewName: crew.name,
      district: crew.district,
      fits: mine.length,
      jobIds: mine.map((j) => j.jobId),
      km: Math.round((f.km / mine.length) * 10) / 10,
      free,
      dates: days,
      reason: { skills: uniqueSorted(mine.map((j) => j.skill)), districts: uniqueSorted(mine.map((j) => j.district)) },
    };
  });
  // a crew with no free slot in the window (on leave or full every day) cannot take any of them
  // now, however many it could do: it goes below every crew with room
  crews.sort((a, b) => Number(b.free > 0) - Number(a.free > 0) || b.fits - a.fits || b.free - a.free || a.km - b.km || a.crewId.localeCompare(b.crewId));
  return { dates, jobs, crews };
}
