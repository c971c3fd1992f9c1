/**
 * The server's incidents (pure): late orders grouped by cause and place, exactly as a desk's war
 * room groups them (src/main/analysis/war-room-index.ts, incident-book.ts, incident-board.ts), so
 * an incident the server's auto-policy acts on has the id, title and members a desk shows:
 * - an order counts when it is overdue or at risk (assessLateness), or on track but booked with a
 *   crew that is off on the job's date (then at risk, and in that crew's installer-shortage group);
 * - each of its cause tags places it (placeOf); a crew off today, or booked on a day off, joins the
 *   installer-shortage group of its home district;
 * - a group is an incident at `threshold` orders (the desk's default, 5) or with a crew in it.
 * The desk computes this incrementally; the server recomputes it per pass, which costs a scan of
 * the open orders and is what lets it act with no desk open.
 */
import { assessLateness } from '@shared/rules';
import type { StageBudgets } from '@shared/stages';
import { leaveOn } from '@shared/crew-rules';
import { districtPlace, incidentId, incidentTitle, placeOf, type GroupPlace } from '@shared/incident-keys';
import { shanghaiDate } from '@shared/time';
import type { IncidentWhere } from '@shared/war-room';

/** The war room's default (src/main/analysis/incident-book.ts DEFAULT_THRESHOLD): kept equal so desks and server agree. */
export const INCIDENT_THRESHOLD = 5;

export interface IncidentOrder {
  id: string;
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
  district: string;
  /** `<workshop>/<line>` (or the workshop alone), null when unknown */
  workstation: string | null;
  carrier: string | null;
  causes: readonly string[];
}

export interface IncidentJob {
  id: string;
  orderId: string;
  crewId: string | null;
  date: string | null;
  status: string;
}

export interface IncidentCrew {
  id: string;
  district: string;
  unavailable: readonly { from: string; to: string }[];
}

export interface ServerIncident {
  id: string;
  key: string;
  cause: string;
  kind: GroupPlace['kind'];
  where: IncidentWhere;
  title: string;
  /** late members plus the late orders of its crews' open jobs, sorted */
  orderIds: string[];
  /** its crews' open jobs, sorted */
  jobIds: string[];
}

export interface IncidentInput {
  orders: readonly IncidentOrder[];
  /** every job that is not deleted (any status) */
  jobs: readonly IncidentJob[];
  crews: readonly IncidentCrew[];
  budgets: StageBudgets;
  now: number;
  threshold?: number;
}

const openJob = (j: IncidentJob) => j.status !== 'done' && j.status !== 'cancelled';

/** The workstation a war room reads off an order (order-facts.ts): `<workshop>/<line>`, or the workshop. */
export function workstationOf(workshop: string | null, line: string | null): string | null {
  return workshop ? (line ? `${workshop}/${line}` : workshop) : null;
}

export function serverIncidents(input: IncidentInput): ServerIncident[] {
  const threshold = input.threshold ?? INCIDENT_THRESHOLD;
  const today = shanghaiDate(input.now);
  const crews = new Map(input.crews.map((c) => [c.id, c]));
  const jobsByOrder = new Map<string, IncidentJob[]>();
  const openByCrew = new Map<string, IncidentJob[]>();
  for (const j of input.jobs) {
    (jobsByOrder.get(j.orderId) ?? jobsByOrder.set(j.orderId, []).get(j.orderId)!).push(j);
    if (j.crewId && openJob(j)) (openByCrew.get(j.crewId) ?? openByCrew.set(j.crewId, []).get(j.crewId)!).push(j);
  }
  const groups = new Map<string, { place: GroupPlace; members: Set<string>; crews: Set<string> }>();
  const group = (place: GroupPlace) => groups.get(place.key) ?? groups.set(place.key, { place, members: new Set(), crews: new Set() }).get(place.key)!;
  const late = new Set<string>();

  for (const o of input.orders) {
    const v = assessLateness(o, input.budgets, input.now);
    if (v.status === 'done') continue;
    const conflict = (jobsByOrder.get(o.id) ?? []).map((j) => (openJob(j) && j.crewId && j.date ? { crew: crews.get(j.crewId), date: j.date } : null)).find((x) => x?.crew && leaveOn(x.crew.unavailable, x.date));
    if (v.status === 'on_track' && !conflict) continue;
    late.add(o.id);
    const places = o.causes.map((cause) => placeOf(cause, o));
    if (conflict?.crew) places.push(districtPlace('installer_shortage', conflict.crew.district));
    for (const p of places) group(p).members.add(o.id);
  }
  for (const crew of input.crews) {
    const jobs = openByCrew.get(crew.id) ?? [];
    const off = leaveOn(crew.unavailable, today) !== null || jobs.some((j) => j.date !== null && leaveOn(crew.unavailable, j.date) !== null);
    if (off) group(districtPlace('installer_shortage', crew.district)).crews.add(crew.id);
  }

  const out: ServerIncident[] = [];
  for (const g of groups.values()) {
    if (g.members.size < threshold && g.crews.size === 0) continue;
    const orderIds = new Set(g.members);
    const jobIds: string[] = [];
    for (const crewId of g.crews) {
      for (const j of openByCrew.get(crewId) ?? []) {
        jobIds.push(j.id);
        if (late.has(j.orderId)) orderIds.add(j.orderId);
      }
    }
    const { place } = g;
    out.push({ id: incidentId(place.key), key: place.key, cause: place.cause, kind: place.kind, where: place.where, title: incidentTitle(place), orderIds: [...orderIds].sort(), jobIds: jobIds.sort() });
  }
  return out.sort((a, b) => b.orderIds.length - a.orderIds.length || a.id.localeCompare(b.id));
}
