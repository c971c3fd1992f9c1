// The wall screen's own read-only key (issue 5 item 9) and the accessibility check (item 10), against
// a real order server and the desk in browser mode: the wall URL is printed beside the main one; its
// key reads but never acts (403 forbidden); axe finds no serious or critical violation on the war
// room, the diagnosis drawer, the sync panel and the wall screen.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, deskRpc, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-wall-', supervisor: 'e2e wall', seed: 7 });
let wallUrl: string;

test.beforeAll(async () => {
  await expect.poll(() => /wall screen \(read-only\): (http:\/\/127\.0\.0\.1:\d+\/\?key=\S+&wall=1)$/m.exec(site.desk.output())?.[1] ?? '').not.toBe('');
  wallUrl = /wall screen \(read-only\): (\S+)$/m.exec(site.desk.output())![1]!;
});

async function call(key: string, method: string, body: object = {}): Promise<{ status: number; body: { error?: { code: string } } }> {
  const res = await fetch(`${new URL(site.desk.url).origin}/api/rpc/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

async function axe(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${name}:\n${report}`).toEqual([]);
}

test('the wall key reads but never acts: writes are 403 forbidden', async () => {
  const wallKey = new URL(wallUrl).searchParams.get('key')!;
  expect(wallKey).not.toBe(site.key);
  expect(new URL(wallUrl).searchParams.get('wall')).toBe('1');
  for (const read of ['status', 'mapView', 'incidentBoard', 'commands', 'bottlenecks']) expect((await call(wallKey, read)).status, read).toBe(200);
  const { incidents } = (await (await fetch(`${new URL(site.desk.url).origin}/api/rpc/incidents`, { method: 'POST', headers: { Authorization: `Bearer ${wallKey}` } })).json()) as { incidents: { id: string; orderIds: string[] }[] };
  const orderId = incidents[0]?.orderIds[0] ?? 'o-000001';
  const writes: [string, object][] = [
    ['tagCause', { orderId, cause: 'logistics' }],
    ['addNote', { orderId, text: 'from the wall' }],
    ['setIncidentState', { id: incidents[0]?.id ?? 'x', state: 'acknowledged' }],
    ['reassignJobs', { jobs: [{ jobId: 'j', crewId: 'c', date: '2026-02-02' }] }],
    ['verify', {}],
  ];
  for (const [method, body] of writes) {
    const r = await call(wallKey, method, body);
    expect(r.status, method).toBe(403);
    expect(r.body.error?.code, method).toBe('forbidden');
  }
  const { commands } = await deskRpc<{ commands: unknown[] }>(site, 'commands');
  expect(commands).toHaveLength(0);
  expect((await call('not-a-key', 'status')).status).toBe(401);
});

test('the wall URL opens the read-only wall screen; axe passes there', async ({ page }) => {
  await page.goto(wallUrl);
  await expect(page.getByTestId('wall-badge')).toBeVisible();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await expect(page.getByTestId('order-search')).toHaveCount(0);
  await expect(page.getByTestId('banners')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('key')).toBeNull();
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-wall-key.png') });
  await axe(page, 'wall screen');
});

test('axe: no serious or critical violation on the war room, the drawer and the sync panel', async ({ page }) => {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await axe(page, 'war room');
  const { incidents } = await deskRpc<{ incidents: { orderIds: string[] }[] }>(site, 'incidents');
  const diag = await deskRpc<{ order: { orderNo: string } }>(site, 'diagnoseOrder', { orderId: incidents[0]!.orderIds[0] });
  await page.keyboard.press('/');
  await page.keyboard.type(diag.order.orderNo);
  await page.getByTestId('order-search-hit').filter({ hasText: diag.order.orderNo }).first().click();
  await expect(page.getByTestId('timeline-stage').first()).toBeVisible();
  await axe(page, 'diagnosis drawer');
  await page.keyboard.press('Escape');
  await page.getByTestId('sync-open').click();
  await expect(page.getByTestId('sync-details')).toBeVisible();
  await axe(page, 'sync panel');
});
