/**
 * A reconciliation table as the file the page saves: the .xlsx bytes (base64 over the contract, so
 * both transports carry it alike), its name and type. The page turns it into a download; in Electron
 * that download opens the save dialog.
 */
import type { Channel } from '@shared/vocab';
import { CHANNEL_LABELS } from '@shared/vocab';
import type { ExportedFile, ReconCell, ReconOrder, ReconSums } from '@shared/reconciliation';
import { DAY_COLUMNS, ORDER_COLUMNS, workbookOf } from '@main/promotions/xlsx';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Lang = 'zh-CN' | 'en';

export type ExportTable =
  | { table: 'days'; from: string; to: string; channel?: Channel; lang: Lang; cells: ReconCell[]; totals: ReconSums }
  | { table: 'orders'; channel: Channel; day: string; lang: Lang; orders: ReconOrder[]; totals: ReconSums };

export async function exportFile(t: ExportTable): Promise<ExportedFile> {
  const en = t.lang === 'en';
  const channel = (c: Channel) => (en ? CHANNEL_LABELS[c].en : CHANNEL_LABELS[c].zh);
  if (t.table === 'days') {
    const span = t.from === t.to ? t.from : `${t.from}_${t.to}`;
    const title = `${en ? 'Promotion reconciliation' : '促销对账'}${t.channel ? ` ${channel(t.channel)}` : ''} ${span}`;
    const bytes = await workbookOf({ title: en ? 'Reconciliation' : '促销对账', columns: DAY_COLUMNS, rows: t.cells, totals: t.totals, lang: t.lang }, (c) => c.flagged > 0);
    return { fileName: `${title.replace(/ /g, '-')}.xlsx`, mime: XLSX_MIME, base64: bytes.toString('base64'), rows: t.cells.length };
  }
  const title = `${en ? 'Promotion orders' : '促销对账明细'} ${channel(t.channel)} ${t.day}`;
  const bytes = await workbookOf({ title: en ? 'Orders' : '订单明细', columns: ORDER_COLUMNS, rows: t.orders, totals: t.totals, lang: t.lang }, (o) => o.flagged);
  return { fileName: `${title.replace(/ /g, '-')}.xlsx`, mime: XLSX_MIME, base64: bytes.toString('base64'), rows: t.orders.length };
}
