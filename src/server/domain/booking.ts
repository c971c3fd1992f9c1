/**
 * Choosing an installation crew (pure). A crew fits a job on day D when it works in the job's
 * district, has the skill, is not unavailable on D (Asia/Shanghai) and its load on D (jobs not
 * cancelled) is below its capacity that day (capacityPerDay plus any overtime). Among fitting crews: the least loaded, then the one whose
 * home district is the job's, then the lowest id.
 */
import { addDays, endOfShanghaiDay, startOfShanghaiDay } from '@shared/time';

export interface CrewForBooking {
  id: string;
  district: string;
  districts: readonly string[];
  skills: readonly string[];
  capacityPerDay: number;
  unavailable: readonly { from: string; to: string }[];
  /** crew.overtime: extra jobs on some dates (absent or empty = none) */
  overtime?: readonly { date: string; extraJobs: number }[];
}

/** A crew's capacity on a date: capacityPerDay plus the overtime booked for that date. */
export function capacityOn(crew: Pick<CrewForBooking, 'capacityPerDay' | 'overtime'>, date: string): number {
  return crew.capacityPerDay + (crew.overtime?.find((o) => o.date === date)?.extraJobs ?? 0);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Interval bounds in epoch ms: a date-only `from` starts that day, a date-only `to` ends that day. */
export function intervalMs(iv: { from: string; to: string }): [number, number] {
  const from = DATE_ONLY.test(iv.from) ? startOfShanghaiDay(iv.from) : Date.parse(iv.from);
  const to = DATE_ONLY.test(iv.to) ? endOfShanghaiDay(iv.to) : Date.parse(iv.to);
  return [from, to];
}

export function isUnavailableOn(crew: Pick<CrewForBooking, 'unavailable'>, date: string): boolean {
  const dayStart = startOfShanghaiDay(date);
  const dayEnd = endOfShanghaiDay(date);
  return crew.unavailable.some((iv) => {
    const [from, to] = intervalMs(iv);
    return from < dayEnd && to > dayStart;
  });
}

export interface BookingRequest {
  district: string;
  skill: string;
  /** first date to try */
  fromDate: string;
  /** how many dates to try, from fromDate on */
  days: number;
}

export interface Booking {
  crewId: string;
  date: string;
}

export function chooseCrew(crews: readonly CrewForBooking[], loadOf: (crewId: string, date: string) => number, req: BookingRequest): Booking | null {
  const candidates = crews.filter((c) => c.districts.includes(req.district) && c.skills.includes(req.skill));
  for (let d = 0; d < req.days; d++) {
    const date = addDays(req.fromDate, d);
    let best: { crew: CrewForBooking; load: number } | null = null;
    for (const crew of candidates) {
      if (isUnavailableOn(crew, date)) continue;
      const load = loadOf(crew.id, date);
      if (load >= capacityOn(crew, date)) continue;
      if (!best || better(crew, load, best, req.district)) best = { crew, load };
    }
    if (best) return { crewId: best.crew.id, date };
  }
  return null;
}

function better(crew: CrewForBooking, load: number, best: { crew: CrewForBooking; load: number }, district: string): boolean {
  if (load !== best.load) return load < best.load;
  const home = crew.district === district;
  const bestHome = best.crew.district === district;
  if (home !== bestHome) return home;
  return crew.id < best.crew.id;
}

/** The installation skill a product type needs (the wire uses the same codes). */
export function skillFor(productType: string): string {
  return productType;
}

export const INSTALL_WINDOWS = ['09:00-12:00', '13:00-17:00', '18:00-21:00'] as const;
