/** The one store of the running app, and the hook to read a slice of it. */
import { DeskStore, useDesk, type DeskStoreState } from '@renderer/state/deskStore';

export const deskStore = new DeskStore();

export function useDeskState<T>(select: (s: DeskStoreState) => T): T {
  return useDesk(deskStore, select);
}
