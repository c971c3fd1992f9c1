/**
 * The server's current incidents (I/O): the open orders, the jobs and the crews read from the
 * database and grouped by incidents.ts, on the server's clock and budgets. One scan per call.
 */
import { FINAL_STAGE } from '@shared/stages';
import { readBudgets } from '@server/db/budgets';
import type { ServerDb } from '@server/db/open';
import { serverIncidents, workstationOf, type IncidentCrew, type IncidentJob, type IncidentOrder, type ServerIncident } from '@server/plans/incidents';

interface OrderSql {
  id: string;
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
  district: string;
  workshop: string | null;
  line: string | null;
  carrier: string | null;
  causes: string;
}

export function readIncidents(db: ServerDb, now: number): ServerIncident[] {
  const c = db.$client;
  const orders: IncidentOrder[] = (
    c.prepare(`SELECT id, stage, stage_entered_at AS stageEnteredAt, promised_date AS promisedDate, district, workshop, line, carrier, causes FROM orders WHERE deleted = 0 AND stage < ?`).all(FINAL_STAGE) as OrderSql[]
  ).map((r) => ({ id: r.id, stage: r.stage, stageEnteredAt: r.stageEnteredAt, promisedDate: r.promisedDate, district: r.district, workstation: workstationOf(r.workshop, r.line), carrier: r.carrier, causes: JSON.parse(r.causes) as string[] }));
  const jobs = c.prepare(`SELECT id, order_id AS orderId, crew_id AS crewId, date, status FROM jobs WHERE deleted = 0`).all() as IncidentJob[];
  const crews: IncidentCrew[] = (c.prepare(`SELECT id, district, unavailable FROM crews WHERE deleted = 0`).all() as Array<{ id: string; district: string; unavailable: string }>).map((r) => ({
    id: r.id,
    district: r.district,
    unavailable: JSON.parse(r.unavailable) as IncidentCrew['unavailable'],
  }));
  return serverIncidents({ orders, jobs, crews, budgets: readBudgets(db), now });
}
