/** How an outbox command is shown: its state and the rows it names (for pending overlays). */
import type { CommandView } from '@shared/contract';
import type { OutboxCommand } from './store';

/** The order and job ids a command's payload names, batches included. */
export function namedRows(type: string, payload: Record<string, unknown>): { orderIds: string[]; jobIds: string[] } {
  const orderIds = new Set<string>();
  const jobIds = new Set<string>();
  const visit = (t: string, p: Record<string, unknown>) => {
    if (t === 'batch' && Array.isArray(p.commands)) {
      for (const c of p.commands as Array<{ type?: unknown; payload?: unknown }>) {
        if (typeof c?.type === 'string' && c.payload && typeof c.payload === 'object') visit(c.type, c.payload as Record<string, unknown>);
      }
      return;
    }
    // an incident's orders are named for the audit only: the command changes none of them, so
    // they must not show as pending on the map
    if (t === 'incident.state') return;
    if (Array.isArray(p.jobs)) for (const j of p.jobs as Array<{ jobId?: unknown }>) if (typeof j?.jobId === 'string') jobIds.add(j.jobId);
    if (typeof p.orderId === 'string') orderIds.add(p.orderId);
    if (Array.isArray(p.orderIds)) for (const id of p.orderIds) if (typeof id === 'string') orderIds.add(id);
  };
  visit(type, payload);
  return { orderIds: [...orderIds], jobIds: [...jobIds] };
}

export function commandView(c: OutboxCommand): CommandView {
  return {
    seq: c.seq,
    mutationId: c.mutationId,
    type: c.type,
    label: c.label,
    createdAt: c.createdAt,
    state: c.state,
    sendCount: c.sendCount,
    version: c.version,
    error: c.error ? { code: c.error.code, message: c.error.message, rows: c.error.rows } : null,
    answeredAt: c.answeredAt,
    ...namedRows(c.type, c.payload),
  };
}
