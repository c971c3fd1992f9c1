/** The incident lines (protocol.md `incidents`, and the cause list's richer board), read from the index. */
import { shanghaiIso } from '@shared/time';
import type { Incident, IncidentLine } from '@shared/war-room';
import type { Group } from './group-table';
import type { IncidentBook, IncidentRecord } from './incident-book';
import { incidentTitle } from '@shared/incident-keys';
import type { WarRoomIndex } from './war-room-index';

const STATE_RANK = { new: 0, acknowledged: 1, handling: 2, resolved: 3 } as const;

/** Orders of a group: its late members, plus the orders of its crews' open jobs that fall on a day off. */
function groupOrders(index: WarRoomIndex, g: Group | undefined): { orderIds: string[]; jobIds: string[] } {
  if (!g) return { orderIds: [], jobIds: [] };
  const orderIds = new Set(g.members);
  const jobIds: string[] = [];
  for (const crewId of g.crews) {
    for (const jobId of index.openJobsOf(crewId)) {
      jobIds.push(jobId);
      const job = index.jobs.get(jobId)!;
      const t = index.orders.get(job.orderId);
      if (t && (t.status === 'overdue' || t.status === 'at_risk')) orderIds.add(job.orderId);
    }
  }
  return { orderIds: [...orderIds].sort(), jobIds: jobIds.sort() };
}

export function incidentLine(index: WarRoomIndex, rec: IncidentRecord): IncidentLine {
  const g = index.groups.groups.get(rec.key);
  const { orderIds, jobIds } = groupOrders(index, g);
  const [cause = '', kind = 'district', value = ''] = rec.key.split('|');
  const place = g?.place ?? { key: rec.key, cause, kind: kind as 'district', where: kind === 'everywhere' ? {} : { [kind]: value } };
  let overdue = 0;
  let atRisk = 0;
  const late: { id: string; orderNo: string; stage: number; since: number }[] = [];
  for (const id of orderIds) {
    const t = index.orders.get(id);
    if (!t) continue;
    if (t.status === 'overdue') overdue++;
    else if (t.status === 'at_risk') atRisk++;
    late.push({ id, orderNo: t.facts.orderNo, stage: t.facts.stage, since: t.lateSince ?? Number.MAX_SAFE_INTEGER });
  }
  late.sort((a, b) => a.since - b.since);
  return {
    id: rec.id,
    kind: place.kind,
    title: incidentTitle(place),
    cause: place.cause,
    where: place.where,
    count: orderIds.length,
    orderIds,
    jobIds,
    firstSeen: shanghaiIso(rec.firstSeen),
    state: rec.state,
    overdue,
    atRisk,
    trend: [...rec.trend, orderIds.length],
    examples: late.slice(0, 3).map(({ id, orderNo, stage }) => ({ id, orderNo, stage })),
    crews: [...(g?.crews ?? [])].sort().map((id) => ({ id, name: index.crews.get(id)?.name ?? id, onLeaveToday: index.isOnLeaveToday(id) })),
    stateChangedAt: rec.stateChangedAt === null ? null : shanghaiIso(rec.stateChangedAt),
  };
}

/** Current incidents: active ones, and resolved ones the book still remembers; open first, biggest first. */
export function incidentLines(index: WarRoomIndex, book: IncidentBook): IncidentLine[] {
  const lines = [...book.records()].map((rec) => incidentLine(index, rec));
  return lines.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || b.count - a.count || a.id.localeCompare(b.id));
}

export function toProtocolIncident(line: IncidentLine): Incident {
  const { id, kind, title, cause, where, count, orderIds, jobIds, firstSeen, state } = line;
  return { id, kind, title, cause, where, count, orderIds, jobIds, firstSeen, state };
}
