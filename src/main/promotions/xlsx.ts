/**
 * A reconciliation table as a real .xlsx (exceljs): zh-CN headers (English on request), money as
 * numbers formatted ¥ #,##0.00 (finance sums and filters them in Excel; text would not add up), a
 * totals row written as values (Excel shows them without recalculating, and a second reader sees
 * the same), the header frozen and filtered. The columns are declared once here, for both tables.
 */
type Lang = 'zh-CN' | 'en';
import { CHANNEL_LABELS } from '@shared/vocab';
import type { ReconCell, ReconOrder, ReconSums } from '@shared/reconciliation';

export const YUAN_FORMAT = '"¥"#,##0.00';
const COUNT_FORMAT = '#,##0';

interface Column<R> {
  zh: string;
  en: string;
  width: number;
  money?: boolean;
  count?: boolean;
  value: (r: R, lang: Lang) => string | number;
  /** the totals row's cell ('' = blank) */
  total?: (t: ReconSums, lang: Lang) => string | number;
}

const channelName = (c: keyof typeof CHANNEL_LABELS, lang: Lang) => (lang === 'en' ? CHANNEL_LABELS[c].en : CHANNEL_LABELS[c].zh);
const totalLabel = (lang: Lang) => (lang === 'en' ? 'Total' : '合计');

const REVIEW: Record<ReconOrder['review'], { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'Pending' },
  passed: { zh: '已通过', en: 'Passed' },
  held: { zh: '已暂停付款', en: 'Held' },
  released: { zh: '已放行', en: 'Released' },
  none: { zh: '未进入审核', en: 'Not in review' },
};

export const DAY_COLUMNS: Column<ReconCell>[] = [
  { zh: '日期', en: 'Day', width: 12, value: (r) => r.day, total: (_t, lang) => totalLabel(lang) },
  { zh: '渠道', en: 'Channel', width: 10, value: (r, lang) => channelName(r.channel, lang), total: () => '' },
  { zh: '订单数', en: 'Orders', width: 10, count: true, value: (r) => r.orders, total: (t) => t.orders },
  { zh: '订单金额', en: 'Amount', width: 16, money: true, value: (r) => r.amount, total: (t) => t.amount },
  { zh: '应优惠', en: 'Expected discount', width: 16, money: true, value: (r) => r.expected, total: (t) => t.expected },
  { zh: '实际优惠', en: 'Actual discount', width: 16, money: true, value: (r) => r.actual, total: (t) => t.actual },
  { zh: '差额', en: 'Difference', width: 16, money: true, value: (r) => r.difference, total: (t) => t.difference },
  { zh: '标红订单数', en: 'Flagged orders', width: 12, count: true, value: (r) => r.flagged, total: (t) => t.flagged },
  { zh: '标红差额', en: 'Flagged difference', width: 16, money: true, value: (r) => r.flaggedDifference, total: (t) => t.flaggedDifference },
  { zh: '暂停付款', en: 'Held', width: 10, count: true, value: (r) => r.held, total: (t) => t.held },
];

export const ORDER_COLUMNS: Column<ReconOrder>[] = [
  { zh: '订单号', en: 'Order no.', width: 18, value: (r) => r.orderNo, total: (_t, lang) => totalLabel(lang) },
  { zh: '日期', en: 'Day', width: 12, value: (r) => r.day, total: () => '' },
  { zh: '渠道', en: 'Channel', width: 10, value: (r, lang) => channelName(r.channel, lang), total: () => '' },
  { zh: '优惠模板', en: 'Template', width: 22, value: (r) => r.template ?? '', total: () => '' },
  { zh: '订单金额', en: 'Amount', width: 16, money: true, value: (r) => r.amount, total: (t) => t.amount },
  { zh: '应优惠', en: 'Expected discount', width: 16, money: true, value: (r) => r.expected, total: (t) => t.expected },
  { zh: '实际优惠', en: 'Actual discount', width: 16, money: true, value: (r) => r.actual, total: (t) => t.actual },
  { zh: '差额', en: 'Difference', width: 16, money: true, value: (r) => r.difference, total: (t) => t.difference },
  { zh: '标红', en: 'Flagged', width: 8, value: (r, lang) => (r.flagged ? (lang === 'en' ? 'yes' : '是') : ''), total: (t) => t.flagged },
  { zh: '审核状态', en: 'Review', width: 14, value: (r, lang) => (lang === 'en' ? REVIEW[r.review].en : REVIEW[r.review].zh), total: () => '' },
];

export interface Sheet<R> {
  title: string;
  columns: Column<R>[];
  rows: readonly R[];
  totals: ReconSums;
  lang: Lang;
}

const RED = 'FFC62828';

/** The workbook's bytes. `flag(row)` marks a row's difference red (a flagged order or cell). */
export async function workbookOf<R>(sheet: Sheet<R>, flag: (row: R) => boolean): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'DutyDesk';
  wb.created = new Date(0); // the same table gives the same file
  const ws = wb.addWorksheet(sheet.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, width: c.width, header: sheet.lang === 'en' ? c.en : c.zh }));
  ws.getRow(1).font = { bold: true };
  for (const r of sheet.rows) {
    const row = ws.addRow(sheet.columns.map((c) => c.value(r, sheet.lang)));
    if (flag(r)) row.font = { color: { argb: RED } };
  }
  const totals = ws.addRow(sheet.columns.map((c) => (c.total ? c.total(sheet.totals, sheet.lang) : '')));
  totals.font = { bold: true };
  totals.border = { top: { style: 'thin' } };
  sheet.columns.forEach((c, i) => {
    if (c.money) ws.getColumn(i + 1).numFmt = YUAN_FORMAT;
    else if (c.count) ws.getColumn(i + 1).numFmt = COUNT_FORMAT;
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.rows.length, column: sheet.columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
