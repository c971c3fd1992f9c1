// Issue 16, finding 7: text typed on the floor reaches the crew heat map's tooltip, which ECharts
// sets as innerHTML. A crew leave reason carrying markup is posted through the real floor API with
// a floor token, the real desk syncs it, and hovering the heat map in Chromium must show it as text:
// no element it injected, no script it ran.
import { expect, test, type Page } from '@playwright/test';
import { deskRpc, simulatedSite } from '../support/e2e-site';

const HOSTILE = 'XSS探针 <img src=x onerror="window.__pwned=1"><b id=injected>注入</b>';

const site = simulatedSite({ prefix: 'dd-xss-', supervisor: 'e2e desk', seed: 11, floor: '浦东安装队 扫码枪' });

type CrewLoad = { dates: string[]; crews: { id: string; unavailable: (string | null)[] }[] };

const crewLoad = () => deskRpc<CrewLoad>(site, 'crewLoad', { days: 7 });

/** Every crew on leave for the heat map's whole week, with the hostile reason, through the floor API. */
async function postHostileLeave(): Promise<void> {
  await expect.poll(async () => (await crewLoad()).crews.length, { timeout: 60_000 }).toBeGreaterThan(0);
  const { dates, crews } = await crewLoad();
  for (const crew of crews) {
    const res = await fetch(`${site.server.url}/api/v1/crews/${crew.id}/unavailable`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${site.floorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: dates[0], to: dates[dates.length - 1], reason: HOSTILE }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }
  // the desk has synced them
  await expect.poll(async () => (await crewLoad()).crews.filter((c) => c.unavailable.includes(HOSTILE)).length, { timeout: 30_000 }).toBeGreaterThan(0);
}

/** Hovers the heat map's visible cells one by one until a tooltip shows the hostile reason; returns that tooltip's text. */
async function hoverUntilHostileTip(page: Page): Promise<string> {
  const chart = page.locator('.crew-load__chart');
  const box = (await chart.boundingBox())!;
  const rows = Math.min(8, Number(await page.getByTestId('crew-load').getAttribute('data-crews')));
  // the chart's grid (CrewLoadHeatmap: left 150, right 24, top 26, bottom 8), 7 days wide
  const grid = { x: box.x + 150, y: box.y + 26, w: box.width - 174, h: box.height - 34 };
  for (let row = 0; row < rows; row++) {
    for (let day = 0; day < 7; day++) {
      await page.mouse.move(grid.x + (grid.w * (day + 0.5)) / 7, grid.y + (grid.h * (row + 0.5)) / rows, { steps: 2 });
      await page.waitForTimeout(120);
      const text = await chart.innerText();
      if (text.includes('XSS探针')) return text;
    }
  }
  throw new Error('no tooltip showed the hostile leave reason');
}

test('a leave reason with markup shows as text in the heat map tooltip: nothing injected, nothing run', async ({ page }) => {
  await postHostileLeave();
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  await page.getByTestId('tab-crewLoad').click();
  await expect.poll(async () => Number(await page.getByTestId('crew-load').getAttribute('data-crews'))).toBeGreaterThan(0);
  const tip = await hoverUntilHostileTip(page);
  await page.waitForTimeout(500); // an injected image would have failed to load by now
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(page.locator('.crew-load img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // the reason is shown as the characters typed (only as text can it contain them)
  expect(tip).toContain(HOSTILE);
});
