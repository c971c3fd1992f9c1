/**
 * incident.state (pure): a supervisor moved a war-room incident to a state. Incidents are derived
 * on each desk, so the server has no row to change; what matters is the record that it happened
 * (who, when, which incident, how many orders), so the command only feeds the audit row: its
 * detail text and the number of orders it names. Unknown order ids are not refused: they are the
 * incident's orders as the desk saw them, and nothing is written to them.
 */
import type { IncidentStatePayload } from '@shared/protocol';
import type { Draft } from '@server/commands/draft';

/** `acknowledged · 浦东新区 · 安装人员不足 [inc-…]`: readable in the timeline without parsing. */
export function incidentDetail(p: IncidentStatePayload): string {
  const title = p.title.trim();
  return `${p.state}${title ? ` · ${title}` : ''} [${p.incidentId}]`;
}

export function planIncidentState(d: Draft, p: IncidentStatePayload): void {
  d.details.push(incidentDetail(p));
  d.mentioned += new Set(p.orderIds).size;
}
