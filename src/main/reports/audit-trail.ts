/**
 * The audit timeline of a window: every command the server applied (its `audit` row, synced),
 * with the orders it touched (the events written at its version) and its words (`detail`), plus
 * the automatic actions the server took by itself: hand-off rule flags (events by actor `rules`)
 * and texts the outbox sent.
 */
import type { AuditEntry } from '@shared/report';
import { shanghaiIso } from '@shared/time';
import type { Window } from './kpis';
import type { OtherEvent, ReportAudit, SentText } from './report-rows';

const MAX_IDS = 20;

export interface AuditInput {
  audit: readonly ReportAudit[];
  otherEvents: readonly OtherEvent[];
  texts: readonly SentText[];
}

function ordersByVersion(events: readonly OtherEvent[], versions: ReadonlySet<number>): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const e of events) {
    if (!versions.has(e.version)) continue;
    let set = out.get(e.version);
    if (!set) out.set(e.version, (set = new Set()));
    set.add(e.orderId);
  }
  return out;
}

export function auditEntries(input: AuditInput, w: Window): AuditEntry[] {
  const inWindow = (at: number) => at >= w.start && at < w.end;
  const commands = input.audit.filter((a) => inWindow(Date.parse(a.at)));
  const touched = ordersByVersion(input.otherEvents, new Set(commands.map((a) => a.version)));
  const out: AuditEntry[] = commands.map((a) => {
    const ids = [...(touched.get(a.version) ?? [])];
    // incident.state writes no event, so no order is "touched": its audit row counts the orders
    // the incident held (the ids stay on the desk that sent it)
    const orders = ids.length === 0 && a.type === 'incident.state' ? a.rows : ids.length;
    return {
      id: `audit:${a.id}`,
      at: a.at,
      actor: a.actor,
      role: a.role,
      type: a.type ?? 'unknown',
      outcome: a.outcome,
      rows: a.rows,
      orders,
      automatic: false,
      clientId: a.clientId,
      mutationId: a.mutationId,
      version: a.version,
      orderIds: ids.slice(0, MAX_IDS),
      ...(a.detail ? { detail: a.detail } : {}),
    };
  });
  // automatic: one entry per server write (version)
  const rules = new Map<number, { at: number; ids: Set<string>; rows: number }>();
  for (const e of input.otherEvents) {
    if (e.actor !== 'rules' || !inWindow(e.at)) continue;
    const g = rules.get(e.version) ?? { at: e.at, ids: new Set<string>(), rows: 0 };
    g.ids.add(e.orderId);
    g.rows++;
    rules.set(e.version, g);
  }
  for (const [version, g] of rules) out.push(automatic(`rules:${version}`, 'auto.missing_handoff', 'rules', g.at, g.rows, g.ids, version));
  const sent = new Map<number, { at: number; ids: Set<string>; rows: number }>();
  for (const n of input.texts) {
    if (!inWindow(n.sentAt)) continue;
    const g = sent.get(n.version) ?? { at: n.sentAt, ids: new Set<string>(), rows: 0 };
    g.ids.add(n.orderId);
    g.rows++;
    g.at = Math.min(g.at, n.sentAt);
    sent.set(n.version, g);
  }
  for (const [version, g] of sent) out.push(automatic(`texts:${version}`, 'auto.texts_sent', 'notify', g.at, g.rows, g.ids, version));
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.version - b.version);
}

function automatic(id: string, type: string, actor: string, at: number, rows: number, ids: Set<string>, version: number): AuditEntry {
  const list = [...ids];
  return { id, at: shanghaiIso(at), actor, role: 'system', type, outcome: 'applied', rows, orders: list.length, automatic: true, clientId: null, mutationId: null, version, orderIds: list.slice(0, MAX_IDS) };
}
