// Consistency you can see (issue 4, items 3–4), against a real order server and the desk in browser
// mode: the sync panel's verify reports a match; a cause tagged from the diagnosis drawer shows
// pending (the server paused with SIGSTOP holds its answer), then applied with the order's cause
// tags updated from the server's change; a command the server rejects shows its notice and reason.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, createToken, startBrowserMode, startServerProcess, tempDir, type Running } from '../support/processes';

let server: Running;
let desk: Running;
let key: string;
let db: string;
const artifacts = join(ROOT, 'test-results', 'artifacts');

test.beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const dir = tempDir('dd-sync-');
  db = join(dir, 'orders.sqlite');
  const supervisor = createToken(db, 'supervisor', 'e2e sync panel');
  server = await startServerProcess(db, ['--simulate', '--seed', '11', '--speed', '1']);
  desk = await startBrowserMode(['--server', server.url, '--token', supervisor, '--data', join(dir, 'desk')]);
  key = new URL(desk.url).searchParams.get('key')!;
});

test.afterAll(async () => {
  server?.proc.kill('SIGCONT');
  await desk?.stop();
  await server?.stop();
});

async function rpc<T>(method: string, body: object = {}): Promise<T> {
  const res = await fetch(`${new URL(desk.url).origin}/api/rpc/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
  return (await res.json()) as T;
}

/** An order of the server's database, read directly (never through the desk under test). */
function serverOrder(where: string): { id: string; order_no: string } {
  const sqlite = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite.prepare(`SELECT id, order_no FROM orders WHERE ${where} ORDER BY order_no LIMIT 1`).get() as { id: string; order_no: string } | undefined;
    if (!row) throw new Error(`no order where ${where}`);
    return row;
  } finally {
    sqlite.close();
  }
}

async function openLive(page: Page): Promise<void> {
  await page.goto(desk.url);
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
  await page.screenshot({ path: join(artifacts, 'war-room-sync-panel.png') });
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
  server.proc.kill('SIGSTOP');
  try {
    await drawer.getByTestId('act-tag').click();
    const mine = drawer.getByTestId('order-command').first();
    await expect(mine).toHaveAttribute('data-state', 'pending');
    await expect(page.getByTestId('pending-badge')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'war-room-command-pending.png') });
  } finally {
    server.proc.kill('SIGCONT');
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
  await page.screenshot({ path: join(artifacts, 'war-room-command-applied.png') });
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
  await page.screenshot({ path: join(artifacts, 'war-room-command-rejected.png') });
  await notice.getByTestId('command-notice-dismiss').click();
  await expect(notice).toHaveCount(0);
});
