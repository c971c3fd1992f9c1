/**
 * Renders the report view of a running browser-mode back end in headless Chromium and prints it
 * to PDF (A4, the page's own print CSS). The same view Electron prints with printToPDF.
 */
import { renameSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The flags of playwright.config.ts: Debian's Chromium, headless, nothing phoning home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export interface PrintOptions {
  /** the back end's URL with its access key (`http://127.0.0.1:N/?key=K`) */
  deskUrl: string;
  out: string;
  shiftStart?: string;
  lang: 'zh-CN' | 'en';
  timeoutMs?: number;
}

export function reportUrl(deskUrl: string, shiftStart: string | undefined, lang: string): string {
  const url = new URL(deskUrl);
  url.searchParams.set('view', 'report');
  url.searchParams.set('lang', lang);
  if (shiftStart) url.searchParams.set('shift', shiftStart);
  return url.toString();
}

/** Prints to a temp file next to `out` and renames it, so a failure never leaves a partial PDF. */
export async function printReportPdf(opts: PrintOptions): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const tmp = `${opts.out}.partial`;
  try {
    const page = await browser.newPage({ locale: opts.lang, timezoneId: 'Asia/Shanghai' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(reportUrl(opts.deskUrl, opts.shiftStart, opts.lang));
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    while ((await page.locator('html[data-report-ready="1"], html[data-report-error]').count()) === 0) {
      if (pageErrors.length > 0) throw new Error(`the report page failed: ${pageErrors[0]}`);
      if (Date.now() > deadline) throw new Error('the report page did not finish rendering in time');
      await new Promise((r) => setTimeout(r, 25));
    }
    const failed = await page.getAttribute('html', 'data-report-error');
    if (failed) throw new Error(`the report page failed: ${failed}`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: tmp, format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer(opts.lang), margin: { top: '12mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    renameSync(tmp, opts.out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    await browser.close();
  }
}

function footer(lang: string): string {
  const page = lang === 'en' ? 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>' : '第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页';
  return `<div style="font-size:7pt;color:#666;width:100%;text-align:center;font-family:'Noto Sans CJK SC',sans-serif">DutyDesk · ${page}</div>`;
}
