// Least data on the desk (issue 16, finding 1): the order drawer shows the customer's phone masked,
// as every desk now syncs it; the supervisor's 显示号码 asks the real order server for that one
// number, which answers it and writes an audit row, and the drawer shows it as a tel: link.
import { expect, test } from '@playwright/test';
import { readServerDb, simulatedSite } from '../support/e2e-site';

const ACTOR = 'e2e reveal';
const site = simulatedSite({ prefix: 'dd-reveal-', supervisor: ACTOR, seed: 17 });

test('the drawer shows a masked phone; 显示号码 reveals it as a tel: link and the server audits it', async ({ page }) => {
  const order = readServerDb(site.db, (conn) => conn.prepare('SELECT id, order_no, customer_phone FROM orders WHERE stage BETWEEN 3 AND 9 ORDER BY order_no LIMIT 1').get() as { id: string; order_no: string; customer_phone: string });
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.keyboard.press('/');
  await page.keyboard.type(order.order_no);
  await page.getByTestId('order-search-hit').filter({ hasText: order.order_no }).first().click();
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer.getByTestId('diag-order-no')).toHaveText(order.order_no);

  const masked = drawer.getByTestId('diag-phone-masked');
  await expect(masked).toContainText('****');
  await expect(masked).not.toContainText(order.customer_phone);
  await expect(drawer.getByTestId('diag-phone-call')).toHaveCount(0);

  await drawer.getByTestId('diag-phone-reveal').click();
  const call = drawer.getByTestId('diag-phone-call');
  await expect(call).toHaveText(order.customer_phone, { timeout: 30_000 });
  await expect(call).toHaveAttribute('href', `tel:${order.customer_phone.replace(/[^0-9+]/g, '')}`);

  const audited = readServerDb(site.db, (conn) => conn.prepare("SELECT actor, outcome, detail FROM audit WHERE type = 'reveal' ORDER BY id DESC LIMIT 1").get() as { actor: string; outcome: string; detail: string } | undefined);
  expect(audited).toMatchObject({ actor: ACTOR, outcome: 'revealed', detail: expect.stringContaining(order.id) });
});
