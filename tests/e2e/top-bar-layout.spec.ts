// The war room's top bar at the desk sizes (issue 23, layout): at 1280×800, 1600×900 and 1920×1080,
// in zh-CN and English, every top-bar control lies inside the viewport, the order search keeps a usable
// width, and no label wraps. Boxes are measured, not pixels; a screenshot of each size is kept.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, simulatedSite } from '../support/e2e-site';

const site = simulatedSite({ prefix: 'dd-topbar-', supervisor: 'e2e 布局主管', seed: 11 });

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
];

interface Measured {
  outside: string[];
  wrapped: string[];
  searchWidth: number;
  unnamed: string[];
  barRight: number;
  scrollWidth: number;
}

/** Every visible control and text leaf of the top bar: boxes, line counts and accessible names. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const bar = document.querySelector('header.top-bar')!;
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const label = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const outside: string[] = [];
    const unnamed: string[] = [];
    for (const el of bar.querySelectorAll('a, button, input, select, summary, [tabindex]')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5) outside.push(`${label(el)} at ${Math.round(r.left)}–${Math.round(r.right)} of ${vw}`);
      const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim();
      if (!name && !(el.getAttribute('aria-labelledby') ?? '')) unnamed.push(label(el));
    }
    // text leaves: elements whose own text nodes hold text; one line is at most 1.6 line-heights tall
    const wrapped: string[] = [];
    for (const el of bar.querySelectorAll('*')) {
      if (!visible(el) || el.closest('.order-search__results, [data-testid="sync-details"], [role="menu"]')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own) continue;
      const style = getComputedStyle(el);
      const lh = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.25 : parseFloat(style.lineHeight);
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / (lh * 0.8)))).size;
      const h = range.getBoundingClientRect().height;
      if (lines > 1 || h > lh * 1.6) wrapped.push(`${label(el)} ${Math.round(h)}px tall, line ${Math.round(lh)}px`);
    }
    const search = bar.querySelector('[data-testid="order-search"]');
    return {
      outside,
      wrapped,
      unnamed,
      searchWidth: search ? search.getBoundingClientRect().width : -1,
      barRight: bar.getBoundingClientRect().right,
      scrollWidth: Math.max(bar.scrollWidth, document.documentElement.scrollWidth) - vw,
    };
  });
}

for (const lang of ['zh-CN', 'en'] as const) {
  for (const size of SIZES) {
    test(`top bar at ${size.width}×${size.height} in ${lang}: inside the screen, search usable, no wrapped label`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto(site.desk.url);
      await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
      await expect(page.getByTestId('on-duty-name')).toBeVisible();
      if (lang === 'en') {
        await page.getByTestId('lang-toggle').click();
        await expect(page.getByTestId('lang-toggle')).toHaveText('中文');
      }
      await page.screenshot({ path: join(ARTIFACTS, `top-bar-${size.width}-${lang}.png`), clip: { x: 0, y: 0, width: size.width, height: 140 } });
      const m = await measure(page);
      expect(m.outside, 'controls outside the viewport').toEqual([]);
      expect(m.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      expect(m.wrapped, 'labels on more than one line').toEqual([]);
      expect(m.unnamed, 'controls without an accessible name').toEqual([]);
      expect(m.searchWidth).toBeGreaterThanOrEqual(160);
      // the links folded away at narrow sizes are still reachable: by the menu, by keyboard
      const more = page.getByTestId('top-bar-more');
      if (await more.isVisible()) {
        await more.focus();
        await page.keyboard.press('Enter');
        const report = page.getByTestId('menu-open-report');
        await expect(report).toBeVisible();
        await expect(report).toBeFocused();
        await expect(page.getByTestId('menu-open-recon')).toBeVisible();
        const menuBox = await page.getByRole('menu').boundingBox();
        expect(menuBox!.x + menuBox!.width).toBeLessThanOrEqual(size.width);
        await page.keyboard.press('Escape');
        await expect(report).toBeHidden();
        await expect(more).toBeFocused();
      } else {
        await expect(page.getByTestId('open-report')).toBeVisible();
        await expect(page.getByTestId('open-recon')).toBeVisible();
      }
    });
  }
}
