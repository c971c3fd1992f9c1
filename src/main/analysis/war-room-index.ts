/**
 * The war room's incremental analysis: every order's lateness verdict, its incident groups, the
 * counters and the crews on leave, kept up to date one changed row at a time (from each applied
 * batch) and one due order at a time as the server clock passes a deadline (a min-heap of
 * "next verdict change"), never by rescanning every order.
 */
import { assessLateness } from '@shared/rules';
import { FINAL_STAGE, type StageBudgets } from '@shared/stages';
import { endOfShanghaiDay, shanghaiDate, shanghaiIso } from '@shared/time';
import type { MapPoint, WarCounters } from '@shared/war-room';
import { leaveOn } from '@shared/crew-rules';
import { GroupTable } from './group-table';
import { districtPlace, placeOf, type GroupPlace } from '@shared/incident-keys';
import { DueHeap, nextVerdictChangeAt } from './lateness-schedule';
import { OPEN_JOB, type CrewFacts, type JobFacts, type OrderFacts } from './order-facts';

export type Verdict = 'overdue' | 'at_risk' | 'on_track' | 'done';

export interface TrackedOrder {
  facts: OrderFacts;
  status: Verdict;
  reason: string | null;
  lateSince: number | null;
  places: GroupPlace[];
  due: number;
}

const addTo = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
const removeFrom = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => {
  const s = m.get(k);
  if (s && s.delete(v) && s.size === 0) m.delete(k);
};

export class WarRoomIndex {
  readonly orders = new Map<string, TrackedOrder>();
  readonly crews = new Map<string, CrewFacts>();
  readonly jobs = new Map<string, JobFacts>();
  readonly jobsByOrder = new Map<string, Set<string>>();
  readonly jobsByCrew = new Map<string, Set<string>>();
  readonly groups = new GroupTable();
  /** crews counted as on leave, with the place of their incident */
  private readonly leaveOf = new Map<string, GroupPlace>();
  private readonly heap = new DueHeap();
  private readonly doneByDate = new Map<string, { done: number; onTime: number }>();
  private readonly dirtyPoints = new Set<string>();
  private inFlight = 0;
  private overdue = 0;
  private atRisk = 0;
  /** late orders in no group (no cause tag) */
  unattributed = 0;
  private today: string;

  constructor(
    private readonly budgets: StageBudgets,
    private now: number,
  ) {
    this.today = shanghaiDate(now);
  }

  // ---- rows in ----

  upsertOrder(facts: OrderFacts): void {
    const before = this.orders.get(facts.id);
    if (before) this.forget(before);
    const tracked: TrackedOrder = { facts, status: 'on_track', reason: null, lateSince: null, places: [], due: Infinity };
    this.orders.set(facts.id, tracked);
    if (facts.stage < FINAL_STAGE) this.inFlight++;
    else this.countDone(facts, 1);
    this.assess(tracked, before?.places ?? []);
    this.dirtyPoints.add(facts.id);
  }

  deleteOrder(id: string): void {
    const before = this.orders.get(id);
    if (!before) return;
    this.forget(before);
    this.groups.move(id, before.places, []);
    this.orders.delete(id);
    this.dirtyPoints.add(id);
  }

  upsertCrew(crew: CrewFacts): void {
    this.crews.set(crew.id, crew);
    this.refreshCrew(crew.id, true);
  }

  deleteCrew(id: string): void {
    this.crews.delete(id);
    this.refreshCrew(id, true);
  }

  upsertJob(job: JobFacts): void {
    const before = this.jobs.get(job.id);
    if (before) this.unindexJob(before);
    this.jobs.set(job.id, job);
    addTo(this.jobsByOrder, job.orderId, job.id);
    if (job.crewId) addTo(this.jobsByCrew, job.crewId, job.id);
    this.afterJob(before, job);
  }

