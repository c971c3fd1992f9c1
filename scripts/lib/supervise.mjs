// The browser-mode supervisor (docs/decisions/0026): runs out/main/browser.js as a child and
// restarts it after an abnormal exit (a crash, kill -9, an uncaught exception) with the same data
// folder, port and keys, so an open page reconnects by itself. The outbox is on disk, so nothing the
// supervisor accepted is lost; what was pending is sent after the restart, exactly once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { moveTokenToEnv } from './token-env.mjs';

/** Exit codes that mean "do not try again": clean exit, and a usage error (exit 2) would repeat. */
const FINAL_CODES = new Set([0, 2]);
/** Restart delay: 0.5 s doubling to 30 s; a child that stayed up this long resets the count. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const STABLE_MS = 60_000;
/** A back end that never came up this many times in a row is a crash loop, not a crash. */
const MAX_FAILED_STARTS = 5;
/** How long the orphans of a dead back end (the demo order server) get to stop on SIGTERM. */
const ORPHAN_GRACE_MS = 12_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isWindows = process.platform === 'win32';

/** The child's argv with --port set to `port` (the one the first start got). */
export function withPort(args, port) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') i++;
    else if (!args[i].startsWith('--port=')) out.push(args[i]);
  }
  return [...out, '--port', String(port)];
}

export function restartDelayMs(consecutive) {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, consecutive - 1));
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The back end leads its own process group (detached), so what it started (the embedded demo order
 * server) can be stopped with it: otherwise an orphaned demo server would hold its database while
 * the restarted back end starts another one on the same file.
 */
async function endOrphans(pid) {
  if (isWindows || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (const end = Date.now() + ORPHAN_GRACE_MS; groupAlive(pid) && Date.now() < end; ) await sleep(100);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
}

/**
 * Runs browser mode supervised until it exits cleanly or is stopped; then exits this process with
 * its code. `args` are browser.js's flags; a `--token` among them reaches the back end in its
 * environment instead (scripts/lib/token-env.mjs).
 */
export function superviseBrowserMode({ root, args: given, env: baseEnv = process.env, log = (line) => console.log(line) }) {
  const entry = join(root, 'out/main/browser.js');
  const handed = moveTokenToEnv(given, baseEnv);
  if (handed.warning) console.warn(handed.warning);
  const args = handed.args;
  // fixed for the supervisor's lifetime: a page holding the key must be let in after a restart
  const env = {
    ...handed.env,
    DUTYDESK_ACCESS_KEY: process.env.DUTYDESK_ACCESS_KEY || randomBytes(24).toString('base64url'),
    DUTYDESK_WALL_KEY: process.env.DUTYDESK_WALL_KEY || randomBytes(24).toString('base64url'),
  };
  let childArgs = args;
  let child = null;
  let stopping = false;
  let restarts = 0;
  let consecutive = 0; // abnormal exits since the last stable run
  let failedStarts = 0; // abnormal exits before the back end was listening, in a row
  let restarting = false; // between a crash and the next start

  function start(previous) {
    const proc = spawn(process.execPath, [entry, ...childArgs], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: !isWindows });
    child = proc;
    let listeningAt = 0;
    if (previous) log(`DutyDesk 守护 · supervisor: ${previous} → restart ${restarts}: back end pid ${proc.pid}`);
    else log(`DutyDesk 守护 · supervisor pid ${process.pid}: back end pid ${proc.pid}`);
    proc.on('message', (msg) => {
      if (msg?.type !== 'dutydesk.listening' || !Number.isInteger(msg.port)) return;
      listeningAt = Date.now();
      failedStarts = 0;
      childArgs = withPort(args, msg.port); // a restart takes the same port, so the page's URL stays right
    });
    proc.on('error', (err) => log(`DutyDesk 守护 · supervisor: cannot start the back end: ${err.message}`));
    proc.on('exit', (code, signal) => void exited(proc, code, signal, listeningAt));
  }

  async function exited(proc, code, signal, listeningAt) {
    child = null;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping || (signal === null && FINAL_CODES.has(code))) {
      await endOrphans(proc.pid);
      process.exit(code ?? (signal ? 1 : 0));
    }
    restarting = true;
    if (listeningAt === 0) failedStarts += 1;
    if (listeningAt !== 0 && Date.now() - listeningAt >= STABLE_MS) consecutive = 0;
    consecutive += 1;
    if (failedStarts >= MAX_FAILED_STARTS) {
      log(`DutyDesk 守护 · supervisor: the back end failed ${failedStarts} times before it was up (last: ${how}); giving up`);
      await endOrphans(proc.pid);
      process.exit(1);
    }
    const delay = restartDelayMs(consecutive);
    await endOrphans(proc.pid);
    for (const end = Date.now() + delay; Date.now() < end && !stopping; ) await sleep(50);
    if (stopping) process.exit(0);
    restarting = false;
    restarts += 1;
    start(`back end pid ${proc.pid} ended abnormally (${how}), restarted after ${(delay / 1000).toFixed(1)} s with the same port and key`);
  }

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    if (!child) {
      if (!restarting) process.exit(0);
      return; // the restart loop sees `stopping` once the dead back end's orphans are gone
    }
    child.kill(signal);
    // the back end exits within ~10 s on SIGTERM; do not hang the terminal if it cannot
    setTimeout(() => child?.kill('SIGKILL'), 15_000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  start(null);
}
