/** Handing applied batches to the analysis without holding the event loop. */
import type { AppliedBatch } from '@main/replica/store';

/** Changed rows handed to the analysis per turn of the event loop: ~50 µs each in the war room. */
const DELIVER_SLICE = 200;

/**
 * Hands an applied batch to the analysis in slices with the event loop free in between: a page of
 * the initial sync holds 1,000 orders, one synchronous pass over them stalled the desk for 100+ ms.
 * The changes keep the order they were applied in (the war room takes orders and jobs either way
 * round); the sync queue is held until the last slice.
 */
export async function deliverSliced(batch: AppliedBatch, onBatch: (batch: AppliedBatch) => void): Promise<void> {
  const { changes } = batch;
  if (changes.length <= DELIVER_SLICE) return onBatch(batch);
  for (let i = 0; i < changes.length; i += DELIVER_SLICE) {
    onBatch({ changes: changes.slice(i, i + DELIVER_SLICE), rows: i === 0 ? batch.rows : 0 });
    if (i + DELIVER_SLICE < changes.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
