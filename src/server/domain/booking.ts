/**
 * Choosing an installation crew (pure). A crew fits a job on day D when it works in the job's
 * district, has the skill, is not on leave on D and its load on D is below its capacity that day
 * (the crew rules of src/shared/crew-rules.ts). Among fitting crews: the least loaded, then the one whose
 * home district is the job's, then the lowest id.
 */
import { capacityOn, isOnLeave, type LeaveInterval, type OvertimeDay } from '@shared/crew-rules';
import { addDays } from '@shared/time';

export interface CrewForBooking {
  id: string;
  district: string;
  districts: readonly string[];
  skills: readonly string[];
  capacityPerDay: number;
  unavailable: readonly LeaveInterval[];
  /** crew.overtime: extra jobs on some dates (absent or empty = none) */
  overtime?: readonly OvertimeDay[];
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
      if (isOnLeave(crew, date)) continue;
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
