// The promotion reconciliation page (issue 20 items 3-4) on a simulated order server with the desk in
// browser mode: a day's 抖音 orders posted through the floor API, some given more discount than the
// template allows; finance opens the day's reconciliation, sees the 抖音 gap red with the totals row,
// clicks it down to the orders that make it up, opens one held order's template and check, releases it
// with a reason (the server records it), and exports both tables to .xlsx, read back with SheetJS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { ARTIFACTS, readServerDb, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-recon-', supervisor: 'e2e 财务主管', seed: 21, floor: 'e2e 销售' });
const DAY = '2025-10-20';

interface Row {
  id: string;
  order_no: string;
  discount_difference: number;
  review_status: string;
  review_reason: string | null;
}
const douyinOfDay = (): Row[] =>
  readServerDb(site.db, (c) =>
    c.prepare(`SELECT id, order_no, discount_difference, review_status, review_reason FROM orders WHERE channel = 'douyin' AND signed_at LIKE '${DAY}T%' ORDER BY order_no`).all() as Row[],
  );

async function post(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${site.server.url}/api/v1/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${site.floorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      productType: 'wardrobe',
      customer: { name: '李先生', phone: '13812345678' },
      address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '张杨路 1 号', lat: 31.22, lng: 121.54 },
      promisedDate: '2025-11-30',
      ...body,
    }),
  });
  expect(res.status, await res.text()).toBe(201);
}

async function axe(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).include('[data-testid="recon-page"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${name}:\n${report}`).toEqual([]);
}

const yuan = (x: number) => `¥${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)}`;

async function saved(page: Page, click: () => Promise<void>, name: string): Promise<unknown[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = join(ARTIFACTS, name);
  await download.saveAs(file);
  const wb = XLSX.read(readFileSync(file));
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true });
}

