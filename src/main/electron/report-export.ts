/**
 * File → 导出交班报告 (PDF): asks where to save, then prints the current shift's report view with
 * printToPDF (report-pdf.ts). A failure is one dialog line; the desk stays up.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { pathToFileURL } from 'node:url';
import { printReportToPdf } from './report-pdf';
import { menuLang } from './menu-template';
import { secureWebPreferences } from './web-preferences';

export interface ReportExportPaths {
  rendererIndex: string;
  preload: string;
}

/** Shanghai's date for the default file name (the desk's times are Asia/Shanghai). */
const shanghaiDate = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function exportShiftReport(parent: BrowserWindow | null, paths: ReportExportPaths): Promise<string | null> {
  const lang = menuLang(app.getLocale());
  const options = {
    title: lang === 'en' ? 'Export the shift report' : '导出交班报告',
    defaultPath: `${lang === 'en' ? 'shift-report' : '交班报告'}-${shanghaiDate()}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const choice = await (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options));
  if (choice.canceled || !choice.filePath) return null;
  try {
    await printReportToPdf({ rendererUrl: pathToFileURL(paths.rendererIndex).toString(), webPreferences: secureWebPreferences(paths.preload), lang, file: choice.filePath });
    return choice.filePath;
  } catch (err) {
    dialog.showErrorBox('DutyDesk', `导出交班报告失败 · the shift report could not be written: ${(err as Error).message}`);
    return null;
  }
}
