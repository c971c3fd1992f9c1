/** Handing applied batches to the analysis without holding the event loop. */
import type { AppliedBatch } from '@main/replica/store';

/** Orders (or jobs) handed to the analysis per turn of the event loop: ~50 µs each in the war room. */
const DELIVER_SLICE = 200;

/**
 * Hands an applied batch to the analysis in slices with the event loop free in between: a page of
 * the initial sync holds 1,000 orders, one synchronous pass over them stalled the desk for 100+ ms.
 * Orders go first, then jobs, as the war room expects; the sync queue is held until the last slice.
 */
export async function deliverSliced(batch: AppliedBatch, onBatch: (batch: AppliedBatch) => void): Promise<void> {
  const orders = batch.upsertedOrders.length;
  const jobs = batch.upsertedJobs.length;
  if (orders + jobs <= DELIVER_SLICE) return onBatch(batch);
  const none = { upsertedOrders: [], upsertedOrderData: [], deletedOrderIds: [], upsertedJobs: [], deletedJobIds: [], rows: 0 };
  for (let i = 0; i === 0 || i < orders; i += DELIVER_SLICE) {
    onBatch({ ...none, upsertedOrders: batch.upsertedOrders.slice(i, i + DELIVER_SLICE), upsertedOrderData: batch.upsertedOrderData.slice(i, i + DELIVER_SLICE), deletedOrderIds: i === 0 ? batch.deletedOrderIds : [], rows: i === 0 ? batch.rows : 0 });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // job tombstones with the first slice of jobs: a job deleted and its order kept is still gone
  for (let i = 0; i === 0 || i < jobs; i += DELIVER_SLICE) {
    onBatch({ ...none, upsertedJobs: batch.upsertedJobs.slice(i, i + DELIVER_SLICE), deletedJobIds: i === 0 ? batch.deletedJobIds : [] });
    if (i + DELIVER_SLICE < jobs) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
