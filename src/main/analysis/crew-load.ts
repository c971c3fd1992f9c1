/** Crews × the next days: their load against capacity, with leave (protocol.md "load"; the crew rules of src/shared/crew-rules.ts). */
import { capacityOn, countsTowardLoad, leaveOn } from '@shared/crew-rules';
import { addDays } from '@shared/time';
import type { CrewLoad } from '@shared/war-room';
import type { WarRoomIndex } from './war-room-index';

export function computeCrewLoad(index: WarRoomIndex, days = 7): CrewLoad {
  const dates = Array.from({ length: days }, (_, i) => addDays(index.todayDate, i));
  const col = new Map(dates.map((d, i) => [d, i]));
  const crews = [...index.crews.values()].map((crew) => {
    const load = dates.map(() => 0);
    for (const jobId of index.jobsByCrew.get(crew.id) ?? []) {
      const job = index.jobs.get(jobId)!;
      const i = job.date ? col.get(job.date) : undefined;
      if (i !== undefined && countsTowardLoad(job)) load[i]!++;
    }
    const unavailable = dates.map((d) => leaveOn(crew.unavailable, d)?.reason ?? null);
    const capacity = dates.map((d) => capacityOn(crew, d));
    return { id: crew.id, name: crew.name, district: crew.district, capacityPerDay: crew.capacityPerDay, capacity, load, unavailable };
  });
  // crews needing attention first: leave with jobs, over capacity, then by load
  const pressure = (c: (typeof crews)[number]) =>
    c.load.reduce((a, n, i) => a + (c.unavailable[i] && n > 0 ? 1000 : 0) + (n > c.capacity[i]! ? 100 : 0) + n / Math.max(1, c.capacity[i]!), 0);
  crews.sort((a, b) => pressure(b) - pressure(a) || a.id.localeCompare(b.id));
  return { dates, crews };
}
