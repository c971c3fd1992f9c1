/**
 * The window's size and position, remembered in `window-state.json` in the data folder (validated
 * with zod; a missing, unreadable or malformed file means the default). Bounds that no longer fit
 * any display (a monitor unplugged, a resolution changed) are moved back onto the nearest one.
 * No electron import: displays are passed in, so this is unit tested without an Electron binary.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowState = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(200).max(20000),
    height: z.number().int().min(150).max(20000),
    maximized: z.boolean().default(false),
    fullScreen: z.boolean().default(false),
  })
  .strict();
export type WindowState = z.infer<typeof WindowState>;

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_SIZE = { width: 1024, height: 640 };
const DEFAULT_SIZE = { width: 1920, height: 1080 };
/** at least this much of the title bar must be on a display for the window to count as visible */
const VISIBLE_MARGIN = 80;

export function windowStateFile(dataDir: string): string {
  return join(dataDir, WINDOW_STATE_FILE);
}

/** The saved state, or null (and why) when there is none usable. */
export function readWindowState(file: string): { state: WindowState | null; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { state: null, problem: code === 'ENOENT' ? null : `${file}: ${(err as Error).message}` };
  }
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, problem: null };
    return { state: null, problem: `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  } catch {
    return { state: null, problem: `${file}: not valid JSON` };
  }
}

/** Writes atomically (temp file + rename), so a crash mid-write leaves the previous state. */
export function writeWindowState(file: string, state: WindowState): void {
  const value = WindowState.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${file}.tmp`, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether the window's title bar strip is reachable on some display. */
function titleBarVisible(b: Rect, areas: readonly Rect[]): boolean {
  const bar: Rect = { x: b.x, y: b.y, width: b.width, height: 32 };
  return areas.some((a) => {
    const w = Math.min(bar.x + bar.width, a.x + a.width) - Math.max(bar.x, a.x);
    return w >= Math.min(VISIBLE_MARGIN, bar.width) && bar.y >= a.y && bar.y < a.y + a.height - 32;
  });
}

/**
 * The bounds to open with: the saved ones if their title bar is on a display; otherwise the same
 * size (shrunk to fit) centred on the display they overlap most (or the primary). With no saved
 * state: the default size fitted to the primary display, centred.
 */
export function fitToDisplays(saved: Rect | null, workAreas: readonly Rect[], primary: Rect): Rect {
  const fit = (size: { width: number; height: number }, area: Rect): Rect => {
    const width = Math.max(Math.min(MIN_SIZE.width, area.width), Math.min(size.width, area.width));
    const height = Math.max(Math.min(MIN_SIZE.height, area.height), Math.min(size.height, area.height));
    return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
  };
  if (!saved) return fit(DEFAULT_SIZE, primary);
  if (titleBarVisible(saved, workAreas) && workAreas.some((a) => saved.width <= a.width + 16 && saved.height <= a.height + 16)) return saved;
  let best = primary;
  let bestOverlap = 0;
  for (const a of workAreas) {
    const o = overlap(saved, a);
    if (o > bestOverlap) {
      best = a;
      bestOverlap = o;
    }
  }
  return fit(saved, best);
}
