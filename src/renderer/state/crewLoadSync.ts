/**
 * Crew load, read once for the whole war room: the heat map (the next days), the map's crew layer
 * (today) and the crew filter's names all show this one store entry. It is re-read every
 * CREW_LOAD_EVERY_MS, once the replica holds the changes of a command this desk got applied (a
 * re-assignment or a plan moves jobs: the answer can arrive before its changes, so the read waits
 * for a status whose checkpoint reaches the command's version), and when the event link comes back.
 */
import type { DeskClient } from '@renderer/api/types';
import { describeError } from '@renderer/api/deskError';
import type { WarRoomStore } from '@renderer/state/warRoomStore';
import { singleFlight } from '@renderer/state/singleFlight';

/** The heat map's days; the crew layer shows the first of them, the filter only the names. */
export const CREW_LOAD_DAYS = 7;
export const CREW_LOAD_EVERY_MS = 10_000;

export function startCrewLoadSync(api: DeskClient, store: WarRoomStore): () => void {
  let stopped = false;
  let checkpoint = 0;
  /** the highest version of an applied command whose changes the last read may not hold yet */
  let awaited: number | null = null;

  const read = singleFlight(async () => {
    if (stopped) return;
    try {
      const crewLoad = await api.crewLoad({ days: CREW_LOAD_DAYS });
      if (stopped) return;
      store.set({ crewLoad });
      store.setProblem('crews', null);
    } catch (err) {
      if (!stopped) store.setProblem('crews', describeError(err));
    }
  });

  function readIfCaughtUp(): void {
    if (awaited === null || checkpoint < awaited) return;
    awaited = null;
    void read();
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'status') checkpoint = event.status.checkpoint;
    else if (event.type === 'command' && event.command.state === 'applied') awaited = Math.max(awaited ?? 0, event.command.version ?? 0);
    else return;
    readIfCaughtUp();
  });
  const unwatch = api.watchLink?.((link) => {
    if (link.kind === 'up') void read();
  });

  void read();
  const timer = setInterval(() => void read(), CREW_LOAD_EVERY_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    unwatch?.();
  };
}
