/**
 * Carriers and production lines as data (issue 14), and the rules every side computes from them,
 * once: when a shipment arrives (transit days per lane, a stoppage holding it), whether a line
 * runs on a date and how many orders it can take. The server's stage-9 hand-off, the planner on
 * the server and on the desk, and the simulator all import these; nothing else re-derives them.
 */
import { z } from 'zod';
import { addDays, shanghaiDate } from './time';
import { leaveOn } from './crew-rules';

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO-8601 time with an offset');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const name = z.string().trim().min(1).max(64);

/** A carrier's lane into a region (a district, city or province name; the most specific match wins). */
export const CarrierLane = z.object({
  region: name,
  transitDays: z.number().int().min(0).max(30),
  /** shipments the carrier accepts into this region per day */
  dailyCapacity: z.number().int().min(0).max(100_000),
  yuanPerShipment: z.number().min(0).max(100_000),
});
export type CarrierLane = z.infer<typeof CarrierLane>;

/** A stoppage the carrier reported: its shipments into these regions wait until `to`. */
export const CarrierStoppage = z.object({ regions: z.array(name).min(1).max(50), from: isoTime, to: isoTime, reason: z.string().max(200) });
export type CarrierStoppage = z.infer<typeof CarrierStoppage>;

/** `carrier` rows (server extension); id = the carrier's name as orders carry it. */
export const CarrierData = z.object({
  name,
  /** express capacity bought at a price (plan C of a logistics incident), not a regular carrier */
  express: z.boolean(),
  /** the tracking page, `{waybill}` replaced by the waybill number */
  trackingUrl: z.string().max(300),
  lanes: z.array(CarrierLane).max(500),
  stoppages: z.array(CarrierStoppage).max(200),
});
export type CarrierData = z.infer<typeof CarrierData>;

/** A line stoppage (设备故障) or the overtime bought on a date. */
export const LineDown = z.object({ from: isoTime, to: isoTime, reason: z.string().max(200) });
export type LineDown = z.infer<typeof LineDown>;
export const LineOvertime = z.object({ date: isoDate, hours: z.number().min(0).max(12) });
export type LineOvertime = z.infer<typeof LineOvertime>;

/** `line` rows (server extension): one production line; id = `<factory>/<line>`, the workstation name orders carry. */
export const LineData = z.object({
  factory: name,
  name,
  /** the stage (4..7) the line works */
  stage: z.number().int().min(3).max(8),
  /** product types it can work */
  skills: z.array(name).min(1).max(50),
  hoursPerDay: z.number().min(0).max(24),
  ordersPerHour: z.number().min(0).max(1000),
  overtimeHoursMax: z.number().min(0).max(12),
  overtimeYuanPerHour: z.number().min(0).max(100_000),
  /** moving an order here from another factory (trucking the parts) */
  transferYuan: z.number().min(0).max(100_000),
  down: z.array(LineDown).max(200),
  overtime: z.array(LineOvertime).max(400),
});
export type LineData = z.infer<typeof LineData>;

export const workstationOf = (factory: string, line: string) => `${factory}/${line}`;

/** The lane a carrier uses for an order: district first, then city, then province; null when it does not serve it. */
export function laneFor(carrier: Pick<CarrierData, 'lanes'>, where: { district: string; city: string; province: string }): CarrierLane | null {
  for (const region of [where.district, where.city, where.province]) {
    const lane = carrier.lanes.find((l) => l.region === region);
    if (lane) return lane;
  }
  return null;
}

/** The stoppage holding a shipment into `where` at `atMs` (or later, when `fromMs` is before it ends), or null. */
export function stoppageAt(carrier: Pick<CarrierData, 'stoppages'>, where: { district: string; city: string; province: string }, atMs: number): CarrierStoppage | null {
  for (const s of carrier.stoppages) {
    const hits = s.regions.includes(where.district) || s.regions.includes(where.city) || s.regions.includes(where.province);
    if (hits && Date.parse(s.from) <= atMs && atMs < Date.parse(s.to)) return s;
  }
  return null;
}

/**
 * When a shipment handed to `carrier` at `shippedMs` is expected at the customer (a Shanghai date):
 * the lane's transit days counted from the day it can move (the end of a stoppage holding it, or
 * `nowMs` when that is later than shipping and a stoppage is on), or null when no lane serves it.
 */
export function expectedArrival(carrier: Pick<CarrierData, 'lanes' | 'stoppages'>, where: { district: string; city: string; province: string }, shippedMs: number, nowMs = shippedMs): string | null {
  const lane = laneFor(carrier, where);
  if (!lane) return null;
  const at = Math.max(shippedMs, nowMs);
  const held = stoppageAt(carrier, where, at);
  const moves = held ? Date.parse(held.to) : shippedMs;
  return addDays(shanghaiDate(moves), lane.transitDays);
}

/** The stages a carrier holds an order in: booked for pickup (8, not yet collected) and shipped (9). */
export const CARRIER_STAGES: readonly number[] = [8, 9];

/**
 * Whether a reported stoppage holds an order (pure): the order is with this carrier at a carrier
 * stage, goes into one of the stoppage's regions, and the stoppage has not ended by `nowMs`.
 */
export function stoppageHolds(s: CarrierStoppage, carrier: string, o: { carrier: string | null; stage: number; district: string; city: string; province: string }, nowMs: number): boolean {
  if (o.carrier !== carrier || !CARRIER_STAGES.includes(o.stage) || Date.parse(s.to) <= nowMs) return false;
  return s.regions.includes(o.district) || s.regions.includes(o.city) || s.regions.includes(o.province);
}

/** Whether a line down holds an order (pure): it waits at the line's stage on that line, and the stoppage has not ended by `nowMs`. */
export function lineDownHolds(down: LineDown, line: { id: string; stage: number }, o: { workstation: string | null; stage: number }, nowMs: number): boolean {
  return o.workstation === line.id && o.stage === line.stage && Date.parse(down.to) > nowMs;
}

export function trackingLink(carrier: Pick<CarrierData, 'trackingUrl'>, waybill: string | null): string {
  return waybill ? carrier.trackingUrl.replaceAll('{waybill}', encodeURIComponent(waybill)) : '';
}

/** Whether a line is stopped at any time of `date` (a down interval overlapping the day). */
export function lineDownOn(line: Pick<LineData, 'down'>, date: string): LineDown | null {
  return leaveOn(line.down, date);
}

/** The overtime hours bought for a line on a date. */
export function lineOvertimeOn(line: Pick<LineData, 'overtime'>, date: string): number {
  return line.overtime.find((o) => o.date === date)?.hours ?? 0;
}

/** Orders a line can take on a date: 0 when it is down that day, else (hours + overtime) × rate, rounded down. */
export function lineCapacityOn(line: Pick<LineData, 'down' | 'overtime' | 'hoursPerDay' | 'ordersPerHour'>, date: string): number {
  if (lineDownOn(line, date)) return 0;
  return Math.floor((line.hoursPerDay + lineOvertimeOn(line, date)) * line.ordersPerHour);
}
