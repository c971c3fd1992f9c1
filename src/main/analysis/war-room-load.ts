/**
 * Building the war room's index from a whole table of rows (the replica's, or a snapshot's) in
 * slices of about SLICE_MS, so a load of 100k orders never holds the event loop.
 */
import type { StageBudgets } from '@shared/stages';
import type { FactsSource } from './facts-source';
import { WarRoomIndex } from './war-room-index';

/** How long one slice may hold the event loop, and the rows read per step. */
const SLICE_MS = 8;
const READ_ROWS = 150;

export function* indexSlices(source: FactsSource, budgets: StageBudgets, now: number): Generator<void, WarRoomIndex> {
  const index = new WarRoomIndex(budgets, now);
  for (const c of source.allCrews()) index.upsertCrew(c);
  let until = performance.now() + SLICE_MS;
  const pause = function* () {
    if (performance.now() <= until) return;
    yield;
    until = performance.now() + SLICE_MS;
  };
  // jobs before orders: each order is then judged once, with its jobs already known (the other way
  // round, every order with a job was judged twice); a crew holds hundreds of jobs, so each crew is
  // refreshed once at the end, not once per page
  const crews = new Set<string>();
  for (let after: number | null = 0; after !== null; ) {
    const page = source.jobsAfter(after, READ_ROWS);
    index.upsertJobs(page.jobs, crews);
    after = page.last;
    yield* pause();
  }
  for (let after: number | null = 0; after !== null; ) {
    const page = source.orderFactsAfter(after, READ_ROWS);
    for (const f of page.facts) index.upsertOrder(f);
    after = page.last;
    yield* pause();
  }
  for (const crewId of crews) {
    index.refreshCrews([crewId]);
    yield* pause();
  }
  return index;
}

export function runToEnd<R>(steps: Generator<void, R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the slices with the event loop free between them. */
export async function runSliced<R>(steps: Generator<void, R>): Promise<R> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
