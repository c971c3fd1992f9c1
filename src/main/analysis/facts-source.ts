/**
 * Where the war room's load reads its rows: the replica (WarRoomReads) or, while a snapshot is
 * being copied into a new replica on a worker thread, the snapshot file itself (SnapshotFacts), so
 * the analysis is built on the other core at the same time as the copy.
 */
import { OrderData } from '@shared/entities';
import { orderFacts, type CrewFacts, type JobFacts, type OrderFacts } from './order-facts';

export interface FactsSource {
  orderCount(): number;
  allCrews(): CrewFacts[];
  /** up to `limit` orders after table position `after` (0: the start), and the last position read */
  orderFactsAfter(after: number, limit: number): { facts: OrderFacts[]; last: number | null };
  jobsAfter(after: number, limit: number): { jobs: JobFacts[]; last: number | null };
}

/** What the war room keeps of an order, checked like the wire row it came from (the same field rules). */
const FactsRow = OrderData.pick({
  orderNo: true, channel: true, productType: true, stage: true, stageEnteredAt: true, promisedDate: true, city: true, district: true,
  lat: true, lng: true, crewId: true, causes: true, customerName: true, customerPhone: true, workshop: true, line: true, carrier: true,
});

/** The order fields the war room keeps besides `causes` (read as plain values by the facts queries). */
export const FACT_FIELDS = Object.keys(FactsRow.shape).filter((k) => k !== 'causes');

/** One order's fields as a facts query returns them: `causes` is JSON text, NULL is a missing field. */
export type FactsRaw = Record<string, string | number | null> & { rowid: number; id: string; causes: string };

/** Facts of the rows that parse (a row that does not is skipped rather than taking the board down). */
export function factsOfRows(rows: FactsRaw[]): { facts: OrderFacts[]; last: number | null } {
  const facts: OrderFacts[] = [];
  for (const r of rows) {
    let causes: unknown;
    try {
      causes = JSON.parse(r.causes);
    } catch {
      continue;
    }
    // SQL NULL is JSON null or a missing field: the two optional strings may only be missing
    const parsed = FactsRow.safeParse({ ...r, causes, customerName: r.customerName ?? undefined, customerPhone: r.customerPhone ?? undefined });
    if (parsed.success) facts.push(orderFacts(r.id, parsed.data));
  }
  return { facts, last: rows.length ? rows[rows.length - 1]!.rowid : null };
}
