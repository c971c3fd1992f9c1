// The customer self-service page (issue 18) on phones, against a real order server simulating a
// peak's backlog, its codes texted to a local SMS gateway: the whole flow (phone → code from the text
// → the phone's orders → one order: 12 stages, contact, expected completion, installation, tracking,
// a date-change request that reaches the server), on an iPhone in WeChat and an Android phone; the
// limits as the customer sees them (a code a minute, a wrong code, the network down); a code for one
// phone never shows another phone's orders; axe finds no serious problem on any screen.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { addDays, shanghaiDate } from '@shared/time';
import { TEXT, waitWords } from '../../src/track/text';
import { ROOT } from '../support/processes';
import { readServerDb } from '../support/e2e-site';
import { codeFor, customerAt, postOrderFor, startTrackSite, type Customer, type TrackSite } from '../support/track-site';

const WECHAT_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.48(0x18003030) NetType/WIFI Language/zh_CN';
const WECHAT_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220099 MMWEBSDK/20240301 MMWEBID/1234 MicroMessenger/8.0.48.2580(0x28003036) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

// Chromium plays each phone: its screen, touch and user agent (Playwright's descriptors, without their browser choice)
const phone = (name: 'iPhone 13' | 'Pixel 7', userAgent: string): BrowserContextOptions => {
  const { defaultBrowserType: _engine, ...d } = devices[name];
  return { ...d, userAgent, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
};
const IPHONE_WECHAT = phone('iPhone 13', WECHAT_IOS);
const ANDROID = phone('Pixel 7', devices['Pixel 7'].userAgent);
const ANDROID_WECHAT = phone('Pixel 7', WECHAT_ANDROID);

const SERVICE_LINES = (JSON.parse(readFileSync(join(ROOT, 'resources', 'service-lines.json'), 'utf8')) as { lines: { phone: string }[] }).lines.map((l) => `tel:${l.phone.replace(/-/g, '')}`);

let site: TrackSite;
/** at stage 11: shipped and delivered, installation booked; a second order posted for them at stage 1 */
let booked: Customer;
/** at a workshop stage */
let inFactory: Customer;

test.beforeAll(async () => {
  site = await startTrackSite('dd-track-', 18);
  booked = customerAt(site.db, [11]);
  await postOrderFor(site, booked.phone, 'DDTRACK0000001');
  booked.orderNos.push('DDTRACK0000001');
  inFactory = customerAt(site.db, [4, 5, 6], [booked.phone]);
});

test.afterAll(async () => {
  await site?.stop();
});

async function axe(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${name}:\n${report}`).toEqual([]);
}

/** What the browser refused on the page (a Content-Security-Policy block of the inline early request, say). */
const refusals: string[] = [];

async function openOn(browser: Browser, device: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused/i.test(m.text())) refusals.push(m.text());
  });
  await page.goto(`${site.server.url}/track`);
  return page;
}

/** Phone → code (read from the text the gateway got) → the list of that phone's orders. */
async function signIn(page: Page, customer: Customer, typed = customer.phone): Promise<void> {
  await page.getByLabel('手机号').fill(typed);
  const since = site.texts.length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('heading', { name: '验证码' })).toBeVisible();
  await expect(page.getByText(`${customer.phone.slice(0, 3)}****${customer.phone.slice(7)}`)).toBeVisible();
  await page.getByLabel('验证码').fill(await codeFor(site, customer.phone, since));
  await page.getByRole('button', { name: '查看订单' }).click();
  await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
}

const shownOrderNos = (page: Page) => page.locator('a[data-order-no]').evaluateAll((as) => as.map((a) => a.getAttribute('data-order-no')));

for (const [name, device] of [
  ['an iPhone in WeChat', IPHONE_WECHAT],
  ['an Android phone', ANDROID],
] as const) {
  test(`the whole flow on ${name}: phone, code from the text, the orders, one order, a date-change request`, async ({ browser }) => {
    const customer = name === 'an Android phone' ? inFactory : booked;
    const page = await openOn(browser, device);
    await expect(page.getByRole('heading', { name: '订单进度查询' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await axe(page, 'phone screen');
    // typed as people type it: spaces are fine
    await signIn(page, customer, `${customer.phone.slice(0, 3)} ${customer.phone.slice(3, 7)} ${customer.phone.slice(7)}`);
    expect((await shownOrderNos(page)).sort()).toEqual([...customer.orderNos].sort());
    await axe(page, 'order list');

    const orderNo = customer.orderNos[0]!;
    await page.locator(`a[data-order-no="${orderNo}"]`).click();
    await expect(page.getByRole('heading', { name: `订单号 ${orderNo}` })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/orders/${orderNo}$`));
    const stages = page.locator('ol.stages > li');
    await expect(stages).toHaveCount(12);
    const current = page.locator('ol.stages > li[aria-current="step"]');
    await expect(current).toHaveCount(1);
    const now = Number(await current.getAttribute('data-stage'));
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(now));
    // every stage before the current one is done and shows when it was reached; every stage shows its plan
    for (let no = 1; no <= 12; no++) {
      const li = stages.nth(no - 1);
      await expect(li).toContainText('计划');
      if (no < now) await expect(li).toContainText('完成');
    }
    await expect(page.getByText(/预计完成：/)).toBeVisible();
    const call = page.locator('a.call');
    expect(SERVICE_LINES).toContain(await call.getAttribute('href'));
    if (customer === booked) {
      await expect(page.locator('.slot')).toBeVisible();
      expect(await page.locator('a.track-link').getAttribute('href')).toMatch(/^https?:\/\//);
    } else {
      await expect(page.getByText('尚未发货。')).toBeVisible();
    }
    await axe(page, 'order page');

    // the date-change request reaches the server's queue of customer requests
    const wanted = addDays(shanghaiDate(Date.now()), 9);
    await page.getByRole('button', { name: '申请改期' }).click();
    await page.getByLabel('希望的安装日期').fill(wanted);
    await page.getByLabel('备注（可选）').fill('周末家里有人');
    await axe(page, 'date-change form');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect(page.getByRole('status').filter({ hasText: '已提交改期申请' })).toBeVisible();
    const rows = readServerDb(site.db, (c) => c.prepare('SELECT wanted, note, state FROM customer_requests WHERE order_no = ?').all(orderNo));
    expect(rows).toEqual([{ wanted, note: '周末家里有人', state: 'new' }]);

    // back to the list with the phone's back button, and again on a reload (the session cookie; the
    // list asked for by index.html's inline script, which the server's CSP lets run)
    await page.goBack();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/track/api/orders')).length)).toBe(1);
    await page.context().close();
    expect(refusals).toEqual([]);
  });
}

