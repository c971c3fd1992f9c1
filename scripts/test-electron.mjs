// npm run test:electron: Playwright's Electron launcher against the built app (tests/electron,
// playwright.electron.config.ts; never part of `npm test`). Where the Electron binary is missing (it
// cannot be downloaded on offline machines) or there is no display, it prints ONE line naming the
// specs that did not run and why, and exits 0: they are not run, so nothing is reported as passed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, root } from './lib/build.mjs';
import { electronBinary, electronSqliteBinding } from './lib/electron.mjs';

const specs = readdirSync(join(root, 'tests', 'electron')).filter((f) => f.endsWith('.spec.ts')).sort();
const notRun = (why) => {
  console.log(`test:electron: ${specs.length} specs not run (${specs.join(', ')}): ${why}`);
  process.exit(0);
};

const found = electronBinary();
if (!found.path) notRun(found.reason);

// Electron on Linux needs a display: use the one there is, or xvfb-run when it is installed
let wrap = [];
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) notRun('no display (DISPLAY unset) and no xvfb-run (apt-get install xvfb)');
  wrap = ['xvfb-run', '-a'];
}

buildIfStale();
const binding = await electronSqliteBinding();
const playwright = [process.execPath, join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', 'playwright.electron.config.ts', ...process.argv.slice(2)];
const [cmd, ...args] = [...wrap, ...playwright];
const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DUTYDESK_ELECTRON_PATH: found.path, DUTYDESK_SQLITE_BINDING: binding } });
process.exit(run.status ?? 1);
