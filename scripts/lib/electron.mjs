// Finding the Electron binary and the Electron build of better-sqlite3: shared by `npm start` and
// `npm run test:electron`, so both decide "Electron is missing" the same way.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build.mjs';

export const ELECTRON_MISSING = 'Electron 可执行文件缺失且无法下载 · the Electron binary is missing and cannot be downloaded';

/** `{ path }` of the Electron binary, or `{ reason }` when it is missing and cannot be downloaded. */
export function electronBinary() {
  // require('electron') resolves the binary, downloading it on first use; run it aside so a
  // failed download cannot take this launcher down, and keep its noise out of the terminal
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  return { reason: ELECTRON_MISSING };
}

/** better-sqlite3 built for Node does not load in Electron: build an Electron copy, once. */
export async function electronSqliteBinding() {
  const version = JSON.parse(spawnSync(process.execPath, ['-p', "JSON.stringify(require('electron/package.json').version)"], { cwd: root, encoding: 'utf8' }).stdout);
  const base = join(root, '.electron-native', version);
  const binding = join(base, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.log(`为 Electron ${version} 编译 better-sqlite3 · building better-sqlite3 for Electron ${version} (once)…`);
  mkdirSync(join(base, 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), join(base, 'node_modules/better-sqlite3'), { recursive: true });
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: base, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  return binding;
}
