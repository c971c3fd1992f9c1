// npm start: the Electron desk. If the Electron binary is missing or cannot start (as on offline
// machines, where it cannot be downloaded), say so in one line and start browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, root } from './lib/build.mjs';
import { superviseBrowserMode } from './lib/supervise.mjs';
import { moveTokenToEnv } from './lib/token-env.mjs';

// a --token goes on to Electron or the back end in the environment, never in their arguments
const handed = moveTokenToEnv(process.argv.slice(2), process.env);
if (handed.warning) console.warn(handed.warning);
const args = handed.args;
buildIfStale();

function electronBinary() {
  // require('electron') resolves the binary, downloading it on first use; run it aside so a
  // failed download cannot take this launcher down, and keep its noise out of the terminal
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  return { reason: 'Electron 可执行文件缺失且无法下载 · the Electron binary is missing and cannot be downloaded' };
}

/** better-sqlite3 built for Node does not load in Electron: build an Electron copy, once. */
async function electronSqliteBinding() {
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

let fellBack = false;
function startBrowserMode(reason) {
  // Electron's 'error' and 'exit' may both report one failed start: fall back once
  if (fellBack) return;
  fellBack = true;
  console.log(`DutyDesk: ${reason} → 改用浏览器模式 · starting browser mode instead.`);
  // supervised as in npm run serve: a crashed back end comes back on the same port and key
  superviseBrowserMode({ root, args, env: handed.env });
}

async function main() {
  const found = electronBinary();
  if (!found.path) return startBrowserMode(found.reason);
  let binding;
  try {
    binding = await electronSqliteBinding();
  } catch (err) {
    return startBrowserMode(`无法为 Electron 编译 better-sqlite3 · cannot build better-sqlite3 for Electron (${err.message})`);
  }
  const startedAt = Date.now();
  const child = spawn(found.path, [root, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], env: { ...handed.env, DUTYDESK_SQLITE_BINDING: binding } });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
    process.stderr.write(d);
  });
  child.on('error', (err) => startBrowserMode(`Electron 无法启动 · Electron cannot start (${err.message})`));
  child.on('exit', (code) => {
    // a quick failure means Electron itself could not start (no display, missing libraries)
    if (code !== 0 && Date.now() - startedAt < 15_000) {
      const why = stderr.trim().split('\n').pop() || `exit code ${code}`;
      return startBrowserMode(`Electron 无法启动 · Electron cannot start (${why})`);
    }
    process.exit(code ?? 0);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

main().catch((err) => {
  console.error(`DutyDesk: ${err.message}`);
  process.exit(1);
});
