/** Where things live: the app's root (for built assets and migrations) and the data folder. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found by walking up from this module (works bundled too). */
export function appRoot(): string {
  if (process.env.DUTYDESK_ROOT) return resolve(process.env.DUTYDESK_ROOT);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the DutyDesk app root (package.json with drizzle/) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The platform's app-data folder for DutyDesk; `DUTYDESK_DATA` overrides it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DUTYDESK_DATA) return resolve(env.DUTYDESK_DATA);
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'DutyDesk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'DutyDesk');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'DutyDesk');
}
