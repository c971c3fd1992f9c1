// The Electron app's desktop conventions, tested without an Electron binary: window bounds
// remembered and corrected, the native menu's shape and shortcuts, the About box's licences.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS } from '@shared/war-room';
import { aboutText, DATA_SOURCES } from '@main/electron/about';
import { menuLang, menuTemplate } from '@main/electron/menu-template';
import { fitToDisplays, readWindowState, windowStateFile, writeWindowState } from '@main/electron/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('round-trips through window-state.json in the data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-win-'));
    const file = windowStateFile(dir);
    expect(readWindowState(file)).toEqual({ state: null, problem: null });
    writeWindowState(file, { x: 10, y: 20, width: 1600, height: 900, maximized: true, fullScreen: false });
    expect(readWindowState(file).state).toEqual({ x: 10, y: 20, width: 1600, height: 900, maximized: true, fullScreen: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).width).toBe(1600);
  });

  it('ignores a malformed file, saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-win-'));
    const file = windowStateFile(dir);
    writeFileSync(file, '{"x": 1, "y": 2, "width": "wide", "height": 900}');
    const r = readWindowState(file);
    expect(r.state).toBeNull();
    expect(r.problem).toMatch(/width/);
    writeFileSync(file, 'not json');
    expect(readWindowState(file).problem).toMatch(/not valid JSON/);
  });

  it('keeps bounds that are on a display, including a second one', () => {
    const b = { x: 2000, y: 50, width: 1600, height: 900 };
    expect(fitToDisplays(b, [primary, right], primary)).toEqual(b);
  });

  it('moves off-screen bounds back onto the display they overlapped most', () => {
    // the second monitor was unplugged: the window would open where nothing is
    const fixed = fitToDisplays({ x: 2000, y: 50, width: 1600, height: 900 }, [primary], primary);
    expect(fixed).toEqual({ x: 160, y: 70, width: 1600, height: 900 });
    // title bar above the top of the screen
    const above = fitToDisplays({ x: 100, y: -500, width: 1200, height: 800 }, [primary, right], primary);
    expect(above.y).toBeGreaterThanOrEqual(0);
  });

  it('shrinks a window larger than its display to fit', () => {
    const fixed = fitToDisplays({ x: 0, y: 0, width: 3840, height: 2160 }, [primary], primary);
    expect(fixed).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('opens at the default size centred on the primary display when nothing is saved', () => {
    expect(fitToDisplays(null, [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(fitToDisplays(null, [{ x: 0, y: 0, width: 1366, height: 728 }], { x: 0, y: 0, width: 1366, height: 728 })).toEqual({ x: 0, y: 0, width: 1366, height: 728 });
  });
});

describe('native menu', () => {
  const hooks = { send: vi.fn(), about: vi.fn(), openDataFolder: vi.fn(), exportReport: vi.fn() };
  const items = (t: MenuItemConstructorOptions[]) => t.flatMap((m) => (m.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator'));

  it('is File / View / Help, 文件 / 视图 / 帮助 in Chinese (the default)', () => {
    expect(menuTemplate('zh-CN', hooks).map((m) => m.label)).toEqual(['文件', '视图', '帮助']);
    expect(menuTemplate('en', hooks).map((m) => m.label)).toEqual(['File', 'View', 'Help']);
    expect(menuLang('zh-CN')).toBe('zh-CN');
    expect(menuLang('de-DE')).toBe('zh-CN');
    expect(menuLang('en-US')).toBe('en');
  });

  it('carries every page shortcut, shown but not registered, and runs the same action', () => {
    const all = items(menuTemplate('zh-CN', hooks));
    for (const s of SHORTCUTS) {
      const item = all.find((i) => i.id === s.action);
      expect(item, s.action).toBeDefined();
      expect(item!.accelerator).toBe(s.accelerator);
      expect(item!.registerAccelerator).toBe(false);
      (item!.click as () => void)();
      expect(hooks.send).toHaveBeenLastCalledWith(s.action);
    }
  });

  it('has quit, reload, full screen, the language switch, the shift report export and About; labels are never empty', () => {
    const all = items(menuTemplate('en', hooks, 'linux'));
    expect(all.find((i) => i.id === 'quit')).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
    expect(all.find((i) => i.id === 'fullScreen')).toMatchObject({ role: 'togglefullscreen', accelerator: 'F11' });
    (all.find((i) => i.id === 'toggleLanguage')!.click as () => void)();
    expect(hooks.send).toHaveBeenLastCalledWith('toggleLanguage');
    (all.find((i) => i.id === 'about')!.click as () => void)();
    expect(hooks.about).toHaveBeenCalled();
    (all.find((i) => i.id === 'exportReport')!.click as () => void)();
    expect(hooks.exportReport).toHaveBeenCalled();
    for (const i of all) expect(i.label?.trim()).toBeTruthy();
    const accelerators = all.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('About box', () => {
  it('names the version and every base-map data source with its licence', () => {
    const zh = aboutText('0.1.0', 'zh-CN');
    expect(zh.message).toContain('0.1.0');
    for (const s of DATA_SOURCES) {
      expect(zh.detail).toContain(`${s.name} ${s.version} (${s.licence})`);
      expect(zh.detail).toContain(s.url);
    }
    expect(zh.detail).toContain('高德');
    expect(aboutText('0.1.0', 'en').detail).toContain("AMap's terms");
  });

  it('matches the versions in resources/basemap/SOURCES.md', () => {
    const sources = readFileSync(join(import.meta.dirname, '..', '..', '..', 'resources', 'basemap', 'SOURCES.md'), 'utf8');
    for (const s of DATA_SOURCES) expect(sources).toContain(`| \`${s.name}\` | ${s.version} | ${s.licence} |`);
  });
});
