// The war room against the simulator's backlog (real order server, real desk in browser mode):
// the stopped edge-banding line is one incident line with the right count, selecting it filters
// the map to its orders, any order is diagnosed in one search, keyboard works, wall mode is read only.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, deskRpc, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-war-', supervisor: 'e2e desk', seed: 7 });

const rpc = <T>(method: string, body: object = {}) => deskRpc<T>(site, method, body);

type Incident = { id: string; kind: string; title: string; cause: string; where: Record<string, string>; count: number; orderIds: string[]; jobIds: string[]; firstSeen: string; state: string };

async function openWarRoom(page: Page): Promise<void> {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
}

test('the backlog clusters are single incident lines in the protocol shape', async () => {
  // caught up first: during the initial sync a page's orders reach the war room before its jobs,
  // so a line can be seen for a moment without the jobs of its crews
  await expect.poll(async () => {
    const s = await rpc<{ state: string; checkpoint: number; head: number }>('status');
    return s.state === 'live' && s.checkpoint === s.head && s.head > 0;
  }, { timeout: 60_000 }).toBe(true);
  await expect.poll(async () => (await rpc<{ incidents: Incident[] }>('incidents')).incidents.length, { timeout: 60_000 }).toBeGreaterThan(2);
  const { incidents } = await rpc<{ incidents: Incident[] }>('incidents');
  for (const inc of incidents) {
    expect(Object.keys(inc).sort()).toEqual(['cause', 'count', 'firstSeen', 'id', 'jobIds', 'kind', 'orderIds', 'state', 'title', 'where']);
    expect(['new', 'acknowledged', 'handling', 'resolved']).toContain(inc.state);
    expect(inc.firstSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  }
  const line = incidents.filter((i) => i.cause === 'machine_fault' && i.where.workstation?.includes('封边2线'));
  expect(line).toHaveLength(1);
  expect(line[0]!.count).toBe(line[0]!.orderIds.length);
  expect(line[0]!.count).toBeGreaterThan(20);
  const carrier = incidents.filter((i) => i.cause === 'logistics' && i.where.carrier === '安能物流');
  expect(carrier).toHaveLength(1);
  const pudong = incidents.filter((i) => i.cause === 'installer_shortage' && i.where.district === '浦东新区');
  expect(pudong).toHaveLength(1);
  expect(pudong[0]!.jobIds.length).toBeGreaterThan(0);
});

test('selecting an incident filters the map to its orders; j/k/Enter/Esc work', async ({ page }) => {
  await openWarRoom(page);
  const map = page.getByTestId('war-map');
  const row = page.getByTestId('incident-row').filter({ hasText: '封边2线' });
  await expect(row).toHaveCount(1);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-incidents.png') });
  const count = Number(await row.getAttribute('data-count'));
  const total = async () => Number(await map.getAttribute('data-overdue-dots')) + Number(await map.getAttribute('data-at-risk-dots'));
  expect(await total()).toBeGreaterThan(count);
  await row.locator('button').first().click();
  await expect(page.getByTestId('map-narrowed')).toContainText('封边2线');
  await expect.poll(total).toBe(Number(await row.getAttribute('data-count')));
  await page.waitForTimeout(800); // the map flies to the incident's orders
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-incident-selected.png') });
  await page.getByTestId('incident-acknowledged').click();
  await expect(row).toHaveAttribute('data-state', 'acknowledged');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('map-narrowed')).toHaveCount(0);
  await expect.poll(total).toBeGreaterThan(count);
  // keyboard: j moves to the first incident, Enter selects it
  await page.locator('body').click({ position: { x: 5, y: 1075 } });
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('map-narrowed')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('keyboard-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keyboard-help')).toHaveCount(0);
});

