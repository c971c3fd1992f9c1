// The audit timeline (issue 7 item 2), against a real order server and the desk in browser mode: a
// cause tagged from the diagnosis drawer is applied by the server, synced back, and shows in the
// bottom panel's 操作记录 tab with its label, actor and order count; it is not in the previous shift;
// the kind filter hides it; clicking it opens the order; a failed read shows in the panel; axe passes.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, readServerDb, simulatedSite } from '../support/e2e-site';

const ACTOR = 'e2e audit';
const site = simulatedSite({ prefix: 'dd-audit-', supervisor: ACTOR, seed: 13 });

/** An order of the server's database, read directly (never through the desk under test). */
function serverOrder(where: string): { id: string; order_no: string } {
  const row = readServerDb(site.db, (conn) => conn.prepare(`SELECT id, order_no FROM orders WHERE ${where} ORDER BY order_no LIMIT 1`).get() as { id: string; order_no: string } | undefined);
  if (!row) throw new Error(`no order where ${where}`);
  return row;
}

async function openLive(page: Page): Promise<void> {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
}

async function axe(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).include('[data-testid="bottom-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${name}:\n${report}`).toEqual([]);
}

test('a tagged cause shows in the audit timeline of this shift, not the previous one', async ({ page }) => {
  await openLive(page);
  const order = serverOrder("stage BETWEEN 3 AND 9 AND causes NOT LIKE '%logistics%'");
  await page.keyboard.press('/');
  await page.keyboard.type(order.order_no);
  await page.getByTestId('order-search-hit').filter({ hasText: order.order_no }).first().click();
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer.getByTestId('diag-order-no')).toHaveText(order.order_no);
  await drawer.getByTestId('act-cause').selectOption('logistics');
  await drawer.getByTestId('act-tag').click();
  await expect(drawer.getByTestId('order-command').first()).toHaveAttribute('data-state', 'applied', { timeout: 60_000 });
  await drawer.locator('.order-drawer__close').click();
  await expect(drawer).toHaveCount(0);

  await page.getByTestId('tab-audit').click();
  const panel = page.getByTestId('audit-timeline');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('audit-shift')).toBeEnabled();
  const mine = panel.locator('[data-testid="audit-entry"][data-type="order.tagCause"]').filter({ hasText: ACTOR });
  await expect(mine).toHaveCount(1, { timeout: 30_000 });
  await expect(mine.getByTestId('audit-type')).toHaveText('标注根因');
  await expect(mine.getByTestId('audit-actor')).toHaveText(`${ACTOR} 值班主管`);
  await expect(mine.getByTestId('audit-orders')).toHaveText('1 单');
  await expect(mine.getByTestId('audit-outcome')).toHaveText('已生效');
  await expect(mine).toHaveAttribute('data-outcome', 'applied');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-audit.png') });
  await axe(page, 'audit timeline');

  // English labels, then back
  await page.getByTestId('lang-toggle').click();
  await expect(mine.getByTestId('audit-type')).toHaveText('Cause tagged');
  await expect(mine.getByTestId('audit-orders')).toHaveText('1 orders');
  await page.getByTestId('lang-toggle').click();

  // the kind filter: a cause tag is neither a text nor automatic
  await panel.getByTestId('audit-kind-texts').click();
  await expect(panel.getByTestId('audit-kind-texts')).toHaveAttribute('aria-pressed', 'true');
  await expect(mine).toHaveCount(0);
  await panel.getByTestId('audit-kind-all').click();
  await expect(mine).toHaveCount(1);

  // clicking the entry opens its order in the diagnosis drawer
  await mine.getByTestId('audit-open').click();
  await expect(page.getByTestId('diag-order-no')).toHaveText(order.order_no);
  await page.getByTestId('order-drawer').locator('.order-drawer__close').click();

  // the previous shift: the panel shows that shift (a list under its start, or the empty state) without the entry
  const select = panel.getByTestId('audit-shift');
  const previous = await select.locator('option').nth(1).getAttribute('value');
  expect(previous).toBeTruthy();
  await select.selectOption(previous!);
  await expect(panel.locator(`[data-testid="audit-list"][data-shift="${previous}"], [data-testid="audit-empty"]`)).toBeVisible();
  await expect(mine).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-audit-previous-shift.png') });
  // and back to the current shift
  await select.selectOption({ index: 0 });
  await expect(mine).toHaveCount(1);
});

test('a failed read of the audit trail shows in the panel', async ({ page }) => {
  await page.route('**/api/rpc/auditTrail', (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'replica unavailable' } }) }),
  );
  await openLive(page);
  await page.getByTestId('tab-audit').click();
  const error = page.getByTestId('audit-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('读取操作记录失败');
  await expect(error).toContainText('replica unavailable');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-audit-error.png') });
});
