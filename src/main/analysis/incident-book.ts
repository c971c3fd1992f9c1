/**
 * The incidents' life on this desk: which groups are incidents (above the threshold, or crews on
 * leave), their state (new → acknowledged → handling → resolved), when each was first seen and an
 * hourly trend of its count. State is local to the desk and survives restarts through
 * states()/restore() (src/main/war-room/incident-states-file.ts keeps them in incidents.json).
 */
import type { IncidentState } from '@shared/war-room';
import type { Group } from './group-table';
import { incidentId } from '@shared/incident-keys';

export const DEFAULT_THRESHOLD = 5;
const TREND_SAMPLES = 12;
const HOUR = 3600_000;

export interface IncidentRecord {
  id: string;
  key: string;
  state: IncidentState;
  firstSeen: number;
  stateChangedAt: number | null;
  /** the count when it was resolved; it reopens when it grows by a threshold above that */
  resolvedCount: number;
  active: boolean;
  trend: number[];
}

export interface Raised {
  id: string;
  key: string;
}

/** What the book keeps across restarts (incidents.json): each incident's state and first-seen time. */
export type IncidentStates = { version: 1; incidents: Omit<IncidentRecord, 'active' | 'trend'>[] };

export class IncidentBook {
  private readonly byKey = new Map<string, IncidentRecord>();
  private readonly keyById = new Map<string, string>();
  private hourBucket = -1;

  constructor(readonly threshold = DEFAULT_THRESHOLD) {}

  isIncident(g: Group | undefined): boolean {
    return !!g && (g.members.size >= this.threshold || g.crews.size > 0);
  }

  /** Re-judges the groups whose membership changed; returns the incidents that just appeared. */
  update(keys: readonly string[], groupOf: (key: string) => Group | undefined, now: number): Raised[] {
    const raised: Raised[] = [];
    for (const key of keys) {
      const g = groupOf(key);
      const active = this.isIncident(g);
      const size = g ? g.members.size : 0;
      let rec = this.byKey.get(key);
      if (!rec) {
        if (!active) continue;
        rec = { id: incidentId(key), key, state: 'new', firstSeen: now, stateChangedAt: null, resolvedCount: 0, active: true, trend: [] };
        this.byKey.set(key, rec);
        this.keyById.set(rec.id, key);
        raised.push({ id: rec.id, key });
        continue;
      }
      const wasActive = rec.active;
      rec.active = active;
      if (!active && rec.state !== 'resolved') this.setState(rec, 'resolved', now, 0);
      else if (active && rec.state === 'resolved' && (!wasActive || size >= rec.resolvedCount + this.threshold)) {
        this.setState(rec, 'new', now, 0);
        rec.firstSeen = wasActive ? rec.firstSeen : now;
        raised.push({ id: rec.id, key });
      }
    }
    return raised;
  }

  /** Records an hourly sample of every incident's count (server clock). */
  sample(now: number, countOf: (key: string) => number): void {
    const bucket = Math.floor(now / HOUR);
    if (bucket === this.hourBucket) return;
    this.hourBucket = bucket;
    for (const rec of this.byKey.values()) {
      rec.trend.push(countOf(rec.key));
      if (rec.trend.length > TREND_SAMPLES) rec.trend.shift();
    }
  }

  get(id: string): IncidentRecord | undefined {
    const key = this.keyById.get(id);
    return key ? this.byKey.get(key) : undefined;
  }

  records(): IterableIterator<IncidentRecord> {
    return this.byKey.values();
  }

  /** The supervisor moves an incident on (or back). */
  set(id: string, state: IncidentState, now: number, count: number): IncidentRecord | undefined {
    const rec = this.get(id);
    if (rec) this.setState(rec, state, now, count);
    return rec;
  }

  states(): IncidentStates {
    return { version: 1, incidents: [...this.byKey.values()].map(({ active: _a, trend: _t, ...rest }) => rest) };
  }

  /** Restores states and first-seen times; activity is re-judged by the next update(). */
  restore(saved: IncidentStates): void {
    for (const r of saved.incidents) {
      this.byKey.set(r.key, { ...r, active: r.state !== 'resolved', trend: [] });
      this.keyById.set(r.id, r.key);
    }
  }

  /** Forgets incidents resolved before `before` (server clock). */
  prune(before: number): void {
    for (const [key, rec] of this.byKey) {
      if (rec.state === 'resolved' && !rec.active && (rec.stateChangedAt ?? rec.firstSeen) < before) {
        this.byKey.delete(key);
        this.keyById.delete(rec.id);
      }
    }
  }

  private setState(rec: IncidentRecord, state: IncidentState, now: number, count: number): void {
    rec.state = state;
    rec.stateChangedAt = now;
    rec.resolvedCount = state === 'resolved' ? count : 0;
  }
}
