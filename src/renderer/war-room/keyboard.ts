/**
 * War-room shortcuts (SHORTCUTS in @shared/war-room, shared with the Electron menu): `/` search,
 * `j`/`k` through incidents, Enter opens the selected one (the map shows its orders), Esc closes
 * what is open, `?` toggles the help. Keys are ignored while typing in a field; the menu's items
 * run the same actions (runAction).
 */
import { SHORTCUTS, type ShortcutAction } from '@shared/war-room';
import { warRoomStore } from '@renderer/state/warRoomStore';

export interface KeyboardHooks {
  toggleHelp: () => void;
  closeHelp: () => boolean;
}

const BY_KEY = new Map<string, ShortcutAction>(SHORTCUTS.map((s) => [s.key, s.action]));

/** The incident after (+1) or before (−1) the current one in the board's order. */
export function stepIncident(ids: readonly string[], current: string | null, dir: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current ? ids.indexOf(current) : -1;
  if (i < 0) return dir === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, i + dir))]!;
}

export interface Shortcuts {
  /** runs a shortcut's action (from a key or a menu item) */
  run(action: ShortcutAction, target?: EventTarget | null): void;
  uninstall(): void;
}

export function installKeyboard(hooks: KeyboardHooks): Shortcuts {
  // the incident the cursor is on; Enter makes it the selected one
  let cursor: string | null = null;
  const run = (action: ShortcutAction, target: EventTarget | null = null) => {
    const s = warRoomStore.get();
    const ids = s.board?.incidents.map((i) => i.id) ?? [];
    if (action === 'search') {
      document.getElementById('order-search')?.focus();
    } else if (action === 'nextIncident' || action === 'previousIncident') {
      cursor = stepIncident(ids, cursor ?? s.selectedIncidentId, action === 'nextIncident' ? 1 : -1);
      focusIncident(cursor);
    } else if (action === 'openIncident') {
      if (cursor && !(target instanceof HTMLButtonElement)) warRoomStore.set({ selectedIncidentId: cursor, pickedOrderIds: null, pickedLabel: null });
    } else if (action === 'close') {
      if (hooks.closeHelp()) return;
      if (s.selectedOrderId) warRoomStore.set({ selectedOrderId: null });
      else if (s.selectedIncidentId || s.pickedOrderIds) warRoomStore.set({ selectedIncidentId: null, pickedOrderIds: null, pickedLabel: null });
    } else if (action === 'help') {
      hooks.toggleHelp();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const action = BY_KEY.get(e.key);
    if (!action) return;
    if (action === 'search') e.preventDefault();
    run(action, target);
  };
  window.addEventListener('keydown', onKey);
  return { run, uninstall: () => window.removeEventListener('keydown', onKey) };
}

function focusIncident(id: string | null): void {
  if (!id) return;
  const button = document.querySelector<HTMLButtonElement>(`[data-incident-id="${CSS.escape(id)}"] button`);
  button?.focus();
  button?.scrollIntoView({ block: 'nearest' });
}
