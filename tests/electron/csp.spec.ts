// The CSP actually in force on the desk's file:// page. No response header reaches a file, so the
// page's meta tag is the policy (issue 16): no inline script or eval, no connection to anywhere
// (HTTP or WebSocket) but the page itself, no plugins, no <base>, no form posts, no remote images.
// A real HTTP + WebSocket sink started here must see nothing, and the page must report each
// violation (securitypolicyviolation events).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { expect, test } from '@playwright/test';
import { closeDesk, launchDesk, needsElectron, type DeskHandle } from './desk';

let desk: DeskHandle | null = null;
test.afterEach(async () => closeDesk(desk));

test('the file:// page obeys the narrow policy: every probe is blocked and reported, the sink sees nothing', async () => {
  needsElectron();
  const seen: string[] = [];
  const sink = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('x');
  });
  const wss = new WebSocketServer({ server: sink });
  wss.on('connection', (_socket, req) => seen.push(`WS ${req.url}`));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const origin = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
  try {
    desk = await launchDesk();
    const page = desk.window;
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^file:\/\/.*\/renderer\/index\.html/);

    const result = await page.evaluate(async (sinkOrigin) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const w = window as unknown as Record<string, unknown>;
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.head.append(inline);
      let evalResult = 'ran';
      try {
        (0, eval)('1');
      } catch (err) {
        evalResult = (err as Error).name;
      }
      const fetched = await fetch(`http://${sinkOrigin}/fetch`).then(() => 'fetched', (err: Error) => `refused: ${err.name}`);
      const socket = await new Promise<string>((resolve) => {
        try {
          const ws = new WebSocket(`ws://${sinkOrigin}/ws`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('error');
        } catch (err) {
          resolve(`refused: ${(err as Error).name}`);
        }
      });
      const object = document.createElement('object');
      object.data = `http://${sinkOrigin}/object`;
      document.body.append(object);
      const base = document.createElement('base');
      base.href = `http://${sinkOrigin}/`;
      document.head.append(base);
      const img = new Image();
      const image = await new Promise<string>((resolve) => {
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
        img.src = `http://${sinkOrigin}/img.png`;
      });
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `http://${sinkOrigin}/form`;
      document.body.append(form);
      form.submit();
      await new Promise((r) => setTimeout(r, 500));
      const baseURI = document.baseURI;
      object.remove();
      base.remove();
      form.remove();
      return { inlineRan: w.__inlineRan === true, evalResult, fetched, socket, image, baseURI, violations };
    }, origin);

    expect(result.inlineRan).toBe(false);
    expect(result.evalResult).toBe('EvalError');
    expect(result.fetched).toMatch(/^refused/);
    expect(result.socket).not.toBe('open');
    expect(result.image).toBe('blocked');
    expect(result.baseURI).toMatch(/^file:/);
    for (const directive of ['script-src-elem', 'script-src', 'connect-src', 'object-src', 'base-uri', 'img-src', 'form-action']) {
      expect(result.violations, directive).toContain(directive);
    }
    expect(seen).toEqual([]);
    // the desk itself still works under the policy
    await expect(page.getByTestId('sync-state')).toBeVisible();
  } finally {
    wss.close();
    await new Promise<void>((r) => sink.close(() => r()));
  }
});
