// Plans for every kind of outage in the real page (issue 14, "done when"): on a simulated site in the
// 2 Feb 2026 cold snap, a carrier's incident shows the three logistics plans with its shipments
// explained one by one, plan B applies through the UI and one more click undoes it on the server; a
// line the floor reports down shows its three line plans; a missing hand-off shows its one plan; an
// incident whose cause has no plan family says so and why, in both languages; and the audit timeline
// names the floor's outage report in words.
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ROOT } from '../support/processes';
import { ARTIFACTS, deskRpc, readServerDb, simulatedSite } from '../support/e2e-site';

const SCENARIO = join(ROOT, 'resources', 'scenarios', 'cold-snap-2026-02-02.json');
const site = simulatedSite({ prefix: 'dd-families-e2e-', supervisor: 'e2e 预案主管', seed: 202, simulate: ['--scenario', SCENARIO], floor: 'e2e 车间' });

type Incident = { id: string; cause: string; kind: string; where: { carrier?: string; district?: string; workstation?: string }; count: number; orderIds: string[] };
type Point = { id: string; district: string; causes: string[] };

const rpc = <T>(method: string, body: object = {}) => deskRpc<T>(site, method, body);
const incidents = async () => (await rpc<{ incidents: Incident[] }>('incidents')).incidents;

/** The first incident that `pick` finds, once the desk has it. */
async function incidentWhere(pick: (i: Incident) => boolean): Promise<Incident> {
  let found: Incident | undefined;
  await expect
    .poll(async () => {
      found = (await incidents()).find(pick);
      return found !== undefined;
    }, { timeout: 60_000 })
    .toBe(true);
  return found!;
}

