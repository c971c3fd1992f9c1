/**
 * The war room's state outside React: the late orders on the map (kept from a snapshot plus
 * pushed deltas, by version), the incident board, what is selected and the map filters.
 * The map listens to it directly; panels read slices with useWarRoom(selector).
 */
import { useSyncExternalStore } from 'react';
import type { CrewLoad, IncidentBoard, MapDelta, MapPoint, MapView, WarCounters } from '@shared/war-room';
import { EMPTY_FILTERS, type MapFilters } from '@renderer/state/mapFilters';
import type { PlanPreviewLine } from '@renderer/map/planLayer';

export interface Toast {
  id: number;
  incidentId: string;
  cause: string;
  title: string;
  count: number;
  more: number;
}

export interface WarRoomState {
  /** bumped whenever `points` changed (the map redraws on it) */
  mapVersion: number;
  /** the back end's delta version these points are at; null before the first snapshot */
  serverVersion: number | null;
  asOf: string | null;
  counters: WarCounters | null;
  board: IncidentBoard | null;
  /** crews × the next days, one read shared by the heat map, the crew layer and the crew filter (crewLoadSync.ts) */
  crewLoad: CrewLoad | null;
  selectedIncidentId: string | null;
  /** orders picked on the map with the rectangle or the lasso, or a bottleneck's orders */
  pickedOrderIds: readonly string[] | null;
  pickedLabel: string | null;
  selectedOrderId: string | null;
  filters: MapFilters;
  /** the lasso tool: the next drag on the map draws a free-hand selection */
  lasso: boolean;
  toast: Toast | null;
  /** a contingency plan previewed on the map (ghost lines), or null */
  planPreview: { planId: string; lines: readonly PlanPreviewLine[] } | null;
  problems: Readonly<Partial<Record<'map' | 'incidents' | 'action' | 'crews' | 'plans', string>>>;
}

type Listener = () => void;

export class WarRoomStore {
  /** late orders by id: the renderer's one copy (20,000 of them), mutated in place, announced through mapVersion */
  readonly points = new Map<string, MapPoint>();
  /**
   * The ids the last delta replaced or removed, and the mapVersion it made: the map recolours just
   * those when it drew the version before (null after a snapshot: everything is new).
   */
  lastDelta: { mapVersion: number; ids: readonly string[] } | null = null;
  private state: WarRoomState = {
    mapVersion: 0, serverVersion: null, asOf: null, counters: null, board: null, crewLoad: null, selectedIncidentId: null,
    pickedOrderIds: null, pickedLabel: null, selectedOrderId: null, filters: EMPTY_FILTERS, lasso: false, toast: null, planPreview: null, problems: {},
  };
  private readonly listeners = new Set<Listener>();
  private toastSeq = 0;

  get = (): WarRoomState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(patch: Partial<WarRoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  loadSnapshot(s: MapView): void {
    this.points.clear();
    for (const p of s.points) this.points.set(p.id, p);
    this.lastDelta = null;
    this.set({ mapVersion: this.state.mapVersion + 1, serverVersion: s.version, asOf: s.asOf, counters: s.counters });
  }

  /** Applies a pushed delta; false when it does not follow what is held (the caller re-reads the snapshot). */
  applyDelta(d: MapDelta): boolean {
    if (d.resync || this.state.serverVersion === null || d.from !== this.state.serverVersion) return false;
    for (const id of d.removed) this.points.delete(id);
    for (const p of d.upserts) this.points.set(p.id, p);
    const changed = d.removed.length + d.upserts.length > 0;
    const mapVersion = this.state.mapVersion + (changed ? 1 : 0);
    if (changed) this.lastDelta = { mapVersion, ids: [...d.removed, ...d.upserts.map((p) => p.id)] };
    this.set({ mapVersion, serverVersion: d.to, asOf: d.asOf, counters: d.counters });
    return true;
  }

  showToast(raised: { id: string; cause: string; title: string; count: number }[]): void {
    const first = raised[0];
    if (!first) return;
    this.set({ toast: { id: ++this.toastSeq, incidentId: first.id, cause: first.cause, title: first.title, count: first.count, more: raised.length - 1 } });
  }

  setProblem(source: keyof WarRoomState['problems'], message: string | null): void {
    if ((this.state.problems[source] ?? null) === message) return;
    const problems = { ...this.state.problems };
    if (message === null) delete problems[source];
    else problems[source] = message;
    this.set({ problems });
  }
}

export const warRoomStore = new WarRoomStore();

export function useWarRoom<T>(select: (s: WarRoomState) => T, store: WarRoomStore = warRoomStore): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
