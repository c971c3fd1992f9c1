/**
 * Feeds the war-room index from the replica: everything once, then the rows each applied batch
 * touched. It turns what changed into small pushes: a versioned map delta (changed points only)
 * and an "incidents changed" notice with the incidents that just appeared.
 */
import type { DeskEvent } from '@shared/contract';
import type { StageBudgets } from '@shared/stages';
import { shanghaiIso } from '@shared/time';
import type { MapDelta, MapView } from '@shared/war-room';
import type { AppliedBatch } from '@main/replica/store';
import { IncidentBook } from './incident-book';
import { incidentLine } from './incident-board';
import { orderFacts, type JobFacts } from './order-facts';
import type { WarRoomReads } from './replica-reads';
import { WarRoomIndex } from './war-room-index';
import { indexSlices, runSliced, runToEnd } from './war-room-load';

/** Above this many changed points a delta is no cheaper than a re-read. */
const RESYNC_ABOVE = 5000;
/** A replica this small is loaded in one go (tens of ms); a bigger one in slices. */
const SYNC_LOAD_MAX = 5000;

export class WarRoomFeed {
  index: WarRoomIndex;
  private loaded = false;
  private loading: Promise<void> | null = null;
  private generation = 0;
  /** batches applied to the replica while a load runs */
  private readonly queued: AppliedBatch[] = [];
  private version = 0;
  private readonly sent = new Set<string>();
  private lastCounters = '';
  private crewStamp = '';

  constructor(
    private readonly reads: WarRoomReads,
    readonly book: IncidentBook,
    private readonly budgets: StageBudgets,
    private readonly now: () => number,
    private readonly publish: (event: DeskEvent) => void,
  ) {
    this.index = new WarRoomIndex(budgets, 0);
  }

  /**
   * The index. On first use it is loaded from the replica: at once when the replica is small, else
   * in slices with the event loop free between them (seconds at 100k orders), the current index
   * answering meanwhile.
   */
  ready(): WarRoomIndex {
    if (!this.loaded && !this.loading) {
      if (this.reads.orderCount() <= SYNC_LOAD_MAX) this.finishLoad(runToEnd(this.loadSlices()));
      else void this.load();
    }
    return this.index;
  }

  /** Loads the index from the replica in slices; resolves once it is in use. */
  load(): Promise<void> {
    return (this.loading ??= (async () => {
      try {
        const generation = this.generation;
        const index = await runSliced(this.loadSlices());
        if (generation === this.generation) this.finishLoad(index);
      } finally {
        this.loading = null;
      }
    })());
  }

  apply(batch: AppliedBatch): void {
    if (this.loading) return void this.queued.push(batch); // applied on top of the load when it is done
    if (!this.loaded) return void this.ready(); // the replica already holds this batch
    this.applyTo(this.index, batch);
  }

  private applyTo(index: WarRoomIndex, batch: AppliedBatch): void {
    index.tick(this.now());
    const stamp = this.reads.crewStamp();
    if (stamp !== this.crewStamp) {
      this.crewStamp = stamp;
      const crews = this.reads.allCrews();
      const ids = new Set(crews.map((c) => c.id));
      for (const id of [...index.crews.keys()]) if (!ids.has(id)) index.deleteCrew(id);
      for (const c of crews) index.upsertCrew(c);
    }
    // from the batch's own parsed rows: re-reading each order and its jobs from the replica cost
    // ~0.1 ms an order, 100+ ms for a page of the initial sync. Jobs are taken together (each crew
    // they touch is refreshed once, not once per job); a deletion first takes the jobs before it.
    const jobs: JobFacts[] = [];
    const takeJobs = () => {
      if (jobs.length > 0) index.upsertJobs(jobs.splice(0));
    };
    for (const change of batch.changes) {
      if (change.data === null) {
        takeJobs();
        if (change.entity === 'job') index.deleteJob(change.id);
        else {
          for (const jobId of [...(index.jobsByOrder.get(change.id) ?? [])]) index.deleteJob(jobId);
          index.deleteOrder(change.id);
        }
      } else if (change.entity === 'order') index.upsertOrder(orderFacts(change.id, change.data));
      else jobs.push({ ...change.data, id: change.id });
    }
    takeJobs();
  }

