/**
 * The desk's status and the event link, outside React: components read slices with
 * useDesk(selector) and re-render only when that slice changes. The late orders are in warRoomStore.
 */
import { useSyncExternalStore } from 'react';
import type { DeskStatus } from '@shared/contract';
import type { LinkState } from '@renderer/api/link';

export type ProblemSource = 'status';

export interface DeskStoreState {
  status: DeskStatus | null;
  /** client clock (ms) when `status` arrived, to run the server clock between reads */
  statusReceivedAt: number;
  /** last failure of each read, cleared by its next success */
  problems: Readonly<Partial<Record<ProblemSource, string>>>;
  /** the renderer ↔ back end event link */
  link: LinkState;
}

type Listener = () => void;

export class DeskStore {
  private snapshot: DeskStoreState = { status: null, statusReceivedAt: 0, problems: {}, link: { kind: 'up' } };
  private readonly listeners = new Set<Listener>();

  get = (): DeskStoreState => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<DeskStoreState>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  setStatus(status: DeskStatus, receivedAt: number): void {
    this.set({ status, statusReceivedAt: receivedAt });
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
export function useDesk<T>(store: DeskStore, select: (s: DeskStoreState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