test('one search diagnoses a late order: timeline with late stages, summary', async ({ page }) => {
  await openWarRoom(page);
  const { incidents } = await rpc<{ incidents: Incident[] }>('incidents');
  const line = incidents.find((i) => i.cause === 'machine_fault')!;
  const diag = await rpc<{ order: { orderNo: string } }>('diagnoseOrder', { orderId: line.orderIds[0]! });
  await page.keyboard.press('/');
  await expect(page.getByTestId('order-search')).toBeFocused();
  await page.keyboard.type(diag.order.orderNo);
  await page.getByTestId('order-search-hit').first().click();
  const drawer = page.getByTestId('order-drawer');
  await expect(drawer.getByTestId('diag-order-no')).toHaveText(diag.order.orderNo);
  await expect(drawer.getByTestId('timeline-stage')).toHaveCount(12);
  await expect(drawer.locator('[data-testid="timeline-stage"][data-late="true"]').first()).toBeVisible();
  await expect(drawer.getByTestId('diag-summary')).toContainText(diag.order.orderNo);
  await expect(drawer.getByTestId('diag-summary')).toContainText('设备故障');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-diagnosis.png') });
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
});

test('bottlenecks rank edge banding and the crew-load heat map shows crews', async ({ page }) => {
  await openWarRoom(page);
  await page.getByTestId('tab-bottlenecks').click();
  await expect(page.getByTestId('bottleneck-row').first()).toBeVisible();
  await page.getByTestId('tab-crewLoad').click();
  await expect.poll(async () => Number(await page.getByTestId('crew-load').getAttribute('data-crews'))).toBeGreaterThan(10);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-crew-load.png') });
});

test('wall mode renders read only', async ({ page }) => {
  await page.goto(site.desk.url.replace('/?', '/?wall=1&'));
  await expect(page.getByTestId('wall-badge')).toBeVisible();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await expect(page.getByTestId('order-search')).toHaveCount(0);
  await expect(page.getByTestId('map-toolbar')).toHaveCount(0);
  await page.getByTestId('incident-row').first().locator('button').first().click();
  await expect(page.getByTestId('incident-acknowledged')).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-wall.png') });
});

test('the lasso circles orders on the map; the crew filter narrows to one crew; crews show as a layer', async ({ page }) => {
  await openWarRoom(page);
  const map = page.getByTestId('war-map');
  const total = async () => Number(await map.getAttribute('data-overdue-dots')) + Number(await map.getAttribute('data-at-risk-dots'));
  const all = await total();
  await page.getByTestId('toggle-lasso').click();
  await expect(page.getByTestId('toggle-lasso')).toHaveAttribute('aria-pressed', 'true');
  const box = (await map.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  const outline = [at(0.2, 0.2), at(0.8, 0.2), at(0.8, 0.8), at(0.5, 0.6), at(0.2, 0.8), at(0.2, 0.2)];
  await page.mouse.move(...outline[0]!);
  await page.mouse.down();
  for (const p of outline.slice(1)) await page.mouse.move(...p, { steps: 8 });
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-lasso.png') });
  await page.mouse.up();
  await expect(page.getByTestId('map-narrowed')).toContainText('套索');
  await expect(page.getByTestId('toggle-lasso')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(total).toBeGreaterThan(0);
  expect(await total()).toBeLessThan(all);
  await page.getByTestId('narrow-clear').click();
  await expect.poll(total).toBe(all);
  const crews = page.getByTestId('filter-crew').locator('option');
  await expect.poll(() => crews.count()).toBeGreaterThan(1);
  await page.getByTestId('filter-crew').selectOption({ index: 1 });
  await expect.poll(total).toBeLessThan(all);
  await page.getByTestId('filter-crew').selectOption('');
  await expect.poll(total).toBe(all);
  // crews as their own layer, and the heat map: both draw the crew filter's read (one store entry on
  // one 10 s schedule), neither reads crew load again (each component polled on its own before)
  const reads: number[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/rpc/crewLoad')) reads.push(Date.now());
  });
  const from = Date.now();
  await page.getByTestId('toggle-crews').check();
  await expect.poll(async () => Number(await map.getAttribute('data-crews'))).toBeGreaterThan(5);
  await page.getByTestId('tab-crewLoad').click();
  await expect.poll(async () => Number(await page.getByTestId('crew-load').getAttribute('data-crews'))).toBeGreaterThan(5);
  const scheduled = 1 + Math.floor((Date.now() - from) / 10_000);
  expect(reads.length).toBeLessThanOrEqual(scheduled);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-crews-layer.png') });
  await page.getByTestId('toggle-crews').uncheck();
  await expect(map).toHaveAttribute('data-crews', '0');
});
