// A crashed renderer is reloaded (src/main/index.ts, 'render-process-gone'); the back end and its
// replica are untouched: the reloaded page is a new renderer process, live again, and the replica's
// checkpoint did not go back.
import { expect, test } from '@playwright/test';
import { closeDesk, launchDesk, needsElectron, waitLive, type DeskHandle } from './desk';

let desk: DeskHandle | null = null;
test.afterEach(async () => closeDesk(desk));

interface PageState {
  pid: number;
  state: string;
  checkpoint: number;
}

test('the renderer killed: the window reloads by itself and shows the live desk again', async () => {
  needsElectron();
  desk = await launchDesk();
  await waitLive(desk.window);
  const read = () =>
    desk!.app.evaluate(async ({ BrowserWindow }): Promise<PageState | null> => {
      const w = BrowserWindow.getAllWindows()[0];
      if (!w || w.webContents.isCrashed() || w.webContents.isLoading()) return null;
      const page = (await w.webContents.executeJavaScript(
        `(async () => ({ state: document.querySelector('[data-testid=sync-state]')?.getAttribute('data-state') ?? '', checkpoint: (await window.dutydesk.status({})).checkpoint }))()`,
      )) as { state: string; checkpoint: number };
      return { pid: w.webContents.getOSProcessId(), ...page };
    });
  const before = (await read())!;
  expect(before.state).toBe('live');

  await desk.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());

  await expect
    .poll(async () => {
      const now = await read().catch(() => null);
      return now !== null && now.pid !== before.pid && now.state === 'live' && now.checkpoint >= before.checkpoint;
    }, { timeout: 60_000 })
    .toBe(true);
  expect(await desk.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});
