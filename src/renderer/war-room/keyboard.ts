/**
 * War-room shortcuts: `/` search, `j`/`k` through incidents, Enter opens the selected one (the map
 * shows its orders), Esc closes what is open, `?` toggles the help. Ignored while typing in a field.
 */
import { warRoomStore } from '@renderer/state/warRoomStore';

export interface KeyboardHooks {
  toggleHelp: () => void;
  closeHelp: () => boolean;
}

/** The incident after (+1) or before (−1) the current one in the board's order. */
export function stepIncident(ids: readonly string[], current: string | null, dir: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current ? ids.indexOf(current) : -1;
  if (i < 0) return dir === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, i + dir))]!;
}

export function installKeyboard(hooks: KeyboardHooks): () => void {
  // the incident the cursor is on; Enter makes it the selected one
  let cursor: string | null = null;
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const s = warRoomStore.get();
    const ids = s.board?.incidents.map((i) => i.id) ?? [];
    if (e.key === '/') {
      e.preventDefault();
      document.getElementById('order-search')?.focus();
    } else if (e.key === 'j' || e.key === 'k') {
      cursor = stepIncident(ids, cursor ?? s.selectedIncidentId, e.key === 'j' ? 1 : -1);
      focusIncident(cursor);
    } else if (e.key === 'Enter' && cursor && !(target instanceof HTMLButtonElement)) {
      warRoomStore.set({ selectedIncidentId: cursor, pickedOrderIds: null, pickedLabel: null });
    } else if (e.key === 'Escape') {
      if (hooks.closeHelp()) return;
      if (s.selectedOrderId) warRoomStore.set({ selectedOrderId: null });
      else if (s.selectedIncidentId || s.pickedOrderIds) warRoomStore.set({ selectedIncidentId: null, pickedOrderIds: null, pickedLabel: null });
    } else if (e.key === '?') {
      hooks.toggleHelp();
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

function focusIncident(id: string | null): void {
  if (!id) return;
  const button = document.querySelector<HTMLButtonElement>(`[data-incident-id="${CSS.escape(id)}"] button`);
  button?.focus();
  button?.scrollIntoView({ block: 'nearest' });
}
