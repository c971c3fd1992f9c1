/**
 * customerRequest.handle (pure, issue 18 item 4): a supervisor marks customers' date-change
 * requests from the self-service page handled. Each named request must exist, be at the version
 * the desk saw and still be `new`; it becomes `handled` at the command's version, so every desk's
 * queue drops it. The row's image makes it undoable: undo sets it back to `new` (undo.ts), unless
 * the row changed since (conflict). The audit row says which orders and dates were handled.
 */
import type { CustomerRequestHandlePayload } from '@shared/protocol';
import type { Draft } from '@server/commands/draft';

export const CUSTOMER_REQUEST = 'customer_request';

export function planCustomerRequestHandle(d: Draft, p: CustomerRequestHandlePayload): void {
  for (const r of p.requests) {
    if (!d.expect(CUSTOMER_REQUEST, r.requestId, r.expectedVersion)) continue;
    const row = d.get(CUSTOMER_REQUEST, r.requestId);
    if (!row) {
      d.fail('not_found', `customer request ${r.requestId}: no such request`);
      continue;
    }
    if (row.state !== 'new') {
      d.fail('wrong_status', `customer request ${r.requestId} is ${String(row.state)}, not new`);
      continue;
    }
    d.set(CUSTOMER_REQUEST, r.requestId, { state: 'handled' }, true);
    d.details.push(`handled · ${String(row.orderNo)} → ${String(row.wanted)} [${r.requestId}]`);
  }
}
