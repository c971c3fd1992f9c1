// The reconciliation export (issue 20 item 4): the .xlsx written with exceljs is read back with a
// second, independent reader (SheetJS xlsx): zh-CN headers, money as numbers in ¥ #,##0.00, the
// totals row equal to the table's totals, the header frozen, flagged rows red; English on request.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { exportFile, XLSX_MIME } from '@main/promotions/export';
import { reconcile, sumOrders } from '@main/promotions/aggregate';
import type { ReconOrder } from '@shared/reconciliation';

function order(no: number, o: Partial<ReconOrder>): ReconOrder {
  const expected = o.expected ?? 800;
  const actual = o.actual ?? expected;
  const difference = Math.round((actual - expected) * 100) / 100;
  return {
    orderId: `o${no}`, orderNo: `DD${String(no).padStart(6, '0')}`, channel: 'douyin', day: '2026-11-11', signedAt: null, amount: 5200.5,
    template: 'DY-5000-800', basketId: null, expected, actual, difference, flagged: Math.abs(difference) > 5, review: 'passed', checkedBy: 'server', ...o,
  };
}

const ORDERS = [
  order(1, {}),
  order(2, { actual: 1200, review: 'held' }),
  order(3, { channel: 'tmall', amount: 12345.67, expected: 300.33, actual: 300.33 }),
  order(4, { day: '2026-11-12', actual: 795 }),
];

function read(base64: string) {
  const wb = XLSX.read(Buffer.from(base64, 'base64'), { type: 'buffer', cellStyles: true, cellNF: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '' });
  return { wb, ws, rows };
}

describe('exportFile (days)', () => {
  it('reads back with another reader: zh-CN headers, numbers, ¥ format, totals row, frozen header', async () => {
    const { cells, totals } = reconcile(ORDERS);
    const file = await exportFile({ table: 'days', from: '2026-11-11', to: '2026-11-12', lang: 'zh-CN', cells, totals });
    expect(file.mime).toBe(XLSX_MIME);
    expect(file.fileName).toBe('促销对账-2026-11-11_2026-11-12.xlsx');
    expect(file.rows).toBe(3);
    const { wb, ws, rows } = read(file.base64);
    expect(wb.SheetNames).toEqual(['促销对账']);
    expect(rows[0]).toEqual(['日期', '渠道', '订单数', '订单金额', '应优惠', '实际优惠', '差额', '标红订单数', '标红差额', '暂停付款']);
    expect(rows.slice(1, 4)).toEqual([
      ['2026-11-11', '抖音', 2, 10401, 1600, 2000, 400, 1, 400, 1],
      ['2026-11-11', '天猫', 1, 12345.67, 300.33, 300.33, 0, 0, 0, 0],
      ['2026-11-12', '抖音', 1, 5200.5, 800, 795, -5, 0, 0, 0],
    ]);
    expect(rows[4]).toEqual(['合计', '', 4, 27947.17, 2700.33, 3095.33, 395, 1, 400, 1]);
    expect(rows).toHaveLength(5);
    // the totals row is the sum of the rows above it, read from the file itself
    for (const col of [2, 3, 4, 5, 6, 7, 8, 9]) {
      const sum = rows.slice(1, 4).reduce((s, r) => s + Math.round((r[col] as number) * 100), 0);
      expect(Math.round((rows[4]![col] as number) * 100), `column ${col}`).toBe(sum);
    }
    expect(ws['D2']!.t).toBe('n');
    expect(ws['D2']!.z).toBe('"¥"#,##0.00');
    expect(ws['G5']!.z).toBe('"¥"#,##0.00');
    expect(ws['C2']!.z).toBe('#,##0');
  });

  it('freezes the header row and marks a flagged row red (read from the sheet XML)', async () => {
    const { cells, totals } = reconcile(ORDERS);
    const file = await exportFile({ table: 'days', from: '2026-11-11', to: '2026-11-12', lang: 'zh-CN', cells, totals });
    const zip = XLSX.CFB.read(Buffer.from(file.base64, 'base64'), { type: 'buffer' });
    const sheet = XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml');
    const xml = Buffer.from(sheet!.content as Uint8Array).toString('utf8');
    expect(xml).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toMatch(/<autoFilter ref="A1:J4"/);
    const styles = Buffer.from(XLSX.CFB.find(zip, '/xl/styles.xml')!.content as Uint8Array).toString('utf8');
    expect(styles).toContain('FFC62828');
  });

  it('English headers on request', async () => {
    const { cells, totals } = reconcile(ORDERS);
    const file = await exportFile({ table: 'days', from: '2026-11-11', to: '2026-11-11', channel: 'douyin', lang: 'en', cells, totals });
    expect(file.fileName).toBe('Promotion-reconciliation-Douyin-2026-11-11.xlsx');
    const { rows } = read(file.base64);
    expect(rows[0]![0]).toBe('Day');
    expect(rows[1]![1]).toBe('Douyin');
    expect(rows.at(-1)![0]).toBe('Total');
  });
});

describe('exportFile (orders)', () => {
  it('a cell’s orders with their template, flag and review, and their totals', async () => {
    const orders = ORDERS.filter((o) => o.channel === 'douyin' && o.day === '2026-11-11');
    const file = await exportFile({ table: 'orders', channel: 'douyin', day: '2026-11-11', lang: 'zh-CN', orders, totals: sumOrders(orders) });
    expect(file.fileName).toBe('促销对账明细-抖音-2026-11-11.xlsx');
    const { rows } = read(file.base64);
    expect(rows[0]).toEqual(['订单号', '日期', '渠道', '优惠模板', '订单金额', '应优惠', '实际优惠', '差额', '标红', '审核状态']);
    expect(rows[1]).toEqual(['DD000001', '2026-11-11', '抖音', 'DY-5000-800', 5200.5, 800, 800, 0, '', '已通过']);
    expect(rows[2]).toEqual(['DD000002', '2026-11-11', '抖音', 'DY-5000-800', 5200.5, 800, 1200, 400, '是', '已暂停付款']);
    expect(rows[3]).toEqual(['合计', '', '', '', 10401, 1600, 2000, 400, 1, '']);
  });
});
