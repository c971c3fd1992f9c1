/**
 * The desk's status: read at start, then followed through pushed events; polled every 5 s when no
 * status event came, and re-read when the event link comes back after a drop (events may have been
 * missed). The late orders are the war room's (warRoomSync.ts).
 */
import type { DeskClient } from '@renderer/api/types';
import { describeError } from '@renderer/api/deskError';
import type { DeskStore } from '@renderer/state/deskStore';

export const STATUS_POLL_MS = 5_000;

export function startDeskSync(api: DeskClient, store: DeskStore, now: () => number = Date.now): () => void {
  let stopped = false;
  let lastStatusAt = 0;
  let statusInFlight = false;
  let missedEvents = false;

  async function readStatus(): Promise<void> {
    if (statusInFlight || stopped) return;
    statusInFlight = true;
    try {
      const status = await api.status({});
      if (stopped) return;
      lastStatusAt = now();
      store.setStatus(status, lastStatusAt);
      store.setProblem('status', null);
    } catch (err) {
      if (!stopped) store.setProblem('status', describeError(err));
    } finally {
      statusInFlight = false;
    }
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type !== 'status') return;
    lastStatusAt = now();
    store.setStatus(event.status, lastStatusAt);
    store.setProblem('status', null);
  });

  const unwatch = api.watchLink?.((link) => {
    store.setLink(link);
    if (link.kind === 'down') missedEvents = true;
    if (link.kind === 'up' && missedEvents) {
      missedEvents = false;
      void readStatus();
    }
  });

  void readStatus();

  const timer = setInterval(() => {
    if (now() - lastStatusAt >= STATUS_POLL_MS) void readStatus();
  }, STATUS_POLL_MS);

  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    unwatch?.();
  };
}
