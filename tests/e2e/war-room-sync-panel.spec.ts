// Consistency you can see (issue 4, items 3–4), against a real order server and the desk in browser
// mode: the sync panel's verify reports a match; a cause tagged from the diagnosis drawer shows
// pending (the server paused with SIGSTOP holds its answer), then applied with the order's cause
// tags updated from the server's change; a command the server rejects shows its notice and reason.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, deskRpc, readServerDb, simulatedSite } from '../support/e2e-site';

// a server left paused (SIGSTOP) by a failed test would not hear the site's stop
test.afterAll(() => {
  site.server?.proc.kill('SIGCONT');
});
const site = simulatedSite({ prefix: 'dd-sync-', supervisor: 'e2e sync panel', seed: 11 });

const rpc = <T>(method: string, body: object = {}) => deskRpc<T>(site, method, body);

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

async function openOrder(page: Page, orderNo: string): Promise<void> {
  await page.keyboard.press('/');
  await page.keyboard.type(orderNo);
  await page.getByTestId('order-search-hit').filter({ hasText: orderNo }).first().click();
  await expect(page.getByTestId('diag-order-no')).toHaveText(orderNo);
}

test('the sync panel shows checkpoint, head, lag, pending, last error, and verify reports a match', async ({ page }) => {
  await openLive(page);
  await page.getByTestId('sync-open').click();
  const panel = page.getByTestId('sync-details');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('syncp-checkpoint')).toHaveText(/^\d[\d,]*$/);
  await expect(panel.getByTestId('syncp-head')).toHaveText(/^\d[\d,]*$/);
  await expect(panel.getByTestId('syncp-pending')).toHaveText('0');
  await expect(panel.getByTestId('syncp-last-error')).toHaveText('无');
  await panel.getByTestId('verify-button').click();
  await expect(panel.getByTestId('verify-result')).toHaveAttribute('data-match', 'true');
  await expect(panel.getByTestId('verify-result')).toContainText('一致');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-sync-panel.png') });
  await page.getByTestId('lang-toggle').click();
  await expect(panel.getByTestId('verify-result')).toContainText('Match');
  await page.getByTestId('lang-toggle').click();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});

test('a cause tagged from the drawer shows pending, then applied, and the order’s tags update', async ({ page }) => {
  await openLive(page);
  const order = serverOrder("stage BETWEEN 3 AND 9 AND causes NOT LIKE '%customer_reschedule%'");
  await openOrder(page, order.order_no);
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer.getByTestId('diag-causes')).not.toContainText('客户改期');
  await drawer.getByTestId('act-cause').selectOption('customer_reschedule');
  await drawer.getByTestId('act-cause-note').fill('e2e: 客户来电改期');
  // the server holds its answer while paused: the command stays pending in the outbox
  site.server.proc.kill('SIGSTOP');
  try {
    await drawer.getByTestId('act-tag').click();
    const mine = drawer.getByTestId('order-command').first();
    await expect(mine).toHaveAttribute('data-state', 'pending');
    await expect(page.getByTestId('pending-badge')).toBeVisible();
    await page.screenshot({ path: join(ARTIFACTS, 'war-room-command-pending.png') });
  } finally {
    site.server.proc.kill('SIGCONT');
  }
  await expect(drawer.getByTestId('order-command').first()).toHaveAttribute('data-state', 'applied', { timeout: 60_000 });
  await expect(drawer.getByTestId('diag-causes')).toContainText('客户改期');
  await expect(page.getByTestId('pending-badge')).toHaveCount(0);
  const { commands } = await rpc<{ commands: { state: string; orderIds: string[] }[] }>('commands');
  expect(commands.find((c) => c.orderIds.includes(order.id))?.state).toBe('applied');
  // a note goes the same way
  await drawer.getByTestId('act-note').fill('e2e 备注');
  await drawer.getByTestId('act-add-note').click();
  await expect(drawer.locator('[data-testid="order-command"][data-type="order.note"]').first()).toHaveAttribute('data-state', 'applied', { timeout: 60_000 });
  await expect(drawer).toContainText('e2e 备注');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-command-applied.png') });
});

test('a rejected command shows its notice with the reason (a finished order takes no cause: wrong_stage)', async ({ page }) => {
  await openLive(page);
  const done = serverOrder('stage = 12');
  await openOrder(page, done.order_no);
  const drawer = page.getByTestId('order-drawer');
  await drawer.getByTestId('act-cause').selectOption('logistics');
  await drawer.getByTestId('act-tag').click();
  const notice = page.getByTestId('command-notice');
  await expect(notice).toHaveAttribute('data-code', 'wrong_stage', { timeout: 60_000 });
  await expect(notice.getByTestId('command-notice-reason')).toContainText('已完工的订单不能再标注根因');
  await expect(notice).toContainText(done.order_no);
  await expect(drawer.getByTestId('order-command').first()).toHaveAttribute('data-state', 'rejected');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-command-rejected.png') });
  await notice.getByTestId('command-notice-dismiss').click();
  await expect(notice).toHaveCount(0);
});
