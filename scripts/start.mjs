// npm start: the Electron desk. If the Electron binary is missing or cannot start (as on offline
// machines, where it cannot be downloaded), say so in one line and start browser mode instead.
import { spawn } from 'node:child_process';
import { buildIfStale, root } from './lib/build.mjs';
import { electronBinary, electronSqliteBinding } from './lib/electron.mjs';
import { superviseBrowserMode } from './lib/supervise.mjs';
import { moveTokenToEnv } from './lib/token-env.mjs';

// a --token goes on to Electron or the back end in the environment, never in their arguments
const handed = moveTokenToEnv(process.argv.slice(2), process.env);
if (handed.warning) console.warn(handed.warning);
const args = handed.args;
buildIfStale();

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
