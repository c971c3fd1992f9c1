/**
 * A packaged desk for the specs that need one. A real electron-builder output is used when there is
 * one (DUTYDESK_PACKAGED_APP, or dist/linux-unpacked/dutydesk); otherwise the Electron binary is
 * copied under the product's name (so `app.isPackaged` is true), as electron-builder does, and the
 * app is laid out in resources/app beside it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from '../support/processes';
import { ELECTRON_PATH } from './desk';

/** A packaged DutyDesk binary from electron-builder, if one was built. */
export function builtPackage(): string | null {
  if (process.env.DUTYDESK_PACKAGED_APP) return process.env.DUTYDESK_PACKAGED_APP;
  const linux = join(ROOT, 'dist', 'linux-unpacked', 'dutydesk');
  return process.platform === 'linux' && existsSync(linux) ? linux : null;
}

/** Copies Electron's folder under the product's name; returns the copy's folder and binary. */
export function copyElectron(): { appOutDir: string; binary: string } {
  if (process.platform === 'darwin') throw new Error('a macOS pack needs electron-builder: set DUTYDESK_PACKAGED_APP to DutyDesk.app/Contents/MacOS/DutyDesk');
  const appOutDir = join(tempDir('dd-electron-pack-'), 'DutyDesk');
  cpSync(dirname(ELECTRON_PATH), appOutDir, { recursive: true, verbatimSymlinks: true });
  const exe = process.platform === 'win32' ? 'electron.exe' : 'electron';
  const binary = join(appOutDir, process.platform === 'win32' ? 'DutyDesk.exe' : 'dutydesk');
  renameSync(join(appOutDir, exe), binary);
  return { appOutDir, binary };
}

/**
 * The built app in resources/app: out/, package.json, drizzle/, and node_modules whose
 * better-sqlite3 is the Electron build (a packaged app carries its own; it ignores
 * DUTYDESK_SQLITE_BINDING).
 */
export function installApp(appOutDir: string): void {
  const binding = process.env.DUTYDESK_SQLITE_BINDING;
  if (!binding) throw new Error('DUTYDESK_SQLITE_BINDING (the Electron build of better-sqlite3) is not set: run npm run test:electron');
  const app = join(appOutDir, 'resources', 'app');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  for (const part of ['out', 'drizzle', 'package.json']) cpSync(join(ROOT, part), join(app, part), { recursive: true });
  const electronSqlite = join(dirname(binding), '..', '..');
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '.bin') continue;
    symlinkSync(name === 'better-sqlite3' ? electronSqlite : join(ROOT, 'node_modules', name), join(app, 'node_modules', name), 'junction');
  }
}
