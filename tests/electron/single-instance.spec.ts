// One DutyDesk per user (src/main/electron/desktop.ts, claimSingleInstance): a second launch with the
// same user-data folder exits 0 at once, opens nothing, touches no data folder, and the first
// window is restored and focused.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ELECTRON_PATH, ROOT, closeDesk, deskEnv, launchDesk, needsElectron, tempDir, waitLive, type DeskHandle } from './desk';

let desk: DeskHandle | null = null;
test.afterEach(async () => closeDesk(desk));

test('a second launch hands over to the running desk and quits', async () => {
  needsElectron();
  desk = await launchDesk();
  await waitLive(desk.window);
  await desk.app.evaluate(({ app, BrowserWindow }) => {
    const g = globalThis as { secondLaunches?: number };
    g.secondLaunches = 0;
    app.on('second-instance', () => (g.secondLaunches = (g.secondLaunches ?? 0) + 1));
    BrowserWindow.getAllWindows()[0]!.minimize();
  });

  const otherData = tempDir('dd-electron-second-');
  const second = spawn(ELECTRON_PATH, [ROOT], { cwd: ROOT, env: deskEnv({ DUTYDESK_DATA: otherData, XDG_CONFIG_HOME: desk.configHome }), stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => second.once('exit', (c) => resolve(c)));
  expect(code).toBe(0);
  // it started nothing: no replica, no demo site in its data folder
  expect(existsSync(otherData) ? readdirSync(otherData) : []).toEqual([]);

  await expect.poll(() => desk!.app.evaluate(() => (globalThis as { secondLaunches?: number }).secondLaunches)).toBe(1);
  await expect
    .poll(() => desk!.app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { minimized: w.isMinimized(), visible: w.isVisible(), windows: BrowserWindow.getAllWindows().length };
    }))
    .toEqual({ minimized: false, visible: true, windows: 1 });
});
