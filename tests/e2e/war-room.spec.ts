// The whole walking skeleton in a real browser: a real order server, the real desk back end in
// browser mode over real socket.io, the real renderer in Chromium. An order made overdue on the
// server appears as a red dot and the overdue counter moves.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { shanghaiDate, addDays } from '@shared/time';
import { ARTIFACTS, simulatedSite } from '../support/e2e-site';
import { postOrder } from '../support/floor-client';

const site = simulatedSite({ prefix: 'dd-e2e-', supervisor: 'e2e desk', floor: 'e2e workshop' });

const createOrder = (orderNo: string, promisedDate: string) => postOrder(site.server.url, site.floorToken, { orderNo, promisedDate });

test('an order made overdue on the server shows as a red dot and moves the counter', async ({ page }) => {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  const counter = page.getByTestId('counter-overdue');
  const map = page.getByTestId('war-map');
  await expect(counter).toHaveText('0');
  await expect(map).toHaveAttribute('data-overdue-dots', '0');

  // on time: counted in flight, no red dot
  const today = shanghaiDate(Date.now());
  await createOrder('HD-E2E-0001', addDays(today, 40));
  await expect(page.getByTestId('counter-in-flight')).toHaveText('1');
  await expect(counter).toHaveText('0');

  // promised yesterday: overdue at once
  await createOrder('HD-E2E-0002', addDays(today, -1));
  await expect(counter).toHaveText('1');
  await expect(map).toHaveAttribute('data-overdue-dots', '1');
  await expect(page.getByTestId('counter-in-flight')).toHaveText('2');

  // the page shows Chinese by default
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText('值班指挥台').first()).toBeVisible();

  await page.screenshot({ path: join(ARTIFACTS, 'war-room.png') });
});

test('the API refuses calls without the access key or from another origin', async ({ request }) => {
  const base = new URL(site.desk.url);
  const key = base.searchParams.get('key')!;
  const rpc = `${base.origin}/api/rpc/status`;
  expect((await request.post(rpc, { data: {} })).status()).toBe(401);
  expect((await request.post(rpc, { data: {}, headers: { Authorization: 'Bearer wrong-key' } })).status()).toBe(401);
  expect((await request.post(rpc, { data: {}, headers: { Authorization: `Bearer ${key}`, Origin: 'http://evil.example' } })).status()).toBe(403);
  const ok = await request.post(rpc, { data: {}, headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ connected: true, state: 'live' });
  const bad = await request.post(`${base.origin}/api/rpc/commands`, { data: { limit: 'ten' }, headers: { Authorization: `Bearer ${key}` } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('limit') } });
});

test('with the server gone the desk keeps its picture under a "data as of" banner, and links the shift report', async ({ page }) => {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('open-report')).toBeVisible();
  const overdue = await page.getByTestId('counter-overdue').textContent();
  await site.server.stop();
  await expect(page.getByTestId('banner-stale')).toContainText('数据截至');
  // the replica still answers: the counters keep what the desk last knew
  await expect(page.getByTestId('counter-overdue')).toHaveText(overdue ?? '');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-offline.png') });
});
