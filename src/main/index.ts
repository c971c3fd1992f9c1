/**
 * Electron's main process: the hardened window around the desk's back end. The back end itself
 * (src/main/*, no electron imports) is the same one browser mode runs in plain Node.
 */
// first: a packaged app drops the environment variables that would load code from elsewhere
import '@main/electron/packaged-env';
import { app, BrowserWindow, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDeskSession, type DeskSession } from '@main/desk-session';
import { hardenApp, secureWebPreferences } from '@main/electron/hardening';
import { forwardEvents, registerIpc } from '@main/electron/ipc';
import { claimSingleInstance, initialWindowState, installMenu, rememberWindowState } from '@main/electron/desktop';
import { MIN_SIZE } from '@main/electron/window-state';
import { exportShiftReport } from '@main/electron/report-export';
import { launchInUtilityProcess } from '@main/electron/utility-server';
import { pickFlags } from '@main/cli-args';
import { defaultDataDir } from '@main/paths';
import { resolveServerToken, takeServerTokenEnv } from '@main/server-token';
import { ownUrlChecker } from '@main/security/ipc-sender';
import { decryptToken, protectToken } from '@main/electron/secrets';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const preload = join(here, '..', 'preload', 'index.cjs');
const rendererBase = pathToFileURL(join(here, '..', 'renderer')).toString();
const isOwnUrl = ownUrlChecker(rendererBase);

let session: DeskSession | null = null;
let win: BrowserWindow | null = null;

function createWindow(dataDir: string): BrowserWindow {
  const remembered = initialWindowState(dataDir);
  const w = new BrowserWindow({
    ...remembered.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    backgroundColor: '#0d1420',
    title: '值班指挥台 DutyDesk',
    show: false,
    // the checklist's values spelled out here too, so the audit sees them (docs/decisions/0020)
    webPreferences: {
      ...secureWebPreferences(preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  w.once('ready-to-show', () => {
    if (remembered.maximized) w.maximize();
    if (remembered.fullScreen) w.setFullScreen(true);
    w.show();
  });
  rememberWindowState(w, dataDir);
  // a crashed renderer is reloaded; the back end and its state are untouched
  w.webContents.on('render-process-gone', () => setTimeout(() => !w.isDestroyed() && w.reload(), 500));
  void w.loadFile(rendererIndex);
  return w;
}

async function start(): Promise<void> {
  hardenApp(isOwnUrl);
  const dataDir = process.env.DUTYDESK_DATA ? defaultDataDir() : join(app.getPath('appData'), 'DutyDesk');
  const log = (line: string) => console.log(line);
  // a plaintext token in settings.json moves under safeStorage (asking first where that is plaintext too)
  await protectToken(dataDir, log);
  // `npm start -- --server URL` hands the token over in the environment or a file, never in argv
  const flags = pickFlags(process.argv.slice(1), ['server', 'token', 'token-file']);
  const serverToken = resolveServerToken(flags, takeServerTokenEnv());
  for (const line of serverToken.warnings) console.warn(line);
  session = await startDeskSession({ dataDir, server: flags.server, token: serverToken.token, launch: launchInUtilityProcess, log, decryptToken });
  registerIpc(session.backend, isOwnUrl);
  forwardEvents(session.backend, () => win?.webContents ?? null);
  installMenu(() => win, dataDir, () => void exportShiftReport(win, { rendererIndex, preload }));
  win = createWindow(dataDir);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow(dataDir);
  });
}

app.enableSandbox();
// one DutyDesk per user: a second launch focuses the running one and quits
if (!claimSingleInstance(() => win)) {
  app.exit(0);
} else {
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('DutyDesk', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!session) return;
  event.preventDefault();
  const closing = session;
  session = null;
  void closing.close().finally(() => app.exit(0));
});