test("a code for one phone never shows another phone's orders", async ({ browser }) => {
  const other = customerAt(site.db, [2, 3], [booked.phone, inFactory.phone]);
  const page = await openOn(browser, ANDROID_WECHAT);
  await signIn(page, other);
  const shown = await shownOrderNos(page);
  expect(shown.sort()).toEqual([...other.orderNos].sort());
  for (const no of [...booked.orderNos, ...inFactory.orderNos]) expect(shown).not.toContain(no);
  // another phone's order by its number, in the address bar and on the API with this session
  await page.goto(`${site.server.url}/track#/orders/${booked.orderNos[0]}`);
  await expect(page.getByRole('alert')).toHaveText('没有找到这个订单。');
  await expect(page.locator('ol.stages')).toHaveCount(0);
  const api = await page.evaluate(async (no) => (await fetch(`/track/api/orders/${encodeURIComponent(no)}`)).status, booked.orderNos[0]!);
  expect(api).toBe(404);
  // a code texted to one phone does not open another phone's session
  await page.context().clearCookies();
  await page.goto(`${site.server.url}/track`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByLabel('手机号').fill(other.phone);
  const since = site.texts.length;
  // the other phone asked less than a minute ago: the server says so, and the customer waits
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /请求太频繁，请 \d+ (秒|分钟)后再试。/ })).toBeVisible();
  expect(site.texts.length).toBe(since);
  await page.context().close();

  // a code texted to one phone opens no session for another
  const third = customerAt(site.db, [12], [booked.phone, inFactory.phone, other.phone]);
  const before = site.texts.length;
  const post = (path: string, body: object) => fetch(`${site.server.url}/track/api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('code', { phone: third.phone })).status).toBe(202);
  const code = await codeFor(site, third.phone, before);
  const res = await post('session', { phone: other.phone, code });
  expect(res.status).toBe(401);
  expect(res.headers.getSetCookie()).toEqual([]);
});

test('the limits as the customer sees them: a code a minute, wrong codes, the network down', async ({ browser }) => {
  const customer = customerAt(site.db, [7, 8], [booked.phone, inFactory.phone]);
  const page = await openOn(browser, IPHONE_WECHAT);
  await page.getByLabel('手机号').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByLabel('手机号')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('请输入 11 位手机号（以 1 开头）。')).toBeVisible();

  await page.getByLabel('手机号').fill(customer.phone);
  const since = site.texts.length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await codeFor(site, customer.phone, since);
  // the page waits the minute itself …
  await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  // … and when asked again another way, the server's 429 and its Retry-After reach the customer
  await page.getByRole('button', { name: '换个手机号' }).click();
  await page.getByLabel('手机号').fill(customer.phone);
  const limited = page.waitForResponse((r) => r.url().endsWith('/track/api/code'));
  await page.getByRole('button', { name: '获取验证码' }).click();
  const answer = await limited;
  expect(answer.status()).toBe(429);
  const wait = Number(answer.headers()['retry-after']);
  expect(wait).toBeGreaterThan(0);
  await expect(page.getByRole('alert').filter({ hasText: `请求太频繁，请 ${waitWords(wait, TEXT.zh)}后再试。` })).toBeVisible();
  await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  await axe(page, 'phone screen with the limit');

  // the network down: the page says so
  await page.reload();
  await page.getByLabel('手机号').fill(customer.phone);
  await page.context().setOffline(true);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '网络连接失败，请检查网络后重试。' })).toBeVisible();
  await page.context().setOffline(false);
  await page.context().close();

  // the wrong-code path on the code screen: five tries, then even the right code is spent
  const page2 = await openOn(browser, ANDROID);
  const other = customerAt(site.db, [10], [booked.phone, inFactory.phone, customer.phone]);
  await page2.getByLabel('手机号').fill(other.phone);
  const before = site.texts.length;
  await page2.getByRole('button', { name: '获取验证码' }).click();
  const right = await codeFor(site, other.phone, before);
  const wrong = right === '000000' ? '111111' : '000000';
  await page2.getByLabel('验证码').fill('12a');
  await page2.getByRole('button', { name: '查看订单' }).click();
  await expect(page2.getByText('请输入短信中的 6 位数字验证码。')).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await page2.getByLabel('验证码').fill(wrong);
    await page2.getByRole('button', { name: '查看订单' }).click();
    await expect(page2.getByText('验证码不正确或已过期，请重新输入或重新获取。')).toBeVisible();
    await expect(page2.getByRole('button', { name: '查看订单' })).toBeEnabled();
  }
  await page2.getByLabel('验证码').fill(right);
  await page2.getByRole('button', { name: '查看订单' }).click();
  await expect(page2.getByText('验证码不正确或已过期，请重新输入或重新获取。')).toBeVisible();
  await expect(page2.getByRole('heading', { name: '我的订单' })).toHaveCount(0);
  await axe(page2, 'code screen with an error');
  await page2.context().close();
});

test('the page is a small bundle of its own: ≤ 50 KB compressed, one file, none of the desk renderer in it', () => {
  const dir = join(ROOT, 'out', 'track');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
  const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  expect(gz).toBeLessThanOrEqual(50 * 1024);
  // script and style inline: the page costs one request (and the orders' answer) on a slow network
  expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['index.html']);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*stylesheet/);
  expect(html).not.toMatch(/react|leaflet|echarts|ZodError/i);
});
