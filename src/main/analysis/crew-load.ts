/** Crews × the next days: jobs booked (not cancelled) against capacity, with leave (protocol.md "load"). */
import { addDays } from '@shared/time';
import type { CrewLoad } from '@shared/war-room';
import { unavailabilityOn } from './crew-calendar';
import type { WarRoomIndex } from './war-room-index';

export function computeCrewLoad(index: WarRoomIndex, days = 7): CrewLoad {
  const dates = Array.from({ length: days }, (_, i) => addDays(index.todayDate, i));
  const col = new Map(dates.map((d, i) => [d, i]));
  const crews = [...index.crews.values()].map((crew) => {
    const load = dates.map(() => 0);
    for (const jobId of index.jobsByCrew.get(crew.id) ?? []) {
      const job = index.jobs.get(jobId)!;
      const i = job.date ? col.get(job.date) : undefined;
      if (i !== undefined && job.status !== 'cancelled') load[i]!++;
    }
    const unavailable = dates.map((d) => unavailabilityOn(crew.unavailable, d)?.reason ?? null);
    const capacity = dates.map((d) => crew.capacityPerDay + (crew.overtime?.find((o) => o.date === d)?.extraJobs ?? 0));
    return { id: crew.id, name: crew.name, district: crew.district, capacityPerDay: crew.capacityPerDay, capacity, load, unavailable };
  });
  // crews needing attention first: leave with jobs, over capacity, then by load
  const pressure = (c: (typeof crews)[number]) =>
    c.load.reduce((a, n, i) => a + (c.unavailable[i] && n > 0 ? 1000 : 0) + (n > c.capacity[i]! ? 100 : 0) + n / Math.max(1, c.capacity[i]!), 0);
  crews.sort((a, b) => pressure(b) - pressure(a) || a.id.localeCompare(b.id));
  return { dates, crews };
}
