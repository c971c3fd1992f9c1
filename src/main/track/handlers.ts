/**
 * The desk methods of the self-service page (issue 18 item 4): the customers' date-change requests
 * as a queue (`customerRequests`), handling one (`handleCustomerRequest`: the server command
 * `customerRequest.handle` through the durable outbox, audited there and undoable like any command,
 * so every desk sees it handled), and the week's usage share (`selfServiceUsage`).
 */
import type Database from 'better-sqlite3';
import type { CommandView, DeskHandlers } from '@shared/contract';
import { CUSTOMER_REQUEST_HANDLE } from '@shared/customer-requests';
import { ActionError } from '@main/commands/drafts';
import type { OutboxStore } from '@main/outbox/store';
import { readCustomerRequests } from '@main/track/requests';
import { readAccessLog, warRoomUsage } from '@main/track/usage';

export type TrackMethod = 'customerRequests' | 'handleCustomerRequest' | 'selfServiceUsage' | 'trackAccessLog';

export interface TrackDeskOptions {
  sqlite: () => Database.Database;
  outbox: Pick<OutboxStore, 'pending'>;
  /** the server's clock, epoch ms */
  now: () => number;
  enqueue: (type: string, payload: Record<string, unknown>, label: string) => CommandView;
}

/** Request ids named by this desk's unanswered handle commands. */
function pendingHandled(outbox: Pick<OutboxStore, 'pending'>): Set<string> {
  const ids = new Set<string>();
  for (const c of outbox.pending()) {
    if (c.type !== CUSTOMER_REQUEST_HANDLE) continue;
    for (const r of (c.payload.requests as Array<{ requestId?: unknown }> | undefined) ?? []) if (typeof r.requestId === 'string') ids.add(r.requestId);
  }
  return ids;
}

export function trackHandlers(o: TrackDeskOptions): Pick<DeskHandlers, TrackMethod> {
  return {
    customerRequests: () => readCustomerRequests(o.sqlite(), pendingHandled(o.outbox)),
    handleCustomerRequest: ({ requestId }) => {
      const list = readCustomerRequests(o.sqlite(), pendingHandled(o.outbox));
      const request = list.requests.find((r) => r.id === requestId);
      if (!request) throw new ActionError('not_found', `requestId: no customer request ${requestId} in this desk's replica`, 404);
      if (request.state !== 'new') throw new ActionError('wrong_status', `requestId: ${requestId} is already ${request.state}`);
      if (request.pending) throw new ActionError('already_pending', `requestId: ${requestId} is already being marked handled`);
      const command = o.enqueue(CUSTOMER_REQUEST_HANDLE, { requests: [{ requestId, expectedVersion: request.version }] }, `客户改期申请已处理 · ${request.orderNo} → ${request.wanted}`);
      return { command };
    },
    selfServiceUsage: () => warRoomUsage(o.sqlite(), o.now()),
    trackAccessLog: ({ limit }) => ({ entries: readAccessLog(o.sqlite(), limit ?? 100) }),
  };
}
