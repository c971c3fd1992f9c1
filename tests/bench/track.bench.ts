/// <reference lib="dom" />
/**
 * The customer page's figures (issue 18), measured in Chromium on a throttled mobile profile set
 * over the DevTools protocol (1.6 Mbps down, 750 kbps up, 150 ms round trip, 4× CPU slowdown, no
 * cache), each beside the desk's renderer bundle loaded the same way in the same run:
 * - track.lcp.ms: a customer with a live session opens an order's link (/track#/orders/<orderNo>) on
 *   a real order server simulating a peak's backlog → Largest Contentful Paint, as Chromium reports it
 *   (PerformanceObserver, read over the protocol); median of RUNS cold loads. Goal ≤ 1,200.
 *   Baseline: the desk's built renderer (out/renderer, its war room fed by the map bench's desk API
 *   stand-in with the customer's orders) from a local static server.
 * - track.bytes.kb: every response the page loaded (HTML, script, style, API answers), each gzipped
 *   (level 9: what a compressing server sends), summed; the baseline the same over the renderer's load.
 * `npm run build` first.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, devices, type Browser, type Page } from '@playwright/test';
import { DESK_METHODS } from '@shared/contract';
import { TRACK_COOKIE } from '@shared/track';
import { customerAt, sessionCookie, startTrackSite } from '../support/track-site';
import type { Benchmark, Figure } from './harness';
import { installFakeDesk } from './warroom-browser-page';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNS = 5;
/** the profile: 1.6 Mbps down, 150 ms round trip, 4× CPU slowdown */
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
/** tsx compiles with keepNames: the functions handed to the page call __name, which the page must have */
const NAME_SHIM = 'window.__name = (f) => f;';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

interface Load {
  lcp: number;
  /** when the order's stages (or the war room's map with its points) entered the DOM */
  content: number;
  gzBytes: number;
}

/** out/renderer over HTTP, gzipped as the order server sends /track (a fair baseline: both compressed). */
function serveRenderer(): Promise<Server> {
  const dir = join(ROOT, 'out', 'renderer');
  const zipped = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      return res.end();
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.writeHead(200, { 'Content-Type': type });
      return void createReadStream(file).pipe(res);
    }
    let body = zipped.get(file);
    if (!body) zipped.set(file, (body = gzipSync(readFileSync(file))));
    res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Records every LCP candidate and when `selector` first entered the DOM (installed before the page's own scripts). */
function watch(selector: string): void {
  const w = window as unknown as { __lcp: number; __content: number };
  w.__lcp = 0;
  w.__content = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__lcp = Math.max(w.__lcp, e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const seen = () => {
    if (!w.__content && document.querySelector(selector)) w.__content = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

/** One cold load of `url` under the profile; `ready` is what must be on the page before LCP is read. */
async function load(page: Page, url: string, ready: string): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const bodies: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.status() === 200) bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  });
  await page.addInitScript(watch, ready);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  // LCP candidates stop with the first input; until then, let the page settle so the last one is in
  await page.waitForTimeout(1_500);
  const read = async (expression: string) => ((await cdp.send('Runtime.evaluate', { expression, returnByValue: true })).result.value as number) ?? 0;
  const lcp = await read('window.__lcp');
  const content = await read('window.__content');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
  const gzBytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  return { lcp, content, gzBytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const mobile = () => {
  const { defaultBrowserType: _engine, ...pixel } = devices['Pixel 7'];
  return { ...pixel, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
};

async function measureTrack(browser: Browser): Promise<Load[]> {
  const site = await startTrackSite('dd-track-bench-', 18);
  try {
    const customer = customerAt(site.db, [11]);
    const cookie = await sessionCookie(site, customer.phone);
    const origin = new URL(site.server.url);
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(mobile());
      await context.addInitScript(NAME_SHIM);
      await context.addCookies([{ name: TRACK_COOKIE, value: cookie, domain: origin.hostname, path: '/track', httpOnly: true, sameSite: 'Strict', secure: false }]);
      // the page's own note that a session is live (a returning customer's browser has it)
      await context.addInitScript(() => localStorage.setItem('dd_track_until', String(Date.now() + 600_000)));
      const page = await context.newPage();
      loads.push(await load(page, `${site.server.url}/track#/orders/${encodeURIComponent(customer.orderNos[0]!)}`, 'ol.stages'));
      await context.close();
    }
    return loads;
  } finally {
    await site.stop();
  }
}

async function measureRenderer(browser: Browser, orders: number): Promise<Load[]> {
  const server = await serveRenderer();
  try {
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(mobile());
      await context.addInitScript(NAME_SHIM);
      await context.addInitScript(installFakeDesk, orders);
      // the stand-in answers the war room's calls; any other method of the contract refuses, as a desk without it would
      await context.addInitScript((methods: readonly string[]) => {
        const api = (window as unknown as { dutydesk: Record<string, unknown> }).dutydesk;
        for (const m of methods) api[m] ??= () => Promise.reject(new Error(`bench: ${m} not served`));
        (window as unknown as { __releaseSnapshot: () => void }).__releaseSnapshot();
      }, DESK_METHODS);
      const page = await context.newPage();
      loads.push(await load(page, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, '[data-testid="war-map"][data-overdue-dots="1"]'));
      await context.close();
    }
    return loads;
  } finally {
    server.close();
  }
}

let measured: Promise<{ track: Load[]; desk: Load[] }> | null = null;

function measureAll(): Promise<{ track: Load[]; desk: Load[] }> {
  measured ??= (async () => {
    for (const built of [join(ROOT, 'out', 'track', 'index.html'), join(ROOT, 'out', 'renderer', 'index.html'), join(ROOT, 'out', 'main', 'server.js')]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
    try {
      const track = await measureTrack(browser);
      const desk = await measureRenderer(browser, 2);
      return { track, desk };
    } finally {
      await browser.close();
    }
  })();
  return measured;
}

const figure = (pick: (m: { track: Load[]; desk: Load[] }) => Figure) => async (): Promise<Figure> => pick(await measureAll());

export const trackBenchmarks: Benchmark[] = [
  {
    name: 'track.lcp.ms',
    run: figure(({ track, desk }) => ({
      value: median(track.map((l) => l.lcp)),
      baseline: median(desk.map((l) => l.lcp)),
      unit: 'ms',
      note: `LCP of an order's page with a session, median of ${RUNS} cold loads, 1.6 Mbps / 150 ms RTT / 4× CPU (CDP); its stages in the DOM at ${Math.round(median(track.map((l) => l.content)))} ms; baseline = the desk's renderer loaded the same way (war map with the points at ${Math.round(median(desk.map((l) => l.content)))} ms); goal ≤ 1,200`,
    })),
  },
  {
    name: 'track.bytes.kb',
    run: figure(({ track, desk }) => ({
      value: median(track.map((l) => l.gzBytes)) / 1024,
      baseline: median(desk.map((l) => l.gzBytes)) / 1024,
      unit: 'KB',
      note: "every response of the order page's load (HTML, JS, CSS, API), gzip -9, in KB; baseline = the desk's renderer load; goal ≤ 50",
    })),
  },
];
