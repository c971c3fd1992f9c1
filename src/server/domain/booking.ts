/**
 * Choosing an installation crew (pure). A crew fits a job on day D when it works in the job's
 * district, has the skill, is not on leave on D and its load on D is below its capacity that day
 * (the crew rules of src/shared/crew-rules.ts). Among fitting crews: the least loaded, then the one whose
 * home district is the job's, then the lowest id.
 */
import { capacityOn, isOnLeave, type LeaveInterval, type OvertimeDay } from '@shared/crew-rules';
import { expectedArrival, type CarrierData } from '@shared/supply-rules';
import { addDays, shanghaiDate } from '@shared/time';

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

export { INSTALL_WINDOWS } from '@shared/crew-rules';

/** Where a shipment goes (a carrier's lane is matched by district, then city, then province). */
export interface ShipTo {
  district: string;
  city: string;
  province: string;
}

export type ProvisionalBooking =
  | { booking: Booking; arrival: string }
  | { booking: null; arrival: string | null; reason: 'unknown_carrier' | 'no_lane' | 'no_crew' };

/**
 * The stage-9 hand-off's booking (issue 14): the shipment is expected at `arrival` (the carrier's
 * lane and any stoppage holding it, src/shared/supply-rules.ts); the installation goes on the
 * first date from the day after where a crew fits, within `days` dates, and never before tomorrow
 * on the server clock (a shipment recorded late must not book a day already gone). Null booking, with the
 * reason, when the carrier is not known, does not serve the place, or no crew fits.
 */
export function provisionalBooking(
  crews: readonly CrewForBooking[],
  loadOf: (crewId: string, date: string) => number,
  req: { carrier: Pick<CarrierData, 'lanes' | 'stoppages'> | null; to: ShipTo; shippedMs: number; nowMs: number; skill: string; days: number },
): ProvisionalBooking {
  if (!req.carrier) return { booking: null, arrival: null, reason: 'unknown_carrier' };
  const arrival = expectedArrival(req.carrier, req.to, req.shippedMs, req.nowMs);
  if (!arrival) return { booking: null, arrival: null, reason: 'no_lane' };
  const fromDate = [addDays(arrival, 1), addDays(shanghaiDate(req.nowMs), 1)].sort()[1] as string;
  const booking = chooseCrew(crews, loadOf, { district: req.to.district, skill: req.skill, fromDate, days: req.days });
  return booking ? { booking, arrival } : { booking: null, arrival, reason: 'no_crew' };
}

/** The stage event's words for the hand-off (zh-CN, then English like the server's other notes). */
export function provisionalNote(p: ProvisionalBooking, carrier: string | null, to: ShipTo, window: string | null, days: number): string {
  const name = carrier ?? '（未填写）';
  if (p.booking) return `安装预排 ${p.booking.date} ${window ?? ''} ${p.booking.crewId}（${name} 预计 ${p.arrival} 到货）(installation booked provisionally from the expected arrival)`.replace(/ {2,}/g, ' ');
  if (p.reason === 'unknown_carrier') return `安装未预排：承运商 ${name} 不在承运商资料中 (installation job created unbooked: unknown carrier)`;
  if (p.reason === 'no_lane') return `安装未预排：${name} 没有到 ${to.district} 的线路 (installation job created unbooked: the carrier does not serve ${to.district})`;
  return `安装未预排：${name} 预计 ${p.arrival} 到货，之后 ${days} 天内没有合适的安装队 (installation job created unbooked: no crew fits within ${days} days after the arrival)`;
}
