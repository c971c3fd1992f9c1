/**
 * The desk's PlanningSource (src/node/planning/source.ts): the war room's in-memory index (crews,
 * jobs for the load, the server clock) and the replica (orders, jobs and their row versions for
 * expectedVersion; carriers and lines from other_rows through readSupply). problemForIncident
 * builds every family's problem from it, as the server does from its own database.
 * `problemFromIndex` is the crew suggestions' problem: the picked jobs, every other open job as load.
 */
import type Database from 'better-sqlite3';
import districts from '@resources/basemap/districts.json';
import type { IncidentLine } from '@shared/war-room';
import type { PlanningPolicy } from '@shared/plans';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { OPEN_JOB } from '@main/analysis/order-facts';
import type { WarRoomIndex } from '@main/analysis/war-room-index';
import { readSupply } from '@main/plans/supply-from-replica';
import { loadByCrewDate } from '@shared/crew-rules';
import { JOB_STAGES } from '@node/planning/incident-problem';
import { type PlanCarrier, type PlanCrew, type PlanJob, type PlanLine, type PlanningProblem } from '@node/planning/problem';
import type { PlanningSource, SourceJob, SourceOrder } from '@node/planning/source';
import { carrierLoadOf, lineLoadOf } from '@node/planning/supply-load';

const centre = new Map<string, { lat: number; lng: number }>();
for (const d of districts as Array<{ name: string; lat: number; lng: number }>) if (!centre.has(d.name)) centre.set(d.name, { lat: d.lat, lng: d.lng });

export class ReplicaVersions {
  private readonly job;
  private readonly crew;
  constructor(sqlite: Database.Database) {
    this.job = sqlite.prepare<[string], { version: number }>('SELECT version FROM jobs WHERE id = ?');
    this.crew = sqlite.prepare<[string], { version: number }>('SELECT version FROM crews WHERE id = ?');
  }
  jobVersion(id: string): number {
    return this.job.get(id)?.version ?? 0;
  }
  crewVersion(id: string): number {
    return this.crew.get(id)?.version ?? 0;
  }
}

export function jobsOfIncident(index: WarRoomIndex, incident: Pick<IncidentLine, 'jobIds' | 'orderIds'>): string[] {
  const ids = new Set(incident.jobIds);
  for (const orderId of incident.orderIds) for (const jobId of index.jobsByOrder.get(orderId) ?? []) if (OPEN_JOB(index.jobs.get(jobId)!)) ids.add(jobId);
  return [...ids].sort();
}

export function problemFromIndex(index: WarRoomIndex, versions: ReplicaVersions, jobIds: readonly string[], policy: PlanningPolicy): PlanningProblem {
  const wanted = new Set(jobIds);
  const jobs: PlanJob[] = [];
  for (const jobId of jobIds) {
    const job = index.jobs.get(jobId);
    const order = job ? index.orders.get(job.orderId)?.facts : undefined;
    if (!job || !order) continue;
    const closed = !OPEN_JOB(job);
    const notPlannable = closed ? `job ${job.status}` : order.stage < JOB_STAGES.from || order.stage > JOB_STAGES.to ? `order at stage ${order.stage}` : null;
    jobs.push({
      jobId,
      orderId: order.id,
      orderNo: order.orderNo,
      district: order.district,
      lat: order.lat,
      lng: order.lng,
      skill: job.skill,
      window: job.window ?? null,
      date: job.date,
      crewId: job.crewId,
      promisedDate: order.promisedDate,
      version: versions.jobVersion(jobId),
      notPlannable,
    });
  }
  const otherLoad = loadByCrewDate([...index.jobs.values()].filter((job) => !wanted.has(job.id)));
  return { today: index.todayDate, nowMs: index.nowMs, jobs, crews: crewsOf(index, versions), otherLoad, policy };
}

function crewsOf(index: WarRoomIndex, versions: ReplicaVersions): PlanCrew[] {
  return [...index.crews.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => {
      const at = centre.get(c.district) ?? { lat: 31.23, lng: 121.47 };
      const overtime = c.overtime ?? [];
      return { id: c.id, name: c.name, district: c.district, districts: c.districts, skills: c.skills, capacityPerDay: c.capacityPerDay, unavailable: c.unavailable, overtime, version: versions.crewVersion(c.id), lat: at.lat, lng: at.lng };
    });
}

const CHUNK = 500;
function chunks(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids)];
  return Array.from({ length: Math.ceil(unique.length / CHUNK) }, (_, i) => unique.slice(i * CHUNK, (i + 1) * CHUNK));
}

