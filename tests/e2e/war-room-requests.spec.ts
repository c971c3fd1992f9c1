// The desk sees the self-service page (issue 18 item 4), end to end: a customer of the simulated
// backlog opens the page's API with the code texted to them (through a local SMS gateway), reads
// their orders and asks for another installation date; on the supervisor's war room in Chromium the
// 客户申请 tab lists the request with its order under the week's usage share, which counts them, Diagnose opens the
// order, Reschedule opens the bulk re-assign dialog from the wanted date, and Mark handled lands on
// the server (read from its database); the shift report carries the figure; English second; axe.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { addDays, shanghaiDate } from '@shared/time';
import { ARTIFACTS, readServerDb } from '../support/e2e-site';
import { callDesk } from '../support/desk-process';
import { readBody, waitFor } from '../support/http-sink';
import { createToken, startBrowserMode, startServerProcess, tempDir, type Running } from '../support/processes';

let server: Running;
let desk: Running;
let sink: Server;
let db: string;
const texts: { phone: string; template: string; text: string }[] = [];
const digits = (phone: string) => phone.replace(/[\s-]/g, '').slice(-11);

test.beforeAll(async () => {
  sink = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = JSON.parse(raw) as { phone: string; template: string; text: string };
      texts.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const dir = tempDir('dd-requests-');
  db = join(dir, 'orders.sqlite');
  const token = createToken(db, 'supervisor', 'e2e 值班');
  server = await startServerProcess(db, ['--simulate', '--seed', '31', '--speed', '1', '--sms-webhook', `http://127.0.0.1:${(sink.address() as AddressInfo).port}/sms`]);
  desk = await startBrowserMode(['--server', server.url, '--token', token, '--data', join(dir, 'desk')]);
});

test.afterAll(async () => {
  await desk?.stop();
  await server?.stop();
  await new Promise((r) => sink?.close(r));
});

/** The page's API as a phone would call it, keeping the session cookie. */
async function customerAsksForADate(phone: string, orderNo: string, wanted: string): Promise<void> {
  const post = (path: string, body: object, cookie = '') =>
    fetch(`${server.url}/track/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  expect((await post('/code', { phone })).status).toBe(202);
  await waitFor(`a code texted to ${phone}`, () => texts.some((t) => t.template === 'track_code' && digits(t.phone) === phone), 30_000);
  const code = /(\d{6})/.exec(texts.filter((t) => t.template === 'track_code' && digits(t.phone) === phone).at(-1)!.text)![1]!;
  const session = await post('/session', { phone, code });
  expect(session.status).toBe(200);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const list = await fetch(`${server.url}/track/api/orders`, { headers: { cookie } });
  expect(list.status).toBe(200);
  const asked = await post('/requests', { orderNo, wanted, note: '周末家里有人' }, cookie);
  expect(asked.status, await asked.clone().text()).toBe(201);
}

test('a customer’s date-change request and page use reach the war room, and handling it reaches the server', async ({ page }) => {
  // a customer with an order not yet installed (stage 5..10), read from the server's own database
  const order = readServerDb(db, (c) => c.prepare(`SELECT id, order_no AS orderNo, customer_phone AS phone FROM orders WHERE stage BETWEEN 5 AND 10 ORDER BY order_no LIMIT 1`).get() as { id: string; orderNo: string; phone: string });
  const phone = digits(order.phone);
  const status = await callDesk<{ serverNow: string | null }>(desk.url, 'status');
  const wanted = addDays(shanghaiDate(Date.parse(status.serverNow ?? new Date().toISOString())), 4);
  await customerAsksForADate(phone, order.orderNo, wanted);

  await page.goto(desk.url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });

  await page.getByTestId('tab-requests').click();
  // the usage share heads the queue: at least this customer opened the page this week
  const counter = page.getByTestId('counter-self-service');
  await expect(counter).toHaveText(/^\d+\.\d%$/);
  expect(Number(await counter.getAttribute('data-opened'))).toBeGreaterThanOrEqual(1);
  expect(Number(await counter.getAttribute('data-customers'))).toBeGreaterThanOrEqual(Number(await counter.getAttribute('data-opened')));
  await expect(page.getByTestId('tab-requests')).toHaveText(/客户申请（\d+）/);
  const request = page.getByTestId('customer-request').filter({ hasText: order.orderNo });
  await expect(request).toHaveAttribute('data-state', 'new');
  await expect(request.getByTestId('request-wanted')).toHaveText(`希望改到 ${wanted}`);
  await expect(request).toContainText('周末家里有人');
  await page.screenshot({ path: join(ARTIFACTS, 'war-room-requests.png') });
  const axe = await new AxeBuilder({ page }).include('[data-testid="bottom-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // the order's diagnosis, then the bulk re-assign dialog from the wanted date
  await request.getByTestId('request-diagnose').click();
  await expect(page.getByTestId('diag-order-no')).toHaveText(order.orderNo);
  await page.locator('.order-drawer__close').click();
  await request.getByTestId('request-reschedule').click();
  await expect(page.getByTestId('bulk-dialog')).toBeVisible();
  await expect(page.getByTestId('bulk-dialog')).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
  await page.getByTestId('bulk-close').click();

  // handled: on the server's row, and shown handled here
  await request.getByTestId('request-handle').click();
  await expect(request).toHaveAttribute('data-state', 'handled', { timeout: 30_000 });
  const row = readServerDb(db, (c) => c.prepare(`SELECT state FROM customer_requests WHERE order_id = ?`).get(order.id) as { state: string });
  expect(row.state).toBe('handled');
  const audit = readServerDb(db, (c) => c.prepare(`SELECT actor, detail FROM audit WHERE type = 'customerRequest.handle' AND outcome = 'applied'`).get() as { actor: string; detail: string });
  expect(audit).toMatchObject({ actor: 'e2e 值班', detail: expect.stringContaining(order.orderNo) });

  // the shift report carries the figure, as a key figure of the printed report
  const report = await callDesk<{ selfService?: { opened: number; customers: number; share: number } }>(desk.url, 'shiftReport');
  expect(report.selfService?.opened).toBeGreaterThanOrEqual(1);
  await page.getByTestId('open-report').click();
  const tile = page.getByTestId('kpi-selfService');
  await expect(tile).toContainText('自助查询使用率（本周）');
  await expect(tile).toHaveAttribute('data-value', `${(report.selfService!.share * 100).toFixed(1)}%`);
  await expect(tile).toContainText(`${report.selfService!.opened}/${report.selfService!.customers} 位在途客户`);
  await page.goBack();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await page.getByTestId('tab-requests').click();

  // English second
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('tab-requests')).toHaveText(/^Customer requests/);
  await expect(page.locator('.usage__label')).toHaveText('Self-service use');
  await page.getByTestId('lang-toggle').click();
});
