/**
 * The Electron desk for tests/electron/*.spec.ts: the built app (out/main/index.js) launched by
 * Playwright's Electron launcher with its own data folder and its own user-data folder (the single
 * instance lock lives there). Run through `npm run test:electron`, which finds the binary and the
 * Electron build of better-sqlite3 and passes them as DUTYDESK_ELECTRON_PATH / DUTYDESK_SQLITE_BINDING.
 */
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { ROOT, tempDir } from '../support/processes';

export { ROOT, tempDir };

export const ELECTRON_PATH = process.env.DUTYDESK_ELECTRON_PATH ?? '';

/** Each spec calls this first: run alone without the runner, it is skipped saying why (never passed). */
export function needsElectron(): void {
  test.skip(ELECTRON_PATH === '', 'needs the Electron binary: run npm run test:electron');
}

export interface DeskHandle {
  app: ElectronApplication;
  window: Page;
  dataDir: string;
  /** XDG_CONFIG_HOME of this desk: its user-data folder and single-instance lock are under it */
  configHome: string;
  /** everything the main process wrote to stdout and stderr */
  output(): string;
}

/** The environment of a desk process: this one's, minus a token or keys that would change its path. */
export function deskEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^DUTYDESK_(SERVER_TOKEN|ACCESS_KEY|WALL_KEY|ROOT)$/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export async function launchDesk(opts: { dataDir?: string; configHome?: string; env?: Record<string, string>; executablePath?: string; args?: string[] } = {}): Promise<DeskHandle> {
  const dataDir = opts.dataDir ?? tempDir('dd-electron-data-');
  const configHome = opts.configHome ?? tempDir('dd-electron-config-');
  const app = await electron.launch({
    executablePath: opts.executablePath ?? ELECTRON_PATH,
    // the app folder (package.json → out/main/index.js); a packaged binary needs none
    args: opts.args ?? [ROOT],
    cwd: ROOT,
    env: deskEnv({ DUTYDESK_DATA: dataDir, XDG_CONFIG_HOME: configHome, ...opts.env }),
  });
  let out = '';
  app.process().stdout?.on('data', (d: Buffer) => (out += d.toString()));
  app.process().stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const window = await app.firstWindow();
  return { app, window, dataDir, configHome, output: () => out };
}

/** Waits until the war room shows the demo site live (the default with no server configured). */
export async function waitLive(window: Page): Promise<void> {
  await expect(window.getByTestId('sync-state')).toHaveAttribute('data-state', 'live', { timeout: 120_000 });
}

export async function closeDesk(desk: DeskHandle | null): Promise<void> {
  if (!desk) return;
  await desk.app.close().catch(() => undefined);
}

export const artifact = (name: string) => join(ROOT, 'test-results', 'electron', name);