  /**
   * Many jobs at once (a load, a page): each touched order is re-judged and each touched crew
   * refreshed once, not once per job — a crew holds hundreds of jobs, and refreshing it walks them all.
   */
  upsertJobs(jobs: Iterable<JobFacts>, deferCrews?: Set<string>): void {
    const orders = new Set<string>();
    // a load collects the crews across all its slices and refreshes each once at the end
    const crews = deferCrews ?? new Set<string>();
    for (const job of jobs) {
      const before = this.jobs.get(job.id);
      if (before) this.unindexJob(before);
      this.jobs.set(job.id, job);
      addTo(this.jobsByOrder, job.orderId, job.id);
      if (job.crewId) addTo(this.jobsByCrew, job.crewId, job.id);
      for (const j of [before, job]) {
        if (!j) continue;
        orders.add(j.orderId);
        if (j.crewId) crews.add(j.crewId);
      }
    }
    for (const orderId of orders) {
      const t = this.orders.get(orderId);
      if (t) this.assess(t, t.places);
    }
    if (!deferCrews) for (const crewId of crews) this.refreshCrew(crewId, false);
  }

  /** Refreshes crews whose jobs were loaded with refresh deferred (see upsertJobs). */
  refreshCrews(ids: Iterable<string>): void {
    for (const id of ids) this.refreshCrew(id, false);
  }

  deleteJob(id: string): void {
    const before = this.jobs.get(id);
    if (!before) return;
    this.unindexJob(before);
    this.jobs.delete(id);
    this.afterJob(before, null);
  }

  /** The server clock moved: re-assess only the orders whose verdict can have changed. */
  tick(now: number): void {
    this.now = now;
    const today = shanghaiDate(now);
    if (today !== this.today) {
      this.today = today;
      for (const id of this.crews.keys()) this.refreshCrew(id, false);
    }
    for (const { at, id } of this.heap.popDue(now)) {
      const t = this.orders.get(id);
      if (t && t.due === at) this.assess(t, t.places);
    }
  }

  // ---- reads ----

  counters(): WarCounters {
    const d = this.doneByDate.get(this.today) ?? { done: 0, onTime: 0 };
    return {
      inFlight: this.inFlight,
      overdue: this.overdue,
      atRisk: this.atRisk,
      doneToday: d.done,
      doneOnTimeToday: d.onTime,
      onTimeRate: d.done > 0 ? d.onTime / d.done : null,
    };
  }

  get clock(): number {
    return this.now;
  }

  /** the server clock this index was last ticked to (epoch ms) */
  get nowMs(): number {
    return this.now;
  }

  get todayDate(): string {
    return this.today;
  }

  point(id: string): MapPoint | null {
    const t = this.orders.get(id);
    if (!t || (t.status !== 'overdue' && t.status !== 'at_risk')) return null;
    const f = t.facts;
    return {
      id: f.id, orderNo: f.orderNo, stage: f.stage, status: t.status, reason: t.reason ?? 'projected',
      lateSince: t.lateSince === null ? null : shanghaiIso(t.lateSince), promisedDate: f.promisedDate,
      city: f.city, district: f.district, lat: f.lat, lng: f.lng, channel: f.channel, productType: f.productType,
      causes: f.causes, crewId: f.crewId, carrier: f.carrier, workstation: f.workstation,
    };
  }

  *latePoints(): Iterable<MapPoint> {
    for (const id of this.orders.keys()) {
      const p = this.point(id);
      if (p) yield p;
    }
  }

  /** Orders whose map point may have changed since the last call. */
  takeDirtyPoints(): string[] {
    const ids = [...this.dirtyPoints];
    this.dirtyPoints.clear();
    return ids;
  }

  /** Crews counted on leave in a group, and whether each is off today. */
  isOnLeaveToday(crewId: string): boolean {
    const crew = this.crews.get(crewId);
    return !!crew && leaveOn(crew.unavailable, this.today) !== null;
  }

  openJobsOf(crewId: string): string[] {
    return [...(this.jobsByCrew.get(crewId) ?? [])].filter((id) => OPEN_JOB(this.jobs.get(id)!)).sort();
  }

  // ---- internals ----

  private forget(t: TrackedOrder): void {
    if (t.facts.stage < FINAL_STAGE) this.inFlight--;
    else this.countDone(t.facts, -1);
    this.count(t, -1);
  }

  private count(t: TrackedOrder, sign: 1 | -1): void {
    if (t.status === 'overdue') this.overdue += sign;
    else if (t.status === 'at_risk') this.atRisk += sign;
    if ((t.status === 'overdue' || t.status === 'at_risk') && t.places.length === 0) this.unattributed += sign;
  }

