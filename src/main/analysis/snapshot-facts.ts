/**
 * The war room's rows read straight from a downloaded snapshot file (format 1: `rows_E(id, version,
 * data)`), so its index is built on this thread while a worker copies the same file into the new
 * replica: the two halves of a fresh start run on both cores at once (decision 0041).
 */
import type Database from 'better-sqlite3';
import type { StageBudgets } from '@shared/stages';
import { SNAPSHOT_FORMAT, snapshotTable } from '@shared/snapshot';
import { factsOfRows, factsSelectList, type FactsRaw, type FactsSource } from './facts-source';
import type { CrewFacts, JobFacts, OrderFacts } from './order-facts';
import { openReadonly } from '@main/replica/snapshot-load';
import { crewsOfRows, jobsOfRows, WarRoomReads, type Row } from './replica-reads';
import { indexSlices, runSliced } from './war-room-load';
import type { WarRoomIndex } from './war-room-index';


class SnapshotFacts implements FactsSource {
  private readonly s;

  constructor(db: Database.Database) {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const from = (entity: string) => (tables.has(snapshotTable(entity)) ? snapshotTable(entity) : null);
    const orders = from('order');
    const jobs = from('job');
    const crews = from('crew');
    this.s = {
      count: orders ? db.prepare<[], { n: number | null }>(`SELECT MAX(rowid) AS n FROM ${orders}`) : null,
      facts: orders
        ? db
            .prepare<[number, number], FactsRaw>(`SELECT ${factsSelectList((f) => (f === 'causes' ? `data -> '$.${f}'` : `data ->> '$.${f}'`))} FROM ${orders} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
            .raw(true)
        : null,
      jobs: jobs ? db.prepare<[number, number], Row & { rowid: number }>(`SELECT rowid, id, data FROM ${jobs} WHERE rowid > ? ORDER BY rowid LIMIT ?`) : null,
      crews: crews ? db.prepare<[], Row>(`SELECT id, data FROM ${crews}`) : null,
    };
  }

  orderCount(): number {
    return this.s.count?.get()?.n ?? 0;
  }

  allCrews(): CrewFacts[] {
    return this.s.crews ? crewsOfRows(this.s.crews.all()) : [];
  }

  orderFactsAfter(after: number, limit: number): { facts: OrderFacts[]; last: number | null } {
    return this.s.facts ? factsOfRows(this.s.facts.all(after, limit)) : { facts: [], last: null };
  }

  jobsAfter(after: number, limit: number): { jobs: JobFacts[]; last: number | null } {
    return this.s.jobs ? jobsOfRows(this.s.jobs.all(after, limit)) : { jobs: [], last: null };
  }
}

/**
 * Builds the war room's index from a snapshot file, in slices with the event loop free between
 * them: format 1 read as `rows_E`, format 2 (already a replica) with the replica's own reads.
 */
export async function indexFromSnapshot(file: string, format: number, budgets: StageBudgets, now: number): Promise<WarRoomIndex> {
  const db = openReadonly(file);
  try {
    return await runSliced(indexSlices(format === SNAPSHOT_FORMAT ? new SnapshotFacts(db) : new WarRoomReads(db), budgets, now));
  } finally {
    db.close();
  }
}