  /** Drops everything (the replica was reset); it reloads on next use. */
  reset(): void {
    this.index = new WarRoomIndex(this.budgets, this.now());
    this.loaded = false;
    this.generation++; // a load running now read the replica before it was reset: its index is dropped
    this.queued.length = 0;
    this.sent.clear();
    this.publish({ type: 'mapDelta', delta: { ...this.emptyDelta(), resync: true } });
  }

  tick(): void {
    if (this.loaded) this.index.tick(this.now());
  }

  /** Pushes what changed since the last flush; returns whether incident lines changed. */
  flush(): boolean {
    if (!this.loaded) return false;
    const index = this.index;
    const now = this.now();
    index.tick(now);
    const upserts = [];
    const removed: string[] = [];
    for (const id of index.takeDirtyPoints()) {
      const p = index.point(id);
      if (p) {
        upserts.push(p);
        this.sent.add(id);
      } else if (this.sent.delete(id)) removed.push(id);
    }
    const counters = index.counters();
    const countersKey = JSON.stringify(counters);
    if (upserts.length || removed.length || countersKey !== this.lastCounters) {
      this.lastCounters = countersKey;
      const from = this.version++;
      const resync = upserts.length + removed.length > RESYNC_ABOVE;
      const delta: MapDelta = { from, to: this.version, asOf: shanghaiIso(now), counters, upserts: resync ? [] : upserts, removed: resync ? [] : removed, resync };
      this.publish({ type: 'mapDelta', delta });
    }
    const keys = index.groups.take();
    this.book.sample(now, (key) => index.groups.groups.get(key)?.members.size ?? 0);
    if (keys.length === 0) return false;
    const raised = this.book.update(keys, (key) => index.groups.groups.get(key), now);
    this.book.prune(now - 24 * 3600_000);
    const titles = raised.flatMap((r) => {
      const rec = this.book.get(r.id);
      if (!rec) return [];
      const line = incidentLine(index, rec);
      return [{ id: line.id, cause: line.cause, title: line.title, count: line.count }];
    });
    this.publish({ type: 'incidents', version: this.version, raised: titles });
    return true;
  }

  mapView(): MapView {
    const index = this.ready();
    this.flush();
    const points = [...index.latePoints()];
    this.sent.clear();
    for (const p of points) this.sent.add(p.id);
    return { version: this.version, asOf: shanghaiIso(index.clock), counters: index.counters(), points };
  }

  private loadSlices(): Generator<void, WarRoomIndex> {
    this.crewStamp = this.reads.crewStamp();
    return indexSlices(this.reads, this.budgets, this.now());
  }

  /**
   * Takes an index built elsewhere from the same rows as the replica now holds (a snapshot's, built
   * while the snapshot was copied into the replica) instead of loading one.
   */
  adopt(index: WarRoomIndex): void {
    this.generation++;
    this.crewStamp = this.reads.crewStamp();
    this.finishLoad(index);
  }

  private finishLoad(index: WarRoomIndex): void {
    for (const batch of this.queued.splice(0)) this.applyTo(index, batch);
    index.tick(this.now());
    this.index = index;
    this.loaded = true;
    const now = this.now();
    // incidents restored from the file are re-judged along with every group the load filled
    const keys = new Set([...index.groups.take(), ...[...this.book.records()].map((r) => r.key)]);
    this.book.update([...keys], (key) => index.groups.groups.get(key), now);
    this.book.sample(now, (key) => index.groups.groups.get(key)?.members.size ?? 0);
    index.takeDirtyPoints();
    this.version++;
    this.publish({ type: 'mapDelta', delta: { ...this.emptyDelta(), resync: true } });
    this.publish({ type: 'incidents', version: this.version, raised: [] });
  }

  private emptyDelta(): MapDelta {
    return { from: this.version, to: this.version, asOf: shanghaiIso(this.now()), counters: this.index.counters(), upserts: [], removed: [], resync: false };
  }
}
