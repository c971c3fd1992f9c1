// The 2 Feb 2026 cold snap (resources/scenarios/cold-snap-2026-02-02.json, from the order server's
// --scenario, issue 3): the stoppage shows as one aggregated line whose count is every late order
// it holds up, selecting it filters the map to them, the diagnosis drawer shows a late order's
// timeline, and screenshots are kept.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, createToken, startBrowserMode, startServerProcess, tempDir, type Running } from '../support/processes';

const SCENARIO = join(ROOT, 'resources', 'scenarios', 'cold-snap-2026-02-02.json');
const artifacts = join(ROOT, 'test-results', 'artifacts');
let server: Running | undefined;
let desk: Running | undefined;

test.beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const dir = tempDir('dd-cold-');
  const db = join(dir, 'orders.sqlite');
  const supervisor = createToken(db, 'supervisor', 'e2e desk');
  server = await startServerProcess(db, ['--simulate', '--seed', '202', '--speed', '1', '--scenario', SCENARIO]);
  desk = await startBrowserMode(['--server', server.url, '--token', supervisor, '--data', join(dir, 'desk')]);
});

test.afterAll(async () => {
  await desk?.stop();
  await server?.stop();
});

type Incident = { id: string; cause: string; where: { carrier?: string; district?: string }; count: number; orderIds: string[] };
type Point = { id: string; causes: string[]; carrier: string | null };

async function rpc<T>(method: string, body: object = {}): Promise<T> {
  const base = new URL(desk!.url);
  const key = base.searchParams.get('key')!;
  const res = await fetch(`${base.origin}/api/rpc/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
  return (await res.json()) as T;
}

test('the cold snap is one aggregated line with the right count; selecting it filters the map', async ({ page }) => {
  await expect.poll(async () => (await rpc<{ incidents: Incident[] }>('incidents')).incidents.some((i) => i.cause === 'logistics'), { timeout: 60_000 }).toBe(true);
  // the line and the map are read from one caught-up picture: while pages (or the simulator's
  // changes) still arrive, the two reads can see different versions
  let stoppage: Incident | undefined;
  await expect
    .poll(
      async () => {
        const before = await rpc<{ state: string; checkpoint: number; head: number }>('status');
        const { incidents } = await rpc<{ incidents: Incident[] }>('incidents');
        const { points } = await rpc<{ points: Point[] }>('mapView');
        const after = await rpc<{ state: string; checkpoint: number; head: number }>('status');
        if (before.state !== 'live' || before.checkpoint !== before.head || after.checkpoint !== before.checkpoint) return 'not caught up';
        const top = incidents.filter((i) => i.cause === 'logistics').sort((a, b) => b.count - a.count)[0]!;
        stoppage = top;
        // one line per carrier: no other logistics line for the same carrier
        const lines = incidents.filter((i) => i.cause === 'logistics' && i.where.carrier === top.where.carrier).length;
        // its count is every late order on the map with that cause at that carrier
        const onMap = points.filter((p) => p.causes.includes('logistics') && p.carrier === top.where.carrier).length;
        return { lines, count: top.count === onMap ? 'equal' : `${top.count} on the line, ${onMap} on the map` };
      },
      { timeout: 30_000 },
    )
    .toEqual({ lines: 1, count: 'equal' });
  if (!stoppage) throw new Error('no logistics line');

  await page.goto(desk!.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${stoppage.id}"]`);
  await expect(row).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'cold-snap-war-room.png') });
  await row.locator('button').first().click();
  const map = page.getByTestId('war-map');
  const onMap = async () => Number(await map.getAttribute('data-overdue-dots')) + Number(await map.getAttribute('data-at-risk-dots'));
  await expect.poll(onMap).toBe(Number(await row.getAttribute('data-count')));
  await page.screenshot({ path: join(artifacts, 'cold-snap-selected.png') });

  // the diagnosis drawer shows a late order's timeline
  const lateOrder = stoppage.orderIds[0]!;
  const diag = await rpc<{ order: { orderNo: string } }>('diagnoseOrder', { orderId: lateOrder });
  await page.getByTestId('order-search').fill(diag.order.orderNo);
  await page.getByTestId('order-search-hit').first().click();
  await expect(page.getByTestId('diag-timeline').getByTestId('timeline-stage')).toHaveCount(12);
  await expect(page.getByTestId('diag-summary')).toContainText(diag.order.orderNo);
  await page.screenshot({ path: join(artifacts, 'cold-snap-diagnosis.png') });
});