  private countDone(f: OrderFacts, sign: 1 | -1): void {
    const entered = Date.parse(f.stageEnteredAt);
    const date = shanghaiDate(entered);
    const d = this.doneByDate.get(date) ?? { done: 0, onTime: 0 };
    d.done += sign;
    if (entered < endOfShanghaiDay(f.promisedDate)) d.onTime += sign;
    this.doneByDate.set(date, d);
  }

  /** Re-judges one order; `before` are the groups it was counted in. */
  private assess(t: TrackedOrder, before: GroupPlace[]): void {
    const f = t.facts;
    this.count(t, -1);
    const prevStatus = t.status;
    const prevReason = t.reason;
    const prevLateSince = t.lateSince;
    const entered = Date.parse(f.stageEnteredAt);
    const deadline = endOfShanghaiDay(f.promisedDate);
    const v = assessLateness(f, this.budgets, this.now);
    t.status = v.status;
    t.reason = v.reason ?? null;
    t.lateSince = v.reason === 'promised_date' ? deadline : v.reason === 'stage_budget' ? entered + (this.budgets[f.stage] ?? 0) * 3600_000 : null;
    const conflictCrew = v.status === 'done' ? null : this.crewOffOnJobDay(f.id);
    if (v.status === 'on_track' && conflictCrew) {
      t.status = 'at_risk';
      t.reason = 'crew_unavailable';
    }
    let places: GroupPlace[] = [];
    if (t.status === 'overdue' || t.status === 'at_risk') {
      for (const cause of f.causes) places.push(placeOf(cause, f));
      if (conflictCrew) places.push(districtPlace('installer_shortage', conflictCrew.district));
      if (places.length > 1) places = [...new Map(places.map((p) => [p.key, p])).values()];
    }
    t.places = places;
    this.groups.move(f.id, before, places);
    this.count(t, 1);
    if (t.status !== prevStatus || t.reason !== prevReason || t.lateSince !== prevLateSince || before.length !== places.length) this.dirtyPoints.add(f.id);
    t.due = nextVerdictChangeAt(f.stage, entered, deadline, this.budgets, this.now);
    if (t.due !== Infinity) this.heap.push(t.due, f.id);
  }

  /** The crew of one of the order's open jobs that is unavailable on that job's date, if any. */
  private crewOffOnJobDay(orderId: string): CrewFacts | null {
    for (const jobId of this.jobsByOrder.get(orderId) ?? []) {
      const job = this.jobs.get(jobId)!;
      if (!OPEN_JOB(job) || !job.crewId || !job.date) continue;
      const crew = this.crews.get(job.crewId);
      if (crew && leaveOn(crew.unavailable, job.date)) return crew;
    }
    return null;
  }

  private unindexJob(job: JobFacts): void {
    removeFrom(this.jobsByOrder, job.orderId, job.id);
    if (job.crewId) removeFrom(this.jobsByCrew, job.crewId, job.id);
  }

  private afterJob(before: JobFacts | undefined, after: JobFacts | null): void {
    for (const orderId of new Set([before?.orderId, after?.orderId])) {
      const t = orderId ? this.orders.get(orderId) : undefined;
      if (t) this.assess(t, t.places);
    }
    for (const crewId of new Set([before?.crewId, after?.crewId])) if (crewId) this.refreshCrew(crewId, false);
  }

  /** Whether a crew counts as on leave (off today, or booked on a day off) and its incident's jobs. */
  private refreshCrew(crewId: string, reassessOrders: boolean): void {
    const crew = this.crews.get(crewId);
    const jobIds = [...(this.jobsByCrew.get(crewId) ?? [])];
    let onLeave = false;
    if (crew) {
      onLeave = leaveOn(crew.unavailable, this.today) !== null;
      for (const id of jobIds) {
        const j = this.jobs.get(id)!;
        if (!onLeave && OPEN_JOB(j) && j.date && leaveOn(crew.unavailable, j.date)) onLeave = true;
      }
    }
    const before = this.leaveOf.get(crewId) ?? null;
    const after = crew && onLeave ? districtPlace('installer_shortage', crew.district) : null;
    if (after) this.leaveOf.set(crewId, after);
    else this.leaveOf.delete(crewId);
    this.groups.setCrew(crewId, before, after);
    if (after) this.groups.mark(after.key);
    if (reassessOrders) {
      for (const id of jobIds) {
        const t = this.orders.get(this.jobs.get(id)!.orderId);
        if (t) this.assess(t, t.places);
      }
    }
  }
}