test('finance clicks the 抖音 gap of a day down to its orders, releases one and exports to Excel', async ({ page }) => {
  // 抖音双11 满5000减800 / 满10000减1800: two orders given the next tier's discount, one right, one a little over (within ¥5)
  await post({ orderNo: 'RC-DY-1', channel: 'douyin', amount: 9000, signedAt: `${DAY}T10:00:00+08:00`, discountTemplate: 'douyin-d11-2025', discountAmount: 1800 });
  await post({ orderNo: 'RC-DY-2', channel: 'douyin', amount: 19000, signedAt: `${DAY}T11:00:00+08:00`, discountTemplate: 'douyin-d11-2025', discountAmount: 4000 });
  await post({ orderNo: 'RC-DY-3', channel: 'douyin', amount: 12000, signedAt: `${DAY}T12:00:00+08:00`, discountTemplate: 'douyin-d11-2025', discountAmount: 1800 });
  await post({ orderNo: 'RC-DY-4', channel: 'douyin', amount: 6000, signedAt: `${DAY}T13:00:00+08:00`, discountTemplate: 'douyin-d11-2025', discountAmount: 803 });
  await post({ orderNo: 'RC-JD-1', channel: 'jd', amount: 4500, signedAt: `${DAY}T14:00:00+08:00`, discountTemplate: 'jd-d11-2025', discountAmount: 400 });
  const server = douyinOfDay();
  expect(server.map((r) => r.review_status)).toEqual(['held', 'held', 'passed', 'passed']);
  const gap = server.reduce((s, r) => s + Math.round(r.discount_difference * 100), 0) / 100;
  expect(gap).toBe(1000 + 2200 + 3);

  await page.goto(`${site.desk.url}&view=reconciliation&from=${DAY}&to=${DAY}`);
  await expect(page.getByRole('heading', { name: '促销对账' })).toBeVisible();
  const douyin = page.locator('[data-testid="recon-cell"][data-channel="douyin"]');
  // the desk syncs in the background: refresh until the day's 抖音 orders are all in
  await expect(async () => {
    await page.getByTestId('recon-refresh').click();
    await expect(douyin.locator('[data-col="orders"]')).toHaveText('4', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(douyin).toHaveAttribute('data-flagged', '1');
  await expect(douyin.locator('[data-col="difference"]')).toHaveText(`+${yuan(gap)}`);
  await expect(douyin.locator('[data-col="difference"]')).toHaveClass(/recon--red/);
  await expect(douyin.locator('[data-col="flagged"]')).toHaveText('2');
  await expect(page.locator('[data-testid="recon-cell"][data-channel="jd"]')).toHaveAttribute('data-flagged', '0');
  const total = page.getByTestId('recon-total');
  await expect(total).toContainText('合计');
  await expect(total.locator('[data-col="orders"]')).toHaveText(String(await page.getByTestId('recon-cell').locator('[data-col="orders"]').allTextContents().then((t) => t.reduce((s, x) => s + Number(x), 0))));

  // the gap, down to the orders that make it up: biggest difference first
  await douyin.click();
  const panel = page.getByTestId('recon-orders');
  await expect(panel.getByTestId('recon-gap')).toHaveText(`少收 ${yuan(gap)}`);
  await expect(panel.getByTestId('recon-order')).toHaveCount(4);
  await expect(panel.getByTestId('recon-order').first()).toContainText('RC-DY-2');
  await expect(panel.getByTestId('recon-order').first().locator('[data-col="difference"]')).toHaveText('+¥2,200.00');
  await panel.getByTestId('recon-flagged-only').check();
  await expect(panel.getByTestId('recon-order')).toHaveCount(2);
  await page.screenshot({ path: join(ARTIFACTS, 'promotions-reconciliation.png') });
  await axe(page, 'reconciliation with its drill-down');

  // one order: its template as in force when signed, its check, and the release with a reason
  await panel.getByTestId('recon-order').filter({ hasText: 'RC-DY-1' }).click();
  const check = page.getByTestId('recon-check');
  await expect(check.getByTestId('recon-template')).toContainText('douyin-d11-2025');
  await expect(check.getByTestId('recon-rules')).toContainText('满 ¥5,000.00 减 ¥800.00');
  await expect(check.getByTestId('recon-expected')).toContainText('¥800.00');
  await expect(check.getByTestId('recon-actual')).toHaveText('¥1,800.00');
  await expect(check.getByTestId('recon-review')).toHaveText('暂停付款');
  await axe(page, 'order check');
  await check.getByTestId('recon-reason').fill('抖音渠道已确认补差');
  await check.getByTestId('recon-release').click();
  await expect(check.getByTestId('recon-decision')).toHaveAttribute('data-state', 'applied', { timeout: 60_000 });
  await expect(check.getByTestId('recon-review')).toHaveText('已放行', { timeout: 30_000 });
  const released = douyinOfDay().find((r) => r.order_no === 'RC-DY-1')!;
  expect([released.review_status, released.review_reason]).toEqual(['released', '抖音渠道已确认补差']);

  // export the cell's orders and the day's table: real .xlsx files, read back by another reader
  await panel.getByTestId('recon-flagged-only').uncheck();
  await expect(panel.getByTestId('recon-order')).toHaveCount(4);
  const orders = await saved(page, () => panel.getByTestId('recon-export-orders').click(), 'recon-orders.xlsx');
  expect(orders[0]).toEqual(['订单号', '日期', '渠道', '优惠模板', '订单金额', '应优惠', '实际优惠', '差额', '标红', '审核状态']);
  expect(orders.slice(1, -1).map((r) => r[0])).toEqual(['RC-DY-2', 'RC-DY-1', 'RC-DY-4', 'RC-DY-3']);
  expect(orders.at(-1)![0]).toBe('合计');
  expect(orders.at(-1)![7]).toBe(gap);
  const days = await saved(page, () => page.getByTestId('recon-export').click(), 'recon-days.xlsx');
  expect(days[0]![0]).toBe('日期');
  const dyRow = days.find((r) => r[1] === '抖音')!;
  expect(dyRow.slice(0, 3)).toEqual([DAY, '抖音', 4]);
  expect(dyRow[6]).toBe(gap);
  expect(days.at(-1)![0]).toBe('合计');

  // English second
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { name: 'Promotion reconciliation' })).toBeVisible();
  await expect(panel.getByTestId('recon-gap')).toHaveText(`short ${yuan(gap)}`);
});
