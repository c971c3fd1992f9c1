/**
 * What the war room shows, outside React: components read slices with useDesk(selector), the map
 * listens directly, so a 20,000-order overview re-renders only what depends on it.
 */
import { useSyncExternalStore } from 'react';
import type { DeskStatus, Overview } from '@shared/contract';
import type { LinkState } from '@renderer/api/link';

export type ProblemSource = 'status' | 'overview';

export interface DeskSnapshot {
  status: DeskStatus | null;
  /** client clock (ms) when `status` arrived, to run the server clock between reads */
  statusReceivedAt: number;
  overview: Overview | null;
  /** last failure of each read, cleared by its next success */
  problems: Readonly<Partial<Record<ProblemSource, string>>>;
  /** the renderer ↔ back end event link */
  link: LinkState;
}

type Listener = () => void;

/** Whether an overview read by RPC may replace the one shown (an event may have been newer). */
export function isNewerOverview(current: Overview | null, incoming: Overview): boolean {
  if (!current) return true;
  if (incoming.checkpoint !== current.checkpoint) return incoming.checkpoint > current.checkpoint;
  return Date.parse(incoming.asOf) >= Date.parse(current.asOf);
}

export class DeskStore {
  private snapshot: DeskSnapshot = { status: null, statusReceivedAt: 0, overview: null, problems: {}, link: { kind: 'up' } };
  private readonly listeners = new Set<Listener>();

  get = (): DeskSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<DeskSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  setStatus(status: DeskStatus, receivedAt: number): void {
    this.set({ status, statusReceivedAt: receivedAt });
  }

  /** Events always replace the overview; RPC replies only when not older than what is shown. */
  setOverview(overview: Overview, fromEvent: boolean): void {
    if (!fromEvent && !isNewerOverview(this.snapshot.overview, overview)) return;
    this.set({ overview });
  }

  setProblem(source: ProblemSource, message: string | null): void {
    const current = this.snapshot.problems[source];
    if ((current ?? null) === message) return;
    const problems = { ...this.snapshot.problems };
    if (message === null) delete problems[source];
    else problems[source] = message;
    this.set({ problems });
  }

  setLink(link: LinkState): void {
    this.set({ link });
  }
}

/** Read one slice of the store; the component re-renders only when that slice changes. */
export function useDesk<T>(store: DeskStore, select: (s: DeskSnapshot) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
