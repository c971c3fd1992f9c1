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

/**
 * One order's fields as a facts query returns them, in raw mode (an array: building a 19-key
 * object per row in the driver took longer than the rest of the read): rowid, id, the FACT_FIELDS
 * in order, then `causes` as JSON text. NULL is JSON null or a missing field.
 */
export type FactsRaw = [rowid: number, id: string, ...fields: (string | number | null)[]];

/** The SQL list a facts query selects, given how each field is read (a column, or a JSON path). */
export function factsSelectList(read: (field: string) => string): string {
  return ['rowid', 'id', ...FACT_FIELDS.map(read), read('causes')].join(', ');
}

/** where each field sits in a raw facts row */
const at = Object.fromEntries([...FACT_FIELDS, 'causes'].map((f, i) => [f, i + 2])) as Record<keyof typeof FactsRow.shape, number>;

/** Facts of the rows that parse (a row that does not is skipped rather than taking the board down). */
export function factsOfRows(rows: FactsRaw[]): { facts: OrderFacts[]; last: number | null } {
  const facts: OrderFacts[] = [];
  for (const r of rows) {
    let causes: unknown;
    try {
      causes = JSON.parse(String(r[at.causes]));
    } catch {
      continue;
    }
    // one object literal (a fixed shape): filling a fresh object key by key made it a slow dictionary
    const parsed = FactsRow.safeParse({
      orderNo: r[at.orderNo],
      channel: r[at.channel],
      productType: r[at.productType],
      stage: r[at.stage],
      stageEnteredAt: r[at.stageEnteredAt],
      promisedDate: r[at.promisedDate],
      city: r[at.city],
      district: r[at.district],
      lat: r[at.lat],
      lng: r[at.lng],
      crewId: r[at.crewId],
      causes,
      // SQL NULL is JSON null or a missing field: these two optional strings may only be missing
      customerName: r[at.customerName] ?? undefined,
      customerPhone: r[at.customerPhone] ?? undefined,
      workshop: r[at.workshop],
      line: r[at.line],
      carrier: r[at.carrier],
    });
    if (parsed.success) facts.push(orderFacts(r[1], parsed.data));
  }
  return { facts, last: rows.length ? rows[rows.length - 1]![0] : null };
}