/** Selects the incident's line and waits until its plans (or why it has none) are on the strip. */
async function openIncident(page: Page, id: string): Promise<Locator> {
  await page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`).locator('button').first().click();
  const strip = page.getByTestId('plans-strip');
  await expect(strip).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  return strip;
}

/** Posts to the order server's floor API as the floor token; a refusal fails the spec. */
async function floorPost(path: string, body: object): Promise<unknown> {
  const res = await fetch(`${site.server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${site.floorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The order's active installation job (crew and date) as the server holds it. */
const jobOf = (orderNo: string) =>
  readServerDb(site.db, (db) =>
    db
      .prepare(`SELECT c.name AS crew, j.date AS date FROM jobs j JOIN orders o ON o.id = j.order_id LEFT JOIN crews c ON c.id = j.crew_id WHERE o.order_no = ? AND j.status IN ('unbooked', 'booked', 'in_progress')`)
      .get(orderNo) as { crew: string | null; date: string | null } | undefined,
  );

test.beforeEach(async ({ page }) => {
  await page.goto(site.desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
});

test('a stopped carrier: three logistics plans with every shipment explained; plan B applies and undoes', async ({ page }) => {
  const stoppage = await incidentWhere((i) => i.cause === 'logistics' && i.where.carrier === '安能物流');
  await openIncident(page, stoppage.id);
  const cards = page.getByTestId('plan-card');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toHaveAttribute('data-kind', 'switch_carrier');
  await expect(cards.nth(1)).toHaveAttribute('data-kind', 'wait_carrier');
  await expect(cards.nth(2)).toHaveAttribute('data-kind', 'express');
  await expect(cards.nth(0)).toContainText('方案A');

  // plan A: shipments not yet collected go to another carrier, each with its lane, arrival and cost;
  // those already collected say so in words, with the carrier's waybill
  const a = cards.nth(0);
  await expect(a.getByTestId('plan-headline')).toContainText(/换承运商 \d+ 单 · 运费 ¥/);
  await a.getByTestId('plan-details').click();
  const shipments = a.getByTestId('plan-order-move');
  expect(await shipments.count()).toBeGreaterThan(0);
  await expect(shipments.first()).toHaveAttribute('data-subject', 'shipment');
  const switched = shipments.filter({ hasText: '→' }).first();
  await expect(switched).toContainText(/安能物流 → \S+ \d{4}-\d{2}-\d{2}/);
  await expect(switched.locator('.plan-move__why')).toContainText(/预计到货 \d{4}-\d{2}-\d{2} · 费用 ¥\d+ · 线路 \S+ · 余量 \d+\/\d+/);
  const collected = a.locator('[data-testid="plan-order-move"][data-unplaced="collected"]').first();
  await expect(collected).toContainText(/已被原承运商揽收，不能改走其他承运商（安能物流 ANE\d+）/);
  await page.screenshot({ path: join(ARTIFACTS, 'plan-families-logistics.png') });

  // plan B keeps the carrier and books each held installation after the new arrival
  const b = cards.nth(1);
  await expect(b.getByTestId('plan-headline')).toContainText(/顺延安装 \d+ 单 · 赔付 ¥/);
  await b.getByTestId('plan-details').click();
  await expect(b.getByTestId('plan-order-move').first()).toContainText(/保持不变 · 预计到货 \d{4}-\d{2}-\d{2}/);
  const moved = b.getByTestId('plan-moves').locator('li.plan-move:not(.plan-move--kept):not(.plan-move--unplaced)').first();
  const orderNo = (await moved.locator('.plan-move__no').textContent())!.trim();
  const route = (await moved.locator('.plan-move__to').textContent())!.trim();
  const [, fromCrew, fromDate, toCrew, toDate] = /^(\S+) (\d{4}-\d{2}-\d{2}) → (\S+) (\d{4}-\d{2}-\d{2})$/.exec(route) ?? [];
  expect(toDate, `a moved job's route: ${route}`).toBeTruthy();
  await expect(moved.locator('.plan-move__why')).toContainText(/技能 .+ · [\d.]+ km/);
  expect(jobOf(orderNo)).toEqual({ crew: fromCrew, date: fromDate });

  const n = Number(/\d+/.exec((await b.getByTestId('plan-headline').textContent())!)![0]);
  await b.getByTestId('plan-apply').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`调整 ${n} 个安装工单`);
  await page.getByTestId('confirm-ok').click();
  await expect(b.getByTestId('plan-status')).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  expect(jobOf(orderNo)).toEqual({ crew: toCrew, date: toDate });
  const applied = page.getByTestId('applied-action').filter({ hasText: '安能物流' }).first();
  await expect(applied).toHaveAttribute('data-state', 'applied');
  await expect(applied).toContainText('方案B');

  await b.getByTestId('plan-undo').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('撤销');
  await page.getByTestId('confirm-ok').click();
  await expect(applied).toHaveAttribute('data-state', 'undone', { timeout: 30_000 });
  expect(jobOf(orderNo)).toEqual({ crew: fromCrew, date: fromDate });
  // the card offers the plan again
  await expect(b.getByTestId('plan-apply')).toBeEnabled();
});

test('a line the floor reports down: three line plans with production moves explained; the report is in the audit trail', async ({ page }) => {
  const fault = await incidentWhere((i) => i.cause === 'machine_fault' && i.kind === 'workstation' && i.where.workstation !== undefined);
  const workstation = fault.where.workstation!;
  // the floor reports the line down from the server's now for 8 hours (as the edge-banding scenario would)
  const { serverNow } = await rpc<{ serverNow: string }>('status');
  const from = Date.parse(serverNow);
  const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace(/\.\d{3}/, '');
  await floorPost(`/api/v1/lines/${encodeURIComponent(workstation)}/down`, { from: iso(from), to: iso(from + 8 * 3600_000), reason: '封边机故障（e2e）' });
  await expect.poll(async () => readServerDb(site.db, (db) => (db.prepare(`SELECT down FROM lines WHERE factory || '/' || name = ?`).get(workstation) as { down: string }).down)).toContain('封边机故障（e2e）');

  await openIncident(page, fault.id);
  const cards = page.getByTestId('plan-card');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toHaveAttribute('data-kind', 'move_line');
  await expect(cards.nth(1)).toHaveAttribute('data-kind', 'push_downstream');
  await expect(cards.nth(2)).toHaveAttribute('data-kind', 'line_overtime');
  for (let i = 0; i < 3; i++) {
    const card = cards.nth(i);
    await card.getByTestId('plan-details').click();
    const rows = card.getByTestId('plan-order-move');
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first()).toHaveAttribute('data-subject', 'production');
    await expect(rows.first()).toContainText(workstation);
    // every production order says why: where it goes and when it is done, that it stays, or why it cannot move
    for (const why of await rows.locator('.plan-move__why').allTextContents()) expect(why).toMatch(/预计完工 \d{4}-\d{2}-\d{2}|保持不变|没有其他产线|早于服务器当前时间/);
  }
  await expect(cards.nth(0).getByTestId('plan-headline')).toContainText(/转线生产 \d+ 单 · 转运费 ¥/);
  await page.screenshot({ path: join(ARTIFACTS, 'plan-families-line.png') });

  await page.getByRole('tab', { name: '操作记录' }).click();
  const report = page.locator('[data-testid="audit-entry"][data-type="line.down"]').first();
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByTestId('audit-type')).toContainText('产线停机上报');
  await expect(report.getByTestId('audit-detail')).toContainText(`${workstation} · `);
  await expect(report.getByTestId('audit-detail')).toContainText('封边机故障（e2e）');
  await expect(report.getByTestId('audit-detail')).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
  await expect(report.getByTestId('audit-actor')).toContainText('e2e 车间');
  await page.screenshot({ path: join(ARTIFACTS, 'plan-families-audit.png') });
});

test('a missing hand-off shows its one plan: create and book the missing jobs', async ({ page }) => {
  const handoff = await incidentWhere((i) => i.cause === 'missing_handoff');
  await openIncident(page, handoff.id);
  const cards = page.getByTestId('plan-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute('data-kind', 'book_missing');
  await expect(cards.first().getByTestId('plan-headline')).toContainText(/补建并预约 \d+ 个安装工单/);
  await cards.first().getByTestId('plan-details').click();
  const rows = cards.first().getByTestId('plan-moves').locator('li');
  expect(await rows.count()).toBe(handoff.count);
  // a booked one names the crew and date with why; one that cannot be booked says why in words
  for (const why of await rows.locator('.plan-move__why').allTextContents()) expect(why).toMatch(/技能 .+ km|不可调整|无法|名额|请假|服务范围/);
});

test('a cause with no plan family says so and why, in zh-CN and English', async ({ page }) => {
  // five late orders in one district tagged 地址/尺寸问题 from the floor make one incident with no plan family
  const { points } = await rpc<{ points: Point[] }>('mapView');
  const byDistrict = new Map<string, string[]>();
  for (const p of points) if (p.causes.length === 0) byDistrict.set(p.district, [...(byDistrict.get(p.district) ?? []), p.id]);
  const [district, ids] = [...byDistrict].sort((x, y) => y[1].length - x[1].length)[0]!;
  expect(ids.length, `late orders with no cause in ${district}`).toBeGreaterThanOrEqual(5);
  for (const id of ids.slice(0, 6)) await floorPost(`/api/v1/orders/${encodeURIComponent(id)}/causes`, { cause: 'site_problem', note: '测量尺寸不符（e2e）' });
  const site_problem = await incidentWhere((i) => i.cause === 'site_problem' && i.where.district === district);

  const strip = await openIncident(page, site_problem.id);
  await expect(page.getByTestId('plan-card')).toHaveCount(0);
  const none = strip.getByTestId('plans-none');
  await expect(none).toHaveAttribute('data-code', 'no_plan_for_cause');
  await expect(none).toContainText('此类原因暂无自动方案：地址/尺寸问题。地址或尺寸需要与客户核实、现场复测');
  await expect(none).not.toContainText('no plan');
  await page.screenshot({ path: join(ARTIFACTS, 'plan-families-no-plan.png') });

  await page.getByTestId('lang-toggle').click();
  await expect(none).toContainText('No automatic plan for this cause yet: Address / measurement problem. The address or measurements must be checked');
  // the strip names the incident in the page's language, as the incident list does
  await expect(strip.locator('.plans-strip__for')).toContainText(`${district} · Address / measurement problem`);
  await page.screenshot({ path: join(ARTIFACTS, 'plan-families-no-plan-en.png') });
  await page.getByTestId('lang-toggle').click();
});
