/**
 * One back end per data folder: two would write the same replica, outbox and demo database and
 * send the same commands twice. Browser mode takes `desk.lock` (its pid) at start and removes it
 * at exit. A lock whose pid is gone (a back end killed -9, which the supervisor restarts) is
 * taken over; a live one stops the start with one line naming the folder and that pid.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@main/cli-args';

export const LOCK_FILE = 'desk.lock';

export interface DataLock {
  file: string;
  release(): void;
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Is `pid` a running process? (EPERM: it runs under another user.) Our own pid in a lock is an earlier process's. */
function running(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const inUse = (dir: string, pid: number) =>
  new UsageError(`数据目录正被另一个后端使用 · the data folder ${dir} is in use by another DutyDesk back end (pid ${pid}): stop it, or start with another --data`);

/** Takes the data folder's lock (the folder must exist), or throws a UsageError naming the holder's pid. */
export function lockDataFolder(dir: string): DataLock {
  const file = join(dir, LOCK_FILE);
  // written whole beside the lock, then linked into place: the lock never exists without its pid
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file); // fails if a lock is there
        return { file, release: () => (readPid(file) === process.pid ? rmSync(file, { force: true }) : undefined) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readPid(file);
      if (holder !== null && running(holder)) throw inUse(dir, holder);
      takeStale(file, holder, dir);
    }
    throw new Error(`could not take the lock of the data folder ${dir} (${file})`);
  } finally {
    rmSync(mine, { force: true });
  }
}

/** Moves a stale lock aside; if what moved was another starter's fresh lock (taken since it was read), it goes back. */
function takeStale(file: string, stalePid: number | null, dir: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another starter moved it first: try again
    throw err;
  }
  const moved = readPid(aside);
  if (moved !== stalePid && moved !== null && running(moved)) {
    try {
      linkSync(aside, file);
    } finally {
      rmSync(aside, { force: true });
    }
    throw inUse(dir, moved);
  }
  rmSync(aside, { force: true });
}
