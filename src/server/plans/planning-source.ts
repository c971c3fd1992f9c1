/**
 * The planner's view of the order server's database (PlanningSource, src/node/planning/source.ts):
 * the same questions the desk's replica answers, read here from the server's own rows, so the
 * auto-policy plans with the one planning module on the data the commands are checked against.
 * Versions are the rows' versions, the checkpoint the head, the clock the server's, and the
 * policy the defaults shipped in resources/planning-policy.json (the desk's own copy is a desk's).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import districts from '@resources/basemap/districts.json';
import defaults from '@resources/planning-policy.json';
import { LOAD_JOB_SQL, loadKey } from '@shared/crew-rules';
import { PlanningPolicy } from '@shared/plans';
import { carrierNameOf, workstationOfRowId } from '@shared/supply-ids';
import type { PlanCarrier, PlanCrew, PlanLine } from '@node/planning/problem';
import type { PlanningSource, SourceJob, SourceOrder } from '@node/planning/source';
import { carrierLoadOf, lineLoadOf } from '@node/planning/supply-load';
import type { Clock } from '@server/clock';
import { readBudgets } from '@server/db/budgets';
import { getHead } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';
import { carriers, crews, jobs, lines, orders, type JobRow, type OrderRow } from '@server/db/schema';
import { workstationOf } from '@server/plans/incidents';

/** The planning policy the server plans with (a file that does not parse fails at start, not mid-night). */
export const SERVER_POLICY: PlanningPolicy = PlanningPolicy.parse(defaults);

const CHUNK = 500;
const centre = new Map<string, { lat: number; lng: number }>();
for (const d of districts as Array<{ name: string; lat: number; lng: number }>) if (!centre.has(d.name)) centre.set(d.name, { lat: d.lat, lng: d.lng });

function chunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(unique.slice(i, i + CHUNK));
  return out;
}

function sourceOrder(r: OrderRow): SourceOrder {
  return {
    id: r.id,
    orderNo: r.orderNo,
    stage: r.stage,
    stageEnteredAt: r.stageEnteredAt,
    promisedDate: r.promisedDate,
    productType: r.productType,
    province: r.province,
    city: r.city,
    district: r.district,
    lat: r.lat,
    lng: r.lng,
    causes: r.causes,
    workstation: workstationOf(r.workshop, r.line),
    carrier: r.carrier,
    waybill: r.waybill,
    version: r.version,
  };
}

function sourceJob(r: JobRow): SourceJob {
  return { id: r.id, orderId: r.orderId, crewId: r.crewId, date: r.date, window: r.window, skill: r.skill, status: r.status, version: r.version };
}

export class ServerPlanningSource implements PlanningSource {
  constructor(
    private readonly db: ServerDb,
    private readonly clock: Clock,
    private readonly planningPolicy: PlanningPolicy = SERVER_POLICY,
  ) {}

  nowMs(): number {
    return this.clock.now();
  }

  checkpoint(): number {
    return getHead(this.db);
  }

  policy(): PlanningPolicy {
    return this.planningPolicy;
  }

  orders(ids: readonly string[]): SourceOrder[] {
    return chunks(ids).flatMap((c) => this.db.select().from(orders).where(and(inArray(orders.id, c), eq(orders.deleted, false))).all().map(sourceOrder));
  }

  jobsOfOrders(orderIds: readonly string[]): SourceJob[] {
    return chunks(orderIds).flatMap((c) => this.db.select().from(jobs).where(and(inArray(jobs.orderId, c), eq(jobs.deleted, false))).all().map(sourceJob));
  }

  jobs(ids: readonly string[]): SourceJob[] {
    return chunks(ids).flatMap((c) => this.db.select().from(jobs).where(and(inArray(jobs.id, c), eq(jobs.deleted, false))).all().map(sourceJob));
  }

  crews(): PlanCrew[] {
    return this.db
      .select()
      .from(crews)
      .where(eq(crews.deleted, false))
      .all()
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => {
        const at = centre.get(c.district) ?? { lat: 31.23, lng: 121.47 };
        return { id: c.id, name: c.name, district: c.district, districts: c.districts, skills: c.skills, capacityPerDay: c.capacityPerDay, unavailable: c.unavailable, overtime: c.overtime ?? [], version: c.version, lat: at.lat, lng: at.lng };
      });
  }

  crewLoad(excludingJobIds: ReadonlySet<string>): Map<string, number> {
    // the crew rules' own SQL (LOAD_JOB_SQL): the load a command's capacity check will count
    const rows = this.db.$client.prepare(`SELECT id, crew_id AS crewId, date FROM jobs WHERE ${LOAD_JOB_SQL}`).all() as Array<{ id: string; crewId: string; date: string }>;
    const load = new Map<string, number>();
    for (const r of rows) {
      if (excludingJobIds.has(r.id)) continue;
      const k = loadKey(r.crewId, r.date);
      load.set(k, (load.get(k) ?? 0) + 1);
    }
    return load;
  }

  carriers(): PlanCarrier[] {
    return this.db
      .select()
      .from(carriers)
      .where(eq(carriers.deleted, false))
      .all()
      .flatMap((r) => {
        const name = carrierNameOf(r.id);
        return name === null ? [] : [{ id: name, name, express: r.express, trackingUrl: r.trackingUrl, lanes: r.lanes, stoppages: r.stoppages, version: r.version }];
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  lines(): PlanLine[] {
    return this.db
      .select()
      .from(lines)
      .where(eq(lines.deleted, false))
      .all()
      .flatMap((r) => {
        const id = workstationOfRowId(r.id);
        if (id === null) return [];
        const { version, factory, name, stage, skills, hoursPerDay, ordersPerHour, overtimeHoursMax, overtimeYuanPerHour, transferYuan, down, overtime } = r;
        return [{ id, version, factory, name, stage, skills, hoursPerDay, ordersPerHour, overtimeHoursMax, overtimeYuanPerHour, transferYuan, down, overtime }];
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  ordersOfCarrier(carrier: string): SourceOrder[] {
    return this.db
      .select()
      .from(orders)
      .where(and(eq(orders.deleted, false), eq(orders.carrier, carrier), inArray(orders.stage, [8, 9])))
      .all()
      .map(sourceOrder);
  }

  carrierLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number> {
    const shipments = this.db
      .select({ id: orders.id, stage: orders.stage, stageEnteredAt: orders.stageEnteredAt, carrier: orders.carrier, district: orders.district, city: orders.city, province: orders.province })
      .from(orders)
      .where(and(eq(orders.deleted, false), inArray(orders.stage, [8, 9]), sql`${orders.carrier} IS NOT NULL`))
      .all();
    return carrierLoadOf(shipments, this.carriers(), readBudgets(this.db)[8] ?? null, this.clock.now(), excludingOrderIds);
  }

  lineLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number> {
    const lineList = this.lines();
    const stages = [...new Set(lineList.map((l) => l.stage))];
    if (stages.length === 0) return new Map();
    const rows = this.db
      .select({ id: orders.id, stage: orders.stage, stageEnteredAt: orders.stageEnteredAt, workshop: orders.workshop, line: orders.line })
      .from(orders)
      .where(and(eq(orders.deleted, false), inArray(orders.stage, stages)))
      .all()
      .map((r) => ({ id: r.id, stage: r.stage, stageEnteredAt: r.stageEnteredAt, workstation: workstationOf(r.workshop, r.line) }));
    return lineLoadOf(rows, lineList, this.clock.now(), excludingOrderIds);
  }
}
