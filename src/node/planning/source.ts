/**
 * What the planner reads, as one interface with two implementations: the desk's (the war room's
 * in-memory index and the replica, src/main/plans/from-replica.ts) and the order server's (its
 * database, src/server/plans/planning-source.ts). The problem of an incident is built from it by
 * the same code on both sides (problemForIncident), so a plan the auto-policy applies on the
 * server is the plan a supervisor would have been shown on a desk at the same version.
 */
import type { PlanningPolicy } from '@shared/plans';
import type { PlanCarrier, PlanCrew, PlanLine } from '@node/planning/problem';

/** An order as plans read it. */
export interface SourceOrder {
  id: string;
  orderNo: string;
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
  productType: string;
  province: string;
  city: string;
  district: string;
  lat: number;
  lng: number;
  causes: readonly string[];
  /** `<factory>/<line>` or null */
  workstation: string | null;
  carrier: string | null;
  waybill: string | null;
  /** the row version (expectedVersion) */
  version: number;
}

/** An installation job as plans read it. */
export interface SourceJob {
  id: string;
  orderId: string;
  crewId: string | null;
  date: string | null;
  window: string | null;
  skill: string;
  status: string;
  version: number;
}

export interface PlanningSource {
  /** the server clock (epoch ms) the source reflects */
  nowMs(): number;
  /** the version of the data (the desk's checkpoint, the server's head) */
  checkpoint(): number;
  policy(): PlanningPolicy;
  orders(ids: readonly string[]): SourceOrder[];
  /** every job (any status) of these orders */
  jobsOfOrders(orderIds: readonly string[]): SourceJob[];
  jobs(ids: readonly string[]): SourceJob[];
  crews(): PlanCrew[];
  /** open jobs per `crewId|date` (loadKey), the given jobs left out */
  crewLoad(excludingJobIds: ReadonlySet<string>): Map<string, number>;
  carriers(): PlanCarrier[];
  lines(): PlanLine[];
  /**
   * Orders at stage 8 (booked, not yet collected) or 9 (shipped) with this carrier: a logistics
   * plan switches the stage-8 ones a stoppage would hold, besides the incident's own orders.
   */
  ordersOfCarrier(carrier: string): SourceOrder[];
  /**
   * Shipments per `carrier|region|date` (carrierLoadKey: the lane's region, the pickup date),
   * the given orders left out. Both sides compute it with carrierLoadOf (supply-load.ts).
   */
  carrierLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number>;
  /** orders at a line's stage waiting on it, per `lineId|date` planned, the given orders left out */
  lineLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number>;
}
