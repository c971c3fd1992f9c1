/**
 * The planning problem of one incident, read from the war room's in-memory index (jobs, crews,
 * orders) and the replica (row versions, for expectedVersion). The incident's jobs are its
 * `jobIds` plus the open jobs of its orders; every other open job is load.
 */
import type Database from 'better-sqlite3';
import districts from '@resources/basemap/districts.json';
import type { IncidentLine } from '@shared/war-room';
import type { PlanningPolicy } from '@shared/plans';
import { OPEN_JOB } from '@main/analysis/order-facts';
import type { WarRoomIndex } from '@main/analysis/war-room-index';
import { loadByCrewDate } from '@shared/crew-rules';
import { type PlanCrew, type PlanJob, type PlanningProblem } from '@node/planning/problem';

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
    const notPlannable = closed ? `job ${job.status}` : order.stage < 10 || order.stage >= 12 ? `order at stage ${order.stage}` : null;
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
  const crews: PlanCrew[] = [...index.crews.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => {
      const at = centre.get(c.district) ?? { lat: 31.23, lng: 121.47 };
      const overtime = c.overtime ?? [];
      return { id: c.id, name: c.name, district: c.district, districts: c.districts, skills: c.skills, capacityPerDay: c.capacityPerDay, unavailable: c.unavailable, overtime, version: versions.crewVersion(c.id), lat: at.lat, lng: at.lng };
    });
  return { today: index.todayDate, nowMs: index.nowMs, jobs, crews, otherLoad, policy };
}
