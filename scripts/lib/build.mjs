// Builds the app with electron-vite when the output is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
const OUTPUTS = ['out/main/index.js', 'out/main/browser.js', 'out/main/server.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['src', 'resources', 'electron.vite.config.ts', 'package.json'];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export function buildIfStale(log = console.log) {
  const outs = OUTPUTS.map((p) => join(root, p));
  const builtAt = outs.every(existsSync) ? Math.min(...outs.map((p) => statSync(p).mtimeMs)) : 0;
  const sourcesAt = Math.max(...SOURCES.map((p) => join(root, p)).filter(existsSync).map(newest));
  if (builtAt > sourcesAt) return;
  log('构建中 · building DutyDesk (electron-vite build)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('DutyDesk: the build failed (see above); nothing was started.');
    process.exit(1);
  }
}
