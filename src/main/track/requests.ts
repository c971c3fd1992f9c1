/**
 * The war room's queue of customers' date-change requests (issue 18 item 4), read from the
 * replica: the server syncs them as entity `customer_request`, which this build keeps in
 * other_rows; each is joined with its order and the order's active installation job. A request
 * this desk has sent `customerRequest.handle` for (still in the outbox) is shown as pending.
 */
import type Database from 'better-sqlite3';
import type { CustomerRequestList, CustomerRequestView } from '@shared/customer-requests';
import { CUSTOMER_REQUEST_ENTITY, CustomerRequestData } from '@shared/track';

/** Handled requests the queue still lists under the open ones (newest first). */
const KEEP_HANDLED = 30;

interface OrderRow {
  id: string;
  stage: number;
  district: string;
  customer_name: string | null;
  promised_date: string;
}
interface JobRow {
  id: string;
  crew_id: string | null;
  date: string | null;
  status: string;
  crew_name: string | null;
}

/** `pendingIds`: request ids named by this desk's unanswered customerRequest.handle commands. */
export function readCustomerRequests(sqlite: Database.Database, pendingIds: ReadonlySet<string>): CustomerRequestList {
  const rows = sqlite.prepare<[string], { id: string; version: number; data: string }>('SELECT id, version, data FROM other_rows WHERE entity = ?').all(CUSTOMER_REQUEST_ENTITY);
  const orderOf = sqlite.prepare<[string], OrderRow>('SELECT id, stage, district, customer_name, promised_date FROM orders WHERE id = ?');
  // the order's active job: not cancelled, the latest booked first (an order keeps at most one active job)
  const jobOf = sqlite.prepare<[string], JobRow>(
    `SELECT j.id, j.crew_id, j.date, j.status, c.name AS crew_name FROM jobs j LEFT JOIN crews c ON c.id = j.crew_id
     WHERE j.order_id = ? AND j.status != 'cancelled' ORDER BY (j.status = 'done'), j.date DESC LIMIT 1`,
  );
  const all: CustomerRequestView[] = [];
  for (const row of rows) {
    let json: unknown;
    try {
      json = JSON.parse(row.data);
    } catch {
      continue;
    }
    const parsed = CustomerRequestData.safeParse(json);
    if (!parsed.success) continue; // a row of a newer server's shape: not this build's to show
    const r = parsed.data;
    const order = orderOf.get(r.orderId);
    const job = jobOf.get(r.orderId);
    all.push({
      id: row.id,
      version: row.version,
      orderId: r.orderId,
      orderNo: r.orderNo,
      wanted: r.wanted,
      note: r.note,
      at: r.at,
      state: r.state,
      pending: r.state === 'new' && pendingIds.has(row.id),
      order: order ? { stage: order.stage, district: order.district, customerName: order.customer_name, promisedDate: order.promised_date } : null,
      job: job ? { jobId: job.id, crewId: job.crew_id, crewName: job.crew_name, date: job.date, status: job.status } : null,
    });
  }
  const byAt = (a: CustomerRequestView, b: CustomerRequestView) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id);
  const open = all.filter((r) => r.state === 'new').sort(byAt);
  const handled = all.filter((r) => r.state !== 'new').sort((a, b) => byAt(b, a)).slice(0, KEEP_HANDLED);
  return { requests: [...open, ...handled], open: open.length };
}
