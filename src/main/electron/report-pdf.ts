/**
 * The desk's "export shift report" in Electron: the same report view (`?view=report`) loaded in a
 * hidden window, printed with webContents.printToPDF (A4, the page's print CSS), written to `file`.
 * Thin on purpose: the layout and the data are the ones the CLI and browser mode print.
 */
import { writeFile } from 'node:fs/promises';
import { BrowserWindow, type WebPreferences } from 'electron';

export interface ReportPdfOptions {
  /** the renderer's URL or file the main window loads */
  rendererUrl: string;
  webPreferences: WebPreferences;
  shiftStart?: string;
  lang: 'zh-CN' | 'en';
  file: string;
  timeoutMs?: number;
}

export async function printReportToPdf(opts: ReportPdfOptions): Promise<void> {
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { ...opts.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    const url = new URL(opts.rendererUrl);
    url.searchParams.set('view', 'report');
    url.searchParams.set('lang', opts.lang);
    if (opts.shiftStart) url.searchParams.set('shift', opts.shiftStart);
    await win.loadURL(url.toString());
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const state = (await win.webContents.executeJavaScript(
        `document.documentElement.dataset.reportError ? 'error:' + document.documentElement.dataset.reportError : document.documentElement.dataset.reportReady ?? ''`,
      )) as string;
      if (state === '1') break;
      if (state.startsWith('error:')) throw new Error(`the report page failed: ${state.slice(6)}`);
      if (Date.now() > deadline) throw new Error('the report page did not finish rendering in time');
      await new Promise((r) => setTimeout(r, 50));
    }
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, margins: { top: 0.47, bottom: 0.55, left: 0.47, right: 0.47 } });
    await writeFile(opts.file, pdf);
  } finally {
    win.destroy();
  }
}
