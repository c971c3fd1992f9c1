// The 2 Feb 2026 cold snap (resources/scenarios/cold-snap-2026-02-02.json, from the order server's
// --scenario, issue 3): the stoppage shows as one aggregated line whose count is every late order
// it holds up, selecting it filters the map to them, the diagnosis drawer shows a late order's
// timeline, and screenshots are kept.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../support/processes';
import { ARTIFACTS, deskRpc, simulatedSite } from '../support/e2e-site';

const SCENARIO = join(ROOT, 'resources', 'scenarios', 'cold-snap-2026-02-02.json');
const site = simulatedSite({ prefix: 'dd-cold-', supervisor: 'e2e desk', seed: 202, simulate: ['--scenario', SCENARIO] });

type Incident = { id: string; cause: string; where: { carrier?: string; district?: string }; count: number; orderIds: string[] };
type Point = { id: string; causes: string[]; carrier: string | null };

const rpc = <T>(method: string, body: object = {}) => deskRpc<T>(site, method, body);

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

  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${stoppage.id}"]`);
  await expect(row).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'cold-snap-war-room.png') });
  await row.locator('button').first().click();
  const map = page.getByTestId('war-map');
  const onMap = async () => Number(await map.getAttribute('data-overdue-dots')) + Number(await map.getAttribute('data-at-risk-dots'));
  await expect.poll(onMap).toBe(Number(await row.getAttribute('data-count')));
  await page.screenshot({ path: join(ARTIFACTS, 'cold-snap-selected.png') });

  // the diagnosis drawer shows a late order's timeline
  const lateOrder = stoppage.orderIds[0]!;
  const diag = await rpc<{ order: { orderNo: string } }>('diagnoseOrder', { orderId: lateOrder });
  await page.getByTestId('order-search').fill(diag.order.orderNo);
  await page.getByTestId('order-search-hit').first().click();
  await expect(page.getByTestId('diag-timeline').getByTestId('timeline-stage')).toHaveCount(12);
  await expect(page.getByTestId('diag-summary')).toContainText(diag.order.orderNo);
  await page.screenshot({ path: join(ARTIFACTS, 'cold-snap-diagnosis.png') });
});
