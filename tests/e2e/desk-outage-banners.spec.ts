// Issue 8 item 5 as the supervisor sees it, in Chromium against real processes: with the order
// server stopped the page says "data as of …" and keeps its picture; when the desk back end is
// killed -9 the page shows its events link down and, once the supervisor restarted the back end on
// the same port and key, recovers without a reload; when the server is back the banner goes.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, supervisedSite } from '../support/e2e-site';

const site = supervisedSite({ prefix: 'dd-outage-e2e-', supervisor: 'e2e outage', seed: 19, simulate: ['--speed', '60', '--profile', 'ordinary'] });

test('server down: "data as of" banner; back end killed: reconnects by itself; server back: caught up', async ({ page }) => {
  await page.goto(site.desk.url);
  const sync = page.getByTestId('sync-state');
  await expect(sync).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(page.getByTestId('banner-stale')).toHaveCount(0);

  await site.server.stop();
  const stale = page.getByTestId('banner-stale');
  await expect(stale).toBeVisible();
  await expect(stale).toContainText('以下数据截至');
  const dataAsOf = (await site.desk.status()).dataAsOf!;
  // the banner names the time the replica was last complete (server clock, shown as HH:MM)
  await expect(stale).toContainText(dataAsOf.slice(11, 16));

  process.kill(site.desk.backendPid(), 'SIGKILL');
  await expect(page.getByTestId('banner-events')).toBeVisible();
  // no reload: the page's socket finds the restarted back end on the same URL with the same key
  await expect(page.getByTestId('banner-events')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('banner-status')).toHaveCount(0, { timeout: 15_000 });
  await expect(stale).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'desk-data-as-of.png') });

  await site.restartServer();
  await expect(sync).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(stale).toHaveCount(0);
});
