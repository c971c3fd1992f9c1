/**
 * Assembles the shift report from replica rows: KPIs, the overdue curve, causes, crew load, the
 * incidents of the shift with the actions taken and their effect, and what is handed over.
 */
import type { AuditEntry, ReportIncident, ShiftNotes, ShiftReport } from '@shared/report';
import { capacityOn, loadByCrewDate, loadKey } from '@shared/crew-rules';
import { shanghaiDate, shanghaiIso } from '@shared/time';
import { auditEntries } from './audit-trail';
import { buildTimelines, computeKpis, overdueAt, samplePoints, type Timelines, type Window } from './kpis';
import type { ReportOrder, ReportRows } from './report-rows';
import { usageAt } from '@main/track/usage';
import { shiftInfo, type ShiftWindow } from './shifts';

const HALF_HOUR = 30 * 60_000;
const MAX_INCIDENTS = 30;

export interface BuildOptions {
  shift: ShiftWindow;
  now: number;
  serverUrl: string;
  notes: ShiftNotes;
  /** the overdue curve's step (ms) */
  stepMs?: number;
  /** reuse timelines built once (the desk keeps them between reports of one checkpoint) */
  timelines?: Timelines;
}

/** Where a cause bites: the carrier for logistics, the workshop for machine and quality faults, else the district. */
export function whereOf(cause: string, order: ReportOrder | undefined): string {
  if (!order) return '—';
  if (cause === 'logistics') return order.carrier ?? order.district;
  if (cause === 'machine_fault' || cause === 'quality_rework') return order.workshop ?? order.district;
  return order.district;
}

export function buildShiftReport(rows: ReportRows, opts: BuildOptions): ShiftReport {
  const windowEnd = Math.max(opts.shift.start, Math.min(opts.shift.end, opts.now));
  const w: Window = { start: opts.shift.start, end: windowEnd };
  const timelines = opts.timelines ?? buildTimelines(rows.stageEvents);
  const kpis = computeKpis({ stageEvents: rows.stageEvents, orders: rows.orders, texts: rows.texts, budgets: rows.budgets, timelines }, w);
  const overdueSeries = samplePoints(w, opts.stepMs ?? HALF_HOUR).map((t) => ({ at: shanghaiIso(t), count: overdueAt(timelines, rows.orders, rows.budgets, t).length }));
  const actions = auditEntries(rows, w);

  // causes tagged during the shift, by cause and where
  const groups = new Map<string, { cause: string; where: string; ids: Set<string>; first: number }>();
  for (const e of rows.otherEvents) {
    if (e.kind !== 'cause' || !e.cause || e.at < w.start || e.at >= w.end) continue;
    const where = whereOf(e.cause, rows.orders.get(e.orderId));
    const key = `${e.cause}|${where}`;
    const g = groups.get(key) ?? { cause: e.cause, where, ids: new Set<string>(), first: e.at };
    g.ids.add(e.orderId);
    g.first = Math.min(g.first, e.at);
    groups.set(key, g);
  }
  const byCause = new Map<string, number>();
  for (const g of groups.values()) byCause.set(g.cause, (byCause.get(g.cause) ?? 0) + g.ids.size);
  const causes = [...byCause].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));

  const endOverdue = new Set(overdueAt(timelines, rows.orders, rows.budgets, w.end));
  const incidents: ReportIncident[] = [...groups.values()]
    .sort((a, b) => b.ids.size - a.ids.size || a.first - b.first)
    .slice(0, MAX_INCIDENTS)
    .map((g) => incidentOf(g, actions, rows, timelines, endOverdue));

  const date = shanghaiDate(w.start);
  // the crew rules of src/shared/crew-rules.ts: the same load and capacity (with overtime) as the war room and the server
  const load = loadByCrewDate(rows.jobs);
  const crewLoad = rows.crews
    .map((c) => ({ crewId: c.id, name: c.name, jobs: load.get(loadKey(c.id, date)) ?? 0, capacity: capacityOn(c, date) }))
    .filter((c) => c.jobs > 0)
    .sort((a, b) => b.jobs / Math.max(1, b.capacity) - a.jobs / Math.max(1, a.capacity) || a.name.localeCompare(b.name))
    .slice(0, 15);

  const open = new Map<string, string[]>();
  for (const id of endOverdue) {
    const order = rows.orders.get(id);
    const cause = order?.causes[0] ?? 'none';
    const list = open.get(cause) ?? [];
    list.push(order?.orderNo ?? id);
    open.set(cause, list);
  }
  const openItems = [...open]
    .map(([cause, nos]) => ({ cause, count: nos.length, orderNos: nos.sort().slice(0, 6) }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));

  return {
    shift: shiftInfo(opts.shift),
    asOf: shanghaiIso(opts.now),
    windowEnd: shanghaiIso(windowEnd),
    complete: opts.now >= opts.shift.end,
    checkpoint: rows.checkpoint,
    serverUrl: opts.serverUrl,
    kpis,
    overdueSeries,
    causes,
    crewLoad,
    incidents,
    actions,
    openItems,
    notes: opts.notes,
    // the self-service page's usage share this week, up to the window's end (issue 18)
    selfService: usageAt(rows.phones, timelines, new Map([...rows.orders].map(([id, o]) => [id, o.stage])), rows.trackOpens, windowEnd),
  };
}

function incidentOf(
  g: { cause: string; where: string; ids: Set<string>; first: number },
  actions: readonly AuditEntry[],
  rows: ReportRows,
  timelines: Timelines,
  endOverdue: ReadonlySet<string>,
): ReportIncident {
  const taken = actions.filter((a) => a.orderIds.some((id) => g.ids.has(id)));
  const firstAction = taken.find((a) => !a.automatic);
  const before = firstAction ? Date.parse(firstAction.at) : g.first;
  const subset = new Map([...g.ids].map((id) => [id, timelines.get(id) ?? []]));
  const overdueBefore = overdueAt(subset, rows.orders, rows.budgets, before).length;
  const overdueAfter = [...g.ids].filter((id) => endOverdue.has(id)).length;
  return {
    cause: g.cause,
    where: g.where,
    count: g.ids.size,
    firstSeen: shanghaiIso(g.first),
    actions: taken.slice(0, 8),
    overdueBefore,
    overdueAfter,
    orderNos: [...g.ids].map((id) => rows.orders.get(id)?.orderNo ?? id).sort().slice(0, 5),
  };
}
