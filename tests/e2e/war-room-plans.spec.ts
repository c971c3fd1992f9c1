// Contingency plans in the real page (issue 6, "done when"): on a live simulated incident the
// supervisor sees three explained plans, previews one on the map, applies it with one click (the
// confirmation names the count), the server confirms, customers' texts are queued, the crews' loads
// change, and one more click undoes it all.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, readServerDb, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-plans-e2e-', supervisor: 'e2e 预案主管', seed: 7 });
const serverCount = (sql: string): number => readServerDb(site.db, (conn) => (conn.prepare(sql).get() as { n: number }).n);

test('three plans for the Pudong leave incident: preview, apply, texts queued, undo', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // the supervisor on duty is named as the server knows this desk's token, with the shift
  await expect(page.getByTestId('on-duty-name')).toHaveText('e2e 预案主管');
  await expect(page.getByTestId('on-duty-shift')).toContainText(/班/);
  const row = page.getByTestId('incident-row').filter({ hasText: '浦东新区' }).filter({ hasText: /安装/ }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.click();

  const cards = page.getByTestId('plan-card');
  await expect(cards).toHaveCount(3, { timeout: 30_000 });
  await expect(cards.nth(0)).toHaveAttribute('data-kind', 'reassign');
  await expect(cards.nth(1)).toHaveAttribute('data-kind', 'reschedule');
  await expect(cards.nth(2)).toHaveAttribute('data-kind', 'capacity');
  const a = cards.nth(0);
  await expect(a).toContainText('方案A');
  await expect(a.getByTestId('plan-covered')).toContainText(/安排 \d+\/\d+/);

  // every job is explained
  await a.getByTestId('plan-details').click();
  await expect(a.getByTestId('plan-moves').locator('li').first()).toContainText(/技能|保持不变|无法|服务范围|请假|已满/);

  // ghost lines on the map
  await a.getByTestId('plan-preview').click();
  await expect.poll(async () => Number(await page.getByTestId('war-map').getAttribute('data-plan-lines'))).toBeGreaterThan(0);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-plans-preview.png') });

  const textsBefore = serverCount("SELECT COUNT(*) AS n FROM notifications WHERE template = 'install_reassigned'");
  const moved = Number((await a.getByTestId('plan-texts').textContent())!.match(/\d+/)![0]);
  expect(moved).toBeGreaterThan(0);
  await a.getByTestId('plan-apply').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`调整 ${moved} 个安装工单`);
  await page.getByTestId('confirm-ok').click();
  await expect(a.getByTestId('plan-status')).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  expect(serverCount("SELECT COUNT(*) AS n FROM notifications WHERE template = 'install_reassigned'") - textsBefore).toBe(moved);
  const applied = page.getByTestId('applied-action').first();
  await expect(applied).toHaveAttribute('data-state', 'applied');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-plans-applied.png') });

  // one more click (and a confirmation) undoes it all: the queued texts are cancelled
  await a.getByTestId('plan-undo').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('撤销');
  await page.getByTestId('confirm-ok').click();
  await expect(applied).toHaveAttribute('data-state', 'undone', { timeout: 30_000 });
  expect(serverCount("SELECT COUNT(*) AS n FROM notifications WHERE template = 'install_reassigned' AND status = 'queued'")).toBe(0);
});
