/**
 * How full carriers and lines already are (pure), computed the same way by the desk's source and
 * the server's (PlanningSource.carrierLoad / lineLoad), so a plan made on either side counts the
 * same shipments against the same lane-days.
 */
import { laneFor, type CarrierData } from '@shared/supply-rules';
import { shanghaiDate } from '@shared/time';

/** A shipment as the carrier load counts it: an order at stage 8 (booked) or 9 (collected) with a carrier. */
export interface LoadShipment {
  id: string;
  stage: number;
  stageEnteredAt: string;
  carrier: string | null;
  district: string;
  city: string;
  province: string;
}

/** The lane-day key a carrier's daily capacity is counted per: `carrier|region|date` (region = the lane's, see laneFor). */
export const carrierLoadKey = (carrier: string, region: string, date: string): string => `${carrier}|${region}|${date}`;

/**
 * The pickup date a shipment counts on for its carrier: the day it shipped (stage 9), else the
 * day stage 8 is due to end (its dwell budget), never before today. Orders carry no booked pickup
 * date, so a stage-8 shipment is counted when the warehouse is due to hand it over.
 */
export function pickupDate(o: Pick<LoadShipment, 'stage' | 'stageEnteredAt'>, stage8Hours: number | null, nowMs: number): string {
  const entered = Date.parse(o.stageEnteredAt);
  if (o.stage >= 9) return shanghaiDate(entered);
  return shanghaiDate(Math.max(nowMs, entered + (stage8Hours ?? 0) * 3_600_000));
}

/**
 * Shipments per `carrier|region|date` (carrierLoadKey), the excluded orders left out; a shipment
 * whose carrier has no lane into its place (or is not in the carriers data) counts nowhere, since
 * no plan can book that lane either.
 */
export function carrierLoadOf(
  shipments: Iterable<LoadShipment>,
  carriers: readonly Pick<CarrierData, 'name' | 'lanes'>[],
  stage8Hours: number | null,
  nowMs: number,
  excludingOrderIds: ReadonlySet<string>,
): Map<string, number> {
  const byName = new Map(carriers.map((c) => [c.name, c]));
  const load = new Map<string, number>();
  for (const s of shipments) {
    if (excludingOrderIds.has(s.id) || !s.carrier || (s.stage !== 8 && s.stage !== 9)) continue;
    const carrier = byName.get(s.carrier);
    const lane = carrier ? laneFor(carrier, s) : null;
    if (!lane) continue;
    const k = carrierLoadKey(s.carrier, lane.region, pickupDate(s, stage8Hours, nowMs));
    load.set(k, (load.get(k) ?? 0) + 1);
  }
  return load;
}

/** An order as the line load counts it: waiting at a stage on a workstation `<factory>/<line>`. */
export interface LoadLineOrder {
  id: string;
  stage: number;
  stageEnteredAt: string;
  workstation: string | null;
}

/**
 * Orders waiting per `lineId|date`, the excluded ones left out: an order at a line's stage on that
 * line counts on the day it entered the stage, or today when that has passed (the server's source
 * counts the same way).
 */
export function lineLoadOf(orders: Iterable<LoadLineOrder>, lines: readonly { id: string; stage: number }[], nowMs: number, excludingOrderIds: ReadonlySet<string>): Map<string, number> {
  const stageOf = new Map(lines.map((l) => [l.id, l.stage]));
  const today = shanghaiDate(nowMs);
  const load = new Map<string, number>();
  for (const o of orders) {
    if (excludingOrderIds.has(o.id) || !o.workstation || stageOf.get(o.workstation) !== o.stage) continue;
    const entered = shanghaiDate(Date.parse(o.stageEnteredAt));
    const k = `${o.workstation}|${entered > today ? entered : today}`;
    load.set(k, (load.get(k) ?? 0) + 1);
  }
  return load;
}