const ORDER_COLUMNS = `id, version, order_no AS orderNo, stage, stage_entered_at AS stageEnteredAt, promised_date AS promisedDate, product_type AS productType,
  province, city, district, lat, lng, causes, workshop, line, carrier, json_extract(data, '$.waybill') AS waybill`;
const JOB_COLUMNS = `id, version, order_id AS orderId, crew_id AS crewId, date, status, json_extract(data, '$.window') AS window, json_extract(data, '$.skill') AS skill`;
type OrderSql = Omit<SourceOrder, 'causes' | 'workstation'> & { causes: string; workshop: string | null; line: string | null };

const sourceOrder = (r: OrderSql): SourceOrder => {
  const { workshop, line, causes, ...rest } = r;
  return { ...rest, causes: JSON.parse(causes) as string[], workstation: workshop ? (line ? `${workshop}/${line}` : workshop) : null, waybill: r.waybill ?? null, carrier: r.carrier ?? null };
};

/** The desk's answers to the planner's questions, at one moment (make one per plan request). */
export class ReplicaPlanningSource implements PlanningSource {
  private supply: { carriers: PlanCarrier[]; lines: PlanLine[] } | null = null;
  constructor(
    private readonly index: WarRoomIndex,
    private readonly sqlite: Database.Database,
    private readonly planningPolicy: PlanningPolicy,
    private readonly version: number,
  ) {}

  nowMs(): number {
    return this.index.nowMs;
  }
  checkpoint(): number {
    return this.version;
  }
  policy(): PlanningPolicy {
    return this.planningPolicy;
  }

  orders(ids: readonly string[]): SourceOrder[] {
    return chunks(ids).flatMap((c) => this.sqlite.prepare<string[], OrderSql>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id IN (${c.map(() => '?').join(',')})`).all(...c).map(sourceOrder));
  }

  jobsOfOrders(orderIds: readonly string[]): SourceJob[] {
    return chunks(orderIds).flatMap((c) => this.sqlite.prepare<string[], SourceJob>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE order_id IN (${c.map(() => '?').join(',')})`).all(...c));
  }

  jobs(ids: readonly string[]): SourceJob[] {
    return chunks(ids).flatMap((c) => this.sqlite.prepare<string[], SourceJob>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id IN (${c.map(() => '?').join(',')})`).all(...c));
  }

  crews(): PlanCrew[] {
    return crewsOf(this.index, new ReplicaVersions(this.sqlite));
  }

  crewLoad(excludingJobIds: ReadonlySet<string>): Map<string, number> {
    return loadByCrewDate([...this.index.jobs.values()].filter((job) => !excludingJobIds.has(job.id)));
  }

  carriers(): PlanCarrier[] {
    this.supply ??= readSupply(this.sqlite);
    return this.supply.carriers;
  }

  lines(): PlanLine[] {
    this.supply ??= readSupply(this.sqlite);
    return this.supply.lines;
  }

  ordersOfCarrier(carrier: string): SourceOrder[] {
    return this.sqlite.prepare<[string], OrderSql>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE carrier = ? AND stage IN (8, 9)`).all(carrier).map(sourceOrder);
  }

  carrierLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number> {
    const rows = this.sqlite
      .prepare<[], { id: string; stage: number; stageEnteredAt: string; carrier: string; district: string; city: string; province: string }>(
        'SELECT id, stage, stage_entered_at AS stageEnteredAt, carrier, district, city, province FROM orders WHERE stage IN (8, 9) AND carrier IS NOT NULL',
      )
      .all();
    return carrierLoadOf(rows, this.carriers(), DEFAULT_BUDGETS[8] ?? null, this.nowMs(), excludingOrderIds);
  }

  lineLoad(excludingOrderIds: ReadonlySet<string>): Map<string, number> {
    const stages = [...new Set(this.lines().map((l) => l.stage))];
    if (stages.length === 0) return new Map();
    const rows = this.sqlite
      .prepare<number[], { id: string; stage: number; stageEnteredAt: string; workshop: string | null; line: string | null }>(
        `SELECT id, stage, stage_entered_at AS stageEnteredAt, workshop, line FROM orders WHERE stage IN (${stages.map(() => '?').join(',')})`,
      )
      .all(...stages)
      .map((r) => ({ id: r.id, stage: r.stage, stageEnteredAt: r.stageEnteredAt, workstation: r.workshop ? (r.line ? `${r.workshop}/${r.line}` : r.workshop) : null }));
    return lineLoadOf(rows, this.lines(), this.nowMs(), excludingOrderIds);
  }
}
