// The shift report printed by Electron's printToPDF (src/main/electron/report-export.ts and
// report-pdf.ts): File → 导出交班报告 (PDF)… on the live demo desk writes an A4 PDF of the report
// view, through a hidden window that is gone afterwards. The save dialog is answered in the main
// process (Playwright cannot click native dialogs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { closeDesk, launchDesk, needsElectron, tempDir, waitLive, type DeskHandle } from './desk';

let desk: DeskHandle | null = null;
test.afterEach(async () => closeDesk(desk));

test('File → export the shift report writes an A4 PDF of the report view with printToPDF', async () => {
  needsElectron();
  desk = await launchDesk();
  await waitLive(desk.window);
  const pdf = join(tempDir('dd-electron-pdf-'), 'shift.pdf');
  await desk.app.evaluate(({ dialog }, filePath) => {
    dialog.showSaveDialog = (() => Promise.resolve({ canceled: false, filePath })) as unknown as typeof dialog.showSaveDialog;
  }, pdf);
  await desk.app.evaluate(({ Menu }) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById('exportReport');
    if (!item) throw new Error('the File menu has no exportReport item');
    (item.click as () => void)();
  });
  // written in one go after printing; pdfinfo reads it once it is whole
  await expect.poll(() => existsSync(pdf) && statSync(pdf).size > 0 && spawnSync('pdfinfo', [pdf]).status === 0, { timeout: 120_000 }).toBe(true);
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  expect(info).toMatch(/Page size:.*\(A4\)/);
  expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(0);
  const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
  for (const words of ['值班交接报告', '交班主管', '接班主管']) expect(text).toContain(words);
  // the hidden report window is destroyed; only the desk's window is left
  await expect.poll(() => desk!.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});
