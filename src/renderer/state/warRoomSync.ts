/**
 * The war room's data flow: read the map snapshot once, then apply pushed deltas; a gap or a
 * resync re-reads the snapshot. Incident changes re-read the (small) board, at most every 500 ms.
 * Every failed read is shown (problems) and retried.
 */
import type { DeskClient } from '@renderer/api/types';
import { describeError } from '@renderer/api/deskError';
import type { WarRoomStore } from '@renderer/state/warRoomStore';
import { singleFlight } from '@renderer/state/singleFlight';

const BOARD_EVERY_MS = 500;
const RETRY_MS = 3000;

export function startWarRoomSync(api: DeskClient, store: WarRoomStore): () => void {
  let stopped = false;
  let snapshotInFlight = false;
  let boardTimer: ReturnType<typeof setTimeout> | null = null;

  async function readSnapshot(): Promise<void> {
    if (snapshotInFlight || stopped) return;
    snapshotInFlight = true;
    try {
      const snapshot = await api.mapView({});
      if (stopped) return;
      store.loadSnapshot(snapshot);
      store.setProblem('map', null);
    } catch (err) {
      if (!stopped) store.setProblem('map', describeError(err));
    } finally {
      snapshotInFlight = false;
    }
  }

  const readBoard = singleFlight(async () => {
    if (stopped) return;
    try {
      const board = await api.incidentBoard({});
      if (!stopped) {
        store.set({ board });
        store.setProblem('incidents', null);
      }
    } catch (err) {
      if (!stopped) store.setProblem('incidents', describeError(err));
    }
  }, () => scheduleBoard());

  function scheduleBoard(): void {
    boardTimer ??= setTimeout(() => {
      boardTimer = null;
      void readBoard();
    }, BOARD_EVERY_MS);
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'mapDelta') {
      if (!store.applyDelta(event.delta)) void readSnapshot();
    } else if (event.type === 'incidents') {
      if (event.raised.length > 0) store.showToast(event.raised);
      scheduleBoard();
    }
  });
  const unwatch = api.watchLink?.((link) => {
    if (link.kind === 'up') {
      void readSnapshot();
      void readBoard();
    }
  });

  void readSnapshot();
  void readBoard();
  const timer = setInterval(() => {
    const s = store.get();
    if (s.serverVersion === null || s.problems.map) void readSnapshot();
    if (s.board === null || s.problems.incidents) void readBoard();
  }, RETRY_MS);

  return () => {
    stopped = true;
    clearInterval(timer);
    if (boardTimer) clearTimeout(boardTimer);
    unsubscribe();
    unwatch?.();
  };
}
