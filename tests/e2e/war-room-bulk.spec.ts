// Manual bulk re-assign in the real page (issue 6 item 6): the supervisor narrows the map to orders
// waiting for installation, draws a rectangle over them (shift+drag), opens 批量改派, sees the
// picked installations and the suggested crews with their loads and reasons, re-assigns to the
// first crew, the server confirms, and the jobs are that crew's on the server.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, readServerDb, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-bulk-e2e-', supervisor: 'e2e 批量改派主管', seed: 7 });

/** The server's own rows for these jobs (read-only: the server owns the file). */
const serverJobs = (ids: string[]): { id: string; crew_id: string | null; date: string | null }[] =>
  readServerDb(site.db, (conn) => conn.prepare(`SELECT id, crew_id, date FROM jobs WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as never);

test('pick orders on the map, re-assign their installations to the first suggested crew', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  // the simulated crew leave in Pudong leaves installation orders late: wait until it is on the board
  await expect(page.getByTestId('incident-row').filter({ hasText: '浦东新区' }).filter({ hasText: /安装/ }).first()).toBeVisible({ timeout: 60_000 });

  // only orders waiting for installation, then a rectangle over the whole map
  await page.getByTestId('filter-stage').selectOption('11');
  const map = page.getByTestId('war-map');
  await expect.poll(async () => Number(await map.getAttribute('data-overdue-dots')) + Number(await map.getAttribute('data-at-risk-dots'))).toBeGreaterThan(0);
  const box = (await map.boundingBox())!;
  // start below the toolbar that floats over the map's top edge
  const toolbar = (await page.getByTestId('map-toolbar').boundingBox())!;
  const top = Math.max(box.y + 4, toolbar.y + toolbar.height + 4);
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + 4, top);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 4, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('map-narrowed')).toContainText(/框选的 \d+ 单/);

  await page.getByTestId('bulk-open').click();
  const dialog = page.getByTestId('bulk-dialog');
  await expect(dialog).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const jobs = dialog.getByTestId('bulk-jobs');
  await expect(jobs).toContainText(/\d+ 个未完成安装 · 可改派 \d+/);
  expect(Number(await jobs.getAttribute('data-plannable'))).toBeGreaterThan(0);

  // the suggested crews, each with three days of load and why it is suggested
  const first = dialog.getByTestId('bulk-crew').first();
  await expect(first).toContainText(/可做 \d+\/\d+/);
  await expect(first).toContainText(/技能 .+ · 服务 .+ · 平均 [\d.]+ km/);
  await expect(first.locator('.bulk-day')).toHaveCount(3);
  await first.click();
  await expect(first.locator('input[type=radio]')).toBeChecked();

  // the first of the three days on which that crew has room
  const choice = dialog.getByTestId('bulk-choice');
  const dates = dialog.getByTestId('bulk-date');
  for (let i = 0; i < 3; i++) {
    await dates.nth(i).check();
    if (Number(await choice.getAttribute('data-take')) > 0) break;
  }
  const take = Number(await choice.getAttribute('data-take'));
  expect(take).toBeGreaterThan(0);
  const crewId = (await choice.getAttribute('data-crew-id'))!;
  const date = (await choice.getAttribute('data-date'))!;
  const jobIds = (await choice.getAttribute('data-job-ids'))!.split(' ');
  expect(jobIds).toHaveLength(take);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-bulk-dialog.png') });

  // the button names the count; the confirmation names it again
  const apply = dialog.getByTestId('bulk-apply');
  await expect(apply).toHaveText(`改派 ${take} 个安装`);
  await apply.click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`确认把 ${take} 个安装工单改派给`);
  await page.getByTestId('confirm-ok').click();
  await expect(dialog.getByTestId('bulk-status')).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  await expect(dialog.getByTestId('bulk-status')).toContainText(`已生效：${take} 个安装已改派`);
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-bulk.png') });

  // on the server, every sent job is now that crew's on that day
  expect(serverJobs(jobIds)).toEqual([...jobIds].sort().map((id) => ({ id, crew_id: crewId, date })));

  // the loads shown are stale now: no second re-assign until computed again, which shows the jobs there
  await expect(apply).toBeDisabled();
  await expect(async () => {
    await dialog.getByTestId('bulk-refresh').click();
    await expect(dialog).toHaveAttribute('data-state', 'ready');
    const sendable = (await choice.getAttribute('data-job-ids'))!.split(' ');
    expect(sendable.filter((id) => jobIds.includes(id))).toEqual([]);
  }).toPass({ timeout: 20_000 });

  // Esc closes the dialog, leaves the pick in place and gives the focus back to the button
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('map-narrowed')).toBeVisible();
  await expect(page.getByTestId('bulk-open')).toBeFocused();
});
