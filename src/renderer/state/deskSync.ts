/**
 * The data flow: read status and overview at start, then follow pushed events; poll status every
 * 5 s when no status event came, and re-read the overview while the event link is down or after
 * it comes back (events may have been missed).
 */
import type { DeskClient } from '@renderer/api/types';
import { describeError } from '@renderer/api/deskError';
import type { DeskStore } from '@renderer/state/deskStore';

export const STATUS_POLL_MS = 5_000;

/** `readOverview: false`: the war room follows map deltas instead of the whole overview (issue 5). */
export function startDeskSync(api: DeskClient, store: DeskStore, now: () => number = Date.now, readsOverview = true): () => void {
  let stopped = false;
  let lastStatusAt = 0;
  let statusInFlight = false;
  let overviewInFlight = false;
  let linkUp = !api.watchLink;
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

  async function readOverview(): Promise<void> {
    if (overviewInFlight || stopped || !readsOverview) return;
    overviewInFlight = true;
    try {
      const overview = await api.overview({});
      if (stopped) return;
      store.setOverview(overview, false);
      store.setProblem('overview', null);
    } catch (err) {
      if (!stopped) store.setProblem('overview', describeError(err));
    } finally {
      overviewInFlight = false;
    }
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'status') {
      lastStatusAt = now();
      store.setStatus(event.status, lastStatusAt);
      store.setProblem('status', null);
    } else if (event.type === 'overview' && readsOverview) {
      store.setOverview(event.overview, true);
      store.setProblem('overview', null);
    }
  });

  const unwatch = api.watchLink?.((link) => {
    store.setLink(link);
    linkUp = link.kind === 'up';
    if (link.kind === 'down') missedEvents = true;
    if (linkUp && missedEvents) {
      missedEvents = false;
      void readStatus();
      void readOverview();
    }
  });

  void readStatus();
  void readOverview();

  const timer = setInterval(() => {
    if (now() - lastStatusAt >= STATUS_POLL_MS) void readStatus();
    if (!linkUp || store.get().overview === null) void readOverview();
  }, STATUS_POLL_MS);

  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    unwatch?.();
  };
}
