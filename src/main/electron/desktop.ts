/**
 * Desktop conventions of the Electron app: one instance (a second launch focuses the first), the
 * window's size and position remembered (window-state.ts), the native menu (menu-template.ts) and
 * the About box (about.ts). The logic lives in those electron-free modules; this only wires Electron.
 */
import { app, dialog, Menu, screen, shell, type BrowserWindow } from 'electron';
import type { DeskEvent } from '@shared/contract';
import { IPC_EVENT_CHANNEL } from '@shared/ipc-channels';
import { aboutText } from './about';
import { menuLang, menuTemplate } from './menu-template';
import { fitToDisplays, readWindowState, windowStateFile, writeWindowState, type Rect } from './window-state';

/** False when another DutyDesk already runs (this one should quit); that one is focused. */
export function claimSingleInstance(focus: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const w = focus();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  });
  return true;
}

/** The bounds to open the window with, and whether it was maximized / full screen. */
export function initialWindowState(dataDir: string): { bounds: Rect; maximized: boolean; fullScreen: boolean } {
  const { state, problem } = readWindowState(windowStateFile(dataDir));
  if (problem) console.warn(`DutyDesk: window state ignored — ${problem}`);
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = fitToDisplays(state, areas, screen.getPrimaryDisplay().workArea);
  return { bounds, maximized: state?.maximized ?? false, fullScreen: state?.fullScreen ?? false };
}

/** Saves the window's normal bounds (and maximized / full screen) when moved, resized or closed. */
export function rememberWindowState(win: BrowserWindow, dataDir: string): void {
  const file = windowStateFile(dataDir);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    try {
      writeWindowState(file, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized(), fullScreen: win.isFullScreen() });
    } catch (err) {
      console.error(`DutyDesk: could not save the window state to ${file}: ${(err as Error).message}`);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}

/** The application menu, in the system's language (zh-CN unless it is English). */
export function installMenu(win: () => BrowserWindow | null, dataDir: string, exportReport: () => void): void {
  const lang = menuLang(app.getLocale());
  const template = menuTemplate(lang, {
    send: (action) => {
      const w = win();
      const event: DeskEvent = { type: 'menu', action };
      if (w && !w.isDestroyed()) w.webContents.send(IPC_EVENT_CHANNEL, event);
    },
    about: () => {
      const text = aboutText(app.getVersion(), lang);
      const w = win();
      const options = { type: 'info' as const, title: text.title, message: text.message, detail: text.detail, buttons: ['OK'] };
      void (w ? dialog.showMessageBox(w, options) : dialog.showMessageBox(options));
    },
    exportReport,
    openDataFolder: () => {
      void shell.openPath(dataDir).then((error) => error && dialog.showErrorBox('DutyDesk', `${dataDir}: ${error}`));
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
